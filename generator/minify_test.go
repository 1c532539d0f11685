package generator

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestMinifiedLayoutsMeanTheSame checks minifying the layouts once, at
// load, against minifying every finished page: passing both through the
// page minifier must give the same bytes, so the only difference is
// whitespace the minifier itself would have left or removed.
func TestMinifiedLayoutsMeanTheSame(t *testing.T) {
	m := newMinifier()
	for _, site := range []string{"testdata/basic/site", "testdata/en-offline/site"} {
		fsys := os.DirFS(site)
		small := buildMem(t, fsys, Options{})
		raw := buildMem(t, fsys, Options{NoMinify: true})
		pages := 0
		for name, page := range raw.files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			pages++
			want, err := m.Bytes("text/html", page)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Bytes("text/html", small.files[name])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s %s: differs at byte %d:\n got …%s…\nwant …%s…", site, name, i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
			}
			if len(small.files[name]) > len(page) {
				t.Errorf("%s %s: minified page is larger (%d bytes) than the unminified one (%d)", site, name, len(small.files[name]), len(page))
			}
		}
		if pages < 10 {
			t.Fatalf("%s: only %d pages", site, pages)
		}
	}
}
