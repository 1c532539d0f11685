package browsertest

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gongkai/gongkai"
)

// searchQuery finds the example archive's three 工作要点 plans, of 2022,
// 2023 and 2024, among others.
const searchQuery = "工作要点"

// searchDone is true once the search page has shown all the results of a
// query, or said that it failed: the list is aria-busy until then, and
// the status is empty before a query.
const searchDone = `(document.getElementById("search-results").getAttribute("aria-busy") === "false" && document.getElementById("search-status").textContent !== "")`

// TestSearch types a query as a reader would, from the search box in the
// header of the home page and on the search page, checks the results and
// that a filter narrows them, over HTTP and from a disk (file://) with an
// offline build.
func TestSearch(t *testing.T) {
	if _, err := fs.Stat(gongkai.Theme, "static/search.js"); err != nil {
		t.Skip("search.js not present")
	}
	e := sites(t)
	for _, name := range []string{"root", "sub"} {
		t.Run("http-"+name, func(t *testing.T) { searchOverHTTP(t, e.sites[name]) })
	}
	t.Run("file-offline", func(t *testing.T) {
		s := e.sites["root-offline"]
		p := tab(t)
		p.open((&url.URL{Scheme: "file", Path: filepath.ToSlash(s.dir) + "/search/index.html"}).String())
		p.do(chromedp.Focus(chromedp.ID("q")))
		p.press(searchQuery + kb.Enter)
		waitFor(p, searchDone)
		checkSearch(t, p, func(u string) bool {
			parsed, err := url.Parse(u)
			if err != nil || parsed.Scheme != "file" {
				return false
			}
			fi, err := os.Stat(filepath.FromSlash(parsed.Path))
			return err == nil && !fi.IsDir()
		})
	})
}

type searchState struct {
	Status  string
	Results []string // the results' links
	Years   []string // the values of the year filter
}

const readSearch = `({
	Status: document.getElementById("search-status").textContent,
	Results: [...document.querySelectorAll("#search-results li a")].map(a => a.href),
	Years: [...document.querySelectorAll("#search-filters input[name=year]")].map(i => i.value),
})`

// checkSearch checks the results of searchQuery on the open search page,
// then narrows them by year.
func checkSearch(t *testing.T, p *page, exists func(string) bool) {
	t.Helper()
	st := eval[searchState](p, readSearch)
	if len(st.Results) < 3 {
		t.Fatalf("searching %q found %d results (status %q), want the three work plans at least", searchQuery, len(st.Results), st.Status)
	}
	for _, u := range st.Results {
		if !exists(u) {
			t.Errorf("a result links to %s, which does not open", u)
		}
	}
	if !containsAll(st.Results, "gongzuo-yaodian-2024", "gongzuo-yaodian-2023", "gongzuo-yaodian-2022") {
		t.Errorf("the results lack a work plan: %v", st.Results)
	}
	if len(st.Years) < 2 {
		t.Fatalf("the year filter offers %v, want two years or more", st.Years)
	}
	// Tick 2024 from the keyboard: focus the box and press Space.
	p.do(chromedp.Focus(chromedp.CSS(`#search-filters input[name=year][value="2024"]`)))
	p.press(" ")
	waitFor(p, `document.querySelector('#search-filters input[name=year][value="2024"]').checked && `+searchDone)
	narrowed := eval[searchState](p, readSearch)
	if len(narrowed.Results) == 0 || len(narrowed.Results) >= len(st.Results) {
		t.Errorf("the 2024 filter left %d of %d results", len(narrowed.Results), len(st.Results))
	}
	for _, u := range narrowed.Results {
		if !strings.Contains(u, "/archive/2024/") {
			t.Errorf("with the 2024 filter, a result is %s", u)
		}
	}
}

