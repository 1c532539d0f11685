package browsertest

import (
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A4 in CSS pixels, less the theme's @page margins (14mm top and bottom,
// 12mm left and right).
const (
	printWidth  = (210 - 2*12) / 25.4 * 96
	printHeight = (297 - 2*14) / 25.4 * 96
)

// TestPrintSchedule prints a document's work schedule to PDF as a reader's
// browser would, and reads the PDF back: A4, the header row on every page,
// no row split across two pages, the title and index number on the first
// page, and nothing of the navigation.
func TestPrintSchedule(t *testing.T) {
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	s := sites(t).sites["root"]
	p := tab(t)
	p.open(s.base + "archive/2024/gongzuo-yaodian-2024/schedule/")
	items := eval[[]string](p, `[...document.querySelectorAll(".schedule tbody td.col-item")].map(td => td.firstChild.textContent)`)
	head := eval[[]string](p, `[...document.querySelectorAll(".schedule thead th")].map(th => th.textContent)`)
	facts := eval[[]string](p, `[document.querySelector("h1").textContent, document.querySelector(".sheet-facts").textContent]`)
	navOnly := eval[[]string](p, navOnlyTexts)
	if len(items) < 20 || len(head) < 4 {
		t.Fatalf("the schedule has %d rows and %d columns; the example archive's 2024 plan should have 30 and 4", len(items), len(head))
	}

	pages := printPDF(t, p, pdftotext)
	if len(pages) < 2 {
		t.Fatalf("the schedule printed on %d page; the example's 30 rows should need two, so the header row could be checked", len(pages))
	}
	index := regexp.MustCompile(`\d{8}-[0-9X]/\d{4}-\d{5}`).FindString(facts[1])
	first := pages[0].text()
	for _, want := range []string{squeeze(facts[0]), index} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 does not show %q", want)
		}
	}
	for n, pg := range pages {
		if !pg.hasRow(head) {
			t.Errorf("page %d has no header row %v", n+1, head)
		}
		for _, text := range navOnly {
			if strings.Contains(pg.text(), text) {
				t.Errorf("page %d shows %q, which only the navigation has", n+1, text)
			}
		}
	}
	// Every item's text must be whole on one page; a row split across
	// two pages leaves part of it on each.
	columns := pages[0].columnStarts(head)
	for _, item := range items {
		item = squeeze(item)
		on := 0
		for _, pg := range pages {
			if strings.Contains(pg.column(columns[2], columns[3]), item) {
				on++
			}
		}
		if on != 1 {
			t.Errorf("row %q is whole on %d pages, want 1 (split across pages?)", item, on)
		}
	}

	// The same in print emulation, by the rows' boxes: each row fits on a
	// page, the table header repeats, rows and months do not break, and
	// the navigation takes no space.
	p.media("print")
	p.viewport(int64(math.Round(printWidth)), int64(math.Round(printHeight)))
	defer p.media("")
	boxes := eval[printBoxes](p, printBoxesJS)
	if boxes.Rows < len(items) {
		t.Errorf("print emulation shows %d rows, want %d", boxes.Rows, len(items))
	}
	if boxes.TallestRow > printHeight {
		t.Errorf("a row is %.0fpx high, taller than a page (%.0fpx)", boxes.TallestRow, printHeight)
	}
	if boxes.Thead != "table-header-group" {
		t.Errorf("the schedule's header has display %q, want table-header-group (repeated on every page)", boxes.Thead)
	}
	if boxes.RowBreak != "avoid" || boxes.GroupBreak != "avoid" {
		t.Errorf("rows break-inside %q and months break-inside %q, want avoid", boxes.RowBreak, boxes.GroupBreak)
	}
	for _, shown := range boxes.Shown {
		t.Errorf("printing shows %s", shown)
	}
	if !boxes.Title || !boxes.Facts {
		t.Errorf("printing hides the title (%v) or the index number (%v)", boxes.Title, boxes.Facts)
	}
}

// TestPrintDocument prints a document page: its metadata table, title and
// body, without the navigation.
func TestPrintDocument(t *testing.T) {
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	s := sites(t).sites["root"]
	p := tab(t)
	p.open(s.base + "archive/2024/gongzuo-yaodian-2024/")
	meta := eval[[]string](p, `[...document.querySelectorAll(".doc-meta th, .doc-meta td")].map(c => c.textContent)`)
	title := eval[string](p, `document.querySelector("h1").textContent`)
	body := eval[[]string](p, `[...document.querySelectorAll(".doc-body p")].map(p => p.textContent)`)
	navOnly := eval[[]string](p, navOnlyTexts)
	pages := printPDF(t, p, pdftotext)
	var all strings.Builder
	for _, pg := range pages {
		all.WriteString(pg.text())
	}
	text := all.String()
	for _, want := range append(append(meta, title), body...) {
		if w := squeeze(want); w != "" && !strings.Contains(text, w) {
			t.Errorf("the printed document lacks %q", want)
		}
	}
	for _, nav := range navOnly {
		if strings.Contains(text, nav) {
			t.Errorf("the printed document shows %q, which only the navigation has", nav)
		}
	}
	if !pages[0].hasRow(meta[:4]) {
		t.Errorf("the metadata table does not start the first page as a table: no line with %v", meta[:4])
	}
}

