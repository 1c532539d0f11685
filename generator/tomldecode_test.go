package generator

import (
	"testing"
)

// TestKeySpellingsSetNothing: a key written in another case than its
// field's tag is an unknown key and never sets the field, whether it
// comes alone, before or after the key itself.
func TestKeySpellingsSetNothing(t *testing.T) {
	var cp problemList
	cfg := loadConfig(mapSite(nil), &cp)
	tests := []struct {
		name, front string
		draft       bool
		title       string
	}{
		{"Draft alone", "Draft = true\ntitle = \"t\"", false, "t"},
		{"Draft after draft", "draft = true\nDraft = false\ntitle = \"t\"", true, "t"},
		{"Draft before draft", "Draft = false\ndraft = true\ntitle = \"t\"", true, "t"},
		{"DRAFT", "DRAFT = true", false, ""},
		{"Title beside title", "title = \"t\"\nTitle = \"x\"", false, "t"},
		{"Title alone", "Title = \"x\"", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, fast := range []bool{true, false} {
				doc, probs := parseDocumentWith("content/2024/a.md", []byte("+++\n"+tt.front+"\n+++\n"), cfg, fast)
				if doc == nil || doc.Draft != tt.draft || doc.Title != tt.title {
					t.Fatalf("fast %v: got %+v, want draft %v and title %q", fast, doc, tt.draft, tt.title)
				}
				if Problems(probs).Errors() == 0 {
					t.Fatalf("fast %v: no error", fast)
				}
			}
		})
	}

	var probs problemList
	c := parseConfig([]byte(testConfig+"Raw_HTML = true\nRAW_HTML = true\n[[Categories]]\nname = \"x\"\nslug = \"x\"\n"), &probs)
	if c.RawHTML || len(c.Categories) != 2 {
		t.Errorf("config: raw_html %v, %d categories: set by other spellings", c.RawHTML, len(c.Categories))
	}
}

func TestCloseKey(t *testing.T) {
	keys := []string{"title", "index", "issuer", "date", "draft", "slug", "baseURL", "schedule_note", "month", "day"}
	tests := []struct{ key, want string }{
		{"Draft", "draft"},
		{"DRAFT", "draft"},
		{"base_url", "baseURL"},
		{"baseurl", "baseURL"},
		{"titel", "title"}, // two letters swapped
		{"slgu", "slug"},   // two letters swapped in a short key
		{"scheduleNote", "schedule_note"},
		{"monht", "month"},
		{"dat", "date"},
		{"issuers", "issuer"},
		{"draught", ""}, // three edits from draft
		{"dy", "day"},
		{"draf", "draft"},
		{"zzzz", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := closeKey(tt.key, keys); got != tt.want {
			t.Errorf("closeKey(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	// In a schedule row, draft is not a misspelling of day.
	if got := closeKey("draft", []string{"month", "months", "item", "owner", "day"}); got != "" {
		t.Errorf("closeKey(draft) in a row = %q, want none", got)
	}
}
