package preview

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
)

// newTestServer builds a generated site of n documents in a temporary
// folder and returns the server, already built once.
func newTestServer(t *testing.T, n int) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, n)
	s := New(Config{Source: dir, Theme: gongkai.Theme})
	if r := s.Rebuild(""); !r.OK {
		t.Fatalf("first build failed: %v", r.Problems)
	}
	return s, dir
}

func get(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestServeFiles(t *testing.T) {
	s, _ := newTestServer(t, 12)
	tests := []struct {
		path, status, ctype, body string
	}{
		{"/", "200", "text/html; charset=utf-8", "EventSource"},
		{"/archive/2021/", "200", "text/html; charset=utf-8", "关于做好第0项工作的通知"},
		{"/archive/2021/doc-00000/", "200", "text/html; charset=utf-8", "确保各项工作落到实处"},
		{"/css/site.css", "200", "text/css; charset=utf-8", ""},
		{"/js/site.js", "200", "text/javascript; charset=utf-8", ""},
		{"/feed.xml", "200", "application/xml; charset=utf-8", "<feed"},
		{"/catalog.json", "200", "application/json; charset=utf-8", "00001434-9/2021-00000"},
		{"/archive/2021/doc-00000/schedule.ics", "200", "text/calendar; charset=utf-8", "BEGIN:VCALENDAR"},
		{"/no/such/page/", "404", "text/html; charset=utf-8", "页面不存在"},
		{"/archive/2021/doc-99999/", "404", "text/html; charset=utf-8", "页面不存在"},
	}
	for _, tt := range tests {
		w := get(t, s, "GET", tt.path)
		if got := fmt.Sprint(w.Code); got != tt.status {
			t.Errorf("GET %s: status %s, want %s", tt.path, got, tt.status)
		}
		if got := w.Header().Get("Content-Type"); got != tt.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.ctype)
		}
		if !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("GET %s: body lacks %q", tt.path, tt.body)
		}
	}

	// A folder without its slash is redirected to it.
	if w := get(t, s, "GET", "/archive/2021?x=1"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/archive/2021/?x=1" {
		t.Errorf("GET /archive/2021: %d to %q, want 301 to /archive/2021/?x=1", w.Code, w.Header().Get("Location"))
	}

	// HEAD: the headers of GET, no body.
	g, h := get(t, s, "GET", "/"), get(t, s, "HEAD", "/")
	if h.Code != 200 || h.Body.Len() != 0 || h.Header().Get("Content-Length") != fmt.Sprint(g.Body.Len()) || h.Header().Get("ETag") != g.Header().Get("ETag") {
		t.Errorf("HEAD /: %d, %d bytes, length %q, ETag %q; GET gave %d bytes, ETag %q", h.Code, h.Body.Len(), h.Header().Get("Content-Length"), h.Header().Get("ETag"), g.Body.Len(), g.Header().Get("ETag"))
	}
	if h := get(t, s, "HEAD", "/nowhere/"); h.Code != 404 || h.Body.Len() != 0 {
		t.Errorf("HEAD /nowhere/: %d with %d bytes, want 404 without a body", h.Code, h.Body.Len())
	}

	// ETag and If-None-Match.
	for _, p := range []string{"/", "/css/site.css"} {
		etag := get(t, s, "GET", p).Header().Get("ETag")
		if etag == "" {
			t.Fatalf("GET %s: no ETag", p)
		}
		if w := get(t, s, "GET", p, "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("GET %s with its ETag: %d, want 304", p, w.Code)
		}
		if w := get(t, s, "GET", p, "If-None-Match", `"other"`); w.Code != 200 {
			t.Errorf("GET %s with another ETag: %d, want 200", p, w.Code)
		}
	}

	if w := get(t, s, "POST", "/"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", w.Code)
	}
}

