package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/corpus"
)

// samePlainBody fails t unless plainBody either refuses body or gives
// goldmark's bytes and renderBody's plain text for it. Both make the HTML
// in a buffer that held something else.
func samePlainBody(t *testing.T, body []byte) (taken bool) {
	t.Helper()
	got, gotPlain, ok := plainBody(bytes.Repeat([]byte("<stale>"), 512), body, testResolve)
	if !ok {
		return false
	}
	want, wantPlain, err := goldmarkBody(newMarkdown(false), bytes.Repeat([]byte("<stale>"), 512), body, testResolve, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("body %q:\nplainBody: %q\ngoldmark:  %q", body, got, want)
	}
	if gotPlain != wantPlain {
		t.Fatalf("body %q: plain text\nplainBody: %q\ngoldmark:  %q", body, gotPlain, wantPlain)
	}
	// The links Check verifies, found without a parse, are goldmark's;
	// and the body has no link or image a parse would find besides, so
	// that none goes unchecked or unresolved (see renderBody).
	gotLinks, ok := plainIndexLinks(body, 7)
	var probs problemList
	wantLinks, refs := goldmarkScan(&probs, "content/2024/x.md", body, 7)
	if !ok || !slices.Equal(gotLinks, wantLinks) {
		t.Fatalf("body %q: index links\nplainIndexLinks: %v %v\ngoldmark:        %v", body, gotLinks, ok, wantLinks)
	}
	if len(refs) > 0 || len(probs.list) > 0 {
		t.Fatalf("body %q, taken by plainBody, has links or images by path %v or problems %v", body, refs, probs.list)
	}
	return true
}

// testResolve stands for the page's link to the document an index:
// link names; its targets need escaping, and index numbers starting with
// "js" give a dangerous one, which goldmark leaves out.
func testResolve(index string) string {
	if strings.HasPrefix(index, "js") {
		return "javascript:alert(1)"
	}
	return "../文档 " + index + "/?a=1&b=2"
}

// TestPlainBody: bodies plainBody must take (and render as goldmark does)
// and bodies it must leave to goldmark, each a Markdown construct that
// would render differently.
func TestPlainBody(t *testing.T) {
	take := []string{
		"",
		"一段。",
		"一段。\n",
		"第一行\n第二行\n\n第二段\n",
		"## 一、指导思想\n\n正文。\n### （一）目标\n紧跟标题的段落\n# 一级\n###### 六级\n",
		"## 一、目标\n## 一、目标\n\n重复的标题各有其 id。\n",
		"　　全角空格开头的段落。\n",
		"区教育工会：\n\n2021年4月17日\n",
		"10月完成，2024-00055号，3.5万元，(括号) 'quote' 100%。\n",
		"English words, a:b c/d e.f #tag and #1\n",
		"\n\n\n多个空行\n\n\n",
		"## Heading with Latin AND digits 2024\n",
		"1. 列表",
		"123456789. 列表",
		"## 要求\n\n1. 第一项；\n2. 第二项；\n3. 第三项。\n\n段落。\n",
		"1. 松散的列表\n\n2. 各项之间有空行\n\n\n3. 第三项\n",
		"1. 紧\n2. 松\n\n3. 混合即松散\n",
		"3. 从三开始\n4. 四\n",
		"01. 前导零\n",
		"1. 列表\n\n## 标题\n\n5. 另一个列表\n",
		"段落\n\n1. 列表\n\n\n",
		"1. 一\n\n1. 编号相同仍是一个列表\n",
		"1. 2024年\n2. 10月\n",
		"- 无序\n- 列表\n",
		"+ 加号\n\n+ 松散\n",
		"- 短横\n+ 换了符号是另一个列表\n1. 有序又是一个\n",
		"## 标题\n\n- 一\n\n1. 二\n- 三\n\n段落\n",
		"- 2024年\n- a-b\n",
		"**示范区教育工会2022年工作要点**\n\n正文。\n",
		"## 标题\n**粗体行**\n\n1. 项\n\n**2024**",
		"1. 项\n\n**x**\n",
		"**一**\n",
		"按照[2024年工作要点](index:00001434-9/2024-00015)的部署。\n",
		"行首不是链接\n行中[链接](INDEX:2)和[另一个](Index:3)\n与行尾[链接](index:4)\n",
		"1. 见[通知](index:a.b/c-d:e)\n- 与[方案](index:x)\n",
		"段落[标签(带括号)](index:9)。\n",
		// Where each link is placed, as goldmark's scan places it: at the
		// first occurrence of its destination in its paragraph or item.
		"见index:1。\n见[链接](index:1)\n",
		"见index:1。\n\n见[链接](index:1)\n",
		"段index:1\n## 标题\n见[链接](index:1)\n",
		"见[甲](index:1)\n见[乙](index:1)\n",
		"- 项index:1\n- 见[链接](index:1)\n",
		"1. 项index:2\n\n2. 见[链接](index:2)与index:2\n\n段[又](index:2)\n",
	}
	for _, b := range take {
		if !samePlainBody(t, []byte(b)) {
			t.Errorf("plainBody refused %q", b)
		}
	}
	refuse := []string{
		"*强调*", "_强调_", "`代码`", "[链接](index:00001434-9/2024-00001)", "![图](a.png)",
		"<b>html</b>", "a & b", `引"号"`, "转义\\*", "~~删除~~", "| a | b |\n|---|---|\n",
		"{属性}", "[开头的链接](index:1)", "[引用]: index:1", "普通[链接](http://x)", "[空]()", "[](index:1)",
		"[坏](index:js1)", "未闭合[链接(index:1)", "多余]括号", "[a][b]", "[a](index:1 \"标题\")", "[a](index: 1)",
		"## 标题[链接](index:1)", "**粗[链接](index:1)**", "[a](index:)", "[[a]](index:1)", "0\n:-", "标题\n:--:", "* 列表", "*强调*", "**粗**体", "粗**体**", "**粗体**\n紧跟的行", "段落\n**粗体**", "1. 项\n**粗体**",
		"**“引号”**", "** 空格**", "**粗　**", "***三星***", "****", "**a*b**", "## **标题**", "- **项**", "**a**\n\n*b*", "-没有空格", "- - -", "- ---", "-  两个空格", "- ## 标题", "- 1. 嵌套", "段落\n- 打断", "2) 列表", "1234567890. 十位数字", "1.  两个空格", "1.没有空格",
		"1. ", "段落\n1. 打断段落的列表", "段落\n2. 懒惰的续行", "1. 项\n续行", "1. 项\n## 标题", "1. ## 标题",
		"1. 1. 嵌套", "1. - 嵌套", "1. #号", "10.5万元",
		"标题\n===", "标题\n---", "---", "> 引用", "    缩进代码", " 一个空格", "\t制表符",
		"行尾两个空格  \n下一行", "行尾一个空格 ", "####### 七级", "#没有空格", "##  两个空格",
		"## 结尾的井号 ##", "## ", "#", "回车\r\n", "控制\x01字符", "删除\x7f字符",
		// Links and images by path: the fast path has no address to resolve them with.
		"见[通知](../2024/gongzuo-yaodian-2024.md)。", "见[表](files/anpai.pdf)。", "见[上文](a.md#x)。", "见![照片](files/photo.png)。",
	}
	for _, b := range refuse {
		if _, _, ok := plainBody(nil, []byte(b), testResolve); ok {
			t.Errorf("plainBody took %q, which it must leave to goldmark", b)
		}
	}
}

