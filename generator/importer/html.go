package importer

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reduces a saved HTML page to blocks: paragraphs, headings,
// list items and tables. It is a small tolerant parser of its own rather
// than golang.org/x/net/html: the importer needs only the text structure
// of one page at a time, the module keeps no dependency it does not need,
// and saved CMS pages are exactly the broken markup a short recursive
// builder with implied end tags handles well enough (unclosed <p>, <li>,
// <td>, <tr>; stray end tags are ignored).

type hnode struct {
	tag      string // "" for a text node
	attrs    map[string]string
	text     string
	children []*hnode
	parent   *hnode
}

var voidTags = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr")

// rawTags hold text that is not markup; their content is discarded,
// except <title>, which is kept as the page title.
var rawTags = set("script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe", "noembed", "noframes", "plaintext")

// dropTags never carry document text.
var dropTags = set("script", "style", "noscript", "template", "iframe", "nav", "select", "button", "svg", "canvas", "audio", "video", "object", "embed", "map", "input", "textarea", "head", "form")

// dropTokens are class or id words of site chrome.
var dropTokens = set("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
	"footer", "foot", "sidebar", "side", "share", "bdshare", "bdsharebuttonbox", "copyright", "topbar", "toolbar",
	"banner", "ad", "ads", "advert", "pager", "pagination", "related", "recommend", "position", "location",
	"dqwz", "prevnext", "print", "login", "search", "friendlink", "links", "qrcode", "gotop", "backtop")

var blockTags = set("address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
	"dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
	"header", "hr", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody",
	"td", "tfoot", "th", "thead", "tr", "ul", "caption", "br", "form")

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// parseHTML builds a tolerant tree from s.
func parseHTML(s string) (root *hnode, title string) {
	root = &hnode{tag: "#root"}
	cur := root
	push := func(n *hnode) {
		n.parent = cur
		cur.children = append(cur.children, n)
	}
	// closeTo pops to the nearest open element named one of names, but
	// not past a boundary element.
	closeTo := func(names map[string]bool, boundary map[string]bool) bool {
		for n := cur; n != nil && n != root; n = n.parent {
			if names[n.tag] {
				cur = n.parent
				return true
			}
			if boundary[n.tag] {
				return false
			}
		}
		return false
	}
	text := func(t string) {
		if t == "" {
			return
		}
		push(&hnode{text: html.UnescapeString(t)})
	}
	pClosers := set("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dl", "section", "article", "header", "footer", "hr", "center", "form", "li")
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			text(s[i:])
			break
		}
		text(s[i : i+lt])
		i += lt
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				i = len(s)
			} else {
				i += 4 + end + 3
			}
			continue
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				i = len(s)
			} else {
				i += end + 1
			}
			continue
		case strings.HasPrefix(rest, "</"):
			name, n := tagName(rest[2:])
			end := strings.IndexByte(rest, '>')
			if name == "" || end < 0 {
				text("<")
				i++
				continue
			}
			_ = n
			i += end + 1
			switch name {
			case "p":
				if !closeTo(set("p"), set("td", "th", "li", "div", "table", "body")) {
					// </p> without <p> is an empty paragraph break.
					push(&hnode{tag: "br"})
				}
			case "br":
				push(&hnode{tag: "br"})
			default:
				closeTo(set(name), nil)
			}
			continue
		}
		name, n := tagName(rest[1:])
		if name == "" {
			text("<")
			i++
			continue
		}
		attrs, consumed, selfClose := parseAttrs(rest[1+n:])
		i += 1 + n + consumed
		// Implied end tags.
		switch {
		case pClosers[name]:
			closeTo(set("p"), set("td", "th", "li", "div", "table", "body", "blockquote"))
		}
		switch name {
		case "li":
			closeTo(set("li"), set("ul", "ol", "menu", "table"))
		case "dt", "dd":
			closeTo(set("dt", "dd"), set("dl", "table"))
		case "td", "th":
			closeTo(set("td", "th"), set("tr", "table"))
		case "tr":
			closeTo(set("tr"), set("table", "tbody", "thead", "tfoot"))
		case "tbody", "thead", "tfoot":
			closeTo(set("tbody", "thead", "tfoot"), set("table"))
		case "option":
			closeTo(set("option"), set("select"))
		}
		el := &hnode{tag: name, attrs: attrs}
		push(el)
		if voidTags[name] || selfClose {
			continue
		}
		if rawTags[name] {
			end := indexFold(s[i:], "</"+name)
			raw := s[i:]
			if end >= 0 {
				raw = s[i : i+end]
				gt := strings.IndexByte(s[i+end:], '>')
				if gt < 0 {
					i = len(s)
				} else {
					i += end + gt + 1
				}
			} else {
				i = len(s)
			}
			if name == "title" && title == "" {
				title = collapseSpace(html.UnescapeString(raw))
			}
			continue
		}
		cur = el
	}
	return root, title
}

