package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gongkai/gongkai"
)

// rewrite replaces old with new in the site's file, which must hold old.
func rewrite(t *testing.T, site, file, old, new string) {
	t.Helper()
	p := filepath.Join(site, file)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMovedWarnings builds the basic site, changes it, and builds it
// again into the same destination: every document the first build
// published at an address the second does not publish is a warning.
func TestMovedWarnings(t *testing.T) {
	tests := []struct {
		name    string
		before  func(t *testing.T, site, dest string) // before the first build
		change  func(t *testing.T, site, dest string) // between the builds
		offline bool                                  // the first build is an offline one
		want    []string
	}{
		{
			name: "date moved across a year",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/notice.md", "date = 2024-03-01", "date = 2025-01-06")
			},
			want: []string{
				`content/2024/notice.md:3:1: warning: index "00001434-9/2024-00005" has year 2024 but the date is in 2025 (check the index or the date)`,
				`content/2024/notice.md:5:1: warning: published at /archive/2024/notice/ by the last build, now at /archive/2025/notice/: citations of the old address will break (keep the date in 2024, or redirect the old address on the web server)`,
			},
		},
		{
			name: "date moved within its year",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/notice.md", "date = 2024-03-01", "date = 2024-12-31")
			},
		},
		{
			name: "slug changed",
			before: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"yaodian\"\ngenre = ")
			},
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", `slug = "yaodian"`, `slug = "gongzuo-yaodian"`)
			},
			want: []string{
				`content/2024/plan.md:7:1: warning: published at /archive/2024/yaodian/ by the last build, now at /archive/2024/gongzuo-yaodian/: citations of the old address will break (set slug = "yaodian", or redirect the old address on the web server)`,
			},
		},
		{
			name: "slug and date changed",
			before: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"yaodian\"\ngenre = ")
			},
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", `slug = "yaodian"`, `slug = "gongzuo-yaodian"`)
				rewrite(t, site, "content/2024/plan.md", "date = 2024-02-26", "date = 2023-12-29")
			},
			want: []string{
				`content/2024/plan.md:3:1: warning: index "00001434-9/2024-00003" has year 2024 but the date is in 2023 (check the index or the date)`,
				`content/2024/plan.md:7:1: warning: published at /archive/2024/yaodian/ by the last build, now at /archive/2023/gongzuo-yaodian/: citations of the old address will break (keep the date in 2024 and set slug = "yaodian", or redirect the old address on the web server)`,
			},
		},
		{
			// The file name gave the old slug.
			name: "slug set",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"gongzuo-yaodian\"\ngenre = ")
			},
			want: []string{
				`content/2024/plan.md:7:1: warning: published at /archive/2024/plan/ by the last build, now at /archive/2024/gongzuo-yaodian/: citations of the old address will break (set slug = "plan", or redirect the old address on the web server)`,
			},
		},
		{
			// The file was renamed and given a slug line: the old slug
			// came from its old name, so the advice may not say "again".
			name: "file renamed and slug set",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"gongzuo-yaodian\"\ngenre = ")
				if err := os.Rename(filepath.Join(site, "content/2024/plan.md"), filepath.Join(site, "content/2024/yaodian.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				`content/2024/yaodian.md:7:1: warning: published at /archive/2024/plan/ by the last build, now at /archive/2024/gongzuo-yaodian/: citations of the old address will break (set slug = "plan", or redirect the old address on the web server)`,
			},
		},
		{
			// The file name gives the slug now; the catalogue does not
			// say whether a slug key or the file's old name gave the old one.
			name: "slug removed",
			before: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"yaodian\"\ngenre = ")
			},
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "slug = \"yaodian\"\n", "")
			},
			want: []string{
				`content/2024/plan.md:1:1: warning: published at /archive/2024/yaodian/ by the last build, now at /archive/2024/plan/: citations of the old address will break (rename the file to yaodian.md or set slug = "yaodian" in its front matter, or redirect the old address on the web server)`,
			},
		},
		{
			name: "file renamed",
			change: func(t *testing.T, site, _ string) {
				if err := os.Rename(filepath.Join(site, "content/2024/notice.md"), filepath.Join(site, "content/2024/sanba.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				`content/2024/sanba.md:1:1: warning: published at /archive/2024/notice/ by the last build, now at /archive/2024/sanba/: citations of the old address will break (rename the file to notice.md or set slug = "notice" in its front matter, or redirect the old address on the web server)`,
			},
		},
		{
			name: "file moved to another folder",
			change: func(t *testing.T, site, _ string) {
				if err := os.Rename(filepath.Join(site, "content/2024/notice.md"), filepath.Join(site, "content/notice.md")); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "made a draft",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/bureau.md", "category = ", "draft = true\ncategory = ")
			},
			want: []string{
				`content/2024/bureau.md:6:1: warning: published at /archive/2024/bureau/ by the last build, now a draft: citations of the address will break (remove draft = true if it should stay published)`,
			},
		},
		{
			name: "deleted",
			change: func(t *testing.T, site, _ string) {
				if err := os.Remove(filepath.Join(site, "content/2024/bureau.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				`content/: warning: published at /archive/2024/bureau/ by the last build as 71781755-2/2024-00027, which no document has now: citations of the address will break (restore its file if it was removed by mistake)`,
			},
		},
		{
			name: "deleted, and its number given to another address",
			change: func(t *testing.T, site, _ string) {
				if err := os.Remove(filepath.Join(site, "content/2024/bureau.md")); err != nil {
					t.Fatal(err)
				}
				rewrite(t, site, "content/2024/notice.md", "00001434-9/2024-00005", "71781755-2/2024-00027")
			},
			want: []string{
				`content/2024/notice.md:1:1: warning: published at /archive/2024/bureau/ by the last build, now at /archive/2024/notice/: citations of the old address will break (rename the file to bureau.md or set slug = "bureau" in its front matter, or redirect the old address on the web server)`,
			},
		},
		{
			name: "slugs swapped",
			before: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", "genre = ", "slug = \"yaodian\"\ngenre = ")
				rewrite(t, site, "content/2024/notice.md", "genre = ", "slug = \"sanba\"\ngenre = ")
			},
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/plan.md", `slug = "yaodian"`, `slug = "sanba"`)
				rewrite(t, site, "content/2024/notice.md", `slug = "sanba"`, `slug = "yaodian"`)
			},
			want: []string{
				`content/2024/notice.md:7:1: warning: published at /archive/2024/yaodian/ by the last build as 00001434-9/2024-00003, now the address of this document: citations of the address will show another document (set slug = "sanba")`,
				`content/2024/plan.md:7:1: warning: published at /archive/2024/sanba/ by the last build as 00001434-9/2024-00005, now the address of this document: citations of the address will show another document (set slug = "yaodian")`,
			},
		},
		{
			name: "file names swapped",
			change: func(t *testing.T, site, _ string) {
				dir := filepath.Join(site, "content/2024")
				for _, r := range [][2]string{{"notice.md", "x.md"}, {"bureau.md", "notice.md"}, {"x.md", "bureau.md"}} {
					if err := os.Rename(filepath.Join(dir, r[0]), filepath.Join(dir, r[1])); err != nil {
						t.Fatal(err)
					}
				}
			},
			want: []string{
				`content/2024/bureau.md:1:1: warning: published at /archive/2024/bureau/ by the last build as 71781755-2/2024-00027, now the address of this document: citations of the address will show another document (rename the file to notice.md or set slug = "notice" in its front matter)`,
				`content/2024/notice.md:1:1: warning: published at /archive/2024/notice/ by the last build as 00001434-9/2024-00005, now the address of this document: citations of the address will show another document (rename the file to bureau.md or set slug = "bureau" in its front matter)`,
			},
		},
		{
			name: "deleted, and its slug given to another document",
			change: func(t *testing.T, site, _ string) {
				if err := os.Remove(filepath.Join(site, "content/2024/bureau.md")); err != nil {
					t.Fatal(err)
				}
				rewrite(t, site, "content/2024/notice.md", "genre = ", "slug = \"bureau\"\ngenre = ")
			},
			want: []string{
				`content/2024/notice.md:7:1: warning: published at /archive/2024/bureau/ by the last build as 71781755-2/2024-00027, now the address of this document: citations of the address will show another document (set slug = "notice")`,
				`content/2024/notice.md:7:1: warning: published at /archive/2024/notice/ by the last build, now at /archive/2024/bureau/: citations of the old address will break (set slug = "notice", or redirect the old address on the web server)`,
			},
		},
		{
			name: "made a draft, and its slug given to a new document",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/bureau.md", "category = ", "draft = true\ncategory = ")
				if err := os.WriteFile(filepath.Join(site, "content/2024/yundonghui.md"), []byte("+++\ntitle = \"关于举办教职工运动会的通知\"\nindex = \"71781755-2/2024-00031\"\nissuer = \"测试区教育局\"\ndate = 2024-09-20\ncategory = \"通知公告\"\nslug = \"bureau\"\n+++\n请各单位组织报名。\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{
				`content/2024/yundonghui.md:7:1: warning: published at /archive/2024/bureau/ by the last build as 71781755-2/2024-00027, now the address of this document: citations of the address will show another document (give this document another slug)`,
			},
		},
		{
			name: "another document written in its file",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/bureau.md", "关于做好教师节慰问工作的通知", "关于举办教职工运动会的通知")
				rewrite(t, site, "content/2024/bureau.md", "71781755-2/2024-00027", "71781755-2/2024-00031")
			},
			want: []string{
				`content/2024/bureau.md:1:1: warning: published at /archive/2024/bureau/ by the last build as 71781755-2/2024-00027, now the address of this document: citations of the address will show another document (give this document another slug)`,
			},
		},
		{
			// The same document, with the same title: no other one.
			name: "index number corrected",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/bureau.md", "71781755-2/2024-00027", "71781755-2/2024-00028")
			},
		},
		{
			name:   "nothing changed",
			change: func(*testing.T, string, string) {},
		},
		{
			name:    "previous build offline",
			offline: true,
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "content/2024/notice.md", "date = 2024-03-01", "date = 2025-01-06")
			},
			want: []string{
				`content/2024/notice.md:3:1: warning: index "00001434-9/2024-00005" has year 2024 but the date is in 2025 (check the index or the date)`,
				`content/2024/notice.md:5:1: warning: published at /archive/2024/notice/ by the last build, now at /archive/2025/notice/: citations of the old address will break (keep the date in 2024, or redirect the old address on the web server)`,
			},
		},
		{
			name:    "previous build offline, nothing changed",
			offline: true,
			change:  func(*testing.T, string, string) {},
		},
		{
			name: "base URL changed",
			change: func(t *testing.T, site, _ string) {
				rewrite(t, site, "config.toml", `baseURL = "https://example.org/gk/"`, `baseURL = "https://gonghui.example.net/"`)
			},
		},
	}
	// The last build is only advice: a catalogue that cannot be read, or
	// none at all, gives no warning and does not fail the build.
	for _, catalog := range []string{"", "[", `[{"index":"71781755-2/2024-00027","url":"https://example.org/gk/archive/2024/bureau/"`, "not json", `{"index":"x"}`, `[{"index":"71781755-2/2024-00027"}]`, `[{"index":"71781755-2/2024-00027","url":"https://example.org/gk/topics/"}]`} {
		tests = append(tests, struct {
			name    string
			before  func(t *testing.T, site, dest string)
			change  func(t *testing.T, site, dest string)
			offline bool
			want    []string
		}{
			name: fmt.Sprintf("catalog.json %q, a document deleted", catalog),
			change: func(t *testing.T, site, dest string) {
				os.Remove(filepath.Join(site, "content/2024/bureau.md"))
				if err := os.WriteFile(filepath.Join(dest, "catalog.json"), []byte(catalog), 0o644); err != nil {
					t.Fatal(err)
				}
			},
		})
	}
	tests = append(tests, struct {
		name    string
		before  func(t *testing.T, site, dest string)
		change  func(t *testing.T, site, dest string)
		offline bool
		want    []string
	}{
		name: "no catalog.json, a document deleted",
		change: func(t *testing.T, site, dest string) {
			os.Remove(filepath.Join(site, "content/2024/bureau.md"))
			if err := os.Remove(filepath.Join(dest, "catalog.json")); err != nil {
				t.Fatal(err)
			}
		},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := t.TempDir()
			copyDir(t, "testdata/basic/site", site)
			dest := filepath.Join(t.TempDir(), "public")
			if tt.before != nil {
				tt.before(t, site, dest)
			}
			if _, err := Build(site, dest, Options{Theme: gongkai.Theme, Offline: tt.offline}); err != nil {
				t.Fatal(err)
			}
			tt.change(t, site, dest)
			res, err := Build(site, dest, Options{Theme: gongkai.Theme})
			if err != nil {
				t.Fatal(err)
			}
			if got := (problemList{list: res.Problems}).strings(); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMovedStrict: under --strict, a document moved fails the build, which
// leaves the published site as it was.
func TestMovedStrict(t *testing.T) {
	site := t.TempDir()
	copyDir(t, "testdata/basic/site", site)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(site, dest, Options{Theme: gongkai.Theme, Strict: true}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)
	os.Remove(filepath.Join(site, "content/2024/bureau.md"))
	_, err := Build(site, dest, Options{Theme: gongkai.Theme, Strict: true})
	var pe *ProblemError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 || !strings.Contains(pe.Problems[0].Message, "/archive/2024/bureau/") {
		t.Fatalf("strict build after a deletion: %v", err)
	}
	after := snapshot(t, dest)
	if len(after) != len(before) || after["/archive/2024/bureau/index.html"] == "" {
		t.Errorf("the failed build changed the published site")
	}
}

// TestMovedCatalogForms reads catalogues written by hand: each address is
// found whatever base URL the url has, relative or naming index.html,
// percent-encoded, and with escapes in its strings; past movedShown
// documents, the rest are counted in one warning.
func TestMovedCatalogForms(t *testing.T) {
	site, probs := Prepare(os.DirFS("testdata/basic/site"), Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, outputMark), []byte(outputMarkText), 0o644)
	check := func(catalog string, want ...string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, catalogFile), []byte(catalog), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := (problemList{list: Moved(site, dir)}).strings(); !slices.Equal(got, want) {
			t.Errorf("catalog %s:\n%s\nwant:\n%s", catalog, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	gone := func(addr, index string) string {
		return fmt.Sprintf("content/: warning: published at /%s by the last build as %s, which no document has now: citations of the address will break (restore its file if it was removed by mistake)", addr, index)
	}
	check(`[]`)
	check(" [ ] \n")
	// Each url but the last names a page the site publishes now.
	check(`[
 {"index": "00001434-9/2024-00003", "title": "a \"quoted\" title, {braces} and [brackets]", "keywords": ["a", "b\\"], "url": "https://old.example.net/archive/2024/plan/", "has_schedule": true},
 {"url": "archive/2024/notice/index.html", "index": "00001434-9/2024-00005"},
 {"index": "71781755-2\/2024-00027", "url": "../../archive/2024/bureau/"},
 {"index": "00001434-9/2023-00020", "url": "https://example.org/gk/archive/2023/summary/index.html", "nested": {"a": [1, {"b": "]"}]}},
 {"index": "x/2019-1", "url": "https://example.org/gk/archive/2019/gone/"}
]`, gone("archive/2019/gone/", "x/2019-1"))
	// A url naming no document's page: the whole catalogue is not read.
	check(`[{"index": "x/2024-1", "url": "https://example.org/gk/archive/2024/gone/"}, {"index": "00001434-9/2024-00003", "url": "https://example.org/gk/archive/plan/"}]`)
	// Escaped and percent-encoded, and gone.
	check(`[{"index": "a\u0026b/2024-1", "url": "https://example.org/gk/archive/2024/%E5%B7%A5%E4%BD%9C/"}]`,
		gone("archive/2024/工作/", "a&b/2024-1"))
	// The year of a document drafted is that of its address.
	check(`[{"index": "00001434-9/2024-00099", "url": "https://example.org/gk/archive/2023/secret-draft/"}]`,
		"content/2024/secret-draft.md:7:1: warning: published at /archive/2023/secret-draft/ by the last build, now a draft: citations of the address will break (remove draft = true if it should stay published)")

	var many []string
	var want []string
	for i := range movedShown + 5 {
		index := fmt.Sprintf("00001434-9/2019-%05d", i)
		addr := fmt.Sprintf("archive/2019/doc-%d/", i)
		many = append(many, fmt.Sprintf(`{"index":%q,"url":"https://example.org/gk/%s"}`, index, addr))
		if i < movedShown {
			want = append(want, gone(addr, index))
		}
	}
	want = append(want, "content/: warning: 5 more documents that the last build published at addresses that no longer show them, besides the 20 named: citations of them will break (see which documents were moved, made drafts or removed since)")
	check("["+strings.Join(many, ",")+"]", want...)
}

// TestMovedNeedsTheMark: a folder that is no build's output is not
// compared, whatever catalog.json it holds.
func TestMovedNeedsTheMark(t *testing.T) {
	site, _ := Prepare(os.DirFS("testdata/basic/site"), Options{})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, catalogFile), []byte(`[{"index":"x/2019-1","url":"https://example.org/gk/archive/2019/gone/"}]`), 0o644)
	if got := Moved(site, dir); got != nil {
		t.Errorf("unmarked folder: %v", got)
	}
	if got := Moved(site, filepath.Join(dir, "missing")); got != nil {
		t.Errorf("missing folder: %v", got)
	}
}

func TestDocumentAddress(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"https://example.org/archive/2024/plan/", "archive/2024/plan/"},
		{"https://example.org/gk/archive/2024/plan/", "archive/2024/plan/"},
		{"https://example.org/archive/archive/2024/plan/", "archive/2024/plan/"},
		{"https://example.org/gk/archive/2024/plan/index.html", "archive/2024/plan/"},
		{"archive/2024/plan/", "archive/2024/plan/"},
		{"archive/2024/plan/index.html", "archive/2024/plan/"},
		{"../../archive/2024/plan/", "archive/2024/plan/"},
		{"https://example.org/archive/2024/%E8%A6%81%E7%82%B9/", "archive/2024/要点/"},
		{"https://example.org/archive/2024/plan", ""},
		{"https://example.org/archive/2024/", ""},
		{"https://example.org/archive/year/plan/", ""},
		{"https://example.org/topics/2024/plan/", ""},
		{"https://example.org/archive/2024/plan/schedule/", ""},
		{"2024/plan/", ""},
		{"plan/", ""},
		{"/", ""},
		{"https://example.org/archive/2024/%zz/", ""},
	} {
		got, ok := documentAddress([]byte(tt.url))
		if string(got) != tt.want || ok != (tt.want != "") {
			t.Errorf("documentAddress(%q) = %q, %v; want %q", tt.url, got, ok, tt.want)
		}
	}
}

