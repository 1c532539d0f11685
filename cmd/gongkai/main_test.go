package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatalf("new site: exit %d: %s", code, stderr)
	}
	dest := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI("build", "--source", dir, "--dest", dest)
	if code != 0 || !strings.HasPrefix(stdout, "built 1 document, ") || !strings.Contains(stdout, "→ "+dest) {
		t.Fatalf("build: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Fatal(err)
	}

	// A broken document: exit 1, the problem on stderr, nothing written.
	bad := filepath.Join(dir, "content", "2024", "bad.md")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte("+++\ntitle = \"x\"\ndate = 2024-02-30\n+++\n"), 0o644)
	code, _, stderr = runCLI("build", "--source", dir, "--dest", dest)
	if code != 1 || !strings.Contains(stderr, filepath.Join("content", "2024", "bad.md")+":3:8: impossible date") || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("broken build: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI("check", "--source", dir)
	if code != 1 || !strings.Contains(stderr, "1 error, 0 warnings") {
		t.Errorf("check: exit %d, stderr %q", code, stderr)
	}

	for _, args := range [][]string{{}, {"bulid"}, {"build", "--nope"}, {"build", "extra"}, {"check", dir}, {"check", "--source", filepath.Join(dir, "missing")}, {"serve", "--source", filepath.Join(dir, "config.toml")}, {"version", "extra"}, {"build", "--source", dir, "--dest", filepath.Join(dir, "config.toml")}, {"new"}, {"new", "doc", "title-without-issuer"}} {
		if code, _, _ := runCLI(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	for _, args := range [][]string{{"--help"}, {"build", "--help"}, {"check", "-h"}, {"version"}} {
		if code, _, _ := runCLI(args...); code != 0 {
			t.Errorf("%q: exit %d, want 0", args, code)
		}
	}
	if code, _, stderr := runCLI("help", "check"); code != 0 || !strings.HasPrefix(stderr, "Usage: gongkai check ") {
		t.Errorf("help check: exit %d, stderr %q, want the check command's usage", code, stderr)
	}
}

// TestCheckComparesLastBuild: check warns of a document that the site's
// last build, in <source>/public, published at another address.
func TestCheckComparesLastBuild(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
		t.Fatal(stderr)
	}
	docs, _ := filepath.Glob(filepath.Join(dir, "content", "*", "first-notice.md"))
	if len(docs) != 1 {
		t.Fatalf("new site wrote %q", docs)
	}
	year := filepath.Base(filepath.Dir(docs[0]))
	if err := os.Rename(docs[0], filepath.Join(filepath.Dir(docs[0]), "notice.md")); err != nil {
		t.Fatal(err)
	}
	want := "content/" + year + "/notice.md:1:1: warning: published at /archive/" + year + "/first-notice/ by the last build, now at /archive/" + year + "/notice/: citations of the old address will break (rename the file to first-notice.md or set slug = \"first-notice\" in its front matter, or redirect the old address on the web server)\n"
	if code, stdout, stderr := runCLI("check", "--source", dir); code != 0 || stderr != want || !strings.HasSuffix(stdout, ": 0 errors, 1 warning\n") {
		t.Errorf("check: exit %d, stdout %q, stderr %q\nwant stderr %q", code, stdout, stderr, want)
	}
	if code, _, stderr := runCLI("check", "--source", dir, "--strict"); code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("check --strict: exit %d, stderr %q", code, stderr)
	}
}

