package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gongkai/gongkai"
)

// Hostile input: what a careless or malicious author can put in a site.
// Each test states what the build does with it.

// payload is markup that would run if any field were written unescaped.
const payload = `"'><script>alert(1)</script><img src=x onerror=alert(2)>`

// TestScriptInEveryFieldEscaped puts the payload in every front-matter
// field a document has, in the config's texts and in a page title, and
// checks that no output file carries it as markup: HTML escapes it, XML
// and JSON encode it, and the search shards stay valid JavaScript.
func TestScriptInEveryFieldEscaped(t *testing.T) {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	cfg := "index_pattern = '.*'\ndescription = " + q("描述"+payload) + "\n" + testConfig
	doc := fmt.Sprintf(`+++
title = %[1]s
index = %[2]s
issuer = "测试区教育工会"
date = 2024-03-18
category = "年度计划总结"
genre = %[1]s
number = %[1]s
keywords = [%[1]s, "工作"]
summary = %[1]s
schedule_note = %[1]s

[[attachments]]
title = %[1]s
file = "files/a.pdf"

[[schedule]]
month = 3
item = "工作\r\nSUMMARY:injected\nBEGIN:VEVENT;x=1,2"

[[schedule]]
month = 3
item = %[1]s
owner = %[1]s
day = 2024-03-20
+++
正文<script>alert(3)</script><iframe src="https://evil.example/"></iframe>

<div onmouseover="alert(4)">块</div>

<img src=x onerror=alert(5)>
`, q("标题"+payload), q("00001434-9/2024-00001"+payload))
	fsys := mapSite(map[string]string{
		"content/2024/doc.md":      doc,
		"content/2024/files/a.pdf": "%PDF",
		"content/pages/guide.md":   "+++\ntitle = " + q("指南"+payload) + "\n+++\n<script>alert(6)</script>\n",
	})
	fsys["config.toml"] = &fstest.MapFile{Data: []byte(cfg)}
	for _, minify := range []bool{true, false} {
		out := buildMem(t, fsys, Options{NoMinify: !minify})
		checked := 0
		for name, data := range out.files {
			switch {
			case strings.HasSuffix(name, ".html"):
				for _, el := range scanHTML(string(data)) {
					if el.tag == "iframe" || el.tag == "img" || el.tag == "script" && !strings.HasSuffix(el.attrs["src"], ".js") {
						t.Errorf("minify=%v: %s has a <%s> element: %v", minify, name, el.tag, el.attrs)
					}
					for a := range el.attrs {
						if strings.HasPrefix(a, "on") {
							t.Errorf("minify=%v: %s has an event attribute %s on <%s>", minify, name, a, el.tag)
						}
					}
				}
			case strings.HasSuffix(name, ".xml"):
				if err := xml.Unmarshal(data, new(struct{})); err != nil {
					t.Errorf("%s is not well-formed XML: %v", name, err)
				}
			case strings.HasSuffix(name, ".json"):
				if !json.Valid(data) {
					t.Errorf("%s is not valid JSON", name)
				}
			case strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js"):
				if !searchShardValid(data) {
					t.Errorf("%s is not one call with JSON arguments:\n%.300s", name, data)
				}
			case strings.HasSuffix(name, ".ics"):
				for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
					if !icsLine.MatchString(l) {
						t.Errorf("%s: a field broke the calendar's lines: %q", name, l)
					}
				}
			}
			if bytes.Contains(data, []byte("alert(1)")) {
				checked++
			}
		}
		if checked < 10 {
			t.Errorf("the payload reached only %d files: the fields are not all published", checked)
		}
		title := ""
		for _, el := range scanHTML(string(out.files["archive/2024/doc/index.html"])) {
			if el.tag == "h1" {
				title = strings.TrimSpace(el.text)
			}
		}
		if want := "标题" + payload; title != want {
			t.Errorf("the document's heading reads %q, want the title as text %q", title, want)
		}
	}
}

