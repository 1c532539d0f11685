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

// TestDraftElsewhereKeepsSite: a new document, never published, is a
// draft that breaks: the last good build stays served under the overlay,
// which names the draft's error but keeps its lines out.
func TestDraftElsewhereKeepsSite(t *testing.T) {
	s, dir := newTestServer(t, 6)
	writeFile(t, dir, "content/2024/new.md", "+++\ndraft = true\ntitle = \"关于mkdraftlinesq的通知\"\ndate = 2024-02-30\n+++\n正文\n")
	r := s.Rebuild("test")
	if r.OK {
		t.Fatal("a draft with a bad date built")
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
