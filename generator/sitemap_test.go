package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
)

// The sitemap's files as a reader of the protocol sees them.
type sitemapURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

type sitemapIndexFile struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// sitemapLocs parses a sitemap file that lists pages and returns their
// addresses.
func sitemapLocs(t *testing.T, name string, data []byte) []string {
	t.Helper()
	var set sitemapURLSet
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var locs []string
	for _, u := range set.URLs {
		locs = append(locs, u.Loc)
	}
	return locs
}

// syntheticJobs is n pages as a site lists them: documents with their
// date, and a 404 page, which the sitemap leaves out, every tenth.
func syntheticJobs(n int, url func(i int) string) []job {
	jobs := make([]job, 0, n+n/10)
	doc := &Document{Date: Date{2024, 3, 18}}
	for i := range n {
		if i%10 == 0 {
			jobs = append(jobs, job{data: &pageData{Kind: "404", URL: notFoundFile}})
		}
		jobs = append(jobs, job{data: &pageData{Kind: "document", URL: url(i), Now: doc}})
	}
	return jobs
}

// checkSitemapParts checks a split of jobs: the parts are jobs in order,
// each part's file keeps within limit, and no part could have taken the
// next part's first page.
func checkSitemapParts(t *testing.T, cfg *Config, jobs []job, limit sitemapLimit, parts [][]job) {
	t.Helper()
	var joined []job
	for i, p := range parts {
		joined = append(joined, p...)
		data := sitemap(cfg, p)
		urls := bytes.Count(data, []byte("<url>"))
		if urls > limit.urls || len(data) > limit.bytes && urls > 1 {
			t.Errorf("part %d lists %d URLs in %d bytes, over the limit of %d URLs and %d bytes", i+1, urls, len(data), limit.urls, limit.bytes)
		}
		if urls == 0 && len(parts) > 1 {
			t.Errorf("part %d lists no URL", i+1)
		}
		if i+1 < len(parts) {
			k := slices.IndexFunc(parts[i+1], func(j job) bool { return inSitemap(j.data) })
			next := appendSitemapURL(nil, xmlText(cfg.BaseURL), parts[i+1][k].data)
			if urls < limit.urls && len(data)+len(next) <= limit.bytes {
				t.Errorf("part %d ends before a page it had room for", i+1)
			}
		}
	}
	if len(joined) != len(jobs) {
		t.Fatalf("the parts hold %d pages, want the %d of jobs", len(joined), len(jobs))
	}
	for i := range jobs {
		if joined[i].data != jobs[i].data {
			t.Fatalf("page %d of the parts is %s, want %s", i, joined[i].data.URL, jobs[i].data.URL)
		}
	}
}

// TestSitemapParts splits synthetic pages at small limits: by count, by
// bytes, a page too long for any file, and pages that exactly fill one.
func TestSitemapParts(t *testing.T) {
	cfg := &Config{BaseURL: "https://example.org/gk/"}
	short := func(i int) string { return fmt.Sprintf("archive/2024/d%d/", i) }
	entry := len(appendSitemapURL(nil, cfg.BaseURL, syntheticJobs(1, short)[1].data))
	tests := []struct {
		name  string
		jobs  []job
		limit sitemapLimit
		want  []int // URLs in each part
	}{
		{"no pages", nil, sitemapLimit{3, 1 << 20}, []int{0}},
		{"count exactly the limit", syntheticJobs(9, short), sitemapLimit{9, 1 << 20}, []int{9}},
		{"count one over", syntheticJobs(10, short), sitemapLimit{9, 1 << 20}, []int{9, 1}},
		{"count several times over", syntheticJobs(25, short), sitemapLimit{10, 1 << 20}, []int{10, 10, 5}},
		{"bytes exactly the limit", syntheticJobs(4, short), sitemapLimit{100, sitemapEmpty + 4*entry}, []int{4}},
		{"bytes one under", syntheticJobs(4, short), sitemapLimit{100, sitemapEmpty + 4*entry - 1}, []int{3, 1}},
		{"bytes before count", syntheticJobs(7, short), sitemapLimit{3, sitemapEmpty + 2*entry}, []int{2, 2, 2, 1}},
		{"a page alone over the limit", syntheticJobs(4, func(i int) string {
			if i == 2 {
				return "archive/2024/" + strings.Repeat("长", 100) + "/"
			}
			return short(i)
		}), sitemapLimit{100, sitemapEmpty + 2*entry}, []int{2, 1, 1}},
		{"escapes count", syntheticJobs(4, func(i int) string { return fmt.Sprintf("archive/2024/a&b %d/", i) }),
			sitemapLimit{100, sitemapEmpty + 3*(entry+len("a&amp;b%20")-len("d"))}, []int{3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := sitemapParts(cfg, tt.jobs, tt.limit)
			var got []int
			for _, p := range parts {
				got = append(got, bytes.Count(sitemap(cfg, p), []byte("<url>")))
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("parts of %v URLs, want %v", got, tt.want)
			}
			checkSitemapParts(t, cfg, tt.jobs, tt.limit, parts)
			again := sitemapParts(cfg, tt.jobs, tt.limit)
			if len(again) != len(parts) {
				t.Fatalf("split again into %d parts, want %d", len(again), len(parts))
			}
			for i := range parts {
				if len(again[i]) != len(parts[i]) {
					t.Errorf("part %d split again holds %d pages, want %d", i+1, len(again[i]), len(parts[i]))
				}
			}
		})
	}
}

