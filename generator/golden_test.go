package generator

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/*/want")

// goldenCases are the whole-site tests: testdata/<case>/site is built and
// every output file is compared with testdata/<case>/want. Output is not
// minified, so a diff of want/ reads as a review of the change.
var goldenCases = map[string]Options{
	"basic":      {NoMinify: true},
	"en-offline": {NoMinify: true, Offline: true},
}

func TestGolden(t *testing.T) {
	for name, opt := range goldenCases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			out := buildMem(t, os.DirFS(filepath.Join(dir, "site")), opt)
			// The theme's static files are copied as they are; keeping
			// copies of them here would only repeat static/.
			for name := range out.files {
				if isThemeStatic(name) {
					delete(out.files, name)
				}
			}
			want := filepath.Join(dir, "want")
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				for name, data := range out.files {
					p := filepath.Join(want, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			seen := map[string]bool{}
			err := filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel := filepath.ToSlash(strings.TrimPrefix(p, want+string(filepath.Separator)))
				seen[rel] = true
				wantData, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				got, ok := out.files[rel]
				if !ok {
					t.Errorf("%s: missing from the output", rel)
				} else if !bytes.Equal(got, wantData) {
					t.Errorf("%s differs from the golden file (run go test ./generator -update and review the diff):\n%s", rel, firstDiff(string(got), string(wantData)))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range out.names() {
				if !seen[n] {
					t.Errorf("%s: in the output but not in the golden files (run with -update)", n)
				}
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n  got:  " + gl + "\n  want: " + wl
		}
	}
	return ""
}

// isThemeStatic reports whether an output file is one of the embedded
// theme's static files, published unchanged.
func isThemeStatic(name string) bool {
	_, err := fs.Stat(gongkai.Theme, "static/"+name)
	return err == nil
}
