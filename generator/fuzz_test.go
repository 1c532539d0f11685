package generator

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark/util"
)

// Fuzz targets for everything that parses a site's input. Each is seeded
// with the shapes real documents have; testdata/fuzz/<Name>/ keeps the
// inputs that once found a bug.

// seedDocuments adds every Markdown file of the test sites and the
// example archive, so the fuzzer starts from real front matter.
func seedDocuments(f *testing.F) {
	for _, root := range []string{"testdata/basic/site/content", "testdata/en-offline/site/content", "../content"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".md") {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
			return nil
		})
	}
	f.Add([]byte(testDoc))
	f.Add([]byte(testDoc + "\n![图](files/a.pdf)见[要点](plan.md#一)、[指南](../pages/guide.md)、[无](../2023/x.md)与[上](../../guide/)。\n"))
	f.Add([]byte("\uFEFF+++\r\ntitle = \"a\"\r\ntitle = \"b\"\r\n+++\r\n"))
	f.Add([]byte("+++\ntitle = \"x\"\n[[schedule]]\nmonths = [7, 8]\nitem = \"暑期\"\nday = 2024-07-01T08:00:00\n+++\n"))
	f.Add([]byte("+++\ntitle = \"<script>alert(1)</script>\"\nslug = \"../../etc\"\n[[attachments]]\nfile = \"../../../config.toml\"\n+++\n"))
	f.Add([]byte("+++\nindex = \"a/../../b c\"\ndate = \"2024-01-01\"\nkeywords = [1, 2]\n+++\n\x00"))
}

// FuzzParseDocument decodes one document's front matter and checks what
// the loader promises of every document it accepts.
func FuzzParseDocument(f *testing.F) {
	seedDocuments(f)
	var cp problemList
	cfg := loadConfig(mapSite(nil), &cp)
	if len(cp.list) > 0 {
		f.Fatal(cp.list)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, probs := parseDocument("content/2024/doc.md", src, cfg)
		for _, p := range probs {
			if p.Path != "content/2024/doc.md" || p.Message == "" || p.Line < 0 || p.Col < 0 {
				t.Fatalf("malformed problem %+v", p)
			}
			if !utf8.ValidString(p.Message) {
				t.Fatalf("problem message is not UTF-8: %q", p.Message)
			}
			checkPosition(t, src, p)
		}
		if doc == nil {
			if len(probs) == 0 {
				t.Fatal("no document and no problem")
			}
			return
		}
		// The preview tells a draft by SaysDraft when its front matter does
		// not parse: it must never miss one that does.
		if doc.Draft && !SaysDraft(src) {
			t.Fatalf("a draft that SaysDraft does not see:\n%s", src)
		}
		if Problems(probs).Errors() > 0 {
			return
		}
		if !utf8.ValidString(doc.Title) || !utf8.Valid(doc.body) {
			t.Fatalf("accepted text that is not UTF-8")
		}
		if msg := checkSlug(doc.Slug); msg != "" {
			t.Fatalf("accepted slug %q: %s", doc.Slug, msg)
		}
		if doc.URL != "" && !staysUnder(doc.URL+"index.html", "archive/") {
			t.Fatalf("document URL %q leaves archive/", doc.URL)
		}
		for _, a := range doc.Attachments {
			if !staysUnder(a.File, "content/") {
				t.Fatalf("attachment %q leaves content/", a.File)
			}
		}
		for _, r := range doc.Schedule {
			if len(r.Months) == 0 {
				t.Fatalf("schedule row without a month accepted: %+v", r)
			}
			for _, m := range r.Months {
				if m < 1 || m > 12 {
					t.Fatalf("schedule month %d accepted", m)
				}
			}
		}
	})
}

// FuzzFastFrontMatter holds the fast front-matter decoder to the TOML
// decoder: whenever the fast one accepts a text, the TOML decoder must
// accept it too and decode the same values, and the positions the fast
// one records must be those tomlSource finds by reading the text. The
// whole document is also parsed both ways, which must give the same
// document and the same problems, word for word.
func FuzzFastFrontMatter(f *testing.F) {
	seedDocuments(f)
	for _, s := range fastFrontMatterCases {
		f.Add([]byte("+++\n" + s.front + "+++\nbody\n"))
	}
	var cp problemList
	cfg := loadConfig(mapSite(nil), &cp)
	if len(cp.list) > 0 {
		f.Fatal(cp.list)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const p = "content/2024/doc.md"
		fastDoc, fastProbs := parseDocumentWith(p, src, cfg, true)
		slowDoc, slowProbs := parseDocumentWith(p, src, cfg, false)
		if !reflect.DeepEqual(fastProbs, slowProbs) {
			t.Fatalf("problems differ:\nfast %v\nfull %v", fastProbs, slowProbs)
		}
		if !reflect.DeepEqual(fastDoc, slowDoc) {
			t.Fatalf("documents differ:\nfast %+v\nfull %+v", fastDoc, slowDoc)
		}
		text, bad := readText(p, src)
		if bad != nil {
			return
		}
		front, _, _, err := splitFrontMatter(text)
		if err != nil {
			return
		}
		compareFrontMatterDecoders(t, string(front))
		// The decoder does not rely on readText: it must be as careful
		// with text that was not normalized.
		compareFrontMatterDecoders(t, string(src))
	})
}

