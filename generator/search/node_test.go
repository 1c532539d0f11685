package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const searchJS = "../../static/search.js"

func nodePath(t *testing.T) string {
	path, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the search.js tests: apt-get install nodejs")
		}
		t.Skip("node not found; to run the search.js tests: apt-get install nodejs")
	}
	return path
}

func TestJSVectors(t *testing.T) {
	out, err := exec.Command(nodePath(t), "testdata/run.js", "vectors", searchJS, vectorsFile).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}

type jsQuery struct {
	Q      string              `json:"q"`
	F      map[string][]string `json:"f,omitempty"`
	Want   string              `json:"want,omitempty"`
	Top    int                 `json:"top,omitempty"`
	Counts bool                `json:"counts,omitempty"`
}

type jsResult struct {
	Total  int                             `json:"total"`
	Top    []string                        `json:"top"`
	Rank   int                             `json:"rank"`
	Counts map[string][][2]json.RawMessage `json:"counts"`
	Req    []string                        `json:"req"`
	Exact  []string                        `json:"exact"`
}

// runQueries runs search.js's search over the built files under node.
func runQueries(t *testing.T, files map[string][]byte, qs []jsQuery) []jsResult {
	node := nodePath(t)
	in := map[string]any{"files": stringFiles(files), "queries": qs}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/run.js", "query", searchJS)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var res []jsResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if len(res) != len(qs) {
		t.Fatalf("%d results for %d queries", len(res), len(qs))
	}
	return res
}

func stringFiles(files map[string][]byte) map[string]string {
	m := make(map[string]string, len(files))
	for k, v := range files {
		m[k] = string(v)
	}
	return m
}

// searchCorpus is a small generated corpus plus documents around one
// document number and index number.
func searchCorpus() []Document {
	docs := newCorpus().docs(300, 400)
	return append(docs,
		Document{
			URL: "archive/2018/jiaoyu-gonghui-yaodian/", Title: "关于印发2018年教育工会工作要点的通知",
			Index: "00001434-9/2018-00055", Number: "徐工教〔2018〕2号", Issuer: "示范区教育工会",
			Category: "年度计划总结", Genre: "通知", Date: "2018-03-01", Year: 2018,
			Body: "各基层工会：现将2018年教育工会工作要点印发给你们，请结合实际认真贯彻落实。",
		},
		Document{
			URL: "archive/2018/other-number/", Title: "关于开展教职工摄影比赛的通知",
			Index: "71781755-2/2018-00056", Number: "示教局〔2018〕2号", Issuer: "示范区教育局",
			Category: "文体活动", Genre: "通知", Date: "2018-05-02", Year: 2018,
			Body: "根据徐工教〔2018〕2号文件精神和索引号00001434-9/2018-00055的要求，开展摄影比赛。",
		},
		Document{
			URL: "archive/2019/cites/", Title: "关于落实徐工教〔2018〕2号文件的报告",
			Index: "00001434-9/2019-00007", Number: "徐工教〔2019〕7号", Issuer: "示范区教育工会",
			Category: "通知公告", Genre: "报告", Date: "2019-01-10", Year: 2019,
			Body: "徐工教［2018］2号 2018-00055 已经落实。",
		},
		Document{
			URL: "archive/2020/words/", Title: "Constructor toString 说明", Issuer: "示范区教育局",
			Date: "2020-01-01", Year: 2020, Body: "hasOwnProperty valueOf",
		},
	)
}

func TestJSSearchNumbers(t *testing.T) {
	files, err := Build(searchCorpus())
	if err != nil {
		t.Fatal(err)
	}
	const want = "archive/2018/jiaoyu-gonghui-yaodian/"
	var qs []jsQuery
	for _, q := range []string{"徐工教[2018]2号", "徐工教〔2018〕2号", "徐工教［2018］2号", "2018-00055",
		"00001434-9/2018-00055", "徐工教 (2018) 2 号", "00001434-9 / 2018-00055"} {
		qs = append(qs, jsQuery{Q: q, Want: want})
	}
	for _, q := range []string{"constructor", "toString", "hasownproperty valueof"} {
		qs = append(qs, jsQuery{Q: q, Want: "archive/2020/words/"})
	}
	for i, r := range runQueries(t, files, qs) {
		if r.Rank != 0 {
			t.Errorf("%q: %s at rank %d, top %q (looked up %q)", qs[i].Q, want, r.Rank, r.Top, r.Req)
		}
	}
}

