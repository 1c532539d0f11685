package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unsafe"

	"github.com/gongkai/gongkai/generator/search"
	"github.com/yuin/goldmark"
)

// renderer holds what every page of one build shares. It is read-only
// once built, so pages render on every core.
type renderer struct {
	archive   *Archive
	cfg       *Config
	templates map[string]*template.Template
	fast      map[string]*fastTemplate // by kind: the same layouts, executed faster
	slowPages atomic.Int64             // pages the fast executor left to html/template
	md        goldmark.Markdown
	opt       Options
	out       Output       // minifies, unless the build was asked not to
	raw       Output       // writes as given: for data that is already compact
	content   fs.FS        // the site folder, for attachments and bodies read again
	cache     *renderCache // the previous build's files, when rebuilding
	bodiless  bool         // the site was loaded without its documents' bodies
	asWritten asWrittenLayouts

	// plain holds each published document's body text, by position in
	// archive.Docs, for the search index. Workers write only their own slot.
	plain  []string
	docPos map[*Document]int
}

// job is one page to render: its data is completed by prepare, which runs
// on a worker (it may render Markdown).
type job struct {
	data    *pageData
	prepare func(*pageData) error
}

func (r *renderer) newPage(kind, url, title string) *pageData {
	return &pageData{Kind: kind, URL: url, Title: title, Site: r.archive, Config: r.cfg, Lang: r.cfg.Language,
		offline: r.opt.Offline, Live: r.opt.LiveReload}
}

func (r *renderer) crumbs(pairs ...string) []crumb {
	home, _ := label(r.cfg.Language, "home")
	out := []crumb{{Title: home, URL: ""}}
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, crumb{Title: pairs[i], URL: pairs[i+1]})
	}
	return out
}

func (r *renderer) t(key string) string {
	s, _ := label(r.cfg.Language, key)
	return s
}