// waitFor polls a condition in the page until it holds, for up to 20
// seconds. An error of one poll (the page may be between two documents)
// is tried again.
func waitFor(p *page, cond string) {
	p.t.Helper()
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if ok, err = chromedp.Run(p.ctx, chromedp.Evaluate[bool]("!!("+cond+")")); err == nil && ok {
			return
		}
	}
	st, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById("search-status") ? document.getElementById("search-status").textContent : location.href`))
	p.t.Fatalf("waiting for %s: last error %v (page says %q)", cond, err, st)
}

func containsAll(list []string, subs ...string) bool {
	for _, s := range subs {
		found := false
		for _, l := range list {
			if strings.Contains(l, s) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// metaFetches lists what fetched the search data's meta.js, once per fetch.
const metaFetches = `performance.getEntriesByType("resource").filter(e => /\/search\/meta\.js(\?|$)/.test(e.name)).map(e => e.initiatorType)`

// searchOverHTTP searches from the header box of the home page of a site
// served over HTTP, at the domain root or under a sub-path.
func searchOverHTTP(t *testing.T, s *site) {
	p := tab(t)
	p.open(s.base)
	// The header's search box leads to the search page with the query.
	p.do(chromedp.Focus(chromedp.ID("site-q")))
	p.press(searchQuery)
	if _, err := chromedp.Run(p.ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatal(err)
	}
	waitFor(p, `location.pathname.endsWith("/search/") && `+searchDone)
	// The page has the browser fetch meta.js beside the page script; the
	// script must take that copy rather than ask for it again.
	if got := eval[[]string](p, metaFetches); len(got) != 1 || got[0] != "link" {
		t.Errorf("meta.js was fetched by %q, want once, by the page's preload (\"link\")", got)
	}
	checkSearch(t, p, func(u string) bool {
		resp, err := http.Get(u)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// TestSearchResultOrder searches a generated archive of 80 documents
// twice: once as it is served, and once from a server that answers the
// result files of a page in the reverse of the order they were asked for,
// so that the page gets the last of its 20 results first. Both must list
// the same results in the same order (the page shows each result once those
// ranked before it have come), and "More results" must add the next 20.
func TestSearchResultOrder(t *testing.T) {
	var asked atomic.Int64
	reverse := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/search/d/") {
				// The k-th file asked for waits (20-k%20)×15 ms.
				k := asked.Add(1) - 1
				time.Sleep(time.Duration(20-k%20) * 15 * time.Millisecond)
			}
			h.ServeHTTP(w, r)
		})
	}
	dir := generatedSite(t, 80)
	plain := serveAt(t, staticSite(dir, "/"))
	slow := serveAt(t, reverse(staticSite(dir, "/")))
	const query = "search/?q=%E5%B7%A5%E4%BC%9A" // 工会, in most documents
	p := tab(t)
	p.open(plain + query)
	waitFor(p, searchDone)
	want := eval[searchState](p, readSearch).Results
	if len(want) != 20 {
		t.Fatalf("the first page lists %d results, want 20", len(want))
	}
	p.open(slow + query)
	waitFor(p, searchDone)
	got := eval[searchState](p, readSearch).Results
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], strings.TrimSuffix(slow, "/"))
	}
	for i := range want {
		want[i] = strings.TrimPrefix(want[i], strings.TrimSuffix(plain, "/"))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("with the result files coming in reverse order, the page lists\n%v\nwant\n%v", got, want)
	}
	if asked.Load() < 20 {
		t.Fatalf("the slow server was asked for %d result files, want 20", asked.Load())
	}
	// More results: 20 more, after the first 20, none twice.
	p.do(chromedp.Click(chromedp.CSS(".search-more")))
	waitFor(p, `document.querySelectorAll("#search-results li").length === 40 && `+searchDone)
	more := eval[searchState](p, readSearch).Results
	seen := map[string]bool{}
	for i, u := range more {
		if seen[u] {
			t.Errorf("%s is listed twice", u)
		}
		seen[u] = true
		if i < 20 && strings.TrimPrefix(u, strings.TrimSuffix(slow, "/")) != want[i] {
			t.Errorf("after More results, result %d is %s, want %s", i+1, u, want[i])
		}
	}
}

// TestSearchShardsBesideMeta serves a generated archive whose meta.js
// takes 300 ms to come. A reader arriving at /search/?q=… must have the
// query's shards asked for before meta.js has come, by the number of
// shards the page carries, and get the results a fast server gives. A
// page whose number is wrong (one older than its index) must still give
// those results.
func TestSearchShardsBesideMeta(t *testing.T) {
	dir := generatedSite(t, 80)
	page, err := os.ReadFile(filepath.Join(dir, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`data-shards="(\d+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal(`the search page has no data-shards="…"`)
	}
	shards, _ := strconv.Atoi(string(m[1]))
	if shards < 2 {
		t.Fatalf("the archive has %d shards: the test needs more than one", shards)
	}
	wrong := bytes.Replace(page, m[0], []byte(fmt.Sprintf(`data-shards="%d"`, shards*2)), 1)
	slow := func(searchPage []byte) http.Handler {
		h := staticSite(dir, "/")
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/search/meta.js":
				time.Sleep(300 * time.Millisecond)
			case "/search/":
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(searchPage)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	const query = "search/?q=%E6%95%99%E8%81%8C%E5%B7%A5" // 教职工
	p := tab(t)
	results := func(base string) []string {
		p.open(base + query)
		waitFor(p, searchDone)
		got := eval[searchState](p, readSearch).Results
		for i := range got {
			got[i] = strings.TrimPrefix(got[i], strings.TrimSuffix(base, "/"))
		}
		return got
	}
	want := results(serveAt(t, staticSite(dir, "/")))
	if len(want) == 0 {
		t.Fatal("the query found nothing")
	}
	// When each shard was asked for, and when meta.js had come, in the
	// page's clock.
	type timing struct {
		Shards []float64
		Meta   float64
	}
	const timings = `({
		Shards: performance.getEntriesByType("resource").filter(e => e.name.includes("/search/s/")).map(e => e.startTime),
		Meta: performance.getEntriesByType("resource").find(e => e.name.endsWith("/search/meta.js")).responseEnd,
	})`
	for _, tc := range []struct {
		name   string
		page   []byte
		before bool // the shards are asked for before meta.js has come
	}{
		{"right", page, true},
		{"wrong", wrong, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := results(serveAt(t, slow(tc.page)))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("with meta.js slow, the page lists\n%v\nwant\n%v", got, want)
			}
			tm := eval[timing](p, timings)
			if len(tm.Shards) == 0 {
				t.Fatal("no shard was fetched")
			}
			early := 0
			for _, s := range tm.Shards {
				if s < tm.Meta {
					early++
				}
			}
			if tc.before && early != len(tm.Shards) {
				t.Errorf("%d of %d shards were asked for before meta.js came (at %.0f ms): %v", early, len(tm.Shards), tm.Meta, tm.Shards)
			}
			if !tc.before && early == len(tm.Shards) {
				t.Errorf("every shard was asked for before meta.js came, by a number of shards that is not the index's: %v", tm.Shards)
			}
		})
	}
}
