package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
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
// from the documents, so two builds give the same bytes.
func atom(cfg *Config, title, selfURL string, docs []*Document) ([]byte, error) {
	docs = docs[:min(len(docs), feedSize)]
	f := atomFeed{Lang: cfg.Language, Title: title, ID: cfg.BaseURL + selfURL, Author: atomAuthor{cfg.Title},
		Links: []atomLink{{Rel: "self", Href: cfg.BaseURL + selfURL}, {Href: cfg.BaseURL}}}
	if len(docs) > 0 {
		f.Updated = atomTime(docs[0].Date)
	} else {
		f.Updated = "2000-01-01T00:00:00+08:00"
	}
	for _, d := range docs {
		e := atomEntry{Title: d.Title, ID: cfg.BaseURL + escapePath(d.URL), Updated: atomTime(d.Date),
			Link: atomLink{Href: cfg.BaseURL + escapePath(d.URL)}, Author: atomAuthor{d.Issuer.Name},
			Category: &atomCat{d.Category.Name}}
		var s []string
		s = append(s, d.Index)
		if d.Number != "" {
			s = append(s, d.Number)
		}
		if d.Summary != "" {
			s = append(s, d.Summary)
		}
		e.Summary = strings.Join(s, " · ")
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

// sitemap lists every HTML page by absolute URL.
func sitemap(cfg *Config, jobs []job) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, j := range jobs {
		if j.data.Kind == "404" {
			continue
		}
		buf.WriteString("<url><loc>")
		xml.EscapeText(&buf, []byte(cfg.BaseURL+escapePath(j.data.URL)))
		buf.WriteString("</loc>")
		if j.data.Now != nil && j.data.Kind == "document" {
			buf.WriteString("<lastmod>" + j.data.Now.Date.ISO() + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func robots(cfg *Config) []byte {
	return []byte("User-agent: *\nAllow: /\nSitemap: " + cfg.BaseURL + sitemapFile + "\n")
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
