package generator

import (
	"bytes"
	stdhtml "html"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown builds the one goldmark instance a build shares across
// goroutines. Raw HTML is rendered only when the site opts in.
func newMarkdown(rawHTML bool) goldmark.Markdown {
	opts := []goldmark.Option{
		goldmark.WithExtensions(bodyExtensions()...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	if rawHTML {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(opts...)
}

// bodyExtensions are the goldmark extensions of bodies, for the renderer
// and for the scans at load alike: a table splits its rows into cells
// before links are read, so that a parser without it can find other
// links than the page has, and the renderer would meet an index: link
// that Check never saw.
func bodyExtensions() []goldmark.Extender {
	return []goldmark.Extender{extension.Table, extension.Strikethrough}
}

// headingIDs gives headings readable IDs that keep Chinese text, so that
// "## 一、指导思想" gets id="一指导思想" rather than goldmark's "heading".
type headingIDs struct{ used map[string]bool }

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || r == 0x3000:
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	unique := id
	for n := 1; h.used[unique]; n++ {
		unique = id + "-" + itoa(n)
	}
	h.used[unique] = true
	return []byte(unique)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// indexScheme is the link scheme that names a document by its index number.
const indexScheme = "index:"

// indexTarget returns the index number a link destination names, if it
// is an index: link. Schemes are case-insensitive, so INDEX: and Index:
// are index links too rather than dead links in the output; the number
// is trimmed as a document's own index is.
func indexTarget(dest string) (string, bool) {
	if len(dest) < len(indexScheme) || !strings.EqualFold(dest[:len(indexScheme)], indexScheme) {
		return "", false
	}
	return strings.TrimSpace(dest[len(indexScheme):]), true
}

// linkParsers keeps parsers for scanBody: making one costs more than
// parsing a typical document with it. Each is used by one goroutine at a
// time. They read bodies as the renderer does (bodyExtensions).
var linkParsers = sync.Pool{New: func() any {
	return goldmark.New(goldmark.WithExtensions(bodyExtensions()...)).Parser()
}}

// scanBody finds what the checks need of the body of the Markdown file
// at p, whose first line is line bodyLine of the file: its index: links,
// and its links and images whose address is a relative path naming a
// file under content/ (see refTarget). It warns of each image whose
// address is not in the archive: a page shows such an image as a link to
// it (see goldmarkBody), since a built page loads nothing from another
// host. Most bodies have none of these, and cheap byte searches spare
// them a parse; a body the Markdown fast path takes, which holds index:
// links and nothing else of the kind, is scanned without one too.
func scanBody(probs *problemList, p string, body []byte, bodyLine int) (links []indexLink, refs []bodyRef) {
	index := mentionsIndexScheme(body)
	if !index && !mayLinkByPath(body) {
		return nil, nil
	}
	if index {
		if links, ok := plainIndexLinks(body, bodyLine); ok {
			return links, nil
		}
	}
	return goldmarkScan(probs, p, body, bodyLine)
}

// goldmarkScan is scanBody for any body, in one parse. Each address is
// placed at its first occurrence from the start of its block, or from the
// end of the last address placed in it: a link's destination is not
// where goldmark's tree says it stands.
func goldmarkScan(probs *problemList, p string, body []byte, bodyLine int) (links []indexLink, refs []bodyRef) {
	prs := linkParsers.Get().(parser.Parser)
	defer linkParsers.Put(prs)
	doc := prs.Parse(text.NewReader(body))
	dir := path.Dir(p)
	var lines *bodyLines // made at the first address placed: most bodies have none
	var cols columns
	from := 0
	place := func(dest []byte) (k, col int) {
		if lines == nil {
			lines = &bodyLines{body: body, feeds: lineFeeds(body)}
		}
		off := from
		if i := bytes.Index(body[from:], dest); i >= 0 {
			off = from + i
			from = off + len(dest)
		}
		return cols.at(*lines, off)
	}
	// byPath takes an address that is no index: link and, for an image,
	// stays in the archive: a relative path for the checks to resolve,
	// or a path with backslashes the page cannot follow.
	byPath := func(dest []byte, image bool) {
		if target, _, ok := refTarget(dir, dest); ok {
			k, col := place(dest)
			refs = append(refs, bodyRef{Target: target, Line: bodyLine + k, Col: col, Image: image, Backslash: backslashPath(dest)})
		} else if backslashPath(dest) {
			k, col := place(dest)
			verb := "links to"
			if image {
				verb = "shows"
			}
			probs.warnf(p, bodyLine+k, col, "%s %s, which the page writes with %%5C for each \\, so no browser finds it (write the path with /: %s)", verb, dest, bytes.ReplaceAll(dest, []byte("\\"), []byte("/")))
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			from = n.Lines().At(0).Start
		}
		switch l := n.(type) {
		case *ast.Link:
			if index, ok := indexTarget(string(l.Destination)); ok {
				k, col := place(l.Destination)
				links = append(links, indexLink{Index: index, Line: bodyLine + k, Col: col})
			} else if onDisk(l.Destination) {
				k, col := place(l.Destination)
				probs.warnf(p, bodyLine+k, col, "links to %s, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)", l.Destination)
			} else {
				byPath(l.Destination, false)
			}
		case *ast.AutoLink:
			if index, ok := indexTarget(string(l.URL(body))); ok {
				k, col := place(l.URL(body))
				links = append(links, indexLink{Index: index, Line: bodyLine + k, Col: col})
			}
		case *ast.Image:
			if index, ok := indexTarget(string(l.Destination)); ok {
				// The page shows it as a link to the document.
				k, col := place(l.Destination)
				links = append(links, indexLink{Index: index, Line: bodyLine + k, Col: col})
			} else if !localImage(l.Destination) {
				k, col := place(l.Destination)
				probs.warnf(p, bodyLine+k, col, "image %q is not in the archive, so the page shows it as a link: a published page loads nothing from other hosts (save the image as an attachment and show it by its file name)", l.Destination)
			} else {
				byPath(l.Destination, true)
			}
		}
		return ast.WalkContinue, nil
	})
	return links, refs
}

// mayLinkByPath reports whether a body may hold what only a parse finds
// besides index: links: an image, a link reference definition, or an
// inline link whose address may be a relative path or a file on the
// author's disk. It is false only when every "](" is followed, after
// white space and an optional <, by ), /, # or ?, or by a scheme and its
// colon other than a drive (C:) and file:: such an address is neither,
// whatever backslash escapes and character references come after.
func mayLinkByPath(b []byte) bool {
	if bytes.Contains(b, []byte("![")) {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], ']')
		if j < 0 {
			return false
		}
		i += j + 1
		if i == len(b) {
			return false
		}
		switch b[i] {
		case ':':
			return true
		case '(':
			if !plainlyNotPath(b[i+1:]) {
				return true
			}
		}
	}
}

// plainlyNotPath reports whether the address that text begins with (text
// follows a link's "(") is certainly neither a relative path nor a file
// on the author's disk (see onDisk).
func plainlyNotPath(text []byte) bool {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
		i++
	}
	if i < len(text) && text[i] == '<' {
		i++
	}
	if i == len(text) {
		return false
	}
	switch text[i] {
	case ')', '/', '#', '?':
		return true
	}
	// A drive (C:) and file: name the author's own disk (see onDisk).
	n := schemeLength(text[i:])
	return n > 2 && !(n == len("file:") && strings.EqualFold(string(text[i:i+n]), "file:"))
}

