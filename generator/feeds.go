package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// feedSize is how many documents a feed carries: the newest.
const feedSize = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title    string     `xml:"title"`
	ID       string     `xml:"id"`
	Updated  string     `xml:"updated"`
	Link     atomLink   `xml:"link"`
	Author   atomAuthor `xml:"author"`
	Category *atomCat   `xml:"category,omitempty"`
	Summary  string     `xml:"summary,omitempty"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func atomTime(d Date) string { return d.ISO() + "T00:00:00+08:00" }

// atom renders an Atom feed of the newest documents. Its time stamps come
// from the documents, so two builds give the same bytes. Its texts are
// written without the characters XML forbids (xmlChars); its addresses
// are percent-encoded, which leaves none.
func atom(cfg *Config, title, selfURL string, docs []*Document) ([]byte, error) {
	docs = docs[:min(len(docs), feedSize)]
	f := atomFeed{Lang: cfg.Language, Title: xmlChars(title), ID: cfg.BaseURL + selfURL, Author: atomAuthor{xmlChars(cfg.Title)},
		Links: []atomLink{{Rel: "self", Href: cfg.BaseURL + selfURL}, {Href: cfg.BaseURL}}}
	if len(docs) > 0 {
		f.Updated = atomTime(docs[0].Date)
	} else {
		f.Updated = "2000-01-01T00:00:00+08:00"
	}
	for _, d := range docs {
		e := atomEntry{Title: xmlChars(d.Title), ID: cfg.BaseURL + escapePath(d.URL), Updated: atomTime(d.Date),
			Link: atomLink{Href: cfg.BaseURL + escapePath(d.URL)}, Author: atomAuthor{xmlChars(d.Issuer.Name)},
			Category: &atomCat{xmlChars(d.Category.Name)}}
		var s []string
		s = append(s, d.Index)
		if d.Number != "" {
			s = append(s, d.Number)
		}
		if d.Summary != "" {
			s = append(s, d.Summary)
		}
		e.Summary = xmlChars(strings.Join(s, " · "))
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// xmlChars is s without the characters that XML 1.0 forbids even as
// character references, for which encoding/xml would write U+FFFD: the
// C0 controls but tab, line feed and carriage return, which TOML's \u
// escapes can put in any text, and U+FFFE and U+FFFF.
func xmlChars(s string) string {
	if !strings.ContainsFunc(s, notXMLChar) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if notXMLChar(r) {
			return -1
		}
		return r
	}, s)
}

func notXMLChar(r rune) bool {
	return r < ' ' && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
}

// catalogRecord is one document in catalog.json.
type catalogRecord struct {
	Index       string   `json:"index"`
	Title       string   `json:"title"`
	Issuer      string   `json:"issuer"`
	Date        string   `json:"date"`
	Category    string   `json:"category"`
	Genre       string   `json:"genre,omitempty"`
	Number      string   `json:"number,omitempty"`
	Keywords    []string `json:"keywords"`
	URL         string   `json:"url"`
	HasSchedule bool     `json:"has_schedule"`
}

func catalogJSON(cfg *Config, docs []*Document) ([]byte, error) {
	recs := make([]catalogRecord, len(docs))
	for i, d := range docs {
		recs[i] = catalogEntry(cfg, d)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	enc.SetIndent("", " ")
	if err := enc.Encode(recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compactCatalogJSON is catalogJSON as the JSON minifier leaves it: the
// minifier writes every token as it is, strings included, and no white
// space, which is what encoding without indentation gives too (the
// records hold no numbers, the one kind of token it would rewrite).
func compactCatalogJSON(cfg *Config, docs []*Document) ([]byte, error) {
	recs := make([]catalogRecord, len(docs))
	for i, d := range docs {
		recs[i] = catalogEntry(cfg, d)
	}
	return json.Marshal(recs)
}

func catalogEntry(cfg *Config, d *Document) catalogRecord {
	kw := d.Keywords
	if kw == nil {
		kw = []string{}
	}
	return catalogRecord{Index: d.Index, Title: d.Title, Issuer: d.Issuer.Name, Date: d.Date.ISO(),
		Category: d.Category.Name, Genre: d.Genre, Number: d.Number, Keywords: kw,
		URL: cfg.BaseURL + escapePath(d.URL), HasSchedule: d.HasSchedule()}
}

// catalogItem is one record of catalog.json as catalogJSON writes it
// inside the list: indented one level, without the separator.
func catalogItem(cfg *Config, d *Document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	enc.SetIndent(" ", " ")
	if err := enc.Encode(catalogEntry(cfg, d)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// joinCatalog is catalogJSON made of catalogItem's records.
func joinCatalog(items [][]byte) []byte {
	if len(items) == 0 {
		return []byte("[]\n")
	}
	n := 4
	for _, it := range items {
		n += len(it) + 3
	}
	out := make([]byte, 0, n)
	out = append(out, "[\n "...)
	for i, it := range items {
		if i > 0 {
			out = append(out, ",\n "...)
		}
		out = append(out, it...)
	}
	return append(out, "\n]\n"...)
}

// The sitemap protocol (sitemaps.org) lets one sitemap file list at most
// 50,000 URLs in at most 50 MB, uncompressed. A site with more pages is
// listed in several files at the root (a sitemap may list only addresses
// under its own folder), sitemap-1.xml, sitemap-2.xml, … (sitemapPart),
// and sitemap.xml becomes a sitemap index that lists them: robots.txt and
// the search engines keep the one address.
const (
	sitemapMaxURLs  = 50_000
	sitemapMaxBytes = 50 * 1024 * 1024 // 52,428,800 bytes, as sitemaps.org counts them

	sitemapNS      = "http://www.sitemaps.org/schemas/sitemap/0.9"
	urlsetOpen     = `<urlset xmlns="` + sitemapNS + `">` + "\n"
	urlsetClose    = "</urlset>\n"
	sitemapEmpty   = len(xml.Header) + len(urlsetOpen) + len(urlsetClose)
	sitemapURLTags = len("<url><loc></loc><lastmod>2006-01-02</lastmod></url>\n") // a <url> element's bytes besides its address
)

// sitemapLimit is how many URLs and bytes one sitemap file may hold.
type sitemapLimit struct{ urls, bytes int }

// sitemapParts splits jobs into the runs of pages that the sitemap's
// files list, in order: one run when one file may list every page, else
// each run as long as the limits let it be. The same jobs are always
// split alike.
func sitemapParts(cfg *Config, jobs []job, limit sitemapLimit) [][]job {
	base := xmlText(cfg.BaseURL)
	// Most sites are far below both limits, which what their addresses
	// could grow to tells without writing them: escapePath makes at most
	// three bytes of one, and XML escapes none of those but &, to five.
	n, most := 0, sitemapEmpty
	for _, j := range jobs {
		if inSitemap(j.data) {
			n++
			most += sitemapURLTags + len(base) + 5*len(j.data.URL)
		}
	}
	if n <= limit.urls && most <= limit.bytes {
		return [][]job{jobs}
	}
	var parts [][]job
	var entry []byte
	start, n, size := 0, 0, sitemapEmpty
	for i, j := range jobs {
		if !inSitemap(j.data) {
			continue
		}
		entry = appendSitemapURL(entry[:0], base, j.data)
		// A page whose entry alone is over the limit, as no address
		// can be at the protocol's, gets a file of its own.
		if n > 0 && (n == limit.urls || size+len(entry) > limit.bytes) {
			parts = append(parts, jobs[start:i])
			start, n, size = i, 0, sitemapEmpty
		}
		n++
		size += len(entry)
	}
	return append(parts, jobs[start:])
}

// sitemap lists every HTML page of jobs by absolute URL.
func sitemap(cfg *Config, jobs []job) []byte {
	base := xmlText(cfg.BaseURL)
	buf := make([]byte, 0, sitemapEmpty+len(jobs)*(sitemapURLTags+len(base)+40))
	buf = append(buf, xml.Header...)
	buf = append(buf, urlsetOpen...)
	for _, j := range jobs {
		if inSitemap(j.data) {
			buf = appendSitemapURL(buf, base, j.data)
		}
	}
	return append(buf, urlsetClose...)
}

// inSitemap reports whether a page is listed in the sitemap: every page
// but the one shown for an address that does not exist.
func inSitemap(d *pageData) bool { return d.Kind != "404" }

// appendSitemapURL appends the <url> element of a page; base is the
// site's base URL, XML-escaped.
func appendSitemapURL(buf []byte, base string, d *pageData) []byte {
	buf = append(buf, "<url><loc>"...)
	buf = append(buf, base...)
	// escapePath leaves no byte that XML escapes but &.
	buf = append(buf, strings.ReplaceAll(escapePath(d.URL), "&", "&amp;")...)
	buf = append(buf, "</loc>"...)
	if d.Now != nil && d.Kind == "document" {
		buf = append(buf, "<lastmod>"...)
		buf = append(buf, d.Now.Date.ISO()...)
		buf = append(buf, "</lastmod>"...)
	}
	return append(buf, "</url>\n"...)
}

// sitemapIndex is the sitemap.xml of a sitemap in n parts: the list of
// the parts.
func sitemapIndex(cfg *Config, n int) []byte {
	base := xmlText(cfg.BaseURL)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	for i := 1; i <= n; i++ {
		buf.WriteString("<sitemap><loc>" + base + sitemapPart(i) + "</loc></sitemap>\n")
	}
	buf.WriteString("</sitemapindex>\n")
	return buf.Bytes()
}

// xmlText is s escaped as XML text.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func robots(cfg *Config) []byte {
	return []byte("User-agent: *\nAllow: /\nSitemap: " + cfg.BaseURL + sitemapFile + "\n")
}

// robotsNote is what a build says of a site whose baseURL is a folder of
// its host, such as https://example.org/union/, or "" for one at a
// host's root: search engines read robots.txt only at the root, so the
// one the build writes there is never read, nor the Sitemap line in it.
// The file is still written, the same for every site: the folder may be
// served at a host's root too, and a file nobody reads does no harm.
// Nothing in the site is wrong, so this is no problem (--strict does not
// fail on it); it says what the host's own robots.txt needs.
func robotsNote(cfg *Config) string {
	if cfg.basePath == "/" {
		return ""
	}
	root := strings.TrimSuffix(cfg.BaseURL, (&url.URL{Path: cfg.basePath}).EscapedPath())
	return fmt.Sprintf("config.toml:%d:%d: note: search engines read robots.txt only at the root of a host, so they will not read %s%s (to point them at the sitemap, add the line \"Sitemap: %s%s\" to %s/%s)",
		cfg.baseURLAt.Line, cfg.baseURLAt.Col, cfg.BaseURL, robotsFile, cfg.BaseURL, sitemapFile, root, robotsFile)
}

// yearChart draws documents per year as a small inline SVG bar chart,
// oldest year on the left. Each bar carries its number as text, so the
// chart does not rely on colour or on hovering.
func yearChart(years []*YearGroup, lang string) template.HTML {
	if len(years) == 0 {
		return ""
	}
	maxN := 1
	for _, y := range years {
		maxN = max(maxN, len(y.Docs))
	}
	const barW, gap, h, top, bottom = 36, 12, 120, 18, 20
	w := len(years)*(barW+gap) + gap
	title, _ := label(lang, "yearsChart")
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="year-chart" role="img" aria-labelledby="year-chart-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg"><title id="year-chart-title">%s</title>`,
		w, h+top+bottom, w, h+top+bottom, template.HTMLEscapeString(title))
	for i := range years {
		y := years[len(years)-1-i]
		bh := len(y.Docs) * h / maxN
		if bh < 2 {
			bh = 2
		}
		x := gap + i*(barW+gap)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"/>`, x, top+h-bh, barW, bh)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%d</text>`, x+barW/2, top+h-bh-4, len(y.Docs))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%d</text>`, x+barW/2, top+h+15, y.Year)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
