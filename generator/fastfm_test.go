package generator

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// fastFrontMatterCases are front matters the fast decoder must read
// exactly as the TOML decoder does (fast true), or leave to it (fast
// false). FuzzFastFrontMatter starts from them too.
var fastFrontMatterCases = []struct {
	name  string
	front string
	fast  bool
}{
	{"empty", "", true},
	{"blank lines and comments", "\n# 注释\n  \t\n\t# indented comment\n", true},
	{"typical", "title = \"关于印发《2024年工作要点》的通知\"\nindex = \"00001434-9/2024-00001\"\nissuer = \"测试区教育工会\"\ndate = 2024-03-18\ncategory = \"年度计划总结\"\n", true},
	{"every key", "title = \"t\"\nindex = \"i\"\nissuer = \"is\"\ndate = 2024-02-29\ncategory = \"c\"\ngenre = \"g\"\nnumber = \"示工〔2024〕1号\"\nkeywords = [\"a\", \"b\"]\nsummary = \"s\"\nslug = \"x-1\"\ndraft = true\nschedule_note = \"n\"\n", true},
	{"keys out of order", "date = 2024-03-18\ncategory = \"c\"\ntitle = \"t\"\n", true},
	{"escapes", `title = "\u4e2d\U0001F600 \"q\" \\ \t\n\r \u0009\u000A\u000D"` + "\n", true},
	{"Latin-1 characters", "title = \"阿依古丽·买买提 \u00a0×\"\nsummary = \"\\u00B7 \u00b7\\n\"\n", true},
	{"escaped quote at the end", `title = "a\""` + "\n", true},
	{"trailing comment", "title = \"a\" # 说明 \"x\"\ndate = 2024-03-18 # 发文日期\nkeywords = [\"a\"]#c\n", true},
	{"comment right after a value", "title = \"a\"#c\n", true},
	{"tabs", "\ttitle\t=\t\"a\tb\"\t\n", true},
	{"no spaces", "title=\"a\"\n", true},
	{"no final newline", "title = \"a\"", true},
	{"empty arrays", "keywords = []\n[[schedule]]\nmonths = [ ]\nitem = \"x\"\n", true},
	{"trailing comma", "keywords = [\"a\", \"b\",]\n", true},
	{"hash in a string", "title = \"第#1号\"\n", true},
	{"draft false", "draft = false\n", true},
	{"date as a string", "date = \"2024-03-18\"\n", true},
	{"schedule", "[[schedule]]\nmonth = 1\nitem = \"a\"\nowner = \"b\"\nday = 2024-01-05\n\n[[schedule]]\nmonths = [7, 8]\nitem = \"c\"\n", true},
	{"attachments", "[[attachments]]\ntitle = \"附件1\"\nfile = \"files/a.pdf\"\n[[attachments]]\ntitle = \"no file\"\n  [[attachments]]  # indented\n  file = \"files/b.pdf\"\n", true},
	{"tables interleaved", "[[schedule]]\nmonth = 3\n[[attachments]]\nfile = \"a\"\n[[schedule]]\nmonth = 4\n", true},
	{"empty table", "[[schedule]]\n", true},
	{"comments without a space", "draft = true#c\n[[schedule]]#c\nmonth = 1#c\nmonths = [1,2]#c\nday = 2024-01-05#c\n", true},
	{"spaces in arrays", "keywords = [ \"a\" , \"b\" ]\n[[schedule]]\nmonths = [1 ,2] # x\n", true},
	{"date with trailing blanks", "date = 2024-03-18  \t\n", true},
	{"year zero", "date = 0000-01-01\n", true},
	{"nine digits", "[[schedule]]\nmonth = 999999999\n", true},
	{"zero month", "[[schedule]]\nmonth = 0\n", true},
	{"month out of range", "[[schedule]]\nmonth = 13\n", true},
	{"characters beside the noncharacters", "title = \"\uFFFD\uFFEE\uFFBF，\"\nsummary = \"\\uFFFD\\uFFFD\"\n", true},
	{"characters beside the other noncharacters", "title = \"\uFDCF\uFDF0\U0001FFFD\U0001FFBE\U0001EFFE\U000EFFFD\U0010FFFD 𠀀😀\"\nsummary = \"\\uFDCF\\uFDF0\\U0002FFFD\\U0010FFFD\"\n", true},

	{"literal string", "title = 'a'\n", false},
	{"multi-line string", "title = \"\"\"a\nb\"\"\"\n", false},
	{"multi-line array", "keywords = [\n  \"a\",\n]\n", false},
	{"inline table", "title = {a = 1}\n", false},
	{"float", "[[schedule]]\nmonth = 1.5\n", false},
	{"signed integer", "[[schedule]]\nmonth = +1\n", false},
	{"leading zero", "[[schedule]]\nmonth = 01\n", false},
	{"underscore", "[[schedule]]\nmonth = 1_0\n", false},
	{"hex", "[[schedule]]\nmonth = 0x1\n", false},
	{"datetime", "date = 2024-03-18T08:00:00\n", false},
	{"date and time with a space", "date = 2024-03-18 08:00:00\n", false},
	{"offset datetime", "date = 2024-03-18T08:00:00+08:00\n", false},
	{"impossible date", "date = 2023-02-29\n", false},
	{"date without leading zeros", "date = 2024-3-18\n", false},
	{"dotted key", "title.x = \"a\"\n", false},
	{"quoted key", "\"title\" = \"a\"\n", false},
	{"unknown key", "titel = \"a\"\n", false},
	{"capitalised key", "Title = \"a\"\n", false},
	{"two spellings of a key", "draft = true\nDraft = false\n", false},
	{"capitalised table", "[[Schedule]]\nmonth = 1\n", false},
	{"capitalised key in a row", "[[attachments]]\nFile = \"a\"\n", false},
	{"key in the wrong table", "[[attachments]]\nitem = \"a\"\n", false},
	{"duplicate key", "title = \"a\"\ntitle = \"b\"\n", false},
	{"duplicate key in a row", "[[schedule]]\nmonth = 1\nmonth = 2\n", false},
	{"wrong type", "title = 5\n", false},
	{"mixed array", "keywords = [\"a\", 1]\n", false},
	{"unclosed string", "title = \"a\n", false},
	{"unclosed array", "keywords = [\"a\"\n", false},
	{"two values", "title = \"a\" \"b\"\n", false},
	{"missing value", "title =\n", false},
	{"missing equals", "title \"a\"\n", false},
	{"plain table", "[schedule]\nmonth = 1\n", false},
	{"spaced header", "[[ schedule ]]\n", false},
	{"unknown table", "[[extra]]\n", false},
	{"array of tables as a value", "schedule = []\n", false},
	{"surrogate escape", `title = "\ud800"` + "\n", false},
	{"unknown escape", `title = "\q"` + "\n", false},
	{"hex escape", `title = "\x41"` + "\n", false},
	{"control character", "title = \"a\x01b\"\n", false},
	// A text holding any other control character is reported by the
	// caller of the TOML decoder.
	{"backspace escape", `title = "a\bb"` + "\n", false},
	{"form feed escape", `title = "a\fb"` + "\n", false},
	{"escape of a control character", `title = "a\u000Bb"` + "\n", false},
	{"escape of DEL", `title = "a\U0000007F"` + "\n", false},
	{"escape of a C1 character", `keywords = ["a", "\u0085"]` + "\n", false},
	{"C1 character", "title = \"a\u0085b\"\n", false},
	{"C1 character after an escape", "[[schedule]]\nitem = \"\\\"\u009f\"\n", false},
	{"escape of a noncharacter", `title = "a\uFFFEb"` + "\n", false},
	{"noncharacter", "title = \"a\uFFFFb\"\n", false},
	{"noncharacter after an escape", "[[schedule]]\nitem = \"\\\"\uFFFE\"\n", false},
	{"noncharacter of the Arabic block", "title = \"a\uFDD0b\"\n", false},
	{"last noncharacter of the Arabic block", "keywords = [\"\uFDEF\"]\n", false},
	{"escape of a noncharacter of the Arabic block", `summary = "\uFDE5"` + "\n", false},
	{"noncharacter of plane 1", "title = \"a\U0001FFFEb\"\n", false},
	{"noncharacter of plane 2", "title = \"\U0002FFFF\"\n", false},
	{"noncharacter of plane 15", "[[schedule]]\nitem = \"\\\"\U000FFFFE\"\n", false},
	{"last code point", "title = \"a\U0010FFFF\"\n", false},
	{"escape of a noncharacter of plane 16", `title = "\U0010FFFE"` + "\n", false},
	{"control character in a comment", "# a\x7fb\n", false},
	{"carriage return", "title = \"a\"\r\n", false},
	{"ideographic space", "\u3000title = \"a\"\n", false},
	{"byte-order mark", "\uFEFFtitle = \"a\"\n", false},
	{"boolean as text", "draft = \"true\"\n", false},
	{"boolean run on", "draft = trueish\n", false},
	{"ten digits", "[[schedule]]\nmonth = 9999999999\n", false},
	{"date run on", "date = 2024-03-18 -\n", false},
	{"empty key", "= \"a\"\n", false},
	{"integer run on", "[[schedule]]\nmonth = 12:30\n", false},
}

