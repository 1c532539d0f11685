package generator

import (
	"bytes"
	"testing"
)

// TestJoinCatalog holds catalog.json made of cached records to
// catalogJSON's bytes.
func TestJoinCatalog(t *testing.T) {
	cfg := &Config{BaseURL: "https://example.org/sub/"}
	iss, cat := &Issuer{Name: "教育工会<&>"}, &Category{Name: "通知公告"}
	all := []*Document{
		{Title: "关于\u2028“通知”", Index: "00001434-9/2024-00001", Issuer: iss, Category: cat, Date: Date{2024, 3, 1}, URL: "archive/2024/a b/", Keywords: []string{"工会", "<b>"}},
		{Title: "二", Index: "00001434-9/2024-00002", Issuer: iss, Category: cat, Date: Date{2024, 3, 2}, URL: "archive/2024/b/", Number: "示教工〔2024〕1号", Genre: "通知"},
	}
	for n := 0; n <= len(all); n++ {
		docs := all[:n]
		want, err := catalogJSON(cfg, docs)
		if err != nil {
			t.Fatal(err)
		}
		var items [][]byte
		for _, d := range docs {
			item, err := catalogItem(cfg, d)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, item)
		}
		if got := joinCatalog(items); !bytes.Equal(got, want) {
			t.Errorf("%d documents:\ngot  %q\nwant %q", n, got, want)
		}
	}
}

// TestCompactCatalogIsMinified holds the compact catalog.json, which is
// written without the minifier, to what the minifier makes of catalogJSON.
func TestCompactCatalogIsMinified(t *testing.T) {
	m := newMinifier()
	cfg := &Config{BaseURL: "https://example.org/sub/"}
	iss, cat := &Issuer{Name: "教育工会<&>"}, &Category{Name: "通知\t公告\\"}
	odd := []string{"", "a\"b", "\x00\x01\x1f", "\xff\xfe", "\u2028\u2029", "\b\f\n\r\t", "1e5", "-0", " 12 ", "</script>", "true", "null"}
	var all []*Document
	for i, s := range odd {
		all = append(all, &Document{Title: s, Index: s + "/2024-00001", Issuer: iss, Category: cat, Date: Date{2024, 3, 1 + i},
			URL: "archive/2024/" + s + "/", Keywords: []string{s, "工会"}, Genre: s, Number: s})
	}
	for n := 0; n <= len(all); n++ {
		docs := all[:n]
		full, err := catalogJSON(cfg, docs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := m.Bytes("application/json", full)
		if err != nil {
			t.Fatal(err)
		}
		got, err := compactCatalogJSON(cfg, docs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d documents:\ngot  %q\nwant %q", n, got, want)
		}
	}
}
