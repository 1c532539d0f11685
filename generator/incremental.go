package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gongkai/gongkai/generator/search"
)

// Rebuilding. The preview server builds a site after every save. A
// Rebuilder runs the same pipeline as Build, into memory, and spares two
// kinds of work whose inputs did not change:
//
//   - parsing: a Markdown file whose size, times and inode are those of
//     the last build is not read again (parseCache). A file changed so
//     recently that its time stamp cannot be trusted is read and compared
//     by content.
//   - rendering: every page gets a fingerprint of exactly what its layout
//     can show (see fingerprint.go); a page whose fingerprint equals the
//     last build's keeps its bytes. Feeds, the sitemap, catalog.json and
//     the calendars get a fingerprint of what they show too (datafiles.go).
//     Static files are read every time and keep their minified bytes when
//     the bytes read are unchanged.
//   - search data: search.Index tokenizes again only the documents whose
//     indexed text changed, and encodes again only the shards where their
//     postings changed.
//
// Everything else (check, assemble, listing the pages) runs in full every
// time, so the set of files, the order of lists and every cross-reference
// are those of a fresh build; except after an edit to one document's body
// alone, which changes none of them (bodyedit.go). The result is byte for byte what Generate
// writes for the same files; the randomized test in incremental_test.go
// holds the two to that.

// Rebuilder builds one site again and again. It is not safe for
// concurrent use: one build at a time.
type Rebuilder struct {
	fsys   fs.FS
	opt    Options
	seed   maphash.Seed
	parse  parseCache
	copies fileCache
	last   map[string][]byte // the last successful build's files
	lastFp map[string]uint64 // and the fingerprints of their inputs
	plain  map[uint64]string // body text of the last build's documents, by bodyKey
	index  *search.Index     // the search data, updated for the documents that changed
	tmpl   templateCache     // the last build's templates
	cat    catalogCache      // the last build's records of catalog.json

	body      *bodyState // what an edit to one body needs; nil after a failed build
	bodyEdits int        // builds made as body edits, for tests

	// The source paths of the documents the last successful build
	// published: a failed build names those it no longer may show.
	published []string // in path order
}

// templateCache keeps parsed and escaped templates for as long as the
// layouts they were made from (sum is their layoutsSum) stay the same.
// Executing templates does not change them, so builds can share them.
type templateCache struct {
	sum  string
	set  map[string]*template.Template
	fast map[string]*fastTemplate
}

// Rebuild is the outcome of one build. A failed build sets only
// Result.Problems and Withdrawn.
type Rebuild struct {
	*Result
	Files    map[string][]byte // the whole site, as Generate writes it
	Changed  []string          // files added, changed or removed since the last successful build, sorted
	Rendered int               // pages rendered; the others kept the last build's bytes

	// Withdrawn, after a failed build, lists the documents the last
	// successful build published that the files as they stand withdraw,
	// sorted by path. The last good build still holds every byte of
	// them, so whoever keeps showing it while the site has errors must
	// stop while this is not empty.
	Withdrawn []Withdrawal
}

// Withdrawal is a document the last successful build published that its
// file no longer publishes.
type Withdrawal struct {
	Path  string // the file, as the last successful build read it
	Draft bool   // the file says draft = true; otherwise it is gone (or cannot be read)
}

// NewRebuilder prepares to build the site in fsys with opt.
func NewRebuilder(fsys fs.FS, opt Options) *Rebuilder {
	return &Rebuilder{fsys: fsys, opt: opt, seed: maphash.MakeSeed(), index: search.NewIndex()}
}

// Build runs the pipeline once. A site with errors returns a
// *ProblemError, and any other failure its error; either way the last
// good build stays the base of the next one.
func (b *Rebuilder) Build() (*Rebuild, error) { return b.build(nil) }

// BuildChanged is Build when only the files at paths (relative to the
// site folder, slash-separated) can have changed since the last build, as
// a file watcher that missed nothing reports them: the content folder is
// not walked again, only those files are looked at. Wherever that cannot
// give the full walk's result for certain (a folder came or went, the
// last walk found problems), the folder is walked.
func (b *Rebuilder) BuildChanged(paths []string) (*Rebuild, error) {
	if r, ok := b.bodyEdit(paths); ok {
		return r, nil
	}
	paths = slices.Clone(paths)
	if paths == nil {
		paths = []string{}
	}
	return b.build(&paths)
}

