package generator

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator/corpus"
	"github.com/gongkai/gongkai/generator/search"
)

// The stage benchmarks build a generated archive of -bench.docs documents:
//
//	go test ./generator -run '^$' -bench . -bench.docs 10000
var benchDocs = flag.Int("bench.docs", 1000, "documents in the archive the benchmarks build")

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchSite writes the archive once per test binary, on tmpfs where there
// is one, so that the benchmarks measure the build rather than the disk.
func benchSite(b *testing.B) fs.FS {
	benchOnce.Do(func() {
		parent := ""
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			parent = "/dev/shm"
		}
		if benchDir, benchErr = os.MkdirTemp(parent, "gongkai-bench-"); benchErr != nil {
			return
		}
		benchErr = corpus.Write(filepath.Join(benchDir, "site"), corpus.Options{Docs: *benchDocs, Seed: 1})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return os.DirFS(filepath.Join(benchDir, "site"))
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// loop runs f b.N times and reports the CPU time per operation too.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	start, n := cpuTime(), 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
}

func benchPrepare(b *testing.B, fsys fs.FS) *Site {
	site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
	if probs.Errors() > 0 {
		b.Fatal(probs)
	}
	return site
}

// discard is an Output that keeps nothing: the render benchmarks measure
// everything up to the write.
type discard struct{}

func (discard) WriteFile(string, []byte) error       { return nil }
func (discard) CopyFile(string, fs.FS, string) error { return nil }

// BenchmarkLoadCheck reads, parses and checks every file.
func BenchmarkLoadCheck(b *testing.B) {
	fsys := benchSite(b)
	loop(b, func() { benchPrepare(b, fsys) })
}

// BenchmarkFrontMatter decodes the front matter of every document with
// the fast decoder, which reads each byte of it once: the share of
// BenchmarkLoadCheck that grows with the length of the texts.
func BenchmarkFrontMatter(b *testing.B) {
	fsys := benchSite(b)
	var fronts []string
	size := 0
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" || IsPage(p) {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		front, _, _, err := splitFrontMatter(normalizeText(src))
		if err != nil {
			return err
		}
		fronts = append(fronts, string(front))
		size += len(front)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	loop(b, func() {
		for _, front := range fronts {
			var fm frontMatter
			if _, ok := decodeFrontMatterFast(front, 2, &fm); !ok {
				b.Fatalf("the fast decoder does not take the front matter\n%s", front)
			}
		}
	})
}

// BenchmarkAssemble sorts the documents and makes the year, topic and
// issuer lists and the year schedules.
func BenchmarkAssemble(b *testing.B) {
	site := benchPrepare(b, benchSite(b))
	loop(b, func() { Assemble(site) })
}

// BenchmarkRender assembles and renders every page, feed and index file,
// minified, without writing them.
func BenchmarkRender(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	loop(b, func() {
		if _, err := Generate(site, fsys, discard{}, Options{Theme: gongkai.Theme}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRenderNoMinify is BenchmarkRender without the minifier, so the
// difference is the minifier's cost.
func BenchmarkRenderNoMinify(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	loop(b, func() {
		if _, err := Generate(site, fsys, discard{}, Options{Theme: gongkai.Theme, NoMinify: true}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkWrite writes a rendered site's files into a new folder.
func BenchmarkWrite(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	mem := newMemOutput()
	if _, err := Generate(site, fsys, mem, Options{Theme: gongkai.Theme}); err != nil {
		b.Fatal(err)
	}
	names := mem.names()
	b.ReportAllocs()
	var cpu time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		dir, err := os.MkdirTemp(benchDir, "out-")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := cpuTime()
		out, err := newDirOutput(dir)
		if err != nil {
			b.Fatal(err)
		}
		parallel(len(names), func(i int) {
			if err := out.WriteFile(names[i], mem.files[names[i]]); err != nil {
				b.Error(err)
			}
		})
		out.Close()
		cpu += cpuTime() - start
		n++
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkSearchIndex builds the search index of the published documents.
func BenchmarkSearchIndex(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	a := Assemble(site)
	docs := make([]search.Document, len(a.Docs))
	md := newMarkdown(false)
	for i, d := range a.Docs {
		_, plain, err := renderBody(md, nil, d.body, func(string) string { return "" }, nil)
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = search.Document{URL: d.URL, Title: d.Title, Index: d.Index, Number: d.Number, Issuer: d.Issuer.Name,
			Category: d.Category.Name, Genre: d.Genre, Date: d.Date.ISO(), Year: d.Date.Year, Keywords: d.Keywords, Body: plain}
	}
	loop(b, func() {
		if _, err := search.Build(docs); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkTemplates executes every page's layouts through the fast
// executor, with the pages' data prepared beforehand: the template
// executor's share of rendering.
func BenchmarkTemplates(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	archive := Assemble(site)
	funcs := templateFuncs()
	t := themeFS{site: fsys, theme: gongkai.Theme}
	templates, err := loadTemplates(t, funcs, true)
	if err != nil {
		b.Fatal(err)
	}
	r := &renderer{archive: archive, cfg: site.Config, templates: templates, md: newMarkdown(false), opt: Options{Theme: gongkai.Theme},
		plain: make([]string, len(archive.Docs)), docPos: map[*Document]int{}}
	for i, d := range archive.Docs {
		r.docPos[d] = i
	}
	jobs := r.jobs()
	for _, j := range jobs {
		if j.prepare != nil {
			if err := j.prepare(j.data); err != nil {
				b.Fatal(err)
			}
		}
		if j.data.Kind != "document" {
			j.data.Meta = columnMeta(j.data)
		}
	}
	// compiled is the generated code of the embedded theme; closures the
	// executor any other layouts get.
	for _, how := range []struct {
		name     string
		compiled map[string]func(*bytes.Buffer, *pageData) error
	}{{"compiled", themeKinds}, {"closures", nil}} {
		b.Run(how.name, func(b *testing.B) {
			r.fast = fastTemplates(templates, funcs, func(kind string) any { return r.newPage(kind, "", "") }, how.compiled)
			loop(b, func() {
				parallel(len(jobs), func(i int) {
					buf := pageBuffers.Get().(*bytes.Buffer)
					buf.Reset()
					if err := r.fast[jobs[i].data.Kind].execute(buf, jobs[i].data); err != nil {
						b.Error(err)
					}
					pageBuffers.Put(buf)
				})
			})
		})
	}
}

// BenchmarkDataFiles makes the feeds, sitemap, catalog.json and calendars
// and minifies them, without writing them.
func BenchmarkDataFiles(b *testing.B) {
	fsys := benchSite(b)
	site := benchPrepare(b, fsys)
	r := &renderer{archive: Assemble(site), cfg: site.Config, out: minifying{Output: discard{}, m: newMinifier()}, raw: discard{}}
	jobs := r.jobs()
	loop(b, func() {
		if _, err := r.writeDataFiles(jobs); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSuggestIndex searches the index numbers of a large archive
// for the one a broken index: link was meant to name, as the site-wide
// check does for each broken link: a typo of a published number (two
// serial digits swapped), a number of a year the archive does not have,
// and a number of another organization, near none.
func BenchmarkSuggestIndex(b *testing.B) {
	byIndex := map[string]*Document{}
	for year := 2005; year < 2025; year++ {
		for serial := 1; serial <= 1000; serial++ {
			byIndex[fmt.Sprintf("00001434-9/%d-%05d", year, serial)] = nil
		}
	}
	var list indexList
	suggestIndex("", byIndex, &list) // the list is made once, at the first broken link
	for _, link := range []struct{ name, index string }{
		{"swap", "00001434-9/2017-00153"},
		{"year", "00001434-9/2031-00512"},
		{"far", "91310000MA1FL0XX3A/2024-00001"},
	} {
		b.Run(link.name, func(b *testing.B) {
			loop(b, func() { suggestIndex(link.index, byIndex, &list) })
		})
	}
}

// BenchmarkMoved compares the archive with its own last build, as every
// build into its earlier output does: catalog.json is read and every
// address looked up among those published now. Nothing moved, so no
// warning is made.
func BenchmarkMoved(b *testing.B) {
	site := benchPrepare(b, benchSite(b))
	dir := b.TempDir()
	catalog, err := compactCatalogJSON(site.Config, Assemble(site).Docs)
	if err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, outputMark), []byte(outputMarkText), 0o644)
	os.WriteFile(filepath.Join(dir, catalogFile), catalog, 0o644)
	loop(b, func() {
		if probs := Moved(site, dir); len(probs) > 0 {
			b.Fatal(probs)
		}
	})
}