// TestBuildRobotsNote: build says, before anything else, that the
// robots.txt of a site in a folder of its host is never read, and what
// the host's own needs; the site builds, --strict too. A site at a
// host's root and an offline build get no note.
func TestBuildRobotsNote(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 || stderr != "" {
		t.Errorf("build at a host's root: exit %d, stderr %q, want none", code, stderr)
	}
	config := filepath.Join(dir, "config.toml")
	text, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Replace(string(text), `baseURL = "https://example.org/"`, `baseURL = "https://example.org/union/"`, 1)
	if at == string(text) {
		t.Fatalf("new site's config.toml has no baseURL line to change:\n%s", text)
	}
	if err := os.WriteFile(config, []byte(at), 0o644); err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(at[:strings.Index(at, "baseURL")], "\n")
	want := fmt.Sprintf("config.toml:%d:1: note: search engines read robots.txt only at the root of a host, so they will not read https://example.org/union/robots.txt (to point them at the sitemap, add the line \"Sitemap: https://example.org/union/sitemap.xml\" to https://example.org/robots.txt)\n", line)
	for _, args := range [][]string{{"build", "--source", dir}, {"build", "--source", dir, "--strict"}} {
		if code, _, stderr := runCLI(args...); code != 0 || stderr != want {
			t.Errorf("%q: exit %d, stderr %q\nwant %q", args, code, stderr, want)
		}
	}
	if code, _, stderr := runCLI("build", "--source", dir, "--offline", "--dest", filepath.Join(dir, "usb")); code != 0 || stderr != "" {
		t.Errorf("build --offline: exit %d, stderr %q, want none", code, stderr)
	}
}

// TestSourceEndingInQuote: on Windows, a folder in quotes that ends in \
// reaches the program with a quote in place of its last \, and with the
// arguments after it, which the message explains.
func TestSourceEndingInQuote(t *testing.T) {
	source := `D:\工会 网站" --dest out`
	code, _, stderr := runCLI("build", "--source", source)
	want := "gongkai build: " + source + ` is not a folder (a folder written in quotes must not end in \ on Windows, which takes \" for a quote in the name: write "D:\工会 网站", not "D:\工会 网站\")` + "\n"
	if code != 2 || stderr != want {
		t.Errorf("exit %d, stderr %q\nwant %q", code, stderr, want)
	}
}

func TestNewDocNextSerial(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	for i, want := range []string{"2024-00001", "2024-00002"} {
		code, stdout, stderr := runCLI("new", "doc", "--source", dir, "--issuer", "union", "--date", "2024-05-0"+string(rune('1'+i)), "通知")
		if code != 0 || !strings.Contains(stdout, "index 00001434-9/"+want) {
			t.Fatalf("new doc %d: exit %d, %q %q", i, code, stdout, stderr)
		}
	}
	// Flags may follow the title, whose words are joined.
	code, stdout, stderr := runCLI("new", "doc", "年度", "通知", "--source", dir, "--issuer", "union", "--date", "2024-05-03")
	if code != 0 || !strings.Contains(stdout, "index 00001434-9/2024-00003") {
		t.Fatalf("new doc with flags after the title: exit %d, %q %q", code, stdout, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "content", "2024", "union-00003.md")); !strings.Contains(string(data), `title = "年度 通知"`) {
		t.Errorf("the title is not the words before the flags:\n%s", data)
	}
	// The new documents are drafts and the site still checks clean.
	if code, stdout, stderr := runCLI("check", "--source", dir); code != 0 || !strings.Contains(stdout, "3 drafts") {
		t.Errorf("check: exit %d, %q %q", code, stdout, stderr)
	}
	// Each mistake is said, with what to do.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--source", dir, "通知"}, "gongkai new doc: give the issuing body with --issuer SLUG (its slug in config.toml)\n"},
		{[]string{"--source", dir, "--issuer", "union"}, "gongkai new doc: give the document's title after the flags\n"},
		{[]string{"--source", dir, "--issuer", "union", "--slug", "a b", "通知"}, "gongkai new doc: --slug: slug \"a b\" contains ' ', a character that does not belong in a URL (use letters, digits and hyphens)\n"},
		{[]string{"--source", dir, "--issuer", "union", "--category", "nope", "通知"}, "gongkai new doc: no category with slug \"nope\" in config.toml (declared: plans, notices)\n"},
		{[]string{"--source", t.TempDir(), "--issuer", "union", "通知"}, "has no config.toml (run it in the site folder, or give the site folder with --source)\n"},
		// A line break pasted from a word processor, and a terminal that is not UTF-8.
		{[]string{"--source", dir, "--issuer", "union", "关于\v测试的通知"}, "gongkai new doc: the title holds U+000B, a control character (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "关于\u0085测试的通知"}, "gongkai new doc: the title holds U+0085, a control character (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "关于\uFFFE测试的通知"}, "gongkai new doc: the title holds U+FFFE, a noncharacter (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "关于\uFDEF测试的通知"}, "gongkai new doc: the title holds U+FDEF, a noncharacter (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "关于测试的通知\U0001FFFF"}, "gongkai new doc: the title holds U+1FFFF, a noncharacter (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "关于\t测试的通知"}, "gongkai new doc: the title holds U+0009, a control character (type the title without it)\n"},
		{[]string{"--source", dir, "--issuer", "union", "\xb9\xd8\xd3\xda"}, "gongkai new doc: the title is not UTF-8 text (set the terminal to UTF-8 and type it again)\n"},
	} {
		_, _, stderr := runCLI(append([]string{"new", "doc"}, tc.args...)...)
		if !strings.HasSuffix(stderr, tc.want) {
			t.Errorf("new doc %q: stderr %q, want it to end %q", tc.args, stderr, tc.want)
		}
	}
}

