package importer

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator"
)

func copyFixture(t *testing.T, name, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func TestImport(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "in")
	into := filepath.Join(tmp, "content")
	copyFixture(t, "crlf_notice.txt", src)
	copyFixture(t, "page.html", src)
	copyFixture(t, "notice_flat.txt", src)
	copyFixture(t, "collection.txt", filepath.Join(src, "sub"))
	writeFile(t, filepath.Join(src, "附件1.xlsx"), "sign-up form")
	writeFile(t, filepath.Join(src, "报名汇总表.pdf"), "%PDF-1.4 summary")
	writeFile(t, filepath.Join(src, "files", "shumu.xlsx"), "book list")
	writeFile(t, filepath.Join(src, ".hidden", "x.txt"), "索引号：ignored")
	opt := Options{Into: into, Site: testSite}

	// Dry run: the same reports, nothing written.
	dry := opt
	dry.DryRun = true
	reps, err := Import([]string{src}, dry)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 6 {
		t.Fatalf("%d reports, want 6 (3 single documents and a collection of 3)", len(reps))
	}
	if _, err := os.Stat(into); !os.IsNotExist(err) {
		t.Fatalf("dry run wrote %s", into)
	}

	reps, err = Import([]string{src}, opt)
	if err != nil {
		t.Fatal(err)
	}
	byOut := map[string]Report{}
	for _, r := range reps {
		rel, _ := filepath.Rel(into, r.Output)
		byOut[filepath.ToSlash(rel)] = r
	}
	for _, want := range []string{"2022/2022-00015.md", "2022/2022-00031.md", "2022/2022-00007.md", "2022/collection-1.md", "2022/collection-3.md"} {
		if _, ok := byOut[want]; !ok {
			t.Errorf("no report for %s; got %v", want, listFiles(t, into))
		}
	}
	files := strings.Join(listFiles(t, into), " ")
	for _, want := range []string{"2022/files/2022-00015-1.xlsx", "2022/files/2022-00015-2.pdf", "2022/files/2022-00031-1.xlsx"} {
		if !strings.Contains(files, want) {
			t.Errorf("attachment %s not copied; have %s", want, files)
		}
	}

	// With its attachment files found, the notice is publishable and the
	// list left the body.
	r := byOut["2022/2022-00015.md"]
	if r.Draft || r.Err != nil {
		t.Fatalf("notice: draft %v err %v review %q", r.Draft, r.Err, r.Review)
	}
	data, _ := os.ReadFile(r.Output)
	s := string(data)
	for _, want := range []string{"[[attachments]]\ntitle = \"示范区第四届教职工运动会报名表\"\nfile = \"files/2022-00015-1.xlsx\"",
		"title = \"报名汇总表\"\nfile = \"files/2022-00015-2.pdf\""} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if strings.Contains(s, "附件：1.") {
		t.Error("attachment list still in the body")
	}
	d := mustDoc(t, data)
	checkPublishable(t, d, testSite)

	if r := byOut["2022/2022-00031.md"]; r.Draft || r.Err != nil {
		t.Errorf("page: draft %v err %v review %q", r.Draft, r.Err, r.Review)
	}
	if r := byOut["2022/collection-2.md"]; !r.Draft {
		t.Error("collection documents must be drafts")
	}

	// Summary.
	var buf bytes.Buffer
	if err := FormatReports(&buf, reps); err != nil {
		t.Fatal(err)
	}
	sum := buf.String()
	for _, want := range []string{"[ready]", "[draft]", "review: no 索引号 found", "4 sources, 6 documents: 3 ready, 3 drafts to review, 0 failed"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}

	// A second run refuses to overwrite.
	before, _ := os.ReadFile(r.Output)
	writeFile(t, r.Output, "edited by hand\n"+string(before))
	reps, err = Import([]string{filepath.Join(src, "crlf_notice.txt")}, opt)
	if err == nil || len(reps) != 1 || reps[0].Err == nil || !strings.Contains(reps[0].Err.Error(), "--force") {
		t.Fatalf("second import: err %v reports %+v", err, reps)
	}
	after, _ := os.ReadFile(r.Output)
	if !strings.HasPrefix(string(after), "edited by hand") {
		t.Fatal("file overwritten without --force")
	}
	// Same document, recognised by its index even after editing: --force overwrites it.
	os.WriteFile(r.Output, before, 0o644)
	force := opt
	force.Force = true
	reps, err = Import([]string{filepath.Join(src, "crlf_notice.txt")}, force)
	if err != nil || reps[0].Output != r.Output {
		t.Fatalf("forced import: %v %+v", err, reps)
	}
}

