package search

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Document is one published document as the index sees it.
type Document struct {
	URL      string // site-relative, no leading slash: "archive/2024/gongzuo-yaodian/"
	Title    string
	Index    string // index number (索引号), e.g. 00001434-9/2018-00055
	Number   string // document number (文号), e.g. 徐工教〔2018〕2号
	Issuer   string
	Category string
	Genre    string
	Date     string // ISO yyyy-mm-dd
	Year     int
	Keywords []string
	Body     string // plain text, no markup
}

const (
	flagTitle  = 1 // the token occurs in the title
	flagNumber = 2 // the token occurs in the index number or document number

	maxDocs      = 1 << 22 // doc ids have 22 bits in the build records
	shardTarget  = 12 << 10
	excerptRunes = 240
	// docsPerFolder is how many document files share a folder of d/,
	// for FAT32 USB sticks (see Files in the package documentation).
	docsPerFolder = 1000
	// Registration function every data file calls.
	callback = "gongkaiSearch"
)

// base64url alphabet of the posting encoding.
const digits64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// Build makes the search index of docs: relative file names under the
// search/ output folder mapped to their contents. The output depends only
// on docs, not on their order or on the number of processors.
func Build(docs []Document) (map[string][]byte, error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		return nil, err
	}
	if err := checkURLs(sorted); err != nil {
		return nil, err
	}
	files, write := collect(len(sorted))
	if _, err := build(sorted, false, false, write); err != nil {
		return nil, err
	}
	return files, nil
}

// Write makes the files Build makes and hands each to write as soon as it
// is made, rather than holding them all: the files of one document are
// written while the others are read, the shards once the index is
// encoded. write is called from several goroutines at once, must not keep
// data once it returns, and its first error ends the build.
//
// With release set, Write clears each document's Body as soon as the
// document is indexed, for a caller that has no further use for the text:
// the text of the whole archive is not held while the files are encoded.
//
// It returns the number of shards, meta.js's s, which the search page may
// carry so that a query's shards can be asked for beside meta.js.
func Write(docs []Document, release bool, write func(name string, data []byte) error) (shards int, err error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		return 0, err
	}
	if err := checkURLs(sorted); err != nil {
		return 0, err
	}
	b, err := build(sorted, false, release, write)
	if err != nil {
		return 0, err
	}
	return b.ns, nil
}

// collect returns a map and a write function for build that fills it.
func collect(n int) (map[string][]byte, func(string, []byte) error) {
	files := make(map[string][]byte, n+64)
	var mu sync.Mutex
	return files, func(name string, data []byte) error {
		data = bytes.Clone(data)
		mu.Lock()
		files[name] = data
		mu.Unlock()
		return nil
	}
}

// Prepare builds the tokenizer's tables, which Build, Write and Tokenize
// otherwise build on their first use (about 17 ms on one core): a caller
// with a core to spare can have that done ahead of time.
func Prepare() { bmpOnce.Do(initTables) }

// sortDocs numbers the documents: newest first.
func sortDocs(docs []Document) ([]*Document, error) {
	n := len(docs)
	if n > maxDocs {
		return nil, fmt.Errorf("search: %d documents, at most %d can be indexed", n, maxDocs)
	}
	bmpOnce.Do(initTables)
	sorted := make([]*Document, n)
	for i := range docs {
		sorted[i] = &docs[i]
	}
	slices.SortStableFunc(sorted, compareDocs)
	return sorted, nil
}

// checkURLs refuses two documents with one URL.
func checkURLs(sorted []*Document) error {
	seen := make(map[string]struct{}, len(sorted))
	for _, d := range sorted {
		if _, dup := seen[d.URL]; dup {
			return fmt.Errorf("search: two documents have the URL %q", d.URL)
		}
		seen[d.URL] = struct{}{}
	}
	return nil
}

// built is what an Index keeps of a full build.
type built struct {
	nb, ns int
	names  []string   // string tokens, numbered
	hashes []uint32   // and their hashes
	docs   [][]uint64 // by doc id: its distinct tokens in text order, key<<8 | flags<<6 | mask
	ent    []int      // by shard: bytes of its entries, without separators
}

// textSize is the size the index counts for a document's text.
func textSize(d *Document) int {
	size := len(d.Title) + len(d.Index) + len(d.Number) + len(d.Issuer) + len(d.Category) + len(d.Body) + 16
	for _, k := range d.Keywords {
		size += len(k)
	}
	return size
}

// bucketCount is the number of buckets records are filed in for text of
// total bytes.
func bucketCount(total int) int { return pow2(total>>18, 16, 256) }

