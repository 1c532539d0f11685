package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// pageData is what a layout receives as dot. Fields are set per kind;
// methods give links relative to the page and labels in the site's
// language.
type pageData struct {
	Kind   string
	URL    string // site-relative folder of the page ("" is the home page)
	Title  string
	Crumbs []crumb
	Meta   []metaTag
	Site   *Archive
	Config *Config
	Lang   string
	Now    *Document // the document a page is about, if any
	Body   template.HTML
	Page   *Page
	Docs   []*Document // the documents on this page of a list
	Months []MonthDocs
	ByYear []YearDocs
	Year   *YearGroup
	Group  *Group
	Groups []*Group
	Sched  []MonthGroup
	Pager  *pager
	Chart  template.HTML
	Feed   string // site-relative URL of the page's feed, if any
	ICS    string // site-relative URL of the page's calendar file, if any
	Extra  template.HTML
	Live   template.HTML // the live-reload script, only in serve
	Counts map[string]int
	// Shards is, on the search page, the number of shard files of the
	// search data (meta.js's s), so that the page can ask for a query's
	// shards beside meta.js (see generator/search).
	Shards int
	// giveBody gives back the buffer that holds Body (see bodyBuffers),
	// once the page is made and Body is cleared.
	giveBody func()
	offline  bool
	abs      bool // links carry the base path (404.html is served at any URL)
}

type crumb struct {
	Title, URL string
}

type metaTag struct{ Name, Content string }

// Link returns the link from this page to a site-relative target such as
// "topics/plans/" or "archive/2024/plan/file.pdf". Links are relative so
// the same output works at a domain root, under a sub-path, and from a
// disk; offline builds name index.html explicitly because file:// does
// not serve folders. What follows a ? or a # in the target is its query
// or fragment, and a percent escape (%23) is kept as it is, so that a
// target may be a URL path already, as an attachment's URL is.
func (p *pageData) Link(target string) string {
	return linkFrom(p.URL, target, p.offline, p.abs, p.Config.basePath)
}

func linkFrom(from, target string, offline, abs bool, basePath string) string {
	prefix, path, index, frag := linkParts(from, target, offline, abs, basePath)
	return prefix + path + index + frag
}

// linkParts is linkFrom's link in the parts it is made of: the way up to
// the site's root (or the base path), the target's path, index.html for
// an offline link to a folder, and the query or fragment.
func linkParts(from, target string, offline, abs bool, basePath string) (prefix, path, index, frag string) {
	// One pass finds the query or fragment and whether the path needs
	// escaping: every page makes dozens of links.
	escape := false
	for i := 0; i < len(target); i++ {
		if k := pathBytes[target[i]]; k != 0 {
			if k == pathStop {
				target, frag = target[:i], target[i:]
				break
			}
			escape = true
		}
	}
	if offline && (target == "" || strings.HasSuffix(target, "/")) {
		index = indexFile
	}
	if escape {
		target = escapeSegments(target, true)
	}
	if abs {
		return basePath, target, index, frag
	}
	up := strings.Count(from, "/")
	switch {
	case up == 0 && target == "" && index == "":
		return "./", "", "", frag
	case 3*up <= len(upDirs):
		return upDirs[:3*up], target, index, frag
	}
	return strings.Repeat("../", up), target, index, frag
}

// writeLink writes p.Link(target) as a URL attribute's value, as the
// compiled layouts' escapers would write it
// (htmlReplace(normalizeURL(urlFilter(link)), false)), without making
// the link: a page writes dozens. Both escapers work byte by byte and
// look no further than two bytes ahead, from a % to its hex digits; each
// part but the last ends in a slash or is followed by one beginning
// with ?, # or a letter other than a hex digit, so escaping the parts one
// by one gives the whole link's bytes.
func writeLink(w *bytes.Buffer, p *pageData, target string) {
	prefix, path, index, frag := linkParts(p.URL, target, p.offline, p.abs, p.Config.basePath)
	if linkFiltered(prefix, path, index, frag) {
		w.WriteString(htmlReplace(normalizeURL(urlFilter(prefix+path+index+frag)), false))
		return
	}
	for _, part := range [...]string{prefix, path, index, frag} {
		w.WriteString(htmlReplace(normalizeURL(part), false))
	}
}

// linkFiltered reports whether urlFilter might change the link made of
// parts: whether a colon comes before the first slash.
func linkFiltered(parts ...string) bool {
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			switch p[i] {
			case '/':
				return false
			case ':':
				return true
			}
		}
	}
	return false
}

// upDirs is the "../" prefixes of links from pages up to twelve folders deep.
const upDirs = "../../../../../../../../../../../../"

// pathBytes classes the bytes of a link's target: those url.PathEscape
// changes in a path segment, and ? and # (which also start the query and
// the fragment); the others are 0.
var pathBytes = func() (t [256]uint8) {
	for c := range 256 {
		t[c] = pathEscaped
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~$&+/:=@", byte(c)) >= 0 {
			t[c] = 0
		}
	}
	t['?'], t['#'] = pathStop, pathStop
	return t
}()

