package generator

import (
	"slices"
	"sort"
)

// Archive is the assembled site: the published documents and every index
// built from them. Nothing in it comes from a draft.
type Archive struct {
	Config  *Config
	Docs    []*Document // published, newest first
	Years   []*YearGroup
	Topics  []*Group // in config order
	Issuers []*Group // in config order
	Pages   []*Page

	byIndex map[string]*Document
	// files gives the URL of each published file that a published body
	// names by a relative path (see publishedRefs); nil when no such body
	// names a file.
	files map[string]string
}

// YearGroup is one year of the archive.
type YearGroup struct {
	Year     int
	Docs     []*Document // newest first
	Schedule []ScheduleEntry
}

// Group is the documents of one category or one issuer.
type Group struct {
	Name, Slug, Description string
	Code                    string // the issuer's organization code, if any
	Docs                    []*Document
}

// ScheduleEntry is a schedule row with the document it comes from. The
// row is the document's own, not a copy: a year's schedule lists every
// row of the year again, and copies would be most of the memory of a
// large archive's schedules.
type ScheduleEntry struct {
	*ScheduleRow
	Doc *Document
	seq int // the row's place among its document's rows, from 1, which names its calendar event
}

// Assemble orders the published documents and builds the indexes. It is
// called only on a site that passed Check.
func Assemble(site *Site) *Archive {
	a := &Archive{Config: site.Config}
	a.Docs = site.Published()
	// Documents are found by index number on another core while they are
	// sorted. Check refuses two published documents with one index; of
	// two that Assemble is given all the same, the older wins, as it
	// would filling the map in sorted order.
	indexed := make(chan map[string]*Document)
	go func(docs []*Document) {
		byIndex := make(map[string]*Document, len(docs))
		for _, d := range docs {
			if other, dup := byIndex[d.Index]; !dup || newer(other, d) {
				byIndex[d.Index] = d
			}
		}
		indexed <- byIndex
	}(slices.Clone(a.Docs))
	// Paths differ, so newer orders any two documents: an unstable sort
	// gives the one order there is, with one comparison a step.
	slices.SortFunc(a.Docs, func(x, y *Document) int {
		switch {
		case x == y:
			return 0
		case newer(x, y):
			return -1
		}
		return 1
	})
	a.byIndex = <-indexed

	years := map[int]*YearGroup{}
	for _, d := range a.Docs {
		y := years[d.Date.Year]
		if y == nil {
			y = &YearGroup{Year: d.Date.Year}
			years[d.Date.Year] = y
			a.Years = append(a.Years, y)
		}
		y.Docs = append(y.Docs, d)
	}
	// Previous and next stay within a year: the year is the reader's
	// context. Years share nothing, so they are linked on every core.
	parallel(len(a.Years), func(k int) {
		y := a.Years[k]
		for i, d := range y.Docs {
			d.Prev, d.Next = nil, nil
			if i+1 < len(y.Docs) {
				d.Prev = y.Docs[i+1]
			}
			if i > 0 {
				d.Next = y.Docs[i-1]
			}
		}
		y.Schedule = yearSchedule(y.Docs, a.Config)
	})

	topics := map[*Category]*Group{}
	for i := range a.Config.Categories {
		c := &a.Config.Categories[i]
		g := &Group{Name: c.Name, Slug: c.Slug, Description: c.Description}
		topics[c] = g
		a.Topics = append(a.Topics, g)
	}
	issuers := map[*Issuer]*Group{}
	for i := range a.Config.Issuers {
		is := &a.Config.Issuers[i]
		g := &Group{Name: is.Name, Slug: is.Slug, Code: is.Code}
		issuers[is] = g
		a.Issuers = append(a.Issuers, g)
	}
	for _, d := range a.Docs {
		topics[d.Category].Docs = append(topics[d.Category].Docs, d)
		issuers[d.Issuer].Docs = append(issuers[d.Issuer].Docs, d)
	}
	a.Pages = append(a.Pages, site.Pages...)
	sort.Slice(a.Pages, func(i, j int) bool { return a.Pages[i].URL < a.Pages[j].URL })
	a.files = publishedRefs(site, false)
	return a
}

// publishedRefs maps each file of content/ that a body names by a
// relative path (bodyRef), of a page, a published document or, with
// drafts set, a draft, to the URL it is published at, and leaves out the
// files that are not published: a published document's or a page's
// Markdown file is published as its page, another file as its copy as
// an attachment of the first published document, in path order, that
// attaches it. It is nil when none of those bodies names a file, as in
// most archives, which then spend nothing on it. Check and Assemble both
// ask here, so that a link check lets pass as naming a published file
// is the link the build writes.
func publishedRefs(site *Site, drafts bool) map[string]string {
	var want map[string]bool
	add := func(refs []bodyRef) {
		for _, r := range refs {
			if want == nil {
				want = map[string]bool{}
			}
			want[r.Target] = true
		}
	}
	for _, d := range site.Documents {
		if drafts || !d.Draft {
			add(d.refs)
		}
	}
	for _, pg := range site.Pages {
		add(pg.refs)
	}
	if want == nil {
		return nil
	}
	files := map[string]string{}
	for _, d := range site.Documents {
		if d.Draft {
			continue
		}
		if want[d.Path] {
			files[d.Path] = d.URL
		}
		for _, at := range d.Attachments {
			if _, taken := files[at.File]; want[at.File] && !taken {
				files[at.File] = attachmentURL(d, at)
			}
		}
	}
	for _, pg := range site.Pages {
		if want[pg.Path] {
			files[pg.Path] = pg.URL
		}
	}
	return files
}

