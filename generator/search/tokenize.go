package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Character classes of the tokenizer. The same classes are written out in
// static/search.js; the shared vectors in testdata keep the two in step.
const (
	clOther = 0 // punctuation, symbols, anything else: ends a run
	clSpace = 1 // white space: ends a run and is skipped by number patterns
	clHan   = 2 // Han character: bigrams and single characters
	clWord  = 3 // other letter, number or mark: words

	clMask  = 3
	flLower = 4  // the rune changes under unicode.ToLower
	flNFKC  = 8  // NFKC leaves the rune alone and it never combines with what precedes it
	flTrans = 16 // NFKC maps the rune to one stable character (bmpSimple), whose class and flLower it has
	flPunct = 32 // NFKC maps the rune to several punctuation characters (…, ‼): read as one, not normalized
)

var (
	bmpOnce  sync.Once
	bmpClass [0x10000]uint8
	// bmpSimple maps a character whose NFKC form is one character that is
	// itself stable (full-width forms, compatibility ideographs, the
	// ideographic space) to that character: the tokenizer reads them as
	// what they map to, without normalizing the text.
	bmpSimple [0x10000]uint16
)

// isHan reports whether r is a Han character: CJK Unified Ideographs and
// Extension A, the compatibility ideographs, 〇, and all of planes 2 and 3.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF ||
		r >= 0xF900 && r <= 0xFAFF || r == 0x3007 || r >= 0x20000 && r <= 0x3FFFF
}

// isThreeByte reports whether c, c1, c2 are a valid three-byte UTF-8
// sequence: U+0800–U+FFFF, surrogates excepted, where Chinese text is.
// It and rune3 are small enough to be inlined into the loops over every
// character of a text, where utf8.DecodeRune would be a call.
func isThreeByte(c, c1, c2 byte) bool {
	return c&0xF0 == 0xE0 && c1&0xC0 == 0x80 && c2&0xC0 == 0x80 && (c != 0xE0 || c1 >= 0xA0) && (c != 0xED || c1 < 0xA0)
}

// rune3 decodes a sequence isThreeByte accepts.
func rune3(c, c1, c2 byte) rune {
	return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
}

// isSpace is an explicit list, identical in search.js.
func isSpace(r rune) bool {
	switch {
	case r >= 0x09 && r <= 0x0D, r == 0x20, r == 0x85, r == 0xA0, r == 0x1680,
		r >= 0x2000 && r <= 0x200A, r == 0x2028, r == 0x2029, r == 0x202F,
		r == 0x205F, r == 0x3000, r == 0xFEFF:
		return true
	}
	return false
}

func slowClass(r rune) uint8 {
	var c uint8
	switch {
	case isHan(r):
		c = clHan
	case isSpace(r):
		c = clSpace
	case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
		c = clWord
	}
	if unicode.ToLower(r) != r {
		c |= flLower
	}
	return c
}

func initTables() {
	var buf [4]byte
	for r := rune(0); r < 0x10000; r++ {
		c := slowClass(r)
		if r < 0xD800 || r > 0xDFFF {
			s := string(buf[:utf8.EncodeRune(buf[:], r)])
			if p := norm.NFKC.PropertiesString(s); p.BoundaryBefore() {
				n := norm.NFKC.String(s)
				if n == s {
					c |= flNFKC
				} else if m, size := utf8.DecodeRuneInString(n); size == len(n) && m < r && bmpClass[m]&flNFKC != 0 {
					bmpSimple[r] = uint16(m)
					c = bmpClass[m]&(clMask|flLower) | flTrans
				} else if pc, ok := punctOnly(n); ok {
					c = pc | flPunct
				}
			}
		}
		bmpClass[r] = c
	}
}

// punctOnly reports whether n is made of stable punctuation and spaces
// that take no part in number patterns, and the class to read it as.
func punctOnly(n string) (uint8, bool) {
	c := uint8(clSpace)
	for _, m := range n {
		if m >= 0x10000 || bmpClass[m]&flNFKC == 0 || bmpClass[m]&clMask > clSpace ||
			isOpen(m) || isClose(m) || m == '-' || m == '/' {
			return 0, false
		}
		if bmpClass[m]&clMask == clOther {
			c = clOther
		}
	}
	return c, true
}

