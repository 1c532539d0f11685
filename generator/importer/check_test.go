package importer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator"
	"github.com/gongkai/gongkai/generator/importer"
)

const siteConfig = `title = "示范区教育工会信息公开"
baseURL = "https://example.org/gongkai/"
language = "zh-CN"

[[categories]]
name = "年度计划总结"
slug = "plans"

[[categories]]
name = "文体活动"
slug = "culture"

[[issuers]]
name = "示范区教育工会"
slug = "union"
code = "00001434-9"

[[issuers]]
name = "示范区教育局"
slug = "bureau"
code = "71781755-2"
`

// TestImportedPassCheck imports every fixture into a fresh site and runs
// the generator's own checks: nothing imported may be an error, and a
// document that is not a draft must raise no problem at all.
func TestImportedPassCheck(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	site := filepath.Join(root, "site")
	put := func(p string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put(filepath.Join(site, "config.toml"), []byte(siteConfig))
	fixtures, _ := filepath.Glob("testdata/*")
	for _, f := range fixtures {
		if strings.HasSuffix(f, ".golden.md") || strings.Contains(f, string(filepath.Separator)+"fuzz") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a folder
		}
		put(filepath.Join(in, filepath.Base(f)), data)
	}
	put(filepath.Join(in, "附件1.xlsx"), []byte("form"))
	put(filepath.Join(in, "报名汇总表.pdf"), []byte("%PDF-1.4"))
	put(filepath.Join(in, "files", "shumu.xlsx"), []byte("list"))

	s := importer.Site{
		Categories:  []string{"年度计划总结", "文体活动"},
		Issuers:     []string{"示范区教育工会", "示范区教育局"},
		IssuerCodes: map[string]string{"示范区教育工会": "00001434-9", "示范区教育局": "71781755-2"},
	}
	reports, err := importer.Import([]string{in}, importer.Options{Into: filepath.Join(site, "content"), Site: s})
	if err != nil {
		t.Fatal(err)
	}
	ready := map[string]bool{}
	for _, r := range reports {
		if !r.Draft {
			rel, _ := filepath.Rel(site, r.Output)
			ready[filepath.ToSlash(rel)] = true
		}
	}
	if len(ready) < 3 {
		t.Fatalf("only %d documents ready: %v", len(ready), reports)
	}

	loaded, probs := generator.Load(os.DirFS(site))
	probs = append(probs, generator.Check(loaded)...)
	for _, p := range probs {
		if p.Severity == generator.Error || ready[p.Path] {
			t.Errorf("%s", p)
		}
	}
	published := 0
	for _, d := range loaded.Published() {
		if ready[d.Path] {
			published++
		}
	}
	if published != len(ready) {
		t.Errorf("%d of %d ready documents are published", published, len(ready))
	}
}