// icsLine is a property of the calendar files, or a folded continuation.
var icsLine = regexp.MustCompile(`^(BEGIN|END|VERSION|PRODID|CALSCALE|X-WR-CALNAME|UID|DTSTAMP|DTSTART;VALUE=DATE|DTEND;VALUE=DATE|SUMMARY|DESCRIPTION|URL):|^ `)

// element is a start tag of an HTML document, with the text up to the
// next tag.
type element struct {
	tag   string
	attrs map[string]string
	text  string
}

// scanHTML lists the start tags of an HTML document as a browser reads
// them: attribute values quoted or not, so markup inside a quoted value
// is not taken for a tag. The contents of script and style are skipped.
func scanHTML(s string) []element {
	var out []element
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			if n := len(out); n > 0 {
				out[n-1].text += html.UnescapeString(s[i : i+j])
			}
			i += j
			continue
		}
		i++
		if strings.HasPrefix(s[i:], "!--") {
			end := strings.Index(s[i:], "-->")
			if end < 0 {
				break
			}
			i += end + 3
			continue
		}
		if i < len(s) && (s[i] == '/' || s[i] == '!') {
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				break
			}
			i += end + 1
			continue
		}
		el := element{attrs: map[string]string{}}
		start := i
		for i < len(s) && !strings.ContainsRune(" \t\n\r\f/>", rune(s[i])) {
			i++
		}
		el.tag = strings.ToLower(s[start:i])
		for i < len(s) && s[i] != '>' {
			for i < len(s) && strings.ContainsRune(" \t\n\r\f/", rune(s[i])) {
				i++
			}
			start = i
			for i < len(s) && !strings.ContainsRune(" \t\n\r\f/>=", rune(s[i])) {
				i++
			}
			name := strings.ToLower(s[start:i])
			val := ""
			if i < len(s) && s[i] == '=' {
				i++
				if i < len(s) && (s[i] == '"' || s[i] == '\'') {
					q := s[i]
					end := strings.IndexByte(s[i+1:], q)
					if end < 0 {
						end = len(s) - i - 1
					}
					val = s[i+1 : i+1+end]
					i += end + 2
				} else {
					start = i
					for i < len(s) && !strings.ContainsRune(" \t\n\r\f>", rune(s[i])) {
						i++
					}
					val = s[start:i]
				}
			}
			if name != "" {
				el.attrs[name] = html.UnescapeString(val)
			}
		}
		i++
		out = append(out, el)
		if el.tag == "script" || el.tag == "style" {
			end := strings.Index(strings.ToLower(s[min(i, len(s)):]), "</"+el.tag)
			if end < 0 {
				break
			}
			i += end
		}
	}
	return out
}

var shardCall = regexp.MustCompile(`^\s*gongkaiSearch\(([\s\S]*)\)\s*;?\s*$`)

// searchShardValid reports whether a search data file is exactly one
// call of the registration function whose arguments are JSON values.
func searchShardValid(data []byte) bool {
	m := shardCall.FindSubmatch(data)
	if m == nil {
		return false
	}
	var args []any
	return json.Unmarshal(append(append([]byte("["), m[1]...), ']'), &args) == nil
}

// TestDangerousLinksDropped checks that links to javascript:, vbscript:
// and data: (in any case, hidden behind entities or white space, as
// inline, reference, autolink or image) never reach an href or src that a
// browser would run.
func TestDangerousLinksDropped(t *testing.T) {
	body := strings.Join([]string{
		"[a](javascript:alert(1))", "[b](JaVaScRiPt:alert(1))", "[c](vbscript:msgbox(1))",
		"[d](data:text/html;base64,PHNjcmlwdD4=)", "![e](data:image/svg+xml;base64,PHN2Zz4=)",
		"![f](javascript:alert(1))", "<javascript:alert(1)>", "[g][ref]", "[h](&#x6A;avascript:alert(1))",
		"[i](< javascript:alert(1)>)", "[j](<java\tscript:alert(1)>)", "[k](java&#x09;script:alert(1))",
		"[l](&#32;javascript:alert(1))", "[m](<\u3000javascript:alert(1)>)", "[n](file:///etc/passwd)",
		"", "[ref]: javascript:alert(1)",
	}, "\n\n")
	out := buildMem(t, mapSite(map[string]string{"content/2024/doc.md": testDoc + "\n" + body}), Options{})
	page := out.files["archive/2024/doc/index.html"]
	links := regexp.MustCompile(`(?i)(?:href|src)="([^"]*)"`).FindAllSubmatch(page, -1)
	if len(links) < 10 {
		t.Fatalf("only %d links on the page", len(links))
	}
	for _, l := range links {
		// What a browser does before it reads the scheme: strip leading
		// spaces and controls, and remove tabs and newlines anywhere.
		u := strings.ToLower(strings.TrimLeft(htmlUnescape(string(l[1])), " \x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r"))
		u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
		for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
			if strings.HasPrefix(u, scheme) {
				t.Errorf("a link to %s survived: %s", scheme, l[0])
			}
		}
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#x9;", "\t", "&#9;", "\t", "&#x20;", " ", "&#32;", " ").Replace(s)
}

// TestSymlinksRefused links a document, an attachment and a folder inside
// content/ to files outside it: each is an error, and nothing outside is
// read.
func TestSymlinksRefused(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(strings.Replace(testDoc, "2024-00001", "2024-00002", 1)+"SECRETOUTSIDE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	copyDir(t, "testdata/basic/site", site)
	links := map[string]string{
		"content/2024/linked.md":      secret,
		"content/2024/files/leak.pdf": "/etc/passwd",
		"content/outside":             outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	_, probs := Prepare(os.DirFS(site), Options{})
	for name := range links {
		want := name + ": is a symbolic link; links are not followed"
		found := false
		for _, p := range probs {
			if strings.HasPrefix(p.String(), want) && p.Severity == Error {
				found = true
			}
		}
		if !found {
			t.Errorf("no error for %s; got:\n%v", name, probs)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(site, dest, Options{Theme: gongkai.Theme}); err == nil {
		t.Error("a site with symbolic links in content/ was built")
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the failed build wrote its destination")
	}
}

// heapGrowth runs f and returns how much the live heap grew at its peak,
// sampled, beyond what it was before: a bound on what f held at once.
func heapGrowth(f func()) uint64 {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	peak := before.HeapInuse
	go func() {
		defer close(done)
		f()
	}()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			peak = max(peak, after.HeapInuse)
			return peak - before.HeapInuse
		case <-tick.C:
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
	}
}

// TestHugeFiles: a 100 MB Markdown file is refused by its size alone,
// with a message saying what to do, without being read; a 100 MB
// attachment is copied by streaming, never held in memory.
func TestHugeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MB")
	}
	site := t.TempDir()
	copyDir(t, "testdata/basic/site", site)
	huge := func(name string) {
		f, err := os.Create(filepath.Join(site, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		line := bytes.Repeat([]byte("很长的一行。"), 1<<10)
		for written := 0; written < 100<<20; written += len(line) {
			if _, err := f.Write(line); err != nil {
				t.Fatal(err)
			}
		}
	}
	huge("content/2024/huge.md")
	var probs Problems
	grew := heapGrowth(func() { _, probs = Prepare(os.DirFS(site), Options{}) })
	want := "content/2024/huge.md: is 100.0 MB; a document's Markdown may be at most 8 MB (move large content into an attachment)"
	if len(probs) == 0 || !strings.Contains(fmt.Sprint(probs), want) {
		t.Errorf("problems = %v, want %q", probs, want)
	}
	if grew > 20<<20 {
		t.Errorf("loading grew the heap by %d MB: the file was read", grew>>20)
	}
	os.Remove(filepath.Join(site, "content/2024/huge.md"))

	huge("content/2024/files/huge.txt")
	plan := filepath.Join(site, "content/2024/plan.md")
	src, _ := os.ReadFile(plan)
	os.WriteFile(plan, bytes.Replace(src, []byte("[[attachments]]\n"), []byte("[[attachments]]\ntitle = \"大文件\"\nfile = \"files/huge.txt\"\n\n[[attachments]]\n"), 1), 0o644)
	dest := filepath.Join(t.TempDir(), "public")
	var err error
	grew = heapGrowth(func() { _, err = Build(site, dest, Options{Theme: gongkai.Theme}) })
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dest, "archive/2024/plan/huge.txt"))
	if err != nil || info.Size() < 100<<20 {
		t.Fatalf("the attachment was not copied whole: %v", err)
	}
	if grew > 40<<20 {
		t.Errorf("building grew the heap by %d MB: the attachment was held in memory", grew>>20)
	}
}

// TestLongLineAndDeepNesting: a 1 MB single-line body, ten thousand
// nested block quotes and a list nested a thousand deep build in bounded
// time.
func TestLongLineAndDeepNesting(t *testing.T) {
	var list strings.Builder
	for i := range 1000 {
		list.WriteString(strings.Repeat("  ", i) + "- 第" + itoa(i) + "层\n")
	}
	bodies := map[string]string{
		"long line":     strings.Repeat("很长的一行，没有换行。", 1<<20/30),
		"deep quotes":   strings.Repeat(">", 10000) + " 引用\n",
		"deep lists":    list.String(),
		"deep mixed":    strings.Repeat("> - ", 3000) + "混合\n",
		"many emphasis": strings.Repeat("*_", 50000) + "x" + strings.Repeat("_*", 50000) + "\n",
		"many brackets": strings.Repeat("[", 50000) + "x" + strings.Repeat("](index:y)", 50000) + "\n",
		// Each link's line is found without counting from the top, and
		// its paragraph's start without walking back over the paragraph:
		// with either, these took minutes.
		"many links in one paragraph": strings.Repeat("见[要点](index:00001434-9/2024-00001)。\n", 50000),
		"many links on one line":      strings.Repeat("见[要点](index:00001434-9/2024-00001)。", 50000) + "\n",
		"many links, goldmark":        "*强调*\n\n" + strings.Repeat("见[要点](index:00001434-9/2024-00001)。\n", 50000),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			start := cpuTime()
			fsys := mapSite(map[string]string{"content/2024/doc.md": testDoc + body})
			site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
			if probs.Errors() > 0 {
				// An error is a fine answer, as long as it is prompt and clear.
				t.Logf("refused: %v", probs)
			} else if _, err := Generate(site, fsys, newMemOutput(), Options{Theme: gongkai.Theme}); err != nil {
				t.Fatal(err)
			}
			// A guard against runaway (exponential) work, not a speed
			// measurement: the budget is about a hundred times what the
			// inputs take.
			if d := cpuTime() - start; d > 20*time.Second && !raceEnabled {
				t.Errorf("took %v of processor time", d)
			}
		})
	}
}

