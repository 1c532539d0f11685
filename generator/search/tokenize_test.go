package search

import (
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite testdata/tokenizer_vectors.json from the Go tokenizer")

const vectorsFile = "testdata/tokenizer_vectors.json"

type vector struct {
	Text   string   `json:"text"`
	Tokens []string `json:"tokens"`
	Plan   []string `json:"plan,omitempty"` // tokens a query looks up
}

// vectorTexts are the inputs of the shared vectors; -update recomputes
// their tokens, which were checked by hand.
var vectorTexts = []struct {
	text string
	plan bool
}{
	{"", true},
	{"工会", true},
	{"会", true},
	{"教职工代表大会", true},
	{"关于2024年工会工作要点的通知", true},
	{"Hello World", true},
	{"ＡＢＣ１２３　工会", true},
	{"徐工教〔2018〕2号", true},
	{"徐工教[2018]2号", true},
	{"徐工教［2018］2号", true},
	{"徐工教【2018】2号", true},
	{"徐工教（2018）12号", true},
	{"示教工字 〔 2024 〕 3 号", true},
	{"〔2018〕2号文", true},
	{"根据徐工教〔2018〕2号文件精神", true},
	{"00001434-9/2018-00055", true},
	{"索引号：00001434-9/2018-00055", true},
	{"ABCDEFGH-X/2024-00001", true},
	{"2018-00055", true},
	{"2018-2020年", true},
	{"电话：0516-83881234", true},
	{"😀工会🎉", true},
	{"Ελληνικά Кириллица", true},
	{"İSTANBUL ΣΟΦΊΑ", true},
	{"café cafe\u0301", true},
	{"〇一二", true},
	{"①②③ Ⅻ", true},
	{"ﬁle ㈱会社", true},
	{"第３条　规定", true},
	{"a ab abc", true},
	{"𠀀𠀁𠀂", true},
	{"豈更", true},
	{"  \t\n ", true},
	{"A-B/C 1.5% “工会”", true},
	{"abcdefghijklmnopqrstuvwxyz0123456789abc", true},
	{"abc2018 x\u0308y", true},
	{"ひらがなカタカナ 한국어", true},
	{"٣٤٥ ۱۲", true},
	{"a\u200db", true},
	{"教育工会2024年度工作总结（草案）", true},
	{"\u3400\u4DBF\u4E00\u9FFF\uFA0E\U00020000\U0003134A\U0002F800 \u3006\u3005\u33FF\u4DC0\uA000", true},
	{"a\u0085b\uFEFFc\u200Bd\u2028e\u3000f\u00A0g\u180Eh", true},
	{"ＩＮＤＥＸ：ＡＢＣＤ１２３４－５／２０２４－００１２３", true},
	{"constructor toString __proto__ hasOwnProperty", true},
	{"工会……经费‼ ℃㎡ ⑴㈠ 2018…-00055", true},
}

// planTokens mirrors plan() of search.js: the tokens a query looks up,
// those that put a document first, and the whole-query probe.
func planTokens(q string) (req, exact []string, probe string) {
	var t tokenizer
	t.add(q, 0)
	cov := map[int32]bool{}
	for _, m := range t.matches {
		for i := m.from; i < m.to; i++ {
			cov[i] = true
		}
	}
	seen := map[string]bool{}
	want := func(s string) {
		if !seen[s] {
			seen[s] = true
			req = append(req, s)
		}
	}
	for i := range t.toks {
		k := &t.toks[i]
		s, run, kind := t.str(k), k.aux, uint8(tkGram)
		if k.key&tagMax == tagStr {
			run, kind = t.strs[k.aux].run, t.strs[k.aux].kind
		}
		if run < 0 {
			want(s)
			if kind != tkTail {
				exact = append(exact, s)
			}
			continue
		}
		if cov[run] {
			continue
		}
		p, n := &t.pieces[run], int32(utf8.RuneCountInString(s))
		var ok bool
		switch {
		case p.kind == pkHan:
			ok = p.n == 1 || n == 2
		case p.n <= 2:
			ok = n == p.n
		case p.n <= maxWord:
			ok = kind == tkWord
		default:
			ok = n == 2
		}
		if ok {
			want(s)
		}
	}
	if len(req) > 24 {
		req = req[:24]
	}
	probe = NormalizeNumber(q)
	if !strings.ContainsAny(probe, "0123456789") || seen[probe] {
		probe = ""
	}
	if probe != "" {
		exact = append(exact, probe)
	}
	return req, exact, probe
}

func TestTokenizerVectors(t *testing.T) {
	if *update {
		var vs []vector
		for _, c := range vectorTexts {
			v := vector{Text: c.text, Tokens: Tokenize(c.text)}
			if v.Tokens == nil {
				v.Tokens = []string{}
			}
			if c.plan {
				v.Plan, _, _ = planTokens(c.text)
				if v.Plan == nil {
					v.Plan = []string{}
				}
			}
			vs = append(vs, v)
		}
		var b strings.Builder
		b.WriteString("[\n")
		for i, v := range vs {
			line, _ := json.Marshal(v)
			b.Write(line)
			if i < len(vs)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]\n")
		if err := os.WriteFile(vectorsFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range readVectors(t) {
		if got := Tokenize(v.Text); !slices.Equal(got, v.Tokens) {
			t.Errorf("Tokenize(%q)\n got  %q\n want %q", v.Text, got, v.Tokens)
		}
		if v.Plan != nil {
			if got, _, _ := planTokens(v.Text); !slices.Equal(got, v.Plan) {
				t.Errorf("plan(%q)\n got  %q\n want %q", v.Text, got, v.Plan)
			}
		}
	}
}

func readVectors(t testing.TB) []vector {
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 20 {
		t.Fatalf("only %d vectors", len(vs))
	}
	return vs
}

// Hand-checked expectations, independent of the vectors file.
func TestTokenizeRules(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"工会", []string{"工", "工会", "会"}},
		{"ＡＢ１", []string{"a", "ab", "b", "b1", "1", "ab1"}},
		{"工会，ＯＫ", []string{"工", "工会", "会", "o", "ok", "k"}},
		{"徐工教［2018］2号", []string{"徐", "徐工", "工", "工教", "教", "2", "20", "0", "01", "1", "18", "8", "2018", "2", "号", "徐工教[2018]2号", "[2018]2号"}},
		{"9/2018-00055", []string{"9", "2", "20", "0", "01", "1", "18", "8", "2018", "0", "00", "0", "00", "0", "05", "5", "55", "5", "00055", "9/2018-00055", "2018-00055"}},
		{"😀", nil},
		{"İ", []string{"i"}},
	}
	for _, c := range cases {
		if got := Tokenize(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	for _, q := range []string{"徐工教[2018]2号", "徐工教〔2018〕2号", "徐工教［2018］2号", " 徐工教 【2018】 2号"} {
		req, exact, _ := planTokens(q)
		if !slices.Equal(req, []string{"徐工教[2018]2号", "[2018]2号"}) || !slices.Equal(exact, []string{"徐工教[2018]2号"}) {
			t.Errorf("plan(%q) = %q, exact %q", q, req, exact)
		}
	}
	if req, exact, _ := planTokens("2018-00055"); !slices.Equal(req, []string{"2018-00055"}) || !slices.Equal(exact, req) {
		t.Errorf("plan(2018-00055) = %q, exact %q", req, exact)
	}
	if got := NormalizeNumber(" 徐工教［2018］2 号"); got != "徐工教[2018]2号" {
		t.Errorf("NormalizeNumber = %q", got)
	}
}

// referenceTokenize normalizes the whole text with the normalizer before
// scanning, as search.js does; the fast paths must give the same.
func referenceTokenize(text string) []string {
	var t tokenizer
	bmpOnce.Do(initTables)
	t.scan(norm.NFKC.String(text), true)
	out := make([]string, len(t.toks))
	for i := range t.toks {
		out[i] = t.str(&t.toks[i])
	}
	return out
}

func TestFastPathsAgree(t *testing.T) {
	alphabet := []rune("工会号〔〕［］【】（）()[]-/ 　，。：ａＡ１１aZ9Ω\u0301\u0308e\u3099か\uFF76\uFF9E가\u11A8ﬁ㈱①Ⅻ豈𠀀\U0002F800😀İ\u200d\t…‥‼⁇︙℃㎡㈠⑴¨´\u00A8")
	r := rng(1)
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.intn(12); n > 0; n-- {
			b.WriteRune(alphabet[r.intn(len(alphabet))])
		}
		s := b.String()
		if got, want := nfkc(s), norm.NFKC.String(s); got != want {
			t.Fatalf("nfkc(%q) = %q, want %q", s, got, want)
		}
		if got, want := Tokenize(s), referenceTokenize(s); !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q) = %q, reference %q", s, got, want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, c := range vectorTexts {
		f.Add(c.text)
	}
	f.Add("\xff\xfe工\x80会")
	f.Fuzz(func(t *testing.T, s string) {
		a := Tokenize(s)
		for _, tok := range a {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q in %q", tok, a)
			}
		}
		if b := Tokenize(s); !slices.Equal(a, b) {
			t.Fatalf("not deterministic: %q vs %q", a, b)
		}
		if utf8.ValidString(s) {
			if ref := referenceTokenize(s); !slices.Equal(a, ref) {
				t.Fatalf("Tokenize(%q) = %q, reference %q", s, a, ref)
			}
		}
		planTokens(s)
	})
}
