// Package preview is the live preview behind gongkai serve: it builds a
// site into memory, serves it, rebuilds it when its files change and
// tells open pages to reload.
//
// The site served is always the last build that succeeded. A build that
// fails keeps it and adds an overlay listing each problem, with the
// source lines around it, to every HTML page served until a build
// succeeds again; except when the files as they stand withdraw a
// document that build published (it is now a draft, or its file is
// gone): then no file of it is served, and every address answers 503
// with the overlay until a build succeeds. Pages learn of rebuilds over
// Server-Sent Events: a page reloads when its own file changed (or the
// overlay came or went); a changed stylesheet is swapped in place.
package preview

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/generator"
)

// Server builds, serves and rebuilds one site. Its methods are safe for
// concurrent use; builds run one at a time.
type Server struct {
	source string
	fsys   fs.FS
	theme  fs.FS
	log    io.Writer
	quiet  time.Duration

	buildMu   sync.Mutex // one build at a time
	rebuilder *generator.Rebuilder

	mu       sync.RWMutex
	site     *snapshot // the last good build; nil until one succeeds
	problems []shownProblem
	overlay  []byte // the overlay's markup while the site has errors
	gen      int64  // counts the states pages have been served in

	// withheld, while the site has errors, lists the documents the last
	// good build published that are now drafts or gone. While it is not
	// empty no file of that build is served: it still holds every byte
	// of them, and the one promise about drafts is that none leaves the
	// files. Serving the rest of that build would mean taking them out
	// of every list, feed, calendar and search shard, which is what a
	// build does; a site that does not build cannot be trusted to do it.
	withheld []generator.Withdrawal

	hub      *hub
	timeouts timeouts

	onBuild func(BuildReport) // tests and benchmarks observe builds here
}

// Config says what to serve and how.
type Config struct {
	Source string            // the site folder
	Theme  fs.FS             // the embedded theme
	Build  generator.Options // Strict, Offline, NoMinify; LiveReload is set here
	Log    io.Writer         // one line per rebuild, and problems
	Quiet  time.Duration     // how long changes must settle before a build (default 15 ms)
}

// snapshot is one build's files, swapped whole into the server.
type snapshot struct {
	files map[string]*file
}

// file is one served file. Its ETag is computed on first request.
type file struct {
	data []byte
	once sync.Once
	etag string
}

func (f *file) tag() string {
	f.once.Do(func() {
		sum := sha256.Sum256(f.data)
		f.etag = hex.EncodeToString(sum[:12])
	})
	return f.etag
}