// nfkc returns s in Normalization Form KC. Characters that NFKC leaves
// alone are copied as they are, those with a one-character mapping are
// mapped from a table, and only what remains goes through the normalizer,
// cut at boundaries where normalization can restart.
func nfkc(s string) string {
	dst := make([]byte, 0, len(s)+16)
	prevSrc, prevDst := 0, 0 // start of the last character copied
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x10000 && (r != utf8.RuneError || size > 1) {
			if bmpClass[r]&flNFKC != 0 {
				prevSrc, prevDst = i, len(dst)
				dst = append(dst, s[i:i+size]...)
				i += size
				continue
			}
			if m := bmpSimple[r]; m != 0 {
				prevSrc, prevDst = i, len(dst)
				dst = utf8.AppendRune(dst, rune(m))
				i += size
				continue
			}
		}
		// A character that may combine with its neighbours: normalize from
		// the previous character up to the next one that is a boundary.
		j := i + size
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r < 0x10000 && (r != utf8.RuneError || size > 1) && (bmpClass[r]&flNFKC != 0 || bmpSimple[r] != 0) {
				break
			}
			j += size
		}
		dst = norm.NFKC.AppendString(dst[:prevDst], s[prevSrc:j])
		prevSrc, prevDst = j, len(dst)
		i = j
	}
	return string(dst)
}

func lower(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if r < 0x10000 && bmpClass[r]&flLower == 0 {
		return r
	}
	return unicode.ToLower(r)
}

// Token keys. Single characters and pairs of BMP characters are kept as
// numbers so the index builder need not allocate a string per token.
const (
	tagUni = 0 << 32
	tagBi  = 1 << 32
	tagStr = 2 << 32
	tagMax = 3 << 32
)

// Kinds of string tokens.
const (
	tkGram  = iota // character or bigram of a run
	tkWord         // a whole word of 3 to 32 letters or digits
	tkWhole        // a whole index number or document number
	tkTail         // the tail of a number, found inside a whole one
	tkAlone        // a tail found on its own
)

type tok struct {
	key uint64 // tagUni|rune, tagBi|r1<<16|r2, or tagStr (text in strs[aux])
	off int32  // byte offset in the text, plus the base given to add
	aux int32  // piece (run) the token comes from; for tagStr, index in strs
}

type strTok struct {
	s    string
	run  int32 // -1 for numbers
	kind uint8
}

// Pieces are runs of Han characters, runs of word characters and single
// other characters; white space is left out. Number patterns are matched
// over pieces.
const (
	pkHan   = 'H'
	pkWord  = 'W'
	pkPunct = 'P'
)

type piece struct {
	kind       uint8
	folded     bool // a run whose text changes when mapped and lower-cased
	digits     bool // word run of ASCII digits only
	alnum      bool // word run of ASCII [0-9a-z] only (after lower-casing)
	r          rune // pkPunct: the character; pkHan: the first character
	start, end int  // byte offsets in the text
	n          int32
}

// match is the piece range [from, to) that a number pattern covered.
type match struct{ from, to int32 }

// tokenizer collects tokens in toks, or, with a sink, hands them to the
// index builder as they come.
type tokenizer struct {
	toks    []tok
	strs    []strTok
	pieces  []piece
	matches []match
	sink    *worker
	base    int
}

const maxWord = 32 // longer runs are indexed by their bigrams only

func (t *tokenizer) gram(key uint64, off int, run int32) {
	if t.sink != nil {
		t.sink.hit(key, t.base+off)
		return
	}
	t.toks = append(t.toks, tok{key: key, off: int32(t.base + off), aux: run})
}

func (t *tokenizer) addStr(s string, off int, run int32, kind uint8) {
	if t.sink != nil {
		t.sink.hitStr(s, t.base+off)
		return
	}
	t.toks = append(t.toks, tok{key: tagStr, off: int32(t.base + off), aux: int32(len(t.strs))})
	t.strs = append(t.strs, strTok{s, run, kind})
}

// add tokenizes text, appending to t.toks, with offsets from base on.
func (t *tokenizer) add(text string, base int) {
	bmpOnce.Do(initTables)
	nt, ns := len(t.toks), len(t.strs)
	t.base = base
	if t.scan(text, false) {
		return
	}
	t.toks, t.strs = t.toks[:nt], t.strs[:ns]
	t.scan(nfkc(text), true)
}

