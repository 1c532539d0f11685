package importer

import (
	"regexp"
	"strings"
)

// header holds what the metadata table above a disclosure page gave.
type header struct {
	index, issuer, category, number, genre string
	title                                  string
	keywords                               []string
	date                                   Date
	dateRaw                                string
	pubdate                                Date
	seen                                   []string // labels found, in order
}

// headerLabels are the labels of a disclosure page's key/value table,
// longest first so that 发文字号 wins over 文号. Keys starting with "-"
// are recognised only so that they end the value before them.
var headerLabels = []struct{ label, key string }{
	{"索引号", "index"},
	{"发布机构", "issuer"}, {"发文机关", "issuer"}, {"发文单位", "issuer"}, {"发布单位", "issuer"},
	{"发文日期", "date"}, {"成文日期", "date"}, {"印发日期", "date"},
	{"发布日期", "pubdate"}, {"发布时间", "pubdate"}, {"公开日期", "pubdate"}, {"公开时间", "pubdate"},
	{"主题分类", "category"}, {"信息分类", "category"}, {"分类", "category"},
	{"关键词", "keywords"}, {"主题词", "keywords"},
	{"发文字号", "number"}, {"文号", "number"},
	{"体裁分类", "genre"}, {"文种", "genre"}, {"体裁", "genre"},
	{"有效性", "-"}, {"信息来源", "-"}, {"来源", "-"}, {"作者", "-"}, {"浏览次数", "-"}, {"访问次数", "-"},
	{"点击数", "-"}, {"阅读次数", "-"}, {"公开方式", "-"}, {"公开范围", "-"}, {"时效", "-"},
	{"信息名称", "title"}, {"名称", "title"}, {"标题", "title"},
}

var (
	labelKey     = map[string]string{}
	reLabelColon *regexp.Regexp // a label followed by a colon
	reLabelBare  *regexp.Regexp // a line that is only a label
	reLabelStart *regexp.Regexp // a line starting with a label and colon
)

const labelSpace = `[\s\x{3000}\x{00A0}]*`

func init() {
	var alts []string
	for _, l := range headerLabels {
		labelKey[l.label] = l.key
		var parts []string
		for _, r := range l.label {
			parts = append(parts, regexp.QuoteMeta(string(r)))
		}
		alts = append(alts, strings.Join(parts, labelSpace))
	}
	alt := "(" + strings.Join(alts, "|") + ")"
	reLabelColon = regexp.MustCompile(alt + labelSpace + `[:：]`)
	reLabelBare = regexp.MustCompile(`^` + alt + labelSpace + `[:：]?$`)
	reLabelStart = regexp.MustCompile(`^[【\[]?` + alt + labelSpace + `[】\]]?` + labelSpace + `[:：]`)
}

func labelOf(m string) string {
	var b strings.Builder
	for _, r := range m {
		if !isSpaceCJK(r) && r != ':' && r != '：' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type kv struct{ key, label, value string }

// splitHeaderLine splits "索引号: X 发布机构: Y" into pairs. The line must
// start with a label and a colon, or be a bare label.
func splitHeaderLine(s string) ([]kv, bool) {
	s = trimSpaceCJK(s)
	if m := reLabelBare.FindStringSubmatch(s); m != nil {
		l := labelOf(m[1])
		return []kv{{labelKey[l], l, ""}}, true
	}
	if !reLabelStart.MatchString(s) {
		return nil, false
	}
	locs := reLabelColon.FindAllStringSubmatchIndex(s, -1)
	var out []kv
	for i, loc := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		l := labelOf(s[loc[2]:loc[3]])
		v := trimSpaceCJK(strings.Trim(trimSpaceCJK(s[loc[1]:end]), "【】[]|｜"))
		out = append(out, kv{labelKey[l], l, v})
	}
	return out, len(out) > 0
}

var (
	reIndexLike  = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z\-_./／\s]{3,60}$`)
	reNumberLike = regexp.MustCompile(`^\S.{0,20}[〔﹝\[［【〖(（]\s*\d{4}\s*[〕﹞\]］】〗)）]\s*第?\s*\d+\s*号$`)
)

// isNumber tells whether s is written as a document number (文号), such
// as 示教工〔2024〕7号: offices type the brackets as 〔〕 or as any of
// their look-alikes (﹝﹞ most often), and the digits full-width or not.
func isNumber(s string) bool { return reNumberLike.MatchString(asciiDigits.Replace(s)) }

// valueFits tells whether a following line can be the value of a label
// that had none on its own line (tables flattened one cell per line).
func valueFits(key, v string) bool {
	if v == "" || reLabelStart.MatchString(v) || reLabelBare.MatchString(v) {
		return false
	}
	switch key {
	case "index":
		return reIndexLike.MatchString(v) && strings.ContainsAny(v, "0123456789")
	case "date", "pubdate":
		_, ok := findDate(v)
		return ok && runeLen(v) <= 30
	case "number":
		return isNumber(v)
	case "title":
		return runeLen(v) <= 100
	case "issuer", "category", "genre":
		return runeLen(v) <= 30 && !strings.ContainsAny(v, "。，,；;！？") && !strings.HasPrefix(v, "关于")
	}
	return false
}

// parseHeader reads the metadata header from the first blocks of a page
// (limit bounds the search) and marks the blocks it used as dropped.
func parseHeader(blocks []block, limit int) header {
	var h header
	if limit > len(blocks) {
		limit = len(blocks)
	}
	set := func(p kv) {
		if p.key == "" || p.key == "-" {
			return
		}
		h.seen = append(h.seen, p.label)
		v := p.value
		switch p.key {
		case "index":
			v = strings.Join(strings.Fields(strings.ReplaceAll(v, "\u3000", " ")), "")
			v = strings.ReplaceAll(v, "／", "/")
			if h.index == "" {
				h.index = v
			}
		case "issuer":
			if h.issuer == "" {
				h.issuer = v
			}
		case "category":
			if h.category == "" {
				h.category = v
			}
		case "number":
			if h.number == "" {
				h.number = v
			}
		case "title":
			if h.title == "" {
				h.title = v
			}
		case "genre":
			if h.genre == "" {
				h.genre = v
			}
		case "keywords":
			if len(h.keywords) == 0 {
				h.keywords = splitKeywords(v)
			}
		case "date":
			if d, ok := findDate(v); ok && h.date.IsZero() {
				h.date, h.dateRaw = d, v
			}
		case "pubdate":
			if d, ok := findDate(v); ok && h.pubdate.IsZero() {
				h.pubdate = d
			}
		}
	}
	for i := 0; i < limit; i++ {
		b := &blocks[i]
		if b.drop || !b.isText() {
			continue
		}
		pairs, ok := splitHeaderLine(b.text)
		if !ok {
			continue
		}
		b.drop = true
		last := &pairs[len(pairs)-1]
		if last.value == "" && last.key != "keywords" && last.key != "-" {
			// The value may sit on the next line.
			for j := i + 1; j < len(blocks) && j <= i+2; j++ {
				nb := &blocks[j]
				if nb.drop || !nb.isText() {
					continue
				}
				if valueFits(last.key, nb.text) {
					last.value = nb.text
					nb.drop = true
				}
				break
			}
		}
		for _, p := range pairs {
			set(p)
		}
	}
	return h
}

func splitKeywords(v string) []string {
	f := strings.FieldsFunc(v, func(r rune) bool {
		return isSpaceCJK(r) || strings.ContainsRune(",，、;；|/", r)
	})
	var out []string
	seen := map[string]bool{}
	for _, k := range f {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
