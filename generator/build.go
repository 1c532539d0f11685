package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/search"
)

// Options change how a site is built.
type Options struct {
	Offline    bool          // links name index.html, for browsing from a disk
	NoMinify   bool          // write HTML, CSS, JS and XML as rendered
	Strict     bool          // warnings fail the build too
	LiveReload template.HTML // a script added to every page (serve only)
	Theme      fs.FS         // the embedded theme: layouts/ and static/
	Timings    io.Writer     // when set, each stage's duration is written here

	slowTemplates bool         // tests: render every page through html/template alone
	sitemap       sitemapLimit // tests: the limits of one sitemap file, when not the protocol's
	once          bool         // Build and Inspect: documents keep no body once checked (see renderer.source), and Build lets go of what it no longer needs as it goes
}

// Result says what a build did.
type Result struct {
	Documents int // published documents
	Drafts    int
	Pages     int // HTML pages written
	Files     int // every file written, pages included
	Problems  Problems
	Notes     []string // what Build tells beside the problems: nothing wrong, but worth knowing
	Elapsed   time.Duration

	slowPages int64 // pages the fast template executor left to html/template
}

// Summary is the one line a build prints.
func (r *Result) Summary(dest string) string {
	return fmt.Sprintf("built %s, %s in %s → %s", count(r.Documents, "document"), count(r.Pages, "page"), r.Elapsed.Round(time.Millisecond), dest)
}

// Prepare runs the stages that read and check input: load, then check.
// Problems come back sorted; the site is usable only if none is an error
// (or a warning, under Strict).
func Prepare(fsys fs.FS, opt Options) (*Site, Problems) {
	site, probs := load(fsys, opt.Theme, nil, opt.once)
	probs = append(probs, Check(site)...)
	probs.Sort()
	return site, probs
}

// Inspect is Prepare for a caller that only reports problems, such as
// gongkai check: the problems are the same, but no document keeps its
// Markdown body (each is read into a reused buffer, checked and let go),
// so the sources of a large archive are never in memory at once.
// Generate reads each body again as its page is rendered.
//
// With opt.Theme set, it also parses the layouts (the site's own and the
// theme's), as a build would, and reports each one that does not parse
// and each call of a template a kind of page lacks.
func Inspect(fsys fs.FS, opt Options) (*Site, Problems) {
	opt.once = true
	site, probs := Prepare(fsys, opt)
	if opt.Theme != nil {
		probs = append(probs, layoutProblems(themeFS{site: fsys, theme: opt.Theme}, templateFuncs())...)
		probs.Sort()
	}
	return site, probs
}

// stageTimer returns a function that writes, to opt.Timings, how long
// the stage it names took since the timer started or last wrote.
func (opt Options) stageTimer() func(name string) {
	if opt.Timings == nil {
		return func(string) {}
	}
	last, lastCPU := time.Now(), cpuTime()
	return func(name string) {
		now, cpu := time.Now(), cpuTime()
		fmt.Fprintf(opt.Timings, "  %-20s %7.1f ms", name, float64(now.Sub(last).Microseconds())/1000)
		if cpu > 0 {
			// CPU time shows how well a stage uses the cores: about the
			// number of cores times the wall time when it uses them all.
			fmt.Fprintf(opt.Timings, "  (CPU %7.1f ms)", float64((cpu-lastCPU).Microseconds())/1000)
		}
		fmt.Fprintln(opt.Timings)
		last, lastCPU = now, cpu
	}
}

// failed reports whether problems stop the build.
func failed(probs Problems, strict bool) bool {
	return probs.Errors() > 0 || (strict && len(probs) > 0)
}

// Generate renders an assembled site into out: every page, feed, index
// file, attachment and static file. The static files are those found
// when the site was loaded, so a site built with a theme is loaded by
// Prepare with that theme.
func Generate(site *Site, fsys fs.FS, out Output, opt Options) (*Result, error) {
	return generate(site, fsys, out, opt, nil)
}

