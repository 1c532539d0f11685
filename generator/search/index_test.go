package search

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sort"
	"testing"
)

// TestIndexMatchesBuild edits a corpus at random, a few documents at a
// time, and holds Index.Build to Build's output after every edit.
func TestIndexMatchesBuild(t *testing.T) {
	c := newCorpus()
	for _, tc := range []struct{ n, body, steps int }{{40, 200, 60}, {600, 400, 40}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			docs := c.docs(tc.n, tc.body)
			r := rng(uint64(tc.n))
			x := NewIndex()
			for step := 0; step <= tc.steps; step++ {
				if step > 0 {
					docs = slices.Clone(docs)
					for range 1 + r.intn(3) {
						i := r.intn(len(docs))
						d := docs[i]
						switch r.intn(10) {
						case 0, 1, 2: // a line added to the body
							d.Body += c.words[r.intn(len(c.words))] + "。"
						case 3: // a word replaced in the body
							d.Body = c.words[r.intn(len(c.words))] + d.Body[min(len(d.Body), 3*(1+r.intn(4))):]
						case 4, 5: // the title
							d.Title = "关于" + c.words[r.intn(len(c.words))] + "的通知"
						case 6:
							d.Keywords = []string{c.words[r.intn(len(c.words))]}
						case 7:
							d.Number = fmt.Sprintf("示教工〔2024〕%d号", r.intn(1000))
						case 8: // a new document
							d.URL = fmt.Sprintf("archive/new-%d/", r.next())
							docs = append(docs, d)
							continue
						case 9: // a document removed
							docs = slices.Delete(docs, i, i+1)
							continue
						}
						docs[i] = d
					}
				}
				want, err := Build(docs)
				if err != nil {
					t.Fatal(err)
				}
				got, err := x.Build(docs)
				if err != nil {
					t.Fatal(err)
				}
				if diff := diffFiles(got, want); diff != "" {
					t.Fatalf("step %d: %s", step, diff)
				}
				if n := shardFiles(want); x.Shards() != n {
					t.Fatalf("step %d: Shards says %d, the build has %d shard files", step, x.Shards(), n)
				}
			}
			if x.updates == 0 {
				t.Errorf("the index never updated in place")
			}
			t.Logf("%d of %d builds updated in place", x.updates, tc.steps)
		})
	}
}

func diffFiles(got, want map[string][]byte) string {
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		g, gok := got[n]
		w, wok := want[n]
		switch {
		case !gok:
			return n + " is missing"
		case !wok:
			return n + " should not be there"
		case !bytes.Equal(g, w):
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			return fmt.Sprintf("%s differs at byte %d:\ngot:  %.200s\nwant: %.200s", n, i, g[max(0, i-40):], w[max(0, i-40):])
		}
	}
	return ""
}

// TestIndexReplace edits one body at a time through Replace and holds the
// files, the last full set with the ones Replace returned laid over it,
// to Build's output after every edit.
func TestIndexReplace(t *testing.T) {
	c := newCorpus()
	docs := c.docs(300, 300)
	r := rng(5)
	x := NewIndex()
	files, err := x.Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	have := maps.Clone(files)
	replaced := 0
	for step := 0; step < 60; step++ {
		docs = slices.Clone(docs)
		i := r.intn(len(docs))
		d := docs[i]
		switch r.intn(4) {
		case 0, 1:
			d.Body += c.words[r.intn(len(c.words))] + "。"
		case 2:
			d.Body = c.words[r.intn(len(c.words))] + d.Body[min(len(d.Body), 3*(1+r.intn(4))):]
		case 3: // not a body edit: Replace must refuse it
			d.Title += "（修订）"
			if _, ok := x.Replace(d); ok {
				t.Fatalf("step %d: Replace took a title edit", step)
			}
			docs[i] = d
			files, err := x.Build(docs)
			if err != nil {
				t.Fatal(err)
			}
			have = maps.Clone(files)
			continue
		}
		docs[i] = d
		changed, ok := x.Replace(d)
		if !ok {
			files, err := x.Build(docs)
			if err != nil {
				t.Fatal(err)
			}
			have = maps.Clone(files)
			continue
		}
		replaced++
		maps.Copy(have, changed)
		want, err := Build(docs)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffFiles(have, want); diff != "" {
			t.Fatalf("step %d: %s", step, diff)
		}
	}
	if replaced == 0 {
		t.Errorf("Replace never took an edit")
	}
}