const (
	pathEscaped = 1 + iota
	pathStop
)

// escapePath percent-encodes what a URL path needs encoded, keeping
// slashes and percent escapes: a URL path comes out as it went in.
func escapePath(p string) string { return escapeSegments(p, true) }

// fileURL is the URL path of the output file name: each segment
// percent-encoded by url.PathEscape, % itself included, so that a file
// named h#1.txt, a?.pdf or 100%.csv is linked as what it is and not as
// a fragment, a query or an escape.
func fileURL(name string) string { return escapeSegments(name, false) }

// escapeSegments percent-encodes each segment of p as url.PathEscape
// does, except that with keepEscapes a valid percent escape (% and two
// hex digits) is kept as it is rather than encoded again. It returns p
// itself, with no allocation, when nothing needs escaping: every
// attachment's name and every address in a feed come here, and few need
// it.
func escapeSegments(p string, keepEscapes bool) string {
	var b strings.Builder
	done := 0 // p[:done] is written to b; 0 until a byte needs escaping
	for i := 0; i < len(p); i++ {
		c := p[i]
		// The two hex digits of a kept escape are kept as any digit or
		// letter is.
		if pathBytes[c] == 0 || keepEscapes && c == '%' && validEscape(p, i) {
			continue
		}
		if done == 0 {
			b.Grow(len(p) + 16)
		}
		b.WriteString(p[done:i])
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
		done = i + 1
	}
	if done == 0 {
		return p
	}
	b.WriteString(p[done:])
	return b.String()
}

const upperHex = "0123456789ABCDEF"

// T returns a fixed text of the theme in the site's language.
func (p *pageData) T(key string) (string, error) { return label(p.Lang, key) }

// Tf formats a fixed text with arguments: {{.Tf "pageOf" 2 5}}.
func (p *pageData) Tf(key string, args ...any) (string, error) {
	s, err := label(p.Lang, key)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(s, args...), nil
}

// Date shows a date as the metadata table does: 2021年03月18日.
func (p *pageData) Date(d Date) string { return headerDate(p.Lang, d) }

// MonthName names a month for the year page.
func (p *pageData) MonthName(m int) string { return monthLabel(p.Lang, m) }

// Months names a schedule row's months: 七、八月.
func (p *pageData) MonthsName(ms []int) string { return monthsLabel(p.Lang, ms) }

// Abs is the absolute URL of a site-relative target, for feeds and meta tags.
func (p *pageData) Abs(target string) string { return p.Config.BaseURL + escapePath(target) }

// pager is the navigation of a paginated list.
type pager struct {
	Number, Total int
	Prev, Next    string // site-relative URLs, "" at the ends
	Links         []pagerLink
}

type pagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // pages were skipped before this one
}

// pageURL is the stable URL of page n of a list at base: base itself for
// the first page, base/page/n/ after it.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + moreDir + strconv.Itoa(n) + "/"
}

// paginate splits docs into pages of size and calls f for each.
func paginate(base string, docs []*Document, size int, f func(url string, docs []*Document, p *pager)) {
	total := (len(docs) + size - 1) / size
	if total == 0 {
		total = 1
	}
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*size, min(n*size, len(docs))
		pg := &pager{Number: n, Total: total}
		if n > 1 {
			pg.Prev = pageURL(base, n-1)
		}
		if n < total {
			pg.Next = pageURL(base, n+1)
		}
		if total > 1 {
			// A window around the current page, plus the first and the
			// last: a list of thousands of pages must not link to each.
			for k := 1; k <= total; k++ {
				if k == 1 || k == total || (k >= n-2 && k <= n+2) {
					gap := len(pg.Links) > 0 && pg.Links[len(pg.Links)-1].Number != k-1
					pg.Links = append(pg.Links, pagerLink{Number: k, URL: pageURL(base, k), Current: k == n, Gap: gap})
				} else if k < n-2 {
					k = n - 3
				} else {
					k = total - 1
				}
			}
		}
		f(pageURL(base, n), docs[lo:hi], pg)
	}
}

// listView is what the doclist partial receives: the page, for links and
// labels, and the documents to list.
type listView struct {
	Page *pageData
	List []*Document
}

// With pairs the page with a list of documents for the doclist partial.
func (p *pageData) With(docs []*Document) listView { return listView{p, docs} }

// HasOwners reports whether any schedule row names an owner: a schedule
// without owners has no 负责人 column at all.
func (p *pageData) HasOwners() bool {
	for _, g := range p.Sched {
		for _, r := range g.Rows {
			if r.Owner != "" {
				return true
			}
		}
	}
	return false
}

// Host is the site's domain, for the SiteDomain meta tag.
func (p *pageData) Host() string {
	u, err := url.Parse(p.Config.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}