// TestMalformedText: invalid UTF-8 in the middle of a file, NUL bytes,
// duplicate TOML keys and tables, each reported at its line.
func TestMalformedText(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"invalid UTF-8", testDoc + "第二行\n第三行中间\xff\xfe坏了\n", "content/2024/doc.md:12:6: is not valid UTF-8 text (save the file as UTF-8 in the editor)"},
		{"NUL byte", testDoc + "正文\x00后面\n", "content/2024/doc.md:11:3: contains a NUL byte, so it is not a text file (save the document as UTF-8 text)"},
		{"NUL in front matter", "+++\ntitle = \"a\x00b\"\n+++\n", "content/2024/doc.md:2:11: contains a NUL byte"},
		{"duplicate key", strings.Replace(testDoc, "issuer =", "title = \"再来一个\"\nissuer =", 1), "content/2024/doc.md:4"},
		{"duplicate table", strings.Replace(testDoc, "+++\n各", "[schedule]\nitem = \"a\"\n[schedule]\nitem = \"b\"\n+++\n各", 1), "content/2024/doc.md:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := problemStrings(mapSite(map[string]string{"content/2024/doc.md": tt.src}))
			sameProblemsInspected(t, mapSite(map[string]string{"content/2024/doc.md": tt.src}))
			found := false
			for _, p := range probs {
				found = found || strings.HasPrefix(p, tt.want)
			}
			if !found {
				t.Errorf("problems = %q, want one starting %q", probs, tt.want)
			}
		})
	}
}

