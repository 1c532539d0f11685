package generator

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
)

// Body edits. The edit a writer makes most often while previewing
// changes one document's Markdown body and nothing else. Of everything a
// build makes, the body reaches only that document's page (its text and
// the description <meta> taken from it) and the search data; lists,
// neighbours, feeds, the sitemap, catalog.json and the calendars show
// front matter alone (see fingerprint.go and datafiles.go), and index:
// links show the URL of the document they name. So when a build is told
// that one document file changed and its parse differs from the last
// only in the body, BuildChanged renders that document's pages again
// with the last build's renderer, updates the search data for it, and
// keeps every other file, without loading, checking or assembling the
// site again.
//
// The parse is compared whole (everything parseDocument gives but the
// body, its hash and its links, and the problems found): any change to
// the front matter, even to its layout, makes a full build. Problems
// stay the last build's, so the edit is taken only when the body cannot
// change a site-wide check: its index: links, before and after, all name
// published documents, and it has no link or image by path (bodyRef)
// before or after, since those are checked against the whole site.
// Drafts are never published, so a draft's body edit changes no file.

// bodyState is what a body edit needs of the last successful build.
type bodyState struct {
	r     *renderer    // with its archive, templates and body texts
	cache *renderCache // for page fingerprints
	pages map[*Document][]job
	docs  map[string]*Document // every document, drafts included, by path
	res   Result
}

// listed keeps, before pages render, what a later body edit needs of
// the pages about documents: rendering empties their data.
func (c *renderCache) listed(r *renderer, jobs []job) {
	c.r = r
	c.pages = make(map[*Document][]job, len(r.archive.Docs))
	for _, j := range jobs {
		if d := j.data; d.Now != nil {
			keep := *d
			c.pages[d.Now] = append(c.pages[d.Now], job{data: &keep, prepare: j.prepare})
		}
	}
}

// keepBodyState keeps what a body edit needs after a successful build.
func (b *Rebuilder) keepBodyState(site *Site, cache *renderCache, res *Result) {
	b.body = nil
	if cache.r == nil || cache.pages == nil {
		return
	}
	docs := make(map[string]*Document, len(site.Documents))
	for _, d := range site.Documents {
		docs[d.Path] = d
	}
	r := cache.r
	// The renderer is used again only to render single pages: it must not
	// reuse pages, nor write into the last build's output.
	r.cache, r.out, r.raw = nil, nil, nil
	b.body = &bodyState{r: r, cache: cache, pages: cache.pages, docs: docs, res: *res}
	// Of the cache, page fingerprints need only what begin computed: the
	// files of the build before are let go.
	cache.r, cache.pages = nil, nil
	cache.prev, cache.prevFp, cache.prevPlain, cache.mem = nil, nil, nil, nil
}

// bodyEdit builds after a change at paths when it is an edit to one
// document's body alone, or reports false.
func (b *Rebuilder) bodyEdit(paths []string) (*Rebuild, bool) {
	start := time.Now()
	st, c := b.body, &b.parse
	if st == nil || c.walk == nil || c.cfg == nil {
		return nil, false
	}
	if _, ok := b.fsys.(fs.ReadLinkFS); !ok {
		return nil, false
	}
	// One document file changed; anything else named must be a file the
	// walk never saw and that is gone again (an editor's temporary file).
	var doc *Document
	p := ""
	for _, name := range paths {
		if name != "content" && !strings.HasPrefix(name, "content/") {
			return nil, false // config.toml, layouts or static files
		}
		skipped := false
		for _, seg := range strings.Split(name, "/")[1:] {
			skipped = skipped || skippedName(seg)
		}
		if skipped {
			continue
		}
		if d := st.docs[name]; d != nil && doc == nil {
			doc, p = d, name
			continue
		}
		if !c.walk.gone(b.fsys, name) {
			return nil, false
		}
	}
	if doc == nil {
		return nil, false
	}
	walk, ok := c.walk.update(b.fsys, paths)
	if !ok {
		return nil, false
	}
	i, found := slices.BinarySearchFunc(walk.sources, p, func(s sourceFile, p string) int { return comparePaths(s.path, p) })
	if !found || walk.sources[i].page {
		return nil, false
	}
	src := walk.sources[i]
	prev := c.files[p]
	if prev == nil || prev.result.doc == nil {
		return nil, false
	}

	readAt := time.Now()
	data, err := fs.ReadFile(b.fsys, p)
	if err != nil {
		return nil, false
	}
	entry := &parseEntry{sum: sha256.Sum256(data), page: false, result: prev.result}
	if entry.sum != prev.sum {
		entry.result = parseData(src, data, c.cfg)
	}
	stamp := stampOf(src.info)
	entry.stamp, entry.trusted = stamp, stamp.trusted(readAt)
	next := entry.result.doc
	if next == nil || !sameButBody(prev.result, entry.result) {
		return nil, false
	}
	// A link or an image by path (bodyRef) is checked against the whole
	// site, and its URL is another file's: neither is known here, so a
	// body with one, before or after the edit, makes a full build.
	if len(doc.refs) > 0 || len(next.refs) > 0 {
		return nil, false
	}
	a := st.r.archive
	for _, links := range [][]indexLink{doc.links, next.links} {
		for _, l := range links {
			if l.Index == "" || a.byIndex[l.Index] == nil {
				return nil, false
			}
		}
	}

	// The edit is a body edit. Only rendering the document's pages (an
	// error a full build would meet too) or the search data (too much moved)
	// can still refuse it; a full build follows.
	out := &Rebuild{Result: &Result{}, Files: b.last}
	*out.Result = st.res
	if !slices.Equal(doc.body, next.body) {
		rb, ok := b.renderBody(st, doc, next)
		if !ok {
			return nil, false
		}
		out = rb
	}
	doc.body, doc.bodySum, doc.links, doc.srcSize = next.body, next.bodySum, next.links, next.srcSize
	c.files[p] = entry
	c.walk = walk
	b.bodyEdits++
	out.Elapsed = time.Since(start)
	return out, true
}