func TestJSSearchTitleBigrams(t *testing.T) {
	docs := searchCorpus()
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	var qs []jsQuery
	for _, d := range docs {
		title := []rune(d.Title)
		seen := map[string]bool{}
		for i := 0; i+2 <= len(title); i++ {
			sub := string(title[i : i+2])
			if req, _, _ := planTokens(sub); len(req) == 0 || seen[sub] {
				continue
			}
			seen[sub] = true
			qs = append(qs, jsQuery{Q: sub, Want: d.URL})
		}
	}
	res := runQueries(t, files, qs)
	bad := 0
	for i, r := range res {
		if r.Rank < 0 {
			if bad++; bad < 10 {
				t.Errorf("%q does not find %s", qs[i].Q, qs[i].Want)
			}
		}
	}
	t.Logf("%d title bigram queries", len(qs))
}

// contains reports whether d has each of the Han strings in an indexed field.
func contains(d *Document, s string) bool {
	all := strings.Join(append([]string{d.Title, d.Number, d.Index, d.Issuer, d.Category, d.Body}, d.Keywords...), "\n")
	return strings.Contains(all, s)
}

func TestJSSearchRankingAndFilters(t *testing.T) {
	docs := searchCorpus()
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]*Document{}
	for i := range docs {
		byURL[docs[i].URL] = &docs[i]
	}
	qs := []jsQuery{
		{Q: "工会 经费", Top: 1000},
		{Q: "工会", F: map[string][]string{"year": {"2024"}, "genre": {"通知", "计划"}}, Counts: true, Top: 1000},
		{Q: "", F: map[string][]string{"category": {"通知公告"}}, Top: 1000},
	}
	res := runQueries(t, files, qs)

	// Documents with every token come first.
	r := res[0]
	both, seenOne := 0, false
	for _, u := range r.Top {
		d := byURL[u]
		all := contains(d, "工会") && contains(d, "经费")
		if all && seenOne {
			t.Errorf("%s has both tokens but comes after a document with one", u)
		}
		if all {
			both++
		} else {
			seenOne = true
		}
	}
	nBoth, nAny := 0, 0
	for i := range docs {
		a, b := contains(&docs[i], "工会"), contains(&docs[i], "经费")
		if a && b {
			nBoth++
		}
		if a || b {
			nAny++
		}
	}
	if both != nBoth || r.Total != nAny {
		t.Errorf("工会 经费: %d with both (want %d), %d in all (want %d)", both, nBoth, r.Total, nAny)
	}

	// Filter counts: for each facet, over the matches that the filters of
	// the other facets let through.
	r = res[1]
	f := qs[1].F
	passes := func(d *Document, skip string) bool {
		for name, vals := range f {
			if name != skip && !slices.Contains(vals, facetOf(d, name)) {
				return false
			}
		}
		return true
	}
	total := 0
	for _, name := range []string{"year", "category", "issuer", "genre"} {
		want := map[string]int{}
		for i := range docs {
			d := &docs[i]
			if contains(d, "工会") && passes(d, name) {
				want[facetOf(d, name)]++
			}
		}
		got := map[string]int{}
		for _, c := range r.Counts[name] {
			var v string
			var n int
			json.Unmarshal(c[0], &v)
			json.Unmarshal(c[1], &n)
			got[v] = n
		}
		for _, v := range f[name] {
			if _, ok := want[v]; !ok {
				want[v] = 0
			}
		}
		if !mapsEqual(got, want) {
			t.Errorf("counts of %s: got %v, want %v", name, got, want)
		}
	}
	for i := range docs {
		if contains(&docs[i], "工会") && passes(&docs[i], "") {
			total++
		}
	}
	if r.Total != total {
		t.Errorf("filtered total %d, want %d", r.Total, total)
	}

	// A filter alone lists its documents newest first.
	r = res[2]
	n := 0
	for i := range docs {
		if docs[i].Category == "通知公告" {
			n++
		}
	}
	if r.Total != n {
		t.Errorf("category filter: %d documents, want %d", r.Total, n)
	}
	for i := 1; i < len(r.Top); i++ {
		if a, b := byURL[r.Top[i-1]], byURL[r.Top[i]]; compareDocs(a, b) > 0 {
			t.Errorf("%s listed before the newer %s", a.URL, b.URL)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestDocFileFolders builds 2,500 documents: each document's file is
// d/<id/1000>/<id>.js, no folder of d/ holds more than 1,000 files (a
// FAT32 USB stick refuses a folder of about 32,000), and search.js finds
// the file of every document by the name it gives it, in the last folder
// as in the first.
func TestDocFileFolders(t *testing.T) {
	docs := newCorpus().docs(2500, 20)
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	perFolder := map[string]int{}
	ids := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "d/") {
			continue
		}
		ids++
		folder, base, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
		perFolder[folder]++
		id, err := strconv.Atoi(strings.TrimSuffix(base, ".js"))
		if err != nil || !bytes.HasPrefix(data, []byte(callback+`("d",`+strconv.Itoa(id)+`,`)) {
			t.Fatalf("%s holds %.40q", name, data)
		}
		if want := strconv.Itoa(id / 1000); folder != want {
			t.Errorf("%s: want it in d/%s/", name, want)
		}
	}
	if ids != len(docs) {
		t.Fatalf("%d document files for %d documents", ids, len(docs))
	}
	want := map[string]int{"0": 1000, "1": 1000, "2": 500}
	if !maps.Equal(perFolder, want) {
		t.Errorf("files per folder of d/: %v, want %v", perFolder, want)
	}

	// The oldest year's documents have the highest ids, all in d/2/. An
	// empty query finds nothing without a filter, so every year is
	// filtered for; the driver reads each result's URL from its file.
	years := []string{}
	for y := 2014; y <= 2025; y++ {
		years = append(years, strconv.Itoa(y))
	}
	res := runQueries(t, files, []jsQuery{{F: map[string][]string{"year": years}, Top: len(docs)}})
	if res[0].Total != len(docs) || len(res[0].Top) != len(docs) {
		t.Fatalf("found %d documents (%d URLs), want %d", res[0].Total, len(res[0].Top), len(docs))
	}
	got := slices.Sorted(slices.Values(res[0].Top))
	var urls []string
	for i := range docs {
		urls = append(urls, docs[i].URL)
	}
	if slices.Sort(urls); !slices.Equal(got, urls) {
		t.Error("the URLs search.js read from the document files are not the documents'")
	}
}

