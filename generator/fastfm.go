package generator

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// The TOML decoder is general and therefore slow: on a large archive it
// is most of the time spent loading. Nearly every document's front matter
// is written in a small part of TOML, so decodeFrontMatterFast reads that
// part directly and gives up on anything else, leaving it to the TOML
// decoder, whose messages are the ones authors see. It must therefore
// never accept a text the TOML decoder would refuse or decode differently;
// FuzzFastFrontMatter holds it to that.
//
// The part it reads, line by line:
//
//	# a comment
//	key = "a basic string, with \" \\ \n \t \u4e2d escapes"
//	key = 12
//	key = true
//	key = 2024-03-18
//	key = ["strings", "or"]   or   key = [1, 2]
//	[[attachments]]   or   [[schedule]]
//
// with spaces and tabs around the parts and a comment at the end of any
// line. Only the keys of frontMatter are accepted, each at most once per
// table, and each only with the type its field takes. A string that holds
// a character no text may (a control character other than tab, line
// feed and carriage return, or a noncharacter: TextTrouble), as written
// or as an escape, goes to the TOML decoder, which reports it
// (heldControl): the texts the fast decoder gives need no such check.

// frontKey numbers the top-level keys whose positions are kept.
type frontKey uint8

const (
	keyTitle frontKey = iota
	keyIndex
	keyIssuer
	keyDate
	keyCategory
	keyGenre
	keyNumber
	keyKeywords
	keySummary
	keySlug
	keyDraft
	keyScheduleNote
	numFrontKeys
)

func topKey(k string) (frontKey, bool) {
	switch k {
	case "title":
		return keyTitle, true
	case "index":
		return keyIndex, true
	case "issuer":
		return keyIssuer, true
	case "date":
		return keyDate, true
	case "category":
		return keyCategory, true
	case "genre":
		return keyGenre, true
	case "number":
		return keyNumber, true
	case "keywords":
		return keyKeywords, true
	case "summary":
		return keySummary, true
	case "slug":
		return keySlug, true
	case "draft":
		return keyDraft, true
	case "schedule_note":
		return keyScheduleNote, true
	}
	return 0, false
}

// frontPositions is what a tomlSource knows of where the keys of its
// text stand. When the fast decoder read the text (recorded), it holds
// where the decoder found the keys that every document looks up: the
// top-level keys and each attachment's file, which tomlSource.find then
// answers without reading the text again. places holds every key and
// header of the text once a question the record cannot answer has had
// the text read.
type frontPositions struct {
	top         [numFrontKeys]position // zero Line when the key is absent
	attachments []attachmentPosition
	places      keyPlaces // filled at the first question the record cannot answer
	recorded    bool      // whether the fast decoder filled top and attachments
}

type attachmentPosition struct {
	header position // the [[attachments]] line
	file   position // zero Line when the entry has no file
}

// lookup answers tomlSource.lookup for the keys it knows; ok is false for
// any other question.
func (fp *frontPositions) lookup(firstLine int, table string, n int, key string) (line, col int, found, ok bool) {
	if !fp.recorded {
		return 0, 0, false, false
	}
	switch table {
	case "":
		k, known := topKey(key)
		if !known || n != 0 {
			return 0, 0, false, false
		}
		if p := fp.top[k]; p.Line > 0 {
			return p.Line, p.Col, true, true
		}
		return firstLine, 1, false, true
	case "attachments":
		if key != "file" || n < 0 || n >= len(fp.attachments) {
			return 0, 0, false, false
		}
		a := fp.attachments[n]
		if a.file.Line > 0 {
			return a.file.Line, a.file.Col, true, true
		}
		return a.header.Line, a.header.Col, false, true
	}
	return 0, 0, false, false
}

// localDateZone is the location the TOML decoder gives a local date. It
// is taken from the decoder itself so that both decoders give the same
// time.Time, zone included.
var localDateZone = sync.OnceValue(func() *time.Location {
	var v map[string]any
	if _, err := toml.Decode("d = 2000-01-01", &v); err != nil {
		panic(err)
	}
	return v["d"].(time.Time).Location()
})

