package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReadSource checks that reading a source directly gives what
// fs.ReadFile gives, whatever the size the walk saw, and the same error.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"content/empty.md": "",
		"content/a.md":     testDoc,
		"content/big.md":   strings.Repeat("正文。\n", 5000),
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, root := range []string{dir, dir + "/"} {
		fsys := os.DirFS(root)
		for name, want := range files {
			info, err := fs.Stat(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []int64{info.Size(), 0, 3, info.Size() + 100} {
				got, err := readSource(fsys, sourceFile{path: name, info: sizedInfo{info, size}})
				if err != nil || !bytes.Equal(got, []byte(want)) || got == nil {
					t.Errorf("%s (size hint %d): %d bytes, %v; want %d bytes", name, size, len(got), err, len(want))
				}
			}
		}
		_, err := readSource(fsys, sourceFile{path: "content/missing.md"})
		_, want := fs.ReadFile(fsys, "content/missing.md")
		if err == nil || err.Error() != want.Error() {
			t.Errorf("missing file: %v, want %v", err, want)
		}
	}
}

// sizedInfo is a FileInfo with another size, as if the file changed
// after the walk.
type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (s sizedInfo) Size() int64 { return s.size }

// TestWalkContentOrder checks that walking the folders under content/
// in parallel lists files and problems in the order of a single walk.
func TestWalkContentOrder(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"content/0.md", "content/2023/a.md", "content/2023/b/c.md", "content/2023/files/x.pdf", "content/5.md", "content/2024/a.md", "content/2024/.hidden/h.md", "content/a.md", "content/pages/guide.md", "content/z/z.md"} {
		fsys[name] = &fstest.MapFile{Data: []byte("x")}
	}
	fsys["content/2023/link.md"] = &fstest.MapFile{Mode: fs.ModeSymlink}
	fsys["content/pipe"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	var probs problemList
	sources, files := walkContent(fsys, &probs)
	var got []string
	for _, s := range sources {
		got = append(got, s.path)
	}
	want := []string{"content/0.md", "content/2023/a.md", "content/2023/b/c.md", "content/2024/a.md", "content/5.md", "content/a.md", "content/pages/guide.md", "content/z/z.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
	if len(files) != 1 || files["content/2023/files/x.pdf"] != 1 {
		t.Errorf("files %v", files)
	}
	if len(probs.list) != 2 || probs.list[0].Path != "content/2023/link.md" || probs.list[1].Path != "content/pipe" {
		t.Errorf("problems %v", probs.list)
	}
}

// TestIsPage: a Markdown file is a plain page only in content/pages
// itself, and the walk and a rebuild's update of it say of each file
// what IsPage says.
func TestIsPage(t *testing.T) {
	for _, tc := range []struct {
		name string
		page bool
	}{
		{"content/pages/guide.md", true},
		{"content/pages/2024/guide.md", false}, // a folder under content/pages holds documents
		{"content/pages.md", false},
		{"content/2024/pages/guide.md", false},
		{"content/Pages/guide.md", false}, // names are matched as written, on any disk
		{`content/pages\guide.md`, false}, // io/fs paths separate with slashes only: one name in content/
		{"pages/guide.md", false},         // not in content/: no walk sees it
	} {
		if got := IsPage(tc.name); got != tc.page {
			t.Errorf("IsPage(%q) = %v, want %v", tc.name, got, tc.page)
		}
		if !strings.HasPrefix(tc.name, "content/") {
			continue
		}
		fsys := fstest.MapFS{tc.name: &fstest.MapFile{Data: []byte("x")}}
		var probs problemList
		sources, _ := walkContent(fsys, &probs)
		if len(sources) != 1 || sources[0].path != tc.name || sources[0].page != tc.page {
			t.Errorf("the walk of %q gives %+v, want page %v", tc.name, sources, tc.page)
		}
		w, ok := (&contentWalk{files: map[string]int64{}}).update(fsys, []string{tc.name})
		if !ok || len(w.sources) != 1 || w.sources[0].page != tc.page {
			t.Errorf("the update for %q gives %v, %+v, want page %v", tc.name, ok, w, tc.page)
		}
	}
}
