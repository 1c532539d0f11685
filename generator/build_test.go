package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator/corpus"
)

// Every test overwrites a source buffer as it is given back, so that a
// page or text still pointing into one shows as damaged output.
func init() { poisonReleased = true }

// TestDraftLeavesNoTrace checks that nothing of a draft reaches the
// output: the basic site's draft carries DRAFTMARK in its title, keywords,
// body, schedule row and attachment.
func TestDraftLeavesNoTrace(t *testing.T) {
	for _, offline := range []bool{false, true} {
		out := buildMem(t, os.DirFS("testdata/basic/site"), Options{Offline: offline})
		for name, data := range out.files {
			if bytes.Contains(data, []byte("DRAFTMARK")) {
				t.Errorf("%s contains the draft's marker", name)
			}
			if strings.Contains(name, "secret-draft") || strings.Contains(name, "draft.txt") {
				t.Errorf("%s is the draft's page or file", name)
			}
		}
	}
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		files[strings.TrimPrefix(p, dir)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(to, strings.TrimPrefix(p, from))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	src := "testdata/basic/site"
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dest := range []string{a, b} {
		if _, err := Build(src, dest, Options{Theme: gongkai.Theme}); err != nil {
			t.Fatal(err)
		}
	}
	sa, sb := snapshot(t, a), snapshot(t, b)
	if len(sa) == 0 || len(sa) != len(sb) {
		t.Fatalf("builds wrote %d and %d files", len(sa), len(sb))
	}
	for name, data := range sa {
		if sb[name] != data {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

// TestFailedBuildKeepsPublishedSite breaks a site in two ways, one caught
// by the checks and one only while rendering, and checks that the
// published folder is byte-for-byte as before and no work folder is left.
func TestFailedBuildKeepsPublishedSite(t *testing.T) {
	site := t.TempDir()
	copyDir(t, "testdata/basic/site", site)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(site, dest, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)

	breakages := []struct {
		name, file, data string
	}{
		{"bad front matter", "content/2024/notice.md", "+++\ntitle = \n+++\n"},
		{"broken layout", "layouts/document.html", `{{define "main"}}{{.NoSuchField}}{{end}}`},
	}
	for _, br := range breakages {
		p := filepath.Join(site, br.file)
		old, _ := os.ReadFile(p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(br.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(site, dest, Options{Theme: gongkai.Theme}); err == nil {
			t.Fatalf("%s: build succeeded", br.name)
		}
		after := snapshot(t, dest)
		if len(after) != len(before) {
			t.Errorf("%s: published folder has %d files, had %d", br.name, len(after), len(before))
		}
		for name, data := range before {
			if after[name] != data {
				t.Errorf("%s: %s changed", br.name, name)
			}
		}
		entries, _ := os.ReadDir(filepath.Dir(dest))
		for _, e := range entries {
			if e.Name() != "public" {
				t.Errorf("%s: left %s behind", br.name, e.Name())
			}
		}
		if old == nil {
			os.Remove(p)
		} else {
			os.WriteFile(p, old, 0o644)
		}
	}
	// The site builds again once fixed.
	if _, err := Build(site, dest, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatalf("fixed site: %v", err)
	}
}

// TestLeftoversCleaned simulates a build killed before it could swap:
// its work folder is removed by the next build.
func TestLeftoversCleaned(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	stale := filepath.Join(parent, ".public.new-999999999-123")
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("leftover work folder still there: %v", err)
	}
}

// TestSwapByRenames runs the swap of the systems that cannot exchange
// two folders in one step, as Windows publishes: a clean swap; a second
// rename that fails, after which the old site is back; and a second
// rename that fails with the rename back, after which the error names
// the folder that holds the old site, and the next build puts it back
// before it does anything else, even when it fails itself.
func TestSwapByRenames(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	site := func(dir, version string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(version), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	published := func() string {
		data, _ := os.ReadFile(filepath.Join(dest, "index.html"))
		return string(data)
	}
	tmp := filepath.Join(parent, ".public.new-1-1")
	site(dest, "v1")
	site(tmp, "v2")
	if err := swapByRenames(tmp, dest, os.Rename); err != nil || published() != "v2" {
		t.Fatalf("swap: %v, published %q, want v2", err, published())
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("the swap left %d entries beside the site, want none", len(entries)-1)
	}

	// renameFailing renames as os.Rename does but for the calls given,
	// counted from 1, which fail as Windows fails while a file is in use.
	renameFailing := func(failing ...int) func(from, to string) error {
		calls := 0
		return func(from, to string) error {
			if calls++; slices.Contains(failing, calls) {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("the file is in use")}
			}
			return os.Rename(from, to)
		}
	}
	site(tmp, "v3")
	if err := swapByRenames(tmp, dest, renameFailing(2)); err == nil || published() != "v2" {
		t.Fatalf("second rename failing: %v, published %q, want an error and v2", err, published())
	}
	err := swapByRenames(tmp, dest, renameFailing(2, 3))
	olds, _ := filepath.Glob(filepath.Join(parent, ".public.old-*"))
	if len(olds) != 1 {
		t.Fatalf("the rename back failing: %d .old- folders, want 1", len(olds))
	}
	want := fmt.Sprintf("rename %s %s: the file is in use; nor could the site published before be put back: it is in %s, which the next build puts back first (or rename it to public)", tmp, dest, olds[0])
	if err == nil || err.Error() != want {
		t.Fatalf("the rename back failing: err = %v\nwant %s", err, want)
	}
	// The next build fails while rendering, after it cleaned up.
	src := t.TempDir()
	copyDir(t, "testdata/basic/site", src)
	os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts", "document.html"), []byte(`{{define "main"}}{{.NoSuchField}}{{end}}`), 0o644)
	if _, err := Build(src, dest, Options{Theme: gongkai.Theme}); err == nil {
		t.Fatal("a build with a broken layout succeeded")
	}
	if published() != "v2" {
		t.Errorf("after a failed build, published %q, want the old site v2 back", published())
	}
}

// TestProcessAlive: cleanLeftovers removes the work folders of builds
// whose process has ended, and must tell them from those of a build that
// still runs. Without this, a build stopped with Ctrl+C on Windows left a
// copy of the site beside it for good.
func TestProcessAlive(t *testing.T) {
	if !ProcessAlive(os.Getpid()) {
		t.Error("this process is not alive")
	}
	ended := exec.Command(os.Args[0], "-test.run=^$")
	if err := ended.Run(); err != nil {
		t.Skipf("cannot run a process here: %v", err)
	}
	if ProcessAlive(ended.Process.Pid) {
		t.Errorf("process %d ended but is taken as alive", ended.Process.Pid)
	}
}

func TestDestInsideSourceRefused(t *testing.T) {
	_, err := Build("testdata/basic/site", "testdata/basic/site/content/public", Options{Theme: gongkai.Theme})
	if err == nil || !strings.Contains(err.Error(), "is inside content/") {
		t.Errorf("err = %v, want a refusal naming content/", err)
	}
	// Through a symbolic link to the site, either way round.
	dir := t.TempDir()
	site, _ := filepath.Abs("testdata/basic/site")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range [][2]string{{link, filepath.Join(site, "content", "out")}, {site, filepath.Join(link, "content", "out")}} {
		_, err := Build(tc[0], tc[1], Options{Theme: gongkai.Theme})
		if err == nil || !strings.Contains(err.Error(), "is inside content/") {
			t.Errorf("--source %s --dest %s: err = %v, want a refusal naming content/", tc[0], tc[1], err)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "out")); err == nil {
		os.RemoveAll(filepath.Join(site, "content", "out"))
		t.Error("a build wrote into content/")
	}
}

// TestDestInsideSourceOtherCase: on a disk that ignores letter case, as
// macOS's does, --dest Content/x is content/x, and the next build would
// read its own output; the names alone differ. sameFolder stands for such
// a disk here.
func TestDestInsideSourceOtherCase(t *testing.T) {
	top := t.TempDir()
	src := filepath.Join(top, "Union", "site")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	defer func(keep func(a, b string) bool) { sameFolder = keep }(sameFolder)
	sameFolder = strings.EqualFold

	for _, tc := range []struct{ dest, want string }{
		{filepath.Join(src, "Content", "x"), "--dest " + filepath.Join(src, "Content", "x") + " is inside content/, whose files are the site's input (choose a folder such as public/)"},
		{filepath.Join(src, "STATIC"), "--dest " + filepath.Join(src, "STATIC") + " is inside static/, whose files are the site's input (choose a folder such as public/)"},
		{filepath.Join(top, "Union", "Site"), "--dest " + filepath.Join(top, "Union", "Site") + " would replace the site folder itself (choose a folder such as public/)"},
		{filepath.Join(top, "union"), "--dest " + filepath.Join(top, "union") + " would replace a folder that holds the site (choose a folder such as public/)"},
		{filepath.Join(src, "Public"), ""},
	} {
		err := checkDest(src, tc.dest)
		if got := fmt.Sprint(err); (err != nil || tc.want != "") && got != tc.want {
			t.Errorf("--dest %s:\n got %s\nwant %s", tc.dest, got, tc.want)
		}
	}
}

// TestRelWithin: the path of a file from a folder that p spells in other
// letter case, as a disk that ignores case takes it (sameFolder stands
// for such a disk here), is the part of p below that folder.
func TestRelWithin(t *testing.T) {
	defer func(keep func(a, b string) bool) { sameFolder = keep }(sameFolder)
	sameFolder = strings.EqualFold
	dir := filepath.Join("top", "site")
	for _, tc := range []struct {
		p, rel string
		ok     bool
	}{
		{filepath.Join("top", "Site", "content", "2024", "x.md"), filepath.Join("content", "2024", "x.md"), true},
		{filepath.Join("TOP", "site"), ".", true},
		{filepath.Join("top", "other", "x.md"), "", false},
		{"top", "", false},
	} {
		if rel, ok := RelWithin(tc.p, dir); rel != tc.rel || ok != tc.ok {
			t.Errorf("RelWithin(%q, %q) = %q, %v; want %q, %v", tc.p, dir, rel, ok, tc.rel, tc.ok)
		}
	}
}

// TestDestOtherCaseKeptApart: a disk that keeps letter case, as Linux's
// do, holds Content/ and content/ as two folders, and a build into the
// first is not refused; a link is known as the folder it names.
func TestDestOtherCaseKeptApart(t *testing.T) {
	src := t.TempDir()
	content, other := filepath.Join(src, "content"), filepath.Join(src, "Content")
	os.MkdirAll(content, 0o755)
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Skipf("this disk ignores letter case: %v", err)
	}
	if err := checkDest(src, filepath.Join(other, "x")); err != nil {
		t.Errorf("--dest Content/x beside content/: %v", err)
	}
	link := filepath.Join(src, "link")
	if err := os.Symlink(content, link); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	if !sameFolder(link, content) || sameFolder(other, content) {
		t.Errorf("sameFolder(link, content) = %v, sameFolder(Content, content) = %v; want true, false", sameFolder(link, content), sameFolder(other, content))
	}
}

// TestDestMountPointRefused: a USB stick on Linux or macOS is mounted at
// a folder such as /media/usb, which the system neither renames nor
// replaces; the build refuses it before reading the site, as it refuses
// the top of a disk on Windows, rather than failing at the end with the
// system's bare "device or resource busy". /dev/shm, where Linux mounts a
// disk of its own, stands for the stick.
func TestDestMountPointRefused(t *testing.T) {
	const mount = "/dev/shm"
	mounts, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Skipf("cannot tell where disks are mounted here: %v", err)
	}
	if !slices.ContainsFunc(strings.Split(string(mounts), "\n"), func(line string) bool {
		f := strings.Fields(line)
		return len(f) > 4 && f[4] == mount
	}) {
		t.Skipf("no disk is mounted at %s here", mount)
	}
	_, err = Build("testdata/basic/site", mount, Options{Theme: gongkai.Theme})
	want := "--dest /dev/shm is the top of a disk, which a build cannot replace (give a folder on it, such as /dev/shm/public)"
	if de := (*DestError)(nil); !errors.As(err, &de) || err.Error() != want {
		t.Errorf("--dest %s: err = %v\nwant %s", mount, err, want)
	}
}

// TestDestReplacedOnlyWhenOurs points --dest at folders a build must not
// replace and checks that each is refused with its reason and left as it
// was; an empty folder, the build's own earlier output and a link to a
// folder are built into.
func TestDestReplacedOnlyWhenOurs(t *testing.T) {
	parent := t.TempDir()
	mine := filepath.Join(parent, "mine")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "thesis.txt"), []byte("precious"), 0o644)
	afile := filepath.Join(parent, "a.txt")
	os.WriteFile(afile, []byte("precious"), 0o644)
	os.Symlink("nowhere", filepath.Join(parent, "dangling"))
	root := filepath.VolumeName(parent) + string(filepath.Separator) // / here, C:\ on Windows

	for _, tc := range []struct{ dest, want string }{
		{mine, "--dest " + mine + " holds files that gongkai did not write (thesis.txt); a build replaces the whole folder, so it will not build there (give a new or empty folder, or move those files away)"},
		{parent, "--dest " + parent + " holds files that gongkai did not write (a.txt, dangling, mine); a build replaces the whole folder, so it will not build there (give a new or empty folder, or move those files away)"},
		{afile, "--dest " + afile + " is a file, not a folder (give a folder such as public/)"},
		{filepath.Join(parent, "dangling"), "--dest " + filepath.Join(parent, "dangling") + " is a link to a folder that cannot be reached"},
		{root, "--dest " + root + " is the top of a disk, which a build cannot replace (give a folder on it, such as " + filepath.Join(root, "public") + ")"},
	} {
		_, err := Build("testdata/basic/site", tc.dest, Options{Theme: gongkai.Theme})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("--dest %s: err = %v\nwant %s", tc.dest, err, tc.want)
		}
	}
	if data, err := os.ReadFile(filepath.Join(mine, "thesis.txt")); string(data) != "precious" {
		t.Errorf("a refused folder's file changed: %q, %v", data, err)
	}
	if data, err := os.ReadFile(afile); string(data) != "precious" {
		t.Errorf("a refused file changed: %q, %v", data, err)
	}

	// An empty folder, then the same folder holding the first build,
	// then a link to it: each is built into, and the link stays a link.
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o755)
	link := filepath.Join(parent, "link")
	os.Symlink("empty", link)
	for _, dest := range []string{empty, empty, link} {
		if _, err := Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme}); err != nil {
			t.Fatalf("--dest %s: %v", dest, err)
		}
	}
	// What is put at the top of the built folder by hand since is not
	// replaced either: a deploy repository's .git, a host's CNAME.
	os.Mkdir(filepath.Join(empty, ".git"), 0o755)
	os.WriteFile(filepath.Join(empty, "CNAME"), []byte("example.org"), 0o644)
	_, err := Build("testdata/basic/site", empty, Options{Theme: gongkai.Theme})
	if want := "--dest " + empty + " holds .git, CNAME, which the last build did not write; a build replaces the whole folder, so it will not build there (move them away; a file the site should publish, such as CNAME, belongs in static/)"; err == nil || err.Error() != want {
		t.Errorf("a built folder with files added: err = %v\nwant %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(empty, ".git")); err != nil {
		t.Errorf("the added folder is gone: %v", err)
	}
	os.Remove(filepath.Join(empty, ".git"))
	os.Remove(filepath.Join(empty, "CNAME"))
	if _, err := Build("testdata/basic/site", empty, Options{Theme: gongkai.Theme}); err != nil {
		t.Errorf("once they are moved away: %v", err)
	}
	// What a file manager leaves in a folder it showed is no reason to
	// refuse it, built or new.
	os.WriteFile(filepath.Join(empty, ".DS_Store"), []byte("Bud1"), 0o644)
	os.WriteFile(filepath.Join(empty, "thumbs.db"), nil, 0o644)
	if _, err := Build("testdata/basic/site", empty, Options{Theme: gongkai.Theme}); err != nil {
		t.Errorf("a built folder a file manager showed: %v", err)
	}
	shown := filepath.Join(parent, "shown")
	os.Mkdir(shown, 0o755)
	os.WriteFile(filepath.Join(shown, "desktop.ini"), nil, 0o644)
	if _, err := Build("testdata/basic/site", shown, Options{Theme: gongkai.Theme}); err != nil {
		t.Errorf("a new folder a file manager showed: %v", err)
	}
	// A built folder kept in git and checked out on Windows, whose git
	// writes every text file with CRLF line ends, the mark included.
	mark := filepath.Join(empty, outputMark)
	data, err := os.ReadFile(mark)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(mark, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), 0o644)
	if _, err := Build("testdata/basic/site", empty, Options{Theme: gongkai.Theme}); err != nil {
		t.Errorf("a built folder whose mark has CRLF line ends: %v", err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(empty, "index.html")); err != nil {
		t.Errorf("the linked folder holds no site: %v", err)
	}
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksResolve follows every link and source of every page of the
// test sites and checks it names a file of the build, for normal builds
// (folders serve index.html) and offline builds (links name files).
func TestLinksResolve(t *testing.T) {
	for _, site := range []string{"testdata/basic/site", "testdata/en-offline/site", "../"} {
		for _, offline := range []bool{false, true} {
			out := buildMem(t, os.DirFS(site), Options{Offline: offline, Theme: gongkai.Theme})
			checked := 0
			for name, data := range out.files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				for _, m := range linkAttr.FindAllSubmatch(data, -1) {
					link := string(m[1])
					if strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "#") {
						continue
					}
					if link == "" {
						continue // a dropped dangerous link
					}
					target := resolveLink(name, link)
					if _, ok := out.files[target]; !ok {
						if _, ok := out.files[target+"index.html"]; ok && !offline {
							continue
						}
						if name == "404.html" && offline {
							continue
						}
						t.Errorf("%s (offline=%v): %s links to %q, which is not in the build", site, offline, name, link)
					}
					checked++
				}
			}
			if checked < 50 {
				t.Errorf("%s: only %d links checked", site, checked)
			}
		}
	}
}

