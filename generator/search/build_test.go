package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

func TestBuildDeterministic(t *testing.T) {
	docs := newCorpus().docs(400, 600)
	a, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	procs := runtime.GOMAXPROCS(1)
	b, err := Build(reversed)
	runtime.GOMAXPROCS(procs)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := Build(docs)
	for _, other := range []map[string][]byte{b, c} {
		if !maps.EqualFunc(a, other, bytes.Equal) {
			for k := range a {
				if !bytes.Equal(a[k], other[k]) {
					t.Fatalf("%s differs between builds", k)
				}
			}
			t.Fatalf("file sets differ: %d vs %d files", len(a), len(other))
		}
	}
	if _, ok := a["meta.js"]; !ok {
		t.Fatal("no meta.js")
	}
	for k := range a {
		if !strings.HasPrefix(k, "s/") && !strings.HasPrefix(k, "d/") && k != "meta.js" {
			t.Errorf("unexpected file %s", k)
		}
	}
}

// TestBuildSplitsParts has one worker start with every document and the
// others split ranges off it as they run out, many times over: the files,
// and an Index's kept records, must be those of a build on one core.
func TestBuildSplitsParts(t *testing.T) {
	docs := newCorpus().docs(600, 300)
	procs := runtime.GOMAXPROCS(1)
	want, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex()
	if _, err := x.Build(docs); err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(max(procs, 4))
	startParts = 1
	defer func() { startParts = 1 << 30; runtime.GOMAXPROCS(procs) }()
	before := steals.Load()
	for range 5 {
		got, err := Build(docs)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.EqualFunc(want, got, bytes.Equal) {
			for k := range want {
				if !bytes.Equal(want[k], got[k]) {
					t.Fatalf("%s differs when the documents are split among workers", k)
				}
			}
			t.Fatalf("file sets differ: %d vs %d files", len(want), len(got))
		}
		y := NewIndex()
		if _, err := y.Build(docs); err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(x.shards, y.shards, slices.Equal) || !slices.Equal(x.names, y.names) || !slices.Equal(x.ent, y.ent) {
			t.Fatal("an Index keeps other records when the documents are split among workers")
		}
	}
	if steals.Load() == before {
		t.Fatal("no range was split: the test shows nothing")
	}
}

func TestBuildEdgeCases(t *testing.T) {
	if _, err := Build([]Document{{URL: "a/"}, {URL: "a/"}}); err == nil {
		t.Error("duplicate URLs accepted")
	}
	files, err := Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files["s/0.js"] == nil {
		t.Errorf("empty index: %v", slices.Sorted(maps.Keys(files)))
	}
	files, err = Build([]Document{{URL: "x/", Title: "标题\u2028\"quote\"\\", Number: "a\"b", Body: strings.Repeat("工会 ", 200)}})
	if err != nil {
		t.Fatal(err)
	}
	if d := string(files["d/0/0.js"]); !strings.Contains(d, `\u2028\"quote\"\\`) || !strings.HasSuffix(d, "…\"]);\n") {
		t.Errorf("doc file: %s", d)
	}
}

func TestPostingsEncoding(t *testing.T) {
	// docs 0, 3, 4 with masks; doc 3 in the title, doc 4 in the number.
	p := []uint32{0<<8 | 1, 3<<8 | flagTitle<<6 | 63, 4<<8 | flagNumber<<6 | 2}
	if got := string(appendPostings(nil, p, 100)); got != "*Z.B_C.B.C" {
		t.Errorf("sparse: %s", got)
	}
	var dense []uint32
	for d := uint32(0); d < 12; d++ {
		dense = append(dense, d<<8|63)
	}
	if got := string(appendPostings(nil, dense, 100)); got != "*__" {
		t.Errorf("dense: %s", got)
	}
	if got := string(appendPostings(nil, []uint32{5<<8 | 63, 100<<8 | 63}, 200)); got != "F-C" {
		t.Errorf("gaps: %s", got)
	}
}

// fetched is what the search page loads for query q: meta.js, the shards
// of the tokens looked up, and (an upper bound) the 20 largest document
// files.
func fetched(files map[string][]byte, shards int, largest int, q string) (int, []string) {
	req, _, probe := planTokens(q)
	if probe != "" {
		req = append(req, probe)
	}
	size := len(files["meta.js"]) + largest
	seen := map[string]bool{}
	var names []string
	for _, tok := range req {
		name := fmt.Sprintf("s/%s.js", formatShard(hashString(tok)&uint32(shards-1)))
		if !seen[name] {
			seen[name] = true
			size += len(files[name])
			names = append(names, name)
		}
	}
	return size, names
}