// compareFrontMatterDecoders fails t if the fast decoder accepts front
// and the full decoder (decodeTOML) does not agree with it in every
// detail. It reports whether the fast decoder accepted.
func compareFrontMatterDecoders(t *testing.T, front string) bool {
	t.Helper()
	var fast frontMatter
	known, ok := decodeFrontMatterFast(front, 2, &fast)
	if !ok {
		return false
	}
	var full frontMatter
	var probs problemList
	if _, ok := decodeTOML(&probs, "doc.md", newTOMLSource(front, 2), &full); !ok || len(probs.list) > 0 {
		t.Fatalf("fast decoder accepted what the full decoder refuses (%v):\n%s", probs.list, front)
	}
	// The full decoder is held to the TOML decoder's values in turn.
	var lib frontMatter
	if _, err := toml.Decode(front, &lib); err != nil || !reflect.DeepEqual(lib, full) {
		t.Fatalf("full decoder and TOML decoder differ (%v) on\n%s\nfull %#v\nTOML %#v", err, front, full, lib)
	}
	if !reflect.DeepEqual(fast, full) {
		t.Fatalf("decoders differ on\n%s\nfast %#v\nfull %#v", front, fast, full)
	}
	scan, fastPos := newTOMLSource(front, 2), tomlSource{text: front, firstLine: 2, known: known}
	for _, key := range append(tomlKeys(reflect.TypeFor[frontMatter]()), "nonesuch") {
		l1, c1, f1 := scan.lookup("", 0, key)
		l2, c2, f2 := fastPos.lookup("", 0, key)
		if l1 != l2 || c1 != c2 || f1 != f2 {
			t.Fatalf("%s: read at %d:%d (found %v), recorded at %d:%d (found %v) in\n%s", key, l1, c1, f1, l2, c2, f2, front)
		}
	}
	for i := range fast.Attachments {
		l1, c1, f1 := scan.lookup("attachments", i, "file")
		l2, c2, f2 := fastPos.lookup("attachments", i, "file")
		if l1 != l2 || c1 != c2 || f1 != f2 {
			t.Fatalf("attachment %d: read at %d:%d (found %v), recorded at %d:%d (found %v) in\n%s", i, l1, c1, f1, l2, c2, f2, front)
		}
	}
	return true
}

// checkPosition fails t when p points outside the file src: past its
// last line, or past the end of its line counted in characters, as an
// editor counts them. A problem may point just after a line's last
// character (a string left open at the end of the line).
func checkPosition(t *testing.T, src []byte, p Problem) {
	t.Helper()
	if p.Line == 0 {
		return
	}
	lines := bytes.Split(normalizeText(src), []byte("\n"))
	if p.Line > len(lines) {
		t.Fatalf("%s: the file has %d lines", p, len(lines))
	}
	if n := utf8.RuneCount(lines[p.Line-1]); p.Col > n+1 {
		t.Fatalf("%s: line %d has %d characters", p, p.Line, n)
	}
}