// decodeFrontMatterFast decodes front (whose first line is the file's
// line firstLine) into fm, or returns ok false, leaving fm to be thrown
// away, when the text is outside the part of TOML it reads.
func decodeFrontMatterFast(front string, firstLine int, fm *frontMatter) (pos *frontPositions, ok bool) {
	pos = &frontPositions{recorded: true}
	const (
		inTop = iota
		inAttachment
		inSchedule
	)
	table := inTop
	// A schedule may have hundreds of rows: make room for them at once.
	if n := strings.Count(front, "[[schedule]]"); n > 0 {
		fm.Schedule = make([]scheduleEntry, 0, n)
	}
	var seenTop uint32 // bit per frontKey
	var seenRow uint8  // bit per key of the current array entry
	for lineNo := firstLine; len(front) > 0; lineNo++ {
		var l string
		if i := strings.IndexByte(front, '\n'); i >= 0 {
			l, front = front[:i], front[i+1:]
		} else {
			l, front = front, ""
		}
		p := skipBlank(l, 0)
		if p == len(l) {
			continue
		}
		switch l[p] {
		case '#':
			if !commentOK(l[p+1:]) {
				return nil, false
			}
			continue
		case '[':
			name, rest, found := strings.Cut(l[p:], "]]")
			if !found || !lineEndOK(rest, 0) {
				return nil, false
			}
			switch name {
			case "[[attachments":
				table = inAttachment
				fm.Attachments = append(fm.Attachments, attachmentEntry{})
				pos.attachments = append(pos.attachments, attachmentPosition{header: position{lineNo, p + 1}})
			case "[[schedule":
				table = inSchedule
				fm.Schedule = append(fm.Schedule, scheduleEntry{})
			default:
				return nil, false
			}
			seenRow = 0
			continue
		}
		kEnd := p
		for kEnd < len(l) && isBareKeyByte(l[kEnd]) {
			kEnd++
		}
		key := l[p:kEnd]
		v := skipBlank(l, kEnd)
		if key == "" || v == len(l) || l[v] != '=' {
			return nil, false
		}
		v = skipBlank(l, v+1)
		at := position{lineNo, p + 1}
		var end int
		switch table {
		case inTop:
			k, known := topKey(key)
			if !known || seenTop&(1<<k) != 0 {
				return nil, false
			}
			seenTop |= 1 << k
			pos.top[k] = at
			switch k {
			case keyTitle:
				fm.Title, end, ok = scanString(l, v)
			case keyIndex:
				fm.Index, end, ok = scanString(l, v)
			case keyIssuer:
				fm.Issuer, end, ok = scanString(l, v)
			case keyDate:
				fm.Date, end, ok = scanDateOrString(l, v)
			case keyCategory:
				fm.Category, end, ok = scanString(l, v)
			case keyGenre:
				fm.Genre, end, ok = scanString(l, v)
			case keyNumber:
				fm.Number, end, ok = scanString(l, v)
			case keyKeywords:
				fm.Keywords, end, ok = scanStrings(l, v)
			case keySummary:
				fm.Summary, end, ok = scanString(l, v)
			case keySlug:
				fm.Slug, end, ok = scanString(l, v)
			case keyDraft:
				fm.Draft, end, ok = scanBool(l, v)
			case keyScheduleNote:
				fm.ScheduleNote, end, ok = scanString(l, v)
			}
		case inAttachment:
			a := &fm.Attachments[len(fm.Attachments)-1]
			switch key {
			case "title":
				if seenRow&1 != 0 {
					return nil, false
				}
				seenRow |= 1
				a.Title, end, ok = scanString(l, v)
			case "file":
				if seenRow&2 != 0 {
					return nil, false
				}
				seenRow |= 2
				pos.attachments[len(pos.attachments)-1].file = at
				a.File, end, ok = scanString(l, v)
			default:
				return nil, false
			}
		case inSchedule:
			r := &fm.Schedule[len(fm.Schedule)-1]
			var bit uint8
			switch key {
			case "month":
				bit = 1
				r.Month, end, ok = scanInt(l, v)
			case "months":
				bit = 2
				r.Months, end, ok = scanInts(l, v)
			case "item":
				bit = 4
				r.Item, end, ok = scanString(l, v)
			case "owner":
				bit = 8
				r.Owner, end, ok = scanString(l, v)
			case "day":
				bit = 16
				r.Day, end, ok = scanDateOrString(l, v)
			default:
				return nil, false
			}
			if seenRow&bit != 0 {
				return nil, false
			}
			seenRow |= bit
		}
		if !ok || !lineEndOK(l, end) {
			return nil, false
		}
	}
	return pos, true
}