// TestNewDocSlugTaken: new doc writes no document that check would
// refuse once it is published for its address: a name the archive writes
// in a year's folder, or another document's address in any letter case.
func TestNewDocSlugTaken(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	moved := filepath.Join(dir, "content", "2024", "moved.md")
	os.MkdirAll(filepath.Dir(moved), 0o755)
	os.WriteFile(moved, []byte("+++\ntitle = \"旧稿\"\nindex = \"00001434-9/2024-00001\"\nissuer = \"某某教育工会\"\ndate = 2024-05-01\ncategory = \"通知公告\"\nslug = \"union-00002\"\n+++\n"), 0o644)
	for _, tc := range []struct {
		slug string
		code int
		want string
	}{
		{"schedule", 2, "gongkai new doc: --slug: slug \"schedule\" is a name the archive uses in every year's folder: /archive/2024/schedule/ is the year's whole schedule (choose another slug)\n"},
		{"Page", 2, "gongkai new doc: --slug: slug \"Page\" differs only in letter case from \"page\", a name the archive uses in every year's folder, and a disk that ignores case, such as a USB stick, takes the two as one: /archive/2024/page/ holds the year's list from its second page on (choose another slug)\n"},
		{"Union-00002", 2, "gongkai new doc: --slug: /archive/2024/Union-00002/ differs only in letter case from /archive/2024/union-00002/, the address of content/2024/moved.md, and a disk that ignores case, such as a USB stick, takes the two as one (choose another slug)\n"},
		// The next serial's slug, which the moved document has taken.
		{"", 1, "gongkai new doc: /archive/2024/union-00002/ is already the address of content/2024/moved.md (choose a slug with --slug)\n"},
	} {
		newDocRefused(t, dir, tc.slug, tc.code, tc.want)
	}
}

// newDocRefused runs new doc in the site dir, dated 2024-05-02, with
// --slug slug unless it is "", and checks that it exits with code, says
// want and writes nothing.
func newDocRefused(t *testing.T, dir, slug string, code int, want string) {
	t.Helper()
	args := []string{"new", "doc", "--source", dir, "--issuer", "union", "--date", "2024-05-02", "通知"}
	if slug != "" {
		args = append(args, "--slug", slug)
	}
	before := files(t, dir)
	got, stdout, stderr := runCLI(args...)
	if got != code || stdout != "" || stderr != want {
		t.Errorf("--slug %q: exit %d, stdout %q, stderr %q; want exit %d and %q", slug, got, stdout, stderr, code, want)
	}
	if after := files(t, dir); !slices.Equal(after, before) {
		t.Errorf("--slug %q wrote %q", slug, after)
	}
}

