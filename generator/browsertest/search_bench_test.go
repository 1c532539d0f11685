package browsertest

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
	"github.com/gongkai/gongkai/generator/corpus"
)

var (
	searchDocs    = flag.Int("search.docs", 10000, "documents in the generated archive BenchmarkSearchFirstResults searches")
	searchLatency = flag.Int("search.latency", 0, "milliseconds BenchmarkSearchFirstResults adds to every response, as a distant server would (0: loopback as it is)")
	searchKBps    = flag.Int("search.kbps", 0, "kilobytes per second BenchmarkSearchFirstResults lets the page download, as a slow line would (0: no limit)")
)

// benchQueries are typical queries of two to five characters and a
// document number, taken in turn.
var benchQueries = []string{"经费", "教职工", "女职工权益", "徐工教〔2024〕3号"}

// BenchmarkSearchFirstResults measures, in Chromium with its cache
// disabled (every file of the search data fetched anew), how long a reader
// waits for the first results of a query on a generated archive served
// over HTTP on loopback:
//
//   - typed: on the search page, from the query's submission to its first
//     result in the list;
//   - arrived: from the start of loading /search/?q=… (as the search box of
//     every page leads there) to its first result.
//
// It reports the median and the slowest in milliseconds, and the median
// kilobytes of search data (meta.js, shards and result files, not the page
// script) a query fetched. The archive is generated and built first:
//
//	go test ./generator/browsertest -run '^$' -bench SearchFirstResults -benchtime 12x
func BenchmarkSearchFirstResults(b *testing.B) {
	base := serveAt(b, staticSite(generatedSite(b, *searchDocs), "/"))
	for _, mode := range []string{"typed", "arrived"} {
		b.Run(mode, func(b *testing.B) {
			p := tab(b)
			if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
				b.Fatal(err)
			}
			if _, err := chromedp.Call(p.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				b.Fatal(err)
			}
			if *searchLatency > 0 || *searchKBps > 0 {
				down := float64(-1) // no limit
				if *searchKBps > 0 {
					down = float64(*searchKBps) * 1000
				}
				cond := network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{
					{Latency: float64(*searchLatency), DownloadThroughput: down, UploadThroughput: -1}}}
				if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, cond); err != nil {
					b.Fatal(err)
				}
			}
			// Before any script of the page, note when the list first holds
			// a result, in the page's own clock (0 is the start of loading).
			if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: watchFirstResult}); err != nil {
				b.Fatal(err)
			}
			var ms, kb []float64
			for i := 0; b.Loop(); i++ {
				q := benchQueries[i%len(benchQueries)]
				var r queryTiming
				if mode == "typed" {
					p.open(base + "search/")
					r = eval[queryTiming](p, fmt.Sprintf(typeQuery, jsString(q)))
				} else {
					p.open(base + "search/?q=" + url.QueryEscape(q))
					r = eval[queryTiming](p, arrivedQuery)
				}
				if r.Results == 0 {
					b.Fatalf("%q (%s) showed no result: %s", q, mode, r.Status)
				}
				waitFor(p, searchDone)
				ms = append(ms, r.Ms)
				kb = append(kb, eval[float64](p, indexBytes)/1000)
			}
			slices.Sort(ms)
			slices.Sort(kb)
			b.ReportMetric(0, "ns/op") // the page loads of each round, not what a reader waits for
			b.ReportMetric(ms[len(ms)/2], "ms-median")
			b.ReportMetric(ms[len(ms)-1], "ms-slowest")
			b.ReportMetric(kb[len(kb)/2], "kB-median")
		})
	}
}

// queryTiming is what the page says of one query when it shows its first
// result.
type queryTiming struct {
	Ms      float64 // the reader's wait, in milliseconds
	Results int
	Status  string
}

// watchFirstResult runs before the page's scripts and keeps, in
// window.firstResult, the time the result list first held an item.
const watchFirstResult = `new MutationObserver(function (_, obs) {
	if (document.querySelector("#search-results li")) { window.firstResult = performance.now(); obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});`

// indexBytes sums the bodies of the search data files the page fetched,
// once the query has shown all its results.
const indexBytes = `performance.getEntriesByType("resource")
	.filter(e => /\/search\/(meta\.js|s\/|d\/)/.test(e.name))
	.reduce((n, e) => n + e.encodedBodySize, 0)`

// typeQuery submits a query on the loaded search page and resolves once
// its first result is listed.
const typeQuery = `new Promise(function (done) {
	var list = document.getElementById("search-results"), input = document.getElementById("q");
	var t0;
	new MutationObserver(function (_, obs) {
		if (!list.querySelector("li")) return;
		obs.disconnect();
		var ms = performance.now() - t0;
		done({Ms: ms, Results: list.children.length, Status: document.getElementById("search-status").textContent});
	}).observe(list, {childList: true});
	input.value = %s;
	t0 = performance.now();
	input.form.requestSubmit();
})`

// arrivedQuery waits for the first result of the page's query and says
// when it came.
const arrivedQuery = `new Promise(function (done) {
	(function poll() {
		if (window.firstResult === undefined) return setTimeout(poll, 10);
		done({Ms: window.firstResult, Results: document.querySelectorAll("#search-results li").length, Status: document.getElementById("search-status").textContent});
	})();
})`

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// generatedSite generates an archive of n documents and builds it,
// returning the built folder.
func generatedSite(t testing.TB, n int) string {
	t.Helper()
	src, err := os.MkdirTemp(theEnv(t).tmp, fmt.Sprintf("generated-%d-src-", n))
	if err != nil {
		t.Fatal(err)
	}
	dir := src + "-built"
	start := time.Now()
	if err := corpus.Write(src, corpus.Options{Docs: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(src, dir, generator.Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated and built %d documents in %s", n, time.Since(start).Round(time.Millisecond))
	return dir
}

// serveAt serves h on 127.0.0.1 and returns the address of its root,
// ending in /.
func serveAt(t testing.TB, h http.Handler) string {
	t.Helper()
	host, err := theEnv(t).serve(h)
	if err != nil {
		t.Fatal(err)
	}
	return host + "/"
}