// navOnlyTexts are the texts of the page's navigation, controls and
// footer that its printable content does not also contain.
const navOnlyTexts = `(() => {
	const squeeze = s => s.replace(/\s+/g, "");
	const main = document.querySelector("main").cloneNode(true);
	main.querySelectorAll(".no-print, .prev-next, .pager").forEach(e => e.remove());
	const content = squeeze(main.textContent);
	const texts = new Set();
	document.querySelectorAll(".skip-link, header a, header button, header label, .crumbs li, footer a, footer p, main .no-print a, main .no-print button, .prev-next a").forEach(e => {
		const t = squeeze(e.textContent);
		if (t.length >= 2 && !content.includes(t)) texts.add(t);
	});
	return [...texts];
})()`

type printBoxes struct {
	Rows         int
	TallestRow   float64
	Thead        string
	RowBreak     string
	GroupBreak   string
	Shown        []string
	Title, Facts bool
}

const printBoxesJS = `(() => {
	const rows = [...document.querySelectorAll(".schedule tbody tr")];
	const visible = e => e && e.getClientRects().length > 0 && e.getBoundingClientRect().height > 0;
	const shown = [];
	for (const sel of [".site-header", ".site-nav", ".site-search", ".display-tools", ".crumbs", ".site-footer", ".skip-link", ".no-print", "button"]) {
		document.querySelectorAll(sel).forEach(e => { if (visible(e)) shown.push(sel); });
	}
	return {
		Rows: rows.length,
		TallestRow: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
		Thead: getComputedStyle(document.querySelector(".schedule thead")).display,
		RowBreak: getComputedStyle(rows[0]).breakInside,
		GroupBreak: getComputedStyle(document.querySelector(".schedule tbody")).breakInside,
		Shown: shown,
		Title: visible(document.querySelector("h1")),
		Facts: visible(document.querySelector(".sheet-facts")),
	};
})()`

// printPDF prints the open page as the browser's print dialog would with
// the page's own size, checks that the paper is A4, and reads the text of
// each page back with pdftotext.
func printPDF(t *testing.T, p *page, pdftotext string) []pdfPage {
	t.Helper()
	pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "print.pdf")
	if dir := os.Getenv("GONGKAI_SCREENSHOTS"); dir != "" {
		name = filepath.Join(dir, strings.TrimPrefix(t.Name(), "TestPrint")+".pdf")
	}
	if err := os.WriteFile(name, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-bbox", name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var doc struct {
		Pages []pdfPage `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("reading pdftotext's output: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatal("the PDF has no pages")
	}
	for i, pg := range doc.Pages {
		// A4 is 595.28 × 841.89 points; Chromium rounds to whole pixels.
		if math.Abs(pg.Width-595.3) > 1.5 || math.Abs(pg.Height-841.9) > 1.5 {
			t.Errorf("page %d is %.1f × %.1f points, not A4 portrait", i+1, pg.Width, pg.Height)
		}
	}
	return doc.Pages
}

// pdfPage is one page of pdftotext -bbox: its words with their boxes, in
// points from the top left.
type pdfPage struct {
	Width  float64   `xml:"width,attr"`
	Height float64   `xml:"height,attr"`
	Words  []pdfWord `xml:"word"`
}

type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// text is the page's words in reading order, without spaces.
func (pg pdfPage) text() string {
	words := append([]pdfWord(nil), pg.Words...)
	sort.SliceStable(words, func(i, j int) bool {
		if math.Abs(words[i].YMin-words[j].YMin) > 2 {
			return words[i].YMin < words[j].YMin
		}
		return words[i].XMin < words[j].XMin
	})
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w.Text)
	}
	return b.String()
}

// hasRow reports whether the page has a line with the given words in
// order from left to right.
func (pg pdfPage) hasRow(cells []string) bool {
	for _, first := range pg.Words {
		if first.Text != squeeze(cells[0]) {
			continue
		}
		x, found := first.XMax, 1
		for _, c := range cells[1:] {
			for _, w := range pg.Words {
				if w.Text == squeeze(c) && math.Abs(w.YMin-first.YMin) < 3 && w.XMin >= x {
					x, found = w.XMax, found+1
					break
				}
			}
		}
		if found == len(cells) {
			return true
		}
	}
	return false
}

// columnStarts gives the left edge of each header cell's text.
func (pg pdfPage) columnStarts(head []string) []float64 {
	xs := make([]float64, len(head))
	for i, h := range head {
		for _, w := range pg.Words {
			if w.Text == squeeze(h) {
				xs[i] = w.XMin
				break
			}
		}
	}
	return xs
}

// column is the text of the words that start between two x positions, top
// to bottom: one column of the table.
func (pg pdfPage) column(from, to float64) string {
	var words []pdfWord
	for _, w := range pg.Words {
		if w.XMin >= from-1 && w.XMin < to-1 {
			words = append(words, w)
		}
	}
	return pdfPage{Words: words}.text()
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }
