package generator

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gongkai/gongkai"
)

// atomFile is an Atom feed as a feed reader parses it.
type atomFile struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Author  string   `xml:"author>name"`
	Entries []struct {
		Title    string `xml:"title"`
		Author   string `xml:"author>name"`
		Category struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

// TestFeedDropsForbiddenCharacters gives the texts a feed shows U+FFFE
// and U+FFFF, which XML 1.0 forbids even as character references, and
// control characters, which it forbids too. The checks refuse all of
// them in a site's texts (heldControl), so they are put in after
// Prepare, as a program that makes its own Site can. The feeds leave
// them out, and keep everything else as written: tab, line feed and
// carriage return, DEL and the C1 controls, which XML allows.
func TestFeedDropsForbiddenCharacters(t *testing.T) {
	fsys := mapSite(map[string]string{"content/2024/a.md": doc(
		`title = "关于印发《2024年工作要点》的通知"`, `title = "关于印发《2024年工作要点》的通知\t"`,
		"+++\n各", "summary = \"摘要零\\r\\n换行\"\n+++\n各")})
	build := func(opt Options) *memOutput {
		site, probs := Prepare(fsys, opt)
		if probs.Errors() > 0 {
			t.Fatalf("site has errors:\n%v", probs)
		}
		cfg, d := site.Config, site.Documents[0]
		cfg.Title = "测试\u0001区教育工会\uFFFF"
		cfg.Categories[0].Name, cfg.Issuers[0].Name = "年度\u0002计划总结", "测试区\u001f教育工会"
		d.Title = "关于\u0001印发\u000b《2024年工作要点》\uFFFE的通知\t\u0085\u007f"
		d.Number, d.Summary = "示\u001b教", "摘要\u0000零\r\n换行"
		out := newMemOutput()
		if _, err := Generate(site, fsys, out, opt); err != nil {
			t.Fatalf("Generate: %v", err)
		}
		return out
	}
	for _, minify := range []bool{true, false} {
		out := build(Options{Theme: gongkai.Theme, NoMinify: !minify})
		for _, name := range []string{feedFile, topicsDir + "plans/" + feedFile} {
			data := out.files[name]
			if bytes.Contains(data, []byte("\uFFFD")) {
				t.Errorf("minify=%v: %s has U+FFFD where a character was:\n%s", minify, name, data)
			}
			var f atomFile
			if err := xml.Unmarshal(data, &f); err != nil {
				t.Fatalf("minify=%v: %s: %v", minify, name, err)
			}
			if len(f.Entries) != 1 {
				t.Fatalf("minify=%v: %s has %d entries, want 1", minify, name, len(f.Entries))
			}
			e := f.Entries[0]
			title := "测试区教育工会"
			if name != feedFile {
				title = "年度计划总结 · 测试区教育工会"
			}
			for _, c := range []struct{ what, got, want string }{
				{"title", f.Title, title},
				{"author", f.Author, "测试区教育工会"},
				{"entry title", e.Title, "关于印发《2024年工作要点》的通知\t\u0085\u007f"},
				{"entry author", e.Author, "测试区教育工会"},
				{"entry category", e.Category.Term, "年度计划总结"},
				{"entry summary", e.Summary, "00001434-9/2024-00001 · 示教 · 摘要零\r\n换行"},
			} {
				if c.got != c.want {
					t.Errorf("minify=%v: %s: %s is %q, want %q", minify, name, c.what, c.got, c.want)
				}
			}
		}
	}
}

// TestRobotsNote: a site whose baseURL is a folder of its host gets a
// note at its baseURL line, since no search engine reads the robots.txt
// the build writes there, saying what the host's own robots.txt needs; a
// site at a host's root gets none.
func TestRobotsNote(t *testing.T) {
	for _, tt := range []struct{ config, want string }{
		{`baseURL = "https://example.org/"`, ""},
		{`baseURL = "https://example.org"`, ""},
		{"title = \"t\"\n  baseURL = \"https://example.org/union/\"",
			`config.toml:2:3: note: search engines read robots.txt only at the root of a host, so they will not read https://example.org/union/robots.txt (to point them at the sitemap, add the line "Sitemap: https://example.org/union/sitemap.xml" to https://example.org/robots.txt)`},
		{`baseURL = "http://gonghui.example.net:8080/xinxi gongkai/2024"`,
			`config.toml:1:1: note: search engines read robots.txt only at the root of a host, so they will not read http://gonghui.example.net:8080/xinxi%20gongkai/2024/robots.txt (to point them at the sitemap, add the line "Sitemap: http://gonghui.example.net:8080/xinxi%20gongkai/2024/sitemap.xml" to http://gonghui.example.net:8080/robots.txt)`},
	} {
		var probs problemList
		if got := robotsNote(parseConfig([]byte(tt.config), &probs)); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.config, got, tt.want)
		}
	}

	// Build gives the note, and an offline build, opened from a disk
	// where no search engine comes, does not. robots.txt is the same.
	for _, offline := range []bool{false, true} {
		dest := t.TempDir()
		res, err := Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme, Offline: offline})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		if !offline {
			want = []string{`config.toml:3:1: note: search engines read robots.txt only at the root of a host, so they will not read https://example.org/gk/robots.txt (to point them at the sitemap, add the line "Sitemap: https://example.org/gk/sitemap.xml" to https://example.org/robots.txt)`}
		}
		if !slices.Equal(res.Notes, want) {
			t.Errorf("offline %v: notes %q, want %q", offline, res.Notes, want)
		}
		if robots, _ := os.ReadFile(filepath.Join(dest, robotsFile)); string(robots) != "User-agent: *\nAllow: /\nSitemap: https://example.org/gk/sitemap.xml\n" {
			t.Errorf("offline %v: robots.txt is %q", offline, robots)
		}
	}
}
