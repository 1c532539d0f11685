package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDeterministic writes the same corpus twice and requires the same
// files, byte for byte, whatever the order the workers wrote them in.
func TestDeterministic(t *testing.T) {
	for _, write := range []func(string, Options) error{Write, WriteHugo} {
		a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
		opt := Options{Docs: 200, Seed: 3}
		if err := write(a, opt); err != nil {
			t.Fatal(err)
		}
		if err := write(b, opt); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			rel, _ := filepath.Rel(a, p)
			x, _ := os.ReadFile(p)
			y, err := os.ReadFile(filepath.Join(b, rel))
			if err != nil || !bytes.Equal(x, y) {
				t.Errorf("%s differs between two runs", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < opt.Docs {
			t.Errorf("%d files for %d documents", n, opt.Docs)
		}
	}
}

// TestRefusesNonEmpty keeps the generator from writing into a site.
func TestRefusesNonEmpty(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("x"), 0o644)
	if err := Write(dir, Options{Docs: 1}); err == nil {
		t.Error("wrote into a folder that was not empty")
	}
}
