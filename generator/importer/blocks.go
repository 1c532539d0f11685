package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type blockKind int

const (
	blockPara    blockKind = iota
	blockHeading           // an HTML heading; level is 1..6
	blockItem              // an HTML list item; level 1 when ordered
	blockTable             // rows of cells
)

// block is one unit of the source text: a line of a text file, or a
// paragraph, heading, list item or table of an HTML page.
type block struct {
	kind  blockKind
	level int
	text  string
	rows  [][]string
	drop  bool // consumed: not part of the body
}

func (b block) isText() bool { return b.kind != blockTable }

// textToBlocks splits a plain-text page into one block per non-empty
// line. Runs of two or more lines with tab-separated cells (text saved
// from a word processor's table) become a table block.
func textToBlocks(s string) []block {
	var out []block
	// A lone carriage return (old Mac text) ends a line as well.
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		if cells := tabCells(lines[i]); cells != nil {
			j := i
			var rows [][]string
			for j < len(lines) {
				c := tabCells(lines[j])
				if c == nil {
					break
				}
				rows = append(rows, c)
				j++
			}
			if len(rows) >= 2 {
				out = append(out, block{kind: blockTable, rows: rows})
				i = j - 1
				continue
			}
		}
		t := trimSpaceCJK(lines[i])
		if t == "" {
			continue
		}
		out = append(out, block{kind: blockPara, text: t})
	}
	return out
}

func tabCells(line string) []string {
	if !strings.Contains(line, "\t") {
		return nil
	}
	parts := strings.Split(strings.TrimRight(line, " \t"), "\t")
	n := 0
	for i, p := range parts {
		parts[i] = trimSpaceCJK(p)
		if parts[i] != "" {
			n++
		}
	}
	if n < 2 || parts[0] == "" && n < 2 {
		return nil
	}
	return parts
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// normKey is a matching key: no white space, full-width ASCII folded.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isSpaceCJK(r) || unicode.IsSpace(r) {
			continue
		}
		if r >= '！' && r <= '～' {
			r = r - '！' + '!'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
