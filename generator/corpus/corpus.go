// Package corpus writes large, realistic archives for measuring the build:
// N documents in Chinese, spread over 10 categories, 20 issuers and 17
// years, a quarter of them with a work schedule of 20 to 60 rows, some with
// attachments and some linking to others by index number. The same N and
// seed always give the same files, byte for byte.
//
// Write lays out a gongkai site; WriteHugo lays out the same documents as
// an equivalent Hugo site, for comparing the two generators.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// FirstYear and Years are the span of the documents' dates.
const (
	FirstYear = 2009
	Years     = 17
)

// Options say what to write.
type Options struct {
	Docs int    // number of documents, drafts included
	Seed uint64 // the same seed gives the same corpus
}

// document is one generated document, before it is written in either
// generator's format.
type document struct {
	year, month, day int
	slug             string
	title            string
	index            string
	number           string
	issuer           int
	category         int
	genre            string
	keywords         []string
	summary          string
	draft            bool
	links            []string // index numbers this document links to
	attachments      []attachment
	schedule         []scheduleRow
	note             string
}

type attachment struct {
	title, file string
	size        int
}

type scheduleRow struct {
	months []int
	item   string
	owner  string
	day    int // day of the first month, 0 for none
}

// plan draws every document's metadata in one sequential pass, so that
// serial numbers are unique and links point only at published documents.
// Bodies are drawn later, per document, from a generator seeded by the
// document's position, so they can be written on every core.
func plan(opt Options) []*document {
	r := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	docs := make([]*document, opt.Docs)
	serial := make(map[[2]int]int)
	var published []int
	for i := range docs {
		d := &document{
			year:     FirstYear + r.IntN(Years),
			month:    1 + r.IntN(12),
			day:      1 + r.IntN(28),
			issuer:   r.IntN(len(issuerNames)),
			category: r.IntN(len(categories)),
			genre:    genres[r.IntN(len(genres))],
			draft:    r.IntN(100) == 0,
		}
		key := [2]int{d.issuer, d.year}
		serial[key]++
		d.index = fmt.Sprintf("%s/%d-%05d", issuerCode(d.issuer), d.year, serial[key])
		d.slug = fmt.Sprintf("%s-%d-%05d", categories[d.category].slug, d.year, i+1)
		act := activities[r.IntN(len(activities))]
		tmpl := titleTemplates[r.IntN(len(titleTemplates))]
		if strings.Contains(tmpl, "%d") {
			d.title = fmt.Sprintf(tmpl, d.year, act)
		} else {
			d.title = fmt.Sprintf(tmpl, act)
		}
		if r.IntN(3) > 0 {
			d.number = fmt.Sprintf("%s〔%d〕%d号", issuerNames[d.issuer].abbr, d.year, serial[key])
		}
		for k := r.IntN(4); k > 0; k-- {
			d.keywords = append(d.keywords, keywordList[r.IntN(len(keywordList))])
		}
		if r.IntN(2) == 0 {
			d.summary = fmt.Sprintf("%d年%s的安排和要求。", d.year, strings.NewReplacer("“", "", "”", "").Replace(act))
		}
		if r.IntN(4) == 0 {
			d.schedule = scheduleRows(r, d.year)
			d.note = "上述工作安排会根据实际情况进行调整"
		}
		if r.IntN(8) == 0 {
			for k := 1 + r.IntN(2); k > 0; k-- {
				n := len(d.attachments) + 1
				ext := []string{"pdf", "docx", "xlsx"}[r.IntN(3)]
				d.attachments = append(d.attachments, attachment{
					title: fmt.Sprintf("附件%d：%s", n, act),
					file:  fmt.Sprintf("files/%s-%d.%s", d.slug, n, ext),
					size:  2048 + r.IntN(30000),
				})
			}
		}
		if len(published) > 0 && r.IntN(10) == 0 {
			for k := 1 + r.IntN(2); k > 0; k-- {
				d.links = append(d.links, docs[published[r.IntN(len(published))]].index)
			}
		}
		if !d.draft {
			published = append(published, i)
		}
		docs[i] = d
	}
	return docs
}

