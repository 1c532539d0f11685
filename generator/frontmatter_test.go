package generator

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, src   string
		front, body string
		bodyLine    int
		err         error
	}{
		{"plain", "+++\ntitle = \"a\"\n+++\nbody\n", "title = \"a\"\n", "body\n", 4, nil},
		{"empty front", "+++\n+++\n", "", "", 3, nil},
		{"fence with spaces", "+++  \nx = 1\n+++\t\n# h", "x = 1\n", "# h", 4, nil},
		{"no final newline", "+++\nx = 1\n+++", "x = 1\n", "", 4, nil},
		{"missing", "title = \"a\"\n", "", "", 0, errNoFrontMatter},
		{"yaml", "---\ntitle: a\n---\n", "", "", 0, errNoFrontMatter},
		{"unclosed", "+++\ntitle = \"a\"\n", "", "", 0, errUnclosed},
		{"empty file", "", "", "", 0, errNoFrontMatter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, err := splitFrontMatter([]byte(tt.src))
			if err != tt.err {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if string(front) != tt.front || string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("got (%q, %q, %d), want (%q, %q, %d)", front, body, line, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	got := normalizeText([]byte("\uFEFF+++\r\ntitle = \"a\"\r\n+++\rbody\r\n"))
	if want := "+++\ntitle = \"a\"\n+++\nbody\n"; string(got) != want {
		t.Errorf("normalizeText = %q, want %q", got, want)
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"关于印发的通知\"\ndate = 2021-03-18\n+++\n正文\n"))
	f.Add([]byte("\uFEFF+++\r\nx = 1\r\n+++\r\n"))
	f.Add([]byte("+++\n"))
	f.Add([]byte("+++\n+++\n+++\n"))
	f.Add([]byte("\r\r+++\r"))
	f.Fuzz(func(t *testing.T, src []byte) {
		norm := normalizeText(src)
		if bytes.IndexByte(norm, '\r') >= 0 {
			t.Fatalf("normalizeText left a CR in %q", norm)
		}
		front, body, line, err := splitFrontMatter(norm)
		if err != nil {
			return
		}
		// The pieces are parts of the input, in order, and the body line
		// counts the lines before the body.
		if !bytes.Contains(norm, front) || !bytes.HasSuffix(norm, body) {
			t.Fatalf("pieces are not from the input")
		}
		before := norm[:len(norm)-len(body)]
		if want := bytes.Count(before, []byte("\n")) + 1; len(body) > 0 && line != want {
			t.Fatalf("bodyLine = %d, want %d", line, want)
		}
		if bytes.Count(front, []byte("\n")) != line-3 {
			t.Fatalf("front has %d lines, bodyLine %d", bytes.Count(front, []byte("\n")), line)
		}
	})
}

// TestCompactStrings checks that a document keeps its values, and none of
// them a piece of the text they were read from.
func TestCompactStrings(t *testing.T) {
	text := strings.Repeat("x", 100) + `title = "通知" slug = "s" item = "走访" owner = "李静" kw = "工会"`
	piece := func(s string) string {
		i := strings.Index(text, s)
		return text[i : i+len(s)]
	}
	d := &Document{Path: "content/2024/s.md", Title: piece("通知"), Slug: piece("s\""), Keywords: []string{piece("工会")},
		Attachments: []*Attachment{{Title: piece("title")}},
		Schedule:    []ScheduleRow{{Item: piece("走访"), Owner: piece("李静")}, {Item: piece("item")}}}
	d.Slug = d.Slug[:1]
	want := *d
	want.Keywords = slices.Clone(d.Keywords)
	want.Schedule = slices.Clone(d.Schedule)
	attachment := d.Attachments[0].Title
	d.compactStrings(true)
	all := []string{d.Title, d.Slug, d.Keywords[0], d.Attachments[0].Title, d.Schedule[0].Item, d.Schedule[0].Owner, d.Schedule[1].Item}
	if d.Title != want.Title || d.Slug != want.Slug || !slices.Equal(d.Keywords, want.Keywords) ||
		d.Attachments[0].Title != attachment || !reflect.DeepEqual(d.Schedule, want.Schedule) {
		t.Fatalf("values changed: %q", all)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for _, s := range all {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p < start+uintptr(len(text)) {
			t.Errorf("%q is still a piece of the front matter", s)
		}
	}
}

func TestSaysDraft(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      bool
	}{
		{"draft", "+++\ntitle = \"a\"\ndraft = true\n+++\nbody\n", true},
		{"published", "+++\ntitle = \"a\"\ndraft = false\n+++\nbody\n", false},
		{"no key", "+++\ntitle = \"a\"\n+++\nbody\n", false},
		{"spaced, commented", "+++\n\t draft\t=  true  # for now\n+++\n", true},
		{"tight", "+++\ndraft=true\n+++\n", true},
		{"quoted key", "+++\n\"draft\" = true\n+++\n", true},
		{"literal key", "+++\n'draft' = true\n+++\n", true},
		{"escaped key", "+++\n\"\\u0064raft\" = true\n+++\n", true},
		{"another case", "+++\ndrAft=true\n+++", true},
		{"CRLF and BOM", "\uFEFF+++\r\ntitle = \"a\"\r\ndraft = true\r\n+++\r\n", true},
		{"broken elsewhere", "+++\ntitle = \"关于\ndraft = true\n+++\n", true},
		{"unclosed", "+++\ntitle = \"a\"\ndraft = true\n", true},
		{"in the body only", "+++\ntitle = \"a\"\n+++\ndraft = true\n", false},
		{"another key", "+++\ndrafts = true\nnot_draft = true\n+++\n", false},
		{"another value", "+++\ndraft = truer\n+++\n", false},
		{"a string", "+++\ndraft = \"true\"\n+++\n", false},
		{"commented out", "+++\n# draft = true\n+++\n", false},
		{"not UTF-8", "+++\ntitle = \"\xff\"\ndraft = true\n+++\n", true},
	} {
		if got := SaysDraft([]byte(tt.src)); got != tt.want {
			t.Errorf("%s: SaysDraft = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAttachmentFiles(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"two", "+++\ntitle = \"a\"\n[[attachments]]\ntitle = \"表\"\nfile = \"files/a-1.xlsx\"\n[[attachments]]\nfile = \" files/a-2.pdf \"\n+++\nbody\n", []string{"files/a-1.xlsx", "files/a-2.pdf"}},
		{"escaped", "+++\n[[attachments]]\nfile = \"files/\\u9644\\u4ef6.pdf\"\n+++\n", []string{"files/附件.pdf"}},
		{"CRLF and BOM", "\uFEFF+++\r\n[[attachments]]\r\nfile = \"files/a.pdf\"\r\n+++\r\n", []string{"files/a.pdf"}},
		{"no file", "+++\n[[attachments]]\ntitle = \"表\"\n+++\n", nil},
		{"none", "+++\ntitle = \"a\"\n+++\n[[attachments]]\nfile = \"files/a.pdf\"\n", nil},
		{"broken", "+++\ntitle = \"a\n[[attachments]]\nfile = \"files/a.pdf\"\n+++\n", nil},
		{"unclosed", "+++\n[[attachments]]\nfile = \"files/a.pdf\"\n", nil},
		{"no front matter", "[[attachments]]\nfile = \"files/a.pdf\"\n", nil},
	} {
		if got := AttachmentFiles([]byte(tt.src)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: AttachmentFiles = %q, want %q", tt.name, got, tt.want)
		}
	}
}
