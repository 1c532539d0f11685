package search

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// Index builds the search files of one site again and again, for the
// preview server. Its output is always Build's for the same documents; it
// gets there faster when few documents changed since the last call and
// none moved: only those are tokenized again, and only the shards whose
// postings they change are encoded again. Everything else (a document
// added, removed or moved in the order, the number of shards changing,
// many documents changing at once) makes a full build.
//
// Unchanged files are the very slices of the last call's result, so a
// caller can tell them apart without comparing bytes. Nobody may change
// them, nor the map, which is good until the next call only.
type Index struct {
	docs   []Document        // by doc id, as last indexed
	files  map[string][]byte // the last output
	nb, ns int
	total  int        // bytes of every shard's entries
	ent    []int      // by shard: bytes of its entries
	shards [][]uint64 // by shard: its records, key<<30 | doc<<8 | info, in the order a full build files them

	strIDs map[string]uint32 // string tokens, numbered
	names  []string
	hashes []uint32

	w       *worker  // tokenizes changed documents
	updates int      // builds made by updating in place, for tests
	written []string // the files the last update wrote
}

// maxUpdate is how many changed documents an Index updates in place;
// more make a full build.
const maxUpdate = 64

// NewIndex returns an Index that has built nothing yet.
func NewIndex() *Index { return &Index{} }

// Build returns the search files of docs, as the package's Build does.
func (x *Index) Build(docs []Document) (map[string][]byte, error) {
	sorted, err := sortDocs(docs)
	if err != nil {
		x.files = nil
		return nil, err
	}
	// Documents with the last call's URLs in the same order have
	// distinct URLs, as the last call checked.
	if files, ok := x.update(sorted); ok {
		return files, nil
	}
	if err := checkURLs(sorted); err != nil {
		x.files = nil
		return nil, err
	}
	files, write := collect(len(sorted))
	b, err := build(sorted, true, false, write)
	if err != nil {
		x.files = nil
		return nil, err
	}
	x.keep(sorted, files, b)
	return files, nil
}

// Shards is the number of shards of the files the last successful Build
// returned, meta.js's s (0 before one).
func (x *Index) Shards() int {
	if x.files == nil {
		return 0
	}
	return len(x.shards)
}

// keep takes in a full build.
func (x *Index) keep(sorted []*Document, files map[string][]byte, b *built) {
	x.docs = make([]Document, len(sorted))
	for i, d := range sorted {
		x.docs[i] = *d
	}
	x.files, x.nb, x.ns, x.ent = files, b.nb, b.ns, b.ent
	x.total = 0
	for _, e := range b.ent {
		x.total += e
	}
	x.names, x.hashes = b.names, b.hashes
	x.strIDs = make(map[string]uint32, len(b.names))
	for i, s := range b.names {
		x.strIDs[s] = uint32(i)
	}
	counts := make([]int, b.ns)
	mask := uint64(b.ns - 1)
	for _, toks := range b.docs {
		for _, t := range toks {
			counts[uint64(x.hash(t>>8))&mask]++
		}
	}
	x.shards = make([][]uint64, b.ns)
	for sh := range x.shards {
		x.shards[sh] = make([]uint64, 0, counts[sh])
	}
	for id, toks := range b.docs {
		for _, t := range toks {
			sh := uint64(x.hash(t>>8)) & mask
			x.shards[sh] = append(x.shards[sh], t>>8<<30|uint64(id)<<8|t&0xFF)
		}
	}
}

func (x *Index) hash(key uint64) uint32 {
	if key&tagMax == tagStr {
		return x.hashes[key&0xFFFFFFFF]
	}
	return hashKey(key)
}

func (x *Index) intern(s string) uint32 {
	id, ok := x.strIDs[s]
	if !ok {
		id = uint32(len(x.names))
		x.strIDs[s] = id
		x.names = append(x.names, s)
		x.hashes = append(x.hashes, hashString(s))
	}
	return id
}

// tokens returns the records of document d as doc id, in text order.
func (x *Index) tokens(id int, d *Document) []uint64 {
	if x.w == nil {
		x.w = &worker{p: &part{strIDs: map[string]uint32{}}}
	}
	w, p := x.w, x.w.p
	clear(p.strIDs)
	p.strs, p.strHash = p.strs[:0], p.strHash[:0]
	w.doc(d)
	recs := w.records(uint64(id))
	for i, rec := range recs {
		if key := rec >> 30; key&tagMax == tagStr {
			g := x.intern(p.strs[key&0xFFFFFFFF])
			recs[i] = (tagStr|uint64(g))<<30 | rec&(1<<30-1)
		}
	}
	return recs
}

func sameDoc(a, b *Document) bool {
	return a.URL == b.URL && a.Title == b.Title && a.Index == b.Index && a.Number == b.Number &&
		a.Issuer == b.Issuer && a.Category == b.Category && a.Genre == b.Genre && a.Date == b.Date &&
		a.Year == b.Year && slices.Equal(a.Keywords, b.Keywords) && a.Body == b.Body
}

