package generator

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// ics renders schedule rows as an iCalendar file: a month row is an
// all-day event spanning its months, a row with a day is that day. DTSTAMP
// is the document's date, so two builds give the same bytes.
//
// A year's calendar holds every row of the year, so the file is written
// into one buffer, line by line, without formatting through fmt.
func ics(cfg *Config, name string, rows []ScheduleEntry) []byte {
	size := 512
	for _, r := range rows {
		size += 300 + len(r.Item) + len(r.Owner) + len(r.Doc.Title) + len(r.Doc.Index) + len(r.Doc.URL)
	}
	w := icsWriter{buf: icsBuffer(size)}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.begin("PRODID:-//gongkai//")
	w.escaped(cfg.Title)
	// The identifier ends in the language of its text, the site's title.
	if cfg.Language == "en" {
		w.str("//EN")
	} else {
		w.str("//ZH")
	}
	w.end()
	w.line("CALSCALE:GREGORIAN")
	w.begin("X-WR-CALNAME:")
	w.escaped(name)
	w.end()
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(cfg.BaseURL, "https://"), "http://"), "/")
	// The events' UIDs were made from the base path as written before
	// the base URL came percent-encoded; a calendar that has them keeps
	// them only if they stay the same. Decoded, the path may hold what
	// text escapes (a comma, a line break): a UID is text, and escaped.
	if h, err := url.PathUnescape(host); err == nil {
		host = h
	}
	host = strings.ReplaceAll(host, "/", ".")
	// Each document's page address, made once per calendar.
	pages := make(map[*Document]string, 8)
	for _, r := range rows {
		page, ok := pages[r.Doc]
		if !ok {
			page = cfg.BaseURL + escapePath(r.Doc.URL)
			pages[r.Doc] = page
		}
		w.line("BEGIN:VEVENT")
		// A row's UID is its document's index number and its place among
		// the document's rows: the same in the document's calendar and
		// the year's, which lists the rows by month, and kept when other
		// documents come or go.
		w.begin("UID:")
		w.escaped(r.Doc.Index)
		w.buf = append(w.buf, '-')
		w.buf = strconv.AppendInt(w.buf, int64(r.seq), 10)
		w.buf = append(w.buf, '@')
		w.escaped(host)
		w.end()
		w.begin("DTSTAMP:")
		w.stamp(r.Doc.Date)
		w.end()
		w.begin("DTSTART;VALUE=DATE:")
		w.start(r)
		w.end()
		w.begin("DTEND;VALUE=DATE:")
		w.until(r)
		w.end()
		w.begin("SUMMARY:")
		w.escaped(r.Item)
		w.end()
		w.begin("DESCRIPTION:")
		if r.Owner != "" {
			w.escaped(r.Owner)
			w.str(" · ")
		}
		w.escaped(r.Doc.Title)
		w.end()
		w.begin("URL:")
		w.str(page)
		w.end()
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.buf
}

// icsBuffers holds the buffers of calendars already written, for the
// next ones: a year's calendar is megabytes, and every row is also in its
// document's calendar.
var icsBuffers sync.Pool

// icsBuffer is an empty buffer with room for size bytes.
func icsBuffer(size int) []byte {
	if b, ok := icsBuffers.Get().(*[]byte); ok && cap(*b) >= size {
		return (*b)[:0]
	}
	return make([]byte, 0, size)
}

// releaseICS gives back a calendar's buffer once the file is written;
// the bytes must not be used after.
func releaseICS(b []byte) {
	icsBuffers.Put(&b)
}

// icsWriter appends content lines to buf, each folded as RFC 5545
// requires and ended with CRLF.
type icsWriter struct {
	buf  []byte
	at   int    // where the line being written starts
	fold []byte // scratch for folding a long line
}

func (w *icsWriter) begin(s string) {
	w.at = len(w.buf)
	w.buf = append(w.buf, s...)
}

func (w *icsWriter) str(s string) { w.buf = append(w.buf, s...) }

// line writes a whole line that needs no escaping.
func (w *icsWriter) line(s string) {
	w.begin(s)
	w.end()
}

// icsSpecial marks the bytes escaped writes otherwise than as they are:
// \ ; , and line feeds, and the control characters RFC 5545 keeps out of
// text (all but the tab).
var icsSpecial = func() (t [256]bool) {
	for c := 0; c < ' '; c++ {
		t[c] = c != '\t'
	}
	t[0x7f], t['\\'], t[';'], t[','] = true, true, true, true
	return t
}()

