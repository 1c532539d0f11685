package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator/corpus"
)

// TestFastTemplatesSameBytes renders sites through the fast executors
// (the theme's compiled code, and the closures) and through html/template
// alone and requires identical files: they may only ever be faster.
func TestFastTemplatesSameBytes(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Write(gen, corpus.Options{Docs: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	hostile := mapSite(map[string]string{
		"content/2024/a.md": `+++
title = "<script>alert('x')</script> & \"引号\" + 加号"
index = "00001434-9/2024-00001"
issuer = "测试区教育工会"
date = 2024-03-18
category = "年度计划总结"
number = "示教工〔2024〕<1>号"
keywords = ["a&b", "<c>"]
summary = "摘要 ' \" < > & +"

[[schedule]]
month = 3
item = "事项 <b>粗</b> & 'q'"
owner = "王 & 李"
day = 2024-03-20
+++
[坏链接](javascript:alert(1)) [好](https://example.org/?a=1&b=<2>) <b>raw</b> [相关](index:00001434-9/2024-00002)
`,
		"content/2024/b.md": `+++
title = "第二篇 100%"
index = "00001434-9/2024-00002"
issuer = "测试区教育工会"
date = 2024-03-19
category = "通知公告"
slug = "di-er-pian"
+++
正文。
`,
	})
	sites := map[string]fs.FS{
		"basic":   os.DirFS("testdata/basic/site"),
		"en":      os.DirFS("testdata/en-offline/site"),
		"corpus":  os.DirFS(gen),
		"hostile": hostile,
	}
	for name, fsys := range sites {
		// Sites with the theme's own layouts render through its compiled
		// form (theme_gen.go), unless NoMinify; the others through closures.
		if sum, err := layoutsSum(themeFS{site: fsys, theme: gongkai.Theme}); err != nil || sum != themeSum {
			t.Errorf("%s: the layouts are not those theme_gen.go was compiled from (%v)", name, err)
		}
		for _, opt := range []Options{{}, {NoMinify: true}, {Offline: true}} {
			opt.Theme = gongkai.Theme
			site, probs := Prepare(fsys, opt)
			if probs.Errors() > 0 {
				t.Fatalf("%s: %v", name, probs)
			}
			fast, slow := newMemOutput(), newMemOutput()
			if _, err := Generate(site, fsys, fast, opt); err != nil {
				t.Fatal(err)
			}
			opt.slowTemplates = true
			if _, err := Generate(site, fsys, slow, opt); err != nil {
				t.Fatal(err)
			}
			if len(fast.files) != len(slow.files) {
				t.Errorf("%s: %d files fast, %d through html/template", name, len(fast.files), len(slow.files))
			}
			for _, f := range slow.names() {
				if !bytes.Equal(fast.files[f], slow.files[f]) {
					t.Errorf("%s %+v: %s differs:\n%s", name, opt, f, firstDiff(string(fast.files[f]), string(slow.files[f])))
				}
			}
		}
	}
}

// TestFastTemplatesCoverTheme checks that the embedded theme renders
// entirely on the fast path, so that a theme change cannot quietly make
// every build slow.
func TestFastTemplatesCoverTheme(t *testing.T) {
	fsys := os.DirFS("testdata/basic/site")
	site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	res, err := Generate(site, fsys, newMemOutput(), Options{Theme: gongkai.Theme})
	if err != nil {
		t.Fatal(err)
	}
	if res.slowPages > 0 {
		t.Errorf("%d of %d pages fell back to html/template", res.slowPages, res.Pages)
	}
}

// TestEscapePathFastPath checks the shortcut for paths that need no
// escaping against escaping every segment.
func TestEscapePathFastPath(t *testing.T) {
	for c := 0; c < 256; c++ {
		for _, p := range []string{string(rune(c)), "a/" + string([]byte{byte(c)}) + "/b", "archive/2024/x" + string([]byte{byte(c)}) + "/"} {
			if want := pathEscapeEach(p); escapePath(p) != want {
				t.Errorf("escapePath(%q) = %q, want %q", p, escapePath(p), want)
			}
		}
	}
	for _, d := range []Date{{2024, 3, 18}, {1, 1, 1}, {9999, 12, 31}, {0, 0, 0}, {12345, 1, 2}, {-1, 2, 3}, {2024, 100, 1}} {
		if got, want := d.ISO(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Errorf("%v.ISO() = %q, want %q", d, got, want)
		}
	}
}

// FuzzExcerpt checks the excerpt of a page's description against the
// plain definition: the words of the text joined by single spaces, cut
// after n characters.
func FuzzExcerpt(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a  b ", "教职工代表：\n\n围绕 工会", "\u3000全角空格\u3000", "x\u00a0y", strings.Repeat("字 ", 200)} {
		f.Add(s, 5)
		f.Add(s, 120)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		if n < 0 || n > 1000 || !utf8.ValidString(text) {
			return // bodies are checked to be UTF-8 when they are read
		}
		joined := strings.Join(strings.Fields(text), " ")
		want := joined
		if r := []rune(joined); len(r) > n {
			want = string(r[:n]) + "…"
		}
		if got := excerpt(text, n); got != want {
			t.Fatalf("excerpt(%q, %d) = %q, want %q", text, n, got, want)
		}
	})
}

