package generator

import (
	"strings"
	"testing"
)

// TestRemoteImagesBecomeLinks: an image whose address is on another host
// (however the address is disguised) is rendered as a link to it, with
// its alt text, and never as an <img>; an image in the archive stays an
// image. Check warns of each remote image at its line and column.
func TestRemoteImagesBecomeLinks(t *testing.T) {
	remote := []string{
		"https://evil.example/track.png",
		"HTTP://evil.example/t.png",
		"//evil.example/t2.png",
		`/\evil.example/t3.png`,
		"<ht\ttps://evil.example/t4.png>",
		"ftp://evil.example/t5.png",
		"file:///etc/passwd",
	}
	local := []string{"photo.png", "files/photo.png", "../2024/x/photo.png", "/archive/a.png", "data:image/png;base64,iVBORw0KGgo=", "a.png?x=1:2"}
	md := newMarkdown(false)
	for _, dest := range remote {
		body := "前文![活动照片](" + dest + ")后文\n"
		html, plain, err := renderBody(md, nil, []byte(body), testResolve, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(html), "<img") || !strings.Contains(string(html), ">活动照片</a>后文") {
			t.Errorf("%s: rendered %s, want a link with the alt text and no image", dest, html)
		}
		if plain != "前文活动照片后文\n" {
			t.Errorf("%s: plain text %q", dest, plain)
		}
		var probs problemList
		scanBody(&probs, "content/d.md", []byte("一\n\n"+body), 6)
		col := 11 // of the address, after 前文![活动照片](
		if dest[0] == '<' {
			col++
		}
		if len(probs.list) != 1 || probs.list[0].Line != 8 || probs.list[0].Col != col || probs.list[0].Severity != Warning ||
			!strings.Contains(probs.list[0].Message, "is not in the archive, so the page shows it as a link") {
			t.Errorf("%s: problems %v, want one warning at 8:%d", dest, probs.list, col)
		}
	}
	for _, dest := range local {
		body := "![图](" + dest + ")\n"
		html, _, err := renderBody(md, nil, []byte(body), testResolve, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), "<img src=") {
			t.Errorf("%s: rendered %s, want an image", dest, html)
		}
		var probs problemList
		scanBody(&probs, "content/d.md", []byte(body), 6)
		if len(probs.list) != 0 {
			t.Errorf("%s: problems %v, want none", dest, probs.list)
		}
	}
	// An image with no alt text links by its address.
	html, _, _ := renderBody(md, nil, []byte("![](https://evil.example/x.png)\n"), testResolve, nil)
	if want := `<p><a href="https://evil.example/x.png">https://evil.example/x.png</a></p>`; strings.TrimSpace(string(html)) != want {
		t.Errorf("got %s, want %s", html, want)
	}
}

// TestReplacedNodesKeepSiblings: what follows an index autolink or a
// remote image in the same paragraph is still rendered, resolved and
// read into the plain text.
func TestReplacedNodesKeepSiblings(t *testing.T) {
	body := "见<index:A-1>与![图](https://evil.example/x.png)和[乙](index:B-2)。后文\n"
	html, plain, err := renderBody(newMarkdown(false), nil, []byte(body), testResolve, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`index:A-1</a>`, `>图</a>`, `B-2/?a=1&amp;b=2">乙</a>。后文`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("rendered %s\nwant it to contain %s", html, want)
		}
	}
	if !strings.HasSuffix(plain, "乙。后文\n") {
		t.Errorf("plain text %q misses what follows", plain)
	}
}

// TestIndexImageIsLink: an image whose address is an index: link is shown
// as a link to the document, with the alt text or else the address, and
// the scan reports it with the index: links that Check verifies.
func TestIndexImageIsLink(t *testing.T) {
	body := "见![要点](index:A-1)与![](INDEX:B-2)。\n"
	html, _, err := renderBody(newMarkdown(false), nil, []byte(body), testResolve, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>见<a href="../%E6%96%87%E6%A1%A3%20A-1/?a=1&amp;b=2">要点</a>与<a href="../%E6%96%87%E6%A1%A3%20B-2/?a=1&amp;b=2">INDEX:B-2</a>。</p>`
	if strings.TrimSpace(string(html)) != want {
		t.Errorf("rendered %s\nwant %s", html, want)
	}
	var probs problemList
	links, refs := scanBody(&probs, "content/2024/a.md", []byte(body), 8)
	if len(links) != 2 || links[0] != (indexLink{"A-1", 8, 8}) || links[1] != (indexLink{"B-2", 8, 23}) || len(refs) > 0 || len(probs.list) > 0 {
		t.Errorf("scan found links %v, refs %v, problems %v", links, refs, probs.list)
	}
}

// TestPlainTextAsShown: the plain text (search, excerpts) is the text a
// reader sees, without the backslash escapes and character references
// the Markdown was written with; a code span keeps its text as written.
func TestPlainTextAsShown(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"1\\. 第一项，见\\[附件\\]说明。\n", "1. 第一项，见[附件]说明。\n"},
		{"经费 &amp; 资产，&#x4E2D;&#20013;&copy;\n", "经费 & 资产，中中©\n"},
		{"写作 \\&amp; 不是实体，\\\\ 是反斜杠\n", "写作 &amp; 不是实体，\\ 是反斜杠\n"},
		{"代码 `a\\[b&amp;` 照写\n", "代码 a\\[b&amp; 照写\n"},
		{"**加粗\\*** 与 [链接\\_文字](https://example.org)\n", "加粗* 与 链接_文字\n"},
		{"无效 &nosuch; 与 \\a\n", "无效 &nosuch; 与 \\a\n"},
	} {
		_, plain, err := goldmarkBody(newMarkdown(false), nil, []byte(tc.body), testResolve, nil)
		if err != nil {
			t.Fatal(err)
		}
		if plain != tc.want {
			t.Errorf("%q: plain text %q, want %q", tc.body, plain, tc.want)
		}
	}
}