func mustDoc(t *testing.T, md []byte) *Document {
	t.Helper()
	fm, _ := splitFile(t, md)
	var m frontMatter
	if _, err := decodeTOML(fm, &m); err != nil {
		t.Fatal(err)
	}
	d := &Document{Title: m.Title, Index: m.Index, Issuer: m.Issuer, Category: m.Category, Slug: "2022-00015"}
	if !m.Date.IsZero() {
		d.Date = Date{m.Date.Year(), int(m.Date.Month()), m.Date.Day()}
	}
	for _, a := range m.Attachments {
		d.Attachments = append(d.Attachments, Attachment{Title: a.Title, File: a.File})
	}
	return d
}

// testConfig declares testSite's names.
const testConfig = `title = "示范区教育工会信息公开"
baseURL = "https://example.org/"
[[categories]]
name = "年度计划总结"
slug = "plans"
[[categories]]
name = "通知公告"
slug = "notices"
[[issuers]]
name = "示范区教育工会"
slug = "union"
code = "00001434-9"
`

// TestImportKeepsOffTheSite: an imported document takes neither an index
// number nor an address that a document of the site has, wherever in
// content/ it is, nor a name the archive writes in a year's folder, nor
// the path of a file of the site in other letter case.
func TestImportKeepsOffTheSite(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	doc := func(rel, fm string) {
		writeFile(t, filepath.Join(site, rel), "+++\ntitle = \"旧稿\"\nissuer = \"示范区教育工会\"\ncategory = \"通知公告\"\n"+fm+"+++\n")
	}
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	doc("content/2022/2022-00007.md", "index = \"00001434-9/2022-00099\"\ndate = 2022-01-05\n")
	doc("content/2021/old.md", "index = \"00001434-9/2022-00007\"\ndate = 2022-01-04\n")
	doc("content/2024/renamed.md", "index = \"00001434-9/2024-00999\"\ndate = 2024-01-05\nslug = \"2024-00301\"\n")
	doc("content/2024/Notes.md", "index = \"00001434-9/2023-00888\"\ndate = 2023-05-04\n")
	writeFile(t, filepath.Join(site, "content", "undated", "Memo.MD"), "notes")
	s, probs := LoadSite(site)
	if len(probs) > 0 {
		t.Fatalf("site: %v", probs)
	}
	notice := copyFixture(t, "notice_flat.txt", filepath.Join(tmp, "in"))
	numbered := filepath.Join(tmp, "in", "numbered.txt")
	writeFile(t, numbered, "索引号：00001434-9/2024-00301\n发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	schedule := filepath.Join(tmp, "in", "schedule.txt")
	writeFile(t, schedule, "发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	notes := filepath.Join(tmp, "in", "notes.txt")
	writeFile(t, notes, "发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	memo := filepath.Join(tmp, "in", "memo.txt")
	writeFile(t, memo, "发布机构：示范区教育工会\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	usedBy := "索引号 00001434-9/2022-00007 is already used by " + filepath.Join(site, "content", "2021", "old.md")
	tests := []struct {
		source, into, output string
		review               string // the last, if any
	}{
		// The file name is another document's.
		{notice, "content", "content/2022/2022-00007-2.md", usedBy},
		// In a folder of its own, the address is still another document's.
		{notice, "content/imported", "content/imported/2022/2022-00007-2.md", usedBy},
		// A slug set in another document's front matter.
		{numbered, "content", "content/2024/2024-00301-2.md", ""},
		// A name the archive writes beside the year's documents.
		{schedule, "content", "content/2024/schedule-2.md", "no 索引号 found: add index = \"…\""},
		// The path of another document in other letter case, whose
		// address is another year's.
		{notes, "content", "content/2024/notes-2.md", "no 索引号 found: add index = \"…\""},
		// The path of a file in other letter case, for a document with
		// no address.
		{memo, "content", "content/undated/memo-2.md", "no year found: the document was put in " + filepath.Join(site, "content", "undated")},
	}
	for _, tt := range tests {
		into := filepath.Join(site, filepath.FromSlash(tt.into))
		reps, err := Import([]string{tt.source}, Options{Into: into, DryRun: true, Site: s})
		if err != nil || len(reps) != 1 {
			t.Fatalf("%s into %s: %v %+v", tt.source, tt.into, err, reps)
		}
		r := reps[0]
		last := ""
		if len(r.Review) > 0 {
			last = r.Review[len(r.Review)-1]
		}
		if want := filepath.Join(site, filepath.FromSlash(tt.output)); r.Output != want || last != tt.review || r.Draft != (tt.review != "") {
			t.Errorf("%s into %s: output %s, draft %v, review %q; want %s with the last review %q", filepath.Base(tt.source), tt.into, r.Output, r.Draft, r.Review, want, tt.review)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(site, "content", "2022", "2022-00007.md")); !strings.Contains(string(data), "2022-00099") {
		t.Error("other document overwritten")
	}
}

// TestImportSameIndexTwice: two sources of one run that carry the same
// 索引号 cannot both be published; the second waits as a draft.
func TestImportSameIndexTwice(t *testing.T) {
	tmp := t.TempDir()
	into := filepath.Join(tmp, "content")
	a := copyFixture(t, "notice_flat.txt", filepath.Join(tmp, "a"))
	b := copyFixture(t, "notice_flat.txt", filepath.Join(tmp, "b"))
	reps, err := Import([]string{a, b}, Options{Into: into, Site: testSite})
	if err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(into, "2022", "2022-00007.md")
	tests := []struct {
		output string
		draft  bool
		review []string
	}{
		{first, false, nil},
		{filepath.Join(into, "2022", "2022-00007-2.md"), true, []string{"索引号 00001434-9/2022-00007 is already used by " + first}},
	}
	for i, tt := range tests {
		r := reps[i]
		if r.Output != tt.output || r.Draft != tt.draft || !reflect.DeepEqual(r.Review, tt.review) {
			t.Errorf("report %d: output %s, draft %v, review %q; want %s, %v, %q", i, r.Output, r.Draft, r.Review, tt.output, tt.draft, tt.review)
		}
	}
}

// TestImportTwice: importing the same pages again, as after an import
// that was interrupted, leaves the documents already written as they are
// and is no failure; a document edited since is not overwritten.
func TestImportTwice(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "in")
	into := filepath.Join(tmp, "content")
	copyFixture(t, "crlf_notice.txt", src)
	copyFixture(t, "notice_flat.txt", src)
	copyFixture(t, "gbk_plan.txt", src)
	writeFile(t, filepath.Join(src, "附件1.xlsx"), "sign-up form")
	writeFile(t, filepath.Join(src, "报名汇总表.pdf"), "%PDF-1.4 summary")
	opt := Options{Into: into, Site: testSite}
	if _, err := Import([]string{src}, opt); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(into, "2022", "2022-00007.md")
	data, _ := os.ReadFile(edited)
	writeFile(t, edited, string(data)+"edited\n")

	for _, dry := range []bool{true, false} {
		opt.DryRun = dry
		reps, err := Import([]string{src}, opt)
		var buf bytes.Buffer
		FormatReports(&buf, reps)
		var states []string
		for _, r := range reps {
			line, _, _ := strings.Cut(r.String(), "\n")
			states = append(states, strings.TrimPrefix(line, r.Source+" → "+filepath.Dir(r.Output)+string(filepath.Separator)))
		}
		want := []string{
			"2022-00015.md [unchanged] UTF-8",
			"gbk-plan.md [unchanged] GB18030",
			"2022-00007.md [failed] UTF-8",
		}
		summary := "3 sources, 2 documents: 0 ready, 0 drafts to review, 1 failed, 2 unchanged (imported before)\n"
		if err == nil || !reflect.DeepEqual(states, want) || !strings.HasSuffix(buf.String(), summary) {
			t.Errorf("dry run %v: error %v, reports %q, want %q and the summary %q:\n%s", dry, err, states, want, summary, buf.String())
		}
	}
	if data, _ := os.ReadFile(edited); !strings.HasSuffix(string(data), "edited\n") {
		t.Error("edited document overwritten")
	}
}

// TestImportTwiceSameIndex: pages that share an index number come in as
// a ready document and drafts, and again as the same, however the site's
// files sort: the published document keeps the number.
func TestImportTwiceSameIndex(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	a := copyFixture(t, "notice_flat.txt", filepath.Join(tmp, "a"))
	b := copyFixture(t, "notice_flat.txt", filepath.Join(tmp, "b"))
	var states []string
	for run := 0; run < 2; run++ {
		s, probs := LoadSite(site)
		if probs.Errors() > 0 {
			t.Fatal(probs)
		}
		reps, _ := Import([]string{a, b}, Options{Into: filepath.Join(site, "content"), Site: s})
		for _, r := range reps {
			line, _, _ := strings.Cut(r.String(), "\n")
			states = append(states, strings.TrimPrefix(line, r.Source+" → "+filepath.Join(site, "content", "2022")+string(filepath.Separator)))
		}
	}
	want := []string{
		"2022-00007.md [ready] UTF-8", "2022-00007-2.md [draft] UTF-8",
		"2022-00007.md [unchanged] UTF-8", "2022-00007-2.md [unchanged] UTF-8",
	}
	if !reflect.DeepEqual(states, want) {
		t.Errorf("reports %q, want %q", states, want)
	}
}

// TestImportThroughAnotherPath: the site's folder named by another path
// than the one it was loaded by, here through a symbolic link, as on
// Windows by other letter case (Site for site), is still the site's: a
// walk of it keeps out of its content/ and public/.
func TestImportThroughAnotherPath(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "real", "site")
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	page := "索引号：00001434-9/2024-00301\n发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n"
	writeFile(t, filepath.Join(site, "old", "page.txt"), page)
	writeFile(t, filepath.Join(site, "content", "2024", "files", "notes.txt"), page)
	writeFile(t, filepath.Join(site, "public", "archive", "2024", "x", "index.html"), "<html><body><h1>关于已发布的通知</h1></body></html>")
	if err := os.Symlink(filepath.Join(tmp, "real"), filepath.Join(tmp, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	other := filepath.Join(tmp, "link", "site")
	for _, tc := range [][2]string{{site, other}, {other, site}} {
		loaded, walked := tc[0], tc[1]
		s, probs := LoadSite(loaded)
		if probs.Errors() > 0 {
			t.Fatal(probs)
		}
		into := filepath.Join(loaded, "content")
		reps, err := Import([]string{walked}, Options{Into: into, DryRun: true, Site: s})
		var got []string
		for _, r := range reps {
			line, _, _ := strings.Cut(r.String(), "\n")
			got = append(got, line)
		}
		want := []string{filepath.Join(walked, "old", "page.txt") + " → " + filepath.Join(into, "2024", "2024-00301.md") + " [ready] UTF-8"}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("site loaded as %s, walked as %s: error %v, reports\n%s\nwant\n%s", loaded, walked, err, strings.Join(got, "\n"), want[0])
		}
	}
}

// TestImportIntoSpeltOtherwise: the content folder given by another
// spelling than the site folder it is in, as --into and --source may
// give them, still holds the site's files: a document imported before is
// found unchanged, not imported again beside itself, and a slug keeps off
// the path of a file in other letter case. Through a symbolic link, the
// path from the site folder is found by the folders the file system
// knows, not by the names.
func TestImportIntoSpeltOtherwise(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "real", "site")
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	writeFile(t, filepath.Join(site, "content", "2024", "Notes.md"), "+++\ntitle = \"旧稿\"\nissuer = \"示范区教育工会\"\ncategory = \"通知公告\"\nindex = \"00001434-9/2023-00888\"\ndate = 2023-05-04\n+++\n")
	page := filepath.Join(tmp, "in", "page.txt")
	writeFile(t, page, "索引号：00001434-9/2024-00301\n发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	notes := filepath.Join(tmp, "in", "notes.txt")
	writeFile(t, notes, "发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n")
	s, probs := LoadSite(site)
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	if _, err := Import([]string{page}, Options{Into: filepath.Join(site, "content"), Site: s}); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(tmp, "link")
	if err := os.Symlink(filepath.Join(tmp, "real"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	other := filepath.Join(link, "site")
	sep := string(filepath.Separator)
	for _, tc := range [][2]string{
		{site, site + sep + "content" + sep},
		{site, site + sep + "." + sep + "content"},
		{site, filepath.Join(site, "content", "2024") + sep + ".."},
		{site, filepath.Join(other, "content")},
		{other, filepath.Join(site, "content")},
		{site + sep, filepath.Join(other, "old") + sep + ".." + sep + "content"},
	} {
		loaded, into := tc[0], tc[1]
		s, probs := LoadSite(loaded)
		if probs.Errors() > 0 {
			t.Fatal(probs)
		}
		reps, err := Import([]string{page, notes}, Options{Into: into, DryRun: true, Site: s})
		var got []string
		for _, r := range reps {
			line, _, _ := strings.Cut(r.String(), "\n")
			got = append(got, line)
		}
		year := filepath.Join(into, "2024")
		want := []string{
			page + " → " + filepath.Join(year, "2024-00301.md") + " [unchanged] UTF-8",
			notes + " → " + filepath.Join(year, "notes-2.md") + " [draft] UTF-8",
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("site loaded as %s, --into %s: error %v, reports\n%s\nwant\n%s", loaded, into, err, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestImportSymlinks: a symbolic link met in a folder is not followed,
// where it may lead out of the folder given, and the report says so; a
// link named on the command line is what the user chose to import.
func TestImportSymlinks(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	elsewhere := filepath.Join(tmp, "elsewhere")
	copyFixture(t, "notice_flat.txt", elsewhere)
	copyFixture(t, "crlf_notice.txt", in)
	for link, to := range map[string]string{"notice.txt": "notice_flat.txt", "pages": ".", "photo.pdf": "notice_flat.txt"} {
		if err := os.Symlink(filepath.Join(elsewhere, to), filepath.Join(in, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	reps, err := Import([]string{in, filepath.Join(in, "notice.txt")}, Options{Into: filepath.Join(tmp, "content"), DryRun: true, Site: testSite})
	var got []string
	for _, r := range reps {
		msg := "imported"
		if r.Err != nil {
			msg = r.Err.Error()
		}
		rel, _ := filepath.Rel(tmp, r.Source)
		got = append(got, filepath.ToSlash(rel)+": "+msg)
	}
	const notFollowed = "is a symbolic link, which import does not follow in a folder (name what it points to, to import that)"
	want := []string{
		"in/notice.txt: " + notFollowed,
		"in/pages: " + notFollowed,
		"in/crlf_notice.txt: imported",
		"in/notice.txt: imported",
	}
	if err == nil || !reflect.DeepEqual(got, want) {
		t.Errorf("error %v, reports:\n%s\nwant:\n%s", err, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestImportAttachmentExists: an attachment file that stands with other
// bytes where the document's would go is not overwritten, and a dry run
// says so as the import does.
func TestImportAttachmentExists(t *testing.T) {
	tmp := t.TempDir()
	into := filepath.Join(tmp, "content")
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	writeFile(t, filepath.Join(tmp, "in", "附件1.xlsx"), "sign-up form")
	writeFile(t, filepath.Join(tmp, "in", "报名汇总表.pdf"), "%PDF-1.4 summary")
	taken := filepath.Join(into, "2022", "files", "2022-00015-2.pdf")
	writeFile(t, taken, "another file")
	want := taken + " exists: not overwritten (use --force)"
	for _, dry := range []bool{true, false} {
		reps, err := Import([]string{src}, Options{Into: into, DryRun: dry, Site: testSite})
		if err == nil || len(reps) != 1 || reps[0].Err == nil || reps[0].Err.Error() != want {
			t.Errorf("dry run %v: error %v, reports %+v; want the report's error %q", dry, err, reps, want)
		}
	}
	if files := listFiles(t, into); !reflect.DeepEqual(files, []string{"2022/files/2022-00015-2.pdf"}) {
		t.Errorf("files %q; want only the one that was there", files)
	}
}

// TestImportAttachmentCaseTwin: an attachment file whose path differs
// only in letter case from a file of the site is not written, with
// --force neither, nor is anything of its document, and a dry run says
// so as the import does: a disk that ignores case holds one of the two.
func TestImportAttachmentCaseTwin(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	twin := filepath.Join(site, "content", "2022", "files", "2022-00015-2.PDF")
	writeFile(t, twin, "%PDF-1.4 another file")
	s, probs := LoadSite(site)
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	writeFile(t, filepath.Join(tmp, "in", "附件1.xlsx"), "sign-up form")
	writeFile(t, filepath.Join(tmp, "in", "报名汇总表.pdf"), "%PDF-1.4 summary")
	into := filepath.Join(site, "content")
	dst := filepath.Join(into, "2022", "files", "2022-00015-2.pdf")
	want := dst + " differs only in letter case from " + twin + ", and a disk that ignores case, such as a USB stick, takes the two as one: not written (rename " + twin + ", then import again)"
	for _, force := range []bool{false, true} {
		for _, dry := range []bool{true, false} {
			reps, err := Import([]string{src}, Options{Into: into, DryRun: dry, Force: force, Site: s})
			if err == nil || len(reps) != 1 || reps[0].Err == nil || reps[0].Err.Error() != want {
				t.Errorf("force %v, dry run %v: error %v, reports %+v; want the report's error %q", force, dry, err, reps, want)
			}
		}
	}
	if files := listFiles(t, into); !reflect.DeepEqual(files, []string{"2022/files/2022-00015-2.PDF"}) {
		t.Errorf("files %q; want only the one that was there", files)
	}
}

// TestImportFolderCaseTwin: a document whose file, or an attachment
// file of which, would go into a folder whose path differs only in
// letter case from a folder of the site is not written, with --force
// neither, and a dry run says so as the import does: a disk that ignores
// case makes one folder of the two, with one of the names.
func TestImportFolderCaseTwin(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	writeFile(t, filepath.Join(site, "config.toml"), testConfig)
	photo := filepath.Join(site, "content", "2022", "Files", "photo.jpg")
	writeFile(t, photo, "photo")
	imported := filepath.Join(site, "content", "imported", "notes.txt")
	writeFile(t, imported, "notes")
	s, probs := LoadSite(site)
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	writeFile(t, filepath.Join(tmp, "in", "附件1.xlsx"), "sign-up form")
	writeFile(t, filepath.Join(tmp, "in", "报名汇总表.pdf"), "%PDF-1.4 summary")
	const what = ", and a disk that ignores case, such as a USB stick, takes the two as one: not written (rename "
	for _, c := range []struct {
		into, own, twin string
	}{
		{filepath.Join(site, "content"), filepath.Join(site, "content", "2022", "files"), filepath.Dir(photo)},
		{filepath.Join(site, "content", "Imported"), filepath.Join(site, "content", "Imported"), filepath.Dir(imported)},
	} {
		want := c.own + " differs only in letter case from " + c.twin + what + c.twin + ", then import again)"
		for _, force := range []bool{false, true} {
			for _, dry := range []bool{true, false} {
				reps, err := Import([]string{src}, Options{Into: c.into, DryRun: dry, Force: force, Site: s})
				if err == nil || len(reps) != 1 || reps[0].Err == nil || reps[0].Err.Error() != want {
					t.Errorf("into %s, force %v, dry run %v: error %v, reports %+v; want the report's error %q", c.into, force, dry, err, reps, want)
				}
			}
		}
	}
	if files := listFiles(t, filepath.Join(site, "content")); !reflect.DeepEqual(files, []string{"2022/Files/photo.jpg", "imported/notes.txt"}) {
		t.Errorf("files %q; want only those that were there", files)
	}
}

// TestImportTooLarge: a document over the generator's size limit is an
// error of gongkai check even as a draft, so import does not write one.
func TestImportTooLarge(t *testing.T) {
	tmp := t.TempDir()
	into := filepath.Join(tmp, "content")
	header := "索引号：00001434-9/2024-00401\n发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于大文件测试的通知\n\n"
	line := strings.Repeat("正文内容", 100) + "\n\n"
	src := filepath.Join(tmp, "big.txt")
	writeFile(t, src, header+strings.Repeat(line, (generator.MaxSourceSize+1<<20)/len(line)))
	reps, err := Import([]string{src}, Options{Into: into, Site: testSite})
	want := "would be 9.0 MB; a document's Markdown may be at most 8 MB (split the source into smaller documents, or move large content into an attachment)"
	if err == nil || len(reps) != 1 || reps[0].Err == nil || reps[0].Err.Error() != want {
		t.Errorf("error %v, reports %+v; want the report's error %q", err, reps, want)
	}
	if files := listFiles(t, tmp); !reflect.DeepEqual(files, []string{"big.txt"}) {
		t.Errorf("files %q, want only the source", files)
	}
}

func TestImportMissing(t *testing.T) {
	reps, err := Import([]string{filepath.Join(t.TempDir(), "nope.txt")}, Options{Into: t.TempDir()})
	if err == nil || len(reps) != 1 || reps[0].Err == nil {
		t.Fatalf("missing source: %v %+v", err, reps)
	}
	if !strings.Contains(reps[0].String(), "[failed]") {
		t.Errorf("report: %s", reps[0])
	}
}

// TestImportRemovesLeftovers: an import killed while writing leaves its
// hidden temporary files in the site. A later import removes them from
// the folders it writes to once their process has ended, and nothing
// else: not the files of an import still running (this process's), not
// other names, not folders, not what is outside those folders, and
// nothing in a dry run.
func TestImportRemovesLeftovers(t *testing.T) {
	ended := exec.Command(os.Args[0], "-test.run=^$")
	if err := ended.Run(); err != nil {
		t.Skipf("cannot run a process here: %v", err)
	}
	dead, alive := ended.Process.Pid, os.Getpid()
	tmp := t.TempDir()
	// The files of this import are named so that the next can tell.
	f, err := os.CreateTemp(tmp, tempPattern())
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if m := tempName.FindStringSubmatch(filepath.Base(f.Name())); m == nil || m[1] != fmt.Sprint(alive) {
		t.Errorf("temporary file %s: its name does not carry this import's pid %d", f.Name(), alive)
	}
	into := filepath.Join(tmp, "content")
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	leftovers := []string{
		fmt.Sprintf("2022/.import-%d-123", dead),
		fmt.Sprintf("2022/files/.import-%d-456", dead),
		fmt.Sprintf("undated/.import-%d-7", dead),
	}
	kept := []string{
		fmt.Sprintf("2022/.import-%d-789", alive),
		fmt.Sprintf("2022/.import-%d-x", dead),
		fmt.Sprintf("2022/.import-%d-5/inside", dead),
		fmt.Sprintf("2022/notes/.import-%d-8", dead),
		fmt.Sprintf("pages/.import-%d-9", dead),
		"2022/.import-10",
	}
	for _, f := range append(slices.Clone(leftovers), kept...) {
		writeFile(t, filepath.Join(into, filepath.FromSlash(f)), "part of a file")
	}
	for _, dry := range []bool{true, false} {
		if _, err := Import([]string{src}, Options{Into: into, DryRun: dry, Site: testSite}); err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, f := range listFiles(t, into) {
			if strings.Contains(f, ".import-") {
				left = append(left, f)
			}
		}
		slices.Sort(left)
		want := slices.Clone(kept)
		if dry {
			want = append(want, leftovers...)
		}
		slices.Sort(want)
		if !reflect.DeepEqual(left, want) {
			t.Errorf("dry run %v: left %q, want %q", dry, left, want)
		}
	}
}

// TestImportReadsAttachmentsOnce: an import reads each attachment's
// source file once, whether it writes the document, finds it unchanged,
// or compares the file with the one in the site. It read it again to
// write it, which for a large file took as long again, and wrote other
// bytes than it had compared if the file changed meanwhile.
func TestImportReadsAttachmentsOnce(t *testing.T) {
	tmp := t.TempDir()
	into := filepath.Join(tmp, "content")
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	form := filepath.Join(tmp, "in", "附件1.xlsx")
	summary := filepath.Join(tmp, "in", "报名汇总表.pdf")
	writeFile(t, form, "sign-up form")
	writeFile(t, summary, "%PDF-1.4 summary")
	reads := map[string]int{}
	defer func(read func(string) ([]byte, error)) { readAttachment = read }(readAttachment)
	readAttachment = func(p string) ([]byte, error) {
		reads[p]++
		return os.ReadFile(p)
	}
	copied := filepath.Join(into, "2022", "files", "2022-00015-2.pdf")
	for _, run := range []struct {
		name   string
		before func()
		opt    Options
	}{
		{"first import", func() {}, Options{}},
		{"dry run", func() {}, Options{DryRun: true}},
		{"again, unchanged", func() {}, Options{}},
		{"over an edited file", func() { writeFile(t, copied, "edited") }, Options{}},
		{"forced", func() {}, Options{Force: true}},
		{"document removed", func() { os.Remove(filepath.Join(into, "2022", "2022-00015.md")) }, Options{}},
	} {
		run.before()
		clear(reads)
		run.opt.Into, run.opt.Site = into, testSite
		Import([]string{src}, run.opt)
		if want := map[string]int{form: 1, summary: 1}; !reflect.DeepEqual(reads, want) {
			t.Errorf("%s: reads %v, want %v", run.name, reads, want)
		}
	}
	if data, _ := os.ReadFile(copied); string(data) != "%PDF-1.4 summary" {
		t.Errorf("after the forced import, %s holds %q", copied, data)
	}

	// A dry run reads them too: it fails where the import would.
	readAttachment = func(p string) ([]byte, error) { return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrPermission} }
	reps, err := Import([]string{src}, Options{Into: t.TempDir(), DryRun: true, Site: testSite})
	want := "open " + form + ": permission denied"
	if err == nil || len(reps) != 1 || reps[0].Err == nil || reps[0].Err.Error() != want {
		t.Errorf("dry run of an unreadable attachment: error %v, reports %+v; want the report's error %q", err, reps, want)
	}
}

// TestImportForceFewerAttachments: a forced import of a document whose
// earlier import, or whose author, attached more files keeps those files,
// which nothing tells for certain no one needs, and names each of them
// with what to do, in a dry run too.
func TestImportForceFewerAttachments(t *testing.T) {
	tmp := t.TempDir()
	into := filepath.Join(tmp, "content")
	src := copyFixture(t, "crlf_notice.txt", filepath.Join(tmp, "in"))
	writeFile(t, filepath.Join(tmp, "in", "附件1.xlsx"), "sign-up form")
	summary := filepath.Join(tmp, "in", "报名汇总表.pdf")
	writeFile(t, summary, "%PDF-1.4 summary")
	if _, err := Import([]string{src}, Options{Into: into, Site: testSite}); err != nil {
		t.Fatal(err)
	}
	// The author attached a file of their own, and the second
	// attachment is no longer beside the page.
	doc := filepath.Join(into, "2022", "2022-00015.md")
	data, _ := os.ReadFile(doc)
	own := "[[attachments]]\ntitle = \"照片\"\nfile = \"files/photo.jpg\"\n\n"
	writeFile(t, doc, strings.Replace(string(data), "[[attachments]]", own+"[[attachments]]", 1))
	writeFile(t, filepath.Join(into, "2022", "files", "photo.jpg"), "photo")
	os.Remove(summary)

	before := listFiles(t, into)
	for _, dry := range []bool{true, false} {
		reps, err := Import([]string{src}, Options{Into: into, Force: true, DryRun: dry, Site: testSite})
		if err != nil || len(reps) != 1 {
			t.Fatalf("dry run %v: %v %+v", dry, err, reps)
		}
		var left []string
		for _, line := range strings.Split(reps[0].String(), "\n") {
			if strings.Contains(line, "left over") {
				left = append(left, line)
			}
		}
		const what = ", which the document attached before and no longer does (delete it unless another document attaches it; gongkai check warns of a file no document attaches)"
		want := []string{
			"    left over: " + filepath.Join(into, "2022", "files", "photo.jpg") + what,
			"    left over: " + filepath.Join(into, "2022", "files", "2022-00015-2.pdf") + what,
		}
		if !reflect.DeepEqual(left, want) {
			t.Errorf("dry run %v: report\n%s\nwant the lines\n%s", dry, reps[0], strings.Join(want, "\n"))
		}
	}
	if after := listFiles(t, into); !reflect.DeepEqual(after, before) {
		t.Errorf("files %q, want those before %q", after, before)
	}
	data, _ = os.ReadFile(doc)
	if got := generator.AttachmentFiles(data); !reflect.DeepEqual(got, []string{"files/2022-00015-1.xlsx"}) {
		t.Errorf("the document attaches %q, want only files/2022-00015-1.xlsx", got)
	}
}

// TestImportAttachmentNamesUnique: the attachment files of documents of
// one year never share a name. A slug starting with index or schedule
// names its files with file- in front, as a slug that starts with file-
// would name its own: index and file-index both wrote
// files/file-index-1.pdf, so the second document failed with a file
// that exists, overwrote the first one's with --force, and a dry run
// said nothing of it.
func TestImportAttachmentNamesUnique(t *testing.T) {
	notice := func(title string) string {
		return "发布机构：示范区教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于" + title + "的通知\n\n各基层工会：\n\n现将有关事项通知如下。\n\n附件：1.报名表\n\n示范区教育工会\n\n2024年3月5日\n"
	}
	for _, c := range []struct {
		first, second string // the sources' names
		files         []string
	}{
		{"index", "file-index", []string{"files/file-index-1.pdf", "files/file-file-index-1.pdf"}},
		{"schedule-plan", "file-schedule-plan", []string{"files/file-schedule-plan-1.pdf", "files/file-file-schedule-plan-1.pdf"}},
		{"schedule", "file-schedule-2", []string{"files/file-schedule-2-1.pdf", "files/file-file-schedule-2-1.pdf"}},
		{"file-file-index", "file-index", []string{"files/file-file-file-index-1.pdf", "files/file-file-index-1.pdf"}},
	} {
		for _, run := range []struct {
			name string
			opt  Options
		}{{"dry run", Options{DryRun: true}}, {"import", Options{}}, {"forced", Options{Force: true}}} {
			tmp := t.TempDir()
			opt := run.opt
			var srcs []string
			for i, name := range []string{c.first, c.second} {
				dir := filepath.Join(tmp, "in", fmt.Sprint(i+1))
				srcs = append(srcs, filepath.Join(dir, name+".txt"))
				writeFile(t, srcs[i], notice(name))
				writeFile(t, filepath.Join(dir, "附件1.pdf"), "%PDF-1.4 "+name)
			}
			opt.Into, opt.Site = filepath.Join(tmp, "content"), testSite
			reps, err := Import(srcs, opt)
			if err != nil || len(reps) != 2 {
				t.Errorf("%s and %s, %s: error %v, reports %+v", c.first, c.second, run.name, err, reps)
				continue
			}
			for i, r := range reps {
				want := "attachment files: 附件1.pdf → " + c.files[i]
				if !slices.Contains(r.Found, want) {
					t.Errorf("%s and %s, %s: report\n%s\nwant %q", c.first, c.second, run.name, r, want)
				}
				if opt.DryRun {
					continue
				}
				p := filepath.Join(opt.Into, "2024", filepath.FromSlash(c.files[i]))
				if data, _ := os.ReadFile(p); string(data) != "%PDF-1.4 "+filepath.Base(strings.TrimSuffix(r.Source, ".txt")) {
					t.Errorf("%s and %s, %s: %s holds %q", c.first, c.second, run.name, p, data)
				}
			}
		}
	}
}

// TestAttachmentPrefix: no two slugs give one prefix, and none starts
// as the names the generator writes beside a document's attachments.
func TestAttachmentPrefix(t *testing.T) {
	seen := map[string]string{}
	for _, front := range []string{"", "file-", "file-file-", "files-", "file"} {
		for _, rest := range []string{"index", "index-2", "indexes", "schedule", "schedule-2", "2024-00001", "file", "x"} {
			slug := front + rest
			p := attachmentPrefix(slug)
			if other, ok := seen[p]; ok {
				t.Errorf("slugs %s and %s both have the prefix %s", other, slug, p)
			}
			seen[p] = slug
			if strings.HasPrefix(p, "index") || strings.HasPrefix(p, "schedule") {
				t.Errorf("slug %s has the prefix %s", slug, p)
			}
		}
	}
}