// TestSiteLayoutsWinOverCompiledTheme checks that a site's own layout,
// even a partial or one byte of base.html, is what renders: the compiled
// theme is only for sites whose layouts are all the theme's.
func TestSiteLayoutsWinOverCompiledTheme(t *testing.T) {
	doc := `+++
title = "覆盖测试"
index = "00001434-9/2024-00001"
issuer = "测试区教育工会"
date = 2024-03-18
category = "通知公告"
+++
正文。
`
	base, err := fs.ReadFile(gongkai.Theme, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ layout, text, page, want string }{
		{"layouts/document.html", `{{define "main"}}<p>site document {{.Title}}</p>{{end}}`, "archive/2024/a/index.html", "site document 覆盖测试"},
		{"layouts/partials/doclist.html", `{{define "doclist"}}<p>site list</p>{{end}}`, "index.html", "site list"},
		{"layouts/base.html", strings.Replace(string(base), "<body", "<body data-site", 1), "index.html", "<body data-site"},
		{"layouts/partials/extra.html", `{{define "extra"}}{{end}}`, "index.html", "<body"},
	} {
		fsys := mapSite(map[string]string{"content/2024/a.md": doc, tc.layout: tc.text})
		site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
		if probs.Errors() > 0 {
			t.Fatal(probs)
		}
		out := newMemOutput()
		res, err := Generate(site, fsys, out, Options{Theme: gongkai.Theme})
		if err != nil {
			t.Fatalf("%s: %v", tc.layout, err)
		}
		if got := string(out.files[tc.page]); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %s does not show the site's layout (%q):\n%s", tc.layout, tc.page, tc.want, got)
		}
		if res.slowPages > 0 {
			t.Errorf("%s: %d pages fell back to html/template", tc.layout, res.slowPages)
		}
	}
}

// TestFastFieldThroughNilEmbedded: a field promoted through an embedded
// pointer (a schedule entry's Item is its row's) reads through it, and
// when the pointer is nil the executor leaves the page to html/template,
// which reports the error, rather than panicking.
func TestFastFieldThroughNilEmbedded(t *testing.T) {
	set := template.Must(template.New("layouts/base.html").Parse(`{{range .}}<td>{{.Item}}</td>{{end}}`))
	row := ScheduleRow{Item: "走访<慰问>"}
	if err := set.Execute(io.Discard, []ScheduleEntry{{ScheduleRow: &row}}); err != nil {
		t.Fatal(err)
	}
	f := newFastTemplate(set, "layouts/base.html", nil)
	if f == nil {
		t.Fatal("the executor does not take the template")
	}
	var b bytes.Buffer
	if err := f.execute(&b, []ScheduleEntry{{ScheduleRow: &row}}); err != nil || b.String() != "<td>走访&lt;慰问&gt;</td>" {
		t.Errorf("through a row: %q, %v", b.String(), err)
	}
	b.Reset()
	if err := f.execute(&b, []ScheduleEntry{{}}); err != errUnhandled {
		t.Errorf("through nil: %v, want errUnhandled", err)
	}
	if err := set.Execute(io.Discard, []ScheduleEntry{{}}); err == nil {
		t.Error("html/template reports no error through nil")
	}
}

// linkFromReference is linkFrom as it was written before its one-pass
// scan: the query or fragment split off, the path escaped segment by
// segment (its valid percent escapes kept), then "../" for each folder
// of the page.
func linkFromReference(from, target string, offline, abs bool, basePath string) string {
	frag := ""
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target, frag = target[:i], target[i:]
	}
	if offline && (target == "" || strings.HasSuffix(target, "/")) {
		target += "index.html"
	}
	segs := strings.Split(target, "/")
	for i, s := range segs {
		segs[i] = pathEscapeKeeping(s)
	}
	target = strings.Join(segs, "/")
	if abs {
		return basePath + target + frag
	}
	up := strings.Count(from, "/")
	if up == 0 && target == "" {
		return "./" + frag
	}
	return strings.Repeat("../", up) + target + frag
}

// pathEscapeKeeping is url.PathEscape of the text between the valid
// percent escapes of a segment, with the escapes kept.
func pathEscapeKeeping(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range regexp.MustCompile(`%[0-9A-Fa-f]{2}`).FindAllStringIndex(s, -1) {
		b.WriteString(url.PathEscape(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(url.PathEscape(s[last:]))
	return b.String()
}

// FuzzLinkFrom checks linkFrom against linkFromReference for any page
// and target, online, offline and absolute.
func FuzzLinkFrom(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""}, {"archive/2024/a/", "css/site.css"}, {"archive/", "archive/2024/a/#top"}, {"a/b/c/d/e/f/g/h/i/j/k/l/m/n/", "x?q=1"},
		{"topics/plans/page/2/", "files/2024 工作 安排.pdf"}, {"", "?q=工会"}, {"x/", "a%2Fb/c d/"}, {"404.html", "#main"},
		{"archive/2024/a/", "archive/2024/a/h%23frag.txt"}, {"", "100%25 %%41%4/%zz%"},
		{"", "javascript:alert(1)"}, {"", "mailto:a@b"}, {"a/", "x:y"}, {"", "a%4?b"}, {"", "&<'\"?&#"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, target string) {
		var w bytes.Buffer
		for _, offline := range []bool{false, true} {
			for _, abs := range []bool{false, true} {
				got := linkFrom(from, target, offline, abs, "/gk/")
				if want := linkFromReference(from, target, offline, abs, "/gk/"); got != want {
					t.Fatalf("linkFrom(%q, %q, offline %v, abs %v) = %q, want %q", from, target, offline, abs, got, want)
				}
				// writeLink writes what the escapers make of the link.
				for _, base := range []string{"/gk/", "/", "/a%4/"} {
					p := &pageData{URL: from, offline: offline, abs: abs, Config: &Config{basePath: base}}
					w.Reset()
					writeLink(&w, p, target)
					if want := htmlReplace(normalizeURL(urlFilter(p.Link(target))), false); w.String() != want {
						t.Fatalf("writeLink from %q to %q, offline %v, abs %v, base path %q: %q, want %q", from, target, offline, abs, base, w.String(), want)
					}
				}
			}
		}
	})
}
