package generator

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// tomlSource finds where keys stand in a TOML text, because the TOML
// decoder reports positions only for syntax errors. It understands the
// small subset the project's files use: top-level keys, [table] and
// [[array]] headers, and key = value lines.
//
// The text is read at the first question the fast front-matter decoder's
// record cannot answer, and never for most documents: they are asked
// only what the record answers. What the reading finds is kept in known,
// beside the record, so a file with problems is read once, not once per
// problem: a schedule of thousands of rows, each with a problem, would
// otherwise take minutes.
//
// Columns count characters, not bytes, as an editor shows them.
type tomlSource struct {
	text      string
	firstLine int             // file line number of the text's first line
	known     *frontPositions // what is known of where the keys stand; never nil
}

// newTOMLSource returns the source of a text the fast decoder did not
// read: nothing is known of it before the first question. The fast
// decoder's source is made without newTOMLSource, with the decoder's
// record as known, so that the documents it reads cost no more than the
// record it makes.
func newTOMLSource(text string, firstLine int) tomlSource {
	return tomlSource{text: text, firstLine: firstLine, known: &frontPositions{}}
}

// keyPlaces is where the keys and headers of a text stand.
type keyPlaces struct {
	keys    map[tomlKey]keyPlace // the first of each; a dotted key a.b counts as a too
	headers map[tomlKey]position // the n-th [[table]] header, as {table, n, ""}; the first [name] is {name, 0, ""}
}

// keyPlace is where a key and its value stand.
type keyPlace struct{ key, value position }

// read returns where the keys and headers of the text stand, finding
// them at the first call.
func (s tomlSource) read() *keyPlaces {
	kp := &s.known.places
	if kp.keys == nil {
		kp.fill(s.text, s.firstLine)
	}
	return kp
}

// fill finds every key and header of text, whose first line is line
// firstLine of its file.
func (kp *keyPlaces) fill(text string, firstLine int) {
	kp.keys, kp.headers = map[tomlKey]keyPlace{}, map[tomlKey]position{}
	nth := map[string]int{} // headers seen, by name
	current := tomlKey{}
	line := firstLine - 1
	for l := range strings.SplitSeq(text, "\n") {
		line++
		trimmed := strings.TrimSpace(l)
		at := position{line, runeCol(l, strings.Index(l, trimmed))}
		if strings.HasPrefix(trimmed, "[") {
			name := headerName(trimmed)
			current = tomlKey{table: name, n: nth[name]}
			nth[name]++
			kp.headers[current] = at
			continue
		}
		k, _, ok := strings.Cut(trimmed, "=")
		if !ok {
			continue
		}
		v := skipBlank(l, strings.IndexByte(l, '=')+1)
		place := keyPlace{at, position{line, runeCol(l, v)}}
		name := strings.Trim(strings.TrimSpace(k), `"'`)
		for {
			key := tomlKey{current.table, current.n, name}
			if _, seen := kp.keys[key]; !seen {
				kp.keys[key] = place
			}
			i := strings.LastIndexByte(name, '.')
			if i < 0 {
				break
			}
			name = name[:i]
		}
	}
}

// find returns the file position of key inside the n-th (0-based) table
// named table ("" for the top level), or of the table's header when the
// key is not there, or of the first line when neither is.
func (s tomlSource) find(table string, n int, key string) (line, col int) {
	line, col, _ = s.lookup(table, n, key)
	return line, col
}

// lookup is find that also says whether the key itself was found: a key
// written with an empty value is not a missing key.
func (s tomlSource) lookup(table string, n int, key string) (line, col int, found bool) {
	if line, col, found, ok := s.known.lookup(s.firstLine, table, n, key); ok {
		return line, col, found
	}
	kp := s.read()
	if p, ok := kp.keys[tomlKey{table, n, key}]; ok && key != "" {
		return p.key.Line, p.key.Col, true
	}
	if p, ok := kp.headers[tomlKey{table, n, ""}]; ok && table != "" {
		return p.Line, p.Col, false
	}
	// A table written inline, attachments = [{…}], has no header: its
	// key's value is the nearest place that can be named.
	if p, ok := kp.keys[tomlKey{"", 0, table}]; ok && table != "" {
		return p.value.Line, p.value.Col, false
	}
	return s.firstLine, 1, false
}

// findValue returns the position of key's value, after the = sign: a
// value of the wrong kind is pointed at, not the key before it. A key of
// the top level written as a table ([title]) is at its header. Otherwise
// it answers as find does.
func (s tomlSource) findValue(table string, n int, key string) (line, col int) {
	if p, ok := s.read().keys[tomlKey{table, n, key}]; ok {
		return p.value.Line, p.value.Col
	}
	if table == "" {
		if line, col := s.findHeader(key); line > 0 {
			return line, col
		}
	}
	return s.find(table, n, key)
}