func indexFold(s, sub string) int {
	ls := strings.ToLower(s)
	return strings.Index(ls, sub)
}

func tagName(s string) (string, int) {
	n := 0
	for n < len(s) {
		c := s[n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || n > 0 && (c >= '0' && c <= '9' || c == '-' || c == ':') {
			n++
			continue
		}
		break
	}
	return strings.ToLower(s[:n]), n
}

// parseAttrs reads attributes up to and including the closing '>'.
func parseAttrs(s string) (map[string]string, int, bool) {
	attrs := map[string]string{}
	i := 0
	self := false
	for i < len(s) {
		c := s[i]
		switch {
		case c == '>':
			return attrs, i + 1, self
		case c == '/':
			self = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
			continue
		}
		self = false
		j := i
		for j < len(s) && !strings.ContainsRune(" \t\n\r\f/>=", rune(s[j])) {
			j++
		}
		if j == i { // stray character such as a quote
			i++
			continue
		}
		key := strings.ToLower(s[i:j])
		i = j
		for i < len(s) && strings.ContainsRune(" \t\n\r\f", rune(s[i])) {
			i++
		}
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && strings.ContainsRune(" \t\n\r\f", rune(s[i])) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					val = s[i+1:]
					i = len(s)
				} else {
					val = s[i+1 : i+1+end]
					i += end + 2
				}
			} else {
				k := i
				for k < len(s) && !strings.ContainsRune(" \t\n\r\f>", rune(s[k])) {
					k++
				}
				val = s[i:k]
				i = k
			}
		}
		if _, dup := attrs[key]; !dup {
			attrs[key] = html.UnescapeString(val)
		}
	}
	return attrs, len(s), self
}

// link is an <a href> whose target looks like an attachment file.
type link struct{ text, href string }