// jobs lists every HTML page of the site. Listing is cheap; the work is
// in rendering, which happens later on every core.
func (r *renderer) jobs() []job {
	a, cfg := r.archive, r.cfg
	var jobs []job
	// docSlot is where a document's pages go in jobs.
	type docSlot struct {
		doc                 *Document
		at                  int
		yearTitle, yearBase string
	}
	docSlots := make([]docSlot, 0, len(a.Docs))
	add := func(d *pageData, prepare func(*pageData) error) { jobs = append(jobs, job{d, prepare}) }

	home := r.newPage("home", "", cfg.Title)
	home.Docs = a.Docs[:min(len(a.Docs), 10)]
	home.Groups = a.Topics
	home.Chart = yearChart(a.Years, r.cfg.Language)
	home.Feed = feedFile
	add(home, nil)

	years := r.newPage("years", archiveDir, r.t("archive"))
	years.Crumbs = r.crumbs(r.t("archive"), archiveDir)
	years.Chart = home.Chart
	add(years, nil)
	// The years' whole schedules, grouped by month on every core.
	yearSched := make([][]MonthGroup, len(a.Years))
	parallel(len(a.Years), func(i int) { yearSched[i] = groupByMonth(a.Years[i].Schedule) })
	for i, y := range a.Years {
		base := yearURL(y.Year)
		title := fmt.Sprintf(r.t("yearDocs"), y.Year)
		paginate(base, y.Docs, cfg.PageSize, func(url string, docs []*Document, pg *pager) {
			d := r.newPage("year", url, title)
			d.Year, d.Docs, d.Months, d.Pager = y, docs, groupDocsByMonth(docs), pg
			d.Crumbs = r.crumbs(r.t("archive"), archiveDir, title, base)
			add(d, nil)
		})
		if len(y.Schedule) > 0 {
			d := r.newPage("yearschedule", base+scheduleDir, title+r.t("scheduleOf"))
			d.Year, d.Sched, d.ICS = y, yearSched[i], base+calendarFile
			d.Crumbs = r.crumbs(r.t("archive"), archiveDir, title, base, r.t("wholeYearSchedule"), base+scheduleDir)
			add(d, nil)
		}
		// A document's page, and its schedule's if it has one, are
		// made below on every core, in the places kept for them here.
		for _, doc := range y.Docs {
			docSlots = append(docSlots, docSlot{doc: doc, at: len(jobs), yearTitle: title, yearBase: base})
			jobs = append(jobs, job{})
			if doc.HasSchedule() {
				jobs = append(jobs, job{})
			}
		}
	}
	parallel(len(docSlots), func(i int) {
		ds := docSlots[i]
		doc, title, base := ds.doc, ds.yearTitle, ds.yearBase
		d := r.newPage("document", doc.URL, doc.Title)
		d.Now = doc
		d.Crumbs = r.crumbs(r.t("archive"), archiveDir, title, base, doc.Title, doc.URL)
		d.Sched = groupByMonth(docSchedule(doc))
		if doc.HasSchedule() {
			d.ICS = doc.URL + calendarFile
		}
		jobs[ds.at] = job{d, r.prepareDocument}
		if doc.HasSchedule() {
			s := r.newPage("schedule", doc.URL+scheduleDir, doc.Title)
			s.Now, s.Sched, s.ICS = doc, d.Sched, d.ICS
			s.Crumbs = r.crumbs(r.t("archive"), archiveDir, title, base, doc.Title, doc.URL, r.t("schedule"), doc.URL+scheduleDir)
			jobs[ds.at+1] = job{s, nil}
		}
	})

	groupPages := func(kind, listKind, root string, groups []*Group) {
		list := r.newPage(listKind, root, r.t(listKind))
		list.Groups = groups
		list.Crumbs = r.crumbs(r.t(listKind), root)
		add(list, nil)
		for _, g := range groups {
			g := g
			base := root + g.Slug + "/"
			paginate(base, g.Docs, cfg.PageSize, func(url string, docs []*Document, pg *pager) {
				d := r.newPage(kind, url, g.Name)
				d.Group, d.Docs, d.ByYear, d.Pager = g, docs, groupDocsByYear(docs), pg
				d.Crumbs = r.crumbs(r.t(listKind), root, g.Name, base)
				if kind == "topic" {
					d.Feed = base + feedFile
				}
				add(d, nil)
			})
		}
	}
	groupPages("topic", "topics", topicsDir, a.Topics)
	groupPages("issuer", "issuers", issuersDir, a.Issuers)

	paginate(catalogDir, a.Docs, max(cfg.PageSize, 100), func(url string, docs []*Document, pg *pager) {
		d := r.newPage("catalog", url, r.t("catalog"))
		d.Docs, d.Pager = docs, pg
		d.Crumbs = r.crumbs(r.t("catalog"), catalogDir)
		add(d, nil)
	})

	for _, p := range a.Pages {
		p := p
		d := r.newPage("page", p.URL, p.Title)
		d.Page = p
		d.Crumbs = r.crumbs(p.Title, p.URL)
		add(d, func(d *pageData) error {
			buf, give := bodyBuffers.take()
			body, _, err := renderBody(r.md, buf, p.body, func(index string) string { return d.Link(a.byIndex[index].URL) }, r.refLinks(d, p.Path, p.refs, nil))
			d.Body, d.giveBody = bodyHTML(body), func() { give(body) }
			return err
		})
	}

	search := r.newPage("search", searchDir, r.t("search"))
	search.Crumbs = r.crumbs(r.t("search"), searchDir)
	add(search, nil)

	nf := r.newPage("404", "", r.t("notFound"))
	nf.abs = !r.opt.Offline
	nf.Groups = a.Topics
	add(nf, nil)
	return jobs
}

// prepareDocument renders a document's body, with index: links pointing
// at the linked documents and links by path at what their files are
// published as.
func (r *renderer) prepareDocument(d *pageData) error {
	doc := d.Now
	src, release, err := r.source(doc)
	if err != nil {
		return fmt.Errorf("%s: %v", doc.Path, err)
	}
	// The page and the text are new bytes: nothing keeps src.
	buf, give := bodyBuffers.take()
	body, plain, err := renderBody(r.md, buf, src, func(index string) string { return d.Link(r.archive.byIndex[index].URL) }, r.refLinks(d, doc.Path, doc.refs, doc.Attachments))
	release()
	if err != nil {
		return fmt.Errorf("%s: %v", doc.Path, err)
	}
	d.Body, d.giveBody = bodyHTML(body), func() { give(body) }
	d.Meta = documentMeta(d, plain)
	r.plain[r.docPos[doc]] = plain
	return nil
}

// bodyBuffers hold the HTML of bodies from when they are rendered until
// their pages are written (see pageData.giveBody).
var bodyBuffers bufferPool

// bodyHTML is a body renderBody made, as the page's HTML, without the
// copy a conversion would make: nothing writes to the bytes until the
// page is written, when renderOne gives them back to bodyBuffers.
func bodyHTML(b []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}

