package search

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// excerptReference is the excerpt as it was written with a strings.Builder.
func excerptReference(body string) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range body {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n >= excerptRunes {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// TestExcerptMatchesReference checks appendExcerpt on text of every kind:
// white space runs of every kind, long text, bytes that are not UTF-8.
func TestExcerptMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"a", "工会", " ", "\u3000", "\n\t", "\u2028", "\xff", "\xe4\xb8", "\ufffd", "😀", "word ", strings.Repeat("字", 100)}
	for i := range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		s := b.String()
		if got, want := string(appendExcerpt([]byte("x"), s)[1:]), excerptReference(s); got != want {
			t.Fatalf("case %d %q:\n got %q\nwant %q", i, s, got, want)
		}
	}
}

// FuzzExcerpt checks appendExcerpt against excerptReference.
func FuzzExcerpt(f *testing.F) {
	for _, s := range []string{"", "工会 经费", "\u3000\u2028a\xff\xe4\xb8", "\xed\xa0\x80\xe0\x9f\xbf\xef\xbb\xbf", strings.Repeat("字 ", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendExcerpt([]byte("x"), s)[1:]), excerptReference(s); got != want {
			t.Fatalf("%q:\n got %q\nwant %q", s, got, want)
		}
	})
}