// TestSitemapPartsAtProtocolLimit splits synthetic pages at the
// protocol's own limits: 50,000 URLs fit one file, one more does not,
// and long addresses reach 50 MB before 50,000 URLs.
func TestSitemapPartsAtProtocolLimit(t *testing.T) {
	cfg := &Config{BaseURL: "https://example.org/gk/"}
	limit := sitemapLimit{sitemapMaxURLs, sitemapMaxBytes}
	short := func(i int) string { return fmt.Sprintf("archive/%d/doc-%d/", 2000+i%25, i) }
	if parts := sitemapParts(cfg, syntheticJobs(sitemapMaxURLs, short), limit); len(parts) != 1 {
		t.Errorf("50,000 pages split into %d files, want 1", len(parts))
	}
	jobs := syntheticJobs(sitemapMaxURLs+1, short)
	parts := sitemapParts(cfg, jobs, limit)
	if len(parts) != 2 {
		t.Fatalf("50,001 pages split into %d files, want 2", len(parts))
	}
	checkSitemapParts(t, cfg, jobs, limit, parts)

	// A base URL of 120 Chinese characters, percent-encoded: entries of
	// over 1,100 bytes fill 50 MB before 50,000 URLs.
	cfg.BaseURL = "https://example.org/" + strings.Repeat("%E5%85%AC", 120) + "/"
	jobs = syntheticJobs(48_000, short)
	parts = sitemapParts(cfg, jobs, limit)
	if len(parts) != 2 {
		t.Fatalf("48,000 pages of long addresses split into %d files, want 2", len(parts))
	}
	checkSitemapParts(t, cfg, jobs, limit, parts)
}