// TestJSSearchCloseness checks the ranking's fourth criterion, closeness
// (the most query tokens in one sixth of a document's text), with tokens
// in more than half the documents, whose postings carry no sixths (they
// count in every sixth), beside tokens in a few. Three documents have
// three of the four tokens, none in its title:
//
//   - z, the newest: 工会 (in every sixth), and 福利 and 慰问 far apart,
//     in the first and the last sixth: 2 in its closest sixth;
//   - y: 工会 and 经费 (each in every sixth) and 福利: 3;
//   - x, the oldest: 工会, and 福利慰问 together: 3.
//
// y and x are as close as each other, so the newer y comes first; z,
// though newest, comes after both. Ten more documents, with 工会 and 经费
// only, come after them.
func TestJSSearchCloseness(t *testing.T) {
	docs := []Document{
		fillerDoc("z", "2024-03-01", map[int]string{3: "福利", 30: "工会", 92: "慰问"}),
		fillerDoc("y", "2024-02-01", map[int]string{10: "工会", 50: "经费", 70: "福利"}),
		fillerDoc("x", "2024-01-01", map[int]string{10: "工会", 40: "福利慰问"}),
	}
	for i := range 10 {
		d := fillerDoc(fmt.Sprintf("f%d", i), fmt.Sprintf("2023-01-%02d", i+1), map[int]string{20: "工会", 60: "经费"})
		d.Year = 2023
		docs = append(docs, d)
	}
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	r := runQueries(t, files, []jsQuery{{Q: "工会 经费 福利 慰问", Top: 20}})[0]
	want := []string{"archive/y/", "archive/x/", "archive/z/"}
	if r.Total != 13 || len(r.Top) < 3 || !slices.Equal(r.Top[:3], want) {
		t.Errorf("工会 经费 福利 慰问: %d results, first %v; want 13, first %v", r.Total, r.Top, want)
	}
}

// fillerDoc is a document of 2024 whose body is 100 units of filler text
// with each word put after the given number of units.
func fillerDoc(slug, date string, words map[int]string) Document {
	var b strings.Builder
	for u := range 100 {
		if w, ok := words[u]; ok {
			b.WriteString(w)
		}
		b.WriteString("甲乙丙丁戊己庚辛")
	}
	return Document{URL: "archive/" + slug + "/", Title: "文件" + slug, Issuer: "示范区教育局", Category: "其他",
		Genre: "通知", Date: date, Year: 2024, Body: b.String()}
}

// TestJSSearchTitleAndNumberFirst checks the ranking's first and third
// criteria, which the postings' flags carry: of two documents with every
// token of a query, the older one comes first when the query is in its
// title, or is its document number, and only in the other's body.
func TestJSSearchTitleAndNumberFirst(t *testing.T) {
	titled := fillerDoc("titled", "2024-01-01", map[int]string{50: "工作要点"})
	titled.Title = "2024年工作要点"
	numbered := fillerDoc("numbered", "2024-01-02", map[int]string{50: "徐工教〔2018〕2号"})
	numbered.Number = "徐工教〔2018〕2号"
	docs := []Document{
		titled,
		fillerDoc("body", "2024-02-01", map[int]string{20: "工作要点", 60: "徐工教〔2018〕2号"}),
		numbered,
	}
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runQueries(t, files, []jsQuery{{Q: "工作要点", Top: 5}, {Q: "徐工教〔2018〕2号", Top: 5}}) {
		want := []string{"archive/titled/", "archive/numbered/"}[i]
		if len(r.Top) < 2 || r.Top[0] != want {
			t.Errorf("query %d: %v, want %s first", i, r.Top, want)
		}
	}
}
