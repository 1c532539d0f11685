package generator

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// plainBody renders a body the way goldmark does, and gives the same
// plain text as renderBody, without building a syntax tree, when the body
// is made only of what most documents are made of: for such a body
// goldmark's parse is most of the cost of a page. It takes
//   - ATX headings: 1 to 6 #, one space, and text with no # [ ];
//   - paragraphs of plain text;
//   - lists of one-line items: 1 to 9 digits and a dot, or - or +, then
//     one space and text that could begin a paragraph line;
//   - bold lines standing alone ("**工作要点**"): text with no * [ ] that
//     begins and ends with a letter or a digit, and a blank line or the
//     end after it;
//   - index: links ("[2024年工作要点](index:00001434-9/2024-00015)") inside
//     paragraph lines and items, labelled with plain text, whose targets
//     (from resolve) are not dangerous URLs such as javascript:.
//
// ok is false for any other body, which renderBody then gives to
// goldmark: one with a character that means something inside a line in
// Markdown or HTML (` _ ! < > & \ ~ | " { }, and * [ ] outside the forms
// above), a control character other than the line feed (a tab included),
// a line that starts or ends with a space, a line that could open another
// kind of block or underline a heading or a table's header (one starting
// with : - + = # [ or digits, unless it is read as above), a list item
// right after a paragraph line, or a paragraph line or a heading right
// after a list item, where Markdown's rules for which block goes on are
// subtle.
//
// The HTML is made in out, as renderBody makes it.
//
// FuzzPlainBody and FuzzPlainBodyPieces check the bytes and the plain text
// against goldmark's for every body taken.
func plainBody(out, body []byte, resolve func(index string) string) (htmlOut []byte, plain string, ok bool) {
	// One pass over the bytes refuses the body or notes whether it has
	// any * and any brackets: most have neither, and their lines then
	// need no search for them.
	var seen uint8
	for _, c := range body {
		seen |= plainBytes[c]
	}
	if seen&plainRefused != 0 {
		return nil, "", false
	}
	stars, brackets := seen&plainStar != 0, seen&plainBracket != 0
	out = slices.Grow(out[:0], len(body)+len(body)/8+64)
	var pt strings.Builder
	pt.Grow(len(body) + 16)
	var ids *headingIDs
	const (
		none = iota
		para
		list
	)
	state := none
	failed := false // an item's or a line's brackets are not an index: link
	inline := func(text []byte) {
		if !brackets {
			pt.Write(text)
			out = append(out, text...)
			return
		}
		var ok bool
		if out, ok = appendInline(out, &pt, text, resolve); !ok {
			failed = true
		}
	}
	var (
		start  int      // the list's first number
		marker byte     // the list's kind: '.' for an ordered list, else its bullet
		items  [][]byte // the list's items' text
		gap    bool     // a blank line since the last item
		loose  bool     // a blank line between two items
	)
	closeBlock := func() {
		switch state {
		case para:
			out = append(out, "</p>\n"...)
			pt.WriteByte('\n')
		case list:
			tag := "ul"
			if marker == '.' {
				tag = "ol"
			}
			out = append(out, '<')
			out = append(out, tag...)
			if marker == '.' && start != 1 {
				out = append(out, ` start="`...)
				out = strconv.AppendInt(out, int64(start), 10)
				out = append(out, '"')
			}
			out = append(out, ">\n"...)
			for _, it := range items {
				if loose {
					out = append(out, "<li>\n<p>"...)
					inline(it)
					out = append(out, "</p>\n</li>\n"...)
				} else {
					out = append(out, "<li>"...)
					inline(it)
					out = append(out, "</li>\n"...)
				}
				pt.WriteString("\n\n")
			}
			out = append(out, "</"...)
			out = append(out, tag...)
			out = append(out, ">\n"...)
			pt.WriteByte('\n')
			items = items[:0]
		}
		state = none
	}
	for rest := body; len(rest) > 0; {
		if failed {
			return nil, "", false
		}
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) == 0 {
			switch state {
			case para:
				closeBlock()
			case list:
				gap = true
			}
			continue
		}
		if line[0] == ' ' || line[len(line)-1] == ' ' {
			return nil, "", false
		}
		if stars && bytes.IndexByte(line, '*') >= 0 {
			text, ok := plainBold(line)
			if !ok || state == para || state == list && !gap || len(rest) > 0 && rest[0] != '\n' {
				return nil, "", false
			}
			closeBlock()
			out = append(out, "<p><strong>"...)
			out = append(out, text...)
			out = append(out, "</strong></p>\n"...)
			pt.Write(text)
			pt.WriteByte('\n')
			continue
		}
		if level, text, ok := plainHeading(line); ok {
			if state == list && !gap {
				return nil, "", false
			}
			closeBlock()
			if ids == nil {
				ids = newHeadingIDs()
			}
			id := ids.Generate(text, ast.KindHeading)
			out = append(out, "<h"...)
			out = append(out, byte('0'+level))
			out = append(out, ` id="`...)
			out = append(out, id...)
			out = append(out, `">`...)
			out = append(out, text...)
			out = append(out, "</h"...)
			out = append(out, byte('0'+level))
			out = append(out, ">\n"...)
			pt.Write(text)
			pt.WriteByte('\n')
			continue
		}
		if n, m, text, ok := plainItem(line); ok {
			if state == list && m != marker {
				// Another bullet or kind of list starts another list.
				closeBlock()
			}
			switch state {
			case para:
				return nil, "", false
			case list:
				loose = loose || gap
			default:
				state, start, marker, loose = list, n, m, false
			}
			gap = false
			items = append(items, text)
			continue
		} else if !plainText(line) {
			return nil, "", false
		}
		switch state {
		case list:
			if !gap {
				return nil, "", false
			}
			closeBlock()
		case para:
			out = append(out, '\n')
			pt.WriteByte(' ')
			inline(line)
			continue
		}
		state = para
		out = append(out, "<p>"...)
		inline(line)
	}
	closeBlock()
	if failed {
		return nil, "", false
	}
	return out, pt.String(), true
}