// TestServeRefusesTraversal tries the usual ways out of a served folder,
// through a real connection so that nothing cleans the path first.
func TestServeRefusesTraversal(t *testing.T) {
	s, _ := newTestServer(t, 3)
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, p := range []string{
		"/../config.toml", "/%2e%2e/config.toml", "/%2E%2E/%2E%2E/config.toml", "/..%2fconfig.toml", "/archive/..%2f..%2fconfig.toml",
		"/..\\config.toml", "/%5c..%5cconfig.toml", "/archive/%5c..%5c..%5cconfig.toml", "/./index.html", "//etc/passwd", "/%00",
	} {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", p)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "baseURL") || strings.Contains(string(body), "root:") {
			t.Errorf("GET %s: %d, %q", p, resp.StatusCode, body)
		}
	}
}

func TestOverlayWhileBroken(t *testing.T) {
	s, dir := newTestServer(t, 6)
	good := get(t, s, "GET", "/archive/2021/")
	if strings.Contains(good.Body.String(), "gongkai-problems") {
		t.Fatal("overlay on a good site")
	}
	// A broken edit: a quote left open, and a category nobody declared.
	writeFile(t, dir, genPath(1), strings.Replace(genDoc(1, "<b>新</b>标题", ""), "+++\ntitle", "+++\ntitle = 5\nxtitle", 1))
	writeFile(t, dir, genPath(4), strings.Replace(genDoc(4, genTitle(4), ""), "通知公告", "通知通告", 1))
	if r := s.Rebuild("test"); r.OK {
		t.Fatal("a broken site built")
	}
	for _, p := range []string{"/", "/archive/2021/", "/nowhere/"} {
		w := get(t, s, "GET", p)
		body := w.Body.String()
		for _, want := range []string{`id="gongkai-problems"`, genPath(4) + ":6:1: category &#34;通知通告&#34; is not declared", "&gt; 6 | category = &#34;通知通告&#34;", genPath(1) + ":2:"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s while broken lacks %q", p, want)
			}
		}
		if strings.Contains(body, "<b>新</b>") {
			t.Errorf("GET %s: the overlay does not escape the source", p)
		}
		if w.Header().Get("ETag") == good.Header().Get("ETag") && p == "/archive/2021/" {
			t.Errorf("the ETag did not change with the overlay")
		}
	}
	// The last good site is still what is served under the overlay.
	if !strings.Contains(get(t, s, "GET", "/archive/2021/").Body.String(), genTitle(5)) {
		t.Error("the last good site is not served while broken")
	}
	if !strings.Contains(get(t, s, "GET", "/css/site.css").Header().Get("Content-Type"), "text/css") {
		t.Error("stylesheet not served while broken")
	}
	// The fix removes the overlay.
	writeFile(t, dir, genPath(1), genDoc(1, genTitle(1), ""))
	writeFile(t, dir, genPath(4), genDoc(4, genTitle(4), ""))
	if r := s.Rebuild("test"); !r.OK {
		t.Fatalf("fixed site failed: %v", r.Problems)
	}
	if body := get(t, s, "GET", "/archive/2021/").Body.String(); strings.Contains(body, "gongkai-problems") {
		t.Error("overlay after the fix")
	}
}

func TestOverlayForTemplateError(t *testing.T) {
	s, dir := newTestServer(t, 3)
	writeFile(t, dir, "layouts/year.html", "{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n")
	if s.Rebuild("test").OK {
		t.Fatal("a broken layout built")
	}
	body := get(t, s, "GET", "/").Body.String()
	if !strings.Contains(body, "layouts/year.html:2:") || !strings.Contains(body, "&gt; 2 | &lt;h1&gt;{{.Title}&lt;/h1&gt;") {
		t.Errorf("template error overlay:\n%s", body[strings.Index(body, "gongkai-problems"):])
	}
}

