package generator

// The calendar writer as it was before it wrote into one buffer: the
// reference the test below checks ics against.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
)

// icsReference is ics as it was written with fmt and a Replacer.
func icsReference(cfg *Config, name string, rows []ScheduleEntry) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICSReference(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	lang := "ZH"
	if cfg.Language == "en" {
		lang = "EN"
	}
	line("PRODID:-//gongkai//" + escapeICSReference(cfg.Title) + "//" + lang)
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + escapeICSReference(name))
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(cfg.BaseURL, "https://"), "http://"), "/")
	host = strings.ReplaceAll(host, "/", ".")
	for _, r := range rows {
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
		line(fmt.Sprintf("UID:%s-%d@%s", escapeICSReference(r.Doc.Index), r.seq, escapeICSReference(host)))
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
		cfg := &Config{Title: text(), BaseURL: []string{"https://example.org/gk/", "http://a.b/c/d/", "https://x/", "/"}[i%4], Language: []string{"zh-CN", "en", ""}[i%3]}
		var docs []*Document
		for range 1 + rng.IntN(4) {
			docs = append(docs, &Document{Index: text(), Title: text(), URL: "archive/2024/" + text() + "/", Date: dates[rng.IntN(len(dates))]})
		}
		var rows []ScheduleEntry
		seq := map[*Document]int{}
		for range rng.IntN(8) {
			d := docs[rng.IntN(len(docs))]
			seq[d]++
			r := ScheduleEntry{Doc: d, ScheduleRow: &ScheduleRow{Item: text(), Owner: text()}, seq: seq[d]}
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

// icsEvents unfolds a calendar file and returns its events, each as its
// properties by name (with their parameters).
func icsEvents(t *testing.T, name string, data []byte) []map[string]string {
	t.Helper()
	text := strings.ReplaceAll(string(data), "\r\n ", "")
	if !strings.HasSuffix(text, "\r\n") || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Fatalf("%s: lines are not all ended by CRLF:\n%q", name, data)
	}
	var events []map[string]string
	var ev map[string]string
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		prop, value, ok := strings.Cut(line, ":")
		switch {
		case !ok:
			t.Fatalf("%s: line %q has no value", name, line)
		case line == "BEGIN:VEVENT":
			ev = map[string]string{}
		case line == "END:VEVENT":
			events = append(events, ev)
			ev = nil
		case ev != nil:
			ev[prop] = value
		}
	}
	return events
}

// TestICSUIDs builds a site whose documents list their schedule rows out
// of month order, so that a year's calendar, which sorts them by month,
// lists a document's rows in another order than the document's own
// calendar does. A UID must name one event wherever it appears, every
// event of a file must have its own, and adding a document must leave
// the others' UIDs as they were, or a calendar app that subscribed to
// both files, or that refreshes one, shows events twice.
func TestICSUIDs(t *testing.T) {
	rows := "\n[[schedule]]\nmonth = 9\nitem = \"九月事项\"\n[[schedule]]\nmonth = 3\nitem = \"三月事项\"\n[[schedule]]\nmonth = 3\nitem = \"又一个三月事项\"\n[[schedule]]\nmonth = 1\nitem = \"一月事项\"\nday = 2024-01-08"
	fsys := mapSite(map[string]string{
		"content/2024/a.md": withFront(rows),
		"content/2024/b.md": strings.Replace(withFront(strings.ReplaceAll(rows, "事项", "活动")), "2024-00001", "2024-00002", 1),
	})
	uids := func(docs int) map[string]string {
		out := buildMem(t, fsys, Options{})
		seen := map[string]string{} // UID → the event, as one line
		for _, name := range out.names() {
			if !strings.HasSuffix(name, ".ics") {
				continue
			}
			inFile := map[string]bool{}
			for _, ev := range icsEvents(t, name, out.files[name]) {
				uid := ev["UID"]
				what := ev["SUMMARY"] + " " + ev["DTSTART;VALUE=DATE"] + " " + ev["URL"]
				if inFile[uid] {
					t.Errorf("%s: two events have UID %s", name, uid)
				}
				inFile[uid] = true
				if other, ok := seen[uid]; ok && other != what {
					t.Errorf("%s: UID %s names %q, but %q in another calendar", name, uid, what, other)
				}
				seen[uid] = what
			}
		}
		if len(seen) != 4*docs {
			t.Errorf("%d events in all, want %d", len(seen), 4*docs)
		}
		return seen
	}
	before := uids(2)
	fsys["content/2024/c.md"] = &fstest.MapFile{Data: []byte(strings.Replace(strings.Replace(withFront(rows), "2024-00001", "2024-00003", 1), "2024-03-18", "2024-01-02", 1))}
	after := uids(3)
	for uid, what := range before {
		if after[uid] != what {
			t.Errorf("with a document added, UID %s names %q, where it named %q", uid, after[uid], what)
		}
	}
}

// TestICSUIDHost: the base URL's host and path end every UID, decoded
// as they always were, and are escaped as the text a UID is: a comma, a
// semicolon or a line break in the base path must not break the line.
func TestICSUIDHost(t *testing.T) {
	d := &Document{Index: "00001434-9/2024-00001", URL: "archive/2024/a/", Date: Date{2024, 3, 18}}
	rows := []ScheduleEntry{{ScheduleRow: &ScheduleRow{Months: []int{3}, Item: "事项"}, Doc: d, seq: 1}}
	for _, tt := range []struct{ base, uid string }{
		{"https://example.org/gk/", `UID:00001434-9/2024-00001-1@example.org.gk`},
		{"http://example.org:8080/", `UID:00001434-9/2024-00001-1@example.org:8080`},
		{"https://example.org/g%20k/%E5%85%AC%E5%BC%80/", `UID:00001434-9/2024-00001-1@example.org.g k.公开`},
		{"https://example.org/a,b;c/", `UID:00001434-9/2024-00001-1@example.org.a\,b\;c`},
		{"https://example.org/a%5Cb%0Ac/", `UID:00001434-9/2024-00001-1@example.org.a\\b\nc`},
	} {
		cal := string(ics(&Config{Title: "t", BaseURL: tt.base}, "n", rows))
		if !strings.Contains(cal, "\r\n"+tt.uid+"\r\n") {
			t.Errorf("base URL %s: the calendar has no line %q:\n%s", tt.base, tt.uid, cal)
		}
	}
}

// TestICSProdID: the last part of PRODID, a formal public identifier,
// is the language of its text, the site's title: an English site's
// calendars say EN, a Chinese site's ZH.
func TestICSProdID(t *testing.T) {
	for _, tt := range []struct{ lang, title, want string }{
		{"zh-CN", "示范区教育工会信息公开", "PRODID:-//gongkai//示范区教育工会信息公开//ZH"},
		{"", "示范区教育工会信息公开", "PRODID:-//gongkai//示范区教育工会信息公开//ZH"},
		{"en", "Union Disclosure", "PRODID:-//gongkai//Union Disclosure//EN"},
	} {
		cal := string(ics(&Config{Title: tt.title, BaseURL: "https://example.org/", Language: tt.lang}, "n", nil))
		var got string
		for _, line := range strings.Split(cal, "\r\n") {
			if strings.HasPrefix(line, "PRODID:") {
				got = line
			}
		}
		if got != tt.want {
			t.Errorf("language %q: %q, want %q", tt.lang, got, tt.want)
		}
	}
}
