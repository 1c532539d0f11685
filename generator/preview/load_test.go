package preview

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
)

// traversals are request paths that try to leave the site, sent as they
// are, over a raw connection, so that no client cleans them first.
var traversals = []string{"/../config.toml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fconfig.toml", "/%5c..%5cconfig.toml", "//etc/passwd"}

// TestServeUnderLoad serves 2,000 requests from 50 clients at once, with
// 100 live-reload streams open, while five documents are saved over and
// over and the watcher rebuilds: every answer is the expected one, every
// stream hears of the rebuilds, paths out of the site are refused, and
// once the clients leave no goroutine is left behind.
func TestServeUnderLoad(t *testing.T) {
	const (
		requests = 2000
		workers  = 50
		streams  = 100
		edited   = 5 // documents 0 to 4 are saved during the load
	)
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	writeSite(t, dir, 30)
	s := New(Config{Source: dir, Theme: gongkai.Theme, Quiet: 20 * time.Millisecond})
	var builds atomic.Int64
	s.onBuild = func(BuildReport) { builds.Add(1) }
	watcher, err := s.Watch()
	if err != nil {
		t.Fatal(err)
	}
	if !s.Rebuild("").OK {
		t.Fatal("first build failed")
	}
	watchCtx, stopWatching := context.WithCancel(context.Background())
	watched := make(chan error, 1)
	go func() { watched <- watcher.Run(watchCtx) }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	addr := ln.Addr().String()
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var (
		mu     sync.Mutex
		errs   []string
		failed atomic.Int64
	)
	fail := func(format string, args ...any) {
		failed.Add(1)
		mu.Lock()
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}

	// The live-reload streams: twenty on each edited document's page.
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	reloads := make([]atomic.Int64, streams)
	streamCtx, closeStreams := context.WithCancel(context.Background())
	var streaming sync.WaitGroup
	for i := range streams {
		page := fmt.Sprintf("/archive/%d/doc-%05d/", 2021+i%edited, i%edited)
		req, _ := http.NewRequestWithContext(streamCtx, "GET", fmt.Sprintf("http://%s%s?page=%s&gen=%d", addr, eventsPath, page, gen), nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		streaming.Add(1)
		go func() {
			defer streaming.Done()
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if sc.Text() == "event: reload" {
					reloads[i].Add(1)
				}
			}
		}()
	}
	waitClients(t, s, streams)
	peak := runtime.NumGoroutine()

	// The editor: saves the five documents, as editors do (a temporary
	// file renamed over the document), every 50 ms until the load ends.
	loadDone := make(chan struct{})
	var saves atomic.Int64
	var editing sync.WaitGroup
	editing.Add(1)
	go func() {
		defer editing.Done()
		for round := 0; ; round++ {
			for i := range edited {
				p := filepath.Join(dir, filepath.FromSlash(genPath(i)))
				if err := os.WriteFile(p+"~", []byte(genDoc(i, genTitle(i), fmt.Sprintf("第%d次修改。\n", round))), 0o644); err != nil {
					fail("save: %v", err)
				}
				if err := os.Rename(p+"~", p); err != nil {
					fail("save: %v", err)
				}
				saves.Add(1)
			}
			select {
			case <-loadDone:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()

	// The readers.
	type target struct {
		path   string
		status int
		etag   bool // ask again with the ETag of the last answer
	}
	targets := []target{
		{"/", 200, false}, {"/archive/", 200, false}, {"/archive/2021/", 200, false},
		{"/archive/2021/doc-00000/", 200, false}, {"/archive/2022/doc-00001/", 200, false},
		{"/archive/2021/doc-00010/", 200, false}, {"/archive/2021/doc-00000/schedule.ics", 200, false},
		{"/css/site.css", 200, false}, {"/css/site.css", 304, true}, {"/js/site.js", 200, false},
		{"/feed.xml", 200, false}, {"/sitemap.xml", 200, false}, {"/catalog.json", 200, false},
		{"/guide/", 200, false}, {"/no/such/page/", 404, false}, {"/archive/2021/doc-99999/", 404, false},
	}
	jobs := make(chan int)
	var reading sync.WaitGroup
	start := time.Now()
	for range workers {
		reading.Add(1)
		go func() {
			defer reading.Done()
			for n := range jobs {
				if n%10 == 9 {
					refuse(addr, traversals[(n/10)%len(traversals)], fail)
					continue
				}
				tg := targets[n%len(targets)]
				resp, err := client.Get("http://" + addr + tg.path)
				if err != nil {
					fail("GET %s: %v", tg.path, err)
					continue
				}
				etag := resp.Header.Get("ETag")
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					fail("GET %s: reading: %v", tg.path, err)
				}
				if tg.etag {
					req, _ := http.NewRequest("GET", "http://"+addr+tg.path, nil)
					req.Header.Set("If-None-Match", etag)
					if resp, err = client.Do(req); err != nil {
						fail("GET %s: %v", tg.path, err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if resp.StatusCode != tg.status {
					fail("GET %s: %d, want %d", tg.path, resp.StatusCode, tg.status)
				}
			}
		}()
	}
	// Paced at 1,000 a second, so that the requests span many rebuilds.
	pace := time.NewTicker(25 * time.Millisecond)
	for n := range requests {
		if n%25 == 0 {
			<-pace.C
		}
		jobs <- n
	}
	pace.Stop()
	close(jobs)
	reading.Wait()
	elapsed := time.Since(start)
	close(loadDone)
	editing.Wait()
	t.Logf("%d requests from %d clients in %s (%.0f/s), %d saves, %d builds, %d live-reload streams; goroutines: %d before, %d with the streams open",
		requests, workers, elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(), saves.Load(), builds.Load()-1, streams, base, peak)
	if elapsed > 10*time.Second {
		t.Errorf("the load took %s, more than 10 s", elapsed.Round(time.Millisecond))
	}

	// Every stream hears of the rebuilds; the last save is built cleanly.
	deadline := time.Now().Add(10 * time.Second)
	for i := range reloads {
		for reloads[i].Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if reloads[i].Load() == 0 {
			fail("stream %d heard of no rebuild", i)
		}
	}
	if p := s.Problems(); len(p) > 0 {
		t.Errorf("the site has problems after the saves: %v", p)
	}

	// The clients leave: every goroutine of theirs and the server's ends.
	closeStreams()
	streaming.Wait()
	waitClients(t, s, 0)
	stopWatching()
	if err := <-watched; err != nil {
		t.Error(err)
	}
	s.Close()
	hs.Close()
	<-served
	tr.CloseIdleConnections()
	settleGoroutines(t, base)
	t.Logf("goroutines after the clients left: %d", runtime.NumGoroutine())
	if failed.Load() > 0 {
		t.Fatalf("%d failures, the first:\n%s", failed.Load(), strings.Join(errs, "\n"))
	}
}

// refuse sends a path that leaves the site and fails unless the server
// refuses it without showing any file from outside the output.
func refuse(addr, p string, fail func(string, ...any)) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		fail("GET %s: %v", p, err)
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", p)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		fail("GET %s: %v", p, err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(body), "baseURL") || strings.Contains(string(body), "root:") {
		fail("GET %s: %d, %.80q: not refused", p, resp.StatusCode, body)
	}
}