func TestFirstBuildFails(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, 2)
	writeFile(t, dir, "config.toml", "title = \n")
	s := New(Config{Source: dir, Theme: gongkai.Theme})
	if s.Rebuild("").OK {
		t.Fatal("built without a config")
	}
	w := get(t, s, "GET", "/archive/")
	if w.Code != 500 || !strings.Contains(w.Body.String(), "config.toml:1:") || !strings.Contains(w.Body.String(), "EventSource") {
		t.Errorf("GET while never built: %d\n%s", w.Code, w.Body.String())
	}
	writeFile(t, dir, "config.toml", siteConfig)
	if !s.Rebuild("").OK {
		t.Fatal("the fix did not build")
	}
	if w := get(t, s, "GET", "/archive/"); w.Code != 200 || strings.Contains(w.Body.String(), "gongkai-problems") {
		t.Errorf("GET after the fix: %d", w.Code)
	}
}

// TestStateAgrees builds a site into each state the preview can serve
// and holds the log's last line, the status of every address and the
// overlay's heading to one account of it: they are made from one reading
// of the state per rebuild, and must not tell the user different stories.
func TestStateAgrees(t *testing.T) {
	for _, tc := range []struct {
		name    string
		strict  bool              // warnings count as errors
		first   bool              // the first build succeeds
		edit    map[string]string // the save after it
		log     string            // the log's last line, as a regular expression
		status  int               // of every address, /nowhere/ but on a good build
		heading string            // the overlay's; "" for none
	}{
		{"ok", false, true, map[string]string{genPath(1): genDoc(1, "新标题", "")},
			`rebuilt after test: \d+ pages in \S+`, http.StatusOK, ""},
		{"errors before any build", false, false, map[string]string{"config.toml": "title = \n"},
			`1 error; every page shows the problems until they are fixed`, http.StatusInternalServerError,
			"站点有 1 个错误，还没有成功构建过 · 1 error; the site has not built yet"},
		{"errors", false, true, map[string]string{genPath(4): strings.Replace(genDoc(4, genTitle(4), ""), "通知公告", "通知通告", 1)},
			`1 error; still serving the last good build, with the problems shown on every page`, http.StatusOK,
			"站点有 1 个错误，正在显示上次成功构建的版本 · 1 error; showing the last good build"},
		// SaysDraft still finds draft = true in front matter that no
		// longer parses: the document is withdrawn (Rebuild.Withdrawn).
		{"a withdrawn draft with errors", false, true, map[string]string{genPath(0): strings.Replace(genDoc(0, genTitle(0), ""), "+++\ntitle", "+++\ndraft = true\ntitle = \"\nxtitle", 1)},
			regexp.QuoteMeta(`1 error; not serving the last good build: it shows 1 document now withdrawn (` + genPath(0) + `: now a draft); every address answers 503 with the problems until they are fixed`),
			http.StatusServiceUnavailable,
			"站点有 1 个错误，上次成功构建的版本含有已撤回的文件，暂不显示 · 1 error; the last good build is not shown"},
		// Under --strict a warning alone fails the build: it is what the
		// overlay and the log count, not "0 errors".
		{"warnings under --strict", true, true, map[string]string{"content/2021/files/x.pdf": "%PDF", "content/2021/files/y.pdf": "%PDF"},
			regexp.QuoteMeta(`2 warnings (--strict: warnings count as errors); still serving the last good build, with the problems shown on every page`), http.StatusOK,
			"站点有 2 个警告（--strict：警告视为错误），正在显示上次成功构建的版本 · 2 warnings (--strict: warnings count as errors); showing the last good build"},
		{"warnings under --strict before any build", true, false, map[string]string{"content/2021/files/x.pdf": "%PDF"},
			regexp.QuoteMeta(`1 warning (--strict: warnings count as errors); every page shows the problems until they are fixed`), http.StatusInternalServerError,
			"站点有 1 个警告（--strict：警告视为错误），还没有成功构建过 · 1 warning (--strict: warnings count as errors); the site has not built yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, 6)
			var log bytes.Buffer
			s := New(Config{Source: dir, Theme: gongkai.Theme, Log: &log, Build: generator.Options{Strict: tc.strict}})
			defer s.Close()
			if !tc.first {
				for name, text := range tc.edit {
					writeFile(t, dir, name, text)
				}
			}
			if r := s.Rebuild(""); r.OK != tc.first {
				t.Fatalf("first build: OK %v, want %v: %v", r.OK, tc.first, r.Problems)
			}
			if tc.first {
				for name, text := range tc.edit {
					writeFile(t, dir, name, text)
				}
				s.Rebuild("test")
			}
			lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
			if last := lines[len(lines)-1]; !regexp.MustCompile(`^` + tc.log + `$`).MatchString(last) {
				t.Errorf("the log ends %q, want %s", last, tc.log)
			}
			addresses := []string{"/", "/archive/2021/"}
			if tc.heading != "" && tc.status != http.StatusOK {
				addresses = append(addresses, "/nowhere/")
			}
			for _, u := range addresses {
				w := get(t, s, "GET", u)
				if w.Code != tc.status {
					t.Errorf("GET %s: %d, want %d", u, w.Code, tc.status)
				}
				if got := overlayHeading(w.Body.String()); got != tc.heading {
					t.Errorf("GET %s: the overlay's heading is %q, want %q", u, got, tc.heading)
				}
				if tc.strict && !strings.Contains(w.Body.String(), "content/2021/files/x.pdf: warning: is not attached to any document") {
					t.Errorf("GET %s: the overlay does not list the warning that failed the build", u)
				}
			}
		})
	}
}