// renderBody renders the pages of a published document with next's body
// and updates its search data. It changes the Rebuilder only when it
// succeeds.
func (b *Rebuilder) renderBody(st *bodyState, doc, next *Document) (*Rebuild, bool) {
	if doc.Draft {
		return &Rebuild{Result: &Result{}, Files: b.last}, true
	}
	r := st.r
	pos, ok := r.docPos[doc]
	if !ok {
		return nil, false
	}
	oldBody, oldSum, oldLinks, oldSize, oldPlain := doc.body, doc.bodySum, doc.links, doc.srcSize, r.plain[pos]
	doc.body, doc.bodySum, doc.links, doc.srcSize = next.body, next.bodySum, next.links, next.srcSize
	restore := func() {
		doc.body, doc.bodySum, doc.links, doc.srcSize = oldBody, oldSum, oldLinks, oldSize
		r.plain[pos] = oldPlain
	}

	type page struct {
		name string
		data []byte
		fp   uint64
	}
	var pages []page
	for _, j := range st.pages[doc] {
		d := *j.data
		fp := st.cache.pageFingerprint(&d)
		mem := NewMemoryOutput()
		r.raw = mem
		err := r.renderOne(job{data: &d, prepare: j.prepare})
		r.raw = nil
		if err != nil || len(mem.files) != 1 {
			restore()
			return nil, false
		}
		for name, data := range mem.files {
			pages = append(pages, page{name, data, fp})
		}
	}
	search, ok := b.index.Replace(r.searchDoc(doc, r.plain[pos]))
	if !ok {
		restore()
		return nil, false
	}

	files := maps.Clone(b.last)
	var changed []string
	set := func(name string, data []byte) {
		if old, ok := files[name]; !ok || !sameBytes(old, data) {
			files[name] = data
			changed = append(changed, name)
		}
	}
	for _, pg := range pages {
		set(pg.name, pg.data)
		b.lastFp[pg.name] = pg.fp
	}
	for name, data := range search {
		set(searchDir+name, data)
	}
	sort.Strings(changed)
	b.plain[st.cache.bodyKey(r, doc)] = r.plain[pos]
	b.last = files
	res := &Result{}
	*res = st.res
	return &Rebuild{Result: res, Files: files, Changed: changed, Rendered: len(pages)}, true
}

// sameButBody reports whether two parses of a document file give the same
// problems and the same document in everything but its body.
func sameButBody(a, b parsed) bool {
	if a.doc == nil || b.doc == nil || a.page != nil || b.page != nil || !reflect.DeepEqual(a.probs, b.probs) {
		return false
	}
	x, y := *a.doc, *b.doc
	for _, d := range []*Document{&x, &y} {
		d.body, d.bodySum, d.links, d.refs, d.srcSize = nil, 0, nil, nil, 0
		d.Prev, d.Next, d.fp = nil, nil, 0
	}
	return reflect.DeepEqual(x, y)
}

// gone reports whether a path under content/ names nothing now and
// nothing the walk found: a file that came and went between two builds.
func (w *contentWalk) gone(fsys fs.FS, p string) bool {
	if _, err := fs.Lstat(fsys, p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if _, ok := slices.BinarySearchFunc(w.sources, p, func(s sourceFile, p string) int { return comparePaths(s.path, p) }); ok {
		return false
	}
	if _, ok := w.files[p]; ok {
		return false
	}
	return !w.holds(p + "/")
}