func formatShard(s uint32) string { return strings.ToLower(itoa36(s)) }

func itoa36(v uint32) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 36 {
		b = append([]byte{digits[v%36]}, b...)
	}
	return string(b)
}

func TestQuerySize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10,000 documents")
	}
	docs := newCorpus().docs(10000, 3000)
	start := time.Now()
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built 10,000 documents in %v: %d files", time.Since(start), len(files))
	shards := 0
	var docSizes []int
	total := 0
	for name, f := range files {
		total += len(f)
		switch {
		case strings.HasPrefix(name, "s/"):
			shards++
		case strings.HasPrefix(name, "d/"):
			docSizes = append(docSizes, len(f))
		}
	}
	slices.Sort(docSizes)
	largest := 0
	for _, n := range docSizes[len(docSizes)-20:] {
		largest += n
	}
	t.Logf("%d shards, %d bytes in all; meta.js %d bytes; 20 largest document files %d bytes",
		shards, total, len(files["meta.js"]), largest)
	for _, q := range []string{"工会", "教职工", "经费", "工会经费", "代表大会", "送温暖", "民主管理",
		"女职工权益", "徐工教〔2024〕3号", "2024-10055", "会", "2024"} {
		size, names := fetched(files, shards, largest, q)
		t.Logf("%-12s %6d bytes (%d shards)", q, size, len(names))
		if size >= 100_000 {
			t.Errorf("query %q fetches %d bytes", q, size)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	docs := newCorpus().docs(1000, 3000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(docs); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWrite checks that Write hands out the files Build makes, once
// each, and with release set lets the bodies go.
func TestWrite(t *testing.T) {
	docs := newCorpus().docs(300, 500)
	want, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	own := slices.Clone(docs)
	got := map[string][]byte{}
	var mu sync.Mutex
	shards, err := Write(own, true, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[name]; dup {
			t.Errorf("%s written twice", name)
		}
		got[name] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(want, got, bytes.Equal) {
		t.Fatal("Write made other files than Build")
	}
	if n := shardFiles(want); shards != n || n < 2 {
		t.Errorf("Write says %d shards; Build made %d shard files (want at least 2)", shards, n)
	}
	bodies := 0
	for i := range docs {
		if docs[i].Body != "" {
			bodies++
		}
		if own[i].Body != "" {
			t.Fatalf("document %d kept its body", i)
		}
	}
	if bodies == 0 {
		t.Fatal("the corpus has no bodies: the test proves nothing")
	}
}

// shardFiles counts the shard files among files.
func shardFiles(files map[string][]byte) int {
	n := 0
	for name := range files {
		if strings.HasPrefix(name, "s/") {
			n++
		}
	}
	return n
}

// TestWriteError checks that the first error of write ends the build.
func TestWriteError(t *testing.T) {
	docs := newCorpus().docs(100, 300)
	fail := errors.New("disk full")
	var calls atomic.Int32
	_, err := Write(docs, false, func(name string, data []byte) error {
		if calls.Add(1) == 5 {
			return fail
		}
		return nil
	})
	if err != fail {
		t.Fatalf("Write returned %v, want %v", err, fail)
	}
}

// appendJSONStringReference is appendJSONString as it was before its
// three-byte fast path: every non-ASCII character decoded.
func appendJSONStringReference(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == 0x2028 || r == 0x2029:
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// FuzzJSONString checks appendJSONString, for strings and byte slices,
// against the plain decoding loop, and that its output is a JSON string.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "工会经费", "a\"b\\c\n\x01", "\u2028\u2029\u2027\u202a", "\xe2\x80", "\xed\xa0\x80",
		"\xe0\x9f\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xff", "〔2018〕2号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := string(appendJSONStringReference(nil, s))
		if got := string(appendJSONString(nil, s)); got != want {
			t.Fatalf("%q: got %q, want %q", s, got, want)
		}
		if got := string(appendJSONString(nil, []byte(s))); got != want {
			t.Fatalf("%q as bytes: got %q, want %q", s, got, want)
		}
		if !json.Valid([]byte(want)) {
			t.Fatalf("%q: %q is not JSON", s, want)
		}
	})
}
