package preview

import (
	"bytes"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ServeHTTP serves the last good build from memory: index.html for a
// folder, the site's 404.html with status 404 for anything else, and
// never a name outside the site. While there is no good build, or it is
// withheld, every address answers with the problems alone.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == eventsPath {
		s.serveEvents(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := siteName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	site, overlay, gen, state := s.site, s.overlay, s.gen, s.state()
	s.mu.RUnlock()

	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if state != stateLastGood {
		// No build has succeeded yet, or the last one shows what is now
		// withdrawn: every address, whatever its type, shows the problems.
		body, status := errorPage(overlay, gen), http.StatusInternalServerError
		if state == stateWithheld {
			status = http.StatusServiceUnavailable
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}

	status := http.StatusOK
	f := site.files[name]
	if f == nil && !strings.HasSuffix(name, "index.html") && site.files[name+"/index.html"] != nil {
		target := r.URL.Path + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	if f == nil {
		status, name, f = http.StatusNotFound, "404.html", site.files["404.html"]
		if f == nil {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
	}

	body, etag := f.data, f.tag()
	ctype := contentType(name, body)
	if strings.HasPrefix(ctype, "text/html") {
		body = inject(body, overlay, gen)
		etag += "-" + strconv.FormatInt(gen, 10)
	}
	h.Set("Content-Type", ctype)
	h.Set("ETag", `"`+etag+`"`)
	if status == http.StatusOK {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// siteName turns a request path into the name of a file of the site:
// "/" is "index.html", "/archive/" is "archive/index.html". Paths that
// try to step outside the site (dot segments, backslashes, NUL, empty
// segments), in any encoding, are refused: net/http has already decoded
// the path, so %2e%2e arrives here as "..".
func siteName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	name := p[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return name, fs.ValidPath(name)
}

// textTypes are the types of text files the generator writes; they are
// UTF-8, and say so.
var textTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "text/javascript",
	".json": "application/json",
	".xml":  "application/xml",
	".svg":  "image/svg+xml",
	".ics":  "text/calendar",
	".txt":  "text/plain",
	".csv":  "text/csv",
	".md":   "text/markdown",
}

// contentType names a file's type. Attachments in text formats may come
// in an older Chinese encoding: they are called UTF-8 only when they are.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := textTypes[ext]; ok {
		if ext == ".txt" || ext == ".csv" || ext == ".md" {
			if !utf8.Valid(data) {
				return t
			}
		}
		return t + "; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds, before </body>, the number of the state the page is served
// in (the live-reload script compares it with the server's) and the
// problem overlay, if the site has errors.
func inject(page, overlay []byte, gen int64) []byte {
	marker := []byte("</body>")
	at := bytes.LastIndex(page, marker)
	if at < 0 {
		at = len(page)
	}
	extra := fmt.Sprintf(`<script>window.gongkaiGeneration=%d</script>`, gen)
	out := make([]byte, 0, len(page)+len(extra)+len(overlay))
	out = append(out, page[:at]...)
	out = append(out, extra...)
	out = append(out, overlay...)
	return append(out, page[at:]...)
}

// errorPage stands in for every page until a build succeeds, or while
// the last good build is withheld. The overlay, rendered for the same
// state, says what is served and why: its inline style lays it over the
// whole page with or without script, so this page's own text is seen
// only once the overlay is closed, and does not depend on the state.
func errorPage(overlay []byte, gen int64) []byte {
	page := `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>站点有错误 · The site has errors</title></head>
<body>
<p>站点有错误，修正之前不显示任何页面。<br>The site has errors, so no page is shown until they are fixed.<br>` + reloadNote + `</p>
` + liveScript + `
</body>
</html>
`
	return inject([]byte(page), overlay, gen)
}
