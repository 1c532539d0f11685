package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/maphash"
	"sort"
	"sync"
)

// Page fingerprints. A page is rendered again only when the fingerprint
// of what its layout can show changes. The fingerprint is written for the
// embedded theme's layouts: it hashes every field of the page's data, and
// of the documents, groups and years it holds, at the depth those layouts
// read them:
//
//   - every page: the options, config.toml as written, the layouts, and
//     the plain pages of the navigation (base.html lists .Site.Pages);
//   - the page's own fields: kind, URL, title, crumbs, pager, feed and
//     calendar links, chart, the search data's number of shards;
//   - the document a page is about (.Now): all its front matter, its
//     Markdown source, the URLs its index: links and its links by path
//     resolve to, and the previous and next documents' front matter;
//   - listed documents (.Docs, .Months, .ByYear, schedule rows): their
//     front matter, not their bodies;
//   - a year or a group (.Year, .Group, .Groups): its name, slug,
//     description, code and number of documents, which is all the
//     layouts show of one;
//   - the whole archive's counts (documents, years, topics, issuers) on
//     the pages whose layouts show them: home, years, catalog, topics,
//     issuers, search and 404.
//
// A site with its own layouts (or a theme changed since this was written)
// may show anything, so every page of it is rendered every time.

// knownThemeLayouts is layoutsSum of the embedded theme. When
// TestKnownThemeLayouts fails, the theme's layouts have changed: check
// what they read now, extend pageFingerprint to cover it, then set this
// to the sum the test prints.
const knownThemeLayouts = "c001811fd42007e0e66d50f6a3ae6be44ebbf1b526e5bb3a3bf16f3d52f4c238"

// summaryKinds are the kinds of page whose layouts show archive-wide
// counts through .Site.
var summaryKinds = map[string]bool{"home": true, "years": true, "catalog": true, "topics": true, "issuers": true, "search": true, "404": true}