// TestLinksByPath: links and images that name a file of content/ by its
// path from the Markdown file, as Markdown editors write them, point at
// the page or the attachment the file is published as, with their query
// and fragment, in normal and offline builds; other addresses stay as
// written. A site loaded without its bodies (as build loads it) renders
// the same bytes.
func TestLinksByPath(t *testing.T) {
	fsys := mapSite(map[string]string{
		"content/2024/jiaoshijie-2024.md": doc("+++\n各", "[[attachments]]\nfile = \"files/photo.png\"\n[[attachments]]\nfile = \"files/活动 照片.png\"\n+++\n各") +
			"\n![活动照片](files/photo.png)\n![合影](files/%E6%B4%BB%E5%8A%A8%20%E7%85%A7%E7%89%87.png)\n\n" +
			"见[工作要点](../2024/gongzuo-yaodian-2024.md#一指导思想)、[安排表](../2023/files/安排表.pdf?v=2)、[指南](../pages/guide.md)、[站外](https://example.org/a.md)与[上级](../../guide/)。\n",
		"content/2024/files/photo.png":         "png",
		"content/2024/files/活动 照片.png":         "png",
		"content/2024/gongzuo-yaodian-2024.md": doc("2024-00001", "2024-00002", "各基层工会：", "## 一、指导思想\n\n各基层工会："),
		"content/2023/anpai-2023.md":           doc("2024-00001", "2023-00001", "2024-03-18", "2023-03-18", "+++\n各", "[[attachments]]\nfile = \"files/安排表.pdf\"\n+++\n各"),
		"content/2023/files/安排表.pdf":           "%PDF",
		"content/pages/guide.md":               "+++\ntitle = \"指南\"\n+++\n见[活动](../2024/jiaoshijie-2024.md)。\n",
	})
	const (
		page  = "archive/2024/jiaoshijie-2024/index.html"
		guide = "guide/index.html"
	)
	for _, offline := range []bool{false, true} {
		index := ""
		if offline {
			index = "index.html"
		}
		want := map[string][]string{
			page: {
				`<img src="../../../archive/2024/jiaoshijie-2024/photo.png" alt="活动照片">`,
				`<img src="../../../archive/2024/jiaoshijie-2024/%E6%B4%BB%E5%8A%A8%20%E7%85%A7%E7%89%87.png" alt="合影">`,
				`<a href="../../../archive/2024/gongzuo-yaodian-2024/` + index + `#%E4%B8%80%E6%8C%87%E5%AF%BC%E6%80%9D%E6%83%B3">工作要点</a>`,
				`<a href="../../../archive/2023/anpai-2023/%E5%AE%89%E6%8E%92%E8%A1%A8.pdf?v=2">安排表</a>`,
				`<a href="../../../guide/` + index + `">指南</a>`,
				`<a href="https://example.org/a.md">站外</a>`,
				`<a href="../../guide/">上级</a>`,
			},
			guide: {`<a href="../archive/2024/jiaoshijie-2024/` + index + `">活动</a>`},
			"archive/2024/gongzuo-yaodian-2024/index.html": {`<h2 id="一指导思想">一、指导思想</h2>`},
		}
		opt := Options{Offline: offline, NoMinify: true, Theme: gongkai.Theme}
		out := buildMem(t, fsys, opt)
		for name, snippets := range want {
			for _, w := range snippets {
				if !bytes.Contains(out.files[name], []byte(w)) {
					t.Errorf("offline=%v: %s lacks %s", offline, name, w)
				}
			}
		}
		for _, name := range []string{page, guide} {
			for _, m := range linkAttr.FindAllSubmatch(out.files[name], -1) {
				link := string(m[1])
				if strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "#") || link == "../../guide/" {
					continue // not a file of the site, and left as written
				}
				target := resolveLink(name, link)
				if _, ok := out.files[target]; !ok && (offline || out.files[target+"index.html"] == nil) {
					t.Errorf("offline=%v: %s links to %q, which is not in the build", offline, name, link)
				}
			}
		}
		site, probs := Inspect(fsys, opt)
		if failed(probs, false) {
			t.Fatal(probs)
		}
		bodiless := newMemOutput()
		if _, err := Generate(site, fsys, bodiless, opt); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{page, guide} {
			if !bytes.Equal(bodiless.files[name], out.files[name]) {
				t.Errorf("offline=%v: %s differs when the site is loaded without its bodies", offline, name)
			}
		}
	}
}

