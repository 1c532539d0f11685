package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlComment keeps a comment on one line.
func tomlComment(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return "# " + s
}

// Markdown renders the whole file: the TOML front matter between two
// "+++" lines, then the body.
func (d *Document) Markdown() []byte {
	var b strings.Builder
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", k, tomlString(v))
		}
	}
	b.WriteString("+++\n")
	b.WriteString(tomlComment("imported by gongkai import from "+d.Source) + "\n")
	kv("title", d.Title)
	kv("index", d.Index)
	kv("issuer", d.Issuer)
	if !d.Date.IsZero() {
		fmt.Fprintf(&b, "date = %s\n", d.Date)
	}
	kv("category", d.Category)
	kv("genre", d.Genre)
	kv("number", d.Number)
	if len(d.Keywords) > 0 {
		q := make([]string, len(d.Keywords))
		for i, k := range d.Keywords {
			q[i] = tomlString(k)
		}
		fmt.Fprintf(&b, "keywords = [%s]\n", strings.Join(q, ", "))
	}
	kv("summary", d.Summary)
	if d.Draft {
		for _, r := range d.Review {
			b.WriteString(tomlComment("review: "+r) + "\n")
		}
		b.WriteString("draft = true\n")
	}
	kv("schedule_note", d.ScheduleNote)
	for _, a := range d.Attachments {
		b.WriteString("\n[[attachments]]\n")
		kv("title", a.Title)
		kv("file", a.File)
	}
	for _, r := range d.Schedule {
		b.WriteString("\n[[schedule]]\n")
		if len(r.Months) == 1 {
			fmt.Fprintf(&b, "month = %d\n", r.Months[0])
		} else {
			ms := make([]string, len(r.Months))
			for i, m := range r.Months {
				ms[i] = fmt.Sprint(m)
			}
			fmt.Fprintf(&b, "months = [%s]\n", strings.Join(ms, ", "))
		}
		kv("item", r.Item)
		kv("owner", r.Owner)
		if !r.Day.IsZero() {
			fmt.Fprintf(&b, "day = %s\n", r.Day)
		}
	}
	b.WriteString("+++\n")
	if body := d.Body(); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return []byte(b.String())
}
