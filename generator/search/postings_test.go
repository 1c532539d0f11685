package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestPostingsMatchReference decodes every shard a build writes and holds
// each token's postings (its documents, their flags and the sixths of
// their text it occurs in) to a plain reference: each field of each
// document tokenized on its own, and the tokens' occurrences gathered in
// maps. The build gets the same result through a character table, a hash
// table, per-worker record streams and parts split between workers; the
// reference shares none of that. It runs on two cores' worth of parts and
// on documents whose fields need normalizing.
func TestPostingsMatchReference(t *testing.T) {
	// The generated corpus, with the hand-made documents of the other
	// tests (document and index numbers, English words) after it.
	docs := append(newCorpus().docs(1200, 300), searchCorpus()[300:]...)
	// Fields that are read again normalized (full-width letters and
	// digits, a compatibility ideograph), and keywords.
	docs[3].Title = "ＡＢＣ工会２０２４年度计划"
	docs[5].Body += " 﨑山 Ｗｏｒｋ Plan"
	docs[7].Keywords = []string{"经费审查", "ＦＵＮＤ"}
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]posting{}
	for name, data := range files {
		if !strings.HasPrefix(name, "s/") {
			continue
		}
		for token, v := range shardEntries(t, name, data) {
			p, err := decodePosting(v)
			if err != nil {
				t.Fatalf("%s: %q: %v", name, token, err)
			}
			got[token] = p
		}
	}
	want := referencePostings(docs)
	if len(got) != len(want) {
		t.Errorf("the shards hold %d tokens, the reference %d", len(got), len(want))
	}
	bad := 0
	for _, token := range slices.Sorted(maps.Keys(want)) {
		w, g := want[token], got[token]
		if !w.matches(g, len(docs)) && bad < 10 {
			bad++
			t.Errorf("%q:\n got  %v\n want %v", token, g, w)
		}
	}
}

// posting is a token's postings: ascending doc ids and, for each, the
// flags (1 title, 2 index or document number) and the sixths (bit j: the
// j-th sixth) of the document's text where the token occurs. masks is nil
// when the postings carry none.
type posting struct {
	ids   []int
	flags []uint8
	masks []uint8
}

func (p posting) String() string {
	var b strings.Builder
	for i, id := range p.ids {
		m := "*"
		if p.masks != nil {
			m = fmt.Sprintf("%06b", p.masks[i])
		}
		fmt.Fprintf(&b, "%d:%d/%s ", id, p.flags[i], m)
	}
	return b.String()
}

// matches reports whether the decoded postings g are the reference p,
// with the masks left out as the format leaves them out: for a token in
// more than half of n documents, or in every sixth of every document.
func (p posting) matches(g posting, n int) bool {
	if !slices.Equal(p.ids, g.ids) || !slices.Equal(p.flags, g.flags) {
		return false
	}
	if !p.carriesMasks(n) {
		return g.masks == nil
	}
	return slices.Equal(p.masks, g.masks)
}

// carriesMasks reports whether the reference postings p keep their masks
// in the format: not for a token in more than half of n documents, nor for
// one in every sixth of every document it is in (the search then counts it
// in all six).
func (p posting) carriesMasks(n int) bool {
	if 2*len(p.ids) > n {
		return false
	}
	for _, m := range p.masks {
		if m != 63 {
			return true
		}
	}
	return false
}