func (b *Rebuilder) build(hints *[]string) (*Rebuild, error) {
	start := time.Now()
	b.body = nil
	b.parse.hints = hints
	site, probs := load(b.fsys, b.opt.Theme, &b.parse, false)
	b.parse.hints = nil
	probs = append(probs, Check(site)...)
	probs.Sort()
	if failed(probs, b.opt.Strict) {
		return &Rebuild{Result: &Result{Problems: probs}, Withdrawn: b.withdrawn(site)}, &ProblemError{Problems: probs}
	}
	mem := &MemoryOutput{files: make(map[string][]byte, len(b.last))}
	cache := &renderCache{prev: b.last, prevFp: b.lastFp, prevPlain: b.plain, mem: mem, seed: b.seed, config: b.parse.cfgSrc, copies: &b.copies,
		fps: make(map[string]uint64, len(b.lastFp)), index: b.index, templates: &b.tmpl, catalog: &b.cat}
	b.copies.begin()
	res, err := generate(site, b.fsys, mem, b.opt, cache)
	b.copies.end()
	if err != nil {
		return &Rebuild{Result: &Result{}, Withdrawn: b.withdrawn(site)}, err
	}
	files := mem.Files()
	var changed []string
	added := false
	for name, data := range files {
		if old, ok := b.last[name]; !ok || !sameBytes(old, data) {
			changed = append(changed, name)
			added = added || !ok
		}
	}
	if added || len(files) != len(b.last) {
		// Unless a file came or the count differs, every file of this
		// build was in the last and as many: none went.
		for name := range b.last {
			if _, ok := files[name]; !ok {
				changed = append(changed, name)
			}
		}
	}
	sort.Strings(changed)
	b.last, b.lastFp, b.plain = files, cache.fps, cache.plain
	b.published = b.published[:0]
	for _, d := range site.Published() {
		b.published = append(b.published, d.Path)
	}
	res.Problems = probs
	b.keepBodyState(site, cache, res)
	res.Elapsed = time.Since(start)
	return &Rebuild{Result: res, Files: files, Changed: changed, Rendered: int(cache.rendered.Load())}, nil
}

