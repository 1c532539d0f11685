package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestDirOutputStaysInside writes nested files from many goroutines, and
// through a symbolic link that leads out of the folder, which must fail
// without writing outside.
func TestDirOutputStaysInside(t *testing.T) {
	root := t.TempDir()
	dir, outside := filepath.Join(root, "out"), filepath.Join(root, "outside")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	out, err := newDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	parallel(200, func(i int) {
		name := fmt.Sprintf("archive/%d/doc-%d/index.html", 2000+i%7, i)
		if err := out.WriteFile(name, []byte(name)); err != nil {
			t.Error(err)
		}
	})
	for i := range 200 {
		name := fmt.Sprintf("archive/%d/doc-%d/index.html", 2000+i%7, i)
		if data, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(data) != name {
			t.Fatalf("%s: %q, %v", name, data, err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link/file", "link/sub/file", "../outside/file"} {
		if err := out.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("written outside the folder: %v", entries)
	}
}
