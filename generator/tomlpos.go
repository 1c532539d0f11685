package generator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlSource finds where keys stand in a TOML text, because the TOML
// decoder reports positions only for syntax errors. It understands the
// small subset the project's files use: top-level keys, [table] and
// [[array]] headers, and key = value lines.
//
// The lines are read afresh for each question rather than split once:
// most files are never asked one, and the questions every document asks
// are answered by known, which the fast front-matter decoder fills.
type tomlSource struct {
	text      string
	firstLine int             // file line number of the text's first line
	known     *frontPositions // nil unless the fast decoder read the text
}

func newTOMLSource(text string, firstLine int) tomlSource {
	return tomlSource{text: text, firstLine: firstLine}
}

// find returns the file position of key inside the n-th (0-based) table
// named table ("" for the top level), or of the table's header when the
// key is not there, or of the first line when neither is.
func (s tomlSource) find(table string, n int, key string) (line, col int) {
	if s.known != nil {
		if line, col, ok := s.known.find(s.firstLine, table, n, key); ok {
			return line, col
		}
	}
	current, count := "", -1
	headerLine := 0
	i := -1
	for l := range strings.SplitSeq(s.text, "\n") {
		i++
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "[") {
			name := strings.Trim(trimmed, "[] \t")
			if j := strings.IndexByte(name, ']'); j >= 0 {
				name = strings.TrimSpace(name[:j])
			}
			current = name
			if name == table {
				count++
				if count == n {
					headerLine = i
				}
			}
			continue
		}
		inTable := (table == "" && current == "") || (current == table && count == n)
		if !inTable || key == "" {
			continue
		}
		k, _, ok := strings.Cut(trimmed, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return s.firstLine + i, strings.Index(l, trimmed) + 1
		}
	}
	if table != "" && count >= n {
		return s.firstLine + headerLine, 1
	}
	return s.firstLine, 1
}

// tomlProblem turns a decoder error into a positioned problem. Syntax
// errors carry a position; type mismatches name a line in their text.
func tomlProblem(path string, err error, firstLine int) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0]) + ")"
		}
		if strings.Contains(msg, "invalid datetime") || strings.Contains(msg, "day is out of range") || strings.Contains(msg, "month is out of range") || strings.Contains(strings.ToLower(msg), "out of range") {
			msg = "impossible date: " + msg + " (write a real date as YYYY-MM-DD, e.g. 2024-02-29)"
		} else {
			msg = "TOML syntax: " + msg + " (check quotes, brackets and the = sign on this line)"
		}
		return Problem{Path: path, Line: firstLine + pe.Position.Line - 1, Col: pe.Position.Col, Message: msg}
	}
	msg := err.Error()
	line := 0
	var n int
	if i := strings.Index(msg, "line "); i >= 0 {
		if _, e := fmt.Sscanf(msg[i:], "line %d", &n); e == nil {
			line = firstLine + n - 1
		}
	}
	// The decoder's text is `toml: line N (last key "x"): what`; say it
	// as "x" has the wrong type, with the types in words users know.
	key := ""
	if i := strings.Index(msg, `(last key "`); i >= 0 {
		key = msg[i+len(`(last key "`):]
		key = key[:max(strings.IndexByte(key, '"'), 0)]
		if j := strings.LastIndexByte(key, '.'); j >= 0 {
			key = key[j+1:]
		}
	}
	if i := strings.Index(msg, "): "); i >= 0 {
		msg = msg[i+3:]
	}
	msg = strings.TrimPrefix(msg, "toml: ")
	var have, want string
	if _, e := fmt.Sscanf(strings.ReplaceAll(msg, ";", " ;"), "incompatible types: TOML value has type %s ; destination has type %s", &have, &want); e == nil {
		msg = fmt.Sprintf("it is %s, but %s is expected", typeWords(have), typeWords(want))
	}
	what := "a value"
	if key != "" {
		what = fmt.Sprintf("%q", key)
	}
	return Problem{Path: path, Line: line, Message: fmt.Sprintf("%s has the wrong type: %s (text goes in \"quotes\", dates are written bare as 2024-03-18, lists in [ ])", what, msg)}
}

// typeWords names a TOML or Go type the way a document's author knows it.
func typeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "text"
	case t == "slice", strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "map"), t == "struct":
		return "a table"
	case strings.Contains(t, "time"), strings.Contains(t, "Date"):
		return "a date"
	}
	return t
}