// escaped appends s with \ ; , and line feeds escaped and the other
// control characters (carriage returns among them) left out.
func (w *icsWriter) escaped(s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if !icsSpecial[s[i]] {
			continue
		}
		var rep string
		switch s[i] {
		case '\\':
			rep = `\\`
		case ';':
			rep = `\;`
		case ',':
			rep = `\,`
		case '\n':
			rep = `\n`
		}
		w.buf = append(w.buf, s[from:i]...)
		w.buf = append(w.buf, rep...)
		from = i + 1
	}
	w.buf = append(w.buf, s[from:]...)
}

// end folds the line at 75 octets without splitting a UTF-8 character
// and ends it. Bytes that are not UTF-8 become U+FFFD where a line is
// folded, as they always did.
func (w *icsWriter) end() {
	if len(w.buf)-w.at > 75 {
		w.foldLine()
	}
	w.buf = append(w.buf, "\r\n"...)
}

// foldLine folds the line being written, which is longer than 75 octets.
func (w *icsWriter) foldLine() {
	w.fold = append(w.fold[:0], w.buf[w.at:]...)
	w.buf = w.buf[:w.at]
	line := w.fold
	if !utf8.Valid(line) {
		n := 0
		for i := 0; i < len(line); {
			r, size := utf8.DecodeRune(line[i:])
			width := size
			if r == utf8.RuneError && size == 1 {
				width = 3
			}
			if n+width > 75 {
				w.buf = append(w.buf, "\r\n "...)
				n = 1
			}
			if width != size {
				w.buf = utf8.AppendRune(w.buf, r)
			} else {
				w.buf = append(w.buf, line[i:i+size]...)
			}
			n += width
			i += size
		}
		return
	}
	// Valid UTF-8: cut before the first character that would end past
	// 75 octets, then every 74 octets of continuation after the space.
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.buf = append(w.buf, line[:cut]...)
		w.buf = append(w.buf, "\r\n "...)
		line = line[cut:]
		limit = 74
	}
	w.buf = append(w.buf, line...)
}

// pad appends v with at least width digits, as %0<width>d does.
func (w *icsWriter) pad(v, width int) {
	switch {
	case width == 2 && v >= 0 && v < 100:
		w.buf = append(w.buf, byte('0'+v/10), byte('0'+v%10))
		return
	case width == 4 && v >= 1000 && v < 10000:
		w.buf = append(w.buf, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
		return
	case v < 0:
		w.buf = fmt.Appendf(w.buf, "%0*d", width, v)
		return
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		w.buf = append(w.buf, '0')
	}
	w.buf = append(w.buf, s...)
}

// date appends yyyymmdd.
func (w *icsWriter) date(y, m, d int) {
	w.pad(y, 4)
	w.pad(m, 2)
	w.pad(d, 2)
}

// stamp appends a document's date as DTSTAMP gives it.
func (w *icsWriter) stamp(d Date) {
	if d.Year < 0 || d.Month < 0 || d.Day < 0 {
		w.str(strings.ReplaceAll(d.ISO(), "-", ""))
	} else {
		w.date(d.Year, d.Month, d.Day)
	}
	w.str("T000000Z")
}

// start appends the first day of a row's event.
func (w *icsWriter) start(r ScheduleEntry) {
	if !r.Day.IsZero() {
		w.date(r.Day.Year, r.Day.Month, r.Day.Day)
		return
	}
	w.date(r.Doc.Date.Year, r.Months[0], 1)
}

// until appends the day after a row's event, which DTEND names.
func (w *icsWriter) until(r ScheduleEntry) {
	if d := r.Day; !d.IsZero() {
		if d.Year >= 1 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month) {
			switch {
			case d.Day < daysIn(d.Year, d.Month):
				w.date(d.Year, d.Month, d.Day+1)
			case d.Month < 12:
				w.date(d.Year, d.Month+1, 1)
			case d.Year < 9999:
				w.date(d.Year+1, 1, 1)
			default:
				w.str(d.time().AddDate(0, 0, 1).Format("20060102"))
			}
			return
		}
		w.str(d.time().AddDate(0, 0, 1).Format("20060102"))
		return
	}
	ey, em := r.Doc.Date.Year, r.Months[len(r.Months)-1]+1
	if em == 13 {
		ey, em = ey+1, 1
	}
	w.date(ey, em, 1)
}

// daysIn is the number of days of a month of the Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