// refLinks gives renderBody the links of page d, made from the Markdown
// file at from with the attachments own, to the files its body names by
// a relative path: the page or the attachment each is published as,
// relative to d, with the address's query and fragment; an address that
// names nothing published stays as written. It is nil when the body,
// whose references the scan at load found (refs), names no file so: the
// scan and ref read the same addresses, so the other links of such a
// body need not be read again.
func (r *renderer) refLinks(d *pageData, from string, refs []bodyRef, own []*Attachment) func(dest []byte) ([]byte, bool) {
	a := r.archive
	if a.files == nil || len(refs) == 0 {
		return nil
	}
	dir := path.Dir(from)
	return func(dest []byte) ([]byte, bool) {
		target, suffix, ok := refTarget(dir, dest)
		if !ok {
			return nil, false
		}
		url := a.refURL(target, own)
		if url == "" {
			return nil, false
		}
		return literalDest(d.Link(url + suffix)), true
	}
}

var errChangedDuringBuild = errors.New("changed while the site was being built (build again)")

// source returns a document's Markdown body, and the function to call
// once it is no longer used. A site loaded by Build or Inspect keeps no
// body once its file is checked (see parseDropping): each is read again,
// into a buffer of sourceBuffers that release gives back, when its page
// is rendered, so the sources of the whole archive, most of what a build
// would hold, are never in memory at once. A body that is not what was
// checked fails the build.
func (r *renderer) source(doc *Document) (body []byte, release func(), err error) {
	if !r.bodiless {
		return doc.body, func() {}, nil
	}
	buf, give := sourceBuffers.take()
	data, err := readSourceInto(r.content, sourceFile{path: doc.Path, size: int64(doc.srcSize)}, buf)
	if err != nil {
		give(buf)
		return nil, nil, fmt.Errorf("cannot read: %v", err)
	}
	// The body was checked to be text when it was loaded, and the hash
	// below proves it is the same: it is normalized, not checked again.
	_, body, _, err = splitFrontMatter(normalizeText(data))
	if err != nil || bodyHash(body) != doc.bodySum {
		give(data)
		return nil, nil, errChangedDuringBuild
	}
	return body, func() { give(data) }, nil
}

// searchIndex writes the search data of the published documents and
// returns its number of shards.
func (r *renderer) searchIndex() (shards int, err error) {
	docs := make([]search.Document, len(r.archive.Docs))
	parallel(len(docs), func(i int) { docs[i] = r.searchDoc(r.archive.Docs[i], r.plain[i]) })
	if r.cache != nil && r.cache.index != nil {
		// The index keeps what it built last and hands back the same
		// bytes for the files that did not change, which nobody changes:
		// they are kept as they are rather than copied.
		files, err := r.cache.index.Build(docs)
		if err != nil {
			return 0, err
		}
		for name, data := range files {
			if err := r.cache.mem.keep(searchDir+name, data); err != nil {
				return 0, err
			}
		}
		return r.cache.index.Shards(), nil
	}
	release := r.opt.once
	if release {
		// Nothing reads the bodies' text after this: let each go as soon
		// as it is indexed.
		r.plain = nil
	}
	// The files are written as they are made rather than held until the
	// whole index is. The text is indexed here, after rendering, rather
	// than by the render workers as each page is made: the index's
	// records of a document take more memory than its text, and holding
	// them from the first page on raised the peak of a 10,000-document
	// build from about 222 to 250 MB for no time saved.
	return search.Write(docs, release, func(name string, data []byte) error {
		return r.raw.WriteFile(searchDir+name, data)
	})
}

// lastSearchPage takes the search page out of jobs: it shows the number
// of shards of the search data, and is rendered once that is built.
func lastSearchPage(jobs []job) (pages, late []job) {
	for i, j := range jobs {
		if j.data.Kind == "search" {
			return slices.Concat(jobs[:i], jobs[i+1:]), jobs[i : i+1]
		}
	}
	return jobs, nil
}

// searchDoc is a published document as the search index sees it, with
// its body text.
func (r *renderer) searchDoc(d *Document, plain string) search.Document {
	url := d.URL
	if r.opt.Offline {
		url += indexFile
	}
	return search.Document{URL: url, Title: d.Title, Index: d.Index, Number: d.Number, Issuer: d.Issuer.Name,
		Category: d.Category.Name, Genre: d.Genre, Date: d.Date.ISO(), Year: d.Date.Year, Keywords: d.Keywords, Body: plain}
}

