package generator

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
)

// TestLayoutProblems breaks a site's own layouts and checks the exact
// problems a build and gongkai check report: every layout that does not
// parse, at its line; every call of a template that a kind of page runs
// and its layouts do not define, once, at its line and column, before a
// page is rendered; a layout that fails while rendering, once however
// many pages it broke, at its line and column as written (in characters,
// though the layouts that ran were minified), naming the first page.
func TestLayoutProblems(t *testing.T) {
	document, err := os.ReadFile("../layouts/document.html")
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile("../layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	withLine := func(text []byte, n int, line string) string {
		lines := strings.Split(string(text), "\n")
		lines[n-1] = line
		return strings.Join(lines, "\n")
	}
	cases := []struct {
		name    string
		layouts map[string]string
		check   []string // from Inspect; nil when only a build finds it
		build   []string
	}{
		{
			name: "two layouts and a partial that do not parse",
			layouts: map[string]string{
				"layouts/document.html":     withLine(document, 12, `  <h1>{{.Title}</h1>`),
				"layouts/year.html":         "{{define \"main\"}}\n{{if}}{{end}}\n{{end}}",
				"layouts/partials/bad.html": "{{end}}",
			},
			check: []string{
				"layouts/document.html:12: bad character U+007D '}' (correct the layout)",
				"layouts/partials/bad.html:1: unexpected {{end}} (correct the layout)",
				"layouts/year.html:2: missing value for if (correct the layout)",
			},
		},
		{
			name:    "a field that does not exist, on every document page",
			layouts: map[string]string{"layouts/document.html": withLine(document, 12, `  <h1 class="doc-title">标题：{{.Titel}}</h1>`)},
			check:   []string{},
			build: []string{
				`layouts/document.html:12:30: executing "main" at <.Titel>: can't evaluate field Titel in type *generator.Document (on 2 pages, the first /archive/2024/a/; correct the layout)`,
			},
		},
		{
			name: "a field that does not exist, in a partial",
			layouts: map[string]string{
				"layouts/partials/byline.html": "{{define \"byline\"}}\n<p>发布：{{.Isuer}}</p>{{end}}",
				"layouts/document.html":        withLine(document, 12, `  <h1 class="doc-title">{{template "byline" .}}</h1>`),
			},
			check: []string{},
			build: []string{
				`layouts/partials/byline.html:2:9: executing "byline" at <.Isuer>: can't evaluate field Isuer in type *generator.Document (on 2 pages, the first /archive/2024/a/; correct the layout)`,
			},
		},
		{
			// The search page is rendered after the others, once the search
			// index is built: its layout's failure is reported with theirs.
			name: "a field that does not exist, on document pages and on the search page",
			layouts: map[string]string{
				"layouts/document.html": withLine(document, 12, `  <h1 class="doc-title">标题：{{.Titel}}</h1>`),
				"layouts/search.html":   "{{define \"main\"}}\n<h1>{{.Titel}}</h1>\n{{end}}",
			},
			check: []string{},
			build: []string{
				`layouts/document.html:12:30: executing "main" at <.Titel>: can't evaluate field Titel in type *generator.Document (on 2 pages, the first /archive/2024/a/; correct the layout)`,
				`layouts/search.html:2:7: executing "main" at <.Titel>: can't evaluate field Titel in type *generator.pageData (on page /search/; correct the layout)`,
			},
		},
		{
			// One message for a line that fails on every page, the search
			// page, rendered apart, included.
			name:    "a field that does not exist in the base layout, on every page",
			layouts: map[string]string{"layouts/base.html": withLine(base, 7, `<meta name="SiteName" content="{{.Config.Titel}}">`)},
			check:   []string{},
			build: []string{
				`layouts/base.html:7:41: executing "layouts/base.html" at <.Config.Titel>: can't evaluate field Titel in type *generator.Config (on 13 pages, the first /; correct the layout)`,
			},
		},
		{
			name:    "a search page layout that fails alone",
			layouts: map[string]string{"layouts/search.html": "{{define \"main\"}}\n<h1>{{.Titel}}</h1>\n{{end}}"},
			check:   []string{},
			build: []string{
				`layouts/search.html:2:7: executing "main" at <.Titel>: can't evaluate field Titel in type *generator.pageData (on page /search/; correct the layout)`,
			},
		},
		{
			name:    "a template that does not exist",
			layouts: map[string]string{"layouts/document.html": withLine(document, 12, `  <h1 class="doc-title">中文标题{{template "nope" .}}</h1>`)},
			check: []string{
				`layouts/document.html:12:40: no such template "nope" (define it with {{define "nope"}} in a partial, or correct the name)`,
			},
		},
		{
			name: "calls of undefined templates in a partial's nested actions and in a kind's block",
			layouts: map[string]string{
				"layouts/partials/nav.html": "{{define \"nav\"}}\n<nav>{{with .Crumbs}}{{range .}}\n  <a>{{.Title}}</a>{{if .URL}}{{template \"separator\" .}}{{end}}\n{{end}}{{end}}</nav>\n{{end}}",
				"layouts/year.html":         "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{template \"nav\" .}}\n  {{template \"doclst\" .}}\n{{end}}",
				"layouts/topic.html":        "{{define \"main\"}}{{template \"nav\" .}}{{end}}",
			},
			check: []string{
				`layouts/partials/nav.html:3:42: no such template "separator" (define it with {{define "separator"}} in a partial, or correct the name)`,
				`layouts/year.html:4:14: no such template "doclst" (did you mean "doclist"?)`,
			},
		},
		{
			name: "an undefined call beside a layout that does not parse",
			layouts: map[string]string{
				"layouts/home.html": "{{define \"main\"}}{{.Title}\n{{end}}",
				"layouts/year.html": "{{define \"main\"}}{{template \"nope\" .}}{{end}}",
			},
			check: []string{
				"layouts/home.html:1: bad character U+007D '}' (correct the layout)",
				`layouts/year.html:1:29: no such template "nope" (define it with {{define "nope"}} in a partial, or correct the name)`,
			},
		},
		{
			name: "undefined calls in layouts saved with a byte-order mark, or with CR line ends",
			layouts: map[string]string{
				"layouts/year.html":  "\uFEFF{{define \"main\"}}{{template \"nope\" .}}\r\n{{end}}",
				"layouts/topic.html": "{{define \"main\"}}\r<h1>{{.Title}}</h1>\r  {{template \"nope\" .}}{{end}}",
			},
			check: []string{
				`layouts/topic.html:3:14: no such template "nope" (define it with {{define "nope"}} in a partial, or correct the name)`,
				`layouts/year.html:1:29: no such template "nope" (define it with {{define "nope"}} in a partial, or correct the name)`,
			},
		},
		{
			name: "a partial calls a block that only one of the kinds using it defines",
			layouts: map[string]string{
				"layouts/partials/aside.html": "{{define \"aside\"}}<aside>{{template \"note\" .}}</aside>{{end}}",
				"layouts/year.html":           "{{define \"main\"}}{{template \"aside\" .}}{{end}}",
				"layouts/topic.html":          "{{define \"main\"}}{{template \"aside\" .}}{{end}}{{define \"note\"}}{{.Title}}{{end}}",
				"layouts/issuer.html":         "{{define \"main\"}}{{template \"aside\" .}}{{end}}",
			},
			check: []string{
				`layouts/partials/aside.html:1:37: no such template "note" on pages of kind year, issuer, whose layouts do not define it (define it in each of those layouts, or once in a partial)`,
			},
		},
		{
			name: "templates defined in other files, and a call no page reaches",
			layouts: map[string]string{
				"layouts/partials/item.html":   "{{define \"item\"}}<li>{{.Title}}</li>{{end}}",
				"layouts/partials/list.html":   "{{define \"list\"}}<ul>{{range .Docs}}{{template \"item\" .}}{{end}}</ul>{{end}}",
				"layouts/partials/unused.html": "{{define \"unused\"}}{{template \"nowhere\" .}}{{end}}",
				"layouts/year.html":            "{{define \"main\"}}{{template \"list\" .}}{{template \"partials/item.html\" .}}{{end}}",
			},
			check: []string{},
			build: []string{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"content/2024/a.md": testDoc, "content/2024/b.md": strings.Replace(testDoc, "2024-00001", "2024-00002", 1)}
			for name, text := range tc.layouts {
				files[name] = text
			}
			fsys := mapSite(files)
			_, probs := Inspect(fsys, Options{Theme: gongkai.Theme})
			if got := (problemList{list: probs}).strings(); !slices.Equal(got, tc.check) {
				t.Errorf("check:\n got %q\nwant %q", got, tc.check)
			}
			want := tc.build
			if want == nil {
				want = tc.check
			}
			for _, minified := range []bool{true, false} {
				site, _ := Prepare(fsys, Options{Theme: gongkai.Theme})
				_, err := Generate(site, fsys, newMemOutput(), Options{Theme: gongkai.Theme, NoMinify: !minified})
				if len(want) == 0 {
					if err != nil {
						t.Errorf("build (minified=%v): %v", minified, err)
					}
					continue
				}
				pe, ok := err.(*ProblemError)
				if !ok {
					t.Fatalf("minified=%v: err = %v, want the layouts' problems", minified, err)
				}
				if got := (problemList{list: pe.Problems}).strings(); !slices.Equal(got, want) {
					t.Errorf("build (minified=%v):\n got %q\nwant %q", minified, got, want)
				}
			}
		})
	}
}

