package importer

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator"
)

// Site is what the importer knows of the archive: the names its
// config.toml declares and, when LoadSite read it, its documents.
type Site struct {
	Categories, Issuers []string          // declared names
	IssuerCodes         map[string]string // issuer name → organization code; may be empty
	// IndexPattern is the site's index_pattern; empty means the national
	// shape <org-code>/<YYYY>-<NNNNN>.
	IndexPattern string

	// Dir is the site folder, when known: a walk keeps out of its
	// content, output and theme.
	Dir string
	// indexes and addresses are those of the site's documents, drafts
	// included, and paths those of its files: an imported document
	// keeps off them. indexes maps an index number to the file that has
	// it, as a path from the working folder like the reports'.
	indexes   map[string]string
	addresses generator.Addresses
	paths     generator.Paths
}

// Result is what one source gave: usually one document, several when a
// page holds a collection ("…篇1", "…篇2", or one title repeated).
type Result struct {
	Encoding string      // "UTF-8", "UTF-8 with BOM", "GB18030", …
	Notes    []string    // what decoding did (encoding detected, line endings)
	Docs     []*Document // at least one unless Convert failed
}

// Attachment is a file listed by a document.
type Attachment struct {
	Title string
	File  string // relative to the document's folder, e.g. files/2021-00055-1.pdf
	From  string // the file found beside the source, copied to File by Import
	data  []byte // From's bytes, as Import read them
}

// Document is one imported document: its front matter and body.
type Document struct {
	Title, Index, Issuer, Category, Genre, Number, Summary string
	Date                                                   Date
	Keywords                                               []string
	Draft                                                  bool
	ScheduleNote                                           string
	Attachments                                            []Attachment
	Schedule                                               []Row

	Slug   string // file name without .md, ASCII [a-z0-9-]
	Year   int    // folder under content/; 0 when no year was found
	Source string // base name of the source file

	Found  []string // what was recognised, for the report
	Review []string // what a person must check; non-empty means Draft

	blocks   []block
	listed   []listedAttachment
	reviews  []string // fixed reviews; Review adds attachment and index checks
	extra    []string // reviews added by Import
	slugBase string
}

type listedAttachment struct {
	n       int
	title   string
	href    string
	inline  bool  // its text follows in the page (附件1:)
	blocks  []int // blocks that hold the list
	matched bool
}