// TestReloadNoteNeedsScript holds the problems to the truth without
// script: only the live-reload script reloads a page, so what a page
// says before it runs is to reload by hand, and "reloads by itself" is
// only the text the script puts in once it is connected.
func TestReloadNoteNeedsScript(t *testing.T) {
	const byHand = "修正后请手动刷新页面 · Fix the files, then reload this page."
	for _, tc := range []struct {
		name  string
		first bool   // the first build succeeds
		edit  string // config.toml's text after it
	}{
		{"the last good build", true, siteConfig + "\nnope = 1\n"},
		{"no build yet", false, "title = \n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, 2)
			s := New(Config{Source: dir, Theme: gongkai.Theme})
			defer s.Close()
			if !tc.first {
				writeFile(t, dir, "config.toml", tc.edit)
			}
			if r := s.Rebuild(""); r.OK != tc.first {
				t.Fatalf("first build: OK %v, want %v: %v", r.OK, tc.first, r.Problems)
			}
			writeFile(t, dir, "config.toml", tc.edit)
			if s.Rebuild("test").OK {
				t.Fatal("a broken config built")
			}
			page := get(t, s, "GET", "/").Body.String()
			says := dataLive.ReplaceAllString(page, "")
			if !strings.Contains(says, byHand) {
				t.Errorf("without script, the page does not say %q", byHand)
			}
			for _, claim := range []string{"reloads by itself", "自动刷新"} {
				if strings.Contains(says, claim) {
					t.Errorf("without script, the page still says %q", claim)
				}
			}
			if !strings.Contains(page, `data-live="修正后页面会自动刷新 · Fix the files: this page reloads by itself."`) {
				t.Error("the live-reload script has no text to put in")
			}
		})
	}
}

// dataLive is the text that the live-reload script puts into a page.
var dataLive = regexp.MustCompile(` data-live="[^"]*"`)

// overlayHeading is the text of the overlay's heading in a page served,
// or "" when the page has no overlay.
func overlayHeading(page string) string {
	_, overlay, ok := strings.Cut(page, ` id="gongkai-problems"`)
	if !ok {
		return ""
	}
	_, h, _ := strings.Cut(overlay, "<h2")
	_, h, _ = strings.Cut(h, ">")
	h, _, _ = strings.Cut(h, "</h2>")
	return h
}

// sseClient reads one page's event stream.
type sseClient struct {
	events chan string
	cancel context.CancelFunc
}

func listen(t testing.TB, base, page string, gen int64) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s%s?page=%s&gen=%d", base, eventsPath, page, gen), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("event stream has type %q", ct)
	}
	c := &sseClient{events: make(chan string, 16), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && ev != "":
				c.events <- ev + " " + strings.TrimPrefix(line, "data: ")
				ev = ""
			}
		}
		close(c.events)
	}()
	return c
}