// siteWithFailingLayout is a site of one document whose year layout
// fails at render (a field that does not exist), loaded and checked.
func siteWithFailingLayout(t *testing.T) (fstest.MapFS, *Site) {
	t.Helper()
	fsys := mapSite(map[string]string{
		"content/2024/a.md": testDoc,
		"layouts/year.html": `{{define "main"}}{{.Titel}}{{end}}`,
	})
	site, probs := Inspect(fsys, Options{Theme: gongkai.Theme})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	return fsys, site
}

// TestLayoutProblemsKeepOtherFailures: when a layout fails on some pages
// and another page fails for another reason (here a document whose file
// is gone by the time its page is rendered), both are reported.
func TestLayoutProblemsKeepOtherFailures(t *testing.T) {
	fsys, site := siteWithFailingLayout(t)
	delete(fsys, "content/2024/a.md")
	_, err := Generate(site, fsys, newMemOutput(), Options{Theme: gongkai.Theme})
	pe, ok := err.(*ProblemError)
	if !ok {
		t.Fatalf("err = %v, want problems", err)
	}
	got := (problemList{list: pe.Problems}).strings()
	if len(got) != 2 || !strings.HasPrefix(got[0], "content/2024/a.md: cannot read: ") || !strings.HasPrefix(got[1], `layouts/year.html:1:20: executing "main" at <.Titel>`) {
		t.Errorf("got %q, want the unreadable document and the layout", got)
	}
}

// failingOutput is an output whose disk is full for one name.
type failingOutput struct {
	Output
	full string
}

func (o failingOutput) WriteFile(name string, data []byte) error {
	if name == o.full {
		return &fs.PathError{Op: "open", Path: name, Err: syscall.ENOSPC}
	}
	return o.Output.WriteFile(name, data)
}

// TestLayoutProblemsKeepWriteFailures: a page that could not be written,
// beside a layout's failure, is a problem at the page's output file, not
// at a path cut from the error's text ("open archive/…").
func TestLayoutProblemsKeepWriteFailures(t *testing.T) {
	fsys, site := siteWithFailingLayout(t)
	_, err := Generate(site, fsys, failingOutput{newMemOutput(), "archive/2024/a/index.html"}, Options{Theme: gongkai.Theme})
	pe, ok := err.(*ProblemError)
	if !ok {
		t.Fatalf("err = %v, want problems", err)
	}
	got := (problemList{list: pe.Problems}).strings()
	if len(got) != 2 || got[0] != "archive/2024/a/index.html: open: no space left on device" || !strings.HasPrefix(got[1], `layouts/year.html:1:20: executing "main" at <.Titel>`) {
		t.Errorf("got %q, want the page that could not be written and the layout", got)
	}
}