var attachmentExt = set(".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".wps", ".et", ".ofd", ".zip", ".rar", ".7z", ".txt", ".jpg", ".jpeg", ".png", ".odt", ".ods")

type htmlWalker struct {
	blocks    []block
	buf       strings.Builder
	pending   blockKind
	level     int
	inArticle int
	lists     []bool // ordered?
	links     []link
}

// htmlToBlocks reduces a page to blocks and returns its <title>, the
// attachment links it carries and its <meta name=… content=…> tags (names
// in lower case), where government sites put ArticleTitle, PubDate and
// ContentSource.
func htmlToBlocks(s string) ([]block, string, []link, map[string]string) {
	root, title := parseHTML(s)
	w := &htmlWalker{}
	w.walk(root)
	w.flush()
	meta := map[string]string{}
	var rec func(n *hnode)
	rec = func(n *hnode) {
		if n.tag == "meta" {
			if name := strings.ToLower(strings.TrimSpace(n.attrs["name"])); name != "" {
				if _, dup := meta[name]; !dup {
					meta[name] = collapseSpace(n.attrs["content"])
				}
			}
		}
		for _, c := range n.children {
			rec(c)
		}
	}
	rec(root)
	return w.blocks, title, w.links, meta
}

func (w *htmlWalker) flush() {
	t := collapseSpace(w.buf.String())
	w.buf.Reset()
	if t == "" {
		return
	}
	kind, level := w.pending, w.level
	w.pending, w.level = blockPara, 0
	w.blocks = append(w.blocks, block{kind: kind, level: level, text: t})
}

func (w *htmlWalker) dropped(n *hnode) bool {
	if dropTags[n.tag] {
		return true
	}
	if (n.tag == "header" || n.tag == "footer" || n.tag == "aside") && w.inArticle == 0 {
		return true
	}
	if _, ok := n.attrs["hidden"]; ok {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(n.attrs["style"], " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	switch strings.ToLower(n.attrs["role"]) {
	case "navigation", "banner", "contentinfo", "search", "complementary":
		return true
	}
	words := strings.FieldsFunc(strings.ToLower(n.attrs["class"]+" "+n.attrs["id"]), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	})
	for _, word := range words {
		if dropTokens[word] {
			return true
		}
	}
	return false
}

func (w *htmlWalker) walk(n *hnode) {
	if n.tag == "" {
		w.buf.WriteString(n.text)
		return
	}
	if n.tag != "#root" && w.dropped(n) {
		return
	}
	if rawTags[n.tag] {
		return
	}
	switch n.tag {
	case "br", "hr":
		w.flush()
		return
	case "img":
		return
	case "h1", "h2", "h3", "h4", "h5", "h6":
		w.flush()
		w.buf.WriteString(textContent(n))
		w.pending, w.level = blockHeading, int(n.tag[1]-'0')
		w.flush()
		w.pending, w.level = blockPara, 0
		return
	case "table":
		w.flush()
		if isLayoutTable(n) {
			w.walkChildren(n, true)
			return
		}
		if rows := tableRows(n); len(rows) > 0 {
			w.blocks = append(w.blocks, block{kind: blockTable, rows: rows})
		}
		w.collectLinks(n)
		return
	case "ul", "ol", "menu", "dir":
		w.flush()
		w.lists = append(w.lists, n.tag == "ol")
		w.walkChildren(n, true)
		w.flush()
		w.lists = w.lists[:len(w.lists)-1]
		return
	case "li":
		w.flush()
		w.pending = blockItem
		if len(w.lists) > 0 && w.lists[len(w.lists)-1] {
			w.level = 1
		}
		w.walkChildren(n, false)
		w.flush()
		w.pending, w.level = blockPara, 0
		return
	case "a":
		w.walkChildren(n, false)
		w.addLink(n.attrs["href"], textContent(n))
		return
	case "article", "main":
		w.inArticle++
		defer func() { w.inArticle-- }()
	case "pre":
		w.flush()
		for _, line := range strings.Split(textContentRaw(n), "\n") {
			w.buf.WriteString(line)
			w.flush()
		}
		return
	}
	w.walkChildren(n, blockTags[n.tag])
}

func (w *htmlWalker) walkChildren(n *hnode, isBlock bool) {
	if isBlock {
		w.flush()
	}
	for _, c := range n.children {
		if blockTags[c.tag] && c.tag != "li" && c.tag != "table" && !strings.HasPrefix(c.tag, "h") {
			// Keep a list item's own kind for its first line only.
			if w.buf.Len() > 0 {
				w.flush()
			}
		}
		w.walk(c)
		if isBlock && blockTags[c.tag] {
			w.flush()
		}
	}
	if isBlock {
		w.flush()
	}
}

func (w *htmlWalker) collectLinks(n *hnode) {
	if n.tag == "a" {
		w.addLink(n.attrs["href"], textContent(n))
	}
	for _, c := range n.children {
		w.collectLinks(c)
	}
}

func (w *htmlWalker) addLink(href, text string) {
	href = strings.TrimSpace(href)
	if href == "" {
		return
	}
	p := href
	if k := strings.IndexAny(p, "?#"); k >= 0 {
		p = p[:k]
	}
	dot := strings.LastIndexByte(p, '.')
	if dot < 0 || !attachmentExt[strings.ToLower(p[dot:])] {
		return
	}
	w.links = append(w.links, link{text: collapseSpace(text), href: href})
}

// textContent is the visible text of n with block boundaries as spaces.
func textContent(n *hnode) string {
	var b strings.Builder
	var rec func(*hnode)
	rec = func(n *hnode) {
		if n.tag == "" {
			b.WriteString(n.text)
			return
		}
		if rawTags[n.tag] || dropTags[n.tag] {
			return
		}
		if blockTags[n.tag] {
			b.WriteByte(' ')
		}
		for _, c := range n.children {
			rec(c)
		}
		if blockTags[n.tag] {
			b.WriteByte(' ')
		}
	}
	rec(n)
	return collapseSpace(b.String())
}

func textContentRaw(n *hnode) string {
	var b strings.Builder
	var rec func(*hnode)
	rec = func(n *hnode) {
		if n.tag == "" {
			b.WriteString(n.text)
			return
		}
		if n.tag == "br" {
			b.WriteByte('\n')
		}
		for _, c := range n.children {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// isLayoutTable tells a table used to lay out a page from a data table:
// one that holds headings or other tables, a single cell, or long text.
func isLayoutTable(t *hnode) bool {
	cells, layout := 0, false
	var rec func(n *hnode, depth int)
	rec = func(n *hnode, depth int) {
		for _, c := range n.children {
			switch {
			case c.tag == "table":
				layout = true
			case len(c.tag) == 2 && c.tag[0] == 'h' && c.tag[1] >= '1' && c.tag[1] <= '6':
				layout = true
			case c.tag == "td" || c.tag == "th":
				cells++
				if utf8.RuneCountInString(textContent(c)) > 400 {
					layout = true
				}
				rec(c, depth+1)
			default:
				rec(c, depth+1)
			}
		}
	}
	rec(t, 0)
	return layout || cells <= 1
}

// tableRows expands a data table into a grid, resolving rowspan and
// colspan. A cell covered by a span from above repeats the spanning
// cell's text, marked by a leading "\x00" so renderers can leave it empty.
func tableRows(t *hnode) [][]string {
	var trs []*hnode
	var rec func(n *hnode)
	rec = func(n *hnode) {
		for _, c := range n.children {
			switch c.tag {
			case "tr":
				trs = append(trs, c)
			case "table":
				// nested tables are flattened into their cell's text
			default:
				if c.tag != "" {
					rec(c)
				}
			}
		}
	}
	rec(t)
	type pend struct {
		text string
		left int
	}
	var grid [][]string
	carry := map[int]*pend{}
	for _, tr := range trs {
		var row []string
		col := 0
		fill := func() {
			for {
				p, ok := carry[col]
				if !ok || p.left == 0 {
					return
				}
				row = append(row, "\x00"+p.text)
				p.left--
				if p.left == 0 {
					delete(carry, col)
				}
				col++
			}
		}
		for _, td := range tr.children {
			if td.tag != "td" && td.tag != "th" {
				continue
			}
			fill()
			txt := textContent(td)
			rs, _ := strconv.Atoi(td.attrs["rowspan"])
			cs, _ := strconv.Atoi(td.attrs["colspan"])
			if cs < 1 || cs > 50 {
				cs = 1
			}
			if rs > 200 {
				rs = 200
			}
			for k := 0; k < cs; k++ {
				if k == 0 {
					row = append(row, txt)
				} else {
					row = append(row, "\x00"+txt)
				}
				if rs > 1 {
					carry[col] = &pend{txt, rs - 1}
				}
				col++
			}
		}
		fill()
		if len(row) > 0 {
			grid = append(grid, row)
		}
	}
	// Drop rows and tables that are entirely empty.
	var out [][]string
	for _, r := range grid {
		empty := true
		for _, c := range r {
			if strings.TrimPrefix(c, "\x00") != "" {
				empty = false
			}
		}
		if !empty {
			out = append(out, r)
		}
	}
	return out
}

// collapseSpace turns runs of HTML white space into one space and trims.
// No-break spaces count as spaces, and so do control characters, which a
// character reference (&#11;) may still bring after decoding; U+3000 is
// kept as written inside text.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || isControl(r) || r == '\u00a0' || r == '\u200b' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return trimSpaceCJK(b.String())
}
