package generator

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// plainBody renders a body made only of ATX headings ("## 一、目标") and
// paragraphs of plain text, which is what most documents are, to the
// bytes goldmark makes of it, and gives the same plain text as
// renderBody, without building a syntax tree: for such a body goldmark's
// parse is most of the cost of a page. ok is false for any other body,
// which renderBody then gives to goldmark:
//   - a character that means something inside a line in Markdown or in
//     HTML: ` * _ [ ] ! < > & \ ~ | " { }, or a control character other
//     than the line feed (a tab included);
//   - a line that starts with a space, or ends with one (a hard break);
//   - a line that could open another kind of block or underline a
//     heading: one starting with - + = or #, unless it is a heading of 1
//     to 6 #, one space and text with no # in it, or with 1 to 9 digits
//     and then . or ).
//
// FuzzPlainBody checks the bytes against goldmark's for any body taken.
func plainBody(body []byte) (html []byte, plain string, ok bool) {
	for _, c := range body {
		if plainRefuses[c] {
			return nil, "", false
		}
	}
	out := make([]byte, 0, len(body)+len(body)/8+64)
	var pt strings.Builder
	pt.Grow(len(body) + 16)
	var ids *headingIDs
	open := false // a paragraph is open
	closePara := func() {
		if open {
			out = append(out, "</p>\n"...)
			pt.WriteByte('\n')
			open = false
		}
	}
	for rest := body; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) == 0 {
			closePara()
			continue
		}
		if line[0] == ' ' || line[len(line)-1] == ' ' {
			return nil, "", false
		}
		switch c := line[0]; {
		case c == '#':
			level := 0
			for level < len(line) && line[level] == '#' {
				level++
			}
			if level > 6 || level+1 >= len(line) || line[level] != ' ' {
				return nil, "", false
			}
			text := line[level+1:]
			if text[0] == ' ' || bytes.IndexByte(text, '#') >= 0 {
				return nil, "", false
			}
			closePara()
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
		case c == '-' || c == '+' || c == '=':
			return nil, "", false
		case '0' <= c && c <= '9':
			n := 0
			for n < len(line) && n < 10 && '0' <= line[n] && line[n] <= '9' {
				n++
			}
			if n < len(line) && (line[n] == '.' || line[n] == ')') {
				return nil, "", false
			}
		}
		if open {
			out = append(out, '\n')
			pt.WriteByte(' ')
		} else {
			out = append(out, "<p>"...)
			open = true
		}
		out = append(out, line...)
		pt.Write(line)
	}
	closePara()
	return out, pt.String(), true
}

// plainRefuses marks the bytes plainBody leaves to goldmark.
var plainRefuses = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\n'
	}
	t[0x7F] = true
	for _, c := range []byte("`*_[]!<>&\\~|\"{}") {
		t[c] = true
	}
	return t
}()
