package generator

import (
	"os"
	"strings"
	"testing"

	"github.com/gongkai/gongkai"
)

// TestReservedNames holds the names the checks keep slugs off (names.go)
// to what a build writes: a site with every kind of page (a year's list
// on several pages, year and document schedules with their calendars,
// attachments, a plain page, feeds, the search data, a sitemap in parts)
// is built, and every name in the site's root and in a year's folder must
// be reserved there or be a slug's; every reserved name must be written,
// so that the lists hold no name the build has stopped writing either.
func TestReservedNames(t *testing.T) {
	fsys := os.DirFS("testdata/basic/site")
	opt := Options{Theme: gongkai.Theme, sitemap: sitemapLimit{10, sitemapMaxBytes}}
	site, probs := Prepare(fsys, opt)
	if probs.Errors() > 0 {
		t.Fatalf("site has errors:\n%v", probs)
	}
	out := buildMem(t, fsys, opt)

	root, year := reservedByFold(rootNames()), reservedByFold(yearNames())
	var ignored problemList
	static := staticNames(site, &ignored)
	pages := map[string]bool{}
	for _, pg := range site.Pages {
		pages[pg.URL] = true
	}
	docs := map[string]bool{}
	for _, d := range site.Published() {
		docs[d.URL] = true
	}
	rootUsed, yearUsed := map[string]bool{}, map[string]bool{}
	partsUsed := false
	for _, name := range out.names() {
		top, rest, folder := strings.Cut(name, "/")
		key := foldName(top)
		if _, ok := root[key]; ok {
			rootUsed[key] = true
		} else if _, ok := rootName(root, key); ok {
			partsUsed = true
		} else if _, ok := static[key]; !ok && !(folder && pages[top+"/"]) {
			t.Errorf("%s: the build writes %q in the site's root, which the checks do not keep page slugs off (add it to rootNames)", name, top)
		}
		y, rest, inYear := strings.Cut(rest, "/")
		if top+"/" != archiveDir || !inYear || !isDigits(y) {
			continue
		}
		entry, _, folder := strings.Cut(rest, "/")
		key = foldName(entry)
		if _, ok := year[key]; ok {
			yearUsed[key] = true
		} else if !(folder && docs[yearURL(atoi(y))+entry+"/"]) {
			t.Errorf("%s: the build writes %q in a year's folder, which the checks do not keep document slugs off (add it to yearNames)", name, entry)
		}
	}
	for key, n := range root {
		if !rootUsed[key] {
			t.Errorf("rootNames reserves %q, which the build does not write (remove it, or give the test site what makes it)", n.name)
		}
	}
	if !partsUsed {
		t.Errorf("rootName reserves the sitemap's parts, sitemap-<number>.xml, which the build does not write (give the test site more pages than a sitemap file holds)")
	}
	for key, n := range year {
		if !yearUsed[key] {
			t.Errorf("yearNames reserves %q, which the build does not write (remove it, or give the test site what makes it)", n.name)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = 10*n + int(c-'0')
	}
	return n
}

// TestFoldName checks that names fold alike exactly when
// strings.EqualFold takes them as equal, and that a lower-case ASCII
// name is its own fold.
func TestFoldName(t *testing.T) {
	names := []string{"schedule", "Schedule", "SCHEDULE", "index.html", "INDEX.HTML", "kelvin", "\u212aelvin", "Kelvin",
		"ſ", "s", "S", "Straße", "STRASSE", "工作要点", "Ǆ", "ǅ", "ǆ", "Σ", "σ", "ς", "page", "p\u0430ge"}
	for _, a := range names {
		for _, b := range names {
			if got, want := foldName(a) == foldName(b), strings.EqualFold(a, b); got != want {
				t.Errorf("foldName(%q) == foldName(%q) is %v, but EqualFold says %v", a, b, got, want)
			}
		}
	}
	for _, s := range []string{"schedule", "gongzuo-yaodian-2024", "index.html", "a_b.c~d"} {
		if f := foldName(s); f != s {
			t.Errorf("foldName(%q) = %q, want it unchanged", s, f)
		}
	}
}

// TestPathsTwin: a tool that writes into content/ learns of the file,
// document or page whose path is the one it would write in other letter
// case, and of the folder whose path is that of a folder it would write
// in, or of the file or folder that a file or folder of its differs so
// from, as check compares them; a path spelled as the site's files are
// is free.
func TestPathsTwin(t *testing.T) {
	site := &Site{
		Files:     map[string]int64{"content/2024/files/Photo.PNG": 1, "content/2023/Files/a.pdf": 1},
		Documents: []*Document{{Path: "content/2024/Notice.md"}, {Path: "content/2024/plan.md"}, {Path: "content/Imported/2022/x.md"}},
		Pages:     []*Page{{Path: "content/pages/About.md"}},
	}
	for p, want := range map[string][2]string{
		"content/2024/files/photo.png":  {"content/2024/files/photo.png", "content/2024/files/Photo.PNG"},
		"content/2024/notice.md":        {"content/2024/notice.md", "content/2024/Notice.md"},
		"content/2024/NOTICE.md":        {"content/2024/NOTICE.md", "content/2024/Notice.md"},
		"content/pages/about.md":        {"content/pages/about.md", "content/pages/About.md"},
		"content/2023/files/b.pdf":      {"content/2023/files", "content/2023/Files"},
		"content/2024/Files/x.pdf":      {"content/2024/Files", "content/2024/files"},
		"content/imported/2022/Files/y": {"content/imported", "content/Imported"},
		"Content/2024/plan-2.md":        {"Content", "content"},
		"content/2024/notice.md/x.pdf":  {"content/2024/notice.md", "content/2024/Notice.md"},
		"content/2024/Files":            {"content/2024/Files", "content/2024/files"},
		"content/2024/Notice.md":        {},
		"content/2024/plan.md":          {},
		"content/2024/plan-2.md":        {},
		"content/2023/Files/b.pdf":      {},
		"content/Imported/2022/files/y": {},
		// A file with a folder, and a folder with a file.
		"content/2024/FILES":           {"content/2024/FILES", "content/2024/files"},
		"content/2024/Files.pdf":       {},
		"content/2024/notice.MD/x.pdf": {"content/2024/notice.MD", "content/2024/Notice.md"},
		"content/pages/about.md/y.png": {"content/pages/about.md", "content/pages/About.md"},
	} {
		if own, twin := site.Paths().Twin(p); own != want[0] || twin != want[1] {
			t.Errorf("Twin(%q) = %q, %q, want %q, %q", p, own, twin, want[0], want[1])
		}
	}
}
