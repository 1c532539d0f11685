package generator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestYearScheduleOrder checks the year's schedule against the order it
// promises, made with a stable sort: month, then span, then issuer in
// config order, then the documents oldest first and each one's own rows.
// Rows that share all three are many, so that the kept order is tested.
func TestYearScheduleOrder(t *testing.T) {
	cfg := &Config{Issuers: []Issuer{{Name: "甲"}, {Name: "乙"}, {Name: "丙"}}}
	other := &Issuer{Name: "不在配置中"} // ranks as the first, as a missing rank always has
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		var docs []*Document // newest first, as a year's list is
		for i := range 1 + r.IntN(40) {
			d := &Document{Path: fmt.Sprintf("d%d.md", i), Issuer: &cfg.Issuers[r.IntN(3)]}
			if r.IntN(10) == 0 {
				d.Issuer = other
			}
			for j := range r.IntN(6) {
				m := 1 + r.IntN(12)
				months := []int{m}
				if r.IntN(4) == 0 && m < 12 {
					months = append(months, m+1)
				}
				d.Schedule = append(d.Schedule, ScheduleRow{Months: months, Item: fmt.Sprintf("%s-%d", d.Path, j)})
			}
			docs = append(docs, d)
		}
		rank := func(is *Issuer) int {
			for i := range cfg.Issuers {
				if &cfg.Issuers[i] == is {
					return i
				}
			}
			return 0
		}
		var want []ScheduleEntry
		for i := len(docs) - 1; i >= 0; i-- {
			for j := range docs[i].Schedule {
				want = append(want, ScheduleEntry{ScheduleRow: &docs[i].Schedule[j], Doc: docs[i]})
			}
		}
		slices.SortStableFunc(want, func(a, b ScheduleEntry) int {
			if c := a.Months[0] - b.Months[0]; c != 0 {
				return c
			}
			if c := len(a.Months) - len(b.Months); c != 0 {
				return c
			}
			return rank(a.Doc.Issuer) - rank(b.Doc.Issuer)
		})
		got := yearSchedule(docs, cfg)
		if len(got) != len(want) {
			t.Fatalf("trial %d: %d rows, want %d", trial, len(got), len(want))
		}
		for i := range want {
			if got[i].ScheduleRow != want[i].ScheduleRow {
				t.Fatalf("trial %d: row %d is %q (months %v), want %q (months %v)", trial, i, got[i].Item, got[i].Months, want[i].Item, want[i].Months)
			}
		}
	}
}

// TestRefsCheckAgreesWithBuild: a link by path in a published body is
// written as a link to the file's copy exactly when check finds the
// file published, and is reported exactly when the build leaves it as
// written, for each way a file can be published or not.
func TestRefsCheckAgreesWithBuild(t *testing.T) {
	attach := func(files ...string) string {
		s := ""
		for _, f := range files {
			s += "[[attachments]]\nfile = \"" + f + "\"\n"
		}
		return s
	}
	fsys := mapSite(map[string]string{
		"content/2024/a.md": testDoc + "\n见[文件](b.md)、[草稿](d.md)、[指南](../pages/guide.md)、[没有](x.md)、" +
			"[甲](files/p.pdf)、[乙](files/q.pdf)、[丙](files/r.pdf)、[丁](files/s.pdf)、[自己的](files/own.pdf)。\n",
		"content/2024/b.md":          doc("2024-00001", "2024-00002", "+++\n各", attach("files/p.pdf", "files/s.pdf")+"+++\n各"),
		"content/2024/d.md":          doc("2024-00001", "2024-00003", "+++\n各", "draft = true\n"+attach("files/q.pdf", "files/s.pdf", "files/own.pdf")+"+++\n见[自己的](files/own.pdf)。"),
		"content/2024/c.md":          doc("2024-00001", "2024-00004", "+++\n各", attach("files/own.pdf")+"+++\n各"),
		"content/2024/files/p.pdf":   "%PDF",
		"content/2024/files/q.pdf":   "%PDF",
		"content/2024/files/r.pdf":   "%PDF",
		"content/2024/files/s.pdf":   "%PDF",
		"content/2024/files/own.pdf": "%PDF",
		"content/pages/guide.md":     "+++\ntitle = \"指南\"\n+++\n见[文件](../2024/b.md)、[草稿](../2024/d.md)与[乙](../2024/files/q.pdf)。\n",
	})
	site, probs := Prepare(fsys, Options{})
	a := Assemble(site)
	reported := map[[3]any]bool{}
	for _, p := range probs {
		reported[[3]any{p.Path, p.Line, p.Col}] = true
	}
	published, links := 0, 0
	agree := func(from string, own []*Attachment, refs []bodyRef) {
		for _, r := range refs {
			links++
			url := a.refURL(r.Target, own)
			if url != "" {
				published++
			}
			if got := reported[[3]any{from, r.Line, r.Col}]; got == (url != "") {
				t.Errorf("%s:%d:%d: %s: reported %v, linked to %q", from, r.Line, r.Col, r.Target, got, url)
			}
		}
	}
	for _, d := range a.Docs {
		agree(d.Path, d.Attachments, d.refs)
	}
	for _, pg := range a.Pages {
		agree(pg.Path, nil, pg.refs)
	}
	if links != 12 || published != 6 {
		t.Errorf("%d links, %d of them published; want 12 and 6:\n%v", links, published, probs)
	}
}