// TestSitemapSplit builds the basic site with room for ten URLs in a
// sitemap file: sitemap.xml becomes the index of three parts, which are
// compared with testdata/sitemap-split (rewritten by -update) and list
// the pages of the one-file sitemap, in its order; every other file is
// the one-file build's, robots.txt included.
func TestSitemapSplit(t *testing.T) {
	fsys := os.DirFS("testdata/basic/site")
	whole := buildMem(t, fsys, Options{NoMinify: true})
	split := buildMem(t, fsys, Options{NoMinify: true, sitemap: sitemapLimit{10, sitemapMaxBytes}})

	for name, data := range whole.files {
		if name != sitemapFile && !bytes.Equal(split.files[name], data) {
			t.Errorf("%s differs from the one-file build's", name)
		}
	}
	golden := map[string][]byte{}
	for name, data := range split.files {
		if _, ok := whole.files[name]; !ok || name == sitemapFile {
			golden[name] = data
		}
	}
	names := slices.Sorted(maps.Keys(golden))
	if want := []string{"sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", sitemapFile}; !slices.Equal(names, want) {
		t.Fatalf("the split build adds or changes %v, want %v", names, want)
	}
	dir := filepath.Join("testdata", "sitemap-split")
	for _, name := range names {
		p := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, golden[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(golden[name], want) {
			t.Errorf("%s differs from the golden file (run go test ./generator -update and review the diff):\n%s", name, firstDiff(string(golden[name]), string(want)))
		}
	}

	var index sitemapIndexFile
	if err := xml.Unmarshal(split.files[sitemapFile], &index); err != nil {
		t.Fatalf("%s: %v", sitemapFile, err)
	}
	var locs []string
	for i, s := range index.Sitemaps {
		part := sitemapPart(i + 1)
		if s.Loc != "https://example.org/gk/"+part {
			t.Errorf("the index lists %s as part %d, want https://example.org/gk/%s", s.Loc, i+1, part)
		}
		locs = append(locs, sitemapLocs(t, part, split.files[part])...)
	}
	if want := sitemapLocs(t, sitemapFile, whole.files[sitemapFile]); !slices.Equal(locs, want) {
		t.Errorf("the parts list\n%v\nwant the one-file sitemap's\n%v", locs, want)
	}
}

// TestRebuildSitemapParts rebuilds a site that grows past what one
// sitemap file may hold, to four parts, and shrinks back to one: after
// every build the files are a full build's, the parts that came or went
// are among the changed files, and a body edit keeps the parts.
func TestRebuildSitemapParts(t *testing.T) {
	fsys := mapSite(map[string]string{})
	opt := Options{Theme: gongkai.Theme, sitemap: sitemapLimit{12, sitemapMaxBytes}}
	b := NewRebuilder(fsys, opt)
	docPath := func(i int) string { return fmt.Sprintf("content/2024/d%d.md", i) }
	docs := 0
	seen := snapshotFS(fsys)
	var last map[string][]byte
	var parts []int
	for step, want := range []int{1, 4, 9, 14, 9, 4, 1} {
		for ; docs < want; docs++ {
			fsys[docPath(docs)] = &fstest.MapFile{Data: []byte(doc("2024-00001", fmt.Sprintf("2024-%05d", docs+1)))}
		}
		for ; docs > want; docs-- {
			delete(fsys, docPath(docs-1))
		}
		now := snapshotFS(fsys)
		var got *Rebuild
		var err error
		if step%2 == 0 {
			got, err = b.Build()
		} else {
			got, err = b.BuildChanged(changedPaths(seen, now))
		}
		seen = now
		if err != nil {
			t.Fatalf("%d documents: %v", docs, err)
		}
		full, err := fullBuild(fsys, opt)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameSite(got.Files, full); diff != "" {
			t.Fatalf("%d documents: %s", docs, diff)
		}
		n := 0
		for got.Files[sitemapPart(n+1)] != nil {
			n++
		}
		parts = append(parts, n)
		for _, name := range []string{sitemapFile, sitemapPart(1), sitemapPart(2), sitemapPart(3), sitemapPart(4)} {
			_, was := last[name]
			_, is := got.Files[name]
			if changed := slices.Contains(got.Changed, name); changed != (was != is || is && !bytes.Equal(last[name], got.Files[name])) {
				t.Errorf("%d documents: %s listed as changed: %v", docs, name, changed)
			}
		}
		last = got.Files
	}
	if want := []int{0, 2, 3, 4, 3, 2, 0}; !slices.Equal(parts, want) {
		t.Errorf("sitemap parts as the site grows and shrinks: %v, want %v", parts, want)
	}

	// A body edit, which a rebuild takes without the other files, keeps
	// the parts of the sitemap.
	for ; docs < 9; docs++ {
		fsys[docPath(docs)] = &fstest.MapFile{Data: []byte(doc("2024-00001", fmt.Sprintf("2024-%05d", docs+1)))}
	}
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	edits := b.bodyEdits
	fsys[docPath(0)] = &fstest.MapFile{Data: []byte(doc("2024-00001", "2024-00001", "现将", "现在将"))}
	got, err := b.BuildChanged([]string{docPath(0)})
	if err != nil {
		t.Fatal(err)
	}
	if b.bodyEdits != edits+1 {
		t.Fatal("the edit was not built as a body edit")
	}
	full, err := fullBuild(fsys, opt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := sameSite(got.Files, full); diff != "" {
		t.Fatal(diff)
	}
	if got.Files[sitemapPart(2)] == nil {
		t.Error("the body edit's files have no sitemap parts")
	}
}
