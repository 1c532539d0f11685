package preview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// inputDirs are the folders of a site whose files make the site, watched
// with every folder inside them. config.toml is watched through the site
// folder itself; nothing else there is (the output folder, notes, .git).
var inputDirs = []string{"content", "layouts", "static"}

// maxWait bounds how long a stream of changes that never settles for
// the quiet time can put a build off: a build comes at least this long
// after the first change pending.
const maxWait = time.Second

// rescanEvery is how often, while no change is pending, the watcher has
// the whole site looked at again rather than trusting events alone.
const rescanEvery = time.Minute

// Watcher rebuilds a server's site when its input changes.
type Watcher struct {
	s  *Server
	ws *watchSet
}

// Watch starts watching the site's input folders and config.toml. Changes
// made from now on are seen, even before Run: build the site after
// calling Watch and nothing slips between the build and the watching.
func (s *Server) Watch() (*Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(s.source)
	if err != nil {
		w.Close()
		return nil, err
	}
	ws := &watchSet{w: w, root: root, watched: map[string]bool{}, log: func(format string, args ...any) { fmt.Fprintf(s.log, format, args...) }}
	ws.sync()
	return &Watcher{s: s, ws: ws}, nil
}

// Run rebuilds the site whenever its input changes, until ctx ends, then
// stops watching. Changes are gathered until they have been quiet for the
// server's quiet time (each change starts it again, up to maxWait after the
// first) and built at once; changes made during a build wait for the next
// one.
func (wt *Watcher) Run(ctx context.Context) error {
	s, ws, w := wt.s, wt.ws, wt.ws.w
	defer w.Close()
	pending := map[string]bool{}
	// A build looks only at the files the events name, unless events may
	// have been lost (the system's queue overflowed, a folder could not be
	// watched): then it walks the whole content folder. A walk also comes
	// every rescanEvery while nothing is pending, in case the system
	// dropped an event without saying so.
	walk := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var first time.Time // when the first pending change came
	settle := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(min(s.quiet, max(0, maxWait-now.Sub(first))))
	}
	rescan := time.NewTicker(rescanEvery)
	defer rescan.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-rescan.C:
			if len(pending) == 0 && !walk && !s.hasProblems() {
				s.buildMu.Lock()
				s.rebuild("", nil)
				s.buildMu.Unlock()
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, ok := ws.relevant(ev)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				ws.addTree(ev.Name) // a new folder: watch it before files land in it
			}
			settle()
			pending[rel] = true
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				settle()
				pending["(too many changes to list)"] = true
				walk = true
				continue
			}
			fmt.Fprintf(s.log, "watching: %v\n", err)
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			first = time.Time{}
			why := describe(lasting(s.source, paths))
			if walk || ws.warned {
				s.Rebuild(why)
			} else {
				s.rebuildChanged(why, &paths)
			}
			walk = false
			ws.sync() // folders created or removed meanwhile
		}
	}
}

// watchSet keeps the watcher on exactly the site's input folders.
type watchSet struct {
	w       *fsnotify.Watcher
	root    string
	watched map[string]bool
	log     func(format string, args ...any)
	warned  bool
}

// relevant returns the site-relative path of an event on an input file,
// or false for everything a build does not read: permission changes,
// hidden files, editor back-ups and swap files, files outside the input
// folders.
func (ws *watchSet) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return "", false
	}
	rel, err := filepath.Rel(ws.root, ev.Name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	segs := strings.Split(rel, "/")
	for _, seg := range segs {
		if ignoredName(seg) {
			return "", false
		}
	}
	if rel == "config.toml" {
		return rel, true
	}
	for _, dir := range inputDirs {
		if segs[0] == dir {
			return rel, true
		}
	}
	return "", false
}

// ignoredName reports names that never make a site: hidden files
// (including Emacs's .#locks and Vim's .swp files), back-ups ending in
// ~, and the 4913 file Vim writes to test a folder.
func ignoredName(name string) bool {
	return name == ".." || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || name == "4913"
}

// sync walks the input folders and watches each folder found, dropping
// watches on folders that are gone.
func (ws *watchSet) sync() {
	want := map[string]bool{ws.root: true}
	for _, dir := range inputDirs {
		ws.walk(filepath.Join(ws.root, dir), want)
	}
	for dir := range want {
		if !ws.watched[dir] {
			ws.add(dir)
		}
	}
	var gone []string
	for dir := range ws.watched {
		if !want[dir] {
			gone = append(gone, dir)
		}
	}
	sort.Strings(gone)
	for _, dir := range gone {
		ws.unwatch(dir)
		delete(ws.watched, dir)
	}
}

// unwatch stops watching a folder that is gone; the system may have
// dropped its watch already. fsnotify's inotify backend can then fail
// inside Remove with a nil dereference: its table of watches loses the
// folder's entry while the kernel's events are read, and Remove finds
// the path without its watch (a race in its bookkeeping, fsnotify
// issue 616, still there in 1.10). The folder is gone either way, so
// that runtime error is taken as "already removed"; Remove's lock is
// released by its own defer.
func (ws *watchSet) unwatch(dir string) {
	defer func() {
		if r := recover(); r != nil {
			if _, isRuntime := r.(runtime.Error); !isRuntime {
				panic(r)
			}
		}
	}()
	ws.w.Remove(dir)
}

// addTree watches a new folder and every folder inside it. A folder may
// have been removed and made again under the same name since it was
// last watched, and the system dropped the old watch with the old
// folder: each is watched again whatever ws.watched says (watching a
// folder twice is harmless).
func (ws *watchSet) addTree(dir string) {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() {
		return
	}
	found := map[string]bool{}
	ws.walk(dir, found)
	for d := range found {
		ws.add(d)
	}
}

func (ws *watchSet) walk(top string, into map[string]bool) {
	filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fs.SkipDir // gone or unreadable: the build reports what matters
		}
		if !d.IsDir() {
			return nil
		}
		if p != top && ignoredName(d.Name()) {
			return fs.SkipDir
		}
		into[p] = true
		return nil
	})
}

func (ws *watchSet) add(dir string) {
	if err := ws.w.Add(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return // removed since the walk
		}
		if !ws.warned {
			ws.log("watching %s: %v (changes there may need a restart of gongkai serve)\n", dir, err)
			ws.warned = true
		}
		return
	}
	ws.watched[dir] = true
}
