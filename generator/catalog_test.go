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
