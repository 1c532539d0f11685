package generator

// The calendar writer as it was before it wrote into one buffer: the
// reference the test below checks ics against.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// icsReference is ics as it was written with fmt and a Replacer.
func icsReference(cfg *Config, name string, rows []ScheduleEntry) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICSReference(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//gongkai//" + escapeICSReference(cfg.Title) + "//ZH")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + escapeICSReference(name))
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
		line(fmt.Sprintf("UID:%s-%d@%s", escapeICSReference(r.Doc.Index), seq[r.Doc], host))
		line("DTSTAMP:" + strings.ReplaceAll(r.Doc.Date.ISO(), "-", "") + "T000000Z")
		line("DTSTART;VALUE=DATE:" + start)
		line("DTEND;VALUE=DATE:" + end)
		line("SUMMARY:" + escapeICSReference(r.Item))
		desc := r.Doc.Title
		if r.Owner != "" {
			desc = r.Owner + " · " + desc
		}
		line("DESCRIPTION:" + escapeICSReference(desc))
		line("URL:" + cfg.BaseURL + escapePath(r.Doc.URL))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

// icsEscaperReference is built once: building a Replacer costs more than using it,
// and the preview server writes the calendars on every rebuild.
var icsEscaperReference = func() *strings.Replacer {
	pairs := []string{`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\x7f", ""}
	for c := rune(0); c < ' '; c++ {
		if c != '\n' && c != '\t' {
			pairs = append(pairs, string(c), "") // RFC 5545 keeps control characters out of text
		}
	}
	return strings.NewReplacer(pairs...)
}()

func escapeICSReference(s string) string { return icsEscaperReference.Replace(s) }

// foldICSReference folds a content line at 75 octets without splitting a UTF-8
// character, as RFC 5545 requires.
func foldICSReference(s string) string {
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

// TestICSMatchesReference checks the calendar writer against the
// reference on rows made of awkward text: escapes, long lines, CJK text
// that folds mid-line, bytes that are not UTF-8, every kind of date.
func TestICSMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", "关于", "；", ";", ",", "\\", "\n", "\r\n", "\x01", "\t", "\x1b\x7f", "\xff", "\xe4\xb8", "😀", " ", "工会", "x,y;z", strings.Repeat("长", 30), strings.Repeat("w", 80)}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	dates := []Date{{2024, 3, 18}, {2024, 2, 28}, {2024, 2, 29}, {2023, 2, 28}, {2024, 12, 31}, {1900, 2, 28}, {2000, 2, 29},
		{2024, 4, 30}, {2024, 1, 31}, {9999, 12, 31}, {2024, 2, 30}, {2024, 13, 1}, {5, 1, 1}, {12345, 6, 7}, {-3, 1, 1}}
	for i := range 300 {
		cfg := &Config{Title: text(), BaseURL: []string{"https://example.org/gk/", "http://a.b/c/d/", "https://x/", "/"}[i%4]}
		var docs []*Document
		for range 1 + rng.IntN(4) {
			docs = append(docs, &Document{Index: text(), Title: text(), URL: "archive/2024/" + text() + "/", Date: dates[rng.IntN(len(dates))]})
		}
		var rows []ScheduleEntry
		for range rng.IntN(8) {
			r := ScheduleEntry{Doc: docs[rng.IntN(len(docs))], ScheduleRow: &ScheduleRow{Item: text(), Owner: text()}}
			m := 1 + rng.IntN(12)
			r.Months = []int{m}
			if rng.IntN(2) == 0 {
				r.Months = append(r.Months, min(12, m+rng.IntN(3)))
			}
			if rng.IntN(3) == 0 {
				r.Day = dates[rng.IntN(len(dates))]
			}
			rows = append(rows, r)
		}
		name := text()
		if got, want := ics(cfg, name, rows), icsReference(cfg, name, rows); !bytes.Equal(got, want) {
			t.Fatalf("case %d:\n got %q\nwant %q", i, got, want)
		}
	}
}
