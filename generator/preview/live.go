package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// eventsPath is where pages listen for rebuilds. No site file can have
// this name: the generator never writes names starting with "_".
const eventsPath = "/_gongkai/events"

// liveScript is added to every page the preview builds (through
// Options.LiveReload, so gongkai build never writes it). It connects
// once the page is parsed, when the generation number the server added
// before </body> is known. Once connected, it makes the problems say that
// the page now reloads by itself (reloadNote).
const liveScript = `<script>
(function () {
  if (!window.EventSource) return;
  function connect() {
    var es = new EventSource("/_gongkai/events?page=" + encodeURIComponent(location.pathname) + "&gen=" + window.gongkaiGeneration);
    es.addEventListener("open", function () {
      document.querySelectorAll(".gongkai-reload").forEach(function (note) { note.textContent = note.dataset.live; });
    });
    es.addEventListener("reload", function () { es.close(); location.reload(); });
    es.addEventListener("css", function (e) {
      var names = JSON.parse(e.data);
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        var u = new URL(link.href);
        if (names.indexOf(decodeURIComponent(u.pathname).replace(/^\//, "")) < 0) return;
        u.searchParams.set("v", Date.now());
        var next = link.cloneNode();
        next.href = u.href;
        next.onload = function () { link.remove(); };
        link.after(next);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect);
  else connect();
})();
</script>`

// event is what one open page is told.
type event struct {
	kind string   // "reload" or "css"
	css  []string // for "css": the stylesheets to swap
}

// client is one open page.
type client struct {
	path string // the page's URL path, as the browser shows it
	name string // the file it was served (guarded by hub.mu)

	mu      sync.Mutex
	pending *event
	wake    chan struct{}
}

// post merges e into what the page has not been told yet. It never
// blocks: a page that does not read its stream holds up nobody.
func (c *client) post(e *event) {
	c.mu.Lock()
	switch {
	case c.pending == nil || e.kind == "reload":
		c.pending = e
	case c.pending.kind == "css":
		c.pending = &event{kind: "css", css: append(append([]string(nil), c.pending.css...), e.css...)}
	}
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *client) take() *event {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.pending
	c.pending = nil
	return e
}

// hub is every open page.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	closed  chan struct{}
	once    sync.Once
}

func newHub() *hub { return &hub{clients: map[*client]bool{}, closed: make(chan struct{})} }

// add registers c, running init under the hub's lock so that no notify
// falls between what init reads and the registration.
func (h *hub) add(c *client, init func()) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.closed:
		return false
	default:
	}
	init()
	h.clients[c] = true
	return true
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// notify asks decide what each page must do.
func (h *hub) notify(decide func(*client) *event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if e := decide(c); e != nil {
			c.post(e)
		}
	}
}

func (h *hub) close() { h.once.Do(func() { close(h.closed) }) }

// count is how many pages listen, for tests.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// resolve names the file a URL path is served from: the page itself, or
// 404.html. "" when there is no site or the path is refused.
func (sn *snapshot) resolve(urlPath string) string {
	if sn == nil {
		return ""
	}
	name, ok := siteName(urlPath)
	if !ok {
		return ""
	}
	if sn.files[name] != nil {
		return name
	}
	if sn.files[name+"/index.html"] != nil {
		return name + "/index.html"
	}
	return "404.html"
}

// decide returns what each open page must do after a build that changed
// the files in changed: reload when the file it shows changed (or it now
// resolves to another file), when a script it loads changed (for the
// search page, its index too), or when reloadAll (the overlay came,
// changed or went); swap stylesheets when only those changed.
func (s *Server) decide(changed []string, reloadAll bool) func(*client) *event {
	s.mu.RLock()
	site := s.site
	s.mu.RUnlock()
	set := map[string]bool{}
	var css, scripts []string
	for _, n := range changed {
		set[n] = true
		switch path.Ext(n) {
		case ".css":
			css = append(css, n)
		case ".js":
			scripts = append(scripts, n)
		}
	}
	return func(c *client) *event {
		name := site.resolve(c.path)
		moved := name != c.name
		c.name = name
		if reloadAll || moved || set[name] || site.loadsAny(name, scripts) {
			return &event{kind: "reload"}
		}
		if len(css) > 0 {
			return &event{kind: "css", css: css}
		}
		return nil
	}
}

// scriptSrc finds the scripts a page loads.
var scriptSrc = regexp.MustCompile(`<script[^>]*\ssrc="?([^"\s>]+)`)

// loadsAny reports whether the page name loads one of the scripts: by a
// <script src>, or, for the search page, as its index under search/.
func (sn *snapshot) loadsAny(name string, scripts []string) bool {
	if len(scripts) == 0 || sn == nil || sn.files[name] == nil {
		return false
	}
	loaded := map[string]bool{}
	for _, m := range scriptSrc.FindAllSubmatch(sn.files[name].data, -1) {
		src := string(m[1])
		if strings.Contains(src, "://") || strings.HasPrefix(src, "//") {
			continue
		}
		if i := strings.IndexAny(src, "?#"); i >= 0 {
			src = src[:i]
		}
		if u, err := url.PathUnescape(src); err == nil {
			src = u
		}
		if strings.HasPrefix(src, "/") {
			loaded[strings.TrimPrefix(path.Clean(src), "/")] = true
		} else {
			loaded[path.Join(path.Dir(name), src)] = true
		}
	}
	for _, js := range scripts {
		if loaded[js] || (name == "search/index.html" && strings.HasPrefix(js, "search/")) {
			return true
		}
	}
	return false
}

// serveEvents streams rebuild events to one page until the page goes
// away (the request's context ends) or the server closes.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	q := r.URL.Query()
	c := &client{path: q.Get("page"), wake: make(chan struct{}, 1)}
	served, err := strconv.ParseInt(q.Get("gen"), 10, 64)
	stale := false
	ok := s.hub.add(c, func() {
		s.mu.RLock()
		c.name = s.site.resolve(c.path)
		stale = err != nil || served != s.gen
		s.mu.RUnlock()
	})
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.remove(c)
	if stale {
		c.post(&event{kind: "reload"}) // the site changed between serving the page and now
	}

	// The server's write timeout counts from the request, and would end
	// the stream: each write is given it anew instead, so a page that
	// stops reading is dropped one timeout after its last event.
	send := func(text string) bool {
		rc.SetWriteDeadline(time.Now().Add(s.timeouts.write))
		if _, err := io.WriteString(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if !send("retry: 1000\n\n") {
		return
	}
	ping := time.NewTicker(s.timeouts.heartbeat)
	defer ping.Stop()
	for {
		var text string
		select {
		case <-r.Context().Done():
			return
		case <-s.hub.closed:
			return
		case <-ping.C:
			text = ": ping\n\n"
		case <-c.wake:
			e := c.take()
			if e == nil {
				continue
			}
			data := "{}"
			if e.kind == "css" {
				b, _ := json.Marshal(e.css)
				data = string(b)
			}
			text = fmt.Sprintf("event: %s\ndata: %s\n\n", e.kind, data)
		}
		if !send(text) {
			return
		}
	}
}
