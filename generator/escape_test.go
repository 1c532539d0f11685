package generator

import (
	"html/template"
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