// refURL is the site-relative URL of target, a file that a body names
// by a relative path, or "" when it is not published. own are the
// attachments of the body's document: a file it attaches itself is
// linked beside its page.
func (a *Archive) refURL(target string, own []*Attachment) string {
	for _, at := range own {
		if at.File == target && at.URL != "" {
			return at.URL
		}
	}
	return a.files[target]
}

// newer orders documents newest first; documents of one day by index
// number, highest first, then by path so the order is total.
func newer(a, b *Document) bool {
	if a.Date != b.Date {
		return b.Date.Before(a.Date)
	}
	if a.Index != b.Index {
		return a.Index > b.Index
	}
	return a.Path < b.Path
}

// yearSchedule gathers every schedule row of a year's documents, by
// month, then span (one month before two), then issuer (in config order),
// keeping among equals the order of the documents, oldest first, and of
// each document's own rows: a counting sort on the three small numbers.
// The loader refuses months outside 1..12; here such a month sorts after
// December, and a span of more than 12 as one of 13, so that the counts
// stay few whatever the site.
func yearSchedule(docs []*Document, cfg *Config) []ScheduleEntry {
	issuerRank := make(map[*Issuer]int, len(cfg.Issuers))
	for i := range cfg.Issuers {
		issuerRank[&cfg.Issuers[i]] = i
	}
	ranks := max(len(cfg.Issuers), 1)
	n := 0
	for _, d := range docs {
		n += len(d.Schedule)
	}
	rows := make([]ScheduleEntry, 0, n)
	keys := make([]int32, 0, n)
	counts := make([]int32, 14*14*ranks+1)
	for i := len(docs) - 1; i >= 0; i-- { // oldest first
		d := docs[i]
		rank := issuerRank[d.Issuer]
		for j := range d.Schedule {
			r := &d.Schedule[j]
			month, span := 13, min(len(r.Months), 13)
			if span > 0 && r.Months[0] >= 1 && r.Months[0] <= 12 {
				month = r.Months[0]
			}
			k := int32((month*14+span)*ranks + rank)
			rows = append(rows, ScheduleEntry{ScheduleRow: r, Doc: d, seq: j + 1})
			keys = append(keys, k)
			counts[k+1]++
		}
	}
	for k := 1; k < len(counts); k++ {
		counts[k] += counts[k-1]
	}
	sorted := make([]ScheduleEntry, len(rows))
	for i, k := range keys {
		sorted[counts[k]] = rows[i]
		counts[k]++
	}
	return sorted
}

// MonthGroup is consecutive schedule rows that share their months: the
// printed table shows the month once, in a cell spanning the rows.
type MonthGroup struct {
	Months []int
	Rows   []ScheduleEntry
}

// groupByMonth splits rows into runs with the same months.
// The groups share rows' array, which nobody changes afterwards.
func groupByMonth(rows []ScheduleEntry) []MonthGroup {
	var groups []MonthGroup
	start := 0
	for i := 1; i <= len(rows); i++ {
		if i == len(rows) || !sameMonths(rows[start].Months, rows[i].Months) {
			groups = append(groups, MonthGroup{Months: rows[start].Months, Rows: rows[start:i:i]})
			start = i
		}
	}
	return groups
}

func sameMonths(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func docSchedule(d *Document) []ScheduleEntry {
	rows := make([]ScheduleEntry, len(d.Schedule))
	for i := range d.Schedule {
		rows[i] = ScheduleEntry{ScheduleRow: &d.Schedule[i], Doc: d, seq: i + 1}
	}
	return rows
}

// MonthDocs is a year's documents of one month, for the year page.
type MonthDocs struct {
	Month int
	Docs  []*Document
}

func groupDocsByMonth(docs []*Document) []MonthDocs {
	var out []MonthDocs
	for _, d := range docs {
		if n := len(out); n > 0 && out[n-1].Month == d.Date.Month {
			out[n-1].Docs = append(out[n-1].Docs, d)
			continue
		}
		out = append(out, MonthDocs{Month: d.Date.Month, Docs: []*Document{d}})
	}
	return out
}

// YearDocs is a group's documents of one year, for topic and issuer pages.
type YearDocs struct {
	Year int
	Docs []*Document
}

func groupDocsByYear(docs []*Document) []YearDocs {
	var out []YearDocs
	for _, d := range docs {
		if n := len(out); n > 0 && out[n-1].Year == d.Date.Year {
			out[n-1].Docs = append(out[n-1].Docs, d)
			continue
		}
		out = append(out, YearDocs{Year: d.Date.Year, Docs: []*Document{d}})
	}
	return out
}
