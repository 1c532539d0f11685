package generator

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// decodeTOML decodes the TOML text of pos into v, a pointer to a struct
// whose fields name their keys in toml tags, and reports every problem
// of the text at once. It returns false, after reporting it, when the
// text is not TOML at all.
//
// The TOML decoder is not asked to fill the struct, for two reasons. It
// matches keys to fields ignoring case: with draft = true and
// Draft = false the last spelling would win, and a draft be published.
// Here a key sets a field only when it is written exactly as the tag;
// any other spelling is an unknown key that sets nothing. And it stops
// at the first value of the wrong type, which would hide every other
// problem of the file; here each key is put into its field on its own.
// The text is decoded into plain values (string, int64, bool, time.Time,
// lists and tables), which decodeTOML then puts into the fields.
//
// The keys that were written but could not be used are returned, so
// that the checks after it do not report what they should have set as
// missing.
func decodeTOML(probs *problemList, path string, pos tomlSource, v any) (badKeys, bool) {
	var raw map[string]any
	if _, err := toml.Decode(pos.text, &raw); err != nil {
		probs.add(tomlProblem(path, err, pos))
		return nil, false
	}
	dst := reflect.ValueOf(v).Elem()
	// The decoder keeps its own list: given probs, it would make probs
	// escape to the heap for every document, the fast decoder's too.
	d := &tomlDecoder{path: path, pos: pos, top: tomlKeys(dst.Type())}
	d.table(raw, dst, "", 0)
	probs.add(d.probs.list...)
	return d.bad, true
}

// tomlKey names a key in a TOML text: key in the n-th (0-based) entry of
// the array of tables table, or at the top level when table is "".
type tomlKey struct {
	table string
	n     int
	key   string
}

// badKeys are the keys that were written but could not be used: their
// values had the wrong type, or they were misspelled (a key that an
// unknown one was probably meant to be counts as written).
type badKeys map[tomlKey]bool

func (b badKeys) has(table string, n int, key string) bool { return b[tomlKey{table, n, key}] }

// add adds a key, making the map at the first: most texts have none.
func (b *badKeys) add(table string, n int, key string) {
	if *b == nil {
		*b = badKeys{}
	}
	(*b)[tomlKey{table, n, key}] = true
}

type tomlDecoder struct {
	probs problemList
	path  string
	pos   tomlSource
	top   []string // the top-level keys, for a hint on one written below a table
	bad   badKeys
}

// tomlKeys lists the keys of a struct type, in the order of its fields.
func tomlKeys(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("toml"); tag != "" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// fieldOf returns the index of the field whose tag is exactly key, or -1.
func fieldOf(t reflect.Type, key string) int {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("toml") == key {
			return i
		}
	}
	return -1
}

// table puts the keys of one table into dst, a struct.
func (d *tomlDecoder) table(raw map[string]any, dst reflect.Value, table string, n int) {
	t := dst.Type()
	// In order, so that a text gives the same report every time.
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		f := fieldOf(t, key)
		if f < 0 {
			d.unknown(table, n, key, tomlKeys(t), raw)
			continue
		}
		fv, value := dst.Field(f), raw[key]
		if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct {
			rows, ok := tableRows(value)
			if !ok {
				d.notTables(table, n, key, value)
				continue
			}
			fv.Set(reflect.MakeSlice(fv.Type(), len(rows), len(rows)))
			for i, row := range rows {
				d.table(row, fv.Index(i), key, i)
			}
			continue
		}
		if !setTOMLValue(fv, value) {
			d.wrongType(table, n, key, value, fv.Type())
			continue
		}
		// A field tagged text:"path", an attachment's file, has its own
		// check, which tells a \b or \f that TOML read from a Windows
		// path's backslash for what it is.
		if r, found := heldControl(fv); found && t.Field(f).Tag.Get("text") != "path" {
			d.control(table, n, key, r)
			fv.SetZero()
		}
	}
}

// heldControl returns the first character that a text field, or a list
// of texts, holds and may not (TextTrouble). TOML takes no control
// character as written but tab (and line ends in multi-line strings),
// yet its escapes (\u000B, \b, \f, \e, \x01) put any in a string, as a
// tool that copies a word processor's line break, U+000B, writes it; and
// it takes the C1 characters (U+0080 to U+009F) and the noncharacters
// as written. A page would show them as written, which the HTML standard
// forbids, and the feeds and calendars leave some of them out.
func heldControl(fv reflect.Value) (rune, bool) {
	switch {
	case fv.Kind() == reflect.String:
		return firstControl(fv.String())
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		for i := 0; i < fv.Len(); i++ {
			if r, found := firstControl(fv.Index(i).String()); found {
				return r, true
			}
		}
	}
	return 0, false
}

