package generator

import "testing"

func TestOrgCodeCheckDigit(t *testing.T) {
	// The three worked examples of GB 11714; some published code gets them wrong.
	for _, code := range []string{"00001434-9", "71781755-2", "01527918-X", "000014349"} {
		if msg := CheckOrgCode(code); msg != "" {
			t.Errorf("CheckOrgCode(%q) = %q, want no warning", code, msg)
		}
	}
	tests := []struct{ code, want string }{
		{"00001434-8", `organization code "00001434-8" fails the GB 11714 check: the check character should be 9 (check the code; early codes can fail and still be real)`},
		{"0000143a-9", `organization code "0000143a-9" fails the GB 11714 check: the check character should be 8 (check the code; early codes can fail and still be real)`},
		{"0000143*-9", `organization code "0000143*-9" has characters outside 0-9 and A-Z (check it against the certificate)`},
		{"91350100M000100Y43", ""},
		{"91350100M000100Y44", `credit code "91350100M000100Y44" fails the GB 32100 check: the last character should be 3 (check the code)`},
		{"71781755-X", `organization code "71781755-X" fails the GB 11714 check: the check character should be 2 (check the code; early codes can fail and still be real)`},
		{"ABC", ""},
	}
	for _, tt := range tests {
		if got := CheckOrgCode(tt.code); got != tt.want {
			t.Errorf("CheckOrgCode(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
