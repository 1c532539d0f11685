package generator

import (
	"bytes"
	"testing"
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