// FuzzParseConfig reads fuzzed config files: every problem points inside
// the file, and a key that is not written exactly as the config's keys
// are sets nothing.
// FuzzBodyTrouble holds bodyTrouble to TextTrouble asked of every
// character of a body, which it reads eight bytes at a time.
func FuzzBodyTrouble(f *testing.F) {
	for _, s := range []string{"", "正文，\t完。\n", "第二段\a响铃，\f换页\u0085，\U0010FFFF完。", "\uFDD0\uFDEF\uFFFE\U0001FFFF\x7f", "abcdefg\x01", "abcdefgh\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.Contains(s, "\r") {
			return // bodies are normalized text
		}
		first, more := -1, 0
		for i, r := range s {
			if TextTrouble(r) == "" {
				continue
			}
			if first < 0 {
				first = i
			} else {
				more++
			}
		}
		if gotFirst, gotMore := bodyTrouble([]byte(s)); gotFirst != first || gotMore != more {
			t.Errorf("bodyTrouble(%q) = %d, %d; want %d, %d", s, gotFirst, gotMore, first, more)
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(testConfig))
	if data, err := os.ReadFile("../config.toml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("Title = \"x\"\nRaw_HTML = true\n[[Issuers]]\nname = \"甲\"\nslug = \"a\"\n"))
	f.Add([]byte("title = \"通知\"  x = 1\npage_size = \"20\"\n[categories]\nname = 5\n"))
	f.Add([]byte("title = \"\xb9\xd8\xd3\xda\"\r\nbaseURL = 'x'\x00\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var probs problemList
		cfg := parseConfig(src, &probs)
		for _, p := range probs.list {
			if p.Path != "config.toml" || p.Message == "" || p.Line < 0 || p.Col < 0 || !utf8.ValidString(p.Message) {
				t.Fatalf("malformed problem %+v", p)
			}
			checkPosition(t, src, p)
		}
		// A value a field holds was written under that field's own key.
		var raw map[string]any
		if _, err := toml.Decode(string(normalizeText(src)), &raw); err != nil {
			return
		}
		if _, ok := raw["raw_html"]; cfg.RawHTML && !ok {
			t.Fatalf("raw_html set by another key in\n%s", src)
		}
		if _, ok := raw["title"]; cfg.Title != "" && !ok {
			t.Fatalf("title set by another key in\n%s", src)
		}
		if _, ok := raw["issuers"]; len(cfg.Issuers) > 0 && !ok {
			t.Fatalf("issuers set by another key in\n%s", src)
		}
	})
}

// staysUnder reports whether the slash path p names a file inside dir
// however it is resolved.
func staysUnder(p, dir string) bool {
	return filepath.IsLocal(filepath.FromSlash(p)) && path.Clean(p) == p && strings.HasPrefix(p, dir) && !strings.Contains(p, "\\")
}

// FuzzLoad runs the whole loader and the site checks over a site with one
// fuzzed document beside valid ones, and checks that problems name real
// files and that an accepted site keeps every URL inside the output.
func FuzzLoad(f *testing.F) {
	seedDocuments(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := mapSite(map[string]string{
			"content/2024/plan.md":     testDoc,
			"content/2024/fuzz.md":     string(src),
			"content/2024/files/a.pdf": "%PDF",
			"content/pages/guide.md":   "+++\ntitle = \"指南\"\nslug = \"guide\"\n+++\n见[要点](index:00001434-9/2024-00001)。\n",
		})
		site, probs := Prepare(fsys, Options{})
		for _, p := range probs {
			if _, ok := fsys[p.Path]; !ok && p.Path != "content" {
				t.Fatalf("problem names %q, not a file of the site: %s", p.Path, p)
			}
		}
		if probs.Errors() > 0 {
			return
		}
		for _, d := range site.Published() {
			if !staysUnder(d.URL+"index.html", "archive/") {
				t.Fatalf("URL %q leaves archive/", d.URL)
			}
			for _, a := range d.Attachments {
				if !staysUnder(a.URL, "archive/") {
					t.Fatalf("attachment URL %q leaves archive/", a.URL)
				}
			}
		}
		for _, pg := range site.Pages {
			if !filepath.IsLocal(pg.URL + "index.html") {
				t.Fatalf("page URL %q leaves the output", pg.URL)
			}
		}
	})
}