// update makes the files of sorted from the last ones, or reports false
// when it cannot.
func (x *Index) update(sorted []*Document) (map[string][]byte, bool) {
	if x.files == nil || len(sorted) != len(x.docs) {
		return nil, false
	}
	total := 0
	var changed []int
	for i, d := range sorted {
		total += textSize(d)
		if p := &x.docs[i]; d.URL != p.URL {
			return nil, false // documents came, went or moved: the ids change
		} else if !sameDoc(d, p) {
			if changed = append(changed, i); len(changed) > maxUpdate {
				return nil, false
			}
		}
	}
	if bucketCount(total) != x.nb {
		return nil, false
	}
	if len(changed) == 0 {
		return x.files, true
	}

	// The records of the changed documents, old and new, by shard. A
	// shard where a document's records are the same keeps its bytes.
	mask := uint64(x.ns - 1)
	olds, news := map[int][]uint64{}, map[int][]uint64{}
	isChanged := make(map[uint64]bool, len(changed))
	for _, id := range changed {
		isChanged[uint64(id)] = true
		for _, rec := range x.tokens(id, &x.docs[id]) {
			sh := int(uint64(x.hash(rec>>30)) & mask)
			olds[sh] = append(olds[sh], rec)
		}
		for _, rec := range x.tokens(id, sorted[id]) {
			sh := int(uint64(x.hash(rec>>30)) & mask)
			news[sh] = append(news[sh], rec)
		}
	}
	dirty := map[int]bool{}
	for sh, recs := range olds {
		if !slices.Equal(recs, news[sh]) {
			dirty[sh] = true
		}
	}
	for sh, recs := range news {
		if !slices.Equal(recs, olds[sh]) {
			dirty[sh] = true
		}
	}
	type shardUpdate struct {
		recs []uint64
		file []byte
		ent  int
	}
	updates := make(map[int]shardUpdate, len(dirty))
	for sh := range dirty {
		// The shard's records without the changed documents', merged with
		// their new ones: ordered by doc id, then text order, as a full
		// build files them.
		old, add := x.shards[sh], news[sh]
		recs := make([]uint64, 0, len(old)+len(add))
		for _, rec := range old {
			if isChanged[rec>>8&(1<<22-1)] {
				continue
			}
			for len(add) > 0 && add[0]>>8&(1<<22-1) < rec>>8&(1<<22-1) {
				recs = append(recs, add[0])
				add = add[1:]
			}
			recs = append(recs, rec)
		}
		recs = append(recs, add...)
		file, ent := x.encodeShard(sh, recs, len(sorted))
		updates[sh] = shardUpdate{recs, file, ent}
	}
	newTotal := x.total
	for sh, u := range updates {
		newTotal += u.ent - x.ent[sh]
	}
	if pow2((newTotal+shardTarget-1)/shardTarget, 1, 1<<16) != x.ns {
		return nil, false
	}

	files := x.files
	x.written = x.written[:0]
	write := func(name string, data []byte) {
		files[name] = data
		x.written = append(x.written, name)
	}
	for sh, u := range updates {
		x.shards[sh], x.ent[sh] = u.recs, u.ent
		write("s/"+strconv.FormatInt(int64(sh), 36)+".js", u.file)
	}
	x.total = newTotal
	// meta.js shows the number of documents and the shards (the same
	// here), and each document's year and facets in order.
	meta := false
	for _, id := range changed {
		p, d := &x.docs[id], sorted[id]
		meta = meta || p.Year != d.Year || p.Category != d.Category || p.Issuer != d.Issuer || p.Genre != d.Genre
		x.docs[id] = *d
		write(docFileName(id), docFile(id, d))
	}
	if meta {
		write("meta.js", metaFile(sorted, x.ns))
	}
	x.updates++
	return files, true
}

// encodeShard encodes one shard's records as a full build does: its
// tokens by bucket, then in order of first occurrence.
func (x *Index) encodeShard(sh int, recs []uint64, ndocs int) ([]byte, int) {
	var tab u64Index
	tab.reset(len(recs)/4 + 1)
	var counts []int32
	dense := make([]int32, len(recs))
	for i, rec := range recs {
		j, isNew := tab.index(rec >> 30)
		if isNew {
			counts = append(counts, 0)
		}
		counts[j]++
		dense[i] = j
	}
	starts := make([]int32, len(counts)+1)
	for j, c := range counts {
		starts[j+1] = starts[j] + c
	}
	vals := make([]uint32, len(recs))
	fill := slices.Clone(starts[:len(counts)])
	for i, rec := range recs {
		j := dense[i]
		vals[fill[j]] = uint32(rec & (1<<30 - 1))
		fill[j]++
	}
	order := make([]int, len(counts))
	for j := range order {
		order[j] = j
	}
	bmask := uint32(x.nb - 1)
	slices.SortStableFunc(order, func(a, b int) int {
		return int(x.hash(tab.order[a])&bmask) - int(x.hash(tab.order[b])&bmask)
	})
	head := callback + `("s",` + strconv.Itoa(sh) + ",{"
	out := append(make([]byte, 0, len(head)+len(recs)*4+64), head...)
	ent := 0
	var name []byte
	for k, j := range order {
		if k > 0 {
			out = append(out, ',')
		}
		at := len(out)
		key := tab.order[j]
		name = name[:0]
		switch key & tagMax {
		case tagUni:
			name = utf8.AppendRune(name, rune(key&0x1FFFFF))
		case tagBi:
			name = utf8.AppendRune(name, rune(key>>16&0xFFFF))
			name = utf8.AppendRune(name, rune(key&0xFFFF))
		default:
			name = append(name, x.names[key&0xFFFFFFFF]...)
		}
		out = appendJSONString(out, name)
		out = append(out, ':', '"')
		out = appendPostings(out, vals[starts[j]:starts[j+1]], ndocs)
		out = append(out, '"')
		ent += len(out) - at
	}
	return append(out, "});\n"...), ent
}
