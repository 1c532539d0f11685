package importer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Row is one line of a work schedule (工作安排表).
type Row struct {
	Months []int  // one month, or several for a span such as 七、八月
	Item   string // the work item as written
	Owner  string // optional: a person or "各基层工会", as written
	Day    Date   // optional: a day given in a 完成时间 column
}

// scheduleCol classifies a column head of a schedule table.
func scheduleCol(h string) string {
	switch normKey(h) {
	case "时间", "月份", "月", "日期", "时间安排", "时间节点", "实施时间", "活动时间", "计划时间", "推进时间":
		return "time"
	case "完成时间", "完成时限", "时限":
		return "due"
	case "序号", "编号", "序":
		return "num"
	case "内容", "工作内容", "工作项目", "主要工作", "活动内容", "工作任务", "项目", "工作安排", "主要内容",
		"工作事项", "事项", "活动安排", "重点工作", "活动项目", "主要活动", "活动名称", "工作":
		return "item"
	case "负责人", "责任人", "负责部门", "责任部门", "责任单位", "牵头部门", "负责单位", "牵头单位", "承办部门",
		"负责", "责任科室", "负责科室", "联系人", "主办", "承办", "责任人员", "负责人员", "牵头":
		return "owner"
	case "备注", "说明":
		return "other"
	}
	return ""
}

