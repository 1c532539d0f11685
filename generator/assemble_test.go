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
