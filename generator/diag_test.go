package generator

import "testing"

// TestClosestCountsSwaps: two neighbouring characters swapped are one
// edit, so the number or name they were swapped in is suggested, where
// counting them as two changes suggested another.
func TestClosestCountsSwaps(t *testing.T) {
	tests := []struct {
		s          string
		candidates []string
		want       string
	}{
		{"00001434-9/2024-00053", []string{"00001434-9/2024-00001", "00001434-9/2024-00035"}, "00001434-9/2024-00035"},
		{"00001434-9/2024-00012", []string{"00001434-9/2024-00021", "00001434-9/2025-00012"}, "00001434-9/2024-00021"},
		{"测试区育教工会", []string{"测试区体育工会", "测试区教育工会"}, "测试区教育工会"},
		// Equally near, the first still wins.
		{"00001434-9/2024-00012", []string{"00001434-9/2024-00013", "00001434-9/2024-00021"}, "00001434-9/2024-00013"},
	}
	for _, tt := range tests {
		if got := closest(tt.s, tt.candidates); got != tt.want {
			t.Errorf("closest(%q, %q) = %q, want %q", tt.s, tt.candidates, got, tt.want)
		}
	}
}

// TestOffsetPosition: a problem's line and column count as an editor
// does, in a file not yet normalized as in a layout: characters, not
// bytes, a byte that is not UTF-8 as one, no column for a byte-order
// mark, and a line ended by LF, CR LF or CR alone.
func TestOffsetPosition(t *testing.T) {
	tests := []struct {
		text              string
		i, firstLine      int
		wantLine, wantCol int
	}{
		{"", 0, 1, 1, 1},
		{"abc", 2, 1, 1, 3},
		{"工会x", 6, 1, 1, 3},
		{"a\nb\nc", 4, 1, 3, 1},
		{"a\nbc", 3, 5, 6, 2},
		{"a\r\nbc", 4, 1, 2, 2},
		{"a\rbc", 3, 1, 2, 2},
		{"a\r\rb", 3, 1, 3, 1},
		{"a\r", 2, 1, 2, 1},
		{"\uFEFFab", 4, 1, 1, 2},
		{"\uFEFFa\nb", 5, 1, 2, 1},
		{"\xff\xfe工x", 5, 1, 1, 4},
		{"ab", -1, 1, 1, 1},
		{"a\nb", 9, 1, 2, 2},
	}
	for _, tt := range tests {
		if line, col := offsetPosition(tt.text, tt.i, tt.firstLine); line != tt.wantLine || col != tt.wantCol {
			t.Errorf("offsetPosition(%q, %d, %d) = %d:%d, want %d:%d", tt.text, tt.i, tt.firstLine, line, col, tt.wantLine, tt.wantCol)
		}
	}
}