func scheduleRows(r *rand.Rand, year int) []scheduleRow {
	n := 20 + r.IntN(41)
	rows := make([]scheduleRow, n)
	for i := range rows {
		m := 1 + i*12/n
		row := scheduleRow{
			months: []int{m},
			item:   fmt.Sprintf(scheduleItems[r.IntN(len(scheduleItems))], activities[r.IntN(len(activities))]),
		}
		if m < 12 && r.IntN(10) == 0 {
			row.months = append(row.months, m+1)
		}
		if r.IntN(4) > 0 {
			row.owner = owners[r.IntN(len(owners))]
		}
		if r.IntN(6) == 0 {
			row.day = 1 + r.IntN(28)
		}
		rows[i] = row
	}
	return rows
}

// issuerCode is a valid organization code (GB 11714) for issuer i.
func issuerCode(i int) string {
	body := fmt.Sprintf("%08d", 10001434+i*7919)
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for k := 0; k < 8; k++ {
		sum += int(body[k]-'0') * weights[k]
	}
	check := byte('0' + (11-sum%11)%11)
	if 11-sum%11 == 10 {
		check = 'X'
	}
	return body + "-" + string(check)
}

// body writes the document's Markdown: a greeting, sections with headings
// and paragraphs of realistic length, the links, and a signature.
func (d *document) body(seed uint64, pos int) string {
	r := rand.New(rand.NewPCG(seed, uint64(pos)+1))
	var b strings.Builder
	b.Grow(3000)
	b.WriteString(subjects[r.IntN(len(subjects))] + "：\n\n")
	b.WriteString(sentence(r) + sentence(r) + "\n\n")
	order := []string{"一", "二", "三", "四", "五"}
	heads := r.Perm(len(sectionHeads))
	for s := 0; s < 2+r.IntN(4); s++ {
		fmt.Fprintf(&b, "## %s、%s\n\n", order[s], sectionHeads[heads[s]])
		for p := 0; p < 1+r.IntN(3); p++ {
			for k := 0; k < 2+r.IntN(4); k++ {
				b.WriteString(sentence(r))
			}
			b.WriteString("\n\n")
		}
	}
	for i, idx := range d.links {
		fmt.Fprintf(&b, "详见[相关文件%d](index:%s)。", i+1, idx)
	}
	if len(d.links) > 0 {
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "%s\n\n%d年%d月%d日\n", issuerNames[d.issuer].name, d.year, d.month, d.day)
	return b.String()
}

func sentence(r *rand.Rand) string {
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	switch r.IntN(3) {
	case 0:
		return pick(connectives) + pick(subjects) + pick(actions) + pick(objects) + "，" + pick(purposes) + "。"
	case 1:
		return "围绕" + pick(objects) + "，" + fmt.Sprintf(pick(details), pick(numerals)) + "，" +
			fmt.Sprintf(pick(details), pick(numerals)) + "。"
	default:
		return pick(subjects) + "结合实际" + pick(actions) + pick(objects) + "和" + pick(objects) + "，" + pick(purposes) + "。"
	}
}

