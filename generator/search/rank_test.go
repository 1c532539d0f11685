package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestJSSearchMatchesReference runs random queries over a random corpus
// through search.js and holds each whole result list, in order, to a
// reference that applies the package documentation's ranking rules to
// referencePostings. The other ranking tests pin one criterion each; this
// one checks how the criteria combine, and counts how often each decides
// the order of two neighbours, so that a corpus that never reaches one of
// them fails instead of passing unseen. The tokens and exact numbers of
// a query are search.js's plan, which the tokenizer vectors check.
func TestJSSearchMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	docs := randomDocs(rng, 240)
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	qs := randomQueries(rng, docs, 120)
	res := runQueries(t, files, qs)
	ref, sorted := referencePostings(docs), newestFirst(docs)
	decided := map[string]int{}
	results := 0
	for i, q := range qs {
		want := referenceRank(sorted, ref, res[i].Req, res[i].Exact, q.F, decided)
		results += len(want)
		got := res[i].Top
		if !slices.Equal(got, want) {
			at := 0
			for at < min(len(got), len(want)) && got[at] == want[at] {
				at++
			}
			t.Errorf("%q %v (tokens %q, exact %q): %d results, %d in the reference; first difference at %d:\n got  %v\n want %v",
				q.Q, q.F, res[i].Req, res[i].Exact, len(got), len(want), at, got[at:min(at+3, len(got))], want[at:min(at+3, len(want))])
		}
		if res[i].Total != len(got) {
			t.Errorf("%q: total %d, %d listed", q.Q, res[i].Total, len(got))
		}
	}
	t.Logf("%d queries, %d results; neighbours ordered by %v", len(qs), results, decided)
	for _, c := range []string{"exact", "tokens", "title", "closeness", "date"} {
		if decided[c] < 5 {
			t.Errorf("the corpus lets %q decide the order of neighbours %d times; make it decide at least 5", c, decided[c])
		}
	}
}

var rankIssuers = []string{"示范区教育工会", "第一中学工会", "实验小学工会"}

var rankWords = strings.Fields(`工会 经费 福利 慰问 教师 培训 会议 计划 总结 审查 女工 权益 送温暖 职代会
	困难 帮扶 劳模 疗休养 体检 运动会 读书 青年 退休 法律 援助 安全 课题 竞赛 技能 文体 协会 志愿 服务 节日 心理 健康`)