// Convert turns one saved page into documents. It is pure: it reads
// nothing but src; name is used for the format (.txt, .html, .htm), the
// slug when it is ASCII, and the report.
func Convert(name string, src []byte, site Site) (Result, error) {
	text, enc, notes, err := decode(src)
	res := Result{Encoding: enc, Notes: notes}
	if err != nil {
		return res, err
	}
	// The decoders put U+FFFD for bytes they could not read, and a page
	// may hold it already: either way, characters of the text are lost.
	undecoded := strings.Count(text, "\uFFFD")
	base := filepath.Base(name)
	ext := strings.ToLower(filepath.Ext(name))
	var blocks []block
	var pageTitle string
	var links []link
	meta := map[string]string{}
	isHTML := ext == ".html" || ext == ".htm" || looksHTML(text)
	if isHTML {
		blocks, pageTitle, links, meta = htmlToBlocks(text)
		blocks = flattenMetaTables(blocks)
	} else {
		blocks = textToBlocks(text)
	}
	if len(blocks) == 0 {
		return res, fmt.Errorf("no text found")
	}
	var found []string
	noisy := splitNoisy(blocks)
	if noisy {
		blocks = splitNoisyBlocks(blocks)
	}
	h := parseHeader(blocks, 60)
	// Article <meta> tags of the 2017 government-website guideline.
	if h.title == "" && meta["articletitle"] != "" {
		h.title = meta["articletitle"]
		h.seen = append(h.seen, "ArticleTitle")
	}
	if d, ok := findDate(meta["pubdate"]); ok && h.pubdate.IsZero() {
		h.pubdate = d
		h.seen = append(h.seen, "PubDate")
	}
	metaSource := meta["contentsource"]
	chrome := markChrome(blocks)

	// A standalone document number (徐工教〔2018〕2号) above the title.
	for i, n := 0, 0; i < len(blocks) && n < 12; i++ {
		b := &blocks[i]
		if b.drop || !b.isText() {
			continue
		}
		n++
		if isNumber(b.text) && runeLen(b.text) <= 30 {
			if h.number == "" {
				h.number = b.text
			}
			b.drop = true
			break
		}
	}

	title, ti, how := findTitle(blocks, h, pageTitle, meta["sitename"], isHTML)
	dropped := 0
	if ti >= 0 {
		for i := 0; i < ti; i++ {
			if !blocks[i].drop {
				blocks[i].drop = true
				dropped++
			}
		}
		blocks[ti].drop = true
	}
	// Trailing lines repeating the title (template sites print it again).
	for i := len(blocks) - 1; i > ti; i-- {
		if blocks[i].drop {
			continue
		}
		if title != "" && normKey(cleanTitle(blocks[i].text)) == normKey(title) {
			blocks[i].drop = true
			continue
		}
		break
	}
	// A date right under the title is the page's publication date.
	pub := h.pubdate
	for i, n := ti+1, 0; i < len(blocks) && n < 3; i++ {
		if blocks[i].drop || !blocks[i].isText() {
			continue
		}
		n++
		if d, f := parseDateOnly(blocks[i].text); f != formNone {
			if pub.IsZero() {
				pub = d
			}
			blocks[i].drop = true
			break
		}
	}

	parts := splitParts(blocks, ti, title)
	if chrome > 0 {
		found = append(found, fmt.Sprintf("dropped %d lines of site chrome", chrome))
	}
	if dropped > 0 {
		found = append(found, fmt.Sprintf("dropped %d lines above the title", dropped))
	}
	if len(parts) > 1 && parts[0].intro > 0 {
		found = append(found, fmt.Sprintf("dropped %d lines of introduction before the first document", parts[0].intro))
	}

	for k, p := range parts {
		d := &Document{Source: base}
		d.blocks = make([]block, len(p.blocks))
		copy(d.blocks, p.blocks)
		d.Found = append(d.Found, found...)
		if len(parts) > 1 {
			d.Found = append(d.Found, fmt.Sprintf("document %d of %d in the source", k+1, len(parts)))
		}
		d.Title = p.title
		if how != "关于…的通知 line" && how != "标题 field" && how != "page heading" && how != "page <title>" && d.Title != "" {
			d.reviews = append(d.reviews, "title was taken from the first heading-like line ("+how+"): check it")
		}
		if d.Title == "" {
			d.reviews = append(d.reviews, "no title found")
		}
		if d.Title != "" {
			d.Found = append(d.Found, fmt.Sprintf("title %q (%s)", d.Title, how))
		}
		d.fill(h, pub, site, len(parts), metaSource)
		if noisy {
			d.Found = append(d.Found, "rejoined text broken by extraction")
			d.reviews = append(d.reviews, "the source text was broken by extraction (split lines, stray spaces): proofread the body")
		}
		d.attachmentList(links)
		if d.hasPlaceholders() {
			d.reviews = append(d.reviews, `the text holds template placeholders ("xx"): fill them in or drop the document`)
		}
		if undecoded > 0 {
			d.reviews = append(d.reviews, undecodedReview(undecoded))
		}
		res.Docs = append(res.Docs, d)
	}
	// Slugs.
	for k, d := range res.Docs {
		d.slugBase = slugFor(d, base, site)
		d.Slug = d.slugBase
		if len(res.Docs) > 1 {
			d.Slug = fmt.Sprintf("%s-%d", d.slugBase, k+1)
		}
		d.finish(site)
	}
	return res, nil
}

func undecodedReview(n int) string {
	if n == 1 {
		return "the text holds 1 character that could not be decoded (shown as \uFFFD): correct it from the original"
	}
	return fmt.Sprintf("the text holds %d characters that could not be decoded (shown as \uFFFD): correct them from the original", n)
}

func looksHTML(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(t, "<!doctype html") || strings.HasPrefix(t, "<html")
}

// flattenMetaTables turns a table that carries header labels into
// "label：value" lines the header parser reads.
func flattenMetaTables(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		if b.kind != blockTable || !isMetaTable(b.rows) {
			out = append(out, b)
			continue
		}
		for _, r := range b.rows {
			var parts []string
			for _, c := range r {
				if strings.HasPrefix(c, "\x00") {
					continue
				}
				c = trimSpaceCJK(c)
				if c == "" {
					continue
				}
				if reLabelBare.MatchString(c) && !strings.ContainsAny(c, ":：") {
					c += "："
				}
				parts = append(parts, c)
			}
			if len(parts) > 0 {
				out = append(out, block{kind: blockPara, text: strings.Join(parts, " ")})
			}
		}
	}
	return out
}

func isMetaTable(rows [][]string) bool {
	n := 0
	for _, r := range rows {
		for _, c := range r {
			c = trimSpaceCJK(strings.TrimPrefix(c, "\x00"))
			if reLabelBare.MatchString(c) || reLabelStart.MatchString(c) {
				n++
			}
		}
	}
	return n >= 2
}

