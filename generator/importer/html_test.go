package importer

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func blockTexts(bs []block) []string {
	var out []string
	for _, b := range bs {
		switch b.kind {
		case blockTable:
			var rows []string
			for _, r := range b.rows {
				rows = append(rows, strings.ReplaceAll(strings.Join(r, "|"), "\x00", "^"))
			}
			out = append(out, "T:"+strings.Join(rows, "/"))
		case blockHeading:
			out = append(out, "H"+string(rune('0'+b.level))+":"+b.text)
		case blockItem:
			out = append(out, "L:"+b.text)
		default:
			out = append(out, b.text)
		}
	}
	return out
}

func TestHTMLBlocks(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unclosed paragraphs and br",
			`<p>第一段<p>第二段<br>第二行<br/><br>第三行</p></p><p></p>`,
			[]string{"第一段", "第二段", "第二行", "第三行"}},
		{"scripts, styles and comments hold no text",
			`<script>var s = "</div><p>不应出现</p>";</script><style>p{}</style><!-- <p>注释</p> --><p>正文</p>`,
			[]string{"正文"}},
		{"entities and spaces",
			`<p>&nbsp;&nbsp;索&nbsp;引&nbsp;号：A&amp;B &lt;x&gt;&#12288;&#x4E00;</p>`,
			[]string{"索 引 号：A&B <x>\u3000一"}},
		{"headings and lists",
			`<h2>一、总则</h2><ul><li>甲<li>乙</ul><ol><li><p>丙</p></li></ol>`,
			[]string{"H2:一、总则", "L:甲", "L:乙", "L:丙"}},
		{"chrome by tag, class, id, role and style",
			`<nav>导航</nav><div class="top-nav">菜单</div><div id="breadcrumb">位置</div><div role="navigation">x</div>` +
				`<div style="display: none">隐藏</div><div class="share_box">分享</div><footer>页脚</footer><p>正文</p>`,
			[]string{"正文"}},
		{"article header is kept",
			`<header>站点</header><article><header><h1>关于举办活动的通知</h1></header><p>内容</p></article>`,
			[]string{"H1:关于举办活动的通知", "内容"}},
		{"data table with rowspan and colspan",
			`<table><tr><th>月份</th><th>内容</th></tr><tr><td rowspan=2>三月</td><td>甲</td></tr><tr><td>乙</td></tr><tr><td colspan="2">注：调整</td></tr></table>`,
			[]string{"T:月份|内容/三月|甲/^三月|乙/注：调整|^注：调整"}},
		{"layout table is read as text",
			`<table><tr><td><h1>标题</h1><p>一段</p><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>`,
			[]string{"H1:标题", "一段", "T:a|b"}},
		{"control characters, raw or as references, are white space",
			"<p>甲&#8;乙&#11;丙&#x7f;丁\x01戊</p><h1>关于&#27;x的通知</h1>",
			[]string{"甲 乙 丙 丁 戊", "H1:关于 x的通知"}},
		{"stray end tags and broken markup",
			`</div></span><p>甲<b>乙</i>丙</p><p>丁 < 戊</p><p>己<`,
			[]string{"甲乙丙", "丁 < 戊", "己<"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, _, _, _ := htmlToBlocks(tt.in)
			if got := blockTexts(bs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestHTMLTitleAndLinks(t *testing.T) {
	in := `<html><head><title>关于x的通知_通知公告_示范区教育工会</title><meta name="ArticleTitle" content="关于x的通知"></head>` +
		`<body><p><a href="files/%E8%A1%A8.xlsx?v=1">附件1：报名表.xlsx</a> <a href="/other.html">别处</a></p></body></html>`
	_, title, links, meta := htmlToBlocks(in)
	if title != "关于x的通知_通知公告_示范区教育工会" || meta["articletitle"] != "关于x的通知" {
		t.Errorf("title %q meta %v", title, meta)
	}
	if len(links) != 1 || links[0].href != "files/%E8%A1%A8.xlsx?v=1" || links[0].text != "附件1：报名表.xlsx" {
		t.Errorf("links %+v", links)
	}
	if got := cleanPageTitle(title); got != "关于x的通知" {
		t.Errorf("cleanPageTitle = %q", got)
	}
	if got := cleanPageTitle("2021-2022学年工会工作计划-示范区"); got != "2021-2022学年工会工作计划" {
		t.Errorf("cleanPageTitle = %q", got)
	}
	if got := siteNameOf(title, ""); got != "示范区教育工会" {
		t.Errorf("siteNameOf = %q", got)
	}
	if got := unescapePath("files/%E8%A1%A8.xlsx?v=1"); got != "files/表.xlsx" {
		t.Errorf("unescapePath = %q", got)
	}
}

func TestDecode(t *testing.T) {
	gb := []byte{0xb9, 0xd8, 0xd3, 0xda, '\r', '\n', 0xcd, 0xa8, 0xd6, 0xaa} // 关于\r\n通知 in GBK
	tests := []struct {
		in       []byte
		text     string
		encoding string
	}{
		{[]byte("关于\n通知"), "关于\n通知", "UTF-8"},
		{append([]byte{0xEF, 0xBB, 0xBF}, "关于\r\n通知"...), "关于\n通知", "UTF-8 with BOM"},
		{[]byte("关于\r通知\r"), "关于\n通知\n", "UTF-8"},
		{gb, "关于\n通知", "GB18030"},
		{[]byte{0xFF, 0xFE, 0x73, 0x51, 0x8E, 0x4E}, "关于", "UTF-16LE with BOM"},
		{[]byte("关于\v通知\f\x1b\x7f。\t"), "关于 通知   。\t", "UTF-8"},   // a word processor's line and page breaks
		{[]byte("关于\u0085通知\u009f。"), "关于 通知 。", "UTF-8"},         // C1 control characters, which TOML takes as written
		{[]byte("关于\uFFFE通知\uFDD0\U0010FFFF。"), "关于通知。", "UTF-8"}, // noncharacters, which stand for nothing
	}
	for _, tt := range tests {
		text, enc, _, err := decode(tt.in)
		if err != nil || text != tt.text || enc != tt.encoding {
			t.Errorf("decode(% x) = %q, %q, %v; want %q, %q", tt.in, text, enc, err, tt.text, tt.encoding)
		}
	}

	// A file with NUL bytes is binary, whatever it decodes to.
	const binary = "holds NUL bytes, so it is binary data, not a saved page (import pages saved as .txt or .html)"
	for _, in := range [][]byte{
		[]byte("关于\x00通知"),
		append(gb, 0x00, 0x01, 0x89),
		{0xFF, 0xFE, 0x73, 0x51, 0x00, 0x00},
		{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0x00, 0x00, 0x00, '\r', 'I', 'H', 'D', 'R'},
	} {
		if _, _, _, err := decode(in); err == nil || err.Error() != binary {
			t.Errorf("decode(% x): error %v, want %q", in, err, binary)
		}
	}
}

// TestUndecodedBytes: a character the decoder could not read is shown
// as U+FFFD, which a person must correct before the text is published.
func TestUndecodedBytes(t *testing.T) {
	src, err := os.ReadFile("testdata/notice_flat.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The notice is ready as it is; a broken character in its body is not.
	before, after, _ := strings.Cut(string(src), "现将")
	tests := []struct {
		name   string
		src    []byte
		review string
	}{
		{"stray byte in GBK", append(append(gbk(t, before), 0x81, 0x20), gbk(t, "现将"+after)...),
			"the text holds 1 character that could not be decoded (shown as \uFFFD): correct it from the original"},
		{"replacement characters in UTF-8", []byte(before + "\uFFFD\uFFFD现将" + after),
			"the text holds 2 characters that could not be decoded (shown as \uFFFD): correct them from the original"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert("n.txt", tt.src, testSite)
			if err != nil {
				t.Fatal(err)
			}
			if d := res.Docs[0]; !d.Draft || !reflect.DeepEqual(d.Review, []string{tt.review}) {
				t.Errorf("draft %v, review %q; want a draft for %q", d.Draft, d.Review, tt.review)
			}
		})
	}
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
