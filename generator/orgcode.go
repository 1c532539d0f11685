package generator

import (
	"fmt"
	"strconv"
	"strings"
)

// orgCodeCheckDigit computes the GB 11714-1997 check character of the
// 8-character body of an organization code, or returns false when the
// body has characters outside 0-9 and A-Z.
func orgCodeCheckDigit(body string) (byte, bool) {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	if len(body) != 8 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, false
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + c), true
	}
}

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeCheckChar computes the GB 32100-2015 check character of the
// 17-character body of a unified social credit code.
func creditCodeCheckChar(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * w
		w = w * 3 % 31
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditAlphabet[c], true
}

// CheckOrgCode returns a warning text when code is an organization code
// or credit code whose check character is wrong, and "" otherwise. Some
// early codes fail the check yet are real, so this is never an error.
func CheckOrgCode(code string) string {
	plain := strings.ReplaceAll(strings.ToUpper(code), "-", "")
	switch len(plain) {
	case 9:
		want, ok := orgCodeCheckDigit(plain[:8])
		if !ok {
			return fmt.Sprintf("organization code %q has characters outside 0-9 and A-Z (check it against the certificate)", code)
		}
		if plain[8] != want {
			return fmt.Sprintf("organization code %q fails the GB 11714 check: the check character should be %c (check the code; early codes can fail and still be real)", code, want)
		}
	case 18:
		want, ok := creditCodeCheckChar(plain[:17])
		if !ok {
			return fmt.Sprintf("credit code %q has characters outside the GB 32100 alphabet (check it against the certificate)", code)
		}
		if plain[17] != want {
			return fmt.Sprintf("credit code %q fails the GB 32100 check: the last character should be %c (check the code)", code, want)
		}
	}
	return ""
}

// IndexWarnings returns what check warns of an index number in a
// document dated in year (0 when it has no date): a year after the code
// that is not the date's, and a code before the slash, organization code
// or credit code, that fails its check character. The importer asks it
// too, so that it makes a draft of every document check would warn of.
func IndexWarnings(index string, year int) []string {
	code, tail, ok := strings.Cut(index, "/")
	if !ok {
		return nil
	}
	var warnings []string
	if year != 0 && len(tail) >= 4 && tail[:4] != strconv.Itoa(year) && isDigits(tail[:4]) {
		warnings = append(warnings, fmt.Sprintf("index %q has year %s but the date is in %d (check the index or the date)", index, tail[:4], year))
	}
	if msg := CheckOrgCode(code); msg != "" {
		warnings = append(warnings, "index: "+msg)
	}
	return warnings
}
