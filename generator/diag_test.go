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