// generate is Generate with an optional cache of the previous build's
// files (see renderCache): with one, out must be the cache's memory
// output, and pages whose inputs did not change keep their bytes.
func generate(site *Site, fsys fs.FS, out Output, opt Options, cache *renderCache) (*Result, error) {
	// The static files are those load found (see copyStatic): a site
	// loaded without the theme would be published without the theme's
	// stylesheet and scripts, and nothing would say so.
	if opt.Theme != nil && site.theme == nil {
		return nil, errors.New("the site was loaded without a theme, so the theme's static files would not be published (load it by Prepare with the Options given to Generate)")
	}
	stage := opt.stageTimer()
	// The search tokenizer's tables, built on a core that the mostly
	// serial assembling and listing below leave idle.
	go search.Prepare()
	archive := Assemble(site)
	stage("assemble")
	t := themeFS{site: fsys, theme: opt.Theme}
	funcs := templateFuncs()
	// The layouts' sum says whether a rebuild can take the last build's
	// templates, and whether they are the theme's, compiled to Go.
	sum, sumErr := layoutsSum(t)
	// A rebuild whose layouts are those of the last build takes that
	// build's templates, already parsed and escaped.
	var tc *templateCache
	if cache != nil && cache.templates != nil {
		if sumErr == nil {
			if cache.templates.sum == sum && cache.templates.set != nil {
				tc = cache.templates
			} else {
				*cache.templates = templateCache{sum: sum}
			}
		} else {
			*cache.templates = templateCache{}
		}
	}
	var templates map[string]*template.Template
	var err error
	if tc != nil {
		templates = tc.set
	} else if templates, err = loadTemplates(t, funcs, !opt.NoMinify); err != nil {
		return nil, err
	}
	if d, ok := out.(*dirOutput); ok {
		// A build writes about four names for each document: its page,
		// the page's folder, its calendar or search result file, lists.
		d.names.expect(4 * len(archive.Docs))
	}
	raw := out
	if !opt.NoMinify {
		out = minifying{Output: out, m: newMinifier()}
	}
	r := &renderer{archive: archive, cfg: site.Config, templates: templates, md: newMarkdown(site.Config.RawHTML), opt: opt,
		out: out, raw: raw, content: fsys, cache: cache, bodiless: site.bodiless, plain: make([]string, len(archive.Docs)), docPos: make(map[*Document]int, len(archive.Docs))}
	for i, d := range archive.Docs {
		r.docPos[d] = i
	}
	switch {
	case tc != nil:
		r.fast = tc.fast
	case !opt.slowTemplates:
		// The embedded theme's layouts, minified, have been compiled to Go.
		var compiled map[string]func(*bytes.Buffer, *pageData) error
		if !opt.NoMinify && sumErr == nil && sum == themeSum {
			compiled = themeKinds
		}
		r.fast = fastTemplates(templates, funcs, func(kind string) any { return r.newPage(kind, "", "") }, compiled)
	}
	if tc == nil && cache != nil && cache.templates != nil && cache.templates.sum != "" {
		cache.templates.set, cache.templates.fast = templates, r.fast
	}
	stage("templates")
	jobs := r.jobs()
	stage("list pages")
	if opt.once {
		defer limitMemory(site.dropped)()
	}
	if cache != nil {
		if err := cache.begin(r, t); err != nil {
			return nil, err
		}
		cache.listed(r, jobs)
	}
	// The search page shows the number of shards of the search data, known
	// once the index is built: it is rendered last.
	pages, late := lastSearchPage(jobs)
	if failures, errs := r.renderJobs(pages); len(failures) > 0 || len(errs) > 0 {
		// Its layouts' problems are reported with the others', a layout
		// that fails on every page once.
		f, e := r.renderJobs(late)
		return nil, r.renderError(append(failures, f...), append(errs, e...))
	}
	stage("render pages")
	if cache != nil {
		cache.keepPlain(r)
	}
	shards, err := r.searchIndex()
	if err != nil {
		return nil, err
	}
	for _, j := range late {
		j.data.Shards = shards
	}
	if err := r.render(late); err != nil {
		return nil, err
	}
	stage("search index")
	if opt.once {
		// The bodies' text (see searchIndex) and the index's working
		// memory are garbage now. Collecting here, once, lets the rest of
		// the build start from what is still live, instead of from a heap
		// the collector allowed to grow to twice the search index stage's.
		// The collection runs beside the data files rather than before
		// them: runtime.GC's caller waits for the whole cycle and its
		// sweep, with little for the other core to do.
		go runtime.GC()
	}
	cfg := site.Config
	nfiles, err := r.writeDataFiles(jobs)
	if err != nil {
		return nil, err
	}
	if err := r.put(robotsFile, robots(cfg)); err != nil {
		return nil, err
	}
	nfiles++
	stage("data files")
	if err := r.copyAttachments(); err != nil {
		return nil, err
	}
	if err := r.copyStatic(site); err != nil {
		return nil, err
	}
	stage("attachments, static")
	res := &Result{Documents: len(archive.Docs), Drafts: len(site.Documents) - len(archive.Docs), Pages: len(jobs), Files: len(jobs) + nfiles,
		slowPages: r.slowPages.Load()}
	return res, nil
}