// resolveLink resolves a relative link from a page, or a base-path link
// from 404.html, to a site-relative file name.
func resolveLink(from, link string) string {
	if i := strings.IndexAny(link, "?#"); i >= 0 {
		link = link[:i]
	}
	link = unescape(link)
	if strings.HasPrefix(link, "/") {
		for _, base := range []string{"/gk/", "/gongkai/", "/"} {
			if strings.HasPrefix(link, base) {
				return strings.TrimPrefix(link, base)
			}
		}
	}
	dir := path.Dir(from)
	p := path.Join(dir, link)
	if strings.HasSuffix(link, "/") || link == "" || link == "./" {
		p += "/"
	}
	if p == "./" || p == "/" {
		return ""
	}
	return strings.TrimPrefix(p, "./")
}

func unescape(s string) string {
	s = strings.ReplaceAll(s, "&amp;", "&")
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// TestBodyReadAgain checks the command-line build's second reading of a
// body: the same file gives the body that was checked, and a file changed
// since gives an error rather than a page nobody checked.
func TestBodyReadAgain(t *testing.T) {
	dir := t.TempDir()
	doc := "+++\ntitle = \"标题\"\n+++\n正文第一段。\n\n[链接](index:x)\n"
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	body := []byte("正文第一段。\n\n[链接](index:x)\n")
	d := &Document{Path: "a.md", bodySum: bodyHash(body)}
	r := &renderer{content: os.DirFS(dir), bodiless: true}
	got, release, err := r.source(d)
	if err != nil || string(got) != string(body) {
		t.Fatalf("source = %q, %v; want %q", got, err, body)
	}
	release()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(strings.Replace(doc, "第一", "第二", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.source(d); err == nil || !strings.Contains(err.Error(), "changed while the site was being built") {
		t.Fatalf("a changed body gave %v", err)
	}
	os.Remove(filepath.Join(dir, "a.md"))
	if _, _, err := r.source(d); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("a removed file gave %v", err)
	}
	// A site that holds its bodies uses each as it is, without reading.
	r.bodiless = false
	d.body = []byte("x")
	if got, _, err := r.source(d); err != nil || string(got) != "x" {
		t.Fatalf("held body: %q, %v", got, err)
	}
}

// TestBuildReadsBodiesAgainIntact builds an archive with Build, which
// keeps no body and reads each into a reused buffer (overwritten by the
// tests when given back), and with Generate on a site that holds its
// bodies: every file must be the same. A body, page or text that kept
// pointing into a buffer given back would differ.
func TestBuildReadsBodiesAgainIntact(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := corpus.Write(src, corpus.Options{Docs: 300, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	built := filepath.Join(t.TempDir(), "built")
	if _, err := Build(src, built, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(src)
	site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
	if failed(probs, false) {
		t.Fatal(probs)
	}
	held := t.TempDir()
	out, err := newDirOutput(held)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(site, fsys, out, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	a, b := snapshot(t, built), snapshot(t, held)
	delete(a, "/"+outputMark) // Build's mark on its folder, not part of the site
	if len(a) < 300 {
		t.Fatalf("Build wrote %d files", len(a))
	}
	for name, data := range a {
		if held, ok := b[name]; !ok || held != data {
			t.Errorf("%s differs between a build that reads bodies again and one that holds them", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is written only by the build that holds the bodies", name)
		}
	}
}

// TestInspectedSiteGenerates checks that a site loaded by Inspect, whose
// documents keep no body, finds the same documents as Prepare and, when
// generated, reads its bodies again rather than building empty pages.
func TestInspectedSiteGenerates(t *testing.T) {
	fsys := os.DirFS("testdata/basic/site")
	site, probs := Inspect(fsys, Options{Theme: gongkai.Theme})
	if failed(probs, false) {
		t.Fatal(probs)
	}
	held, _ := Prepare(fsys, Options{Theme: gongkai.Theme})
	if len(site.Documents) == 0 || len(site.Documents) != len(held.Documents) {
		t.Fatalf("Inspect found %d documents, Prepare %d", len(site.Documents), len(held.Documents))
	}
	for _, d := range site.Documents {
		if d.body != nil {
			t.Errorf("%s keeps its body after Inspect", d.Path)
		}
	}
	// Generate reads the bodies again and makes the same files as from
	// a site that held them.
	got, want := &memOutput{files: map[string][]byte{}}, &memOutput{files: map[string][]byte{}}
	if _, err := Generate(site, fsys, got, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(held, fsys, want, Options{Theme: gongkai.Theme}); err != nil {
		t.Fatal(err)
	}
	if len(got.files) != len(want.files) {
		t.Errorf("%d files from the inspected site, %d from the prepared one", len(got.files), len(want.files))
	}
	for name, data := range want.files {
		if !bytes.Equal(got.files[name], data) {
			t.Errorf("%s differs between the inspected and the prepared site", name)
		}
	}
}

// TestStaticAsLoaded: the build publishes the static files that load
// found and the checks saw, each from its layer. A file added since is
// not published; one removed or turned into a folder since is an error,
// not the theme's file of its name. A site loaded without the theme
// cannot be built with it, since the theme's files would be missing.
func TestStaticAsLoaded(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
		want   string // the error, or "" for a build that publishes the site's files
	}{
		{"file added", func(fsys fstest.MapFS) { fsys["static/late.txt"] = &fstest.MapFile{Data: []byte("late")} }, ""},
		{"file removed", func(fsys fstest.MapFS) { delete(fsys, "static/css/site.css") }, "open static/css/site.css: file does not exist"},
		{"file now a folder", func(fsys fstest.MapFS) {
			delete(fsys, "static/extra.txt")
			fsys["static/extra.txt/a.txt"] = &fstest.MapFile{Data: []byte("a")}
		}, "read static/extra.txt: invalid argument"},
	} {
		fsys := mapSite(map[string]string{"content/2024/a.md": testDoc, "static/css/site.css": "body{}", "static/extra.txt": "extra"})
		site, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
		if probs.Errors() > 0 {
			t.Fatal(probs)
		}
		tc.change(fsys)
		out := newMemOutput()
		_, err := Generate(site, fsys, out, Options{Theme: gongkai.Theme, NoMinify: true})
		if tc.want != "" {
			if err == nil || err.Error() != tc.want {
				t.Errorf("%s: error %v, want %s", tc.name, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for name, want := range map[string]string{"css/site.css": "body{}", "extra.txt": "extra", "js/site.js": ""} {
			got, ok := out.files[name]
			if !ok || want != "" && string(got) != want {
				t.Errorf("%s: %s is %q (published: %v), want %q", tc.name, name, got, ok, want)
			}
		}
		if _, ok := out.files["late.txt"]; ok {
			t.Errorf("%s: late.txt, added after the checks, is published", tc.name)
		}
	}
	fsys := mapSite(map[string]string{"content/2024/a.md": testDoc})
	site, _ := Load(fsys)
	_, err := Generate(site, fsys, newMemOutput(), Options{Theme: gongkai.Theme})
	if want := "the site was loaded without a theme, so the theme's static files would not be published (load it by Prepare with the Options given to Generate)"; err == nil || err.Error() != want {
		t.Errorf("a site from Load: error %v, want %s", err, want)
	}
}

// TestTimingsNameEveryStage checks what --timings prints: a line per
// stage, in order, with its wall time and, where the system measures it,
// its CPU time.
func TestTimingsNameEveryStage(t *testing.T) {
	var out strings.Builder
	if _, err := Build("testdata/basic/site", filepath.Join(t.TempDir(), "public"), Options{Theme: gongkai.Theme, Timings: &out}); err != nil {
		t.Fatal(err)
	}
	stages := []string{"load, check", "compare last build", "assemble", "templates", "list pages", "render pages", "search index", "data files", "attachments, static", "publish"}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(stages) {
		t.Fatalf("%d lines, want one per stage (%d):\n%s", len(lines), len(stages), out.String())
	}
	line := regexp.MustCompile(`^  (.+?) +\d+\.\d ms(  \(CPU +\d+\.\d ms\))?$`)
	for i, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil || m[1] != stages[i] {
			t.Errorf("line %d is %q, want the stage %q and its times", i+1, l, stages[i])
			continue
		}
		if (m[2] != "") != (cpuTime() > 0) {
			t.Errorf("line %d is %q: CPU time shown %v, measured on this system %v", i+1, l, m[2] != "", cpuTime() > 0)
		}
	}
}

// TestSpreadIsAnOrder checks that spread gives every job exactly once.
func TestSpreadIsAnOrder(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for w := 0; w <= 9; w++ {
			order := spread(n, w)
			seen := make([]bool, n)
			for _, i := range order {
				if i < 0 || i >= n || seen[i] {
					t.Fatalf("spread(%d, %d) = %v", n, w, order)
				}
				seen[i] = true
			}
			if len(order) != n {
				t.Fatalf("spread(%d, %d) has %d jobs", n, w, len(order))
			}
		}
	}
	if got := fmt.Sprint(spread(7, 2)); got != "[0 4 1 5 2 6 3]" {
		t.Errorf("spread(7, 2) = %s", got)
	}
}