// parallelWrite calls write(0..n-1) on every core and returns the first error.
func parallelWrite(n int, write func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := write(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// writeFile writes data to dest/name, making its folder.
func writeFile(dest, name string, data []byte) error {
	p := filepath.Join(dest, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// attachmentData is filler of the attachment's size: the build copies
// attachments without looking inside.
func attachmentData(a attachment) []byte {
	line := []byte("gongkai corpus attachment " + a.file + "\n")
	out := make([]byte, 0, a.size+len(line))
	for len(out) < a.size {
		out = append(out, line...)
	}
	return out
}

// Write lays out a gongkai site in dest: config.toml, content/<year>/*.md,
// the attachments, and two plain pages. dest must be empty or missing.
func Write(dest string, opt Options) error {
	if err := checkEmpty(dest); err != nil {
		return err
	}
	docs := plan(opt)
	if err := writeFile(dest, "config.toml", []byte(config())); err != nil {
		return err
	}
	pages := map[string]string{
		"content/pages/guide.md": "+++\ntitle = \"信息公开指南\"\n+++\n本指南说明如何查阅本单位依法公开的信息。\n",
		"content/pages/about.md": "+++\ntitle = \"关于本站\"\n+++\n本站公开示范区教育工会及所属基层工会的计划、总结、通知和工作安排。\n",
	}
	for name, text := range pages {
		if err := writeFile(dest, name, []byte(text)); err != nil {
			return err
		}
	}
	return parallelWrite(len(docs), func(i int) error {
		d := docs[i]
		dir := fmt.Sprintf("content/%d/", d.year)
		if err := writeFile(dest, dir+d.slug+".md", []byte(d.markdown(opt.Seed, i))); err != nil {
			return err
		}
		for _, a := range d.attachments {
			if err := writeFile(dest, dir+a.file, attachmentData(a)); err != nil {
				return err
			}
		}
		return nil
	})
}

func checkEmpty(dest string) error {
	entries, err := os.ReadDir(dest)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty (give a new folder)", dest)
	}
	return nil
}

func config() string {
	var b strings.Builder
	b.WriteString("# A generated corpus for measuring the build.\n")
	b.WriteString("title = \"示范区教育工会信息公开\"\n")
	b.WriteString("description = \"示范区教育工会及所属基层工会依法公开的计划、总结、通知和工作安排。\"\n")
	b.WriteString("baseURL = \"https://example.org/gongkai/\"\n")
	b.WriteString("language = \"zh-CN\"\npage_size = 50\n")
	for _, c := range categories {
		fmt.Fprintf(&b, "\n[[categories]]\nname = %q\nslug = %q\n", c.name, c.slug)
	}
	for i, is := range issuerNames {
		fmt.Fprintf(&b, "\n[[issuers]]\nname = %q\nslug = %q\ncode = %q\n", is.name, is.slug, issuerCode(i))
	}
	return b.String()
}

// markdown is the document in gongkai's format.
func (d *document) markdown(seed uint64, pos int) string {
	var b strings.Builder
	b.Grow(4096)
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\nindex = %q\nissuer = %q\ndate = %04d-%02d-%02d\ncategory = %q\ngenre = %q\n",
		d.title, d.index, issuerNames[d.issuer].name, d.year, d.month, d.day, categories[d.category].name, d.genre)
	if d.number != "" {
		fmt.Fprintf(&b, "number = %q\n", d.number)
	}
	if len(d.keywords) > 0 {
		fmt.Fprintf(&b, "keywords = [%s]\n", quoteList(d.keywords))
	}
	if d.summary != "" {
		fmt.Fprintf(&b, "summary = %q\n", d.summary)
	}
	if d.draft {
		b.WriteString("draft = true\n")
	}
	if d.note != "" {
		fmt.Fprintf(&b, "schedule_note = %q\n", d.note)
	}
	for _, a := range d.attachments {
		fmt.Fprintf(&b, "\n[[attachments]]\ntitle = %q\nfile = %q\n", a.title, a.file)
	}
	for _, row := range d.schedule {
		b.WriteString("\n[[schedule]]\n")
		if len(row.months) == 1 {
			fmt.Fprintf(&b, "month = %d\n", row.months[0])
		} else {
			fmt.Fprintf(&b, "months = [%s]\n", intList(row.months))
		}
		fmt.Fprintf(&b, "item = %q\n", row.item)
		if row.owner != "" {
			fmt.Fprintf(&b, "owner = %q\n", row.owner)
		}
		if row.day != 0 {
			fmt.Fprintf(&b, "day = %04d-%02d-%02d\n", d.year, row.months[0], row.day)
		}
	}
	b.WriteString("+++\n")
	b.WriteString(d.body(seed, pos))
	return b.String()
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func intList(list []int) string {
	q := make([]string, len(list))
	for i, n := range list {
		q[i] = fmt.Sprint(n)
	}
	return strings.Join(q, ", ")
}