// build makes the files of the sorted documents, handing each to write,
// and when keep is set what an Index needs to update them.
func build(sorted []*Document, keep, release bool, write func(name string, data []byte) error) (*built, error) {
	n := len(sorted)
	// Split the documents into contiguous ranges of about equal text.
	cum := make([]int, n+1)
	for i, d := range sorted {
		cum[i+1] = cum[i] + textSize(d)
	}
	var failed atomic.Bool
	var firstErr error
	var errOnce sync.Once
	put := func(name string, data []byte) {
		if failed.Load() {
			return
		}
		if err := write(name, data); err != nil {
			errOnce.Do(func() { firstErr = err })
			failed.Store(true)
		}
	}
	// Records are filed in few buckets by the low bits of the token hash,
	// few enough for the filing to stay in cache; shards split them further.
	nb := bucketCount(cum[n])
	nw := min(runtime.GOMAXPROCS(0), n/16+1)
	newPart := func(lo, hi int) *part {
		p := &part{lo: lo, streams: make([]stream, nb), strIDs: map[string]uint32{}}
		p.rng.Store(uint64(lo)<<32 | uint64(hi))
		// A record takes about 3 bytes, and there is about one for every
		// 4 or 5 bytes of text: a first chunk of an eighth of a bucket's
		// share does for a small index, and chunks grow from there.
		first := pow2((cum[hi]-cum[lo])/nb/8, 256, maxChunk)
		for b := range p.streams {
			st := &p.streams[b]
			st.cur = make([]byte, 0, first)
			st.tab.reset(first / 32)
		}
		return p
	}
	// Each worker starts on a range of about equal text; one that runs
	// out takes the second half of the largest range left.
	var (
		partsMu sync.Mutex
		parts   []*part
	)
	steal := func() *part {
		partsMu.Lock()
		defer partsMu.Unlock()
		for {
			var big *part
			var r, most uint64
			for _, p := range parts {
				pr := p.rng.Load()
				if left := pr&0xFFFFFFFF - pr>>32; left > most { // next never passes end
					big, r, most = p, pr, left
				}
			}
			if most < minSteal {
				return nil
			}
			next, end := r>>32, r&0xFFFFFFFF
			mid := next + (end-next)/2
			if big.rng.CompareAndSwap(r, next<<32|mid) {
				p := newPart(int(mid), int(end))
				parts = append(parts, p)
				steals.Add(1)
				return p
			}
			// Its worker took a document meanwhile: look again.
		}
	}
	// Every first range is made before any worker starts, and so before
	// any can split one.
	firsts, stages := make([]*part, nw), make([]int, nw)
	lo, starting := 0, min(nw, startParts)
	for w := range nw {
		hi := n
		if w < starting-1 {
			target := cum[n] / starting * (w + 1)
			hi, _ = slices.BinarySearch(cum, target)
			hi = max(lo, min(hi, n))
		} else if w >= starting {
			hi = lo
		}
		if hi > lo {
			firsts[w] = newPart(lo, hi)
			parts = append(parts, firsts[w])
		}
		stages[w] = pow2((cum[hi]-cum[lo])/nb/16, 128, maxStage)
		lo = hi
	}
	var wg sync.WaitGroup
	for w := range nw {
		stage := stages[w]
		wg.Add(1)
		go func(p *part) {
			defer wg.Done()
			wk := &worker{keep: keep, stages: make([][]uint64, nb)}
			for b := range wk.stages {
				wk.stages[b] = make([]uint64, 0, stage)
			}
			var buf []byte
			if p == nil {
				p = steal()
			}
			for ; p != nil; p = steal() {
				wk.p = p
				for {
					id, ok := p.take()
					if !ok {
						break
					}
					wk.doc(sorted[id])
					wk.file(uint64(id), uint32(nb-1))
					buf = appendDocFile(buf[:0], id, sorted[id])
					put(docFileName(id), buf)
					if release {
						sorted[id].Body = ""
					}
				}
				wk.flush()
			}
		}(firsts[w])
	}
	wg.Wait()
	if failed.Load() {
		return nil, firstErr
	}
	// In document order, the parts give the same files however the
	// documents were split.
	slices.SortFunc(parts, func(a, b *part) int { return a.lo - b.lo })

	// One numbering of the string tokens across parts, in order of first
	// occurrence, so that it does not depend on how they were split.
	global := map[string]uint32{}
	var names []string
	var hashes []uint32
	remap := make([][]uint32, len(parts))
	for w, p := range parts {
		remap[w] = make([]uint32, len(p.strs))
		for i, s := range p.strs {
			g, ok := global[s]
			if !ok {
				g = uint32(len(names))
				global[s] = g
				names = append(names, s)
				hashes = append(hashes, p.strHash[i])
			}
			remap[w][i] = g
		}
	}

	// Group the records of every bucket by token and encode them. A
	// bucket's records go as soon as it is encoded.
	out := make([]bucketOut, nb)
	var next atomic.Int64
	for range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := grouper{ndocs: n}
			for {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				out[b] = g.bucket(b, parts, remap, names, hashes)
				for _, p := range parts {
					p.streams[b] = stream{}
				}
			}
		}()
	}
	wg.Wait()

	// The number of shards follows the size of the whole index.
	total := 0
	for _, o := range out {
		total += len(o.text)
	}
	ns := pow2((total+shardTarget-1)/shardTarget, 1, 1<<16)
	b := &built{nb: nb, ns: ns}
	if keep {
		b.names, b.hashes, b.docs, b.ent = names, hashes, make([][]uint64, n), make([]int, ns)
		for _, o := range out {
			start := int32(0)
			for _, e := range o.entries {
				b.ent[e.hash&uint32(ns-1)] += int(e.end - start)
				start = e.end
			}
		}
		for w, p := range parts {
			for k, toks := range p.kept {
				for j, t := range toks {
					if key := t >> 8; key&tagMax == tagStr {
						toks[j] = (tagStr|uint64(remap[w][key&0xFFFFFFFF]))<<8 | t&0xFF
					}
				}
				b.docs[p.lo+k] = toks
			}
		}
	}
	// A shard holds the entries whose hash ends in its number, and a
	// bucket those whose hash ends in its own: with g the fewer of
	// buckets and shards, buckets k, k+g, k+2g… fill shards k, k+g, k+2g…
	// and nothing else. Each such group is dealt out and written on its
	// own, on every core, in the order one pass over the buckets would
	// give; meta.js, the longest file to make, goes first.
	g := min(ns, nb)
	next.Store(0)
	for range min(nw, g+1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sizes []int
			for {
				job := int(next.Add(1) - 1)
				if job == 0 {
					put("meta.js", metaFile(sorted, ns))
					continue
				}
				k := job - 1
				if k >= g {
					return
				}
				// Shard k + j*g is the group's j-th.
				m := ns / g
				sizes = slices.Grow(sizes[:0], m)[:m]
				clear(sizes)
				for bk := k; bk < nb; bk += g {
					start := int32(0)
					for _, e := range out[bk].entries {
						sizes[int(e.hash&uint32(ns-1))/g] += int(e.end-start) + 1
						start = e.end
					}
				}
				shards := make([][]byte, m)
				for j := range shards {
					head := callback + `("s",` + strconv.Itoa(k+j*g) + ",{"
					shards[j] = append(make([]byte, 0, len(head)+sizes[j]+4), head...)
				}
				for bk := k; bk < nb; bk += g {
					o := out[bk]
					start := int32(0)
					for _, e := range o.entries {
						j := int(e.hash&uint32(ns-1)) / g
						if b := shards[j]; b[len(b)-1] != '{' {
							shards[j] = append(b, ',')
						}
						shards[j] = append(shards[j], o.text[start:e.end]...)
						start = e.end
					}
					out[bk] = bucketOut{}
				}
				for j := range shards {
					put("s/"+strconv.FormatInt(int64(k+j*g), 36)+".js", append(shards[j], "});\n"...))
					shards[j] = nil
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		return nil, firstErr
	}
	return b, nil
}

// compareDocs orders documents newest first; doc ids follow this order.
func compareDocs(a, b *Document) int {
	if a.Year != b.Year {
		return b.Year - a.Year
	}
	if c := strings.Compare(b.Date, a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.URL, b.URL); c != 0 {
		return c
	}
	return strings.Compare(a.Title, b.Title)
}

// pow2 is the smallest power of two >= v, clamped to [lo, hi].
func pow2(v, lo, hi int) int {
	p := lo
	for p < v && p < hi {
		p <<= 1
	}
	return p
}

// u64Index maps token keys (below 1<<34) to dense indexes 0, 1, 2... in
// order of first insertion. A slot holds (key+1)<<30 | dense, zero when
// free, so a lookup reads one word; reset frees only the slots in use.
type u64Index struct {
	slots []uint64
	order []uint64 // keys by dense index
	used  []int32  // slots in use
	mask  uint64
	shift uint
}

const denseBits = 30

// reset empties the index and sizes it for about n keys; it grows when
// more come.
func (x *u64Index) reset(n int) {
	for _, i := range x.used {
		x.slots[i] = 0
	}
	x.used, x.order = x.used[:0], x.order[:0]
	size, shift := 64, uint(64-6)
	for size < 2*n {
		size <<= 1
		shift--
	}
	if size > len(x.slots) {
		x.slots = make([]uint64, size)
	}
	x.mask, x.shift = uint64(size-1), shift
}

func (x *u64Index) grow() {
	order := x.order
	x.reset(len(order) * 2)
	for d, key := range order {
		i := (key * 0x9E3779B97F4A7C15) >> x.shift
		for x.slots[i] != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = (key+1)<<denseBits | uint64(d)
		x.used = append(x.used, int32(i))
	}
	x.order = order
}

// index returns the dense index of key and whether key is new.
func (x *u64Index) index(key uint64) (int32, bool) {
	i := (key * 0x9E3779B97F4A7C15) >> x.shift
	want := (key + 1) << denseBits
	for {
		v := x.slots[i]
		if v&^(1<<denseBits-1) == want {
			return int32(v & (1<<denseBits - 1)), false
		}
		if v == 0 {
			d := len(x.order)
			x.slots[i] = want | uint64(d)
			x.used = append(x.used, int32(i))
			x.order = append(x.order, key)
			if uint64(len(x.order))*8 > x.mask*5 {
				x.grow()
			}
			return int32(d), true
		}
		i = (i + 1) & x.mask
	}
}

// worker tokenizes documents into build records: for every distinct
// token of a document, its doc id and flags<<6 | mask, filed by bucket
// (the low bits of the token's hash) in the part it is reading.
type worker struct {
	tk     tokenizer
	tab    u64Index // tokens of the document other than BMP characters alone
	gen    uint64
	uni    [0x10000]uint64 // BMP characters alone, a direct table: gen<<32 | dense index
	order  []uint64        // the document's distinct tokens
	info   []uint8         // and for each, flags<<6 | mask
	pos    []int32         // by tab's index of a token: its place in order
	fl     uint8           // flags of the field being read
	scale  uint64          // byte offset * scale >> 32 is the sixth of the text
	p      *part           // the part being read
	stages [][]uint64      // by bucket: records waiting to be encoded into p's stream (see stream)
	keep   bool            // keep each document's tokens
}

// part is a contiguous range of documents, from lo, whose records one
// worker files: its streams by bucket and its string tokens, numbered in
// order of first occurrence. A build starts with a part for each worker,
// of about equal text; a worker that runs out of documents splits off the
// second half of the largest range left as a new part, so that no core
// waits for another at the end of the stage. However the documents were
// split, the parts in document order give the same files.
type part struct {
	lo      int
	rng     atomic.Uint64 // next<<32 | end: the next document to read and the end of the range
	streams []stream      // by bucket
	strIDs  map[string]uint32
	strs    []string
	strHash []uint32
	kept    [][]uint64 // by document from lo: key<<8 | info, in text order
}

// minSteal is the fewest documents left in a range that a worker splits.
const minSteal = 16

// startParts is the number of workers that start with a part of their
// own; the others start by splitting one. Tests lower it.
var startParts = 1 << 30

// steals counts the parts split off, for tests.
var steals atomic.Int64

// take claims the part's next document, unless none is left.
func (p *part) take() (int, bool) {
	for {
		r := p.rng.Load()
		next, end := r>>32, r&0xFFFFFFFF
		if next >= end {
			return 0, false
		}
		if p.rng.CompareAndSwap(r, (next+1)<<32|end) {
			return int(next), true
		}
	}
}

// stream is the records of one bucket from one part's documents, in
// document order and, within a document, in text order. A record is the
// varint 1+t, where t numbers the bucket's tokens in this part in order
// of first occurrence, then the byte flags<<6 | mask. A record of another
// document than the last is preceded by a 0 byte and the varint of the
// difference of their doc ids (from 0 for the first). The bytes are kept
// in chunks that grow to maxChunk, so that no large array is copied as
// the stream grows, and none is left half used.
//
// Records wait in the worker's stage for the bucket, as key<<30 | doc<<8 |
// flags<<6 | mask, to be encoded up to maxStage at a time: numbering a
// token looks it up in the bucket's table, and one bucket's lookups in a
// row find it in cache where lookups in every bucket's table in turn
// would not (BenchmarkBuild took half again as long that way).
type stream struct {
	tab    u64Index // the bucket's tokens, numbered
	doc    uint64   // doc id of the last record
	n      int      // records
	chunks [][]byte // full chunks, then cur
	cur    []byte
}

const (
	maxChunk  = 32 << 10
	maxStage  = 4 << 10
	maxRecord = 1 + 10 + 10 + 1 // a doc id change, a token and its byte
)

// flush encodes the staged records.
func (s *stream) flush(stage []uint64) {
	x := &s.tab
	slots, mask, shift := x.slots, x.mask, x.shift
	doc, buf := s.doc, s.cur
	for _, rec := range stage {
		if len(buf)+maxRecord > cap(buf) {
			s.cur = buf
			s.more()
			buf = s.cur
		}
		if id := rec >> 8 & (maxDocs - 1); id != doc {
			buf = append(buf, 0)
			buf = appendUvarint(buf, id-doc)
			doc = id
		}
		// x.index(key), with the lookup of a known token inline.
		key := rec >> 30
		want := (key + 1) << denseBits
		var t uint64
		for i := (key * 0x9E3779B97F4A7C15) >> shift; ; i = (i + 1) & mask {
			v := slots[i]
			if v&^(1<<denseBits-1) == want {
				t = v & (1<<denseBits - 1)
				break
			}
			if v == 0 {
				d, _ := x.index(key)
				t = uint64(d)
				slots, mask, shift = x.slots, x.mask, x.shift
				break
			}
		}
		if t < 0x7F {
			buf = append(buf, byte(t+1), byte(rec))
		} else {
			buf = appendUvarint(buf, t+1)
			buf = append(buf, byte(rec))
		}
	}
	s.cur, s.doc = buf, doc
	s.n += len(stage)
}

// more starts a new chunk.
func (s *stream) more() {
	s.chunks = append(s.chunks, s.cur)
	s.cur = make([]byte, 0, min(2*cap(s.cur), maxChunk))
}

func appendUvarint(dst []byte, v uint64) []byte {
	for v >= 0x80 {
		dst = append(dst, byte(v)|0x80)
		v >>= 7
	}
	return append(dst, byte(v))
}

func (w *worker) intern(s string) uint32 {
	p := w.p
	id, ok := p.strIDs[s]
	if !ok {
		s = strings.Clone(s)
		id = uint32(len(p.strs))
		p.strIDs[s] = id
		p.strs = append(p.strs, s)
		p.strHash = append(p.strHash, hashString(s))
	}
	return id
}

// hit records token key at byte offset off of the document.
func (w *worker) hit(key uint64, off int) {
	var j int32
	if key < 0x10000 {
		v := w.uni[key]
		if v>>32 != w.gen {
			v = w.gen<<32 | uint64(len(w.order))
			w.uni[key] = v
			w.order = append(w.order, key)
			w.info = append(w.info, 0)
		}
		j = int32(uint32(v))
	} else {
		// tab numbers only its own tokens; pos gives each its place
		// among all of them.
		d, isNew := w.tab.index(key)
		if isNew {
			w.pos = append(w.pos, int32(len(w.order)))
			w.order = append(w.order, key)
			w.info = append(w.info, 0)
		}
		j = w.pos[d]
	}
	w.info[j] |= w.fl | 1<<min(uint64(off)*w.scale>>32, 5)
}

func (w *worker) hitStr(s string, off int) {
	w.hit(tagStr|uint64(w.intern(s)), off)
}

// doc reads document d into w.order and w.info. Its fields are read as
// they are while they need no normalization beyond the tokenizer's
// tables; if one does, the document is read again with every field
// normalized.
func (w *worker) doc(d *Document) {
	size := len(d.Title) + len(d.Number) + len(d.Index) + len(d.Issuer) + len(d.Category) + len(d.Body) + 8
	for _, k := range d.Keywords {
		size += len(k) + 1
	}
	w.scale = uint64(6<<32) / uint64(size)
	t := &w.tk
	t.sink = w
	for pass := 0; ; pass++ {
		w.tab.reset(size / 4)
		if w.gen++; w.gen == 1<<32 {
			clear(w.uni[:])
			w.gen = 1
		}
		w.order, w.info, w.pos = w.order[:0], w.info[:0], w.pos[:0]
		base, ok := 0, true
		field := func(text string, fl uint8) {
			if !ok || text == "" {
				return
			}
			w.fl = fl
			t.base = base
			if pass == 0 {
				ok = t.scan(text, false)
			} else {
				t.scan(nfkc(text), true)
			}
			base += len(text) + 1
		}
		field(d.Title, flagTitle<<6)
		numberAt := base
		field(d.Number, flagNumber<<6)
		indexAt := base
		field(d.Index, flagNumber<<6)
		field(d.Issuer, 0)
		field(d.Category, 0)
		for _, k := range d.Keywords {
			field(k, 0)
		}
		field(d.Body, 0)
		if ok {
			w.fl = flagNumber << 6
			if v := NormalizeNumber(d.Number); v != "" {
				w.hitStr(v, numberAt)
			}
			if v := NormalizeNumber(d.Index); v != "" {
				w.hitStr(v, indexAt)
			}
			break
		}
	}
}

// file files the tokens of the document just read, as doc id, by bucket.
func (w *worker) file(id uint64, bmask uint32) {
	p := w.p
	if w.keep {
		toks := make([]uint64, len(w.order))
		for j, key := range w.order {
			toks[j] = key<<8 | uint64(w.info[j])
		}
		p.kept = append(p.kept, toks)
	}
	for j, key := range w.order {
		var h uint32
		if key&tagMax == tagStr {
			h = p.strHash[key&0xFFFFFFFF]
		} else {
			h = hashKey(key)
		}
		b := h & bmask
		st := append(w.stages[b], key<<30|id<<8|uint64(w.info[j]))
		if len(st) == cap(st) {
			p.streams[b].flush(st)
			st = st[:0]
		}
		w.stages[b] = st
	}
}

// flush encodes the records still staged into the part's streams, when
// the worker is done with the part.
func (w *worker) flush() {
	for b, st := range w.stages {
		if len(st) > 0 {
			w.p.streams[b].flush(st)
			w.stages[b] = st[:0]
		}
	}
}

// records returns the records of the document just read, as doc id:
// key<<30 | id<<8 | flags<<6 | mask, in text order.
func (w *worker) records(id uint64) []uint64 {
	recs := make([]uint64, len(w.order))
	for j, key := range w.order {
		recs[j] = key<<30 | id<<8 | uint64(w.info[j])
	}
	return recs
}

// grouper turns the records of one bucket into the shard text of its
// tokens: "token":"postings" pairs.
type grouper struct {
	ndocs  int
	tab    u64Index
	remap  []int32  // a part's token numbers in the bucket to tab's
	counts []int32  // by token: its records, then where its postings start
	dense  []int32  // by record: its token in tab
	recs   []uint32 // by record: doc<<8 | flags<<6 | mask
	vals   []uint32
	name   []byte
	out    []byte
}

// bucketOut is the encoded entries of a bucket, "token":"postings" one
// after the other, and for each its hash and end offset.
type bucketOut struct {
	text    []byte
	entries []entry
}

type entry struct {
	hash uint32
	end  int32
}

func (g *grouper) bucket(b int, parts []*part, remap [][]uint32, names []string, hashes []uint32) bucketOut {
	total, keys := 0, 0
	for _, p := range parts {
		total += p.streams[b].n
		keys += len(p.streams[b].tab.order)
	}
	if total == 0 {
		return bucketOut{}
	}
	g.tab.reset(keys)
	g.counts = g.counts[:0]
	g.dense = slices.Grow(g.dense[:0], total)[:total]
	g.recs = slices.Grow(g.recs[:0], total)[:total]
	i := 0
	for wi, p := range parts {
		s := &p.streams[b]
		// The part's tokens in order of first occurrence, after those of
		// the parts before it: tab numbers them in order of first
		// occurrence in the whole bucket.
		g.remap = g.remap[:0]
		for _, key := range s.tab.order {
			if key&tagMax == tagStr {
				key = tagStr | uint64(remap[wi][key&0xFFFFFFFF])
			}
			j, isNew := g.tab.index(key)
			if isNew {
				g.counts = append(g.counts, 0)
			}
			g.remap = append(g.remap, j)
		}
		var doc uint64
		for c := 0; c <= len(s.chunks); c++ {
			chunk := s.cur
			if c < len(s.chunks) {
				chunk = s.chunks[c]
			}
			for k := 0; k < len(chunk); {
				v := uint64(chunk[k])
				k++
				if v >= 0x80 {
					v, k = uvarint(chunk, k, v)
				}
				if v == 0 {
					gap := uint64(chunk[k])
					k++
					if gap >= 0x80 {
						gap, k = uvarint(chunk, k, gap)
					}
					doc += gap
					continue
				}
				j := g.remap[v-1]
				g.counts[j]++
				g.dense[i] = j
				g.recs[i] = uint32(doc<<8) | uint32(chunk[k])
				k++
				i++
			}
		}
	}
	// Counting sort of the postings by token; doc order is kept.
	var off int32
	for j, c := range g.counts {
		g.counts[j] = off
		off += c
	}
	g.vals = slices.Grow(g.vals[:0], total)[:total]
	for i, j := range g.dense {
		g.vals[g.counts[j]] = g.recs[i]
		g.counts[j]++
	}
	// Entries in order of first occurrence: documents are numbered the same
	// however the documents were split into parts, and so are string
	// tokens.
	keyList := g.tab.order
	out := g.out[:0]
	entries := make([]entry, len(keyList))
	var start int32
	for j, key := range keyList {
		g.name = g.name[:0]
		var h uint32
		switch key & tagMax {
		case tagUni:
			g.name = utf8.AppendRune(g.name, rune(key&0x1FFFFF))
			h = hashKey(key)
		case tagBi:
			g.name = utf8.AppendRune(g.name, rune(key>>16&0xFFFF))
			g.name = utf8.AppendRune(g.name, rune(key&0xFFFF))
			h = hashKey(key)
		default:
			g.name = append(g.name, names[key&0xFFFFFFFF]...)
			h = hashes[key&0xFFFFFFFF]
		}
		out = appendJSONString(out, g.name)
		out = append(out, ':', '"')
		end := g.counts[j]
		out = appendPostings(out, g.vals[start:end], g.ndocs)
		start = end
		out = append(out, '"')
		entries[j] = entry{h, int32(len(out))}
	}
	g.out = out
	return bucketOut{bytes.Clone(out), entries}
}

// uvarint finishes reading a varint from buf at k, whose first byte v
// (0x80 or more) has been read.
func uvarint(buf []byte, k int, v uint64) (uint64, int) {
	v &= 0x7F
	for shift := uint(7); ; shift += 7 {
		c := buf[k]
		k++
		v |= uint64(c&0x7F) << shift
		if c < 0x80 {
			return v, k
		}
	}
}

func appendVLQ(dst []byte, v uint32) []byte {
	for {
		d := v & 31
		v >>= 5
		if v == 0 {
			return append(dst, digits64[d])
		}
		dst = append(dst, digits64[d|32])
	}
}

func vlqLen(v uint32) int {
	n := 1
	for v >= 32 {
		v >>= 5
		n++
	}
	return n
}

// appendPostings encodes the postings of one token (doc<<8 | flags<<6 |
// mask, ascending by doc). See the package documentation for the format.
func appendPostings(dst []byte, p []uint32, ndocs int) []byte {
	// Doc ids: gaps as VLQ, or a bitmap when that is shorter.
	gapLen, prev := 0, uint32(0)
	for i, v := range p {
		d := v >> 8
		if i == 0 {
			gapLen += vlqLen(d)
		} else {
			gapLen += vlqLen(d - prev - 1)
		}
		prev = d
	}
	if bitmap := int(prev)/6 + 2; bitmap < gapLen {
		dst = append(dst, '*')
		var acc, at uint32
		for _, v := range p {
			d := v >> 8
			for at+6 <= d {
				dst = append(dst, digits64[acc])
				acc = 0
				at += 6
			}
			acc |= 1 << (d - at)
		}
		dst = append(dst, digits64[acc])
	} else {
		for i, v := range p {
			d := v >> 8
			if i == 0 {
				dst = appendVLQ(dst, d)
			} else {
				dst = appendVLQ(dst, d-prev-1)
			}
			prev = d
		}
	}
	// Tokens in more than half the documents carry no masks: they would
	// take most of the space and tell little about closeness.
	allMask, anyTitle, anyNumber := true, false, false
	for _, v := range p {
		allMask = allMask && v&63 == 63
		anyTitle = anyTitle || v&(flagTitle<<6) != 0
		anyNumber = anyNumber || v&(flagNumber<<6) != 0
	}
	allMask = allMask || 2*len(p) > ndocs
	if allMask && !anyTitle && !anyNumber {
		return dst
	}
	dst = append(dst, '.')
	if !allMask {
		for _, v := range p {
			dst = append(dst, digits64[v&63])
		}
	}
	for _, f := range []uint32{flagTitle, flagNumber} {
		if f == flagTitle && !anyTitle && !anyNumber || f == flagNumber && !anyNumber {
			break
		}
		dst = append(dst, '.')
		last := -1
		for i, v := range p {
			if v>>6&f != 0 {
				dst = appendVLQ(dst, uint32(i-last-1))
				last = i
			}
		}
	}
	return dst
}

// appendJSONString appends s as a JSON string literal that is also a valid
// JavaScript literal (U+2028 and U+2029 escaped).
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
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
		// Most text is Han: a three-byte character other than U+2028 and
		// U+2029 goes as it is.
		if i+2 < len(s) && isThreeByte(c, s[i+1], s[i+2]) {
			if r := rune3(c, s[i+1], s[i+2]); r != 0x2028 && r != 0x2029 {
				dst = append(dst, c, s[i+1], s[i+2])
				i += 3
				continue
			}
		}
		var r rune
		var size int
		switch v := any(s).(type) {
		case string:
			r, size = utf8.DecodeRuneInString(v[i:])
		case []byte:
			r, size = utf8.DecodeRune(v[i:])
		}
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

// appendExcerpt appends the start of body with white space collapsed, for
// snippets: excerptRunes characters, then "…" if there is more. Bytes
// that are not UTF-8 become U+FFFD.
func appendExcerpt(dst []byte, body string) []byte {
	start := len(dst)
	n, space := 0, false
	for i := 0; i < len(body); {
		c := body[i]
		r, size := rune(c), 1
		switch {
		case c < utf8.RuneSelf:
		case i+2 < len(body) && isThreeByte(c, body[i+1], body[i+2]):
			r, size = rune3(c, body[i+1], body[i+2]), 3
		default:
			r, size = utf8.DecodeRuneInString(body[i:])
		}
		if isSpace(r) {
			space = len(dst) > start
			i += size
			continue
		}
		if n >= excerptRunes {
			dst = append(dst, "…"...)
			break
		}
		if space {
			dst = append(dst, ' ')
			n++
			space = false
		}
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, body[i:i+size]...)
		}
		n++
		i += size
	}
	return dst
}