// FuzzMovedCatalog holds the catalogue's reader, which reads only what it
// needs of catalog.json, to what encoding/json makes of the same bytes:
// wherever the bytes are a JSON list of objects, valid UTF-8, the reader
// finds the same documents gone or with their address taken by another,
// or refuses the file exactly when a record has no index, a title that is
// not a string or a url that is not a document's. On any other bytes it
// may refuse them or not, but must not fail.
func FuzzMovedCatalog(f *testing.F) {
	f.Add([]byte(`[{"index":"00001434-9/2025-00006","title":"关于开展活动的通知","keywords":["三八妇女节","健步走"],"url":"https://example.org/gongkai/archive/2025/sanba-2025/","has_schedule":false},{"index":"A-2","url":"archive/2024/a/index.html"}]`))
	f.Add([]byte(`[{"index":"A\"1","url":"archive/2024/%E9%80%9A%E7%9F%A5/"},{"url":"../archive/2023/b/","index":"B\\2","x":{"y":[1,"]"]}}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"index":"A-1","url":"archive/24x/a/"}]`))
	f.Add([]byte(`[{"index":"B-1","title":"B","url":"archive/2024/a/"},{"index":"C-1","title":"A","url":"archive/2024/a/"},{"index":"D-1","title":5,"url":"archive/2024/d/"}]`))
	now := map[string]*Document{"archive/2024/a/": {Index: "A-1", Title: "A"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		gone, ok := unpublished(data, now)
		var recs []map[string]any
		if !utf8.Valid(data) || json.Unmarshal(data, &recs) != nil {
			return
		}
		var want []lastDoc
		wantOK := true
		for _, r := range recs {
			index, _ := r["index"].(string)
			title, titleOK := r["title"].(string)
			u, _ := r["url"].(string)
			addr, addrOK := documentAddress([]byte(u))
			if _, hasTitle := r["title"]; index == "" || hasTitle && !titleOK || u == "" || !addrOK {
				wantOK = false
				break
			}
			if d := now[string(addr)]; d == nil || d.Index != index && d.Title != title {
				want = append(want, lastDoc{index: index, addr: string(addr)})
			}
		}
		if !wantOK {
			want = nil
		}
		if ok != wantOK || !slices.Equal(gone, want) {
			t.Errorf("unpublished(%q) = %q, %v; encoding/json gives %q, %v", data, gone, ok, want, wantOK)
		}
	})
}
