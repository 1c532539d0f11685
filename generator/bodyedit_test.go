package generator

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
)

// TestBodyEdit walks edits through BuildChanged and checks, after each,
// whether it was taken as an edit to one body alone and that the files
// are a full build's.
func TestBodyEdit(t *testing.T) {
	a := doc("现将工作要点印发给你们。", "现将工作要点印发给你们。参见[计划](index:00001434-9/2024-00002)。")
	b := doc("00001434-9/2024-00001", "00001434-9/2024-00002", "关于印发《2024年工作要点》的通知", "2024年工作计划")
	draft := withFront("draft = true")
	draft = strings.Replace(draft, "00001434-9/2024-00001", "00001434-9/2024-00003", 1)
	fsys := mapSite(map[string]string{"content/2024/a.md": a, "content/2024/b.md": b, "content/2024/draft.md": draft,
		"content/pages/guide.md": "+++\ntitle = \"指南\"\n+++\n指南正文。\n"})
	opt := Options{Theme: gongkai.Theme, LiveReload: `<script src="/_live.js"></script>`}
	retitled := strings.Replace(a, "关于印发", "关于再次印发", 1)
	rb := NewRebuilder(fsys, opt)
	if _, err := rb.Build(); err != nil {
		t.Fatal(err)
	}
	page := "archive/2024/a/index.html"
	for i, step := range []struct {
		name, path, data string
		body             bool   // taken as a body edit
		fails            bool   // the build fails
		changed          string // a file that must change, or "" for none
	}{
		{"body", "content/2024/a.md", a + "\n新增一段。\n", true, false, page},
		{"body again", "content/2024/a.md", a + "\n又改一段。\n", true, false, page},
		{"same bytes", "content/2024/a.md", a + "\n又改一段。\n", true, false, ""},
		{"draft body", "content/2024/draft.md", draft + "\n草稿新增。\n", true, false, ""},
		{"draft published", "content/2024/draft.md", strings.Replace(draft, "draft = true\n", "", 1), false, false, "archive/2024/draft/index.html"},
		{"published made draft", "content/2024/draft.md", draft, false, false, "archive/2024/draft/index.html"},
		{"title", "content/2024/a.md", retitled, false, false, page},
		// A space that moves no key parses the same: nothing to build.
		{"space in the front matter", "content/2024/a.md", strings.Replace(retitled, "title = ", "title =  ", 1), true, false, ""},
		{"line added to the front matter", "content/2024/a.md", strings.Replace(retitled, "title = ", "# 标题\ntitle = ", 1), false, false, ""},
		{"line gone from the front matter", "content/2024/a.md", retitled, false, false, ""},
		{"body after full", "content/2024/a.md", retitled + "\n第三段。\n", true, false, page},
		{"link to a draft", "content/2024/a.md", retitled + "\n见[草稿](index:00001434-9/2024-00003)。\n", false, true, ""},
		{"fixed", "content/2024/a.md", retitled + "\n第四段。\n", false, false, page},
		{"body after fix", "content/2024/a.md", retitled + "\n第五段。\n", true, false, page},
		{"link to a missing index", "content/2024/b.md", b + "\n见[无](index:00001434-9/2024-09999)。\n", false, true, ""},
		{"fixed b", "content/2024/b.md", b + "\n正文。\n", false, false, "archive/2024/b/index.html"},
		{"page body", "content/pages/guide.md", "+++\ntitle = \"指南\"\n+++\n新的指南正文。\n", false, false, "guide/index.html"},
		{"new link", "content/2024/b.md", b + "\n见[要点](index:00001434-9/2024-00001)。\n", true, false, "archive/2024/b/index.html"},
		// A link or an image by path is checked against the site and
		// points at another file's URL: a body with one before or after
		// the edit makes a full build.
		{"link by path", "content/2024/a.md", retitled + "\n见[计划](b.md#x)。\n", false, false, page},
		{"link by path gone", "content/2024/a.md", retitled + "\n第六段。\n", false, false, page},
		{"body after link by path", "content/2024/a.md", retitled + "\n第七段。\n", true, false, page},
		{"link by path to a draft", "content/2024/a.md", retitled + "\n见[草稿](draft.md)。\n", false, true, ""},
		{"fixed by path", "content/2024/a.md", retitled + "\n见[计划](b.md)。\n", false, false, page},
	} {
		fsys[step.path] = &fstest.MapFile{Data: []byte(step.data)}
		before := rb.bodyEdits
		got, err := rb.BuildChanged([]string{step.path})
		want, werr := fullBuild(fsys, opt)
		if (err != nil) != step.fails || (werr != nil) != step.fails {
			t.Fatalf("%d %s: rebuild error %v, full build error %v", i, step.name, err, werr)
		}
		if took := rb.bodyEdits > before; took != step.body {
			t.Errorf("%d %s: taken as a body edit: %v, want %v", i, step.name, took, step.body)
		}
		if step.fails {
			var pe *ProblemError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("%d %s: error %v, want problems", i, step.name, err)
			}
			continue
		}
		if diff := sameSite(got.Files, want); diff != "" {
			t.Fatalf("%d %s: %s", i, step.name, diff)
		}
		if step.changed == "" && len(got.Changed) > 0 {
			t.Errorf("%d %s: changed %v, want nothing", i, step.name, got.Changed)
		}
		if step.changed != "" && !contains(got.Changed, step.changed) {
			t.Errorf("%d %s: changed %v, want %s among them", i, step.name, got.Changed, step.changed)
		}
	}

	// An editor's temporary file, gone by the build, leaves a body edit
	// one; any other file named with it makes a full build.
	for i, extra := range []string{"content/2024/.a.md.swp", "content/2024/a.md.tmp", "config.toml", "content/2024/b.md"} {
		fsys["content/2024/b.md"] = &fstest.MapFile{Data: []byte(b + "\n第" + cnDigits[i+1] + "版。\n")}
		before := rb.bodyEdits
		got, err := rb.BuildChanged([]string{"content/2024/b.md", extra})
		if err != nil {
			t.Fatal(err)
		}
		want, err := fullBuild(fsys, opt)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameSite(got.Files, want); diff != "" {
			t.Fatalf("with %s: %s", extra, diff)
		}
		if took, want := rb.bodyEdits > before, i < 2; took != want {
			t.Errorf("with %s: taken as a body edit: %v, want %v", extra, took, want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