// schemeLength returns the length of the scheme and colon that s begins
// with ("https:"), or 0: a letter, then letters, digits, + - and ., then
// a colon.
func schemeLength(s []byte) int {
	for i, c := range s {
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// refTarget reads a link's or an image's address as the page will carry
// it (goldmark resolves backslash escapes and character references in
// it) and, when it is a relative path, returns the file of the site it
// names from dir, the folder of the Markdown file: the path before any ?
// or #, percent-decoded, with \ read as / (as browsers read it), joined
// to dir. suffix is the rest of the address, from its ? or #. ok is false
// for an address with a scheme or starting with / \ # or ?, one with
// spaces around it or control characters, one that names a folder, and
// one that names nothing under content/: those stay as written.
func refTarget(dir string, dest []byte) (target, suffix string, ok bool) {
	dest = pageAddress(dest)
	if len(dest) == 0 || schemeLength(dest) > 0 {
		return "", "", false
	}
	switch dest[0] {
	case '/', '\\', '#', '?', ' ':
		return "", "", false
	}
	if dest[len(dest)-1] == ' ' {
		return "", "", false
	}
	for _, c := range dest {
		if c < ' ' || c == 0x7F {
			return "", "", false
		}
	}
	p := string(dest)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, suffix = p[:i], p[i:]
	}
	p = strings.ReplaceAll(p, "\\", "/")
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if p == "" || strings.HasSuffix(p, "/") {
		return "", "", false
	}
	target = path.Join(dir, p)
	if !strings.HasPrefix(target, "content/") {
		return "", "", false
	}
	return target, suffix, true
}

// pageAddress is a link's or an image's address as the page carries it:
// goldmark resolves backslash escapes and character references in it.
func pageAddress(dest []byte) []byte {
	if bytes.IndexByte(dest, '\\') >= 0 || bytes.IndexByte(dest, '&') >= 0 {
		return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
	}
	return dest
}

// backslashPath reports whether an address is a path written with
// backslashes, as Windows writes them (files\通知.pdf, \2023\a.md): unless
// the build points it at what it names, the page writes each \ that is
// no Markdown escape as %5C, which no browser reads as a folder
// separator. An address with a scheme, and a backslash after its ? or #,
// are not.
func backslashPath(dest []byte) bool {
	addr := pageAddress(dest)
	if i := bytes.IndexAny(addr, "?#"); i >= 0 {
		addr = addr[:i]
	}
	return bytes.IndexByte(addr, '\\') >= 0 && schemeLength(addr) == 0
}

// onDisk reports whether an address names a file on a disk of the
// author's computer or network, as Windows writes it and as an editor
// puts it for a file dropped on it: C:\Users\…, D:/…, \\server\share\…
// or a file: URL. A page writes such a link as an address no reader can
// open (goldmark empties a file: one).
func onDisk(dest []byte) bool {
	if bytes.HasPrefix(dest, []byte(`\\`)) {
		return true
	}
	addr := pageAddress(dest)
	if len(addr) >= 3 && addr[1] == ':' && (addr[2] == '\\' || addr[2] == '/') && 'a' <= addr[0]|0x20 && addr[0]|0x20 <= 'z' {
		return true
	}
	return schemeLength(addr) == len("file:") && strings.EqualFold(string(addr[:len("file:")]), "file:")
}

// literalDest is a link destination that goldmark's renderer, which
// resolves backslash escapes and character references in destinations
// as written in Markdown, writes as dest: a destination made by the
// build is not Markdown.
func literalDest(dest string) []byte {
	if !strings.ContainsAny(dest, "\\&") {
		return []byte(dest)
	}
	var b bytes.Buffer
	for i := 0; i < len(dest); i++ {
		switch c := dest[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteByte(c)
		}
	}
	return b.Bytes()
}

// localImage reports whether an image's address stays in the archive:
// a relative path, or data: (the image is in the address itself). A
// browser drops tabs and line breaks anywhere in an address and spaces
// before it, and reads a leading // or \\ (or /\, \/) as another host.
func localImage(dest []byte) bool {
	var b []byte
	for _, c := range dest {
		if c != '\t' && c != '\n' && c != '\r' && (len(b) > 0 || c > ' ') {
			b = append(b, c)
		}
	}
	if len(b) >= 2 && (b[0] == '/' || b[0] == '\\') && (b[1] == '/' || b[1] == '\\') {
		return false
	}
	if n := schemeLength(b); n > 0 {
		return strings.EqualFold(string(b[:n-1]), "data")
	}
	return true
}

// lineFeeds returns the offsets of the line feeds of b.
func lineFeeds(b []byte) []int {
	var feeds []int
	for i := 0; ; i++ {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return feeds
		}
		i += j
		feeds = append(feeds, i)
	}
}