// TestHostileIndexNumbers: an index number with a slash, .., spaces or
// markup is refused by the default pattern with a message saying so, and
// under a pattern that lets anything through it still names no file.
func TestHostileIndexNumbers(t *testing.T) {
	indexes := []string{"../../../etc/passwd", "00001434-9/../../2024-00001", "00001434-9/2024 00001", " 00001434-9 / 2024-00001", "a/b/c/d", "00001434-9/2024-00001/.."}
	for _, idx := range indexes {
		doc := strings.Replace(testDoc, `"00001434-9/2024-00001"`, fmt.Sprintf("%q", idx), 1)
		probs := problemStrings(mapSite(map[string]string{"content/2024/doc.md": doc}))
		want := "does not match the site's index_pattern"
		if len(probs) == 0 || !strings.Contains(strings.Join(probs, "\n"), want) {
			t.Errorf("index %q: problems = %q, want %q", idx, probs, want)
		}
	}
	files := map[string]string{}
	for i, idx := range indexes {
		doc := strings.Replace(testDoc, `"00001434-9/2024-00001"`, fmt.Sprintf("%q", idx), 1)
		files[fmt.Sprintf("content/2024/doc%d.md", i)] = doc + fmt.Sprintf("\n见[上一篇](<index:%s>)。\n", indexes[(i+1)%len(indexes)])
	}
	fsys := mapSite(files)
	fsys["config.toml"] = &fstest.MapFile{Data: []byte("index_pattern = '.*'\n" + testConfig)}
	out := buildMem(t, fsys, Options{})
	for name := range out.files {
		if !filepath.IsLocal(name) || strings.Contains(name, "etc") || strings.Contains(name, " ") {
			t.Errorf("output file %q comes from an index number", name)
		}
	}
	page := string(out.files["archive/2024/doc0/index.html"])
	if !strings.Contains(page, `href="../../../archive/2024/doc1/"`) {
		t.Errorf("the index: link to a hostile index number did not resolve to its document")
	}
}

// TestThousandsOfScheduleRows builds a document with twenty thousand
// schedule rows in bounded time (a few seconds; minutes when each row's
// position was looked up), every row in its page and calendar.
func TestThousandsOfScheduleRows(t *testing.T) {
	const rows = 20000
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(testDoc[:strings.LastIndex(testDoc, "+++\n")], "\n") + "\n")
	for i := range rows {
		fmt.Fprintf(&b, "\n[[schedule]]\nmonth = %d\nitem = \"第%d项工作\"\nowner = \"各基层工会\"\nday = 2024-%02d-%02d\n", 1+i%12, i, 1+i%12, 1+i%28)
	}
	b.WriteString("+++\n正文\n")
	start := cpuTime()
	out := buildMem(t, mapSite(map[string]string{"content/2024/doc.md": b.String()}), Options{})
	if d := cpuTime() - start; d > 30*time.Second {
		t.Errorf("building %d rows took %v of processor time", rows, d)
	}
	if n := bytes.Count(out.files["archive/2024/doc/schedule.ics"], []byte("BEGIN:VEVENT")); n != rows {
		t.Errorf("calendar has %d events, want %d", n, rows)
	}
	if page := out.files["archive/2024/doc/schedule/index.html"]; !bytes.Contains(page, []byte(fmt.Sprintf("第%d项工作", rows-1))) {
		t.Errorf("the schedule page lacks the last row")
	}
}

// TestThousandsOfRowProblems: twenty thousand schedule rows, each with
// problems (a value of the wrong type, a misspelled key, a missing item),
// are all reported in bounded time: the front matter is read once for
// the positions of them all, not once for each.
func TestThousandsOfRowProblems(t *testing.T) {
	const rows = 20000
	for name, row := range map[string]string{
		"wrong types":    "[[schedule]]\nmonth = \"3\"\nitem = 5\n",
		"misspelled key": "[[schedule]]\nMonth = 3\n",
		"no item":        "[[schedule]]\nmonth = 3\nowner = \"各基层工会\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			start := cpuTime()
			probs := problemStrings(mapSite(map[string]string{"content/2024/doc.md": withFront(strings.Repeat(row, rows))}))
			if d := cpuTime() - start; d > 20*time.Second && !raceEnabled {
				t.Errorf("took %v of processor time", d)
			}
			if len(probs) < rows {
				t.Errorf("%d problems, want one or two for each of %d rows", len(probs), rows)
			}
		})
	}
}

