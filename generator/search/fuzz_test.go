package search

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize checks the tokenizer on any text: it never panics, every
// token is non-empty UTF-8, and the same text always gives the same
// tokens (the index and the query must agree).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"关于印发《示范区教育工会2021年工作要点》的通知",
		"索引号：00001434-9/2021-00031 文号：示教工〔2021〕4号",
		"徐工教[2018]2号 徐工教［2018］2号 91320300MA1MXXXX0X/2024-00001",
		"组织开展冬季送温暖走访，负责人：王晓明（各基层工会）",
		"Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ １２３ ﬁ ㍿ ①②",
		"𠀀𠀁𪚥 〇 ○ e\u0301 \u200b\u00a0\u3000",
		"\xff\xfe invalid \xc3",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		for _, tk := range toks {
			if tk == "" {
				t.Fatalf("empty token from %q", s)
			}
			if !utf8.ValidString(tk) {
				t.Fatalf("token %q is not UTF-8", tk)
			}
		}
		if again := Tokenize(s); !slices.Equal(toks, again) {
			t.Fatalf("tokens differ between two runs of %q", s)
		}
		n := NormalizeNumber(s)
		if !utf8.ValidString(n) {
			t.Fatalf("NormalizeNumber(%q) = %q is not UTF-8", s, n)
		}
	})
}