// FuzzIndexLinks checks the scan of bodies at load and the link
// rewriter: every index: link the renderer rewrites, and every link or
// image by path it points elsewhere, was found by the scan that Check
// verifies (so the build never looks up an index it has not checked, nor
// links a file it has not), at a line and column inside the body; the
// scan's shortcuts (the byte searches, the fast path) find what a parse
// finds; and no index: or script link survives into the HTML.
func FuzzIndexLinks(f *testing.F) {
	f.Add([]byte("见[去年的工作总结](index:00001434-9/2020-00012)。\n"))
	f.Add([]byte("<index:00001434-9/2024-00001>\n"))
	f.Add([]byte("[a]: index:00001434-9/2024-00001\n\n见[a]与[总结][a]。\n"))
	f.Add([]byte("| 时间 | 文件 |\n|---|---|\n| 1月 | [要点](index:00001434-9/2024-00001) |\n"))
	f.Add([]byte("| a | b |\n|---|---|\n| `x | [y](index:z) ` | c |\n")) // a table cuts the code span
	f.Add([]byte("~~[旧](index:x)~~ `index:y` [z](index:z \"t\")\n> - [q](index:q)\n"))
	f.Add([]byte("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>) [v](vbscript:msgbox)\n"))
	f.Add([]byte("## 一、指导思想\n\n## 一、指导思想\n\n<script>alert(1)</script>\n"))
	f.Add([]byte("![活动照片](files/photo.png)见[通知](../2024/gongzuo-yaodian-2024.md#一指导思想)。\n"))
	f.Add([]byte("[a](<files/活动 照片.png>) [b](files/%E6%B4%BB%E5%8A%A8.pdf?x=1) [c](files\\_x\\.pdf) [d](a&amp;b.md)\n"))
	f.Add([]byte("[r]: ../2023/x.md\n\n见[r]与[总结][r]，[外](https://example.org/x.md)、[上](../../guide/)、[锚](#x)。\n"))
	f.Add([]byte("[x](\n  files/a.pdf) [y](\\#not-a-fragment.md) [z](h&#116;tp://x.md) [w](C:\\x.md) ![i](../../x.png)\n"))
	f.Add([]byte("| a | b |\n|---|---|\n| `x | [y](y.md) ` | ![z](z.png) |\n"))
	md := newMarkdown(false)
	f.Fuzz(func(t *testing.T, body []byte) {
		if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
			return // readText refuses these before any parse
		}
		const p = "content/2024/doc.md"
		var probs, parsed problemList
		links, refs := scanBody(&probs, p, body, 5)
		wantLinks, wantRefs := goldmarkScan(&parsed, p, body, 5)
		if !slices.Equal(links, wantLinks) || !slices.Equal(refs, wantRefs) || !reflect.DeepEqual(probs.list, parsed.list) {
			t.Fatalf("scanBody found\n%v\n%v\n%v\nwhere a parse finds\n%v\n%v\n%v", links, refs, probs.list, wantLinks, wantRefs, parsed.list)
		}
		lines := 5 + bytes.Count(body, []byte("\n"))
		found := map[string]bool{}
		for _, l := range links {
			found[l.Index] = true
			if l.Line < 5 || l.Line > lines {
				t.Fatalf("link %q on line %d, outside the body", l.Index, l.Line)
			}
		}
		targets := map[string]bool{}
		for _, r := range refs {
			targets[r.Target] = true
			if r.Line < 5 || r.Line > lines || r.Col < 1 {
				t.Fatalf("link to %s at %d:%d, outside the body", r.Target, r.Line, r.Col)
			}
			if !staysUnder(r.Target, "content/") {
				t.Fatalf("link to %s, outside content/", r.Target)
			}
		}
		out, _, err := renderBody(md, nil, body, func(index string) string {
			if !found[index] {
				t.Fatalf("renderer rewrote index %q, which the scan did not report", index)
			}
			return "../../2024/x/"
		}, func(dest []byte) ([]byte, bool) {
			target, suffix, ok := refTarget("content/2024", dest)
			if !ok {
				return nil, false
			}
			if !targets[target] {
				t.Fatalf("renderer pointed %q elsewhere, which the scan did not report", dest)
			}
			return literalDest("../../2024/x/" + suffix), true
		})
		if err != nil {
			t.Fatal(err)
		}
		lower := bytes.ToLower(out)
		for _, bad := range []string{`href="index:`, `href="javascript:`, `href="vbscript:`, `href="data:`, `src="javascript:`, "<script"} {
			if bytes.Contains(lower, []byte(bad)) {
				t.Fatalf("output carries %s:\n%s", bad, out)
			}
		}
	})
}

// FuzzLiteralDest: a destination made by the build reaches the page as
// goldmark writes it when it is not read as Markdown.
func FuzzLiteralDest(f *testing.F) {
	for _, s := range []string{"../../archive/2024/x/#一、指导思想", "a/?x=1&y=2#&amp;", `#a\&b\\c`, "&#38;amp;", "\\&amp;", "%E6%B4%BB.png"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := util.URLEscape(literalDest(s), true), util.URLEscape([]byte(s), false); !bytes.Equal(got, want) {
			t.Fatalf("literalDest(%q) is written %q, want %q", s, got, want)
		}
	})
}

// FuzzMentionsIndexScheme checks the cheap test for index: links against
// the plain one it replaces.
func FuzzMentionsIndexScheme(f *testing.F) {
	for _, s := range []string{"见[要点](index:00001434-9/2024-00001)。", "INDEX:", "Index:", "İndex:", "İNDEX:", "index", "ndex:", ":index:", "：index：", "indeX:x", "i\u0307ndex:", "İ:", "\xc4\xb0ndex:"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := bytes.Contains(bytes.ToLower(b), []byte(indexScheme))
		if got := mentionsIndexScheme(b); got != want {
			t.Fatalf("mentionsIndexScheme(%q) = %v, want %v", b, got, want)
		}
	})
}

