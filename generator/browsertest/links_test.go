package browsertest

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// TestLinks crawls each build from its home page, and from a missing URL
// deep in the site (the 404 page), and fails on any link, attachment,
// stylesheet, script or #fragment that does not resolve. It needs no
// browser.
func TestLinks(t *testing.T) {
	e := sites(t)
	client := &http.Client{}
	for _, name := range []string{"root", "root-offline", "sub", "sub-offline"} {
		s := e.sites[name]
		t.Run(name, func(t *testing.T) {
			c := &crawler{t: t, scope: s.base, offline: s.offline, fetch: httpFetch(client)}
			if s.offline {
				// Offline pages link relatively, the 404 page too: it
				// works where it lies, which is all a disk needs.
				c.run(start{s.base, 200}, start{s.base + "404.html", 200})
			} else {
				// A host serves the 404 page at any missing URL, so its
				// links must work from deep inside the site too.
				c.run(start{s.base, 200}, start{s.base + "no/such/page/", 404})
			}
			c.reachedAll(s.dir)
		})
	}
	// An offline build opened from a disk: file:// serves files, not
	// folders, so every link must name a file that exists.
	t.Run("file-offline", func(t *testing.T) {
		s := e.sites["root-offline"]
		home := (&url.URL{Scheme: "file", Path: filepath.ToSlash(s.dir) + "/index.html"}).String()
		c := &crawler{t: t, scope: strings.TrimSuffix(home, "index.html"), offline: true, fetch: fileFetch}
		c.run(start{home, 200})
		c.reachedAll(s.dir)
	})
}

type response struct {
	status int
	body   []byte
	html   bool
}

type crawler struct {
	t       *testing.T
	scope   string // every internal link starts with this
	offline bool
	fetch   func(u string) (response, error)

	visited map[string]bool            // URLs fetched, without fragment
	ids     map[string]map[string]bool // the ids of each HTML page
	links   []link
}

type link struct {
	from, to string // to is absolute, fragment kept
}

// start is a page the crawl starts from, with the status it must have.
type start struct {
	url    string
	status int
}

// run crawls from the start pages.
func (c *crawler) run(from ...start) {
	c.visited, c.ids = map[string]bool{}, map[string]map[string]bool{}
	queue := []link{}
	for _, s := range from {
		r, err := c.fetch(s.url)
		if err != nil {
			c.t.Fatalf("%s: %v", s.url, err)
		}
		if r.status != s.status || !r.html {
			c.t.Fatalf("%s: status %d (HTML %v), want %d with a page", s.url, r.status, r.html, s.status)
		}
		c.visited[s.url] = true
		queue = append(queue, c.page(s.url, r.body)...)
	}
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		target, _, _ := strings.Cut(l.to, "#")
		if c.visited[target] {
			continue
		}
		c.visited[target] = true
		r, err := c.fetch(target)
		if err != nil {
			c.t.Errorf("%s links to %s: %v", l.from, l.to, err)
			continue
		}
		if r.status != http.StatusOK {
			c.t.Errorf("%s links to %s: status %d", l.from, l.to, r.status)
			continue
		}
		if len(r.body) == 0 {
			c.t.Errorf("%s links to %s, which is empty", l.from, l.to)
		}
		if r.html {
			queue = append(queue, c.page(target, r.body)...)
		}
	}
	for _, l := range c.links {
		target, frag, ok := strings.Cut(l.to, "#")
		if !ok || frag == "" {
			continue
		}
		frag, _ = url.PathUnescape(frag)
		if ids, isPage := c.ids[target]; isPage && !ids[frag] {
			c.t.Errorf("%s links to %s, but that page has no id %q", l.from, l.to, frag)
		}
	}
	if len(c.ids) < 10 {
		c.t.Errorf("the crawl found only %d pages", len(c.ids))
	}
}