// TestNewDocCaseTwin: new doc writes no document whose path differs only
// in letter case from a file of the site, which a disk that ignores case
// takes as that file, even when the two addresses differ.
func TestNewDocCaseTwin(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	folder := filepath.Join(dir, "content", "2024")
	os.MkdirAll(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "Union-00002.md"), []byte("+++\ntitle = \"春季通知\"\nindex = \"00001434-9/2024-00001\"\nissuer = \"某某教育工会\"\ndate = 2024-03-01\ncategory = \"通知公告\"\nslug = \"spring\"\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(folder, "Notes.MD"), []byte("notes"), 0o644)
	for _, tc := range []struct {
		slug string
		code int
		want string
	}{
		// The next serial's slug, the name of a document with a slug of its own.
		{"", 1, "gongkai new doc: content/2024/union-00002.md differs only in letter case from content/2024/Union-00002.md, and a disk that ignores case, such as a USB stick, takes the two as one (choose a slug with --slug)\n"},
		{"UNION-00002", 2, "gongkai new doc: --slug: content/2024/UNION-00002.md differs only in letter case from content/2024/Union-00002.md, and a disk that ignores case, such as a USB stick, takes the two as one (choose another slug)\n"},
		// A file that is not a document.
		{"notes", 2, "gongkai new doc: --slug: content/2024/notes.md differs only in letter case from content/2024/Notes.MD, and a disk that ignores case, such as a USB stick, takes the two as one (choose another slug)\n"},
	} {
		newDocRefused(t, dir, tc.slug, tc.code, tc.want)
	}
}

// TestNewDocBadConfig: with config.toml unreadable, new doc says what is
// wrong with it rather than that the issuer is not declared.
func TestNewDocBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		want           string
	}{
		{"TOML syntax", "page_size = 50\n", "page_size = \"50\n",
			"config.toml:6:16: TOML syntax: strings cannot contain newlines (check quotes, brackets and the = sign on this line)\n"},
		{"no categories", "[[categories]]\nname = \"年度计划总结\"\nslug = \"plans\"\n\n[[categories]]\nname = \"通知公告\"\nslug = \"notices\"\n", "",
			"config.toml:1:1: no [[categories]] declared (declare each with a name and an ASCII slug)\n"},
	} {
		dir := t.TempDir()
		if code, _, stderr := runCLI("new", "site", dir); code != 0 {
			t.Fatal(stderr)
		}
		cfg := filepath.Join(dir, "config.toml")
		data, _ := os.ReadFile(cfg)
		if !strings.Contains(string(data), tc.from) {
			t.Fatalf("%s: config.toml has no %q", tc.name, tc.from)
		}
		os.WriteFile(cfg, []byte(strings.Replace(string(data), tc.from, tc.to, 1)), 0o644)
		code, stdout, stderr := runCLI("new", "doc", "--source", dir, "--issuer", "union", "通知")
		if code != 1 || stdout != "" || stderr != tc.want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.name, code, stdout, stderr, tc.want)
		}
	}
}

// TestCheckReservesThemeFiles: check knows the embedded theme, so a page
// whose slug is the name of one of its static files is refused by check
// as by build, rather than failing in the middle of writing.
func TestCheckReservesThemeFiles(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	page := filepath.Join(dir, "content", "pages", "js.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("+++\ntitle = \"脚本\"\nslug = \"search.js\"\n+++\n"), 0o644)
	want := filepath.Join("content", "pages", "js.md") + `:3:1: slug "search.js" is a name the archive uses in the site's root: /search.js is the theme's static file static/search.js (choose another slug)`
	for _, cmd := range [][]string{{"check", "--source", dir}, {"build", "--source", dir, "--dest", filepath.Join(t.TempDir(), "out")}} {
		if code, _, stderr := runCLI(cmd...); code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q", cmd[0], code, stderr)
		}
	}
}

