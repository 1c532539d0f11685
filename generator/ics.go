package generator

import (
	"fmt"
	"strings"
)

// ics renders schedule rows as an iCalendar file: a month row is an
// all-day event spanning its months, a row with a day is that day. DTSTAMP
// is the document's date, so two builds give the same bytes.
func ics(cfg *Config, name string, rows []ScheduleEntry) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//gongkai//" + escapeICS(cfg.Title) + "//ZH")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + escapeICS(name))
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(cfg.BaseURL, "https://"), "http://"), "/")
	host = strings.ReplaceAll(host, "/", ".")
	seq := map[*Document]int{}
	for _, r := range rows {
		seq[r.Doc]++
		year := r.Doc.Date.Year
		var start, end string
		if !r.Day.IsZero() {
			start = fmt.Sprintf("%04d%02d%02d", r.Day.Year, r.Day.Month, r.Day.Day)
			end = r.Day.time().AddDate(0, 0, 1).Format("20060102")
		} else {
			first, last := r.Months[0], r.Months[len(r.Months)-1]
			start = fmt.Sprintf("%04d%02d01", year, first)
			ey, em := year, last+1
			if em == 13 {
				ey, em = year+1, 1
			}
			end = fmt.Sprintf("%04d%02d01", ey, em)
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:%s-%d@%s", escapeICS(r.Doc.Index), seq[r.Doc], host))
		line("DTSTAMP:" + strings.ReplaceAll(r.Doc.Date.ISO(), "-", "") + "T000000Z")
		line("DTSTART;VALUE=DATE:" + start)
		line("DTEND;VALUE=DATE:" + end)
		line("SUMMARY:" + escapeICS(r.Item))
		desc := r.Doc.Title
		if r.Owner != "" {
			desc = r.Owner + " · " + desc
		}
		line("DESCRIPTION:" + escapeICS(desc))
		line("URL:" + cfg.BaseURL + escapePath(r.Doc.URL))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

// icsEscaper is built once: building a Replacer costs more than using it,
// and the preview server writes the calendars on every rebuild.
var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "")

func escapeICS(s string) string { return icsEscaper.Replace(s) }

// foldICS folds a content line at 75 octets without splitting a UTF-8
// character, as RFC 5545 requires.
func foldICS(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}