// referencePostings tokenizes each field of each document as the package
// documentation describes, numbering the documents newest first.
func referencePostings(docs []Document) map[string]posting {
	out := map[string]posting{}
	for id, d := range newestFirst(docs) {
		size := len(d.Title) + len(d.Number) + len(d.Index) + len(d.Issuer) + len(d.Category) + len(d.Body) + 8
		for _, k := range d.Keywords {
			size += len(k) + 1
		}
		// The sixth of a byte offset, in the build's fixed-point form.
		scale := uint64(6<<32) / uint64(size)
		sixth := func(off int) uint8 { return 1 << min(uint64(off)*scale>>32, 5) }
		occ := map[string]uint8{} // flags<<6 | sixths
		base := 0
		field := func(text string, flag uint8) {
			if text == "" {
				return
			}
			var tk tokenizer
			tk.add(text, base)
			for i := range tk.toks {
				occ[tk.str(&tk.toks[i])] |= flag<<6 | sixth(int(tk.toks[i].off))
			}
			base += len(text) + 1
		}
		field(d.Title, flagTitle)
		numberAt := base
		field(d.Number, flagNumber)
		indexAt := base
		field(d.Index, flagNumber)
		field(d.Issuer, 0)
		field(d.Category, 0)
		for _, k := range d.Keywords {
			field(k, 0)
		}
		field(d.Body, 0)
		if v := NormalizeNumber(d.Number); v != "" {
			occ[v] |= flagNumber<<6 | sixth(numberAt)
		}
		if v := NormalizeNumber(d.Index); v != "" {
			occ[v] |= flagNumber<<6 | sixth(indexAt)
		}
		for token, v := range occ {
			p := out[token]
			p.ids = append(p.ids, id)
			p.flags = append(p.flags, v>>6)
			p.masks = append(p.masks, v&63)
			out[token] = p
		}
	}
	return out
}

// shardEntries reads a shard file: gongkaiSearch("s", h, {token: postings});
func shardEntries(t *testing.T, name string, data []byte) map[string]string {
	t.Helper()
	open := bytes.IndexByte(data, '{')
	if !bytes.HasPrefix(data, []byte(callback+`("s",`)) || open < 0 || !bytes.HasSuffix(data, []byte(");\n")) {
		t.Fatalf("%s is not a shard file: %.60q", name, data)
	}
	var entries map[string]string
	if err := json.Unmarshal(data[open:len(data)-3], &entries); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return entries
}

// decodePosting reads postings "ids.masks.title.number" as the package
// documentation describes them.
func decodePosting(v string) (posting, error) {
	parts := strings.Split(v, ".")
	if len(parts) > 4 {
		return posting{}, fmt.Errorf("%d parts", len(parts))
	}
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	var p posting
	digit := func(c byte) (int, error) {
		if i := strings.IndexByte(digits64, c); i >= 0 {
			return i, nil
		}
		return 0, fmt.Errorf("%q is not a digit", c)
	}
	vlq := func(s string) ([]int, error) {
		var out []int
		v, shift := 0, 0
		for i := 0; i < len(s); i++ {
			x, err := digit(s[i])
			if err != nil {
				return nil, err
			}
			v |= (x & 31) << shift
			if x&32 != 0 {
				shift += 5
				continue
			}
			out = append(out, v)
			v, shift = 0, 0
		}
		if shift != 0 {
			return nil, fmt.Errorf("a number is cut short")
		}
		return out, nil
	}
	if a := parts[0]; strings.HasPrefix(a, "*") {
		for i := 1; i < len(a); i++ {
			x, err := digit(a[i])
			if err != nil {
				return p, err
			}
			for b := range 6 {
				if x>>b&1 != 0 {
					p.ids = append(p.ids, 6*(i-1)+b)
				}
			}
		}
	} else {
		gaps, err := vlq(a)
		if err != nil {
			return p, err
		}
		d := -1
		for _, g := range gaps {
			d += g + 1
			p.ids = append(p.ids, d)
		}
	}
	p.flags = make([]uint8, len(p.ids))
	if m := parts[1]; m != "" {
		if len(m) != len(p.ids) {
			return p, fmt.Errorf("%d masks for %d documents", len(m), len(p.ids))
		}
		for i := range len(m) {
			x, err := digit(m[i])
			if err != nil {
				return p, err
			}
			p.masks = append(p.masks, uint8(x))
		}
	}
	for f, part := range map[uint8]string{flagTitle: parts[2], flagNumber: parts[3]} {
		gaps, err := vlq(part)
		if err != nil {
			return p, err
		}
		at := -1
		for _, g := range gaps {
			if at += g + 1; at >= len(p.ids) {
				return p, fmt.Errorf("a flag past the last document")
			}
			p.flags[at] |= f
		}
	}
	return p, nil
}