// findHeader finds the first [name] or [[name]] header line, or returns
// line 0.
func (s tomlSource) findHeader(name string) (line, col int) {
	p := s.read().headers[tomlKey{table: name}]
	return p.Line, p.Col
}

// headerName is the name in a [name] or [[name]] line.
func headerName(trimmed string) string {
	name := strings.Trim(trimmed, "[] \t")
	if j := strings.IndexByte(name, ']'); j >= 0 {
		name = strings.TrimSpace(name[:j])
	}
	return name
}

// runeCol is the 1-based column, in characters, of byte offset i of line l.
func runeCol(l string, i int) int {
	if i < 0 {
		return 1
	}
	return 1 + utf8.RuneCountInString(l[:min(i, len(l))])
}

// offsetPosition is the line and column, in characters, of byte offset
// i of text, whose first line is line firstLine, as an editor shows
// them: a byte that is not UTF-8 counts as one character, a byte-order
// mark as none, and a CR alone ends a line as a LF does. The text may be
// a file not yet normalized (see normalizeText), or a layout, which is
// never normalized.
func offsetPosition(text string, i, firstLine int) (line, col int) {
	i = max(0, min(i, len(text)))
	line, start := firstLine, 0
	if bom := "\uFEFF"; strings.HasPrefix(text[:i], bom) {
		start = len(bom)
	}
	for j := start; j < i; j++ {
		if text[j] == '\n' || text[j] == '\r' && (j+1 == len(text) || text[j+1] != '\n') {
			line, start = line+1, j+1
		}
	}
	return line, 1 + utf8.RuneCountInString(text[start:i])
}

// tomlProblem turns a decoder's syntax error into a positioned problem.
// The decoder counts columns in bytes; the position is counted again, in
// characters, from the error's offset in the text.
func tomlProblem(path string, err error, pos tomlSource) Problem {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{Path: path, Line: pos.firstLine, Col: 1, Message: fmt.Sprintf("cannot read the TOML: %v", err)}
	}
	line, col := pos.firstLine+pe.Position.Line-1, 0
	if start := pe.Position.Start; start >= 0 && start <= len(pos.text) {
		// The offset is the better guide: the decoder's line is already
		// the next one when the error is at a line's end. At the end of
		// the text the offset can fall inside the last character: the
		// error is then after it.
		for start < len(pos.text) && !utf8.RuneStart(pos.text[start]) {
			start++
		}
		line, col = offsetPosition(pos.text, start, pos.firstLine)
	}
	msg := pe.Message
	if pe.Usage != "" {
		msg += " (" + strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0]) + ")"
	}
	switch {
	case strings.HasPrefix(msg, "invalid datetime: "):
		msg = dateSyntaxMessage(msg, strings.Trim(strings.TrimPrefix(msg, "invalid datetime: "), `"`))
	case strings.Contains(msg, "out of range"):
		msg = "number too large: " + msg + " (check the number on this line)"
	case strings.Contains(msg, "escape") || strings.Contains(msg, "hexadecimal digits after '\\"):
		// A Windows path in double quotes: "files\通知.pdf", "C:\Users\…".
		msg = "TOML syntax: " + msg + ` (in double quotes \ starts an escape such as \n: write a path with / instead, and \\ for a backslash)`
	default:
		msg = "TOML syntax: " + msg + " (check quotes, brackets and the = sign on this line)"
	}
	return Problem{Path: path, Line: line, Col: col, Message: msg}
}

// dateSyntaxMessage words the decoder's refusal of a date: a month or day
// of one digit (2024-3-1) is the usual slip, and gets the date as it
// should be written; anything else is an impossible date.
func dateSyntaxMessage(msg, value string) string {
	parts := strings.Split(value, "-")
	if len(parts) == 3 && len(parts[0]) == 4 && isDigits(parts[0]) && isDigits(parts[1]) && isDigits(parts[2]) &&
		len(parts[1]) <= 2 && len(parts[2]) <= 2 && (len(parts[1]) == 1 || len(parts[2]) == 1) {
		y, _ := strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		d, _ := strconv.Atoi(parts[2])
		if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			return fmt.Sprintf("date %s needs two digits for the month and for the day (write %s-%02d-%02d)", value, parts[0], m, d)
		}
	}
	return "impossible date: " + msg + " (write a real date as YYYY-MM-DD, e.g. 2024-02-29)"
}
