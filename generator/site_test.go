package generator

import (
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
)

// testConfig is the config of the small in-memory test sites.
const testConfig = `title = "测试区教育工会"
baseURL = "https://example.org/gk/"
page_size = 2

[[categories]]
name = "年度计划总结"
slug = "plans"

[[categories]]
name = "通知公告"
slug = "notices"

[[issuers]]
name = "测试区教育工会"
slug = "union"
code = "00001434-9"
`

// testDoc is a valid document; tests change one thing in it.
const testDoc = `+++
title = "关于印发《2024年工作要点》的通知"
index = "00001434-9/2024-00001"
issuer = "测试区教育工会"
date = 2024-03-18
category = "年度计划总结"
+++
各基层工会：

现将工作要点印发给你们。
`

// mapSite builds an in-memory site from name → content pairs, with the
// test config unless one is given.
func mapSite(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"config.toml": {Data: []byte(testConfig)}}
	for name, data := range files {
		if data == "" && strings.HasSuffix(name, "/") {
			fsys[strings.TrimSuffix(name, "/")] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// memOutput keeps a build's files in memory. Like the package's outputs,
// it refuses a name written twice, so that every test build shows that
// no two files of a site take one name.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
	taken outputNames
}

func newMemOutput() *memOutput { return &memOutput{files: map[string][]byte{}} }

func (m *memOutput) WriteFile(name string, data []byte) error {
	if _, err := m.taken.claim(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	return nil
}

func (m *memOutput) CopyFile(name string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return m.WriteFile(name, data)
}

func (m *memOutput) names() []string {
	var out []string
	for n := range m.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// buildMem runs the whole pipeline into memory and fails the test on any
// error problem.
func buildMem(t *testing.T, fsys fs.FS, opt Options) *memOutput {
	t.Helper()
	if opt.Theme == nil {
		opt.Theme = gongkai.Theme
	}
	site, probs := Prepare(fsys, opt)
	if probs.Errors() > 0 {
		t.Fatalf("site has errors:\n%v", probs)
	}
	out := newMemOutput()
	if _, err := Generate(site, fsys, out, opt); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return out
}

// problemStrings runs load and check and returns the problems as users see them.
func problemStrings(fsys fs.FS) []string {
	_, probs := Prepare(fsys, Options{Theme: gongkai.Theme})
	return problemList{list: probs}.strings()
}

// strings gives each problem as it is printed.
func (l problemList) strings() []string {
	out := make([]string, len(l.list))
	for i, p := range l.list {
		out[i] = p.String()
	}
	return out
}

// sameProblemsInspected fails the test when Inspect, which loads without
// bodies, reports other problems than Prepare for fsys.
func sameProblemsInspected(t *testing.T, fsys fs.FS) {
	t.Helper()
	_, prepared := Prepare(fsys, Options{Theme: gongkai.Theme})
	_, inspected := Inspect(fsys, Options{Theme: gongkai.Theme})
	a, b := problemList{list: prepared}.strings(), problemList{list: inspected}.strings()
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("Inspect reports other problems than Prepare:\n%s\nPrepare:\n%s", strings.Join(b, "\n"), strings.Join(a, "\n"))
	}
}