// TestPlainBodyOnCorpus renders every body of a generated archive both
// ways: plainBody must take most of them (else it saves nothing) and give
// goldmark's bytes for each.
func TestPlainBodyOnCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Write(dir, corpus.Options{Docs: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	bodies, taken := 0, 0
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, body, _, err := splitFrontMatter(normalizeText(data))
		if err != nil {
			return err
		}
		bodies++
		if samePlainBody(t, body) {
			taken++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bodies < 150 || taken < bodies/2 {
		t.Fatalf("plainBody took %d of %d bodies; the corpus is mostly headings and paragraphs", taken, bodies)
	}
	t.Logf("plainBody took %d of %d bodies", taken, bodies)
}

// FuzzPlainBody: for any body plainBody takes, its bytes and plain text
// are goldmark's.
func FuzzPlainBody(f *testing.F) {
	for _, s := range []string{
		"## 一、目标\n\n正文第一行\n第二行\n", "段落\n## 标题\n段落", "　　全角\n", "a\u00a0b\n",
		"# x\n\n\n# x\n", "1\n2\n", "1。\n", "x\n\n", "\n", "A B  C\n", "标题\n-", "## a #b\n", "# \u3000\n",
		"1. 一\n2. 二\n\n段\n", "1. 一\n\n2. 二\n", "7. x\n\n\n8. y\n\n# h\n", "1. a\n\nb\n1. c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		samePlainBody(t, body)
	})
}

// plainPieces are the pieces FuzzPlainBodyPieces builds bodies from: the
// starts of every kind of line plainBody reads or refuses, and text.
var plainPieces = []string{
	"\n", "\n\n", "中文", "段落。", "a", "Z9", " ", "  ", "　", "## ", "# ", "###### ", "####### ", "#",
	"1. ", "2. ", "10. ", "01. ", "1) ", "1.", "- ", "+ ", "=", "-", "---", "2024年", "3.5", "x#y", "\u00a0",
	"- 中", "+ 文", "* ", "**", "*", "“", "。", ":", ":-", "-:",
	"[链接](index:1)", "[", "]", "(", ")", "index:", "](", "[x](index:js)", "index:1",
}

// FuzzPlainBodyPieces is FuzzPlainBody over bodies made of plainPieces, so
// that most bodies tried are ones plainBody takes: each byte of the input
// picks a piece.
func FuzzPlainBodyPieces(f *testing.F) {
	f.Add([]byte{9, 3, 0, 14, 2, 0, 14, 3, 1, 2})
	f.Add([]byte{14, 2, 1, 15, 3, 0, 2, 1, 17, 2})
	f.Add([]byte{3, 1, 14, 2, 0, 0, 14, 2, 0, 9, 2})
	f.Fuzz(func(t *testing.T, picks []byte) {
		var b strings.Builder
		for _, p := range picks {
			b.WriteString(plainPieces[int(p)%len(plainPieces)])
		}
		samePlainBody(t, []byte(b.String()))
	})
}
