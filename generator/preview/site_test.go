package preview

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
)

// A small deterministic generator of Chinese archives for the tests and
// benchmarks of this package: n documents over five years, three
// categories, two issuers, some with schedules and attachments.

const siteConfig = `title = "示范区教育工会信息公开"
baseURL = "https://example.org/gongkai/"
page_size = 50

[[categories]]
name = "年度计划总结"
slug = "plans"

[[categories]]
name = "通知公告"
slug = "notices"

[[categories]]
name = "教职工权益"
slug = "rights"

[[issuers]]
name = "示范区教育工会"
slug = "union"
code = "00001434-9"

[[issuers]]
name = "示范区教育局"
slug = "bureau"
code = "71781755-2"
`

var (
	genCategories = []string{"年度计划总结", "通知公告", "教职工权益"}
	genIssuers    = []string{"示范区教育工会", "示范区教育局"}
	genPhrases    = []string{"深入学习贯彻党的二十大精神", "切实维护教职工合法权益", "扎实推进教代会制度建设", "做好困难教职工帮扶工作",
		"组织开展教职工文体活动", "加强基层工会组织建设", "推进厂务公开民主管理", "开展劳动竞赛和技能比武", "落实送温暖工作要求",
		"加强女教职工权益保护", "提升工会经费使用效益", "做好会员实名制管理", "组织教职工健康体检", "开展读书月活动"}
)

// genDoc is the text of document i of a generated site.
func genDoc(i int, title string, extra string) string {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	year := 2021 + i%5
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nindex = \"00001434-9/%d-%05d\"\nissuer = %q\ndate = %d-%02d-%02d\ncategory = %q\n",
		title, year, i, genIssuers[i%2], year, 1+r.IntN(12), 1+r.IntN(28), genCategories[i%3])
	if i%4 == 0 {
		fmt.Fprintf(&b, "number = \"示教工〔%d〕%d号\"\n", year, i)
	}
	if i%10 == 0 {
		b.WriteString("\n[[schedule]]\nmonth = 3\nitem = \"组织三八妇女节活动\"\nowner = \"各基层工会\"\n\n[[schedule]]\nmonths = [7, 8]\nitem = \"暑期教职工疗休养\"\n")
	}
	b.WriteString("+++\n各基层工会：\n\n")
	for p := 0; p < 4+r.IntN(6); p++ {
		if p%3 == 0 {
			fmt.Fprintf(&b, "## %s、%s\n\n", []string{"一", "二", "三", "四"}[p/3], genPhrases[r.IntN(len(genPhrases))])
		}
		for s := 0; s < 3+r.IntN(4); s++ {
			b.WriteString(genPhrases[r.IntN(len(genPhrases))])
			b.WriteString("，")
		}
		b.WriteString("确保各项工作落到实处。\n\n")
	}
	b.WriteString(extra)
	b.WriteString("\n示范区教育工会\n")
	return b.String()
}

func genTitle(i int) string { return fmt.Sprintf("关于做好第%d项工作的通知", i) }

func genPath(i int) string { return fmt.Sprintf("content/%d/doc-%05d.md", 2021+i%5, i) }

// writeSite writes a generated site of n documents into dir.
func writeSite(t testing.TB, dir string, n int) {
	t.Helper()
	writeFile(t, dir, "config.toml", siteConfig)
	writeFile(t, dir, "content/pages/guide.md", "+++\ntitle = \"信息公开指南\"\n+++\n本指南说明本站公开信息的范围和方式。\n")
	for i := 0; i < n; i++ {
		writeFile(t, dir, genPath(i), genDoc(i, genTitle(i), ""))
	}
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fullBuild builds dir from nothing, as the server's pages are built.
func fullBuild(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	opt := generator.Options{Theme: gongkai.Theme, LiveReload: liveScript}
	fsys := os.DirFS(dir)
	site, probs := generator.Prepare(fsys, opt)
	if probs.Errors() > 0 {
		t.Fatalf("the site has errors:\n%v", probs)
	}
	out := generator.NewMemoryOutput()
	if _, err := generator.Generate(site, fsys, out, opt); err != nil {
		t.Fatal(err)
	}
	return out.Files()
}

// diffSites names the first difference between two sets of files.
func diffSites(got, want map[string][]byte) string {
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			return name + " is not served"
		}
		if string(g) != string(w) {
			return name + " is served stale"
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			return name + " is served but a full build has no such file"
		}
	}
	return ""
}

// settleGoroutines waits for the number of goroutines to come back to
// at most base, and fails the test if it does not.
func settleGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func removeFile(dir, name string) error {
	return os.Remove(filepath.Join(dir, filepath.FromSlash(name)))
}