// firstControl returns the first character of s that a text may not
// hold (TextTrouble).
func firstControl(s string) (rune, bool) {
	for _, r := range s {
		if TextTrouble(r) != "" {
			return r, true
		}
	}
	return 0, false
}

// TextTrouble says what r is when no text of the front matter or of
// config.toml may hold it, and "" when a text may: a control character
// (C0, DEL or C1) other than tab, line feed and carriage return, and the
// 66 noncharacters (isNoncharacter), which HTML's parser takes as an
// error, as it does a control character. XML forbids U+FFFE and U+FFFF
// even as character references (U+FFFE is a byte-order mark read in the
// wrong byte order). gongkai new doc refuses a title by it too. The fast
// front matter decoder tells the same characters by their bytes
// (refusedAt).
func TextTrouble(r rune) string {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ""
	case unicode.IsControl(r):
		return "a control character"
	case isNoncharacter(r):
		return "a noncharacter"
	}
	return ""
}

// isNoncharacter reports whether r is one of the code points that
// Unicode keeps out of interchange for good: U+FDD0 to U+FDEF, and the
// last two of every plane, U+FFFE and U+FFFF to U+10FFFE and U+10FFFF.
func isNoncharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE && r >= 0 && r <= unicode.MaxRune
}

// tableRows returns the entries of an array of tables: [[name]] blocks,
// or a list of inline tables.
func tableRows(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case []map[string]any:
		return v, true
	case []any:
		rows := make([]map[string]any, len(v))
		for i, e := range v {
			row, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			rows[i] = row
		}
		return rows, true
	}
	return nil, false
}

// setTOMLValue puts a decoded TOML value into dst when its type fits
// dst's, and reports whether it did; dst is left as it was when not.
func setTOMLValue(dst reflect.Value, v any) bool {
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if ok {
			dst.SetString(s)
		}
		return ok
	case reflect.Bool:
		b, ok := v.(bool)
		if ok {
			dst.SetBool(b)
		}
		return ok
	case reflect.Int:
		i, ok := v.(int64)
		if !ok || int64(int(i)) != i {
			return false
		}
		dst.SetInt(i)
		return true
	case reflect.Interface:
		// A field that takes any value, such as a date, checks it itself.
		dst.Set(reflect.ValueOf(v))
		return true
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			return false
		}
		// Never nil, as the TOML decoder gives an empty list.
		out := reflect.MakeSlice(dst.Type(), len(list), len(list))
		for i, e := range list {
			if !setTOMLValue(out.Index(i), e) {
				return false
			}
		}
		dst.Set(out)
		return true
	}
	return false
}

// unknown reports a key that has no field; written holds the keys of
// its table as written.
func (d *tomlDecoder) unknown(table string, n int, key string, valid []string, written map[string]any) {
	var line, col int
	if table == "" {
		line, col = d.pos.find("", 0, key)
		if l, c := d.pos.findHeader(key); l > 0 {
			line, col = l, c
		}
	} else {
		line, col = d.pos.find(table, n, key)
	}
	// The key it is a misspelling of counts as wrong, not as missing,
	// unless that key is written too: then it holds its own value.
	near := closeKey(key, valid)
	if _, isWritten := written[near]; near != "" && !isWritten {
		d.bad.add(table, n, near)
	}
	where, hint := "", suggestion(near, valid)
	if table != "" {
		where = " in [[" + table + "]]"
		// Every line below a [[…]] line belongs to that table, so a key
		// of the top level written there is a key in the wrong place.
		if slices.Contains(d.top, key) {
			hint = fmt.Sprintf(" (%s must come before the first [[…]] table; move the line up)", key)
		}
	}
	d.probs.errorf(d.path, line, col, "unknown key %q%s%s", key, where, hint)
}

// wrongType reports a value whose type does not fit its key.
func (d *tomlDecoder) wrongType(table string, n int, key string, v any, want reflect.Type) {
	d.bad.add(table, n, key)
	line, col := d.pos.findValue(table, n, key)
	d.probs.errorf(d.path, line, col, "%q has the wrong type: it is %s, but %s is expected (%s)", key, tomlTypeWords(v), wantWords(want), typeHint(key, v, want))
}

// control reports a text that holds r, a character no text may hold
// (TextTrouble). The key counts as written but unusable, as one of the
// wrong type does, so that it is not reported again as missing, or its
// value as undeclared.
func (d *tomlDecoder) control(table string, n int, key string, r rune) {
	d.bad.add(table, n, key)
	line, col := d.pos.findValue(table, n, key)
	d.probs.errorf(d.path, line, col, "%s holds U+%04X, %s that a page cannot show (%s)", key, r, TextTrouble(r), troubleTodo(r))
}

