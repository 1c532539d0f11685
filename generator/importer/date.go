package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without time or zone, written in TOML as a
// local date (2021-03-24).
type Date struct{ Year, Month, Day int }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// cnZero are the ways a zero is written in Chinese-numeral years:
// 〇 (U+3007), ○ (U+25CB), a Latin O, a full-width Ｏ and 零.
const cnZero = "〇○OoＯｏ零"

var cnDigitValue = map[rune]int{
	'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

func cnDigit(r rune) (int, bool) {
	if strings.ContainsRune(cnZero, r) {
		return 0, true
	}
	v, ok := cnDigitValue[r]
	return v, ok
}

// cnSmall parses a Chinese numeral from 1 to 39 as used for months and
// days: 三, 十, 十二, 二十四, 廿四, 三十一, 卅一.
func cnSmall(s string) (int, bool) {
	rs := []rune(s)
	if len(rs) == 0 || len(rs) > 3 {
		return 0, false
	}
	tens, units := 0, 0
	i := 0
	switch {
	case rs[0] == '廿':
		tens, i = 2, 1
	case rs[0] == '卅':
		tens, i = 3, 1
	case rs[0] == '十':
		tens, i = 1, 1
	case len(rs) >= 2 && rs[1] == '十':
		t, ok := cnDigitValue[rs[0]]
		if !ok {
			return 0, false
		}
		tens, i = t, 2
	}
	rest := rs[i:]
	switch len(rest) {
	case 0:
		if tens == 0 {
			return 0, false
		}
	case 1:
		u, ok := cnDigitValue[rest[0]]
		if !ok {
			return 0, false
		}
		units = u
	default:
		return 0, false
	}
	return tens*10 + units, true
}

// asciiDigits maps full-width digits and separators to ASCII so that the
// date patterns below see one alphabet. Used on matching copies only.
var asciiDigits = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "－", "-", "／", "/",
)

var (
	reDateCJK  = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	reDateSep  = regexp.MustCompile(`(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})`)
	reDateHan  = regexp.MustCompile(`([〇○OoＯｏ零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十廿卅]{1,4})\s*[日号]`)
	reTimeTail = regexp.MustCompile(`^(?:\s*(?:T|\s)\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$`)
)

// dateForm tells how a date was written: in Chinese with 年月日 (the
// form of signatures), or as a CMS field (2021-03-24, 2021.03.24).
type dateForm int

const (
	formNone dateForm = iota
	formCJK           // 2021年3月24日 or 二〇二一年三月二十四日
	formISO           // 2021-03-24, 2021/3/24, 2021.03.24
)

type dateMatch struct {
	date       Date
	form       dateForm
	start, end int // byte offsets in the normalised string
}

func findDates(s string) []dateMatch {
	s = asciiDigits.Replace(s)
	var out []dateMatch
	for _, m := range reDateCJK.FindAllStringSubmatchIndex(s, -1) {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		if validDate(y, mo, d) {
			out = append(out, dateMatch{Date{y, mo, d}, formCJK, m[0], m[1]})
		}
	}
	for _, m := range reDateSep.FindAllStringSubmatchIndex(s, -1) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue
		}
		if m[0] > 0 && isASCIIDigit(s[m[0]-1]) || m[1] < len(s) && isASCIIDigit(s[m[1]]) {
			continue
		}
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[6]:m[7]])
		d, _ := strconv.Atoi(s[m[10]:m[11]])
		if validDate(y, mo, d) {
			out = append(out, dateMatch{Date{y, mo, d}, formISO, m[0], m[1]})
		}
	}
	for _, m := range reDateHan.FindAllStringSubmatchIndex(s, -1) {
		y := 0
		ok := true
		for _, r := range s[m[2]:m[3]] {
			v, good := cnDigit(r)
			ok = ok && good
			y = y*10 + v
		}
		mo, ok2 := cnSmall(s[m[4]:m[5]])
		d, ok3 := cnSmall(s[m[6]:m[7]])
		if ok && ok2 && ok3 && validDate(y, mo, d) {
			out = append(out, dateMatch{Date{y, mo, d}, formCJK, m[0], m[1]})
		}
	}
	// Order by position so callers can take the first one written.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func isASCIIDigit(b byte) bool { return b >= '0' && b <= '9' }

// ParseDate parses a string that is exactly one date in any of the forms
// Chinese disclosure pages use: 2021年03月24日, 2021年3月24日, 2021-03-24,
// 2021/3/24, 2021.03.24, full-width digits, and 二〇二一年三月二十四日 with
// 〇, ○ or O as zero. A trailing clock time (2021-03-24 10:30) is allowed.
func ParseDate(s string) (Date, bool) {
	d, form := parseDateOnly(s)
	return d, form != formNone
}