func TestFastFrontMatter(t *testing.T) {
	for _, tt := range fastFrontMatterCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := compareFrontMatterDecoders(t, tt.front); got != tt.fast {
				t.Errorf("fast decoder accepted = %v, want %v", got, tt.fast)
			}
		})
	}
}

// TestTextTroubleCharacters goes through every code point: the
// noncharacters that TextTrouble names are the 66 of Unicode, and the
// fast decoder's byte test (refusedAt) finds, at the first byte of a
// character as written, exactly the ones that TOML takes as written and
// TextTrouble refuses, and nothing at the bytes that follow it.
func TestTextTroubleCharacters(t *testing.T) {
	var nonchars []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if TextTrouble(r) == "a noncharacter" {
			nonchars = append(nonchars, r)
		}
		if r < 0x80 || !utf8.ValidRune(r) {
			continue // TOML takes no C0 control character or DEL as written (isControl)
		}
		s := string(r)
		want := TextTrouble(r) != ""
		for j := range s {
			if got := refusedAt(s, j); got != (want && j == 0) {
				t.Errorf("U+%04X: refusedAt at byte %d of % X is %v", r, j, s, got)
			}
		}
	}
	want := []rune{}
	for r := rune(0xFDD0); r <= 0xFDEF; r++ {
		want = append(want, r)
	}
	for plane := rune(0); plane <= 16; plane++ {
		want = append(want, plane<<16|0xFFFE, plane<<16|0xFFFF)
	}
	if !slices.Equal(nonchars, want) {
		t.Errorf("the noncharacters are %U, want the %d of %U", nonchars, len(want), want)
	}
}