func (c *sseClient) next(t *testing.T) string {
	t.Helper()
	select {
	case e, ok := <-c.events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event in 5 s")
	}
	return ""
}

func (c *sseClient) none(t *testing.T) {
	t.Helper()
	select {
	case e := <-c.events:
		t.Errorf("unexpected event %q", e)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestLiveReloadEvents(t *testing.T) {
	s, dir := newTestServer(t, 8)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	gen := s.gen
	doc := listen(t, ts.URL, "/archive/2021/doc-00000/", gen)
	other := listen(t, ts.URL, "/archive/2022/doc-00001/", gen)
	gone := listen(t, ts.URL, "/archive/2023/doc-00002/", gen)
	defer doc.cancel()
	defer other.cancel()
	defer gone.cancel()
	waitClients(t, s, 3)

	// A body edit reloads that document's page only.
	writeFile(t, dir, genPath(0), genDoc(0, genTitle(0), "新增一段。\n"))
	s.Rebuild("test")
	if e := doc.next(t); e != "reload {}" {
		t.Errorf("edited page got %q", e)
	}
	other.none(t)

	// A stylesheet is swapped, not reloaded.
	writeFile(t, dir, "static/css/site.css", "body { color: #222 }\n")
	s.Rebuild("test")
	for _, c := range []*sseClient{doc, other, gone} {
		if e := c.next(t); e != `css ["css/site.css"]` {
			t.Errorf("after a stylesheet change: %q", e)
		}
	}

	// A deleted document's page reloads (to the 404 page).
	if err := removeFile(dir, genPath(2)); err != nil {
		t.Fatal(err)
	}
	s.Rebuild("test")
	if e := gone.next(t); e != "reload {}" {
		t.Errorf("deleted page got %q", e)
	}

	// A broken edit reloads every page, and so does its fix.
	writeFile(t, dir, genPath(3), "+++\ntitle = \"\n+++\n")
	s.Rebuild("test")
	writeFile(t, dir, genPath(3), genDoc(3, genTitle(3), ""))
	s.Rebuild("test")
	for _, c := range []*sseClient{doc, other} {
		if e := c.next(t); e != "reload {}" {
			t.Errorf("after a broken edit: %q", e)
		}
	}

	// A page served before a change it has not heard of reloads at once.
	late := listen(t, ts.URL, "/", gen)
	defer late.cancel()
	if e := late.next(t); e != "reload {}" {
		t.Errorf("stale page got %q", e)
	}

	// A script that pages load reloads them.
	writeFile(t, dir, "static/js/site.js", "/* changed */\n")
	s.Rebuild("test")
	for _, c := range []*sseClient{doc, other, late} {
		if e := c.next(t); e != "reload {}" {
			t.Errorf("after a script change: %q", e)
		}
	}
}

func waitClients(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.hub.count() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d pages listening, want %d", s.hub.count(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestEventsDoNotLeak opens and drops many event streams: each handler
// must end with its request.
func TestEventsDoNotLeak(t *testing.T) {
	s, _ := newTestServer(t, 2)
	ts := httptest.NewServer(s)
	base := runtime.NumGoroutine()
	var clients []*sseClient
	for i := 0; i < 50; i++ {
		clients = append(clients, listen(t, ts.URL, "/", s.gen))
	}
	waitClients(t, s, 50)
	for _, c := range clients {
		c.cancel()
	}
	waitClients(t, s, 0)
	http.DefaultClient.CloseIdleConnections()
	settleGoroutines(t, base)

	// Close ends the streams still open, so shutdown does not wait.
	c := listen(t, ts.URL, "/", s.gen)
	waitClients(t, s, 1)
	s.Close()
	select {
	case _, ok := <-c.events:
		if ok {
			t.Error("event after Close")
		}
	case <-time.After(5 * time.Second):
		t.Error("stream still open after Close")
	}
	c.cancel()
	ts.Close()
}