var (
	reNote      = regexp.MustCompile(`^(?:备\s*注|注)\s*[:：]\s*(.+)$`)
	reInt       = regexp.MustCompile(`^\d{1,3}[.、．]?$`)
	reMonthDay  = regexp.MustCompile(`^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]`)
	reNumItem   = regexp.MustCompile(`^(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[）)])\s*`)
	reInlineNum = regexp.MustCompile(`(?:^|[\s。；;])(\d{1,2}\s*[.、．])`)
	reOwnerTail = regexp.MustCompile(`[（(](?:负责人|责任人|负责|责任部门|责任单位|牵头)\s*[:：]\s*([^（()）]{1,24})[）)]\s*[。；;]?$`)
	reHeadMark  = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[）)])`)
)

func isMonthTok(s string) bool { _, ok := ParseMonths(s); return ok }

// isScheduleStop tells a line that cannot belong to a flattened schedule.
func isScheduleStop(s string) bool {
	if reNote.MatchString(s) || strings.HasPrefix(s, "附件") || runeLen(s) > 200 {
		return true
	}
	if _, f := parseDateOnly(s); f != formNone {
		return true
	}
	if reHeadMark.MatchString(s) && !isMonthTok(s) {
		return true
	}
	return false
}

// monthColumn is the column whose cells give a row's months: the first
// time column, or the first deadline column when there is none. Any other
// time or deadline column gives only the day: a row of 三月 due 4月15日
// stays in March.
func monthColumn(cols []string) int {
	if i := slices.Index(cols, "time"); i >= 0 {
		return i
	}
	return slices.Index(cols, "due")
}

// timeCell reads a month, a month span or a day from a time cell.
func timeCell(s string, year int) ([]int, Date, bool) {
	s = trimSpaceCJK(asciiDigits.Replace(s))
	if d, f := parseDateOnly(s); f != formNone {
		return []int{d.Month}, d, true
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		y := year
		if m[1] != "" {
			y, _ = strconv.Atoi(m[1])
		}
		if mo >= 1 && mo <= 12 {
			var day Date
			if validDate(y, mo, d) {
				day = Date{y, mo, d}
			}
			return []int{mo}, day, true
		}
	}
	if ms, ok := ParseMonths(s); ok {
		return ms, Date{}, true
	}
	return nil, Date{}, false
}

// scheduleFromTable turns a table whose head names a time column and an
// item column into rows. Month cells left empty, or covered by a rowspan,
// carry the month above. It fails on a time cell that is not a month.
func scheduleFromTable(rows [][]string, year int) ([]Row, string, bool) {
	head := -1
	var cols []string
	for i := 0; i < len(rows) && i < 3 && head < 0; i++ {
		var kinds []string
		hasTime, hasItem := false, false
		for _, c := range rows[i] {
			k := scheduleCol(strings.TrimPrefix(c, "\x00"))
			kinds = append(kinds, k)
			hasTime = hasTime || k == "time" || k == "due"
			hasItem = hasItem || k == "item"
		}
		if hasTime && hasItem {
			head, cols = i, kinds
		}
	}
	if head < 0 {
		return nil, "", false
	}
	monthCol := monthColumn(cols)
	var out []Row
	var cur []int
	note := ""
	for _, r := range rows[head+1:] {
		if t := strings.TrimPrefix(r[0], "\x00"); allSame(r) {
			if m := reNote.FindStringSubmatch(t); m != nil {
				note = m[1]
				continue
			}
		}
		var row Row
		for ci, c := range r {
			if ci >= len(cols) {
				break
			}
			cont := strings.HasPrefix(c, "\x00")
			c = trimSpaceCJK(strings.TrimPrefix(c, "\x00"))
			switch cols[ci] {
			case "time", "due":
				if c == "" {
					continue
				}
				ms, day, ok := timeCell(c, year)
				if !ok {
					return nil, "", false
				}
				if ci == monthCol {
					cur = ms
				}
				if !cont && !day.IsZero() {
					row.Day = day
				}
			case "item":
				row.Item = c
			case "owner":
				row.Owner = c
			}
		}
		if row.Item == "" {
			continue
		}
		if cur == nil {
			return nil, "", false
		}
		row.Months = cur
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, "", false
	}
	return out, note, true
}

func allSame(r []string) bool {
	for _, c := range r[1:] {
		if strings.TrimPrefix(c, "\x00") != strings.TrimPrefix(r[0], "\x00") {
			return false
		}
	}
	return true
}

// textIdx lists the indexes of the text blocks not yet consumed.
func textIdx(blocks []block, from int) []int {
	var idx []int
	for i := from; i < len(blocks); i++ {
		if !blocks[i].drop && blocks[i].isText() {
			idx = append(idx, i)
		}
		if blocks[i].kind == blockTable && !blocks[i].drop {
			break
		}
	}
	return idx
}

// scheduleFlat reads a table that was flattened to one cell per line:
// a run of column heads (时间 序号 内容 负责人), then cells in that order.
// A month cell appears only on the first row of its month; an empty
// owner cell simply is not there. It returns the rows and the indexes of
// the blocks used.
func scheduleFlat(blocks []block, at int, year int) ([]Row, string, []int, bool) {
	if c := scheduleCol(blocks[at].text); c == "" || c == "other" || !blocks[at].isText() {
		return nil, "", nil, false
	}
	idx := textIdx(blocks, at)
	var cols []string
	k := 0
	for k < len(idx) {
		c := scheduleCol(blocks[idx[k]].text)
		if c == "" || c == "other" {
			break
		}
		cols = append(cols, c)
		k++
	}
	hasTime, hasItem, hasNum, hasOwner := false, false, false, false
	for _, c := range cols {
		hasTime = hasTime || c == "time" || c == "due"
		hasItem = hasItem || c == "item"
		hasNum = hasNum || c == "num"
		hasOwner = hasOwner || c == "owner"
	}
	if len(cols) < 2 || !hasTime || !hasItem {
		return nil, "", nil, false
	}
	used := append([]int(nil), idx[:k]...)
	monthCol := monthColumn(cols)
	var rows []Row
	var cur []int
	for k < len(idx) {
		start := k
		var row Row
		got, stop, gotNum := false, false, false
		for ci, c := range cols {
			if k >= len(idx) {
				break
			}
			tok := blocks[idx[k]].text
			_, _, isTime := timeCell(tok, year)
			if isScheduleStop(tok) && !((c == "time" || c == "due") && isTime) {
				stop = true
				break
			}
			switch c {
			case "time", "due":
				if ms, day, ok := timeCell(tok, year); ok {
					if ci == monthCol {
						cur = ms
					}
					if !day.IsZero() {
						row.Day = day
					}
					k++
				}
			case "num":
				if reInt.MatchString(tok) {
					k++
					gotNum = true
				}
			case "item":
				if reInt.MatchString(tok) || isMonthTok(tok) {
					break
				}
				row.Item = tok
				got = true
				k++
			case "owner":
				if !got || reInt.MatchString(tok) || isMonthTok(tok) {
					break
				}
				if hasNum || runeLen(tok) <= 12 && !strings.ContainsAny(tok, "，。；,;") {
					if runeLen(tok) <= 30 {
						row.Owner = tok
						k++
					}
				}
			}
		}
		if !got || cur == nil || hasNum && !gotNum {
			k = start
			break
		}
		row.Months = cur
		rows = append(rows, row)
		used = append(used, idx[start:k]...)
		if stop {
			break
		}
	}
	note := ""
	if k < len(idx) {
		if m := reNote.FindStringSubmatch(blocks[idx[k]].text); m != nil {
			note = m[1]
			used = append(used, idx[k])
		}
	}
	_ = hasOwner
	if len(rows) < 2 {
		return nil, "", nil, false
	}
	return rows, note, used, true
}

// monthLine reads "三月：" or "七、八月份：1.… 2.…" and returns the months
// and the text after the colon.
func monthLine(s string) ([]int, string, bool) {
	if ms, ok := ParseMonths(s); ok {
		return ms, "", true
	}
	i := strings.IndexAny(s, ":：")
	if i <= 0 || runeLen(s[:i]) > 12 {
		return nil, "", false
	}
	ms, ok := ParseMonths(s[:i])
	if !ok {
		return nil, "", false
	}
	_, w := firstRune(s[i:])
	return ms, trimSpaceCJK(s[i+w:]), true
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// listItem strips the number of "1.开展…" and splits off a trailing
// "（负责人：X）".
func listItem(s string) Row {
	s = trimSpaceCJK(reNumItem.ReplaceAllString(s, ""))
	var r Row
	if m := reOwnerTail.FindStringSubmatchIndex(s); m != nil {
		r.Owner = trimSpaceCJK(s[m[2]:m[3]])
		s = trimSpaceCJK(s[:m[0]])
	}
	r.Item = s
	return r
}

// splitInline splits "1.开展… 2.召开…" written on one line.
func splitInline(s string) []string {
	locs := reInlineNum.FindAllStringSubmatchIndex(s, -1)
	if len(locs) < 2 {
		return []string{s}
	}
	var out []string
	if pre := trimSpaceCJK(s[:locs[0][2]]); pre != "" {
		return []string{s}
	}
	for i, l := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		out = append(out, trimSpaceCJK(s[l[2]:end]))
	}
	return out
}

// scheduleList reads month lists: a month line ("三月：", "七、八月：")
// followed by numbered items, repeated for at least two months.
func scheduleList(blocks []block, at int) ([]Row, string, []int, bool) {
	if _, _, ok := monthLine(blocks[at].text); !ok || !blocks[at].isText() {
		return nil, "", nil, false
	}
	idx := textIdx(blocks, at)
	var rows []Row
	var used []int
	groups := 0
	k := 0
	for k < len(idx) {
		ms, rest, ok := monthLine(blocks[idx[k]].text)
		if !ok {
			break
		}
		n := 0
		line := idx[k]
		if rest != "" {
			for _, it := range splitInline(rest) {
				r := listItem(it)
				if r.Item != "" {
					r.Months = ms
					rows = append(rows, r)
					n++
				}
			}
		}
		k++
		for k < len(idx) && reNumItem.MatchString(blocks[idx[k]].text) {
			if _, _, isMonth := monthLine(blocks[idx[k]].text); isMonth {
				break
			}
			r := listItem(blocks[idx[k]].text)
			if r.Item != "" {
				r.Months = ms
				rows = append(rows, r)
				n++
			}
			used = append(used, idx[k])
			k++
		}
		if n == 0 {
			k--
			break
		}
		used = append(used, line)
		groups++
	}
	if groups < 2 {
		return nil, "", nil, false
	}
	// Drop rows of a trailing month line that had no items: they were
	// never added; trim used to the consumed groups only.
	note := ""
	if k < len(idx) {
		if m := reNote.FindStringSubmatch(blocks[idx[k]].text); m != nil {
			note = m[1]
			used = append(used, idx[k])
		}
	}
	return rows, note, used, true
}

// extractSchedules finds every schedule in blocks, marks the blocks it
// used as consumed and returns the rows in order.
func extractSchedules(blocks []block, year int) (rows []Row, note string, forms []string) {
	for i := 0; i < len(blocks); i++ {
		b := &blocks[i]
		if b.drop {
			continue
		}
		if b.kind == blockTable {
			rs, n, ok := scheduleFromTable(b.rows, year)
			if !ok {
				continue
			}
			rows = append(rows, rs...)
			b.drop = true
			forms = append(forms, "table")
			if n == "" {
				// a note right below the table
				for j := i + 1; j < len(blocks) && j <= i+2; j++ {
					if blocks[j].drop || !blocks[j].isText() {
						continue
					}
					if m := reNote.FindStringSubmatch(blocks[j].text); m != nil {
						n = m[1]
						blocks[j].drop = true
					}
					break
				}
			}
			if note == "" {
				note = n
			}
			continue
		}
		if rs, n, used, ok := scheduleFlat(blocks, i, year); ok {
			rows = append(rows, rs...)
			markDrop(blocks, used)
			forms = append(forms, "flattened table")
			if note == "" {
				note = n
			}
			continue
		}
		if rs, n, used, ok := scheduleList(blocks, i); ok {
			rows = append(rows, rs...)
			markDrop(blocks, used)
			forms = append(forms, "month list")
			if note == "" {
				note = n
			}
			continue
		}
	}
	return rows, note, forms
}

func markDrop(blocks []block, idx []int) {
	for _, i := range idx {
		blocks[i].drop = true
	}
}
