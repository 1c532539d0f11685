package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashConfig is the config of the generated crash-test site.
const crashConfig = `title = "测试区教育工会"
baseURL = "https://example.org/gk/"

[[categories]]
name = "年度计划总结"
slug = "plans"

[[categories]]
name = "通知公告"
slug = "notices"

[[issuers]]
name = "测试区教育工会"
slug = "union"
`

// writeCrashSite writes a site of n documents whose every title carries
// version, so two versions differ in most output files.
func writeCrashSite(t *testing.T, dir, version string, n int) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Join(dir, "content", "files"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "config.toml"), []byte(crashConfig), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "content", "files", "anpai.txt"), []byte("安排表 "+version), 0o644))
	for i := range n {
		year := 2020 + i%5
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"关于第%d项工作的通知（%s）\"\nindex = \"00001434-9/%d-%05d\"\nissuer = \"测试区教育工会\"\n", i, version, year, i)
		fmt.Fprintf(&b, "date = %d-%02d-%02d\ncategory = %q\nkeywords = [\"工作\", \"第%d项\"]\n", year, 1+i%12, 1+i%28, []string{"年度计划总结", "通知公告"}[i%2], i)
		if i == 0 {
			b.WriteString("\n[[attachments]]\ntitle = \"安排表\"\nfile = \"files/anpai.txt\"\n")
		}
		if i%50 == 0 {
			fmt.Fprintf(&b, "\n[[schedule]]\nmonth = %d\nitem = \"第%d项工作（%s）\"\nowner = \"各基层工会\"\n", 1+i%12, i, version)
		}
		fmt.Fprintf(&b, "+++\n各基层工会：\n\n现将第%d项工作的安排通知如下（%s）。\n\n## 一、要求\n\n认真落实。\n", i, version)
		must(t, os.WriteFile(filepath.Join(dir, "content", fmt.Sprintf("doc-%04d.md", i)), []byte(b.String()), 0o644))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// manifest is a folder's file list with each file's hash.
func manifest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[rel] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return m
}

// sameManifest returns "" when a and b list the same files with the same
// contents, or the first difference.
func sameManifest(a, b map[string][32]byte) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d files, not %d", len(a), len(b))
	}
	for name, h := range a {
		if hb, ok := b[name]; !ok {
			return name + " should not be there"
		} else if hb != h {
			return name + " has other contents"
		}
	}
	return ""
}

// tempFast is a temporary folder in memory where the system has one, so
// a hundred builds of a large site stay quick.
func tempFast(t *testing.T) string {
	if dir, err := os.MkdirTemp("/dev/shm", "gongkai-crash-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return t.TempDir()
}

// TestKilledBuildsNeverMix kills `gongkai build` with SIGKILL at random
// moments, a hundred times, while it replaces one version of a large
// site with another. After every kill the published folder must be
// exactly the old site or exactly the new one; the build after the last
// kill must leave no work folder behind.
func TestKilledBuildsNeverMix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large site a hundred times")
	}
	root := tempFast(t)
	bin := filepath.Join(root, "gongkai")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	build := func(source, dest string) time.Duration {
		start := time.Now()
		if out, err := exec.Command(bin, "build", "--source", source, "--dest", dest).CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", source, err, out)
		}
		return time.Since(start)
	}
	// A thousand documents build in about half a second on an idle
	// two-core machine. A busy machine gets a smaller site, so that a
	// hundred kills still fit in about a minute.
	src := map[bool]string{}
	want := map[bool]map[string][32]byte{}
	var took time.Duration
	for docs, try := 1000, 0; ; try++ {
		took = 0
		for _, v := range []bool{false, true} {
			src[v] = filepath.Join(root, fmt.Sprintf("src-%d-%v", try, v))
			writeCrashSite(t, src[v], fmt.Sprintf("v%v", v), docs)
			ref := filepath.Join(root, fmt.Sprintf("ref-%d-%v", try, v), "public")
			took = max(took, build(src[v], ref))
			want[v] = manifest(t, ref)
		}
		if took < 800*time.Millisecond || docs <= 100 || try == 2 {
			t.Logf("%d documents", docs)
			break
		}
		docs = max(100, int(float64(docs)*float64(600*time.Millisecond)/float64(took)))
	}
	if d := sameManifest(want[false], want[true]); d == "" {
		t.Fatal("the two versions build the same site")
	}
	t.Logf("%d files per site; a build takes %v", len(want[false]), took)

	dest := filepath.Join(root, "site", "public")
	build(src[false], dest)
	current := false
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	// About 45 s on an idle two-core machine; the deadline only stops a
	// machine so loaded that the test would run for many minutes.
	deadline := time.Now().Add(4 * time.Minute)
	kills, mid, leftovers := 0, 0, 0
	for kills < 100 && time.Now().Before(deadline) {
		next := !current
		cmd := exec.Command(bin, "build", "--source", src[next], "--dest", dest)
		started := time.Now()
		must(t, cmd.Start())
		type exit struct {
			at    time.Time
			state *os.ProcessState
		}
		exited := make(chan exit, 1)
		go func() {
			state, _ := cmd.Process.Wait()
			exited <- exit{time.Now(), state}
		}()
		select {
		case <-time.After(time.Duration(rng.Int64N(int64(took) * 11 / 10))):
			cmd.Process.Signal(syscall.SIGKILL)
			if e := <-exited; e.state != nil && e.state.Sys().(syscall.WaitStatus).Signaled() {
				mid++
			}
		case e := <-exited:
			// Finished before its kill: a machine's speed varies, so
			// the kills follow the builds' latest duration.
			took = e.at.Sub(started)
		}
		kills++
		entries, err := os.ReadDir(filepath.Dir(dest))
		must(t, err)
		leftovers = max(leftovers, len(entries)-1)
		got := manifest(t, dest)
		switch {
		case sameManifest(got, want[current]) == "":
		case sameManifest(got, want[next]) == "":
			current = next
		default:
			t.Fatalf("kill %d: the published folder is neither site: against the old, %s; against the new, %s",
				kills, sameManifest(got, want[current]), sameManifest(got, want[next]))
		}
	}
	if kills < 100 {
		t.Errorf("only %d kills in the time allowed", kills)
	}
	if mid < kills/4 {
		t.Errorf("only %d of %d kills landed during a build", mid, kills)
	}
	t.Logf("%d kills, %d during a build; at most %d work folders left at once", kills, mid, leftovers)

	build(src[!current], dest)
	if d := sameManifest(manifest(t, dest), want[!current]); d != "" {
		t.Fatalf("after the last build: %s", d)
	}
	entries, err := os.ReadDir(filepath.Dir(dest))
	must(t, err)
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
