package generator

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without time or zone, as written in front matter.
type Date struct{ Year, Month, Day int }

func (d Date) IsZero() bool { return d.Year == 0 }

// ISO is 2024-03-18.
func (d Date) ISO() string {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

func (d Date) time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// Document is one published (or draft) disclosure document.
type Document struct {
	Path string // source path relative to the site folder, e.g. content/2024/plan.md

	Title        string
	Index        string // 索引号
	Issuer       *Issuer
	Date         Date // 发文日期
	Category     *Category
	Genre        string // 体裁/文种
	Number       string // 文号, exactly as written
	Keywords     []string
	Summary      string
	Slug         string
	Draft        bool
	ScheduleNote string
	Attachments  []*Attachment
	Schedule     []ScheduleRow

	URL        string // site-relative, e.g. archive/2024/plan/
	Prev, Next *Document

	body     []byte // Markdown source
	bodySum  uint64 // bodyHash of body, taken once when the file is parsed
	srcSize  int    // bytes of the whole file when it was parsed, to read it again in one go
	fp       uint64 // docHash in the current rebuild, set by renderCache.begin; 0 when not known
	bodyLine int    // file line of the body's first line
	links    []indexLink
	refs     []bodyRef
	at       docPositions // where front-matter keys stand, for site-wide checks
}

// position is a line and column in a source file.
type position struct{ Line, Col int }

// docPositions are where the keys the site-wide checks report on stand
// in a document's front matter. The slug's is zero when the slug comes
// from the file name.
type docPositions struct{ index, slug position }

// Year is the year of the document's date: it decides the document's URL.
func (d *Document) Year() int { return d.Date.Year }

// HasSchedule reports whether the document carries a work schedule.
func (d *Document) HasSchedule() bool { return len(d.Schedule) > 0 }

// Attachment is a file published with a document.
type Attachment struct {
	at    position // where file = … stands in the front matter
	Title string
	File  string // path relative to the site's content/ folder
	Size  int64
	URL   string // site-relative URL of the copy in the output, percent-encoded (see fileURL)
}

// Type is the attachment's file type as readers know it: PDF, DOCX, XLSX.
func (a *Attachment) Type() string {
	i := strings.LastIndexByte(a.File, '.')
	if i < 0 {
		return ""
	}
	return strings.ToUpper(a.File[i+1:])
}

// ScheduleRow is one line of a work schedule (工作安排表).
type ScheduleRow struct {
	Months []int // one month, or a span such as [7, 8] for 七、八月
	Item   string
	Owner  string
	Day    Date // optional exact day
}

// Page is a plain page such as the 信息公开指南 guide.
type Page struct {
	Path  string
	Title string
	Slug  string
	URL   string

	body     []byte
	bodyLine int
	links    []indexLink
	refs     []bodyRef
	at       position // where slug = … stands; zero when the slug comes from the file name
}

// indexLink is a Markdown link to another document by its index number,
// and where its target stands in the file.
type indexLink struct {
	Index     string
	Line, Col int
}

// bodyRef is a Markdown link or image whose address is a relative path
// naming a file under content/, as Markdown editors write links to other
// files: a document or a page by its .md file, an attachment by its file
// (see refTarget). The page points it at what the file is published as.
type bodyRef struct {
	Target    string // the file, from the site folder: content/2024/x.md
	Line, Col int    // of the address, the column in characters
	Image     bool
	Backslash bool // the address is written with \ for /, as on Windows
}

// frontMatter is what the TOML block may hold. Each key is its field's
// tag, written exactly so (decodeTOML): any other key, other spellings
// of these included, is an error.
type frontMatter struct {
	Title        string            `toml:"title"`
	Index        string            `toml:"index"`
	Issuer       string            `toml:"issuer"`
	Date         any               `toml:"date"`
	Category     string            `toml:"category"`
	Genre        string            `toml:"genre"`
	Number       string            `toml:"number"`
	Keywords     []string          `toml:"keywords"`
	Summary      string            `toml:"summary"`
	Slug         string            `toml:"slug"`
	Draft        bool              `toml:"draft"`
	ScheduleNote string            `toml:"schedule_note"`
	Attachments  []attachmentEntry `toml:"attachments"`
	Schedule     []scheduleEntry   `toml:"schedule"`
}

type attachmentEntry struct {
	Title string `toml:"title"`
	File  string `toml:"file" text:"path"` // parseDocument checks it (see tomlDecoder.table)
}

type scheduleEntry struct {
	Month  int    `toml:"month"`
	Months []int  `toml:"months"`
	Item   string `toml:"item"`
	Owner  string `toml:"owner"`
	Day    any    `toml:"day"`
}

type pageFrontMatter struct {
	Title string `toml:"title"`
	Slug  string `toml:"slug"`
}

// CheckSlug returns why s cannot be a document's slug, or "" if it can:
// for tools that name a document before it is written.
func CheckSlug(s string) string { return checkSlug(s) }