// TestIndexSchemeAnyCase: Index: and INDEX: links are index links, found
// by the checks and rewritten, not published as dead links.
func TestIndexSchemeAnyCase(t *testing.T) {
	other := strings.Replace(testDoc, "2024-00001", "2024-00002", 1)
	doc := testDoc + "\n[甲](Index:00001434-9/2024-00002) [乙](INDEX:00001434-9/2024-00002) [丙](INDEX:00001434-9/2024-09999)\n"
	probs := problemStrings(mapSite(map[string]string{"content/2024/doc.md": doc, "content/2024/other.md": other}))
	if len(probs) != 1 || !strings.Contains(probs[0], `links to index "00001434-9/2024-09999"`) {
		t.Errorf("problems = %q, want the one link to a missing index", probs)
	}
	doc = strings.Replace(doc, " [丙](INDEX:00001434-9/2024-09999)", "", 1)
	out := buildMem(t, mapSite(map[string]string{"content/2024/doc.md": doc, "content/2024/other.md": other}), Options{NoMinify: true})
	page := string(out.files["archive/2024/doc/index.html"])
	if strings.Count(page, `href="../../../archive/2024/other/"`) < 2 || strings.Contains(strings.ToLower(page), `href="index:`) {
		t.Errorf("links not rewritten:\n%s", page)
	}
}

// TestAttachmentNamesInLinks attaches files whose names hold what a URL
// gives a meaning to (#, %, and = as in a query), what it cannot hold as
// it is (space, a quote, Chinese) and a name that needs nothing (? and "
// are refused, as Windows cannot hold them): each is copied under
// its own name, and each link on the document's page, resolved as a
// browser resolves it, online and offline and through every way of
// rendering a page, asks for exactly that file.
func TestAttachmentNamesInLinks(t *testing.T) {
	names := []string{"h#frag.txt", "q=1#x=1.txt", "100%.csv", "a%41.txt", "a b.txt", "'q'.txt", "工作 安排.pdf", "plain-1.pdf", "a+b&c=d@e$f.txt"}
	front := ""
	files := map[string]string{}
	for _, n := range names {
		front += "[[attachments]]\nfile = " + strconv.Quote("files/"+n) + "\n"
		files["content/2024/files/"+n] = n
	}
	files["content/2024/a.md"] = withFront(front)
	fsys := mapSite(files)
	for way, opt := range map[string]Options{"online": {}, "not minified": {NoMinify: true}, "offline": {Offline: true}, "html/template": {slowTemplates: true}} {
		out := buildMem(t, fsys, opt)
		for _, n := range names {
			if got := string(out.files["archive/2024/a/"+n]); got != n {
				t.Errorf("archive/2024/a/%s holds %q, want the attached file", n, got)
			}
		}
		page := string(out.files["archive/2024/a/index.html"])
		base, _ := url.Parse("https://example.org/gk/archive/2024/a/index.html")
		var got []string
		for _, m := range regexp.MustCompile(`<a href="([^"]*)" download>`).FindAllStringSubmatch(page, -1) {
			u, err := base.Parse(html.UnescapeString(m[1]))
			if err != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
				t.Errorf("%s: link %q: %v (query %q, fragment %q)", way, m[1], err, u.RawQuery, u.Fragment)
				continue
			}
			got = append(got, strings.TrimPrefix(u.Path, "/gk/archive/2024/a/"))
		}
		if strings.Join(got, "\n") != strings.Join(names, "\n") {
			t.Errorf("%s: the links ask for\n%s\nwant\n%s", way, strings.Join(got, "\n"), strings.Join(names, "\n"))
		}
	}
}