// layoutsSum hashes every layout file loadTemplates reads.
func layoutsSum(t themeFS) (string, error) {
	names, err := layoutNames(t)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, name := range names {
		data, err := t.ReadFile(name)
		if err != nil {
			return "", err // loadTemplates reports it
		}
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.LittleEndian.PutUint64(n[:], uint64(len(data)))
		h.Write(n[:])
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// begin computes what every page's fingerprint shares.
func (c *renderCache) begin(r *renderer, t themeFS) error {
	sum, err := layoutsSum(t)
	if err != nil {
		return err
	}
	c.precise = sum == knownThemeLayouts
	c.archive = r.archive
	a := r.archive

	f := c.hasher()
	f.bool(r.opt.Offline)
	f.bool(r.opt.NoMinify)
	f.bool(r.opt.Strict)
	f.str(string(r.opt.LiveReload))
	f.str(string(c.config))
	f.str(sum)
	f.int(len(a.Pages))
	for _, p := range a.Pages {
		f.str(p.Path)
		f.str(p.Title)
		f.str(p.Slug)
		f.str(p.URL)
	}
	c.site = f.sum()

	f = c.hasher()
	f.int(len(a.Docs))
	f.int(len(a.Years))
	for _, y := range a.Years {
		f.year(y)
	}
	f.groups(a.Topics)
	f.groups(a.Issuers)
	c.summary = f.sum()

	hashes := make([]uint64, len(a.Docs))
	parallel(len(a.Docs), func(i int) { hashes[i] = c.docHash(a.Docs[i]) })
	for i, d := range a.Docs {
		d.fp = hashes[i]
	}
	return nil
}

// pageFingerprint returns the fingerprint of what a page can show, or 0
// when that cannot be known (the page must be rendered).
func (c *renderCache) pageFingerprint(d *pageData) uint64 {
	if !c.precise || d.Site != c.archive || d.Config != c.archive.Config {
		return 0
	}
	f := c.hasher()
	f.uint(c.site)
	if summaryKinds[d.Kind] {
		f.uint(c.summary)
	}
	f.str(d.Kind)
	f.str(d.URL)
	f.str(d.Title)
	f.str(d.Lang)
	f.bool(d.offline)
	f.bool(d.abs)
	f.str(string(d.Live))
	f.str(string(d.Chart))
	f.str(string(d.Extra))
	f.str(string(d.Body))
	f.str(d.Feed)
	f.str(d.ICS)
	f.int(d.Shards)
	f.int(len(d.Crumbs))
	for _, cr := range d.Crumbs {
		f.str(cr.Title)
		f.str(cr.URL)
	}
	f.int(len(d.Meta))
	for _, m := range d.Meta {
		f.str(m.Name)
		f.str(m.Content)
	}
	keys := make([]string, 0, len(d.Counts))
	for k := range d.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.str(k)
		f.int(d.Counts[k])
	}
	f.bool(d.Pager != nil)
	if pg := d.Pager; pg != nil {
		f.int(pg.Number)
		f.int(pg.Total)
		f.str(pg.Prev)
		f.str(pg.Next)
		f.int(len(pg.Links))
		for _, l := range pg.Links {
			f.int(l.Number)
			f.str(l.URL)
			f.bool(l.Current)
			f.bool(l.Gap)
		}
	}
	f.bool(d.Now != nil)
	if doc := d.Now; doc != nil {
		f.uint(c.docHashOf(doc))
		f.uint(doc.bodySum) // srcSize, a hint for reading the file again, shows nowhere
		f.int(len(doc.body))
		f.int(doc.bodyLine)
		f.links(doc.links, c.archive)
		f.refs(doc.refs, doc.Attachments, c.archive)
		f.bool(doc.Prev != nil)
		if doc.Prev != nil {
			f.uint(c.docHashOf(doc.Prev))
		}
		f.bool(doc.Next != nil)
		if doc.Next != nil {
			f.uint(c.docHashOf(doc.Next))
		}
	}
	f.bool(d.Page != nil)
	if p := d.Page; p != nil {
		f.str(p.Path)
		f.str(p.Title)
		f.str(p.Slug)
		f.str(p.URL)
		f.bytes(p.body)
		f.int(p.bodyLine)
		f.links(p.links, c.archive)
		f.refs(p.refs, nil, c.archive)
	}
	c.docList(f, d.Docs)
	f.int(len(d.Months))
	for _, m := range d.Months {
		f.int(m.Month)
		c.docList(f, m.Docs)
	}
	f.int(len(d.ByYear))
	for _, y := range d.ByYear {
		f.int(y.Year)
		c.docList(f, y.Docs)
	}
	f.bool(d.Year != nil)
	if d.Year != nil {
		f.year(d.Year)
	}
	f.bool(d.Group != nil)
	if d.Group != nil {
		f.group(d.Group)
	}
	f.groups(d.Groups)
	f.int(len(d.Sched))
	for _, g := range d.Sched {
		f.ints(g.Months)
		f.int(len(g.Rows))
		for _, r := range g.Rows {
			f.scheduleRow(*r.ScheduleRow)
			f.uint(c.docHashOf(r.Doc))
		}
	}
	return nonZero(f.sum())
}

func (c *renderCache) docList(f *hasher, docs []*Document) {
	f.int(len(docs))
	for _, d := range docs {
		f.uint(c.docHashOf(d))
	}
}

// docHashOf is docHash, as begin computed it for a published document.
// Documents are parsed into new values on every build, so fp is never a
// previous build's.
func (c *renderCache) docHashOf(d *Document) uint64 {
	if d.fp != 0 {
		return d.fp
	}
	return c.docHash(d)
}

// docHash covers a document's front matter: everything a list, a
// neighbour's link or a schedule row can show of it.
func (c *renderCache) docHash(d *Document) uint64 {
	f := c.hasher()
	f.str(d.Path)
	f.str(d.Title)
	f.str(d.Index)
	f.bool(d.Issuer != nil)
	if d.Issuer != nil {
		f.str(d.Issuer.Name)
		f.str(d.Issuer.Slug)
		f.str(d.Issuer.Code)
	}
	f.date(d.Date)
	f.bool(d.Category != nil)
	if d.Category != nil {
		f.str(d.Category.Name)
		f.str(d.Category.Slug)
		f.str(d.Category.Description)
	}
	f.str(d.Genre)
	f.str(d.Number)
	f.int(len(d.Keywords))
	for _, k := range d.Keywords {
		f.str(k)
	}
	f.str(d.Summary)
	f.str(d.Slug)
	f.bool(d.Draft)
	f.str(d.ScheduleNote)
	f.int(len(d.Attachments))
	for _, a := range d.Attachments {
		f.str(a.Title)
		f.str(a.File)
		f.int(int(a.Size))
		f.str(a.URL)
	}
	f.int(len(d.Schedule))
	for _, r := range d.Schedule {
		f.scheduleRow(r)
	}
	f.str(d.URL)
	return f.sum()
}

// hasher writes values unambiguously (each with its length) into a
// buffer, hashed at the end into 64 bits with a seed chosen once per
// Rebuilder: one call to the hash function is much cheaper than one per
// value.
type hasher struct {
	seed maphash.Seed
	buf  []byte
}

var hasherPool = sync.Pool{New: func() any { return &hasher{buf: make([]byte, 0, 1024)} }}

func (c *renderCache) hasher() *hasher {
	f := hasherPool.Get().(*hasher)
	f.seed, f.buf = c.seed, f.buf[:0]
	return f
}

// sum returns the hash and gives the hasher back: it must not be used
// after.
func (f *hasher) sum() uint64 {
	h := maphash.Bytes(f.seed, f.buf)
	if cap(f.buf) <= 64<<10 {
		hasherPool.Put(f)
	}
	return h
}

func (f *hasher) uint(v uint64) { f.buf = binary.LittleEndian.AppendUint64(f.buf, v) }

func (f *hasher) int(v int) { f.uint(uint64(v)) }

func (f *hasher) bool(v bool) {
	if v {
		f.buf = append(f.buf, 1)
	} else {
		f.buf = append(f.buf, 0)
	}
}

func (f *hasher) str(s string) {
	f.int(len(s))
	f.buf = append(f.buf, s...)
}

func (f *hasher) bytes(b []byte) {
	f.int(len(b))
	f.buf = append(f.buf, b...)
}

func (f *hasher) ints(v []int) {
	f.int(len(v))
	for _, x := range v {
		f.int(x)
	}
}

func (f *hasher) date(d Date) {
	f.int(d.Year)
	f.int(d.Month)
	f.int(d.Day)
}

func (f *hasher) scheduleRow(r ScheduleRow) {
	f.ints(r.Months)
	f.str(r.Item)
	f.str(r.Owner)
	f.date(r.Day)
}

// links covers where a body's index: links point.
func (f *hasher) links(links []indexLink, a *Archive) {
	f.int(len(links))
	for _, l := range links {
		f.str(l.Index)
		f.int(l.Line)
		if d := a.byIndex[l.Index]; d != nil {
			f.str(d.URL)
		} else {
			f.str("\x00missing")
		}
	}
}

// refs covers where a body's links and images by path point (own are
// the attachments of the body's document).
func (f *hasher) refs(refs []bodyRef, own []*Attachment, a *Archive) {
	f.int(len(refs))
	for _, r := range refs {
		f.str(r.Target)
		f.str(a.refURL(r.Target, own))
	}
}

// year covers what a layout shows of a year: its number, how many
// documents it has, whether it has a schedule.
func (f *hasher) year(y *YearGroup) {
	f.int(y.Year)
	f.int(len(y.Docs))
	f.int(len(y.Schedule))
}

// group covers what a layout shows of a topic or an issuer.
func (f *hasher) group(g *Group) {
	f.str(g.Name)
	f.str(g.Slug)
	f.str(g.Description)
	f.str(g.Code)
	f.int(len(g.Docs))
}

func (f *hasher) groups(gs []*Group) {
	f.int(len(gs))
	for _, g := range gs {
		f.group(g)
	}
}
