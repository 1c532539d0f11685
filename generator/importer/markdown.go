package importer

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	reH2 = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}\s*、`)
	reH3 = regexp.MustCompile(`^[（(][一二三四五六七八九十]{1,3}[）)]`)
)

// headingSplit returns the heading part of a line that starts with a
// heading number and the paragraph that was run on after it. A long line
// is a heading only up to its first 。 or ：within 40 characters.
func headingSplit(s string) (head, rest string, ok bool) {
	n := 0
	for i, r := range s {
		n++
		if n > 41 {
			break
		}
		if r == '。' || r == '：' || r == '！' || r == '？' {
			j := i + len(string(r))
			return s[:j], trimSpaceCJK(s[j:]), true
		}
	}
	if runeLen(s) <= 40 {
		return s, "", true
	}
	return "", "", false
}

// Body renders the Markdown body of d.
func (d *Document) Body() string {
	var out []string
	prevItem := false
	for _, b := range d.blocks {
		if b.drop {
			continue
		}
		if b.kind == blockItem && prevItem {
			mark := "- "
			if b.level == 1 {
				mark = "1. "
			}
			out[len(out)-1] += "\n" + mark + escapeInline(b.text)
			continue
		}
		prevItem = b.kind == blockItem
		switch b.kind {
		case blockTable:
			out = append(out, mdTable(b.rows))
		case blockItem:
			mark := "- "
			if b.level == 1 {
				mark = "1. "
			}
			out = append(out, mark+escapeInline(b.text))
		case blockHeading:
			lvl := 2
			switch {
			case reH3.MatchString(b.text) || b.level == 3:
				lvl = 3
			case reH2.MatchString(b.text) || b.level <= 2:
				lvl = 2
			default:
				lvl = 4
			}
			out = append(out, strings.Repeat("#", lvl)+" "+escapeInline(b.text))
		default:
			lvl := 0
			if reH2.MatchString(b.text) && !isMonthTok(headUntilColon(b.text)) {
				lvl = 2
			} else if reH3.MatchString(b.text) {
				lvl = 3
			}
			if lvl > 0 {
				if head, rest, ok := headingSplit(b.text); ok {
					out = append(out, strings.Repeat("#", lvl)+" "+escapeInline(head))
					if rest != "" {
						out = append(out, escapeBlock(rest))
					}
					continue
				}
			}
			out = append(out, escapeBlock(b.text))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n\n") + "\n"
}

func headUntilColon(s string) string {
	if i := strings.IndexAny(s, ":："); i > 0 {
		return s[:i]
	}
	return s
}

var (
	reEntity    = regexp.MustCompile(`&([A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);`)
	reListStart = regexp.MustCompile(`^(\d{1,9})([.)])(\s|$)`)
	reBullet    = regexp.MustCompile(`^([-+*])(\s|$)`)
	reRule      = regexp.MustCompile(`^([-=_*])[ \t]*([-=_*][ \t]*){2,}$`)
)

// escapeInline keeps text as written when rendered: Markdown punctuation
// is escaped so 1. 2. stay numbers in the text and * _ ` [ ] < do not
// turn into markup.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return reEntity.ReplaceAllString(b.String(), `\&$1;`)
}

// escapeBlock escapes a paragraph, including markers that would start a
// list, a heading, a quote or a rule at the beginning of a line.
func escapeBlock(s string) string {
	if reRule.MatchString(s) {
		return `\` + s
	}
	e := escapeInline(s)
	switch {
	case reListStart.MatchString(e):
		m := reListStart.FindStringSubmatchIndex(e)
		return e[:m[3]] + `\` + e[m[4]:]
	case reBullet.MatchString(e), strings.HasPrefix(e, "#"), strings.HasPrefix(e, "+"), strings.HasPrefix(e, "="):
		return `\` + e
	}
	return e
}

// mdTable renders rows as a GFM table; the first row is the head. Cells
// covered by a span from above or the left are left empty.
func mdTable(rows [][]string) string {
	width := 0
	for _, r := range rows {
		if len(r) > width {
			width = len(r)
		}
	}
	var b strings.Builder
	for i, r := range rows {
		b.WriteString("|")
		for c := 0; c < width; c++ {
			cell := ""
			if c < len(r) && !strings.HasPrefix(r[c], "\x00") {
				cell = escapeInline(strings.ReplaceAll(r[c], "\n", " "))
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|")
			for c := 0; c < width; c++ {
				b.WriteString(" --- |")
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
