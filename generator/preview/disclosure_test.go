package preview

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gongkai/gongkai"
)

// markedDoc is document 0 of a generated site, with a marker (a word
// found nowhere else) in some of its parts.
type markedDoc struct {
	mk                  string
	inFields, inBody    bool // title, number, keywords, summary, slug, schedule; the body
	inAttachment        bool // the attachment's title, file name and content
	inAttachmentContent bool // its content only
}

func (d markedDoc) word(in bool, plain string) string {
	if in {
		return d.mk
	}
	return plain
}

// text is the document's source, as a draft or published.
func (d markedDoc) text(draft bool) string {
	var b strings.Builder
	b.WriteString("+++\n")
	if draft {
		b.WriteString("draft = true\n")
	}
	fmt.Fprintf(&b, "title = \"关于%s的通知\"\nindex = \"00001434-9/2021-00000\"\nissuer = \"示范区教育工会\"\ndate = 2021-03-08\ncategory = \"通知公告\"\n", d.word(d.inFields, "春季工作"))
	fmt.Fprintf(&b, "number = \"示教工〔2021〕%s号\"\nkeywords = [\"工作\", %q]\nsummary = \"摘要%s\"\nslug = %q\n",
		d.word(d.inFields, "1"), d.word(d.inFields, "春季"), d.word(d.inFields, "春季"), d.word(d.inFields, "spring"))
	fmt.Fprintf(&b, "\n[[attachments]]\ntitle = \"附件%s\"\nfile = \"files/%s.txt\"\n", d.word(d.inAttachment, "一"), d.attachmentName())
	fmt.Fprintf(&b, "\n[[schedule]]\nmonth = 3\nitem = \"组织%s活动\"\nowner = \"各基层工会\"\n", d.word(d.inFields, "三八妇女节"))
	fmt.Fprintf(&b, "+++\n各基层工会：\n\n正文%s，确保各项工作落到实处。\n", d.word(d.inBody, "一段"))
	return b.String()
}

func (d markedDoc) attachmentName() string { return d.word(d.inAttachment, "fujian") }

func (d markedDoc) attachment() string {
	return "附件内容 " + d.word(d.inAttachment || d.inAttachmentContent, "plain") + "\n"
}

// TestDisclosureWhileServing turns a published document into a draft and
// back while the preview serves the site: while it is a draft, no byte of
// any file served (pages, lists, feeds, sitemap, catalog.json, search
// data, calendars, attachments) and no file name carries its marker, and
// its addresses answer 404; published again, the marker is back.
func TestDisclosureWhileServing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		doc   markedDoc
		shows []string // files that carry the marker while published
	}{
		{"every field", markedDoc{mk: "mkservefieldsq", inFields: true, inBody: true, inAttachment: true},
			[]string{`archive/2021/mkservefieldsq/index\.html`, `archive/2021/index\.html`, `catalog\.json`, `feed\.xml`, `sitemap\.xml`,
				`search/.*`, `archive/2021/mkservefieldsq/schedule\.ics`, `archive/2021/mkservefieldsq/mkservefieldsq\.txt`}},
		{"body only", markedDoc{mk: "mkservebodyzq", inBody: true}, []string{`archive/2021/spring/index\.html`}},
		{"attachment only", markedDoc{mk: "mkserveattachq", inAttachmentContent: true}, []string{`archive/2021/spring/fujian\.txt`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, 12)
			d := tc.doc
			writeFile(t, dir, "content/2021/files/"+d.attachmentName()+".txt", d.attachment())
			s := New(Config{Source: dir, Theme: gongkai.Theme})
			defer s.Close()
			var urls []string // the document's addresses while published
			for round, draft := range []bool{false, true, false, true} {
				writeFile(t, dir, genPath(0), d.text(draft))
				if r := s.Rebuild("test"); !r.OK {
					t.Fatalf("round %d: build failed: %v", round, r.Problems)
				}
				served := serveAll(t, s)
				if !draft {
					urls = urls[:0]
					for _, pattern := range tc.shows {
						re := regexp.MustCompile("^" + pattern + "$")
						found := false
						for name, data := range served {
							if re.MatchString(name) && bytes.Contains(bytes.ToLower(data), []byte(d.mk)) {
								found = true
							}
						}
						if !found {
							t.Errorf("round %d, published: no served file %s carries %s", round, pattern, d.mk)
						}
					}
					for name := range served {
						if strings.HasPrefix(name, "archive/2021/"+d.word(d.inFields, "spring")+"/") {
							urls = append(urls, "/"+strings.TrimSuffix(name, "index.html"))
						}
					}
					if len(urls) < 3 {
						t.Fatalf("round %d: the document has only %v", round, urls)
					}
					continue
				}
				for name, data := range served {
					if strings.Contains(strings.ToLower(name), d.mk) {
						t.Errorf("round %d, a draft: %s is served, named after it", round, name)
					}
					if bytes.Contains(bytes.ToLower(data), []byte(d.mk)) {
						t.Errorf("round %d, a draft: %s carries %s", round, name, d.mk)
					}
				}
				for _, u := range urls {
					w := get(t, s, "GET", u)
					if w.Code != http.StatusNotFound || bytes.Contains(bytes.ToLower(w.Body.Bytes()), []byte(d.mk)) {
						t.Errorf("round %d, a draft: GET %s answers %d", round, u, w.Code)
					}
				}
			}
		})
	}
}