// randomDocs makes n documents of five years whose titles, bodies,
// keywords and numbers are drawn from a few words, so that queries match
// many of them in every way the ranking tells apart.
func randomDocs(rng *rand.Rand, n int) []Document {
	filler := []string{"甲乙丙丁", "戊己庚辛", "子丑寅卯", "辰巳午未"}
	docs := make([]Document, n)
	for i := range docs {
		year := 2020 + rng.IntN(5)
		d := Document{
			URL:      fmt.Sprintf("archive/%d/d%03d/", year, i),
			Title:    words(rng, 1+rng.IntN(3), ""),
			Issuer:   rankIssuers[rng.IntN(len(rankIssuers))],
			Category: []string{"工作计划", "工作总结", "通知公告"}[rng.IntN(3)],
			Genre:    "通知",
			Date:     fmt.Sprintf("%d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28)),
			Year:     year,
		}
		if rng.IntN(3) == 0 {
			d.Number = fmt.Sprintf("示工〔%d〕%d号", year, 1+rng.IntN(6))
		}
		if rng.IntN(2) == 0 {
			d.Index = fmt.Sprintf("00001434-9/%d-%05d", year, 1+rng.IntN(30))
		}
		if rng.IntN(4) == 0 {
			d.Keywords = []string{words(rng, 1, "")}
		}
		var b strings.Builder
		for range 5 + rng.IntN(150) {
			switch rng.IntN(12) {
			case 0, 1:
				b.WriteString(words(rng, 1, ""))
			case 3:
				fmt.Fprintf(&b, "示工〔%d〕%d号", 2020+rng.IntN(5), 1+rng.IntN(6))
			default:
				b.WriteString(filler[rng.IntN(len(filler))])
			}
		}
		d.Body = b.String()
		docs[i] = d
	}
	return docs
}

// words joins k of rankWords drawn at random with sep.
func words(rng *rand.Rand, k int, sep string) string {
	w := make([]string, k)
	for i := range w {
		w[i] = rankWords[rng.IntN(len(rankWords))]
	}
	return strings.Join(w, sep)
}

// randomQueries makes n queries: words run together or apart, document
// and index numbers whole or in part, a year, mixed, some with filters.
func randomQueries(rng *rand.Rand, docs []Document, n int) []jsQuery {
	qs := make([]jsQuery, n)
	for i := range qs {
		d := &docs[rng.IntN(len(docs))]
		var q string
		switch rng.IntN(8) {
		case 0:
			q = d.Number
			if q == "" {
				q = fmt.Sprintf("〔%d〕%d号", d.Year, 1+rng.IntN(6))
			}
		case 1:
			q = d.Index
			if q == "" {
				q = strconv.Itoa(d.Year)
			}
		case 2:
			q = words(rng, 1, "") + " " + fmt.Sprintf("示工〔%d〕%d号", d.Year, 1+rng.IntN(6))
		case 3, 4:
			q = words(rng, 1+rng.IntN(4), "")
		default:
			q = words(rng, 2+rng.IntN(3), " ")
		}
		qs[i] = jsQuery{Q: q, Top: len(docs)}
		switch rng.IntN(6) {
		case 0:
			qs[i].F = map[string][]string{"year": {strconv.Itoa(d.Year)}}
		case 1:
			qs[i].F = map[string][]string{"category": {d.Category}, "issuer": {d.Issuer, rankIssuers[rng.IntN(len(rankIssuers))]}}
		}
	}
	return qs
}

// newestFirst is the documents in id order, as the package documentation
// numbers them.
func newestFirst(docs []Document) []*Document {
	sorted := make([]*Document, len(docs))
	for i := range docs {
		sorted[i] = &docs[i]
	}
	slices.SortFunc(sorted, compareDocs)
	return sorted
}

// referenceRank lists the URLs of the documents that match the tokens req
// (with the numbers exact) and pass the filters f, ranked by the package
// documentation's rules, from the reference postings. It counts in decided
// which rule ordered each two neighbours of the list.
func referenceRank(sorted []*Document, ref map[string]posting, req, exact []string, f map[string][]string, decided map[string]int) []string {
	n := len(sorted)
	type score struct {
		exact         bool
		tokens, title int
		sixths        [6]int
	}
	s := make([]score, n)
	for _, token := range req {
		p := ref[token]
		masked := p.carriesMasks(n)
		for i, id := range p.ids {
			s[id].tokens++
			s[id].title += int(p.flags[i]&flagTitle) + int(p.flags[i]&flagNumber)/flagNumber
			for j := range 6 {
				if !masked || p.masks[i]>>j&1 != 0 {
					s[id].sixths[j]++
				}
			}
		}
	}
	for _, token := range exact {
		p := ref[token]
		for i, id := range p.ids {
			if p.flags[i]&flagNumber != 0 {
				s[id].exact = true
			}
		}
	}
	// A match has half the tokens, rounded up, or an exact number; with
	// no tokens, a filter alone lists its documents.
	filtered := false
	for _, values := range f {
		filtered = filtered || len(values) > 0
	}
	matches := func(id int) bool {
		if len(req) == 0 {
			return filtered
		}
		return s[id].exact || s[id].tokens >= (len(req)+1)/2
	}
	var ids []int
	for id, d := range sorted {
		if !matches(id) {
			continue
		}
		pass := true
		for name, values := range f {
			pass = pass && slices.Contains(values, facetOf(d, name))
		}
		if pass {
			ids = append(ids, id)
		}
	}
	closeness := func(id int) int { return slices.Max(s[id].sixths[:]) }
	// Each rule in turn, with its name for the count.
	rules := []struct {
		name string
		cmp  func(a, b int) int
	}{
		{"exact", func(a, b int) int { return boolInt(s[b].exact) - boolInt(s[a].exact) }},
		{"tokens", func(a, b int) int { return s[b].tokens - s[a].tokens }},
		{"title", func(a, b int) int { return s[b].title - s[a].title }},
		{"closeness", func(a, b int) int { return closeness(b) - closeness(a) }},
		{"date", func(a, b int) int { return a - b }},
	}
	order := func(a, b int) (int, string) {
		for _, r := range rules {
			if c := r.cmp(a, b); c != 0 {
				return c, r.name
			}
		}
		return 0, ""
	}
	slices.SortFunc(ids, func(a, b int) int { c, _ := order(a, b); return c })
	urls := make([]string, len(ids))
	for i, id := range ids {
		urls[i] = sorted[id].URL
		if i > 0 {
			_, by := order(ids[i-1], id)
			decided[by]++
		}
	}
	return urls
}

// facetOf is a document's value of the facet name, as meta.js gives it.
func facetOf(d *Document, name string) string {
	switch name {
	case "year":
		return strconv.Itoa(d.Year)
	case "category":
		return d.Category
	case "issuer":
		return d.Issuer
	}
	return d.Genre
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