// documentMeta gives a document page the <meta> tags of the government
// page-design convention.
func documentMeta(d *pageData, plain string) []metaTag {
	doc := d.Now
	desc := doc.Summary
	if desc == "" {
		desc = excerpt(plain, 120)
	}
	tags := []metaTag{
		{"ArticleTitle", doc.Title},
		{"PubDate", doc.Date.ISO() + " 00:00"},
		{"ContentSource", doc.Issuer.Name},
		{"Author", doc.Issuer.Name},
		{"Description", desc},
		{"Url", d.Abs(doc.URL)},
	}
	if len(doc.Keywords) > 0 {
		tags = append(tags, metaTag{"Keywords", strings.Join(doc.Keywords, ",")})
	}
	return tags
}

// columnMeta gives a list page the column-level <meta> tags of the
// government page-design convention.
func columnMeta(d *pageData) []metaTag {
	desc := d.Config.Description
	if d.Group != nil && d.Group.Description != "" {
		desc = d.Group.Description
	}
	return []metaTag{
		{"ColumnName", d.Title},
		{"ColumnDescription", desc},
		{"ColumnKeywords", d.Title},
		{"ColumnType", d.Kind},
	}
}

// excerpt is the first n characters of text, on one line.
// It reads no further into text, which is UTF-8 (every source is
// checked when it is read), than it needs: a body is thousands of
// characters, an excerpt a hundred.
func excerpt(text string, n int) string {
	var b strings.Builder
	// Room for n characters of three bytes (Chinese) and the ellipsis,
	// made once rather than grown character by character.
	b.Grow(min(len(text), 3*n) + len("…"))
	count := 0
	space := false // a run of white space is pending
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = count > 0
			continue
		}
		if space {
			if count == n {
				b.WriteString("…")
				return b.String()
			}
			b.WriteByte(' ')
			count++
			space = false
		}
		if count == n {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		count++
	}
	return b.String()
}

// render executes every page and writes it, on every core.
func (r *renderer) render(jobs []job) error {
	return r.renderError(r.renderJobs(jobs))
}

// renderJobs renders jobs on every core and returns the layouts'
// failures and the other errors, for renderError.
func (r *renderer) renderJobs(jobs []job) (failures []*layoutFailure, errs []error) {
	var mu sync.Mutex
	order := spread(len(jobs), runtime.GOMAXPROCS(0))
	parallel(len(jobs), func(k int) {
		if err := r.renderOne(jobs[order[k]]); err != nil {
			mu.Lock()
			if f, ok := err.(*layoutFailure); ok {
				failures = append(failures, f)
			} else {
				errs = append(errs, err)
			}
			mu.Unlock()
		}
	})
	return failures, errs
}

// renderError is the error of renders that failed so: the layouts'
// failures as problems, each once for all the pages it failed on, with
// the other failures beside them; else the other errors.
func (r *renderer) renderError(failures []*layoutFailure, errs []error) error {
	if len(failures) > 0 {
		// The other failures are reported with the layouts', not lost.
		probs := r.layoutProblemsOf(failures)
		for _, err := range errs {
			probs = append(probs, failureProblem(err))
		}
		probs.Sort()
		return &ProblemError{Problems: probs}
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, err := range errs {
			msgs[i] = err.Error()
		}
		sort.Strings(msgs)
		return fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// failureProblem is a page's failure other than its layouts' as a
// problem: at the output file a system call failed on, or else at the
// file its message names first ("content/2024/a.md: cannot read: …").
func failureProblem(err error) Problem {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return Problem{Path: pe.Path, Severity: Error, Message: pe.Op + ": " + pe.Err.Error()}
	}
	path, msg, _ := strings.Cut(err.Error(), ": ")
	return Problem{Path: path, Severity: Error, Message: msg}
}

// spread orders 0..n-1 so that w workers taking the next in turn start
// at w evenly spaced places and move on from each: neighbouring jobs are
// pages of one folder, and a system makes the entries of a folder one at
// a time, so workers in one folder wait for each other.
func spread(n, w int) []int {
	w = max(1, min(w, n))
	stride := (n + w - 1) / max(w, 1)
	order := make([]int, 0, n)
	for r := 0; r < stride; r++ {
		for c := 0; c < w; c++ {
			if i := c*stride + r; i < n {
				order = append(order, i)
			}
		}
	}
	return order
}

// pageBuffers hold pages while they are rendered: a page buffer grows to
// the size of the largest page once rather than for every page.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// maxPooledPage is the largest page buffer put back in pageBuffers. The
// few pages past it (a year's whole schedule can be megabytes) grow their
// own buffer, rather than each leave one that size in the pool for the
// rest of the build.
const maxPooledPage = 4 << 20

// scheduleSize is about the size of a page that shows the schedule
// sched, 258 bytes a row in the theme's layouts. A year's whole schedule
// is megabytes (15 MB at 100,000 generated documents): given its room at
// once, its page is not grown by doubling, which allocates, clears and
// copies twice its size.
func scheduleSize(sched []MonthGroup) int {
	rows := 0
	for _, g := range sched {
		rows += len(g.Rows)
	}
	return rows * 280
}

func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledPage {
		pageBuffers.Put(buf)
	}
}