// TestFastFrontMatterValues spells out a few decoded values, so that
// the comparison with the TOML decoder is not the only check.
func TestFastFrontMatterValues(t *testing.T) {
	var fm frontMatter
	front := "title = \"\\u4e2d\\\"文\\\"\"\nkeywords = []\n[[schedule]]\nmonths = [7, 8]\nday = 2024-07-01\n"
	pos, ok := decodeFrontMatterFast(front, 2, &fm)
	if !ok {
		t.Fatal("not accepted")
	}
	if fm.Title != `中"文"` || fm.Keywords == nil || len(fm.Keywords) != 0 {
		t.Errorf("title %q, keywords %#v", fm.Title, fm.Keywords)
	}
	day, isTime := fm.Schedule[0].Day.(time.Time)
	if !isTime || day.Year() != 2024 || day.Month() != 7 || day.Day() != 1 || !reflect.DeepEqual(fm.Schedule[0].Months, []int{7, 8}) {
		t.Errorf("schedule %#v", fm.Schedule)
	}
	if p := pos.top[keyTitle]; p != (position{2, 1}) {
		t.Errorf("title at %v", p)
	}
}

// TestFastFrontMatterDocuments parses whole documents with and without
// the fast decoder: the document and every problem must be the same.
func TestFastFrontMatterDocuments(t *testing.T) {
	var cp problemList
	cfg := loadConfig(mapSite(nil), &cp)
	docs := []string{
		testDoc,
		strings.ReplaceAll(testDoc, "\n", "\r\n"),
		"\uFEFF" + testDoc,
		"\uFEFF" + strings.ReplaceAll(testDoc, "\n", "\r\n"),
		strings.TrimPrefix(testDoc, "+++\n"),                                  // missing opening +++
		strings.Replace(testDoc, "+++\n各基层", "各基层", 1),                        // missing closing +++
		withFront("slug = \"plan\"\n[[attachments]]\nfile = \"files/a.pdf\""), // attachment
		withFront("[[attachments]]\ntitle = \"no file\""),
		withFront("[[attachments]]\nfile = \"../../x.pdf\""),
		withFront("[[schedule]]\nmonth = 13\nitem = \"x\"\n[[schedule]]\nowner = \"y\"\n[[schedule]]\nmonth = 2\nmonths = [2, 3]\nitem = \"z\"\nday = \"2024-02-01\""),
		doc(`date = 2024-03-18`, `date = "2024-03-18"`),
		doc(`date = 2024-03-18`, `date = 2024-03-18T08:00:00`),
		doc(`index = "00001434-9/2024-00001"`, `index = "00001434-9/2023-00001"`),
		doc(`issuer = "测试区教育工会"`, `issuer = "别的工会"`),
		doc(`category = "年度计划总结"`, `category = ""`),
		withFront("draft = true\nslug = \"a/b\""),
		withFront("titel = \"x\""),
		withFront("[[schedule]]\nitem = \"x\"\nmonht = 3"),
		doc(`title = "关于印发《2024年工作要点》的通知"`, `title = 'single'`),
		doc(`title = "关于印发《2024年工作要点》的通知"`, "title = \"tab\\tand \\u4e2d\"  # comment"),
		doc(`title = "关于印发《2024年工作要点》的通知"`, `title = "关于\u000B印发"`, `issuer = "测试区教育工会"`, "issuer = \"测试区教育工会\u0085\""),
		withFront("[[attachments]]\nfile = \"files\\baogao.pdf\"\n[[schedule]]\nmonth = 1\nitem = \"走访\\f\""),
		withFront("draft = true\nDraft = false"),
		withFront("Draft = true\n[[Schedule]]\nmonth = 1"),
		doc(`title = "关于印发《2024年工作要点》的通知"`, `title = ""`),
		doc(`title = "关于印发《2024年工作要点》的通知"`, "title = 123", "date = 2024-03-18", `date = 20240301`),
		withFront("draft = \"no\"\nattachments = \"a.pdf\"\n[schedule]\nmonth = 1"),
		withFront("[[schedule]]\nmonth = 0\nitem = \"x\"\n[[schedule]]\nmonth = \"3\"\n[[attachments]]\nfile = 5"),
	}
	for i, src := range docs {
		fastDoc, fastProbs := parseDocumentWith("content/2024/a.md", []byte(src), cfg, true)
		fullDoc, fullProbs := parseDocumentWith("content/2024/a.md", []byte(src), cfg, false)
		if !reflect.DeepEqual(fastProbs, fullProbs) {
			t.Errorf("document %d: problems differ:\nfast %v\nfull %v", i, fastProbs, fullProbs)
		}
		if !reflect.DeepEqual(fastDoc, fullDoc) {
			t.Errorf("document %d: documents differ:\nfast %+v\nfull %+v", i, fastDoc, fullDoc)
		}
	}
}