var (
	reCJKSpace   = regexp.MustCompile(`[\p{Han}，。、；：“”（）《》][ \x{3000}]+[\p{Han}，。、；：“”（）《》]`)
	reNoiseSplit = regexp.MustCompile(`[ \x{3000}]+(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.．、]\s*\p{Han})`)
)

// splitNoisy tells whether the text has the marks of extraction from a
// PDF or a document viewer: long lines with spaces inside sentences.
func splitNoisy(blocks []block) bool {
	for _, b := range blocks {
		if b.kind == blockPara && runeLen(b.text) > 150 && len(reCJKSpace.FindAllStringIndex(b.text, -1)) >= 3 {
			return true
		}
	}
	return false
}

// splitNoisyBlocks splits such lines before headings and numbered items
// that follow a space, and removes the spaces between Chinese characters.
func splitNoisyBlocks(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		if b.kind != blockPara || runeLen(b.text) <= 150 || len(reCJKSpace.FindAllStringIndex(b.text, -1)) < 3 {
			out = append(out, b)
			continue
		}
		t := b.text
		var pieces []string
		prev := 0
		for _, l := range reNoiseSplit.FindAllStringIndex(t, -1) {
			pieces = append(pieces, t[prev:l[0]])
			prev = l[0]
		}
		pieces = append(pieces, t[prev:])
		for _, p := range pieces {
			if p = trimSpaceCJK(p); p != "" {
				out = append(out, block{kind: blockPara, text: joinCJK(p)})
			}
		}
	}
	return out
}