// skipBlank skips TOML whitespace (spaces and tabs only) from i.
func skipBlank(l string, i int) int {
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	return i
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// isControl is a character TOML allows neither in strings nor in comments.
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

// commentOK reports whether a comment's text is allowed.
func commentOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return false
		}
	}
	return true
}

// lineEndOK reports whether l from i holds only blanks and a comment.
func lineEndOK(l string, i int) bool {
	i = skipBlank(l, i)
	return i == len(l) || l[i] == '#' && commentOK(l[i+1:])
}

// scanString reads a basic string starting at l[i] and returns it and the
// index after its closing quote. An escape-free string is a substring of
// the front matter, so it costs no copy.
func scanString(l string, i int) (s string, end int, ok bool) {
	if i >= len(l) || l[i] != '"' || strings.HasPrefix(l[i:], `"""`) {
		return "", 0, false
	}
	start := i + 1
	for j := start; j < len(l); j++ {
		switch c := l[j]; {
		case c == '"':
			return l[start:j], j + 1, true
		case c == '\\':
			return scanEscapedString(l, start)
		case isControl(c) || refusedAt(l, j):
			return "", 0, false
		}
	}
	return "", 0, false
}

// refusedAt reports whether l[j:], UTF-8, starts with a character that
// TOML allows as written and a text may not hold (TextTrouble). It is
// asked of every byte of every string, so it is inlined, and lets a byte
// that starts no such character, as every byte of Chinese text but some
// punctuation's does (E4 to E9, and continuation bytes), past with two
// comparisons.
func refusedAt(l string, j int) bool {
	c := l[j]
	return (c == 0xc2 || c >= 0xef) && refused(l[j:])
}

// refused reports whether s, UTF-8, starts with a character that TOML
// allows as written and a text may not hold, told by its bytes: a C1
// control character, U+0080 to U+009F, is C2 80 to C2 9F; a noncharacter
// of U+FDD0 to U+FDEF is EF B7 90 to EF B7 AF; U+FFFE and U+FFFF are EF
// BF BE and EF BF BF; and the last two code points of planes 1 to 16,
// U+1FFFE to U+10FFFF, are F0 to F4, then a byte whose low four bits are
// set (9F, AF, BF or 8F), then BF, then BE or BF.
func refused(s string) bool {
	switch {
	case len(s) >= 2 && s[0] == 0xc2:
		return s[1] < 0xa0
	case len(s) >= 3 && s[0] == 0xef:
		return s[1] == 0xbf && s[2] >= 0xbe || s[1] == 0xb7 && s[2] >= 0x90 && s[2] <= 0xaf
	case len(s) >= 4 && s[0] >= 0xf0:
		return s[1]&0x0f == 0x0f && s[2] == 0xbf && s[3] >= 0xbe
	}
	return false
}