// scan tokenizes s. Unless normalized is set, it gives up (returning false)
// at the first character that NFKC would change other than punctuation and
// spaces with a table mapping; tokens given to a sink before then must be
// thrown away.
func (t *tokenizer) scan(s string, normalized bool) bool {
	t.pieces = t.pieces[:0]
	t.matches = t.matches[:0]
	var (
		runKind  uint8 // clHan, clWord or 0 when outside a run
		prev     rune
		prevAt   int
		pc       *piece
		runIndex int32
		size     int
	)
	end := func(at int) {
		if runKind == 0 {
			return
		}
		pc.end = at
		if runKind == clWord && pc.n >= 3 && pc.n <= maxWord {
			t.addStr(t.text(s, int(runIndex)), pc.start, runIndex, tkWord)
		}
		runKind = 0
	}
	for i := 0; i < len(s); i += size {
		// Decode; three-byte sequences (Han) inline.
		var r rune
		switch b0 := s[i]; {
		case b0 < utf8.RuneSelf:
			r, size = rune(b0), 1
		case i+2 < len(s) && isThreeByte(b0, s[i+1], s[i+2]):
			r, size = rune3(b0, s[i+1], s[i+2]), 3
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var c uint8
		mapped := false
		if r < 0x10000 {
			c = bmpClass[r]
			if c&flTrans != 0 {
				r, mapped = rune(bmpSimple[r]), true
			} else if c&(flNFKC|flPunct) == 0 && !normalized {
				return false
			}
		} else {
			if !normalized && (!isHan(r) || r >= 0x2F800 && r <= 0x2FA1F) {
				return false
			}
			c = slowClass(r)
		}
		k := c & clMask
		if k < clHan {
			end(i)
			if k == clOther {
				t.pieces = append(t.pieces, piece{kind: pkPunct, r: r, start: i, end: i + size})
			}
			continue
		}
		if k != runKind {
			end(i)
			runKind = k
			runIndex = int32(len(t.pieces))
			kind := uint8(pkHan)
			if k == clWord {
				kind = pkWord
			}
			t.pieces = append(t.pieces, piece{kind: kind, r: r, start: i, digits: true, alnum: true})
			pc = &t.pieces[runIndex]
		}
		if mapped {
			pc.folded = true
		}
		if k == clWord {
			if c&flLower != 0 {
				r = lower(r)
				pc.folded = true
			}
			if r < '0' || r > '9' {
				pc.digits = false
				if r < 'a' || r > 'z' {
					pc.alnum = false
				}
			}
		}
		if pc.n > 0 {
			if prev < 0x10000 && r < 0x10000 {
				t.gram(tagBi|uint64(prev)<<16|uint64(r), prevAt, runIndex)
			} else {
				t.addStr(string(prev)+string(r), prevAt, runIndex, tkGram)
			}
		}
		t.gram(tagUni|uint64(r), i, runIndex)
		prev, prevAt = r, i
		pc.n++
	}
	end(len(s))
	t.numbers(s)
	return true
}

func isOpen(r rune) bool {
	return r == '[' || r == '〔' || r == '【' || r == '(' || r == '〖' || r == '〘'
}

func isClose(r rune) bool {
	return r == ']' || r == '〕' || r == '】' || r == ')' || r == '〗' || r == '〙'
}

func (t *tokenizer) word(i int, digits bool, min, max int32) bool {
	if i >= len(t.pieces) {
		return false
	}
	p := &t.pieces[i]
	return p.kind == pkWord && p.n >= min && p.n <= max && (p.digits || !digits && p.alnum)
}

func (t *tokenizer) punct(i int, r rune) bool {
	return i < len(t.pieces) && t.pieces[i].kind == pkPunct && t.pieces[i].r == r
}

// text of a run, mapped and lower-cased as its tokens are.
func (t *tokenizer) text(s string, i int) string {
	p := &t.pieces[i]
	if p.folded {
		return strings.Map(fold, s[p.start:p.end])
	}
	return s[p.start:p.end]
}

// fold is what the tokenizer reads for r in text that NFKC would only
// change through bmpSimple.
func fold(r rune) rune {
	if r < 0x10000 && bmpClass[r]&flTrans != 0 {
		r = rune(bmpSimple[r])
	}
	return lower(r)
}

// docTail matches 〔YYYY〕N号 at piece i and returns "[YYYY]N号".
func (t *tokenizer) docTail(s string, i int) (string, bool) {
	p := t.pieces
	if i+4 < len(p) && p[i].kind == pkPunct && isOpen(p[i].r) && t.word(i+1, true, 4, 4) &&
		p[i+2].kind == pkPunct && isClose(p[i+2].r) && t.word(i+3, true, 1, 6) &&
		p[i+4].kind == pkHan && p[i+4].r == '号' {
		return "[" + t.text(s, i+1) + "]" + t.text(s, i+3) + "号", true
	}
	return "", false
}

// indexTail matches YYYY-NNNNN (3 to 6 digits after the dash) at piece i.
func (t *tokenizer) indexTail(s string, i int) (string, bool) {
	if t.word(i, true, 4, 4) && t.punct(i+1, '-') && t.word(i+2, true, 3, 6) {
		return t.text(s, i) + "-" + t.text(s, i+2), true
	}
	return "", false
}

const maxPrefix = 12 // Han characters of a document number's prefix kept

// numbers finds index numbers and document numbers among the pieces and
// appends their whole and tail tokens.
func (t *tokenizer) numbers(s string) {
	p := t.pieces
	for i := 0; i < len(p); {
		switch p[i].kind {
		case pkHan:
			if tail, ok := t.docTail(s, i+1); ok {
				pre := t.text(s, i)
				for n := p[i].n; n > maxPrefix; n-- {
					_, size := utf8.DecodeRuneInString(pre)
					pre = pre[size:]
				}
				t.addStr(pre+tail, p[i].start, -1, tkWhole)
				t.addStr(tail, p[i+1].start, -1, tkTail)
				t.cover(i, i+5+t.hao(i+5))
				i += 5
				continue
			}
		case pkPunct:
			if tail, ok := t.docTail(s, i); ok {
				t.addStr(tail, p[i].start, -1, tkAlone)
				t.cover(i, i+4+t.hao(i+4))
				i += 4
				continue
			}
		case pkWord:
			if t.word(i, false, 1, 16) {
				j := i + 1
				if t.punct(j, '-') && t.word(j+1, false, 1, 4) {
					j += 2
				}
				if t.punct(j, '/') {
					if tail, ok := t.indexTail(s, j+1); ok {
						whole := t.text(s, i)
						if j > i+1 {
							whole += "-" + t.text(s, i+2)
						}
						t.addStr(whole+"/"+tail, p[i].start, -1, tkWhole)
						t.addStr(tail, p[j+1].start, -1, tkTail)
						t.cover(i, j+4)
						i = j + 4
						continue
					}
				}
			}
			if tail, ok := t.indexTail(s, i); ok {
				t.addStr(tail, p[i].start, -1, tkAlone)
				t.cover(i, i+3)
				i += 3
				continue
			}
		}
		i++
	}
}

// hao is 1 when the 号 run at piece i is that character alone.
func (t *tokenizer) hao(i int) int {
	if t.pieces[i].n == 1 {
		return 1
	}
	return 0
}

func (t *tokenizer) cover(from, to int) {
	t.matches = append(t.matches, match{int32(from), int32(to)})
}

// str is the text of token k.
func (t *tokenizer) str(k *tok) string {
	switch k.key & tagMax {
	case tagUni:
		return string(rune(k.key & 0x1FFFFF))
	case tagBi:
		return string(rune(k.key>>16&0xFFFF)) + string(rune(k.key&0xFFFF))
	}
	return t.strs[k.aux].s
}

// Tokenize returns the index tokens of text in order, duplicates included:
// characters and bigrams of each run, whole words, then whole numbers and
// their tails. The package documentation gives the rules.
func Tokenize(text string) []string {
	var t tokenizer
	t.add(text, 0)
	out := make([]string, len(t.toks))
	for i := range t.toks {
		out[i] = t.str(&t.toks[i])
	}
	return out
}

// NormalizeNumber folds an index number or document number to the form
// under which it is indexed whole: NFKC, lower case, no white space, and
// every bracket style as [ ].
func NormalizeNumber(s string) string {
	bmpOnce.Do(initTables)
	var b strings.Builder
	for _, r := range nfkc(s) {
		switch {
		case isSpace(r):
			continue
		case isOpen(r):
			r = '['
		case isClose(r):
			r = ']'
		default:
			r = lower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hashRunes, hashString and hashKey assign a token to a shard. They work on the
// token's code points (FNV-1a with a final avalanche); search.js has the
// same function.
func hashRunes(h uint32, r rune) uint32 { return (h ^ uint32(r)) * 0x01000193 }

const hashSeed = 0x811c9dc5

func hashFinish(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

func hashString(s string) uint32 {
	h := uint32(hashSeed)
	for _, r := range s {
		h = hashRunes(h, r)
	}
	return hashFinish(h)
}

// hashKey hashes a numeric key (tagUni or tagBi).
func hashKey(key uint64) uint32 {
	h := uint32(hashSeed)
	if key&tagMax == tagBi {
		h = hashRunes(h, rune(key>>16&0xFFFF))
		h = hashRunes(h, rune(key&0xFFFF))
	} else {
		h = hashRunes(h, rune(key&0x1FFFFF))
	}
	return hashFinish(h)
}