// troubleTodo says what to do about r, which TextTrouble refuses. A
// control character is most often a word processor's line break, for
// which a space may stand; a noncharacter stands for nothing.
func troubleTodo(r rune) string {
	if unicode.IsControl(r) {
		return "remove it, or write a space"
	}
	return "remove it"
}

// notTables reports a value that should be an array of tables, such as
// [schedule] written for [[schedule]].
func (d *tomlDecoder) notTables(table string, n int, key string, v any) {
	d.bad.add(table, n, key)
	if _, isTable := v.(map[string]any); isTable {
		if line, col := d.pos.findHeader(key); line > 0 {
			d.probs.errorf(d.path, line, col, "%q has the wrong type: [%s] is one table, but a list of [[%s]] tables is expected (write [[%s]] with double brackets, one above each entry)", key, key, key, key)
			return
		}
	}
	line, col := d.pos.findValue(table, n, key)
	d.probs.errorf(d.path, line, col, "%q has the wrong type: it is %s, but a list of [[%s]] tables is expected (write each entry as a line [[%s]] followed by its keys, below the other keys)", key, tomlTypeWords(v), key, key)
}

// tomlTypeWords names the type of a decoded TOML value the way a
// document's author knows it.
func tomlTypeWords(v any) string {
	switch v := v.(type) {
	case string:
		return "text"
	case int64, float64:
		return "a number"
	case bool:
		return "true or false"
	case time.Time:
		switch v.Location().String() {
		case "date-local":
			return "a date"
		case "time-local":
			return "a time of day"
		}
		return "a date with a time"
	case []map[string]any:
		return "a list of tables"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// wantWords names the type a field takes.
func wantWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "a whole number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Int {
			return "a list of numbers"
		}
		return "a list of " + wantWords(t.Elem())
	}
	return t.String()
}

// typeHint says how to write key's value in the type the field takes,
// with the value itself where it can be kept.
func typeHint(key string, v any, want reflect.Type) string {
	switch want.Kind() {
	case reflect.String:
		example := "…"
		if i, ok := v.(int64); ok {
			example = strconv.FormatInt(i, 10)
		}
		return fmt.Sprintf("write text in quotes: %s = %q", key, example)
	case reflect.Bool:
		if s, ok := v.(string); ok {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true", "yes", "是":
				return fmt.Sprintf("write true or false, without quotes: %s = true", key)
			case "false", "no", "否":
				return fmt.Sprintf("write true or false, without quotes: %s = false", key)
			}
		}
		return fmt.Sprintf("write true or false, without quotes: %s = true or %s = false", key, key)
	case reflect.Int:
		example := "3"
		if key == "page_size" {
			example = "50"
		}
		if s, ok := v.(string); ok {
			if _, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				example = strings.TrimSpace(s)
			}
		}
		if _, ok := v.(float64); ok {
			return fmt.Sprintf("write a whole number, without a decimal point: %s = %s", key, example)
		}
		return fmt.Sprintf("write the number without quotes: %s = %s", key, example)
	case reflect.Slice:
		if want.Elem().Kind() == reflect.Int {
			return fmt.Sprintf("write the numbers in [ ], e.g. %s = [7, 8]", key)
		}
		example := `"…", "…"`
		if s, ok := v.(string); ok {
			example = strconv.Quote(s)
		}
		return fmt.Sprintf("write the list in [ ] with each text in quotes: %s = [%s]", key, example)
	}
	return "see the README for how to write it"
}

// suggestion says which valid key an unknown one was probably meant to
// be, near (from closeKey), or lists the valid keys when none is close.
func suggestion(near string, candidates []string) string {
	if near != "" {
		return fmt.Sprintf(" (did you mean %q?)", near)
	}
	return fmt.Sprintf(" (valid keys: %s)", strings.Join(candidates, ", "))
}

// closeKey returns the candidate that key is a plausible misspelling of,
// or "". Case, underscores and hyphens are ignored (Draft, base_url), a
// swap of two neighbouring letters counts as one edit (titel), and only
// one edit in a short key and two in a longer one are allowed: further
// than that, a suggestion (draft for day) misleads more than it helps.
func closeKey(key string, candidates []string) string {
	k := keyLetters(key)
	limit := 1
	if len(k) > 4 {
		limit = 2
	}
	letters := make([][]rune, len(candidates))
	for i, c := range candidates {
		letters[i] = keyLetters(c)
	}
	return closestWithin(k, candidates, letters, limit)
}

// keyLetters is a key in lower case without underscores and hyphens.
func keyLetters(s string) []rune {
	out := make([]rune, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		if r != '_' && r != '-' {
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}
