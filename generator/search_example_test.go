package generator

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSearchExampleArchive runs the real search script under Node.js over
// the example archive's search data: every two-character piece of every
// title finds its document, and each document number, written with any
// bracket style, and each index number's year-serial tail find theirs.
func TestSearchExampleArchive(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the search tests: apt-get install nodejs")
		}
		t.Skip("node not found; to run the search tests: apt-get install nodejs")
	}
	fsys := os.DirFS("..")
	site, probs := Prepare(fsys, Options{})
	if probs.Errors() > 0 {
		t.Fatal(probs)
	}
	out := buildMem(t, fsys, Options{NoMinify: true})
	files := map[string]string{}
	for name, data := range out.files {
		if rest, ok := strings.CutPrefix(name, "search/"); ok && strings.HasSuffix(rest, ".js") {
			files[rest] = string(data)
		}
	}
	type query struct {
		Q    string `json:"q"`
		Want string `json:"want"`
	}
	var qs []query
	for _, d := range site.Published() {
		title := []rune(d.Title)
		for i := 0; i+2 <= len(title); i++ {
			qs = append(qs, query{string(title[i : i+2]), d.URL})
		}
		if d.Number != "" {
			for _, br := range [][2]string{{"〔", "〕"}, {"[", "]"}, {"［", "］"}} {
				n := strings.NewReplacer("〔", br[0], "〕", br[1], "[", br[0], "]", br[1], "［", br[0], "］", br[1]).Replace(d.Number)
				qs = append(qs, query{n, d.URL})
			}
		}
		_, tail, _ := strings.Cut(d.Index, "/")
		qs = append(qs, query{tail, d.URL}, query{d.Index, d.URL})
	}
	in, _ := json.Marshal(map[string]any{"files": files, "queries": qs})
	cmd := exec.Command(node, "search/testdata/run.js", "query", "../static/search.js")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	var results []struct {
		Rank int `json:"rank"`
	}
	if err := json.Unmarshal(res, &results); err != nil || len(results) != len(qs) {
		t.Fatalf("%d results for %d queries: %v", len(results), len(qs), err)
	}
	for i, r := range results {
		q := qs[i]
		exact := !strings.ContainsFunc(q.Q, func(r rune) bool { return r > 0x2E80 && r < 0x3000 || r >= 0x4E00 && r <= 0x9FFF }) || strings.ContainsAny(q.Q, "〔[［")
		switch {
		case r.Rank < 0:
			t.Errorf("%q does not find %s", q.Q, q.Want)
		case exact && strings.ContainsAny(q.Q, "/〔[［") && r.Rank != 0:
			t.Errorf("%q finds %s at rank %d, want first", q.Q, q.Want, r.Rank)
		}
	}
	if len(qs) < 300 {
		t.Errorf("only %d queries", len(qs))
	}
	t.Logf("%d queries over %d documents", len(qs), len(site.Published()))
}