// withdrawn lists the documents the last successful build published
// that site, loaded from the files as they stand, withdraws: its file
// now says draft = true, or is gone. A file that no longer parses is
// read line by line for draft = true (SaysDraft), since a save that
// makes a draft may break the front matter too; one that does not say
// so is a document being edited, and stays published. A file renamed
// counts as gone: its index number alone cannot prove the new file the
// same document, and a rename while the site has errors is rare.
func (b *Rebuilder) withdrawn(site *Site) []Withdrawal {
	if len(b.published) == 0 {
		return nil
	}
	now := make(map[string]*Document, len(site.Documents))
	for _, d := range site.Documents {
		now[d.Path] = d
	}
	var out []Withdrawal
	for _, p := range b.published {
		if d := now[p]; d != nil {
			if d.Draft {
				out = append(out, Withdrawal{Path: p, Draft: true})
			}
			continue
		}
		src, err := fs.ReadFile(b.fsys, p)
		switch {
		case err != nil:
			out = append(out, Withdrawal{Path: p})
		case SaysDraft(src):
			out = append(out, Withdrawal{Path: p, Draft: true})
		}
	}
	return out // in path order, as published is
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// racyWindow is how recent a change must be for a file's time stamps not
// to be trusted: file systems keep times at a coarse grain (a few
// milliseconds, up to two seconds on FAT), so a second write within the
// grain leaves size and times as they were.
const racyWindow = 2 * time.Second

// fileStamp is what the system says of a file without reading it.
type fileStamp struct {
	size  int64
	mtime int64
	ctime int64
	ino   uint64
}

func stampOf(info fs.FileInfo) fileStamp {
	ctime, ino := changeStamp(info)
	var mtime int64
	if t := info.ModTime(); !t.IsZero() {
		mtime = t.UnixNano()
	}
	return fileStamp{size: info.Size(), mtime: mtime, ctime: ctime, ino: ino}
}

// trusted reports whether a file with this stamp, read at readAt, can be
// taken as unchanged while its stamp stays the same. A file system that
// keeps no times (embedded files, test file systems) is never trusted.
func (s fileStamp) trusted(readAt time.Time) bool {
	if s.mtime == 0 {
		return false
	}
	latest := max(s.mtime, s.ctime)
	return readAt.UnixNano()-latest > int64(racyWindow)
}

// parseCache keeps the parsed form of every Markdown file and the
// config it was parsed against.
type parseCache struct {
	cfgSrc   []byte
	cfg      *Config
	cfgProbs Problems

	walk   *contentWalk // the last build's walk of content/, when it found no problem
	hints  *[]string    // this build's: the only files that can have changed; nil: any
	spared int          // walks spared by hints, for tests

	mu    sync.Mutex
	files map[string]*parseEntry // the last build's
	next  map[string]*parseEntry // this build's, replacing files at the end
}

type parseEntry struct {
	stamp   fileStamp
	trusted bool // the stamp alone proves the file unchanged
	sum     [sha256.Size]byte
	page    bool
	result  parsed // never handed out: callers get copies
}

// config reads config.toml, reusing the last parse when its bytes are
// unchanged. A changed config drops every parsed document, since
// documents point into the config's issuers and categories.
func (c *parseCache) config(fsys fs.FS, probs *problemList) *Config {
	c.next = make(map[string]*parseEntry, len(c.files))
	src, err := fs.ReadFile(fsys, "config.toml")
	if err != nil {
		c.cfg, c.cfgSrc, c.files = nil, nil, nil
		return loadConfig(fsys, probs)
	}
	if c.cfg == nil || !bytes.Equal(src, c.cfgSrc) {
		var local problemList
		c.cfg, c.cfgSrc = parseConfig(src, &local), src
		c.cfgProbs = local.list
		c.files = nil
	}
	probs.add(c.cfgProbs...)
	return c.cfg
}

// parse returns the parsed form of one source file, from the cache when
// the file is proven unchanged.
func (c *parseCache) parse(fsys fs.FS, src sourceFile, cfg *Config) parsed {
	stamp := stampOf(src.info)
	c.mu.Lock()
	e := c.files[src.path]
	c.mu.Unlock()
	if e != nil && e.page == src.page && e.trusted && e.stamp == stamp {
		c.store(src.path, e)
		return e.result.clone()
	}
	readAt := time.Now()
	data, err := readSource(fsys, src)
	if err != nil {
		return parseSource(fsys, src, cfg) // reports the error as a full build does
	}
	sum := sha256.Sum256(data)
	if e == nil || e.page != src.page || e.sum != sum {
		e = &parseEntry{sum: sum, page: src.page, result: parseData(src, data, cfg)}
	} else {
		e = &parseEntry{sum: sum, page: src.page, result: e.result}
	}
	e.stamp, e.trusted = stamp, stamp.trusted(readAt)
	c.store(src.path, e)
	return e.result.clone()
}

func (c *parseCache) store(path string, e *parseEntry) {
	c.mu.Lock()
	c.next[path] = e
	c.mu.Unlock()
}

// done ends a load: files not seen in it are forgotten.
func (c *parseCache) done() {
	c.files, c.next = c.next, nil
}

// clone copies what later stages change: Check sets attachment sizes and
// URLs, Assemble sets Prev and Next.
func (p parsed) clone() parsed {
	if p.doc != nil {
		d := *p.doc
		d.Prev, d.Next = nil, nil
		d.Attachments = make([]*Attachment, len(p.doc.Attachments))
		for i, a := range p.doc.Attachments {
			a := *a
			d.Attachments[i] = &a
		}
		if len(d.Attachments) == 0 {
			d.Attachments = nil
		}
		p.doc = &d
	}
	if p.page != nil {
		pg := *p.page
		p.page = &pg
	}
	return p
}

// fileCache keeps the bytes of attachments between builds.
type fileCache struct {
	mu    sync.Mutex
	files map[string]*fileEntry
	used  map[string]bool
}

type fileEntry struct {
	stamp   fileStamp
	trusted bool
	data    []byte
}

func (c *fileCache) begin() {
	c.used = map[string]bool{}
	if c.files == nil {
		c.files = map[string]*fileEntry{}
	}
}

// end forgets the files no build uses any more.
func (c *fileCache) end() {
	for name := range c.files {
		if !c.used[name] {
			delete(c.files, name)
		}
	}
}

// read returns the contents of src, from the cache when its stamp proves
// it unchanged.
func (c *fileCache) read(fsys fs.FS, src string) ([]byte, error) {
	info, err := fs.Stat(fsys, src)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: src, Err: errors.New("not a regular file")}
	}
	stamp := stampOf(info)
	c.mu.Lock()
	c.used[src] = true
	e := c.files[src]
	c.mu.Unlock()
	if e != nil && e.trusted && e.stamp == stamp {
		return e.data, nil
	}
	readAt := time.Now()
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.files[src] = &fileEntry{stamp: stamp, trusted: stamp.trusted(readAt), data: data}
	c.mu.Unlock()
	return data, nil
}