// New makes a server for the site in cfg.Source; it builds nothing
// until the first Rebuild. A site with errors still gives a server: it
// shows the problems until they are fixed.
func New(cfg Config) *Server {
	if cfg.Quiet == 0 {
		cfg.Quiet = defaultQuiet
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	opt := cfg.Build
	opt.Theme = cfg.Theme
	opt.LiveReload = template.HTML(liveScript)
	fsys := os.DirFS(cfg.Source)
	s := &Server{
		source: cfg.Source, fsys: fsys, theme: cfg.Theme, log: cfg.Log, quiet: cfg.Quiet,
		rebuilder: generator.NewRebuilder(fsys, opt),
		hub:       newHub(),
		timeouts:  defaultTimeouts,
	}
	return s
}

// defaultQuiet is how long changes must settle before a build, unless
// the Config says otherwise. An editor's save (a write, a rename, a change
// of mode) comes within a millisecond or two, well inside it; a longer
// wait would only delay every reload.
const defaultQuiet = 15 * time.Millisecond

// BuildReport says what one rebuild did.
type BuildReport struct {
	OK        bool
	Documents int      // published documents
	Changed   []string // files whose bytes changed
	Rendered  int
	Pages     int
	Problems  generator.Problems // errors and warnings
	Elapsed   time.Duration

	// Withheld, after a failed build, lists the documents of the last
	// good build that are now drafts or gone: while any is, nothing of
	// that build is served.
	Withheld []generator.Withdrawal
}

// Rebuild builds the site now and updates what is served. why names what
// changed, for the log line.
func (s *Server) Rebuild(why string) BuildReport { return s.rebuildChanged(why, nil) }

// rebuildChanged is Rebuild when only the files at *paths (relative to
// the site folder) can have changed since the last build; nil: any file.
func (s *Server) rebuildChanged(why string, paths *[]string) BuildReport {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	r := s.rebuild(why, paths)
	if s.onBuild != nil {
		s.onBuild(r)
	}
	return r
}

func (s *Server) rebuild(why string, paths *[]string) BuildReport {
	start := time.Now()
	var res *generator.Rebuild
	var err error
	if paths != nil {
		res, err = s.rebuilder.BuildChanged(*paths)
	} else {
		res, err = s.rebuilder.Build()
	}
	elapsed := time.Since(start)
	if err != nil {
		probs := problemsOf(res, err)
		var withheld []generator.Withdrawal
		if res != nil {
			withheld = res.Withdrawn
		}
		shown := s.showProblems(probs)
		s.mu.Lock()
		// A change of what is withheld reloads every page too: an open
		// page of a document just withdrawn must not stay on screen.
		changedOverlay := !sameProblems(s.problems, shown) || !slices.Equal(s.withheld, withheld)
		s.problems, s.withheld = shown, withheld
		// One state for the overlay and the log, so that the two say the
		// same of what is served.
		state := s.state()
		zh, en := failure(probs)
		s.overlay = renderOverlay(shown, zh, en, state, withheld)
		if changedOverlay {
			s.gen++
		}
		s.mu.Unlock()
		if changedOverlay {
			s.hub.notify(s.decide(nil, true))
		}
		s.logProblems(why, probs, withheld, state)
		return BuildReport{Problems: probs, Elapsed: elapsed, Withheld: withheld}
	}
	s.mu.Lock()
	prev := s.site
	var next *snapshot
	if prev != nil {
		// res.Changed lists every file added, changed or removed since the
		// last good build, which prev holds: the others keep their entries
		// (and their ETags).
		next = &snapshot{files: maps.Clone(prev.files)}
		for _, name := range res.Changed {
			if data, ok := res.Files[name]; ok {
				next.files[name] = &file{data: data}
			} else {
				delete(next.files, name)
			}
		}
	} else {
		next = &snapshot{files: make(map[string]*file, len(res.Files))}
		for name, data := range res.Files {
			next.files[name] = &file{data: data}
		}
	}
	hadErrors := s.problems != nil
	changed := res.Changed
	if prev == nil {
		changed = nil // every page reloads: there was no site before
	}
	s.site, s.problems, s.overlay, s.withheld = next, nil, nil, nil
	if hadErrors || len(changed) > 0 || prev == nil {
		s.gen++
	}
	s.mu.Unlock()
	s.hub.notify(s.decide(changed, hadErrors || prev == nil))
	if why != "" {
		fmt.Fprintf(s.log, "rebuilt after %s: %d %s in %s\n", why, res.Rendered, plural(res.Rendered, "page", "pages"), round(elapsed))
	}
	for _, p := range res.Problems {
		if !hadErrors && why != "" {
			break // warnings are printed once, with the first build or a fix
		}
		fmt.Fprintln(s.log, p)
	}
	return BuildReport{OK: true, Documents: res.Documents, Changed: res.Changed, Rendered: res.Rendered, Pages: res.Pages, Problems: res.Problems, Elapsed: elapsed}
}

// logProblems writes a failed build's problems to the log, and what is
// served in state: the state its overlay was rendered for.
func (s *Server) logProblems(why string, probs generator.Problems, withheld []generator.Withdrawal, state siteState) {
	if why != "" {
		fmt.Fprintf(s.log, "build failed after %s:\n", why)
	}
	for _, p := range probs {
		fmt.Fprintln(s.log, p)
	}
	_, en := failure(probs)
	fmt.Fprintf(s.log, "%s; ", en)
	switch state {
	case stateWithheld:
		fmt.Fprintf(s.log, "not serving the last good build: it shows %s; every address answers 503 with the problems until they are fixed\n", describeWithheld(withheld))
	case stateLastGood:
		fmt.Fprintln(s.log, "still serving the last good build, with the problems shown on every page")
	default:
		fmt.Fprintln(s.log, "every page shows the problems until they are fixed")
	}
}

// siteState is what a site with errors serves.
type siteState int

const (
	stateNoSite   siteState = iota // no build has succeeded: every address shows the problems
	stateLastGood                  // the last good build, under the overlay while there are errors
	stateWithheld                  // nothing: the last good build shows what is now withdrawn
)

// state says what is served; s.mu must be held.
func (s *Server) state() siteState {
	switch {
	case s.site == nil:
		return stateNoSite
	case len(s.withheld) > 0:
		return stateWithheld
	default:
		return stateLastGood
	}
}

// describeWithheld names the withdrawn documents for the log: the first
// three, and how many more.
func describeWithheld(ws []generator.Withdrawal) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s now withdrawn (", len(ws), plural(len(ws), "document", "documents"))
	for i, w := range ws {
		if i == 3 {
			fmt.Fprintf(&b, ", and %d more", len(ws)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		_, en := withdrawnWhy(w)
		fmt.Fprintf(&b, "%s: %s", w.Path, en)
	}
	b.WriteString(")")
	return b.String()
}

func (s *Server) hasProblems() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.problems != nil
}

// Files returns the files being served (the last good build, unless it
// is withheld), for tests.
func (s *Server) Files() map[string][]byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.state() != stateLastGood {
		return nil
	}
	out := make(map[string][]byte, len(s.site.files))
	for name, f := range s.site.files {
		out[name] = f.data
	}
	return out
}

// Problems returns the errors shown on every page, as path:line: message.
func (s *Server) Problems() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, len(s.problems))
	for i, p := range s.problems {
		out[i] = p.Text
	}
	return out
}

// Close ends every live-reload stream, so that the HTTP server can shut
// down without waiting for open tabs.
func (s *Server) Close() { s.hub.close() }

// problemsOf turns a failed build into problems: a site's own problems
// as they are, any other error (a template that does not parse or
// execute) one problem per line, with its place when the text names one.
func problemsOf(res *generator.Rebuild, err error) generator.Problems {
	var pe *generator.ProblemError
	if errors.As(err, &pe) {
		return pe.Problems
	}
	var probs generator.Problems
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			probs = append(probs, parseErrorLine(line))
		}
	}
	return probs
}

func sameProblems(a, b []shownProblem) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text || a[i].Context != b[i].Context {
			return false
		}
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func round(d time.Duration) time.Duration {
	if d < 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// lasting returns the paths (relative to source) that still exist, or
// all of them if none does: an editor saving by rename writes a
// temporary file first, which the log should not name for the file
// saved.
func lasting(source string, paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(filepath.Join(source, filepath.FromSlash(p))); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return paths
	}
	return out
}

// describe names a batch of changed files for the log: the first, and
// how many more.
func describe(paths []string) string {
	sort.Strings(paths)
	switch len(paths) {
	case 0:
		return "a change"
	case 1:
		return paths[0]
	default:
		return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
	}
}