// plainHeading reads an ATX heading plainBody renders: 1 to 6 #, one
// space, and text with no # that does not start with a space.
func plainHeading(line []byte) (level int, text []byte, ok bool) {
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level+1 >= len(line) || line[level] != ' ' {
		return 0, nil, false
	}
	text = line[level+1:]
	if text[0] == ' ' || bytes.ContainsAny(text, "#[]") {
		return 0, nil, false
	}
	return level, text, true
}

// plainBold reads a line that is all bold, "**text**", where text has no
// * and begins and ends with a letter or a digit: then Markdown's rules
// for which * open and close emphasis have one answer.
func plainBold(line []byte) (text []byte, ok bool) {
	if len(line) < 5 || !bytes.HasPrefix(line, []byte("**")) || !bytes.HasSuffix(line, []byte("**")) {
		return nil, false
	}
	text = line[2 : len(line)-2]
	if bytes.ContainsAny(text, "*[]") {
		return nil, false
	}
	first, _ := utf8.DecodeRune(text)
	last, _ := utf8.DecodeLastRune(text)
	if !isLetterOrDigit(first) || !isLetterOrDigit(last) {
		return nil, false
	}
	return text, true
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// plainItem reads a list item plainBody renders: - or +, or 1 to 9
// digits and a dot (marker '.', n the number), then one space and text
// that could begin a paragraph line.
func plainItem(line []byte) (n int, marker byte, text []byte, ok bool) {
	d := 0 // the marker's length
	if c := line[0]; c == '-' || c == '+' {
		d, marker = 1, c
	} else {
		for d < len(line) && d < 10 && '0' <= line[d] && line[d] <= '9' {
			n = n*10 + int(line[d]-'0')
			d++
		}
		if d == 0 || d > 9 || d >= len(line) || line[d] != '.' {
			return 0, 0, nil, false
		}
		d, marker = d+1, '.'
	}
	if d+1 >= len(line) || line[d] != ' ' {
		return 0, 0, nil, false
	}
	text = line[d+1:]
	if text[0] == ' ' || !plainText(text) {
		return 0, 0, nil, false
	}
	return n, marker, text, true
}

// plainText reports whether a line plainBody has not read as a heading or
// a list item can be a paragraph line: whether it could not open another
// block.
func plainText(line []byte) bool {
	switch c := line[0]; {
	case c == '#' || c == '-' || c == '+' || c == '=':
		return false
	case c == ':':
		// ":-" under a line makes a table of one column.
		return false
	case c == '[':
		// It could begin a link reference definition.
		return false
	case '0' <= c && c <= '9':
		d := 0
		for d < len(line) && d < 10 && '0' <= line[d] && line[d] <= '9' {
			d++
		}
		return d == len(line) || line[d] != '.' && line[d] != ')'
	}
	return true
}

// plainBytes classes the bytes of a body for plainBody: those it leaves
// to goldmark, and * and brackets, which it reads only in some places.
var plainBytes = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		if c != '\n' {
			t[c] = plainRefused
		}
	}
	t[0x7F] = plainRefused
	for _, c := range []byte("`_!<>&\\~|\"{}") {
		t[c] = plainRefused
	}
	t['*'] = plainStar
	t['['], t[']'] = plainBracket, plainBracket
	return t
}()

const (
	plainRefused = 1 << iota
	plainStar
	plainBracket
)

