package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
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

// TestClaimMissingFolders follows what outputNames tells an output to
// make: the folders of a name no one has made yet, and one more level when
// a call that claimed the folder first has yet to make it.
func TestClaimMissingFolders(t *testing.T) {
	var o outputNames
	steps := []struct {
		claim, made string
		missing     int
	}{
		{claim: "index.html", missing: 0},
		{claim: "archive/2024/a/index.html", missing: 3},
		{claim: "archive/2024/a/schedule.ics", missing: 2}, // made by no one yet
		{made: "archive/2024/a"},
		{claim: "archive/2024/a/x.pdf", missing: 0},
		{claim: "archive/2024/b/index.html", missing: 1},
		{claim: "archive/2024/B2/x.pdf", missing: 1},
		{made: "archive/2024/B2"},
		{claim: "archive/2024/B2/y.pdf", missing: 0},
		{claim: "archive/2024/b/c/d.pdf", missing: 3},
	}
	for _, s := range steps {
		if s.made != "" {
			o.made(s.made)
			continue
		}
		missing, err := o.claim(s.claim)
		if err != nil || missing != s.missing {
			t.Errorf("claim(%s) = %d, %v; want %d", s.claim, missing, err, s.missing)
		}
	}
}

// TestDirOutputSharedFolders writes the files of new folders from many
// goroutines at once, each folder's files by several of them, so that
// calls meet folders another has claimed and not yet made.
func TestDirOutputSharedFolders(t *testing.T) {
	dir := t.TempDir()
	out, err := newDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	name := func(i int) string { return fmt.Sprintf("a/%d/b/%d/f%d", i%3, i%11, i) }
	parallel(400, func(i int) {
		if err := out.WriteFile(name(i), []byte(name(i))); err != nil {
			t.Error(err)
		}
	})
	for i := range 400 {
		if data, err := os.ReadFile(filepath.Join(dir, name(i))); err != nil || string(data) != name(i) {
			t.Fatalf("%s: %q, %v", name(i), data, err)
		}
	}
}

// TestOutputRefusesNameTwice gives each of the package's outputs names
// that clash, and wants the last of each list refused with the message
// shown, the first file kept as it was written.
func TestOutputRefusesNameTwice(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  string
	}{
		{"same file", []string{"a/index.html", "a/index.html"},
			"a/index.html: written twice in one build: two parts of the site are published at this address, and one would replace the other"},
		{"file, then a folder", []string{"archive/2024/schedule.ics", "archive/2024/schedule.ics/index.html"},
			"archive/2024/schedule.ics: written as a file and as a folder in one build: two parts of the site are published at this address"},
		{"folder, then a file", []string{"archive/2024/index.html/index.html", "archive/2024/index.html"},
			"archive/2024/index.html: written as a file and as a folder in one build: two parts of the site are published at this address"},
		{"files in other case", []string{"archive/2024/P1/index.html", "archive/2024/p1/index.html"},
			"archive/2024/p1/index.html: written in one build with archive/2024/P1/index.html, which differs only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one"},
		{"folders in other case", []string{"archive/2024/P1/index.html", "archive/2024/p1/a.pdf"},
			"archive/2024/p1: written in one build with archive/2024/P1, which differs only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one"},
		{"non-ASCII in other case", []string{"archive/2024/工作/Ǆ.pdf", "archive/2024/工作/ǆ.pdf"},
			"archive/2024/工作/ǆ.pdf: written in one build with archive/2024/工作/Ǆ.pdf, which differs only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one"},
	}
	outputs := map[string]func(t *testing.T) (Output, func(name string) string){
		"dir": func(t *testing.T) (Output, func(string) string) {
			dir := t.TempDir()
			out, err := newDirOutput(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { out.Close() })
			return out, func(name string) string {
				data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
				return string(data)
			}
		},
		"memory": func(t *testing.T) (Output, func(string) string) {
			out := NewMemoryOutput()
			return out, func(name string) string { return string(out.Files()[name]) }
		},
	}
	for kind, newOutput := range outputs {
		for _, tt := range tests {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				out, read := newOutput(t)
				last := len(tt.names) - 1
				for _, name := range tt.names[:last] {
					if err := out.WriteFile(name, []byte(name)); err != nil {
						t.Fatal(err)
					}
				}
				err := out.WriteFile(tt.names[last], []byte("second"))
				if err == nil || err.Error() != tt.want {
					t.Errorf("error %v, want %s", err, tt.want)
				}
				if got := read(tt.names[0]); got != tt.names[0] {
					t.Errorf("%s holds %q, want the first write", tt.names[0], got)
				}
				// CopyFile is refused alike.
				src := fstest.MapFS{"f": {Data: []byte("copy")}}
				if err := out.CopyFile(tt.names[0], src, "f"); err == nil {
					t.Errorf("CopyFile over %s: no error", tt.names[0])
				}
			})
		}
	}
}

// TestOutputOneWriterWins writes one name from many goroutines at once:
// exactly one write succeeds.
func TestOutputOneWriterWins(t *testing.T) {
	out, err := newDirOutput(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var wrote atomic.Int32
	parallel(64, func(int) {
		if out.WriteFile("archive/2024/schedule/index.html", []byte("x")) == nil {
			wrote.Add(1)
		}
	})
	if n := wrote.Load(); n != 1 {
		t.Errorf("%d writes succeeded, want 1", n)
	}
}

// TestGenerateRefusesNameTwice builds, without the checks that refuse
// it, a site whose document takes the year's schedule page: the build
// must fail naming the page, not keep whichever page was written last.
func TestGenerateRefusesNameTwice(t *testing.T) {
	fsys := mapSite(map[string]string{
		"content/2024/a.md": withFront("[[schedule]]\nmonth = 3\nitem = \"走访\""),
		"content/2024/b.md": doc("2024-00001", "2024-00002", "+++\n各", "slug = \"schedule\"\n+++\n各"),
	})
	site, _ := load(fsys, gongkai.Theme, nil, false) // Check would refuse the slug
	for _, out := range []Output{NewMemoryOutput(), newMemOutput()} {
		_, err := Generate(site, fsys, out, Options{Theme: gongkai.Theme})
		want := "archive/2024/schedule/index.html: written twice in one build"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%T: error %v, want one saying %s", out, err, want)
		}
	}
}