// renderCache is what one rebuild knows of the last one.
type renderCache struct {
	prev      map[string][]byte // the last build's files
	prevFp    map[string]uint64 // and the fingerprints of their inputs
	mem       *MemoryOutput
	seed      maphash.Seed
	config    []byte // config.toml as read
	copies    *fileCache
	index     *search.Index
	templates *templateCache
	catalog   *catalogCache

	// Kept for a body edit after this build (see bodyedit.go).
	r     *renderer
	pages map[*Document][]job

	mu       sync.Mutex
	fps      map[string]uint64
	rendered atomic.Int64

	// The search index needs every document's body text, which rendering
	// its page gives; a page kept from the last build takes the text kept
	// with it.
	prevPlain map[uint64]string
	plain     map[uint64]string

	// Set by begin, read-only while pages render.
	precise bool // the layouts are the theme fingerprint.go describes
	site    uint64
	summary uint64
	archive *Archive
}

// reuse records the fingerprint of a file's inputs and, when the last
// build's file had the same, keeps that file's bytes and reports true.
func (c *renderCache) reuse(name string, fp uint64) bool {
	c.mu.Lock()
	c.fps[name] = fp
	c.mu.Unlock()
	// prevFp and prev are only read while pages render.
	if prevFp, ok := c.prevFp[name]; fp == 0 || !ok || prevFp != fp {
		return false
	}
	prev, ok := c.prev[name]
	return ok && c.mem.keepValid(name, prev) // the last build checked the name
}

// reusePage is reuse for a page. A document page is kept only when the
// last build also kept its body text, which the search index reads.
func (c *renderCache) reusePage(r *renderer, d *pageData, name string) bool {
	fp := c.pageFingerprint(d)
	if d.Kind == "document" && d.Now != nil && fp != 0 {
		plain, ok := c.prevPlain[c.bodyKey(r, d.Now)]
		if !ok {
			c.mu.Lock()
			c.fps[name] = fp
			c.mu.Unlock()
			return false
		}
		r.plain[r.docPos[d.Now]] = plain
	}
	return c.reuse(name, fp)
}

// bodyKey identifies a document body's text: the Markdown source and the
// one option that changes how it parses.
func (c *renderCache) bodyKey(r *renderer, d *Document) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	if r.cfg.RawHTML {
		h.WriteByte(1)
	} else {
		h.WriteByte(0)
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], d.bodySum)
	h.Write(n[:])
	binary.LittleEndian.PutUint64(n[:], uint64(len(d.body)))
	h.Write(n[:])
	return h.Sum64()
}

// keepPlain keeps every document's body text for the next build, once
// all pages have rendered.
func (c *renderCache) keepPlain(r *renderer) {
	c.plain = make(map[uint64]string, len(r.archive.Docs))
	for i, d := range r.archive.Docs {
		c.plain[c.bodyKey(r, d)] = r.plain[i]
	}
}