// page records a page's ids and returns its internal links.
func (c *crawler) page(u string, body []byte) []link {
	base, err := url.Parse(u)
	if err != nil {
		c.t.Fatal(err)
	}
	ids := map[string]bool{}
	c.ids[u] = ids
	var out []link
	for _, a := range attributes(body) {
		if a.name == "id" {
			ids[a.value] = true
			continue
		}
		if !isLinkAttr(a.tag, a.name) {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(a.value))
		if err != nil {
			c.t.Errorf("%s: <%s %s=%q> is not a URL: %v", u, a.tag, a.name, a.value, err)
			continue
		}
		abs := base.ResolveReference(ref)
		if abs.Scheme != base.Scheme || abs.Host != base.Host {
			if abs.Scheme == "file" || abs.Host == "127.0.0.1" {
				c.t.Errorf("%s: <%s %s=%q> leaves the site", u, a.tag, a.name, a.value)
			}
			continue // another site: not ours to check
		}
		s := abs.String()
		if !strings.HasPrefix(s, c.scope) {
			c.t.Errorf("%s: <%s %s=%q> points outside the site (%s)", u, a.tag, a.name, a.value, s)
			continue
		}
		samePage := ref.Scheme == "" && ref.Host == "" && ref.Path == "" && ref.RawQuery == ""
		if c.offline && strings.HasSuffix(abs.Path, "/") && !samePage {
			c.t.Errorf("%s: <%s %s=%q> names a folder, which a disk does not open", u, a.tag, a.name, a.value)
		}
		l := link{from: u, to: s}
		c.links = append(c.links, l)
		out = append(out, l)
	}
	return out
}

// reachedAll fails for a page or attachment of the build that no link
// reaches: a reader could never find it.
func (c *crawler) reachedAll(dir string) {
	reached := map[string]bool{}
	for u := range c.visited {
		if rel, ok := strings.CutPrefix(u, c.scope); ok {
			rel, _ = url.PathUnescape(rel)
			if rel == "" || strings.HasSuffix(rel, "/") {
				rel += "index.html"
			}
			reached[rel] = true
		}
	}
	var lost []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "404.html" || strings.HasPrefix(rel, "search/") && rel != "search/index.html" {
			return nil // served for missing URLs; the search page's data
		}
		if (strings.HasSuffix(rel, ".html") || strings.HasPrefix(rel, "archive/")) && !reached[rel] {
			lost = append(lost, rel)
		}
		return nil
	})
	sort.Strings(lost)
	for _, rel := range lost {
		c.t.Errorf("%s is published but no link reaches it", rel)
	}
}

func httpFetch(client *http.Client) func(string) (response, error) {
	return func(u string) (response, error) {
		resp, err := client.Get(u)
		if err != nil {
			return response{}, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return response{status: resp.StatusCode, body: body, html: strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")}, err
	}
}

// fileFetch reads a file:// URL as a browser does from a disk.
func fileFetch(u string) (response, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return response{}, err
	}
	p := filepath.FromSlash(parsed.Path)
	fi, err := os.Stat(p)
	if err != nil {
		return response{status: http.StatusNotFound}, nil
	}
	if fi.IsDir() {
		return response{}, fmt.Errorf("a folder: from a disk the browser shows a file listing, not the page")
	}
	body, err := os.ReadFile(p)
	return response{status: http.StatusOK, body: body, html: strings.HasSuffix(p, ".html")}, err
}

type attribute struct{ tag, name, value string }

// attributes lists every attribute of every start tag in an HTML page.
func attributes(body []byte) []attribute {
	var out []attribute
	l := html.NewLexer(parse.NewInputBytes(body))
	tag := ""
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
		case html.AttributeToken:
			v := l.AttrVal()
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			out = append(out, attribute{tag, strings.ToLower(string(l.Text())), stdhtml.UnescapeString(string(bytes.TrimSpace(v)))})
		}
	}
}

func isLinkAttr(tag, name string) bool {
	switch name {
	case "href":
		return tag == "a" || tag == "link" || tag == "area"
	case "src":
		return tag == "script" || tag == "img" || tag == "iframe" || tag == "source" || tag == "video" || tag == "audio"
	case "action":
		return tag == "form"
	}
	return false
}