// bodyLines numbers the lines of a body from 0.
type bodyLines struct {
	body  []byte
	feeds []int // offsets of the line feeds
}

// of returns the line of offset p: the line feeds before it.
func (l bodyLines) of(p int) int {
	k, _ := slices.BinarySearch(l.feeds, p)
	return k
}

// columns finds the columns, in characters, of offsets of a body. It
// counts on from the last offset it was asked about when the next is
// further along the same line, so that the many links of one long line
// cost one pass over it, not one each.
type columns struct{ line, off, col int }

// at returns the line of offset p in l and its column there.
func (c *columns) at(l bodyLines, p int) (line, col int) {
	k := l.of(p)
	if c.col > 0 && k == c.line && p >= c.off {
		c.col += utf8.RuneCount(l.body[c.off:p])
	} else {
		_, start := l.line(k)
		c.col = 1 + utf8.RuneCount(l.body[start:p])
	}
	c.line, c.off = k, p
	return k, c.col
}

// line returns line k and where it starts.
func (l bodyLines) line(k int) (text []byte, start int) {
	end := len(l.body)
	if k < len(l.feeds) {
		end = l.feeds[k]
	}
	if k > 0 {
		start = l.feeds[k-1] + 1
	}
	return l.body[start:end], start
}

// mentionsIndexScheme reports whether the lower-case form of UTF-8 text
// (bytes.ToLower) contains "index:", without making that form: lowering
// Chinese text costs more than the rest of loading it. Outside ASCII,
// only U+0130 (İ) lowers to one of these letters, to i.
func mentionsIndexScheme(b []byte) bool {
	for from := 0; ; {
		i := bytes.IndexByte(b[from:], ':')
		if i < 0 {
			return false
		}
		i += from
		from = i + 1
		if i < 5 || b[i-4]|0x20 != 'n' || b[i-3]|0x20 != 'd' || b[i-2]|0x20 != 'e' || b[i-1]|0x20 != 'x' {
			continue
		}
		if b[i-5]|0x20 == 'i' || i >= 6 && b[i-6] == 0xC4 && b[i-5] == 0xB0 {
			return true
		}
	}
}