// dataFingerprint fingerprints a generated file by its bytes.
func (c *renderCache) dataFingerprint(data []byte) uint64 {
	return nonZero(maphash.Bytes(c.seed, data))
}

// copyFile publishes an attachment from the file cache.
func (c *renderCache) copyFile(name string, fsys fs.FS, src string) error {
	data, err := c.copies.read(fsys, src)
	if err != nil {
		return err
	}
	return c.mem.keep(name, data)
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// contentWalk is what walking content/ found: the Markdown files in walk
// order and the other files' sizes. Neither is changed once kept: an
// update makes new ones.
type contentWalk struct {
	sources []sourceFile
	files   map[string]int64
}

// keepWalk keeps a full walk for the next build, when it found no
// problem (a walk with problems is done again, so they are reported).
func (c *parseCache) keepWalk(sources []sourceFile, files map[string]int64, clean bool) {
	if c == nil {
		return
	}
	c.walk = nil
	if clean {
		c.walk = &contentWalk{sources: sources, files: files}
	}
}

// walked returns the files under content/ without walking the folder,
// when the build was told which files changed and the last walk can be
// brought up to date from that alone; otherwise nil.
func (c *parseCache) walked(fsys fs.FS) *contentWalk {
	if c == nil || c.walk == nil || c.hints == nil {
		return nil
	}
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return nil // no Lstat: a link would look like its target
	}
	w, ok := c.walk.update(fsys, *c.hints)
	if !ok {
		return nil
	}
	c.walk = w
	c.spared++
	return w
}

// update applies the changes at paths to the walk. It reports false
// whenever the outcome of a full walk is not certain: a folder came or
// went, or a file is one the walk reports as a problem.
func (w *contentWalk) update(fsys fs.FS, paths []string) (*contentWalk, bool) {
	var next *contentWalk
	for _, p := range paths {
		if p != "content" && !strings.HasPrefix(p, "content/") {
			continue // config.toml, layouts and static files are read on every build
		}
		if !fs.ValidPath(p) || p == "content" {
			return nil, false
		}
		skipped := false
		for _, seg := range strings.Split(p, "/")[1:] {
			skipped = skipped || skippedName(seg)
		}
		if skipped {
			continue // the walk never looks there
		}
		if next == nil {
			next = &contentWalk{sources: slices.Clone(w.sources), files: maps.Clone(w.files)}
		}
		i, known := slices.BinarySearchFunc(next.sources, p, func(s sourceFile, p string) int { return comparePaths(s.path, p) })
		info, err := fs.Lstat(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			if known {
				next.sources = slices.Delete(next.sources, i, i+1)
				continue
			}
			if _, ok := next.files[p]; ok {
				delete(next.files, p)
				continue
			}
			if next.holds(p + "/") {
				return nil, false // a folder went
			}
			continue // a file that came and went between two builds
		}
		if err != nil || !info.Mode().IsRegular() {
			return nil, false // a folder, a link, an unreadable file: walk
		}
		if !strings.HasSuffix(p, ".md") {
			next.files[p] = info.Size()
			continue
		}
		if info.Size() > MaxSourceSize {
			return nil, false
		}
		src := sourceFile{path: p, page: IsPage(p), info: info}
		if known {
			next.sources[i] = src
		} else {
			next.sources = slices.Insert(next.sources, i, src)
		}
	}
	if next == nil {
		return w, true
	}
	return next, true
}

// holds reports whether the walk has a file whose path starts with prefix.
func (w *contentWalk) holds(prefix string) bool {
	for _, s := range w.sources {
		if strings.HasPrefix(s.path, prefix) {
			return true
		}
	}
	for f := range w.files {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// comparePaths orders slash-separated paths as fs.WalkDir visits them:
// by name within each folder.
func comparePaths(a, b string) int {
	for {
		ha, ra, moreA := strings.Cut(a, "/")
		hb, rb, moreB := strings.Cut(b, "/")
		if c := strings.Compare(ha, hb); c != 0 {
			return c
		}
		if !moreA || !moreB {
			switch {
			case moreA == moreB:
				return 0
			case !moreA:
				return -1
			default:
				return 1
			}
		}
		a, b = ra, rb
	}
}
