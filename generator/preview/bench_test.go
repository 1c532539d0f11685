//go:build unix

package preview

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
)

// BenchmarkSaveToReload measures, on generated archives of 1,000 and
// 10,000 documents, the time from saving one document to the reload
// event reaching its open page, through the real watcher, the default
// quiet window and an event stream. It reports the median of
// that (ms/reload) and of the build alone (build-ms), for an edit to the
// body and for an edit to the title (which every list of the document
// shows). Run it with, for instance:
//
//	go test ./generator/preview -run '^$' -bench SaveToReload -benchtime 15x
func BenchmarkSaveToReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeSite(b, dir, n)
			s := New(Config{Source: dir, Theme: gongkai.Theme})
			builds := make(chan BuildReport, 64)
			s.onBuild = func(r BuildReport) { builds <- r }
			w, err := s.Watch()
			if err != nil {
				b.Fatal(err)
			}
			s.Rebuild("")
			// Files written in the last two seconds are read again on every
			// build, since their time stamps cannot yet be trusted: let the
			// generated ones age, as a real archive's have.
			time.Sleep(2100 * time.Millisecond)
			s.Rebuild("")
			drain(builds)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go w.Run(ctx)
			ts := httptest.NewServer(s)
			defer ts.Close()
			defer s.Close()

			const k = 7 // the document edited
			saves := 0
			page := "/archive/" + fmt.Sprint(2021+k%5) + "/" + fmt.Sprintf("doc-%05d/", k)
			for _, edit := range []string{"body", "title"} {
				b.Run(edit, func(b *testing.B) {
					c := listenB(b, ts.URL, page, s)
					defer c.cancel()
					var total, build []time.Duration
					cpu := cpuTime()
					for i := 0; i < b.N; i++ {
						saves++ // every save differs from the last, across runs too
						title, extra := genTitle(k), fmt.Sprintf("第%d次修改。\n", saves)
						if edit == "title" {
							title, extra = fmt.Sprintf("关于做好第%d项工作的通知（第%d次修改）", k, saves), ""
						}
						start := time.Now()
						writeFile(b, dir, genPath(k), genDoc(k, title, extra))
						select {
						case e := <-c.events:
							if e != "reload {}" {
								b.Fatalf("event %q", e)
							}
						case <-time.After(30 * time.Second):
							b.Fatal("no reload in 30 s")
						}
						total = append(total, time.Since(start))
						r := <-builds
						build = append(build, r.Elapsed)
						if i == 0 {
							b.Logf("%s edit: %d pages rendered, %d files changed", edit, r.Rendered, len(r.Changed))
						}
						drain(builds)
					}
					b.ReportMetric(float64(median(total))/1e6, "ms/reload")
					b.ReportMetric(float64(median(build))/1e6, "build-ms")
					b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
				})
			}
		})
	}
}

func listenB(b *testing.B, base, page string, s *Server) *sseClient {
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	c := listen(b, base, page, gen)
	return c
}

func drain(ch chan BuildReport) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkRebuildBody measures the rebuild alone (no watcher, no quiet
// window) after an edit to one document's body, told which file changed
// as the watcher tells it.
func BenchmarkRebuildBody(b *testing.B) {
	benchRebuild(b, func(i int) string { return genDoc(7, genTitle(7), fmt.Sprintf("第%d次修改。\n", i)) },
		func(r BuildReport) error {
			if r.Rendered != 1 {
				return fmt.Errorf("%d pages rendered", r.Rendered)
			}
			return nil
		})
}

// BenchmarkRebuildTitle is BenchmarkRebuildBody for an edit to the
// title, which every list of the document shows.
func BenchmarkRebuildTitle(b *testing.B) {
	benchRebuild(b, func(i int) string {
		return genDoc(7, fmt.Sprintf("关于做好第%d项工作的通知（第%d次修改）", 7, i), "")
	},
		func(r BuildReport) error {
			if !r.OK {
				return fmt.Errorf("build failed: %v", r.Problems)
			}
			return nil
		})
}

// benchRebuild times rebuilds of archives of 1,000 and 10,000 documents
// after document 7 is rewritten as edit gives it, each checked by check.
func benchRebuild(b *testing.B, edit func(i int) string, check func(BuildReport) error) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeSite(b, dir, n)
			s := New(Config{Source: dir, Theme: gongkai.Theme})
			s.Rebuild("")
			time.Sleep(2100 * time.Millisecond)
			s.Rebuild("")
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				writeFile(b, dir, genPath(7), edit(i))
				// As the watcher does: the build is told which file changed.
				if err := check(s.rebuildChanged("bench", &[]string{genPath(7)})); err != nil {
					b.Fatal(err)
				}
			}
			// On a machine shared with other work, the processor time spent
			// says more than the time on the clock.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// cpuTime is the processor time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