// renderBody renders a body to HTML. resolve maps an index number to the
// link target to write, relative to the page; it is called only for
// index: links, which Check has already verified. ref, unless nil, gives
// the destination to write for the address of any other link or image,
// or false to keep the address as written: it points relative paths at
// the pages and attachments they name (see refTarget). It also returns
// the body's plain text, for search and descriptions. The HTML is made
// in out (from its start) when it has room, else in a larger slice.
func renderBody(md goldmark.Markdown, out, body []byte, resolve func(index string) string, ref func(dest []byte) ([]byte, bool)) (htmlOut []byte, plain string, err error) {
	// The fast path takes no body with a link other than an index: link,
	// nor any image: it has no address for ref.
	if html, plain, ok := plainBody(out, body, resolve); ok {
		return html, plain, nil
	}
	return goldmarkBody(md, out, body, resolve, ref)
}

// goldmarkBody is renderBody for any body.
func goldmarkBody(md goldmark.Markdown, out, body []byte, resolve func(index string) string, ref func(dest []byte) ([]byte, bool)) (htmlOut []byte, plain string, err error) {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	var pt strings.Builder
	pt.Grow(len(body))
	// Nodes are replaced after the walk: a node taken out of the tree
	// during it loses its next sibling, and the walk would stop there.
	type replacement struct{ old, new ast.Node }
	var replace []replacement
	// refer is the address to write for a link's or an image's address.
	refer := func(dest []byte) []byte {
		if ref != nil {
			if to, ok := ref(dest); ok {
				return to
			}
		}
		return dest
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && pt.Len() > 0 {
				pt.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if index, ok := indexTarget(string(l.Destination)); ok {
				l.Destination = []byte(resolve(index))
			} else {
				l.Destination = refer(l.Destination)
			}
		case *ast.AutoLink:
			if index, ok := indexTarget(string(l.URL(body))); ok {
				link := ast.NewLink()
				link.Destination = []byte(resolve(index))
				link.AppendChild(link, ast.NewString(l.Label(body)))
				replace = append(replace, replacement{l, link})
				return ast.WalkSkipChildren, nil
			}
		case *ast.Image:
			if !localImage(l.Destination) {
				// A link to the image, whose text is the alt text
				// (moved over once the walk has read it); an image
				// whose address is an index: link is a link to that
				// document, which no <img> can show.
				link := ast.NewLink()
				link.Destination, link.Title = l.Destination, l.Title
				if index, ok := indexTarget(string(l.Destination)); ok {
					link.Destination = []byte(resolve(index))
				}
				replace = append(replace, replacement{l, link})
			} else {
				l.Destination = refer(l.Destination)
			}
		case *ast.Text:
			if _, code := l.Parent().(*ast.CodeSpan); code {
				pt.Write(l.Segment.Value(body))
			} else {
				writeShown(&pt, l.Segment.Value(body))
			}
			if l.SoftLineBreak() || l.HardLineBreak() {
				pt.WriteByte(' ')
			}
		case *ast.String:
			pt.Write(l.Value)
		}
		return ast.WalkContinue, nil
	})
	for _, r := range replace {
		if img, ok := r.old.(*ast.Image); ok {
			for c := img.FirstChild(); c != nil; {
				next := c.NextSibling()
				r.new.AppendChild(r.new, c)
				c = next
			}
			if !r.new.HasChildren() {
				r.new.AppendChild(r.new, ast.NewString(img.Destination))
			}
		}
		r.old.Parent().ReplaceChild(r.old.Parent(), r.old, r.new)
	}
	buf := bytes.NewBuffer(out[:0])
	buf.Grow(len(body) + len(body)/4)
	if err := md.Renderer().Render(bufferWriter{buf}, body, doc); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), pt.String(), nil
}

// writeShown writes Markdown text as a reader sees it: without the
// backslash before an escaped character, and with character references
// (&amp;, &#20013;) resolved, as goldmark's writer reads them.
func writeShown(pt *strings.Builder, text []byte) {
	if bytes.IndexByte(text, '\\') < 0 && bytes.IndexByte(text, '&') < 0 {
		pt.Write(text)
		return
	}
	var buf bytes.Buffer
	html.DefaultWriter.Write(bufferWriter{&buf}, text)
	pt.WriteString(stdhtml.UnescapeString(buf.String()))
}

// bufferWriter is a bytes.Buffer as the buffered writer goldmark renders
// into, which it would otherwise put in front of the buffer (a 4 KB
// bufio.Writer for every body, and a copy of the whole HTML).
type bufferWriter struct{ *bytes.Buffer }

var _ util.BufWriter = bufferWriter{} // else goldmark wraps it after all

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