// plainIndexLinks is scanBody without a parse, for a body that
// plainBody takes, and the same links on the same lines; ok is false for
// any other body. In such a body every [ begins an index: link on one
// line, in a paragraph or a list item, and each link is placed as
// goldmarkScan places it: at the first occurrence of its
// destination from the start of its paragraph or item, or from the end of
// the last link found in it. The work is linear in the body however many
// links it has.
func plainIndexLinks(body []byte, bodyLine int) (links []indexLink, ok bool) {
	n := 0
	if _, _, ok := plainBody(nil, body, func(string) string { n++; return "" }); !ok {
		return nil, false
	}
	if n == 0 {
		return nil, true
	}
	lines := bodyLines{body: body, feeds: lineFeeds(body)}
	from, block := 0, -1
	lastLine := -1 // the line of the last link
	var cols columns
	for p := 0; len(links) < n; p++ {
		i := bytes.IndexByte(body[p:], '[')
		if i < 0 {
			return nil, false // cannot happen: plainBody found n links
		}
		p += i
		_, index, size, isLink := indexLinkAt(body[p:])
		if !isLink {
			return nil, false
		}
		if k := lines.of(p); k != lastLine {
			if start := lines.blockStart(k, lastLine, block); start != block {
				block, from = start, start
			}
			lastLine = k
		}
		d := linkDest(body[p : p+size])
		off := from
		if j := bytes.Index(body[from:p+size], d); j >= 0 {
			off = from + j
			from = off + len(d)
		}
		k, col := cols.at(lines, off)
		links = append(links, indexLink{Index: index, Line: bodyLine + k, Col: col})
		p += size - 1
	}
	return links, true
}

// linkDest is the destination of a link "[label](dest)".
func linkDest(link []byte) []byte {
	return link[bytes.IndexByte(link, ']')+2 : len(link)-1]
}

// blockStart returns where the block holding line k of a body plainBody
// takes begins, as goldmark records it: after the marker of a list item,
// or at the first line of a paragraph (after a blank line or a heading).
// A paragraph that reaches back to line known began at knownStart.
func (l bodyLines) blockStart(k, known, knownStart int) int {
	text, start := l.line(k)
	if _, _, item, ok := plainItem(text); ok {
		return start + len(text) - len(item)
	}
	for ; k > 0; k-- {
		if k-1 == known {
			return knownStart
		}
		prev, prevStart := l.line(k - 1)
		if len(prev) == 0 {
			break
		}
		if _, _, ok := plainHeading(prev); ok {
			break
		}
		start = prevStart
	}
	return start
}

// indexLinkAt reads the index: link at the start of text, giving its label,
// its index number and its length.
func indexLinkAt(text []byte) (label []byte, index string, n int, ok bool) {
	j := bytes.IndexByte(text, ']')
	if j < 2 || bytes.IndexByte(text[1:j], '[') >= 0 || j+1 >= len(text) || text[j+1] != '(' {
		return nil, "", 0, false
	}
	k := bytes.IndexByte(text[j+2:], ')')
	if k < 0 {
		return nil, "", 0, false
	}
	dest := text[j+2 : j+2+k]
	for _, c := range dest {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '/' || c == '.' || c == ':') {
			return nil, "", 0, false
		}
	}
	index, isIndex := indexTarget(string(dest))
	if !isIndex || index == "" {
		return nil, "", 0, false
	}
	return text[1:j], index, j + 3 + k, true
}

// appendInline appends text as goldmark renders it, and its plain text
// to pt, where each [ must begin an index: link [label](index:number)
// whose label has no brackets and whose number is letters, digits and
// - / . : only: the link goes to what resolve gives, escaped as goldmark
// escapes a link's destination. ok is false for any other bracket, and for
// a dangerous target (javascript: and the like), which goldmark leaves out
// unless raw HTML is allowed, which plainBody is not told.
func appendInline(out []byte, pt *strings.Builder, text []byte, resolve func(index string) string) (_ []byte, ok bool) {
	for {
		i := bytes.IndexAny(text, "[]")
		if i < 0 {
			pt.Write(text)
			return append(out, text...), true
		}
		label, index, n, ok := indexLinkAt(text[i:])
		if !ok {
			return out, false
		}
		dest := util.URLEscape([]byte(resolve(index)), true)
		if html.IsDangerousURL(dest) {
			return out, false
		}
		pt.Write(text[:i])
		out = append(out, text[:i]...)
		out = append(out, `<a href="`...)
		out = append(out, util.EscapeHTML(dest)...)
		out = append(out, `">`...)
		out = append(out, label...)
		out = append(out, "</a>"...)
		pt.Write(label)
		text = text[i+n:]
	}
}