// joinCJK removes spaces between two Chinese characters or punctuation.
func joinCJK(s string) string {
	rs := []rune(s)
	var b strings.Builder
	cjk := func(r rune) bool {
		return isHan(r) || strings.ContainsRune("，。、；：“”（）《》！？,;:()", r)
	}
	for i := 0; i < len(rs); i++ {
		if rs[i] == ' ' || rs[i] == '\u3000' {
			j := i
			for j < len(rs) && (rs[j] == ' ' || rs[j] == '\u3000') {
				j++
			}
			if i > 0 && j < len(rs) && cjk(rs[i-1]) && cjk(rs[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

var chromeShort = []string{"浏览次数", "访问次数", "点击数", "点击率", "阅读次数", "阅读量", "【字体", "字体：大", "字号：", "【打印",
	"【关闭", "打印本页", "关闭窗口", "下载文档", "上一篇", "下一篇", "相关文章", "相关链接", "相关阅读", "推荐阅读", "您可能关注",
	"查看更多", "分享到", "当前位置", "您的位置", "您现在的位置", "所在位置", "申明敬告", "文档介绍", "版权所有", "Copyright",
	"ICP备", "扫一扫", "返回顶部", "网站地图", "收藏本站", "设为首页", "推荐度", "推荐内容", "推荐文章", "热门文章", "最新文章",
	"责任编辑", "【大 中 小】", "【大中小】"}

var chromeAnywhere = []string{"本站", "小编", "为您推荐", "为大家精心", "为大家整理", "为大家收集", "希望对大家有所帮助", "Word文档下载"}

var tailMarkers = []string{"相关文章", "上一篇", "下一篇", "您可能关注", "推荐文章", "推荐内容", "推荐阅读", "下载文档", "查看更多",
	"相关链接", "相关阅读", "将本文的Word文档下载", "热门文章", "最新文章"}

var (
	reURLLine = regexp.MustCompile(`^(?:https?://|www\.)\S+$`)
	reDocLine = regexp.MustCompile(`^《[^》]+\.(?:doc|docx|pdf|wps|txt)》$`)
)

func isChrome(s string) bool {
	if reURLLine.MatchString(s) || reDocLine.MatchString(s) {
		return true
	}
	if strings.Contains(s, ">>") || strings.Contains(s, "»") || strings.Count(s, " > ") >= 2 || strings.Contains(s, "首页 >") || strings.Contains(s, "首页>") {
		return runeLen(s) <= 80
	}
	for _, c := range chromeAnywhere {
		if strings.Contains(s, c) {
			return true
		}
	}
	if runeLen(s) <= 40 {
		for _, c := range chromeShort {
			if strings.Contains(s, c) {
				return true
			}
		}
	}
	return false
}

// markChrome drops site chrome lines and cuts the page tail that starts
// at "相关文章", "上一篇" and the like.
func markChrome(blocks []block) int {
	n := 0
	cut := -1
	for i := len(blocks) / 2; i < len(blocks); i++ {
		b := blocks[i]
		if b.drop || !b.isText() {
			continue
		}
		for _, m := range tailMarkers {
			if strings.HasPrefix(b.text, m) {
				cut = i
				break
			}
		}
		if cut >= 0 {
			break
		}
	}
	for i := range blocks {
		b := &blocks[i]
		if b.drop {
			continue
		}
		if cut >= 0 && i >= cut || b.isText() && isChrome(b.text) {
			b.drop = true
			n++
		}
	}
	// Lines left dangling at the very end: URLs, file names.
	for i := len(blocks) - 1; i >= 0; i-- {
		if blocks[i].drop {
			continue
		}
		if blocks[i].isText() && (reURLLine.MatchString(blocks[i].text) || reDocLine.MatchString(blocks[i].text)) {
			blocks[i].drop = true
			n++
			continue
		}
		break
	}
	return n
}

var (
	reGuanyu   = regexp.MustCompile(`^(?:\S{0,30})?关于.{2,100}(?:通知|意见|决定|决议|命令|公报|公告|通告|通报|报告|请示|批复|议案|函|纪要|方案|办法|规定|细则|计划|总结|要点|安排|规划|公示|报告)(?:[（(][^）)]{1,20}[）)])?$`)
	reGenreish = regexp.MustCompile(`(?:通知|意见|决定|决议|公报|公告|通告|通报|报告|请示|批复|议案|函|纪要|计划|要点|总结|方案|规划|办法|规定|细则|讲话|简报|公示|安排|年报|制度|章程|条例)`)
	reSiteName = regexp.MustCompile(`^.{1,10}(?:网|网站|文库|频道|之家)$`)
	reBadEnd   = regexp.MustCompile(`[。，；：:,;！？!?、]$`)
	reTitleTag = regexp.MustCompile(`【[^】]{1,6}】$`)
)

func headingLike(s string) bool {
	n := runeLen(s)
	if n < 4 || n > 60 || reBadEnd.MatchString(s) || reHeadMark.MatchString(s) || reNumItem.MatchString(s) {
		return false
	}
	if _, f := parseDateOnly(s); f != formNone {
		return false
	}
	if reLabelStart.MatchString(s) || reURLLine.MatchString(s) || strings.Contains(s, "。") {
		return false
	}
	if isNumber(s) || reNote.MatchString(s) || strings.HasPrefix(s, "附件") {
		return false
	}
	return true
}

func cleanTitle(s string) string {
	s = trimSpaceCJK(s)
	s = trimSpaceCJK(reTitleTag.ReplaceAllString(s, ""))
	return s
}

// findTitle picks the title and its block (-1 when it is not a block).
func findTitle(blocks []block, h header, pageTitle, siteName string, isHTML bool) (string, int, string) {
	limit := 40
	if isHTML {
		limit = 120
	}
	var cand []int
	for i := 0; i < len(blocks) && len(cand) < limit; i++ {
		if !blocks[i].drop && blocks[i].isText() {
			cand = append(cand, i)
		}
	}
	if h.title != "" {
		for _, i := range cand {
			if normKey(blocks[i].text) == normKey(h.title) {
				return cleanTitle(blocks[i].text), i, "标题 field"
			}
		}
		return cleanTitle(h.title), -1, "标题 field"
	}
	for _, i := range cand {
		t := blocks[i].text
		if reGuanyu.MatchString(t) && !strings.ContainsAny(t, "。；") && !strings.HasPrefix(t, "根据") {
			return cleanTitle(t), i, "关于…的通知 line"
		}
	}
	pt := cleanPageTitle(pageTitle)
	site := siteNameOf(pageTitle, siteName)
	if isHTML && pt != "" {
		for _, i := range cand {
			if normKey(blocks[i].text) == normKey(pt) && normKey(pt) != normKey(site) {
				return cleanTitle(blocks[i].text), i, "page <title>"
			}
		}
	}
	if isHTML {
		for lvl := 1; lvl <= 3; lvl++ {
			for _, i := range cand {
				b := blocks[i]
				if b.kind == blockHeading && b.level == lvl && headingLike(b.text) && !reSiteName.MatchString(b.text) &&
					(site == "" || normKey(b.text) != normKey(site)) {
					return cleanTitle(b.text), i, "page heading"
				}
			}
		}
	}
	for k, i := range cand {
		t := blocks[i].text
		if k < 15 && headingLike(t) && !reSiteName.MatchString(t) && reGenreish.MatchString(t) {
			return cleanTitle(t), i, "first heading-like line naming a genre"
		}
	}
	if pt != "" && normKey(pt) != normKey(site) {
		return pt, -1, "page <title>, not found in the text"
	}
	for _, i := range cand {
		t := blocks[i].text
		if headingLike(t) && !reSiteName.MatchString(t) && (site == "" || normKey(t) != normKey(site)) {
			return cleanTitle(t), i, "first heading-like line"
		}
	}
	return "", -1, ""
}

var titleSeps = []string{" - ", " – ", " — ", "_", "|", "｜", "——", "—", "-"}

// cleanPageTitle is the document part of a <title> such as
// "关于…的通知_通知公告_示范区教育工会" or "关于…的通知 - 示范区教育工会".
func cleanPageTitle(s string) string {
	s = trimSpaceCJK(s)
	for _, sep := range titleSeps {
		i := strings.Index(s, sep)
		if sep == "-" {
			i = strings.LastIndex(s, sep)
			if i > 0 && isASCIIDigit(s[i-1]) {
				continue
			}
		}
		if i > 0 {
			s = s[:i]
			break
		}
	}
	return cleanTitle(s)
}

// siteNameOf is the site's name: the SiteName meta tag, else the last
// part of the <title>.
func siteNameOf(pageTitle, meta string) string {
	if meta != "" {
		return meta
	}
	for _, sep := range titleSeps {
		if i := strings.LastIndex(pageTitle, sep); i > 0 {
			if sep == "-" && isASCIIDigit(pageTitle[i-1]) {
				continue
			}
			return trimSpaceCJK(pageTitle[i+len(sep):])
		}
	}
	return ""
}

type part struct {
	title  string
	blocks []block
	intro  int
}

var rePart = regexp.MustCompile(`^(.{2,60}?)\s*篇\s*(\d{1,2})$`)

// splitParts splits the body after the title into documents: at lines
// "<prefix>篇N" (N = 1, 2, …), or at repeats of the title.
func splitParts(blocks []block, ti int, title string) []part {
	body := blocks[ti+1:]
	if ti < 0 {
		body = blocks
	}
	var marks []int
	var prefix string
	for i, b := range body {
		if b.drop || !b.isText() {
			continue
		}
		m := rePart.FindStringSubmatch(b.text)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if len(marks) == 0 && n == 1 || len(marks) > 0 && m[1] == prefix && n == len(marks)+1 {
			prefix = m[1]
			marks = append(marks, i)
		}
	}
	byTitle := false
	if len(marks) < 2 && title != "" {
		marks = nil
		for i, b := range body {
			if !b.drop && b.isText() && normKey(cleanTitle(b.text)) == normKey(title) {
				marks = append(marks, i)
			}
		}
		byTitle = true
	}
	if len(marks) < 2 {
		// A single repeat of the title near the top is dropped.
		for _, i := range marks {
			body[i].drop = true
		}
		return []part{{title: title, blocks: body}}
	}
	var parts []part
	intro := 0
	for _, b := range body[:marks[0]] {
		if !b.drop {
			intro++
		}
	}
	for k, m := range marks {
		end := len(body)
		if k+1 < len(marks) {
			end = marks[k+1]
		}
		t := title
		if !byTitle {
			t = cleanTitle(body[m].text)
		}
		parts = append(parts, part{title: t, blocks: body[m+1 : end], intro: intro})
	}
	return parts
}

// fill sets the metadata fields of d from the header, the signature and
// the schedule, recording what was found and what needs review.
func (d *Document) fill(h header, pub Date, site Site, nparts int, metaSource string) {
	d.Index, d.Issuer, d.Category, d.Number, d.Keywords = h.index, h.issuer, h.category, h.number, h.keywords
	if len(h.seen) > 0 {
		d.Found = append(d.Found, "header: "+strings.Join(uniq(h.seen), " "))
	}
	// Signature: the last 年月日 date alone on a line, with the line
	// above it naming the body that signed.
	sigDate, sigName := Date{}, ""
	for i, b := range d.blocks {
		if b.drop || !b.isText() {
			continue
		}
		dd, f := parseDateOnly(b.text)
		if f != formCJK {
			continue
		}
		name := ""
		for j := i - 1; j >= 0; j-- {
			if d.blocks[j].drop || !d.blocks[j].isText() {
				continue
			}
			if t := d.blocks[j].text; runeLen(t) <= 30 && !reBadEnd.MatchString(t) && !reHeadMark.MatchString(t) && !reNumItem.MatchString(t) {
				name = t
			}
			break
		}
		if sigDate.IsZero() || name != "" {
			sigDate, sigName = dd, name
		}
		if name != "" {
			break
		}
	}
	switch {
	case !h.date.IsZero():
		d.Date = h.date
		d.Found = append(d.Found, "date "+d.Date.String()+" (header)")
	case !sigDate.IsZero():
		d.Date = sigDate
		d.Found = append(d.Found, "date "+d.Date.String()+" (signature)")
	case !pub.IsZero():
		d.Date = pub
		d.reviews = append(d.reviews, "date "+pub.String()+" is the page's publication date, not a signing date: check it")
	default:
		d.reviews = append(d.reviews, "no date found: add date = YYYY-MM-DD")
	}
	if sigName != "" {
		d.Found = append(d.Found, "signature "+sigName)
	}

	// Year: the date, else the index, else the title.
	d.Year = d.Date.Year
	if d.Year == 0 {
		if m := reIndexYear.FindStringSubmatch(d.Index); m != nil {
			d.Year, _ = strconv.Atoi(m[1])
		} else if m := reTitleYear.FindStringSubmatch(d.Title); m != nil {
			d.Year, _ = strconv.Atoi(m[1])
		}
	}

	// Index.
	switch {
	case d.Index == "":
		d.reviews = append(d.reviews, "no 索引号 found: add index = \"…\"")
	default:
		d.Found = append(d.Found, "索引号 "+d.Index)
		pat := site.IndexPattern
		if pat == "" {
			pat = generator.DefaultIndexPattern
		}
		if re, err := regexp.Compile(pat); err == nil && !re.MatchString(d.Index) {
			d.reviews = append(d.reviews, fmt.Sprintf("索引号 %q does not match the index pattern %s", d.Index, pat))
		}
		// What check would warn of the number, in check's own words.
		d.reviews = append(d.reviews, generator.IndexWarnings(d.Index, d.Date.Year)...)
		if nparts > 1 {
			d.reviews = append(d.reviews, fmt.Sprintf("索引号 %s is shared by the %d documents of this source: give each its own", d.Index, nparts))
		}
	}

	// Issuer.
	// The first declared issuer whose code, in either form, is the one
	// the index number starts with.
	codeOwner := ""
	if code := orgCodeOf(d.Index); code != "" {
		for _, name := range site.Issuers {
			if c, ok := site.IssuerCodes[name]; ok && orgCode(strings.ToUpper(strings.TrimSpace(c))) == code {
				codeOwner = name
				break
			}
		}
	}
	switch {
	case d.Issuer != "":
		d.Found = append(d.Found, "发布机构 "+d.Issuer)
		if !contains(site.Issuers, d.Issuer) {
			msg := fmt.Sprintf("issuer %q is not declared in config.toml", d.Issuer)
			if codeOwner != "" && codeOwner != d.Issuer {
				msg += fmt.Sprintf(" (the index code belongs to %q)", codeOwner)
			}
			d.reviews = append(d.reviews, msg)
		}
	case sigName != "" && contains(site.Issuers, sigName):
		d.Issuer = sigName
		d.reviews = append(d.reviews, fmt.Sprintf("issuer %q was taken from the signature: check it", sigName))
	case metaSource != "" && contains(site.Issuers, metaSource):
		d.Issuer = metaSource
		d.reviews = append(d.reviews, fmt.Sprintf("issuer %q was taken from the page's ContentSource meta tag: check it", metaSource))
	case codeOwner != "":
		d.Issuer = codeOwner
		d.reviews = append(d.reviews, fmt.Sprintf("issuer %q was inferred from the index code: check it", codeOwner))
	case sigName != "":
		d.Issuer = sigName
		d.reviews = append(d.reviews, fmt.Sprintf("issuer %q was taken from the signature and is not declared in config.toml", sigName))
	default:
		d.reviews = append(d.reviews, "no 发布机构 found: add issuer = \"…\"")
	}

	// Category.
	switch {
	case d.Category == "":
		d.reviews = append(d.reviews, "no 主题分类 found: add category = \"…\"")
	case !contains(site.Categories, d.Category):
		d.Found = append(d.Found, "主题分类 "+d.Category)
		d.reviews = append(d.reviews, fmt.Sprintf("category %q is not declared in config.toml", d.Category))
	default:
		d.Found = append(d.Found, "主题分类 "+d.Category)
	}
	if d.Number != "" {
		d.Found = append(d.Found, "文号 "+d.Number)
	}
	if len(d.Keywords) > 0 {
		d.Found = append(d.Found, "关键词 "+strings.Join(d.Keywords, "、"))
	}

	d.Genre = h.genre
	if d.Genre == "" {
		d.Genre = genreOf(d.Title)
	}
	if d.Genre != "" {
		d.Found = append(d.Found, "genre "+d.Genre)
	}

	rows, note, forms := extractSchedules(d.blocks, d.Year)
	d.Schedule, d.ScheduleNote = rows, note
	if len(rows) > 0 {
		owners := 0
		months := map[int]bool{}
		for _, r := range rows {
			if r.Owner != "" {
				owners++
			}
			for _, m := range r.Months {
				months[m] = true
			}
		}
		d.Found = append(d.Found, fmt.Sprintf("schedule: %d rows over %d months, %d with an owner (%s)", len(rows), len(months), owners, strings.Join(uniq(forms), ", ")))
	}
}

var genres = []struct{ suffix, genre string }{
	{"工作要点", "工作要点"}, {"要点", "工作要点"}, {"实施方案", "方案"}, {"工作方案", "方案"}, {"实施细则", "细则"},
	{"工作计划", "计划"}, {"工作总结", "总结"}, {"工作报告", "报告"}, {"年度报告", "报告"}, {"年报", "报告"},
	{"决议", "决议"}, {"决定", "决定"}, {"命令", "命令"}, {"公报", "公报"}, {"公告", "公告"}, {"通告", "通告"},
	{"意见", "意见"}, {"通知", "通知"}, {"通报", "通报"}, {"报告", "报告"}, {"请示", "请示"}, {"批复", "批复"},
	{"议案", "议案"}, {"纪要", "纪要"}, {"函", "函"}, {"计划", "计划"}, {"总结", "总结"}, {"方案", "方案"},
	{"规划", "规划"}, {"办法", "办法"}, {"规定", "规定"}, {"细则", "细则"}, {"讲话", "讲话"}, {"简报", "简报"},
	{"公示", "公示"},
}

var reTitleTail = regexp.MustCompile(`(?:[（(][^）)]*[）)]|\s*篇\s*\d+|\d+篇|【[^】]*】)$`)

func genreOf(title string) string {
	t := trimSpaceCJK(title)
	for i := 0; i < 3; i++ {
		t = trimSpaceCJK(reTitleTail.ReplaceAllString(t, ""))
	}
	for _, g := range genres {
		if strings.HasSuffix(t, g.suffix) {
			return g.genre
		}
	}
	return ""
}

var genreASCII = map[string]string{
	"通知": "notice", "计划": "plan", "总结": "summary", "工作要点": "keypoints", "方案": "scheme", "意见": "opinion",
	"报告": "report", "决定": "decision", "通报": "bulletin", "公告": "announcement", "通告": "circular", "请示": "request",
	"批复": "reply", "函": "letter", "纪要": "minutes", "决议": "resolution", "命令": "order", "公报": "communique",
	"议案": "motion", "规划": "programme", "办法": "measures", "规定": "rules", "细则": "rules", "讲话": "speech",
	"简报": "brief", "公示": "publicity",
}

var reSlugBad = regexp.MustCompile(`[^a-z0-9]+`)

func slugify(s string) string {
	s = strings.Trim(reSlugBad.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// slugFor derives the file name: the index serial (2021-00055), else the
// source's name when it is ASCII, else year and genre (2021-plan).
func slugFor(d *Document, source string, site Site) string {
	if d.Index != "" {
		serial := d.Index
		if i := strings.LastIndex(serial, "/"); i >= 0 {
			serial = serial[i+1:]
		}
		if s := slugify(serial); s != "" {
			return s
		}
	}
	stem := strings.TrimSuffix(source, filepath.Ext(source))
	if isASCII(stem) {
		if s := slugify(stem); s != "" {
			return s
		}
	}
	g := genreASCII[d.Genre]
	if g == "" {
		g = "doc"
	}
	if d.Year > 0 {
		return fmt.Sprintf("%d-%s", d.Year, g)
	}
	sum := sha1.Sum([]byte(d.Title))
	return g + "-" + hex.EncodeToString(sum[:4])
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// The code an index number starts with, before its slash: an
// organization code (8 characters, a hyphen or none, the check
// character), or a unified social credit code (18 characters of the GB
// 32100 alphabet, as the default index pattern has them), whose
// characters 9 to 17 are the organization code of the body it was
// issued to.
var (
	reOrgCode    = regexp.MustCompile(`^([0-9A-Z]{8})-?([0-9A-Z])$`)
	reCreditCode = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)
)

// orgCodeOf returns the organization code of the body that gave the
// index number, as XXXXXXXX-X, from either code the number may start
// with, or "" when it starts with neither: an issuer declared by either
// code is known by a number in either form.
func orgCodeOf(index string) string {
	code, _, ok := strings.Cut(index, "/")
	if !ok {
		return ""
	}
	return orgCode(code)
}

// orgCode returns the organization code a code is or holds, as
// XXXXXXXX-X, or "" when it is neither an organization code nor a credit
// code.
func orgCode(code string) string {
	if reCreditCode.MatchString(code) {
		code = code[8:17]
	}
	m := reOrgCode.FindStringSubmatch(code)
	if m == nil {
		return ""
	}
	return m[1] + "-" + m[2]
}

var (
	reIndexYear    = regexp.MustCompile(`/((?:19|20)\d{2})-`)
	reTitleYear    = regexp.MustCompile(`((?:19|20)\d{2})`)
	reAttachPrefix = regexp.MustCompile(`^附\s*件\s*\d*\s*[:：.、]?\s*`)
)

var reAttachHead = regexp.MustCompile(`^附\s*件\s*[:：]\s*(.*)$`)
var reAttachSection = regexp.MustCompile(`^附\s*件\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*[:：]?\s*$`)
var rePlaceholder = regexp.MustCompile(`(?:^|[^A-Za-z])[xX]{1,3}(?:[^A-Za-z]|$)`)

// attachmentList reads "附件：1.… 2.…" and notes which attachments
// follow inline in the page (附件1:).
func (d *Document) attachmentList(links []link) {
	for i := range d.blocks {
		b := d.blocks[i]
		if b.drop || !b.isText() {
			continue
		}
		m := reAttachHead.FindStringSubmatch(b.text)
		if m == nil {
			continue
		}
		var items []string
		blocksUsed := []int{i}
		if m[1] != "" {
			items = append(items, splitInline(m[1])...)
		}
		for j := i + 1; j < len(d.blocks); j++ {
			nb := d.blocks[j]
			if nb.drop {
				continue
			}
			if !nb.isText() || !reNumItem.MatchString(nb.text) || runeLen(nb.text) > 80 {
				break
			}
			items = append(items, nb.text)
			blocksUsed = append(blocksUsed, j)
		}
		for k, it := range items {
			t := trimSpaceCJK(reNumItem.ReplaceAllString(it, ""))
			t = strings.TrimRight(t, "；;。.，,")
			if strings.HasPrefix(t, "《") && strings.HasSuffix(t, "》") && strings.Count(t, "《") == 1 {
				t = strings.TrimSuffix(strings.TrimPrefix(t, "《"), "》")
			}
			if t == "" {
				continue
			}
			d.listed = append(d.listed, listedAttachment{n: k + 1, title: t, blocks: blocksUsed})
		}
		break
	}
	// Links to files on an HTML page.
	for _, l := range links {
		title := trimSpaceCJK(l.text)
		if e := filepath.Ext(title); e != "" && attachmentExt[strings.ToLower(e)] {
			title = strings.TrimSuffix(title, e)
		}
		title = trimSpaceCJK(reAttachPrefix.ReplaceAllString(title, ""))
		matched := false
		for k := range d.listed {
			if title != "" && (strings.Contains(normKey(d.listed[k].title), normKey(title)) || strings.Contains(normKey(title), normKey(d.listed[k].title))) {
				d.listed[k].href = l.href
				matched = true
				break
			}
		}
		if !matched {
			if title == "" {
				title = filepath.Base(l.href)
			}
			var used []int
			for i, b := range d.blocks {
				if !b.drop && b.isText() && strings.Contains(b.text, trimSpaceCJK(l.text)) && runeLen(b.text) <= runeLen(l.text)+12 {
					used = append(used, i)
				}
			}
			d.listed = append(d.listed, listedAttachment{n: len(d.listed) + 1, title: title, href: l.href, blocks: used})
		}
	}
	// Inline sections 附件1:
	for _, b := range d.blocks {
		if b.drop || !b.isText() {
			continue
		}
		if m := reAttachSection.FindStringSubmatch(b.text); m != nil {
			n, err := strconv.Atoi(m[1])
			if err != nil {
				n, _ = cnSmall(m[1])
			}
			for k := range d.listed {
				if d.listed[k].n == n {
					d.listed[k].inline = true
				}
			}
		}
	}
	if len(d.listed) > 0 {
		inline := 0
		for _, l := range d.listed {
			if l.inline {
				inline++
			}
		}
		msg := fmt.Sprintf("attachments: %d listed", len(d.listed))
		if inline > 0 {
			msg += fmt.Sprintf(", %d inline in the page", inline)
		}
		d.Found = append(d.Found, msg)
	}
}

func (d *Document) hasPlaceholders() bool {
	for _, b := range d.blocks {
		if !b.drop && b.isText() && rePlaceholder.MatchString(b.text) {
			return true
		}
	}
	return rePlaceholder.MatchString(d.Title)
}

// finish recomputes Review and Draft.
func (d *Document) finish(site Site) {
	d.Review = append([]string(nil), d.reviews...)
	for _, l := range d.listed {
		if !l.matched && !l.inline {
			d.Review = append(d.Review, fmt.Sprintf("attachment %d %q was not found beside the source: it stays in the body as text", l.n, l.title))
		}
	}
	d.Review = append(d.Review, d.extra...)
	d.Draft = len(d.Review) > 0
}