// FuzzClosest compares closest with the plain search it replaced: the
// edit distance to every candidate, the first of the nearest winning.
func FuzzClosest(f *testing.F) {
	f.Add("00001434-9/2024-00001", "00001434-9/2024-00002", "00001434-9/2023-00001", "10001434-9/2024-00001")
	f.Add("titel", "title", "index", "slug")
	f.Add("发布机构", "测试区教育工会", "测试区工会", "")
	f.Add("", "a", "", "b")
	f.Add("ab", "ba", "abc", "b")
	f.Add("00001434-9/2024-00053", "00001434-9/2024-00001", "00001434-9/2024-00035", "")
	f.Fuzz(func(t *testing.T, s, a, b, c string) {
		candidates := []string{a, b, c, a + b, s + c}
		if got, want := closest(s, candidates), plainClosest(s, candidates); got != want {
			t.Fatalf("closest(%q, %q) = %q, want %q", s, candidates, got, want)
		}
	})
}

func plainClosest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := plainSwapDistance([]rune(s), []rune(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > len([]rune(s))/2+1 {
		return ""
	}
	return best
}

// plainSwapDistance is the edit distance in which a swap of two
// neighbouring characters is one edit (optimal string alignment), over
// the whole matrix.
func plainSwapDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// FuzzEditDistanceWithin holds the banded distance, with its early exit,
// to plainSwapDistance for any bound. The scratch rows are first used
// for another pair, as closest uses them for one candidate after another,
// so that what an earlier call left in them must not count.
func FuzzEditDistanceWithin(f *testing.F) {
	f.Add("titel", "title", uint8(1), "schedule_note")
	f.Add("00001434-9/2024-00053", "00001434-9/2024-00035", uint8(1), "00001434-9/2024-00001")
	f.Add("abcd", "badc", uint8(2), "")
	f.Add("ca", "abc", uint8(3), "abcdef")
	f.Add("", "ab", uint8(0), "x")
	f.Add("测试区育教工会", "测试区教育工会", uint8(4), "测试区体育工会")
	f.Fuzz(func(t *testing.T, a, b string, bound uint8, before string) {
		ra, rb := []rune(a), []rune(b)
		// Past the sum of the lengths every bound answers alike.
		limit := int(bound) % (len(ra) + len(rb) + 2)
		var rows []int
		editDistanceWithin([]rune(before), rb, limit, &rows)
		editDistanceWithin(rb, []rune(before), limit, &rows)
		want := plainSwapDistance(ra, rb)
		d, ok := editDistanceWithin(ra, rb, limit, &rows)
		if ok != (want <= limit) || ok && d != want {
			t.Fatalf("editDistanceWithin(%q, %q, %d) = %d, %v; the distance is %d", a, b, limit, d, ok, want)
		}
	})
}

// FuzzSlugPath checks slug and path mapping: a slug the checks accept,
// and any link made from it, stays inside the output folder, and writing
// through the output never lands outside it.
func FuzzSlugPath(f *testing.F) {
	for _, s := range []string{"gongzuo-yaodian-2024", "nianbao-2023", "工作要点", "..", ".", "../x", "a/b", `a\b`, "a b", ".hidden", "%2e%2e", "a\x00b", "con", "a..b", "…", "\u3000"} {
		f.Add(s, "files/附件 1.pdf")
	}
	f.Add("plan", "../../../../etc/passwd")
	f.Add("plan", "files/../files/a.pdf")
	dir := f.TempDir()
	out, err := newDirOutput(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { out.Close() })
	f.Fuzz(func(t *testing.T, slug, file string) {
		if checkSlug(slug) != "" {
			return
		}
		url := "archive/2024/" + slug + "/"
		if !staysUnder(url+"index.html", "archive/2024/") {
			t.Fatalf("accepted slug %q gives %q", slug, url)
		}
		// A link from the document to the site root and back resolves
		// to the document again, online and offline.
		for _, offline := range []bool{false, true} {
			link := linkFrom(url, url, offline, false, "/")
			if strings.Contains(link, "://") || strings.HasPrefix(link, "/") {
				t.Fatalf("link %q is not relative", link)
			}
		}
		// Whatever the name, the output writes inside its folder or not at all.
		name := url + path.Base(file)
		if err := out.WriteFile(name, []byte("x")); err == nil {
			full := filepath.Join(dir, filepath.FromSlash(name))
			if rel, err := filepath.Rel(dir, full); err != nil || !filepath.IsLocal(rel) {
				t.Fatalf("wrote %q outside the output", name)
			}
		}
	})
}
