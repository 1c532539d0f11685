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
	files, _ := build(sorted, false, false)
	return files, nil
}

// BuildReleasing is Build for a caller that has no further use for the
// documents' text: it clears each document's Body as soon as the
// document is indexed, so that the text of the whole archive is not held
// while the files are encoded.
func BuildReleasing(docs []Document) (map[string][]byte, error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		return nil, err
	}
	if err := checkURLs(sorted); err != nil {
		return nil, err
	}
	files, _ := build(sorted, false, true)
	return files, nil
}

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

// build makes the files of the sorted documents, and when keep is set
// what an Index needs to update them.
func build(sorted []*Document, keep, release bool) (map[string][]byte, *built) {
	n := len(sorted)
	// Split the documents into contiguous ranges of about equal text.
	cum := make([]int, n+1)
	for i, d := range sorted {
		cum[i+1] = cum[i] + textSize(d)
	}
	// Records are filed in few buckets by the low bits of the token hash,
	// few enough for the filing to stay in cache; shards split them further.
	nb := bucketCount(cum[n])
	nw := min(runtime.GOMAXPROCS(0), n/16+1)
	ws := make([]*worker, nw)
	los := make([]int, nw)
	files := make(map[string][]byte, n+64)
	docFiles := make([][]byte, n)
	var wg sync.WaitGroup
	lo := 0
	for w := range ws {
		hi := n
		if w < nw-1 {
			target := cum[n] / nw * (w + 1)
			hi, _ = slices.BinarySearch(cum, target)
			hi = max(lo, min(hi, n))
		}
		wk := &worker{buckets: make([][]uint64, nb), strIDs: map[string]uint32{}, keep: keep}
		for b := range wk.buckets {
			wk.buckets[b] = make([]uint64, 0, (cum[hi]-cum[lo])/3/nb)
		}
		ws[w] = wk
		los[w] = lo
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for id := lo; id < hi; id++ {
				wk.doc(uint64(id), sorted[id], uint32(nb-1))
				docFiles[id] = docFile(id, sorted[id])
				if release {
					sorted[id].Body = ""
				}
			}
		}(lo, hi)
		lo = hi
	}
	wg.Wait()

	// One numbering of the string tokens across workers, in order of first
	// occurrence, so that it does not depend on the number of workers.
	global := map[string]uint32{}
	var names []string
	var hashes []uint32
	remap := make([][]uint32, nw)
	for w, wk := range ws {
		remap[w] = make([]uint32, len(wk.strs))
		for i, s := range wk.strs {
			g, ok := global[s]
			if !ok {
				g = uint32(len(names))
				global[s] = g
				names = append(names, s)
				hashes = append(hashes, wk.strHash[i])
			}
			remap[w][i] = g
		}
	}

	// Group the records of every bucket by token and encode them.
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
				out[b] = g.bucket(b, ws, remap, names, hashes)
			}
		}()
	}
	wg.Wait()

	// Deal the entries out to shards by their hash.
	total := 0
	for _, o := range out {
		total += len(o.text)
	}
	ns := pow2((total+shardTarget-1)/shardTarget, 1, 1<<16)
	sizes := make([]int, ns)
	for _, o := range out {
		start := int32(0)
		for _, e := range o.entries {
			sizes[e.hash&uint32(ns-1)] += int(e.end-start) + 1
			start = e.end
		}
	}
	var b *built
	if keep {
		b = &built{nb: nb, ns: ns, names: names, hashes: hashes, docs: make([][]uint64, n), ent: make([]int, ns)}
		for _, o := range out {
			start := int32(0)
			for _, e := range o.entries {
				b.ent[e.hash&uint32(ns-1)] += int(e.end - start)
				start = e.end
			}
		}
		for w, wk := range ws {
			for k, toks := range wk.kept {
				for j, t := range toks {
					if key := t >> 8; key&tagMax == tagStr {
						toks[j] = (tagStr|uint64(remap[w][key&0xFFFFFFFF]))<<8 | t&0xFF
					}
				}
				b.docs[los[w]+k] = toks
			}
		}
	}
	shards := make([][]byte, ns)
	for sh := range shards {
		head := callback + `("s",` + strconv.Itoa(sh) + ",{"
		shards[sh] = append(make([]byte, 0, len(head)+sizes[sh]+4), head...)
	}
	for _, o := range out {
		start := int32(0)
		for _, e := range o.entries {
			sh := e.hash & uint32(ns-1)
			if b := shards[sh]; b[len(b)-1] != '{' {
				shards[sh] = append(b, ',')
			}
			shards[sh] = append(shards[sh], o.text[start:e.end]...)
			start = e.end
		}
	}
	for sh, b := range shards {
		files["s/"+strconv.FormatInt(int64(sh), 36)+".js"] = append(b, "});\n"...)
	}
	for id, f := range docFiles {
		files["d/"+strconv.Itoa(id)+".js"] = f
	}
	files["meta.js"] = metaFile(sorted, ns)
	return files, b
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