// serveAll asks the server for every file it serves, by its address,
// and returns what came back.
func serveAll(t *testing.T, s *Server) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name := range s.Files() {
		req := httptest.NewRequest("GET", "/"+strings.TrimSuffix(name, "index.html"), nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK && name != "404.html" {
			t.Errorf("GET /%s: %d", name, w.Code)
		}
		out[name] = w.Body.Bytes()
	}
	return out
}

// TestDraftWithErrorsWithholdsSite withdraws a published document in a
// save that also leaves the site with errors, as drafting a document
// that another one links to with index: does. The last good build holds
// every byte of the document, so while the errors last no address serves
// that build: each answers 503 with the problems and names the document
// withdrawn, none carries its marker (page, attachment, calendar,
// catalog.json, sitemap, feeds, search data alike), and its open page
// reloads. Once the link is removed the site is a full build's, without
// the document.
func TestDraftWithErrorsWithholdsSite(t *testing.T) {
	d := markedDoc{mk: "mkwithheldq", inFields: true, inBody: true, inAttachment: true}
	linking := genDoc(1, genTitle(1), "参见[相关通知](index:00001434-9/2021-00000)。\n")
	for _, tc := range []struct {
		name     string
		withdraw func(dir string) error // the one save
		fixed    string                 // what the document's file holds once the errors are fixed; "" for no file
		why      string                 // what the overlay says of it
		draft    bool
	}{
		{"made a draft", func(dir string) error { writeFile(t, dir, genPath(0), d.text(true)); return nil },
			d.text(true), "现为草稿 · now a draft", true},
		// The draft's own front matter is broken too, next to its title:
		// the overlay names the error but does not show those lines.
		{"made a draft that does not parse", func(dir string) error {
			writeFile(t, dir, genPath(0), strings.Replace(d.text(true), `index = "00001434-9/2021-00000"`, `index = "00001434-9/2021-00000`, 1))
			return nil
		}, d.text(true), "现为草稿 · now a draft", true},
		{"deleted", func(dir string) error { return removeFile(dir, genPath(0)) }, "", "已删除或无法读取 · removed or unreadable", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, 12)
			writeFile(t, dir, "content/2021/files/"+d.attachmentName()+".txt", d.attachment())
			writeFile(t, dir, genPath(0), d.text(false))
			writeFile(t, dir, genPath(1), linking)
			var log bytes.Buffer
			s := New(Config{Source: dir, Theme: gongkai.Theme, Log: &log})
			defer s.Close()
			if r := s.Rebuild(""); !r.OK {
				t.Fatalf("first build failed: %v", r.Problems)
			}
			// Published, the marker is in every kind of file, so that its
			// absence below means something.
			published := serveAll(t, s)
			for _, name := range []string{"archive/2021/mkwithheldq/index.html", "archive/2021/mkwithheldq/mkwithheldq.txt",
				"archive/2021/mkwithheldq/schedule.ics", "archive/2021/schedule/index.html", "archive/2021/schedule.ics", "catalog.json", "sitemap.xml", "feed.xml"} {
				if !bytes.Contains(published[name], []byte(d.mk)) {
					t.Fatalf("published, %s does not carry %s", name, d.mk)
				}
			}
			inSearch := false
			for name, data := range published {
				inSearch = inSearch || strings.HasPrefix(name, "search/") && bytes.Contains(data, []byte(d.mk))
			}
			if !inSearch {
				t.Fatalf("published, no search file carries %s", d.mk)
			}

			ts := httptest.NewServer(s)
			defer ts.Close()
			page := listen(t, ts.URL, "/archive/2021/mkwithheldq/", s.gen)
			defer page.cancel()
			waitClients(t, s, 1)

			if err := tc.withdraw(dir); err != nil {
				t.Fatal(err)
			}
			r := s.Rebuild("test")
			if r.OK {
				t.Fatal("the site built with a link to a document withdrawn")
			}
			if len(r.Withheld) != 1 || r.Withheld[0].Path != genPath(0) || r.Withheld[0].Draft != tc.draft {
				t.Errorf("withheld %+v, want %s (draft %v)", r.Withheld, genPath(0), tc.draft)
			}
			if e := page.next(t); e != "reload {}" {
				t.Errorf("the open page of the document got %q", e)
			}
			wantLog := "not serving the last good build: it shows 1 document now withdrawn (" + genPath(0) + ": " + strings.Split(tc.why, " · ")[1] + ")"
			if !strings.Contains(log.String(), wantLog) {
				t.Errorf("the log lacks %q:\n%s", wantLog, log.String())
			}

			addresses := []string{"/", "/nowhere/", "/archive/2021/mkwithheldq"}
			for name := range published {
				addresses = append(addresses, "/"+strings.TrimSuffix(name, "index.html"))
			}
			for _, u := range addresses {
				w := get(t, s, "GET", u)
				body := w.Body.String()
				if w.Code != http.StatusServiceUnavailable || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
					t.Errorf("GET %s while withheld: %d, %s", u, w.Code, w.Header().Get("Content-Type"))
				}
				if strings.Contains(strings.ToLower(body), d.mk) {
					t.Errorf("GET %s while withheld carries %s", u, d.mk)
				}
				for _, want := range []string{`id="gongkai-problems"`, genPath(1) + ":", "links to index", genPath(0) + "：" + tc.why, "EventSource"} {
					if !strings.Contains(body, want) {
						t.Errorf("GET %s while withheld lacks %q", u, want)
						break
					}
				}
				if h := get(t, s, "HEAD", u); h.Code != http.StatusServiceUnavailable || h.Body.Len() != 0 {
					t.Errorf("HEAD %s while withheld: %d with %d bytes", u, h.Code, h.Body.Len())
				}
			}

			// The fix: the link goes; the document stays a draft, or gone.
			writeFile(t, dir, genPath(1), genDoc(1, genTitle(1), ""))
			if tc.fixed != "" {
				writeFile(t, dir, genPath(0), tc.fixed)
			}
			if r := s.Rebuild("test"); !r.OK {
				t.Fatalf("the fixed site failed: %v", r.Problems)
			}
			if e := page.next(t); e != "reload {}" {
				t.Errorf("after the fix, the open page got %q", e)
			}
			if diff := diffSites(s.Files(), fullBuild(t, dir)); diff != "" {
				t.Errorf("after the fix: %s", diff)
			}
			for name, data := range serveAll(t, s) {
				if bytes.Contains(bytes.ToLower(data), []byte(d.mk)) {
					t.Errorf("after the fix, %s carries %s", name, d.mk)
				}
			}
			if w := get(t, s, "GET", "/archive/2021/mkwithheldq/"); w.Code != http.StatusNotFound {
				t.Errorf("after the fix, the document's page answers %d", w.Code)
			}
		})
	}
}

