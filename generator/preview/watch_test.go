package preview

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gongkai/gongkai"
)

// TestWatchSurvivesRapidChanges throws 1,000 saves, atomic saves,
// deletions, renames, editor temp files and folder creations, renames and
// removals at a watched site as fast as the disk takes them, then puts
// the site in order and expects the served files to become a fresh full
// build's, with no goroutine left behind.
func TestWatchSurvivesRapidChanges(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	writeSite(t, dir, 30)
	s := New(Config{Source: dir, Theme: gongkai.Theme, Quiet: 20 * time.Millisecond})
	w, err := s.Watch()
	if err != nil {
		t.Fatal(err)
	}
	s.Rebuild("")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	rng := rand.New(rand.NewPCG(1, 2))
	abs := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	start := time.Now()
	for i := 0; i < 1000; i++ {
		n := rng.IntN(45)
		p := genPath(n)
		switch rng.IntN(9) {
		case 0, 1: // a plain save
			writeFile(t, dir, p, genDoc(n, genTitle(n)+fmt.Sprint(i%3), ""))
		case 2: // an atomic save: a temp file renamed over the document
			writeFile(t, dir, p+"~", genDoc(n, genTitle(n), fmt.Sprintf("第%d次保存。\n", i)))
			os.Rename(abs(p+"~"), abs(p))
		case 3:
			os.Remove(abs(p))
		case 4: // a rename: the document moves to another slug
			os.Rename(abs(p), abs(genPath(rng.IntN(45))))
		case 5: // a folder appears with a document, or goes, or moves
			a, b := fmt.Sprintf("content/extra-%d", rng.IntN(3)), fmt.Sprintf("content/extra-%d", rng.IntN(3))
			switch rng.IntN(3) {
			case 0:
				writeFile(t, dir, a+"/sub/doc.md", genDoc(100+n, genTitle(100+n), ""))
			case 1:
				os.RemoveAll(abs(a))
			case 2:
				os.Rename(abs(a), abs(b))
			}
		case 6: // what editors leave behind
			for _, name := range []string{"4913", ".doc-00001.md.swp", ".doc-00001.md.swx", "doc-00001.md~", ".#doc-00001.md"} {
				writeFile(t, dir, "content/2021/"+name, "x")
				os.Remove(abs("content/2021/" + name))
			}
		case 7: // a broken save
			writeFile(t, dir, p, "+++\ntitle = \"\n+++\n")
		case 8: // a stylesheet, a layout, the config
			switch rng.IntN(3) {
			case 0:
				writeFile(t, dir, "static/css/site.css", fmt.Sprintf("body{margin:%dpx}", i))
			case 1:
				theme, _ := gongkai.Theme.ReadFile("layouts/page.html")
				writeFile(t, dir, "layouts/page.html", string(theme)+fmt.Sprintf("{{/* %d */}}", i))
			case 2:
				writeFile(t, dir, "config.toml", siteConfig+fmt.Sprintf("# %d\n", i))
			}
		}
		if i%100 == 99 {
			time.Sleep(30 * time.Millisecond) // let builds start in the middle of the storm
		}
	}
	// Put the site in order: a burst of its own.
	for _, sub := range []string{"2021", "2022", "2023", "2024", "2025", "extra-0", "extra-1", "extra-2"} {
		os.RemoveAll(abs("content/" + sub))
	}
	writeSite(t, dir, 25)
	t.Logf("1,000 changes in %s", time.Since(start).Round(time.Millisecond))

	want := fullBuild(t, dir)
	deadline := time.Now().Add(20 * time.Second)
	for {
		diff := diffSites(s.Files(), want)
		if diff == "" && len(s.Problems()) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the served site did not become the full build: %s; problems %v", diff, s.Problems())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s.Close()
	settleGoroutines(t, base)
}

func TestWatchIgnores(t *testing.T) {
	root := "/site"
	ws := &watchSet{root: root}
	for name, want := range map[string]bool{
		"/site/config.toml":              true,
		"/site/content/2024/a.md":        true,
		"/site/content/2024/files/a.pdf": true,
		"/site/layouts/base.html":        true,
		"/site/static/css/site.css":      true,
		"/site/content":                  true,
		"/site/public/index.html":        false,
		"/site/README.md":                false,
		"/site/.git/index":               false,
		"/site/content/2024/a.md~":       false,
		"/site/content/2024/.a.md.swp":   false,
		"/site/content/2024/a.md.swx":    false,
		"/site/content/2024/4913":        false,
		"/site/content/2024/.#a.md":      false,
		"/site/content/.hidden/a.md":     false,
		"/site/config.toml.swp":          false,
		"/elsewhere/content/2024/a.md":   false,
	} {
		_, got := ws.relevant(fsnotify.Event{Name: filepath.FromSlash(name), Op: fsnotify.Write})
		if got != want {
			t.Errorf("%s: relevant = %v, want %v", name, got, want)
		}
	}
	if _, ok := ws.relevant(fsnotify.Event{Name: "/site/content/a.md", Op: fsnotify.Chmod}); ok {
		t.Error("a permission change triggers a build")
	}
}

// TestWatchBuildsDuringEndlessChanges saves a document more often than
// the quiet time, for longer than maxWait: a build must still come about
// maxWait after the first save.
func TestWatchBuildsDuringEndlessChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("takes two seconds")
	}
	dir := t.TempDir()
	writeSite(t, dir, 5)
	s := New(Config{Source: dir, Theme: gongkai.Theme, Quiet: 300 * time.Millisecond})
	w, err := s.Watch()
	if err != nil {
		t.Fatal(err)
	}
	s.Rebuild("")
	builds := make(chan BuildReport, 16)
	s.onBuild = func(r BuildReport) { builds <- r }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	start := time.Now()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-builds:
			// (A build may come sooner on a loaded machine, where a save can
			// be late by more than the quiet time.)
			if d := time.Since(start); d > maxWait+time.Second {
				t.Errorf("built %v after the first save, want about %v", d, maxWait)
			}
			return
		case <-tick.C:
			if time.Since(start) > maxWait+2*time.Second {
				t.Fatalf("no build %v after the first of a stream of saves", time.Since(start))
			}
			writeFile(t, dir, genPath(1), genDoc(1, genTitle(1), fmt.Sprintf("第%d次保存。\n", i)))
		}
	}
}

// TestLastingNamesTheSavedFile: an editor saving by rename (sed -i,
// vim) makes a temporary file that is gone by the time the log names the
// change; the log names the file that was saved, or, when every changed
// file is gone (a deletion), those.
func TestLastingNamesTheSavedFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "2023"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "2023", "a.md"), []byte("x"), 0o644)
	if got := describe(lasting(dir, []string{"content/2023/sedkgez2O", "content/2023/a.md", "content/2023/sed4LWj8C"})); got != "content/2023/a.md" {
		t.Errorf("got %q, want the saved file alone", got)
	}
	if got := describe(lasting(dir, []string{"content/2023/gone.md"})); got != "content/2023/gone.md" {
		t.Errorf("got %q, want the deleted file", got)
	}
}