func (r *renderer) renderOne(j job) error {
	d := j.data
	name := d.URL + indexFile
	if d.Kind == "404" {
		name = notFoundFile
	}
	if r.cache != nil {
		if r.cache.reusePage(r, d, name) {
			return nil // nothing the page shows has changed since the last build
		}
		r.cache.rendered.Add(1)
	}
	if j.prepare != nil {
		if err := j.prepare(d); err != nil {
			return err
		}
	}
	if d.Kind != "document" {
		d.Meta = columnMeta(d)
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	buf.Reset()
	buf.Grow(scheduleSize(d.Sched))
	if f := r.fast[d.Kind]; f == nil || f.execute(buf, d) != nil {
		r.slowPages.Add(1)
		buf.Reset()
		if err := r.templates[d.Kind].ExecuteTemplate(buf, "layouts/base.html", d); err != nil {
			return r.layoutFailure(d, err)
		}
	}
	// The page stays listed for the sitemap; what only rendering needed
	// goes, so that memory does not grow with every page rendered.
	d.Body, d.Meta, d.Sched, d.Months, d.ByYear, d.Crumbs = "", nil, nil, nil, nil, nil
	if d.giveBody != nil {
		d.giveBody()
		d.giveBody = nil
	}
	// The layouts were minified when they were loaded (see loadTemplates).
	return r.raw.WriteFile(name, buf.Bytes())
}

// put writes a generated file. When rebuilding, a file whose bytes are
// those of the last build keeps its finished (minified) form.
func (r *renderer) put(name string, data []byte) error {
	if r.cache != nil && r.cache.reuse(name, r.cache.dataFingerprint(data)) {
		return nil
	}
	return r.out.WriteFile(name, data)
}

// copyAttachments publishes each published document's attachments next to
// its page. Drafts' files are never looked at.
func (r *renderer) copyAttachments() error {
	type attachment struct{ name, src string }
	var files []attachment
	for _, d := range r.archive.Docs {
		for _, a := range d.Attachments {
			files = append(files, attachment{attachmentName(d, a), a.File})
		}
	}
	var mu sync.Mutex
	var errs []string
	copyFile := r.out.CopyFile
	if r.cache != nil {
		copyFile = r.cache.copyFile
	}
	parallel(len(files), func(i int) {
		if err := copyFile(files[i].name, r.content, files[i].src); err != nil {
			mu.Lock()
			errs = append(errs, fmt.Sprintf("%s: %v", files[i].src, err))
			mu.Unlock()
		}
	})
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// attachmentName is the name of an attachment's copy in the output: its
// file's name, in its document's folder.
func attachmentName(d *Document, a *Attachment) string { return d.URL + path.Base(a.File) }

// attachmentURL is the URL of an attachment's copy (Attachment.URL).
func attachmentURL(d *Document, a *Attachment) string { return fileURL(attachmentName(d, a)) }

// copyStatic publishes the static files that load found (Site.static),
// each read from the layer it was found in, so that what is published is
// what the checks saw: a file added since is not published, and one gone
// since, or no longer a file, fails the build rather than leaving the
// theme's file of its name in its place.
func (r *renderer) copyStatic(site *Site) error {
	for _, f := range site.static {
		layer := site.theme
		if f.site {
			layer = site.fsys
		}
		data, err := fs.ReadFile(layer, f.name)
		if err != nil {
			return err
		}
		if err := r.put(strings.TrimPrefix(f.name, "static/"), data); err != nil {
			return err
		}
	}
	return nil
}
