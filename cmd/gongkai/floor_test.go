package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFloor checks that the floor renders every body, without its front
// matter, to the page its path names.
func TestFloor(t *testing.T) {
	src, dest := t.TempDir(), filepath.Join(t.TempDir(), "out")
	must(t, os.MkdirAll(filepath.Join(src, "content", "2024"), 0o755))
	must(t, os.WriteFile(filepath.Join(src, "content", "2024", "a.md"), []byte("+++\ntitle = \"甲\"\n+++\n## 一、要求\n\n认真落实。\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(src, "content", "b.md"), []byte("正文\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(src, "content", "c.txt"), []byte("not Markdown"), 0o644))
	n, err := floor(filepath.Join(src, "content"), dest)
	if err != nil || n != 2 {
		t.Fatalf("floor = %d, %v; want 2 bodies", n, err)
	}
	for path, want := range map[string]string{
		"2024/a/index.html": "<h2>一、要求</h2>\n<p>认真落实。</p>\n",
		"b/index.html":      "<p>正文</p>\n",
	} {
		got, err := os.ReadFile(filepath.Join(dest, path))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", path, got, err, want)
		}
	}
}