// scanEscapedString is scanString for a string with escapes, the body of
// which starts at l[start].
func scanEscapedString(l string, start int) (s string, end int, ok bool) {
	var b strings.Builder
	for j := start; j < len(l); j++ {
		c := l[j]
		switch {
		case c == '"':
			return b.String(), j + 1, true
		case isControl(c) || refusedAt(l, j):
			return "", 0, false
		case c != '\\':
			b.WriteByte(c)
			continue
		}
		j++
		if j >= len(l) {
			return "", 0, false
		}
		// \b and \f, like any escape of a control character but tab,
		// line feed and carriage return, are left to the TOML decoder.
		switch l[j] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '"':
			b.WriteByte('"')
		case '\\':
			b.WriteByte('\\')
		case 'u', 'U':
			n := 4
			if l[j] == 'U' {
				n = 8
			}
			if j+n >= len(l) {
				return "", 0, false
			}
			var r rune
			for _, h := range []byte(l[j+1 : j+1+n]) {
				d, isHex := hexDigit(h)
				if !isHex {
					return "", 0, false
				}
				r = r<<4 | rune(d)
			}
			if !utf8.ValidRune(r) || TextTrouble(r) != "" {
				return "", 0, false
			}
			b.WriteRune(r)
			j += n
		default:
			return "", 0, false
		}
	}
	return "", 0, false
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// scanInt reads a plain decimal integer of at most nine digits: no sign,
// underscores, leading zeros or other bases, which go to the TOML decoder.
func scanInt(l string, i int) (n, end int, ok bool) {
	j := i
	for j < len(l) && j-i < 10 && l[j] >= '0' && l[j] <= '9' {
		n = n*10 + int(l[j]-'0')
		j++
	}
	if j == i || j-i > 9 || (l[i] == '0' && j-i > 1) {
		return 0, 0, false
	}
	// The number must end here: 1-2 or 12:30 would be a date or a time.
	if j < len(l) && l[j] != ' ' && l[j] != '\t' && l[j] != ',' && l[j] != ']' && l[j] != '#' {
		return 0, 0, false
	}
	return n, j, true
}

// scanBool reads true or false.
func scanBool(l string, i int) (v bool, end int, ok bool) {
	switch {
	case strings.HasPrefix(l[i:], "true"):
		v, end = true, i+4
	case strings.HasPrefix(l[i:], "false"):
		v, end = false, i+5
	default:
		return false, 0, false
	}
	if end < len(l) && l[end] != ' ' && l[end] != '\t' && l[end] != '#' {
		return false, 0, false
	}
	return v, end, true
}

// scanDateOrString reads the value of a key that takes any type, such as
// date: a local date YYYY-MM-DD, or a string (which the checks refuse with
// their own message).
func scanDateOrString(l string, i int) (v any, end int, ok bool) {
	if i < len(l) && l[i] == '"' {
		return scanString(l, i)
	}
	d := l[i:]
	if len(d) < 10 || d[4] != '-' || d[7] != '-' {
		return nil, 0, false
	}
	var f [3]int
	for k, part := range [3]string{d[:4], d[5:7], d[8:10]} {
		for _, c := range []byte(part) {
			if c < '0' || c > '9' {
				return nil, 0, false
			}
			f[k] = f[k]*10 + int(c-'0')
		}
	}
	// Only blanks and a comment may follow: the TOML decoder reads
	// 2024-03-18 08:00 or 2024-03-18T08:00 as a date with a time.
	if !lineEndOK(d, 10) {
		return nil, 0, false
	}
	year, month, day := f[0], f[1], f[2]
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return nil, 0, false // the TOML decoder words the message
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, localDateZone()), i + 10, true
}

// scanStrings reads a one-line array of basic strings.
func scanStrings(l string, i int) (v []string, end int, ok bool) {
	v = []string{} // the TOML decoder gives [] as an empty, non-nil slice
	end, ok = scanArray(l, i, func(j int) (int, bool) {
		s, end, ok := scanString(l, j)
		v = append(v, s)
		return end, ok
	})
	return v, end, ok
}

// scanInts reads a one-line array of integers.
func scanInts(l string, i int) (v []int, end int, ok bool) {
	v = []int{}
	end, ok = scanArray(l, i, func(j int) (int, bool) {
		n, end, ok := scanInt(l, j)
		v = append(v, n)
		return end, ok
	})
	return v, end, ok
}

// scanArray reads [ elem, elem, ] on one line, calling elem to read each
// element starting at the index it is given.
func scanArray(l string, i int, elem func(int) (int, bool)) (end int, ok bool) {
	if i >= len(l) || l[i] != '[' {
		return 0, false
	}
	j := skipBlank(l, i+1)
	for {
		if j < len(l) && l[j] == ']' {
			return j + 1, true
		}
		if j, ok = elem(j); !ok {
			return 0, false
		}
		j = skipBlank(l, j)
		switch {
		case j < len(l) && l[j] == ',':
			j = skipBlank(l, j+1)
		case j < len(l) && l[j] == ']':
			return j + 1, true
		default:
			return 0, false
		}
	}
}