func parseDateOnly(s string) (Date, dateForm) {
	s = strings.TrimSpace(trimSpaceCJK(s))
	ms := findDates(s)
	if len(ms) == 0 {
		return Date{}, formNone
	}
	n := asciiDigits.Replace(s)
	m := ms[0]
	if strings.TrimSpace(n[:m.start]) != "" || !reTimeTail.MatchString(n[m.end:]) {
		return Date{}, formNone
	}
	return m.date, m.form
}

// findDate returns the first date written anywhere in s.
func findDate(s string) (Date, bool) {
	ms := findDates(s)
	if len(ms) == 0 {
		return Date{}, false
	}
	return ms[0].date, true
}

// Month names: 一月 … 十二月 with or without 份, 元月, Arabic 3月, and
// spans: 七、八月, 七八月, 7-8月, 七至九月, 七月至八月.
var (
	reMonthTail = regexp.MustCompile(`(?:份)?(?:上旬|中旬|下旬|初|底|末|中)?$`)
	reYearHead  = regexp.MustCompile(`^\d{4}\s*年\s*`)
)

// ParseMonths parses a month expression as written in work schedules and
// returns the months it covers in order. 十一 and 十二 are matched before
// 一 and 二; 元月 is January; "七、八月" and "7-8月" give [7 8].
func ParseMonths(s string) ([]int, bool) {
	s = strings.TrimSpace(trimSpaceCJK(asciiDigits.Replace(s)))
	s = strings.TrimRight(s, ":：")
	s = strings.TrimSpace(s)
	s = reYearHead.ReplaceAllString(s, "")
	s = reMonthTail.ReplaceAllString(s, "")
	if !strings.HasSuffix(s, "月") {
		return nil, false
	}
	s = strings.TrimSuffix(s, "月")
	if s == "元" {
		return []int{1}, true
	}
	toks, seps, ok := monthTokens(s)
	if !ok || len(toks) == 0 || len(toks) > 12 {
		return nil, false
	}
	var out []int
	for i, t := range toks {
		if i > 0 && seps[i-1] == "range" {
			from := out[len(out)-1]
			if t <= from {
				return nil, false
			}
			for m := from + 1; m <= t; m++ {
				out = append(out, m)
			}
			continue
		}
		if len(out) > 0 && t <= out[len(out)-1] {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// monthTokens splits "七、八" / "7-8" / "十一、十二" / "七八" into month
// numbers and the separators between them ("list" or "range").
func monthTokens(s string) (toks []int, seps []string, ok bool) {
	rs := []rune(s)
	i := 0
	expectNum := true
	for i < len(rs) {
		r := rs[i]
		switch {
		case r == ' ' || r == '\u3000':
			i++
			continue
		case expectNum && r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			v, _ := strconv.Atoi(string(rs[i:j]))
			if v < 1 || v > 12 || j-i > 2 {
				return nil, nil, false
			}
			toks = append(toks, v)
			i = j
			// An optional 月 between range ends: 7月-8月.
			if i < len(rs) && rs[i] == '月' {
				i++
			}
			expectNum = false
		case expectNum && (r == '十' || cnDigitValue[r] > 0):
			// 十一 and 十二 first, then 十, then a single digit.
			v, n := 0, 0
			switch {
			case r == '十' && i+1 < len(rs) && rs[i+1] == '一':
				v, n = 11, 2
			case r == '十' && i+1 < len(rs) && rs[i+1] == '二':
				v, n = 12, 2
			case r == '十':
				v, n = 10, 1
			default:
				v, n = cnDigitValue[r], 1
			}
			toks = append(toks, v)
			i += n
			if i < len(rs) && rs[i] == '月' {
				i++
			}
			expectNum = false
			// Run-on "七八月": a digit directly after a digit is a list.
			if i < len(rs) && (cnDigitValue[rs[i]] > 0 || rs[i] == '十') {
				seps = append(seps, "list")
				expectNum = true
			}
		case !expectNum && strings.ContainsRune("、,，/和及", r):
			seps = append(seps, "list")
			expectNum = true
			i++
		case !expectNum && strings.ContainsRune("-－~～—–至到", r):
			seps = append(seps, "range")
			expectNum = true
			i++
			for i < len(rs) && (rs[i] == '—' || rs[i] == '-') {
				i++
			}
		default:
			return nil, nil, false
		}
	}
	if expectNum && len(toks) > 0 {
		return nil, nil, false
	}
	return toks, seps, len(toks) > 0
}

// trimSpaceCJK trims ASCII white space, U+3000 and no-break spaces.
func trimSpaceCJK(s string) string {
	return strings.TrimFunc(s, isSpaceCJK)
}

func isSpaceCJK(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' ||
		r == '\u3000' || r == '\u00a0' || r == '\ufeff' || r == '\u200b'
}