// docFileName is the name of document id's file: d/<id/1000>/<id>.js.
// search.js names it the same way.
func docFileName(id int) string {
	return "d/" + strconv.Itoa(id/docsPerFolder) + "/" + strconv.Itoa(id) + ".js"
}

// docFile is the file of document id: [url, title, index, number,
// issuer, date, category, genre, excerpt].
func docFile(id int, d *Document) []byte {
	return appendDocFile(make([]byte, 0, 256+len(d.Title)+excerptRunes*3), id, d)
}

func appendDocFile(dst []byte, id int, d *Document) []byte {
	dst = append(dst, callback+`("d",`...)
	dst = strconv.AppendInt(dst, int64(id), 10)
	dst = append(dst, ",["...)
	for _, s := range []string{d.URL, d.Title, d.Index, d.Number, d.Issuer, d.Date, d.Category, d.Genre} {
		dst = appendJSONString(dst, s)
		dst = append(dst, ',')
	}
	var buf [excerptRunes*4 + 8]byte
	dst = appendJSONString(dst, appendExcerpt(buf[:0], d.Body))
	return append(dst, "]);\n"...)
}

// metaFile is meta.js: counts, years and the facets of every document.
func metaFile(docs []*Document, shards int) []byte {
	var values [3][]string
	for f := range values {
		set := map[string]struct{}{}
		for _, d := range docs {
			set[facet(d, f)] = struct{}{}
		}
		for v := range set {
			values[f] = append(values[f], v)
		}
		slices.Sort(values[f])
	}
	type combo [3]int
	codes := make([]combo, len(docs))
	comboSet := map[combo]struct{}{}
	for i, d := range docs {
		for f := range values {
			codes[i][f], _ = slices.BinarySearch(values[f], facet(d, f))
		}
		comboSet[codes[i]] = struct{}{}
	}
	var combos []combo
	for c := range comboSet {
		combos = append(combos, c)
	}
	slices.SortFunc(combos, func(a, b combo) int {
		return slices.Compare(a[:], b[:])
	})
	bits := 1 // per document, for its index in combos
	for 1<<bits < len(combos) {
		bits++
	}

	dst := []byte(callback + `("m",0,{"v":1,"n":`)
	dst = strconv.AppendInt(dst, int64(len(docs)), 10)
	dst = append(dst, `,"s":`...)
	dst = strconv.AppendInt(dst, int64(shards), 10)
	dst = append(dst, `,"y":[`...)
	for i := 0; i < len(docs); {
		j := i
		for j < len(docs) && docs[j].Year == docs[i].Year {
			j++
		}
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(docs[i].Year), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(j-i), 10)
		dst = append(dst, ']')
		i = j
	}
	dst = append(dst, ']')
	for f, key := range []string{"c", "i", "g"} {
		dst = append(dst, `,"`+key+`":[`...)
		for i, v := range values[f] {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, v)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"k":[`...)
	for i, c := range combos {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = fmt.Appendf(dst, "[%d,%d,%d]", c[0], c[1], c[2])
	}
	dst = append(dst, `],"b":`...)
	dst = strconv.AppendInt(dst, int64(bits), 10)
	dst = append(dst, `,"f":"`...)
	var acc, nacc uint64 // bits pending, least significant first
	for _, c := range codes {
		k, _ := slices.BinarySearchFunc(combos, c, func(a, b combo) int { return slices.Compare(a[:], b[:]) })
		acc |= uint64(k) << nacc
		for nacc += uint64(bits); nacc >= 6; nacc -= 6 {
			dst = append(dst, digits64[acc&63])
			acc >>= 6
		}
	}
	if nacc > 0 {
		dst = append(dst, digits64[acc&63])
	}
	return append(dst, "\"});\n"...)
}

func facet(d *Document, f int) string {
	switch f {
	case 0:
		return d.Category
	case 1:
		return d.Issuer
	}
	return d.Genre
}
