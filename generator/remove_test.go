package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestRemoveTree removes a tree of nested folders, a large folder and
// symbolic links, whose targets must stay.
func TestRemoveTree(t *testing.T) {
	root := t.TempDir()
	keep := filepath.Join(root, "keep")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(keep, "inside"), 0o755))
	must(os.WriteFile(filepath.Join(keep, "inside", "file"), []byte("x"), 0o644))
	tree := filepath.Join(root, "tree")
	for i := range 40 {
		dir := filepath.Join(tree, fmt.Sprint(i%7), fmt.Sprint(i), "a", "b")
		must(os.MkdirAll(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, "f.txt"), []byte("data"), 0o644))
	}
	must(os.MkdirAll(filepath.Join(tree, "big"), 0o755))
	for i := range 1500 {
		must(os.WriteFile(filepath.Join(tree, "big", fmt.Sprint(i)), nil, 0o644))
	}
	must(os.MkdirAll(filepath.Join(tree, "empty", "empty"), 0o755))
	must(os.Symlink(keep, filepath.Join(tree, "link")))
	must(os.Symlink(filepath.Join(keep, "inside"), filepath.Join(tree, "0", "link")))
	must(removeTree(tree))
	if _, err := os.Lstat(tree); !os.IsNotExist(err) {
		t.Fatalf("tree still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(keep, "inside", "file")); err != nil {
		t.Fatalf("a link's target was removed: %v", err)
	}
	must(removeTree(tree)) // nothing there: no error, as os.RemoveAll
}