// Build is the whole pipeline for the command line: load → check →
// assemble → render → write, into a new folder beside dest that replaces
// dest only when everything succeeded. A failed or interrupted build
// leaves dest exactly as it was.
func Build(source, dest string, opt Options) (*Result, error) {
	start := time.Now()
	stage := opt.stageTimer()
	fsys := os.DirFS(source)
	// The destination is checked before the site is read: a mistaken
	// --dest should not wait for a large archive to load.
	dest, err := resolveDest(source, dest)
	if err != nil {
		return nil, &DestError{Reason: err.Error()}
	}
	// The bodies are read again one by one as their pages are rendered
	// (see renderer.source): holding every source from load to render
	// would be most of the memory of a large build.
	opt.once = true
	site, probs := Prepare(fsys, opt)
	stage("load, check")
	if moved := Moved(site, dest); len(moved) > 0 {
		probs = append(probs, moved...)
		probs.Sort()
	}
	stage("compare last build")
	if failed(probs, opt.Strict) {
		return &Result{Problems: probs}, &ProblemError{Problems: probs}
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(dest)
	tmp, err := os.MkdirTemp(parent, tempPrefix(dest, "new"))
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // a no-op once the folder has been swapped in
	out, err := newDirOutput(tmp)
	if err != nil {
		return nil, err
	}
	res, err := Generate(site, fsys, out, opt)
	out.Close()
	if pe := (*ProblemError)(nil); errors.As(err, &pe) {
		// A layout's problems, found while rendering, with the site's
		// warnings.
		all := append(slices.Clone(probs), pe.Problems...)
		all.Sort()
		return &Result{Problems: all}, &ProblemError{Problems: all}
	}
	if err != nil {
		return nil, err
	}
	if err := writeOutputMark(tmp); err != nil {
		return nil, err
	}
	stage = opt.stageTimer()
	if err := publish(tmp, dest); err != nil {
		return nil, err
	}
	stage("publish")
	res.Problems = probs
	if note := robotsNote(site.Config); note != "" && !opt.Offline {
		// An offline build is opened from a disk, where no search
		// engine comes.
		res.Notes = append(res.Notes, note)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// DestError is a destination Build refuses: a mistake in how the build
// was asked for, not a problem of the site.
type DestError struct{ Reason string }

func (e *DestError) Error() string { return e.Reason }

// outputMark names the file every build leaves in the folder it
// publishes. A build replaces its destination whole, so it replaces only a
// folder that holds this file (its own earlier output) or nothing at all:
// a --dest mistyped as the home folder, a document folder or "." is
// refused rather than deleted. The mark lists the names the build wrote
// at the top of the folder, so that what was put there by hand since (a
// .git folder, a host's CNAME file) is refused too rather than lost.
const (
	outputMark     = ".gongkai"
	outputMarkText = "This folder is written by gongkai build, which replaces it whole on every build: files put here by hand are lost.\nIt holds:\n"
)

// writeOutputMark writes the mark into the finished folder dir.
func writeOutputMark(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(outputMarkText)
	for _, e := range entries { // sorted by name
		b.WriteString(e.Name())
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, outputMark), []byte(b.String()), 0o644)
}

// strangers returns the names at the top of dest that no earlier build
// vouches for, sorted: those its mark does not list, or all of them when
// it has no mark (marked is false) or a mark without a list.
func strangers(dest string) (names []string, marked bool, err error) {
	wrote := map[string]bool{outputMark: true}
	mark, err := os.ReadFile(filepath.Join(dest, outputMark))
	switch {
	case err == nil:
		marked = true
		// A published folder kept in git on Windows is checked out with
		// CRLF line ends (core.autocrlf), the mark among its files.
		_, list, _ := strings.Cut(string(normalizeText(mark)), "\nIt holds:\n")
		for _, name := range strings.Split(list, "\n") {
			wrote[name] = true
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, err
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return nil, false, err
	}
	for _, e := range entries {
		if !wrote[e.Name()] && !fileManagerCache(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, marked, nil
}

// fileManagerCache reports whether name is a file that a file manager
// leaves in every folder it shows (Finder's .DS_Store, Windows Explorer's
// Thumbs.db and desktop.ini). Looking at a built folder must not make the
// next build refuse it, nor looking at a folder of content/ give a
// warning of a file nothing attaches; the file manager makes them again.
func fileManagerCache(name string) bool {
	for _, cache := range []string{".DS_Store", "Thumbs.db", "desktop.ini"} {
		if strings.EqualFold(name, cache) {
			return true
		}
	}
	return false
}

// resolveDest makes dest absolute, follows it if it is a symbolic link
// (the folder it names is replaced; the link stays), and refuses a
// destination the build must not replace.
func resolveDest(source, dest string) (string, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	info, err := os.Lstat(dest)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		target, lerr := filepath.EvalSymlinks(dest)
		if lerr != nil {
			return "", fmt.Errorf("--dest %s is a link to a folder that cannot be reached: %v (make the link's folder, or give the folder itself)", dest, lerr)
		}
		dest = target
		info, err = os.Lstat(dest)
	}
	// A build renames a folder into dest's place, and no folder can be
	// renamed to the top of a disk: on Windows, E:\ (a USB stick) is the
	// natural --dest, and was refused as holding files, or failed later.
	// Elsewhere the stick's top is a folder such as /media/usb, and the
	// rename failed with the system's bare EBUSY.
	listed, inner := false, ""
	if err == nil && info.IsDir() {
		listed, inner = listedMounts(dest)
	}
	if filepath.Dir(dest) == dest || err == nil && info.IsDir() && (listed || otherDisk(dest, info)) {
		return "", fmt.Errorf("--dest %s is the top of a disk, which a build cannot replace (give a folder on it, such as %s)", dest, filepath.Join(dest, "public"))
	}
	if inner != "" {
		return "", fmt.Errorf("--dest %s has a disk mounted inside it, at %s, whose files a build would remove with the old site (unmount it, or give another folder)", dest, inner)
	}
	if err := checkDest(source, dest); err != nil {
		return "", err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return dest, nil
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", fmt.Errorf("--dest %s is a file, not a folder (give a folder such as public/)", dest)
	}
	added, marked, err := strangers(dest)
	if err != nil {
		return "", err
	}
	if len(added) == 0 {
		return dest, nil
	}
	if len(added) > 3 { // enough to recognise the folder
		added = append(added[:3], "…")
	}
	if marked {
		return "", fmt.Errorf("--dest %s holds %s, which the last build did not write; a build replaces the whole folder, so it will not build there (move them away; a file the site should publish, such as CNAME, belongs in static/)", dest, strings.Join(added, ", "))
	}
	return "", fmt.Errorf("--dest %s holds files that gongkai did not write (%s); a build replaces the whole folder, so it will not build there (give a new or empty folder, or move those files away)", dest, strings.Join(added, ", "))
}

// checkDest refuses a destination that would publish the source itself or
// sit inside content/ (the next build would read its own output).
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	// Both as the system names them: a --source or --dest given through a
	// symbolic link must not let the output into content/.
	src, dest = realPath(src), realPath(dest)
	if sameFolder(dest, src) {
		return fmt.Errorf("--dest %s would replace the site folder itself (choose a folder such as public/)", dest)
	}
	if Within(src, dest) {
		return fmt.Errorf("--dest %s would replace a folder that holds the site (choose a folder such as public/)", dest)
	}
	for _, sub := range []string{"content", "layouts", "static"} {
		if Within(dest, filepath.Join(src, sub)) {
			return fmt.Errorf("--dest %s is inside %s/, whose files are the site's input (choose a folder such as public/)", dest, sub)
		}
	}
	return nil
}

// Within reports whether the path p is the folder dir or lies inside it,
// as the file system knows folders (see SamePath): through a symbolic
// link, or in other letter case on a disk that ignores case, too.
func Within(p, dir string) bool {
	_, ok := RelWithin(p, dir)
	return ok
}

// RelWithin returns p's path from the folder dir when p is dir or lies
// in it as Within tells: the part of p below its folder that is dir,
// however p spells that folder (through a symbolic link, or in other
// letter case on a disk that ignores case). It is false when p is not in
// dir.
func RelWithin(p, dir string) (string, bool) {
	for q := p; ; {
		if sameFolder(q, dir) {
			rel, err := filepath.Rel(q, p)
			return rel, err == nil
		}
		parent := filepath.Dir(q)
		if parent == q {
			return "", false
		}
		q = parent
	}
}

// sameFolder is SamePath, a variable so that tests can stand for a disk
// they do not run on.
var sameFolder = SamePath

// SamePath reports whether the paths a and b name one file or folder.
// Where both exist, the file system says: a disk that ignores letter
// case, as macOS's and Windows's do, takes Content/ for content/, and one
// that keeps it, as Linux's do, holds two folders. Otherwise the paths
// are compared as written.
func SamePath(a, b string) bool {
	if a == b {
		return true
	}
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	return err == nil && os.SameFile(ai, bi)
}

// otherDisk reports whether the folder dir, which info describes, is
// where a disk is mounted, as the device tells: it is on another disk
// than the folder that holds it (the system's list of mount points,
// listedMounts, also tells a folder a part of the same disk is mounted
// on).
func otherDisk(dir string, info fs.FileInfo) bool {
	parent, err := os.Stat(filepath.Dir(dir))
	if err != nil {
		return false
	}
	d, ok := device(info)
	p, pok := device(parent)
	return ok && pok && d != p
}

// realPath is p with the symbolic links of its longest existing part
// followed; the rest, not made yet, is joined as it is.
func realPath(p string) string {
	for rest := ""; ; {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// tempPrefix names the folders a build works in: hidden, next to dest,
// and recognisable so a later build can clean up after a killed one.
func tempPrefix(dest, kind string) string {
	return "." + filepath.Base(dest) + "." + kind + "-" + fmt.Sprint(os.Getpid()) + "-"
}

// cleanLeftovers removes the work folders of earlier builds that were
// killed, skipping any whose process still runs. A .old- folder is the
// published site that a swap by renames (see swapByRenames) moved aside
// and could not put back, or that a build killed between its two renames
// left there: while dest is missing it is the only copy of the site, and
// it goes back in place, so that this build failing too leaves the site
// published.
func cleanLeftovers(dest string) {
	parent := filepath.Dir(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := "." + filepath.Base(dest) + "."
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) {
			continue
		}
		rest := strings.TrimPrefix(name, prefix)
		kind, rest, ok := strings.Cut(rest, "-")
		if !ok || (kind != "new" && kind != "old") {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		var pid int
		if _, err := fmt.Sscan(pidText, &pid); err != nil || (pid != os.Getpid() && ProcessAlive(pid)) {
			continue
		}
		if kind == "old" {
			if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) && os.Rename(filepath.Join(parent, name), dest) == nil {
				continue
			}
		}
		os.RemoveAll(filepath.Join(parent, name))
	}
}

// publish puts the finished folder tmp in place of dest. Where the system
// can exchange two names in one step, readers see the old site or the new
// one and nothing between.
func publish(tmp, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dest)
	}
	if err := exchange(tmp, dest); err == nil {
		return removeTree(tmp) // tmp now holds the old site
	}
	return swapByRenames(tmp, dest, os.Rename)
}

// swapByRenames puts tmp in place of dest where the system cannot
// exchange the two (Windows and macOS have no renameat2, nor have some
// file systems on Linux, such as a USB stick's exFAT): dest is renamed
// aside to a .old- folder, then tmp to dest, and readers find no site
// between the two. When the second rename fails, dest is renamed back;
// when that fails too, the error says where the old site is, and the
// next build puts it back (see cleanLeftovers). rename is os.Rename,
// except in the tests.
func swapByRenames(tmp, dest string, rename func(from, to string) error) error {
	old, err := os.MkdirTemp(filepath.Dir(dest), tempPrefix(dest, "old"))
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := rename(dest, old); err != nil {
		return err
	}
	if err := rename(tmp, dest); err != nil {
		if back := rename(old, dest); back != nil {
			return fmt.Errorf("%v; nor could the site published before be put back: it is in %s, which the next build puts back first (or rename it to %s)", err, old, filepath.Base(dest))
		}
		return err
	}
	return removeTree(old)
}