// TestDraftElsewhereKeepsSite: a save that leaves errors but withdraws
// nothing of the last good build (a new document, never published, is a
// draft that breaks) keeps that build served under the overlay, and the
// draft's lines stay out of the overlay.
func TestDraftElsewhereKeepsSite(t *testing.T) {
	s, dir := newTestServer(t, 6)
	writeFile(t, dir, "content/2024/new.md", "+++\ndraft = true\ntitle = \"关于mkdraftlinesq的通知\"\ndate = 2024-02-30\n+++\n正文\n")
	r := s.Rebuild("test")
	if r.OK || len(r.Withheld) != 0 {
		t.Fatalf("a draft with a bad date: OK %v, withheld %v", r.OK, r.Withheld)
	}
	w := get(t, s, "GET", "/archive/2021/")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, genTitle(5)) {
		t.Errorf("the last good build is not served: %d", w.Code)
	}
	if !strings.Contains(body, "content/2024/new.md:4:") || !strings.Contains(body, "a draft&#39;s lines are not shown") {
		t.Errorf("the overlay does not name the draft's error without its lines:\n%s", body[strings.Index(body, `id="gongkai-problems"`):])
	}
	if strings.Contains(body, "mkdraftlinesq") {
		t.Error("the overlay shows the draft's lines")
	}
}
