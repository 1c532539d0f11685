package generator

import (
	"html/template"
	"net/url"
	"strings"
	"testing"
)

// FuzzEscapers checks the compiled templates' escapers against
// html/template's own: a value in a text node, in a quoted attribute and
// in a URL attribute must come out exactly as html/template writes it.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{
		"", "关于做好劳动竞赛工作的通知", "关于做好劳动竞赛工<作>的通知&\"一二三四五六七八'九'", "a<b>&\"'+c", "\x00", "徐工教〔2018〕2号",
		"https://example.org/gongkai/archive/2019/a-b_c~d/?q=工会&x=1#top",
		"../../archive/%E5%B7%A5%zz/", "javascript:alert(1)", "mailto:a@b", "a b\tc\n", "\xff\xfe",
	} {
		f.Add(s)
	}
	tmpl := template.Must(template.New("").Parse(`{{.}}|<p title="{{.}}">|<a href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Skip(err)
		}
		esc := htmlReplace(s, false)
		got := esc + `|<p title="` + esc + `">|<a href="` + htmlReplace(normalizeURL(urlFilter(s)), false) + `">`
		if got != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got, want.String())
		}
	})
}

// TestEscapeSegments holds the path escaper to url.PathEscape for each
// segment, with a valid percent escape kept when asked (a link's target,
// which may be a URL path already) and escaped again when not (a file's
// name, in which % is a character), and to returning its argument,
// without allocating, when nothing needs escaping.
func TestEscapeSegments(t *testing.T) {
	for _, tt := range []struct {
		in            string
		keep, fileURL string
	}{
		{"", "", ""},
		{"archive/2024/gongzuo-yaodian/", "archive/2024/gongzuo-yaodian/", "archive/2024/gongzuo-yaodian/"},
		{"a-b_c.d~e$f&g+h:i=j@k", "a-b_c.d~e$f&g+h:i=j@k", "a-b_c.d~e$f&g+h:i=j@k"},
		{"100%.csv", "100%25.csv", "100%25.csv"},
		{"%E5%B7%A5.pdf", "%E5%B7%A5.pdf", "%25E5%25B7%25A5.pdf"},
		{"%e5x", "%e5x", "%25e5x"},
		{"%zz/%4", "%25zz/%254", "%25zz/%254"},
		{"%%41%", "%25%41%25", "%25%2541%25"},
		{"h#1.txt", "h%231.txt", "h%231.txt"},
		{"a?.pdf", "a%3F.pdf", "a%3F.pdf"},
		{"a b;c,d", "a%20b%3Bc%2Cd", "a%20b%3Bc%2Cd"},
		{"files/工会 计划.pdf", "files/%E5%B7%A5%E4%BC%9A%20%E8%AE%A1%E5%88%92.pdf", "files/%E5%B7%A5%E4%BC%9A%20%E8%AE%A1%E5%88%92.pdf"},
		{"\x00\x7f\xff", "%00%7F%FF", "%00%7F%FF"},
	} {
		if got := escapeSegments(tt.in, true); got != tt.keep {
			t.Errorf("escapeSegments(%q, true) = %q, want %q", tt.in, got, tt.keep)
		}
		if got := fileURL(tt.in); got != tt.fileURL {
			t.Errorf("fileURL(%q) = %q, want %q", tt.in, got, tt.fileURL)
		}
		if want := pathEscapeEach(tt.in); tt.fileURL != want {
			t.Errorf("table: fileURL(%q) is %q, but url.PathEscape gives %q", tt.in, tt.fileURL, want)
		}
	}
	for c := range 256 {
		name := "a/x" + string([]byte{byte(c)}) + "y.pdf"
		if got, want := fileURL(name), pathEscapeEach(name); got != want {
			t.Errorf("fileURL(%q) = %q, want %q", name, got, want)
		}
	}
	name := "archive/2024/gongzuo-yaodian/anpaibiao-2024.pdf"
	if n := testing.AllocsPerRun(10, func() { fileURL(name) }); n != 0 {
		t.Errorf("fileURL(%q) allocates %v times, want 0", name, n)
	}
}

// pathEscapeEach escapes each segment of p by url.PathEscape.
func pathEscapeEach(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