// worker tokenizes a range of documents into build records: for every
// distinct token of a document, key<<30 | doc<<8 | flags<<6 | mask, filed
// by bucket (the low bits of the token's hash).
type worker struct {
	tk      tokenizer
	tab     u64Index // tokens of the document other than BMP characters alone
	gen     uint64
	uni     [0x10000]uint64 // BMP characters alone, a direct table: gen<<32 | dense index
	order   []uint64        // the document's distinct tokens
	info    []uint8         // and for each, flags<<6 | mask
	fl      uint8           // flags of the field being read
	scale   uint64          // byte offset * scale >> 32 is the sixth of the text
	buckets [][]uint64
	strIDs  map[string]uint32
	strs    []string
	strHash []uint32
	keep    bool       // keep each document's tokens
	kept    [][]uint64 // key<<8 | info, in text order, by document
}

func (w *worker) intern(s string) uint32 {
	id, ok := w.strIDs[s]
	if !ok {
		s = strings.Clone(s)
		id = uint32(len(w.strs))
		w.strIDs[s] = id
		w.strs = append(w.strs, s)
		w.strHash = append(w.strHash, hashString(s))
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
		var isNew bool
		if j, isNew = w.tab.index(key); isNew {
			w.order = append(w.order, key)
			w.info = append(w.info, 0)
		}
	}
	w.info[j] |= w.fl | 1<<min(uint64(off)*w.scale>>32, 5)
}

func (w *worker) hitStr(s string, off int) {
	w.hit(tagStr|uint64(w.intern(s)), off)
}

// doc indexes document d with id id. Its fields are read as they are
// while they need no normalization beyond the tokenizer's tables; if one
// does, the document is read again with every field normalized.
func (w *worker) doc(id uint64, d *Document, bmask uint32) {
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
		w.order, w.info = w.order[:0], w.info[:0]
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
	if w.keep {
		toks := make([]uint64, len(w.order))
		for j, key := range w.order {
			toks[j] = key<<8 | uint64(w.info[j])
		}
		w.kept = append(w.kept, toks)
	}
	for j, key := range w.order {
		var h uint32
		if key&tagMax == tagStr {
			h = w.strHash[key&0xFFFFFFFF]
		} else {
			h = hashKey(key)
		}
		b := h & bmask
		w.buckets[b] = append(w.buckets[b], key<<30|id<<8|uint64(w.info[j]))
	}
}

// grouper turns the records of one bucket into the shard text of its
// tokens: "token":"postings" pairs.
type grouper struct {
	ndocs  int
	tab    u64Index
	counts []int32
	dense  []int32
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

func (g *grouper) bucket(b int, ws []*worker, remap [][]uint32, names []string, hashes []uint32) bucketOut {
	total := 0
	for _, w := range ws {
		total += len(w.buckets[b])
	}
	if total == 0 {
		return bucketOut{}
	}
	g.tab.reset(total / 16)
	g.counts = g.counts[:0]
	g.dense = g.dense[:0]
	for wi, w := range ws {
		for _, rec := range w.buckets[b] {
			key := rec >> 30
			if key&tagMax == tagStr {
				key = tagStr | uint64(remap[wi][key&0xFFFFFFFF])
			}
			j, isNew := g.tab.index(key)
			if isNew {
				g.counts = append(g.counts, 0)
			}
			g.counts[j]++
			g.dense = append(g.dense, j)
		}
	}
	// Counting sort of the postings by token; doc order is kept.
	var off int32
	for j, c := range g.counts {
		g.counts[j] = off
		off += c
	}
	g.vals = slices.Grow(g.vals[:0], total)[:total]
	i := 0
	for _, w := range ws {
		for _, rec := range w.buckets[b] {
			j := g.dense[i]
			g.vals[g.counts[j]] = uint32(rec & (1<<30 - 1))
			g.counts[j]++
			i++
		}
	}
	// Entries in order of first occurrence: documents are numbered the same
	// whatever the number of workers, and so are string tokens.
	keys := g.tab.order
	out := g.out[:0]
	entries := make([]entry, len(keys))
	var start int32
	for j, key := range keys {
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
		r, size := rune(body[i]), 1
		if r >= utf8.RuneSelf {
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

// docFile is d/<id>.js: [url, title, index, number, issuer, date,
// category, genre, excerpt].
func docFile(id int, d *Document) []byte {
	dst := make([]byte, 0, 256+len(d.Title)+excerptRunes*3)
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