// TestImportInto: import writes only into the site's content folder, and
// a walk of the site's own folder imports neither the site's content nor
// its output, wherever in content/ the documents go.
func TestImportInto(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatal(stderr)
	}
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := "索引号：00001434-9/2024-00301\n发布机构：某某教育工会\n发文日期：2024年3月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n"
	write("old/page.txt", page)
	write("public/archive/2024/x/index.html", "<html><body><h1>关于已发布的通知</h1></body></html>")
	write("content/2024/files/notes.txt", page)

	content := filepath.Join(dir, "content")
	for _, into := range []string{t.TempDir(), dir, filepath.Join(content, "..", "public")} {
		code, stdout, stderr := runCLI("import", "--source", dir, "--into", into, filepath.Join(dir, "old"))
		want := "gongkai import: --into " + into + " is not in the site's content folder " + content + " (documents are part of the site only there: give that folder or one in it)\n"
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("--into %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", into, code, stdout, stderr, want)
		}
	}

	// The content folder reached another way, as Windows gives it in other
	// letter case: here, through a symbolic link to the site.
	link := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("import", "--source", dir, "--into", filepath.Join(link, "content", "imported"), "--dry-run", filepath.Join(dir, "old")); code != 0 {
		t.Errorf("--into the content folder through a link: exit %d, stderr %q", code, stderr)
	}

	code, stdout, stderr := runCLI("import", "--source", dir, "--into", filepath.Join(content, "imported"), "--dry-run", dir)
	want := filepath.Join(dir, "old", "page.txt") + " → " + filepath.Join(content, "imported", "2024", "2024-00301.md") + " [ready] UTF-8\n"
	if code != 0 || !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "\n1 source, 1 document: 1 ready, 0 drafts to review,") {
		t.Errorf("import of the site's folder: exit %d, stderr %q, stdout\n%s\nwant only %s", code, stderr, stdout, want)
	}
}

// TestNewSiteWritesAllOrNothing: new site writes nothing when any of its
// files is already there, rather than half a site, and says why.
func TestNewSiteWritesAllOrNothing(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "notes.txt")
	os.WriteFile(file, []byte("notes"), 0o644)
	guide := filepath.Join(tmp, "old", "content", "pages", "guide.md")
	os.MkdirAll(filepath.Dir(guide), 0o755)
	os.WriteFile(guide, []byte("my guide"), 0o644)
	site := filepath.Join(tmp, "site")
	if code, _, stderr := runCLI("new", "site", site); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(tmp, "old"), "gongkai: " + guide + " already exists; nothing was written (choose a new folder)\n"},
		{site, "gongkai: " + filepath.Join(site, "config.toml") + " already exists; nothing was written (choose a new folder)\n"},
		{file, "gongkai: " + file + " is a file, not a folder; nothing was written (choose a new folder)\n"},
	} {
		before := files(t, tmp)
		code, stdout, stderr := runCLI("new", "site", tc.dir)
		if code != 1 || stdout != "" || stderr != tc.want {
			t.Errorf("new site %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.dir, code, stdout, stderr, tc.want)
		}
		if after := files(t, tmp); !slices.Equal(after, before) {
			t.Errorf("new site %s wrote %q", tc.dir, after)
		}
	}
}

// files lists the files under root.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestListenHint: serve says what to do about the port or the address
// only where the error tells which it is, and both where it does not (a
// refused privileged port; Windows's own error codes).
func TestListenHint(t *testing.T) {
	port := "is another server using the port? choose another with --port"
	bind := "check --bind: it must be an address of this machine, such as 127.0.0.1"
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&net.OpError{Op: "listen", Err: os.NewSyscallError("bind", syscall.EADDRINUSE)}, port},
		{&net.OpError{Op: "listen", Err: os.NewSyscallError("bind", syscall.EADDRNOTAVAIL)}, bind},
		{&net.OpError{Op: "listen", Err: &net.DNSError{Err: "no such host", Name: "nowhere.invalid"}}, bind},
		{&net.OpError{Op: "listen", Err: os.NewSyscallError("bind", syscall.EACCES)}, port + "; or " + bind},
	} {
		if got := listenHint(tc.err); got != tc.want {
			t.Errorf("listenHint(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
