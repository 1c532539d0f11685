package generator

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// doc returns testDoc with replacements applied in order: old, new, ….
func doc(replacements ...string) string {
	s := testDoc
	for i := 0; i+1 < len(replacements); i += 2 {
		if !strings.Contains(s, replacements[i]) {
			panic("test document has no " + replacements[i])
		}
		s = strings.Replace(s, replacements[i], replacements[i+1], 1)
	}
	return s
}

// withFront adds lines at the end of testDoc's front matter.
func withFront(lines string) string {
	return strings.Replace(testDoc, "+++\n各基层", lines+"\n+++\n各基层", 1)
}

// TestChecks gives, for every check, a site with one fault and the exact
// report a user reads.
func TestChecks(t *testing.T) {
	const a = "content/2024/a.md"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"valid", map[string]string{a: testDoc}, nil},
		{"toml syntax", map[string]string{a: "+++\ntitle = \"x\ndate = 2024-01-01\n+++\n"},
			[]string{a + `:2:11: TOML syntax: strings cannot contain newlines (check quotes, brackets and the = sign on this line)`}},
		{"wrong type", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, "title = 5")},
			[]string{a + `:2:9: "title" has the wrong type: it is a number, but text is expected (write text in quotes: title = "5")`}},
		{"keywords not a list", map[string]string{a: withFront(`keywords = "工作要点"`)},
			[]string{a + `:7:12: "keywords" has the wrong type: it is text, but a list of text is expected (write the list in [ ] with each text in quotes: keywords = ["工作要点"])`}},
		{"missing keys", map[string]string{a: "+++\ntitle = \"x\"\n+++\n"}, []string{
			a + `:1:1: missing category, the 主题分类 as declared in config.toml (add a line such as category = "年度计划总结" to the front matter)`,
			a + `:1:1: missing date, the 发文日期 (add a line such as date = 2024-03-18 to the front matter)`,
			a + `:1:1: missing index, the 索引号 (add a line such as index = "00001434-9/2024-NNNNN" (the issuer's code, the year, and the issuer's next free serial that year) to the front matter)`,
			a + `:1:1: missing issuer, the 发布机构 as declared in config.toml (add a line such as issuer = "测试区教育工会" to the front matter)`,
		}},
		{"missing title", map[string]string{a: doc("title = \"关于印发《2024年工作要点》的通知\"\n", "")},
			[]string{a + `:1:1: missing title, the document's title (add a line such as title = "关于……的通知" to the front matter)`}},
		{"no front matter", map[string]string{a: "# 标题\n"},
			[]string{a + `:1:1: the file does not start with a line "+++" (put the TOML front matter between two lines "+++" at the top)`}},
		{"unclosed front matter", map[string]string{a: "+++\ntitle = \"x\"\n"},
			[]string{a + `:1:1: the front matter is not closed (add a line "+++" after the last TOML line)`}},
		{"unknown key", map[string]string{a: withFront(`catgory = "x"`)},
			[]string{a + `:7:1: unknown key "catgory" (did you mean "category"?)`}},
		{"unknown key far from any", map[string]string{a: withFront(`zzzzzzzzzz = 1`)},
			[]string{a + `:7:1: unknown key "zzzzzzzzzz" (valid keys: title, index, issuer, date, category, genre, number, keywords, summary, slug, draft, schedule_note, attachments, schedule)`}},
		{"unknown attachment key", map[string]string{a: withFront("[[attachments]]\ntitel = \"表\"\nfile = \"f.pdf\""), "content/2024/f.pdf": "%PDF"},
			[]string{a + `:8:1: unknown key "titel" in [[attachments]] (did you mean "title"?)`}},
		{"impossible date", map[string]string{a: doc("2024-03-18", "2024-02-30")},
			[]string{a + `:5:8: impossible date: invalid datetime: "2024-02-30" (write a real date as YYYY-MM-DD, e.g. 2024-02-29)`}},
		{"date as string", map[string]string{a: doc("date = 2024-03-18", `date = "2024-03-18"`)},
			[]string{a + `:5:8: date is the string "2024-03-18" (write the date bare, without quotes: 2024-03-18)`}},
		{"date with time", map[string]string{a: doc("date = 2024-03-18", `date = 2024-03-18T10:00:00`)},
			[]string{a + `:5:8: date has a time of day (write the date alone, e.g. 2024-03-18)`}},
		{"GB18030 file", map[string]string{a: "+++\ntitle = \"\xb9\xd8\xd3\xda\"\n+++\n"},
			[]string{a + `:2:10: is not UTF-8: it looks like GB18030/GBK (convert it with: iconv -f GB18030 -t UTF-8 in.md > out.md, or save it as UTF-8 in the editor)`}},
		{"GB18030 file with a byte that is no GB18030 either", map[string]string{a: "+++\ntitle = \"\xb9\xd8\xd3\xda\xff\"\n+++\n"},
			[]string{a + `:2:10: is not valid UTF-8 text (save the file as UTF-8 in the editor)`}},
		{"invalid UTF-8", map[string]string{a: "+++\ntitle = \"\xff\xfe\xff\"\n+++\n"},
			[]string{a + `:2:10: is not valid UTF-8 text (save the file as UTF-8 in the editor)`}},
		{"NUL byte", map[string]string{a: testDoc + "\x00"},
			[]string{a + `:11:1: contains a NUL byte, so it is not a text file (save the document as UTF-8 text)`}},
		{"UTF-16 file", map[string]string{a: "\xff\xfe+\x00+\x00+\x00\r\x00\n\x00"},
			[]string{a + `:1:1: is UTF-16 text, which Notepad calls Unicode (save the document as UTF-8 in the editor)`}},
		{"UTF-16 file, big-endian", map[string]string{a: "\xfe\xff\x00+\x00+\x00+"},
			[]string{a + `:1:1: is UTF-16 text, which Notepad calls Unicode (save the document as UTF-8 in the editor)`}},
		{"GB18030 file that starts like UTF-8", map[string]string{a: "+++\ntitle = \"\xca\xbe\xb7\xb6\"\n+++\n"},
			[]string{a + `:2:11: is not UTF-8: it looks like GB18030/GBK (convert it with: iconv -f GB18030 -t UTF-8 in.md > out.md, or save it as UTF-8 in the editor)`}},
		{"invalid UTF-8 at the end of a line", map[string]string{a: testDoc + "第二行\n第三行\xff\n"},
			[]string{a + `:12:4: is not valid UTF-8 text (save the file as UTF-8 in the editor)`}},
		{"NUL byte in a line", map[string]string{a: testDoc + "正文\x00\n"},
			[]string{a + `:11:3: contains a NUL byte, so it is not a text file (save the document as UTF-8 text)`}},
		{"NUL byte after CR line ends", map[string]string{a: strings.ReplaceAll(testDoc, "\n", "\r") + "正文\x00\n"},
			[]string{a + `:11:3: contains a NUL byte, so it is not a text file (save the document as UTF-8 text)`}},
		{"duplicate index", map[string]string{a: testDoc, "content/2024/b.md": testDoc}, []string{
			a + `:3:1: index "00001434-9/2024-00001" is also used by content/2024/b.md:3 (an index number names one document: give one of the two another number; the next free one is 00001434-9/2024-00002)`,
			`content/2024/b.md:3:1: index "00001434-9/2024-00001" is also used by content/2024/a.md:3 (an index number names one document: give one of the two another number; the next free one is 00001434-9/2024-00002)`,
		}},
		{"index used three times, a draft holding the next", map[string]string{a: testDoc, "content/2024/b.md": testDoc, "content/2024/c.md": testDoc,
			"content/2024/d.md": doc("00001434-9/2024-00001", "00001434-9/2024-00007", "category", "draft = true\ncategory")}, []string{
			a + `:3:1: index "00001434-9/2024-00001" is also used by content/2024/b.md:3 and content/2024/c.md:3 (an index number names one document: give all but one of them another number; the next free one is 00001434-9/2024-00008)`,
			`content/2024/b.md:3:1: index "00001434-9/2024-00001" is also used by content/2024/a.md:3 and content/2024/c.md:3 (an index number names one document: give all but one of them another number; the next free one is 00001434-9/2024-00008)`,
			`content/2024/c.md:3:1: index "00001434-9/2024-00001" is also used by content/2024/a.md:3 and content/2024/b.md:3 (an index number names one document: give all but one of them another number; the next free one is 00001434-9/2024-00008)`,
		}},
		{"undeclared category and issuer", map[string]string{a: doc("category = \"年度计划总结\"", "category = \"年度计划\"", "issuer = \"测试区教育工会\"", "issuer = \"某某局\"")}, []string{
			a + `:4:1: issuer "某某局" is not declared in config.toml (declared: 测试区教育工会; or declare it under [[issuers]])`,
			a + `:6:1: category "年度计划" is not declared in config.toml (did you mean "年度计划总结"? or declare it under [[categories]])`,
		}},
		{"index pattern", map[string]string{a: doc("00001434-9/2024-00001", "2024-1")},
			[]string{a + `:3:1: index "2024-1" does not match the site's index_pattern (the national <org-code>/<YYYY>-<NNNNN> shape) (correct the number, or set index_pattern in config.toml)`}},
		{"two documents at one URL", map[string]string{a: testDoc, "content/other/a.md": doc("2024-00001", "2024-00002")},
			[]string{`content/2024/a.md: would be published at /archive/2024/a/, which content/other/a.md also uses (change the slug of one of them)`,
				`content/other/a.md: would be published at /archive/2024/a/, which content/2024/a.md also uses (change the slug of one of them)`}},
		{"page at a reserved URL", map[string]string{"content/pages/catalog.md": "+++\ntitle = \"目录\"\n+++\n"},
			[]string{`content/pages/catalog.md: the file name gives the slug "catalog", which is a name the archive uses in the site's root: /catalog/ is the catalogue (信息公开目录) (rename the file, or set slug)`}},
		{"page at a generated file", map[string]string{"content/pages/home.md": "+++\ntitle = \"首页\"\nslug = \"index.html\"\n+++\n"},
			[]string{`content/pages/home.md:3:1: slug "index.html" is a name the archive uses in the site's root: /index.html is the home page (choose another slug)`}},
		{"page at a theme's static file", map[string]string{"content/pages/s.md": "+++\ntitle = \"搜索\"\nslug = \"search.js\"\n+++\n"},
			[]string{`content/pages/s.md:3:1: slug "search.js" is a name the archive uses in the site's root: /search.js is the theme's static file static/search.js (choose another slug)`}},
		{"page at a site's static folder", map[string]string{"content/pages/img.md": "+++\ntitle = \"图片\"\n+++\n", "static/img/logo.png": "png"},
			[]string{`content/pages/img.md: the file name gives the slug "img", which is a name the archive uses in the site's root: /img/ holds the site's static files of static/img/ (rename the file, or set slug)`}},
		{"page at a generated name in other case", map[string]string{"content/pages/a.md": "+++\ntitle = \"档案\"\nslug = \"Archive\"\n+++\n"},
			[]string{`content/pages/a.md:3:1: slug "Archive" differs only in letter case from "archive", a name the archive uses in the site's root, and a disk that ignores case, such as a USB stick, takes the two as one: /archive/ holds the years and their documents (choose another slug)`}},
		{"page at a part of the sitemap", map[string]string{"content/pages/s.md": "+++\ntitle = \"站点地图\"\nslug = \"sitemap-2.xml\"\n+++\n"},
			[]string{`content/pages/s.md:3:1: slug "sitemap-2.xml" is a name the archive uses in the site's root: /sitemap-2.xml is kept for a part of the sitemap, which sitemap.xml lists once the site has more pages than one sitemap file may hold (choose another slug)`}},
		{"page at a part of the sitemap in other case", map[string]string{"content/pages/Sitemap-10.XML.md": "+++\ntitle = \"站点地图\"\n+++\n"},
			[]string{`content/pages/Sitemap-10.XML.md: the file name gives the slug "Sitemap-10.XML", which differs only in letter case from "sitemap-10.xml", a name the archive uses in the site's root, and a disk that ignores case, such as a USB stick, takes the two as one: /sitemap-10.xml is kept for a part of the sitemap, which sitemap.xml lists once the site has more pages than one sitemap file may hold (rename the file, or set slug)`}},
		{"pages at names like the sitemap's parts", map[string]string{"content/pages/a.md": "+++\ntitle = \"甲\"\nslug = \"sitemap-x.xml\"\n+++\n",
			"content/pages/b.md": "+++\ntitle = \"乙\"\nslug = \"sitemap-.xml\"\n+++\n", "content/pages/c.md": "+++\ntitle = \"丙\"\nslug = \"sitemap-1.xml.bak\"\n+++\n"}, nil},
		{"static file at a part of the sitemap", map[string]string{a: testDoc, "static/sitemap-1.xml": "<urlset/>"},
			[]string{`static/sitemap-1.xml: is a name the archive uses in the site's root: /sitemap-1.xml is kept for a part of the sitemap, which sitemap.xml lists once the site has more pages than one sitemap file may hold (give it another name)`}},
		{"static file at a generated name", map[string]string{a: testDoc, "static/feed.xml": "<feed/>", "static/Search/x.js": "x"}, []string{
			`static/Search: differs only in letter case from "search", a name the archive uses in the site's root, and a disk that ignores case, such as a USB stick, takes the two as one: /search/ holds the search page and its data (give it another name)`,
			`static/feed.xml: is a name the archive uses in the site's root: /feed.xml is the site's Atom feed (give it another name)`,
		}},
		{"document at the year's schedule", map[string]string{a: withFront(`slug = "schedule"`)},
			[]string{a + `:7:1: slug "schedule" is a name the archive uses in every year's folder: /archive/2024/schedule/ is the year's whole schedule (choose another slug)`}},
		{"document at the year's calendar", map[string]string{a: withFront(`slug = "schedule.ics"`)},
			[]string{a + `:7:1: slug "schedule.ics" is a name the archive uses in every year's folder: /archive/2024/schedule.ics is the year's calendar file (choose another slug)`}},
		{"document at the year's list", map[string]string{a: withFront(`slug = "index.html"`)},
			[]string{a + `:7:1: slug "index.html" is a name the archive uses in every year's folder: /archive/2024/index.html is the year's list of documents (choose another slug)`}},
		{"document at the year's further pages", map[string]string{"content/2024/page.md": testDoc},
			[]string{`content/2024/page.md: the file name gives the slug "page", which is a name the archive uses in every year's folder: /archive/2024/page/ holds the year's list from its second page on (rename the file, or set slug)`}},
		{"document at a year's name in other case", map[string]string{a: withFront(`slug = "Schedule"`)},
			[]string{a + `:7:1: slug "Schedule" differs only in letter case from "schedule", a name the archive uses in every year's folder, and a disk that ignores case, such as a USB stick, takes the two as one: /archive/2024/schedule/ is the year's whole schedule (choose another slug)`}},
		{"draft at the year's schedule", map[string]string{a: testDoc, "content/2024/d.md": doc("2024-00001", "2024-00002", "+++\n各", "slug = \"schedule\"\ndraft = true\n+++\n各")}, nil},
		{"two documents at one URL by slug", map[string]string{a: testDoc, "content/2024/b.md": strings.Replace(withFront(`slug = "a"`), "2024-00001", "2024-00002", 1)},
			[]string{`content/2024/a.md: would be published at /archive/2024/a/, which content/2024/b.md also uses (change the slug of one of them)`,
				`content/2024/b.md:7:1: would be published at /archive/2024/a/, which content/2024/a.md also uses (change the slug of one of them)`}},
		{"file names differ only in case", map[string]string{"content/2024/P1.md": testDoc, "content/2024/p1.md": doc("2024-00001", "2024-00002")},
			[]string{`content/2024/P1.md: warning: differs only in letter case from content/2024/p1.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
				`content/2024/P1.md: would be published at /archive/2024/P1/, which differs only in letter case from /archive/2024/p1/, used by content/2024/p1.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`,
				`content/2024/p1.md: warning: differs only in letter case from content/2024/P1.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
				`content/2024/p1.md: would be published at /archive/2024/p1/, which differs only in letter case from /archive/2024/P1/, used by content/2024/P1.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`}},
		// Only one of two such files is left on a disk that ignores case,
		// whatever the URLs: here two years', a draft's and a page's.
		{"Markdown files differ only in case", map[string]string{"content/2024/Notice.md": testDoc, "content/2024/notice.md": doc("2024-00001", "2023-00002", "2024-03-18", "2023-03-18"),
			"content/2024/Files/x.md": doc("2024-00001", "2024-00003", "+++\n各", "slug = \"x-a\"\n+++\n各"), "content/2024/files/X.md": doc("2024-00001", "2024-00004", "+++\n各", "slug = \"x-b\"\ndraft = true\n+++\n各"),
			"content/2024/Files/y.md": doc("2024-00001", "2024-00005"), "content/2024/files/z.md": doc("2024-00001", "2024-00006"), "content/2024/NOTICE.MD": "notice",
			"content/pages/Guide.md": "+++\ntitle = \"指南\"\nslug = \"guide-1\"\n+++\n", "content/pages/guide.md": "+++\ntitle = \"指南\"\n+++\n"}, []string{
			`content/2024/Files/x.md: warning: differs only in letter case from content/2024/files/X.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/NOTICE.MD: warning: differs only in letter case from content/2024/Notice.md and content/2024/notice.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/NOTICE.MD: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
			`content/2024/Notice.md: warning: differs only in letter case from content/2024/NOTICE.MD and content/2024/notice.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/files: warning: differs only in letter case from content/2024/Files, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
			`content/2024/files/X.md: warning: differs only in letter case from content/2024/Files/x.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/notice.md: warning: differs only in letter case from content/2024/NOTICE.MD and content/2024/Notice.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/pages/Guide.md: warning: differs only in letter case from content/pages/guide.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/pages/guide.md: warning: differs only in letter case from content/pages/Guide.md, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
		}},
		// Two folders become one there, with one of the names: a path
		// written with the other then names no file. Each pair is told
		// of once, at the later, and not again for the folders in them.
		{"folders differ only in case", map[string]string{a: withFront("[[attachments]]\nfile = \"Files/a.pdf\"\n[[attachments]]\nfile = \"files/b.pdf\"\n[[attachments]]\nfile = \"FILES/c.pdf\"\n" +
			"[[attachments]]\nfile = \"Files/sub/d.pdf\"\n[[attachments]]\nfile = \"files/sub/e.pdf\"\n[[attachments]]\nfile = \"files/Sub/f.pdf\""),
			"content/2024/Files/a.pdf": "%PDF", "content/2024/files/b.pdf": "%PDF", "content/2024/FILES/c.pdf": "%PDF",
			"content/2024/Files/sub/d.pdf": "%PDF", "content/2024/files/sub/e.pdf": "%PDF", "content/2024/files/Sub/f.pdf": "%PDF",
			"content/Pages/a.md": doc("2024-00001", "2024-00002", "+++\n各", "slug = \"a-2\"\n+++\n各"), "content/pages/guide.md": "+++\ntitle = \"指南\"\n+++\n"}, []string{
			`content/2024/Files: warning: differs only in letter case from content/2024/FILES, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
			`content/2024/files: warning: differs only in letter case from content/2024/FILES, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
			`content/2024/files: warning: differs only in letter case from content/2024/Files, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
			`content/2024/files/sub: warning: differs only in letter case from content/2024/files/Sub, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
			`content/pages: warning: differs only in letter case from content/Pages, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)`,
		}},
		{"slugs differ only in case", map[string]string{a: withFront(`slug = "Notice"`), "content/2024/b.md": strings.Replace(withFront(`slug = "notice"`), "2024-00001", "2024-00002", 1)},
			[]string{a + `:7:1: would be published at /archive/2024/Notice/, which differs only in letter case from /archive/2024/notice/, used by content/2024/b.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`,
				`content/2024/b.md:7:1: would be published at /archive/2024/notice/, which differs only in letter case from /archive/2024/Notice/, used by content/2024/a.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`}},
		{"slugs differ only in case in other years", map[string]string{a: withFront(`slug = "Notice"`), "content/2023/b.md": doc("2024-00001", "2023-00002", "2024-03-18", "2023-03-18", "+++\n各", "slug = \"notice\"\n+++\n各")}, nil},
		{"pages differ only in case", map[string]string{"content/pages/About.md": "+++\ntitle = \"关于\"\n+++\n", "content/pages/x.md": "+++\ntitle = \"关于\"\nslug = \"about\"\n+++\n"},
			[]string{`content/pages/About.md: would be published at /About/, which differs only in letter case from /about/, used by content/pages/x.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`,
				`content/pages/x.md:3:1: would be published at /about/, which differs only in letter case from /About/, used by content/pages/About.md, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)`}},
		{"attachments differ only in case", map[string]string{a: withFront("[[attachments]]\nfile = \"files/A.pdf\"\n[[attachments]]\nfile = \"files/a.pdf\""), "content/2024/files/A.pdf": "%PDF", "content/2024/files/a.pdf": "%PDF"},
			[]string{a + `:10:1: attachments content/2024/files/A.pdf and content/2024/files/a.pdf have file names that differ only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one (rename one)`,
				`content/2024/files/A.pdf: warning: differs only in letter case from content/2024/files/a.pdf, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
				`content/2024/files/a.pdf: warning: differs only in letter case from content/2024/files/A.pdf, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`}},
		{"attachments Windows cannot hold", map[string]string{a: withFront("[[attachments]]\nfile = \"files/会议:纪要.pdf\"\n[[attachments]]\nfile = \"files/关于\\\"三八\\\"活动.pdf\"\n[[attachments]]\nfile = \"files/Con.pdf\"\n[[attachments]]\nfile = \"files/aux\"\n[[attachments]]\nfile = \"files/lpt1 .tar.gz\"\n[[attachments]]\nfile = \"files/com².txt\"\n[[attachments]]\nfile = \"files/报名表.\"\n[[attachments]]\nfile = \"files/com10.txt\"\n[[attachments]]\nfile = \"files/console.pdf\""),
			"content/2024/files/会议:纪要.pdf": "%PDF", "content/2024/files/关于\"三八\"活动.pdf": "%PDF", "content/2024/files/Con.pdf": "%PDF", "content/2024/files/aux": "x", "content/2024/files/lpt1 .tar.gz": "x",
			"content/2024/files/com².txt": "x", "content/2024/files/报名表.": "x", "content/2024/files/com10.txt": "x", "content/2024/files/console.pdf": "%PDF"}, []string{
			a + `:8:1: attachment 1: file name "会议:纪要.pdf" contains ':', a character Windows does not allow in a file name (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:10:1: attachment 2: file name "关于\"三八\"活动.pdf" contains '"', a character Windows does not allow in a file name (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:12:1: attachment 3: file name "Con.pdf" is taken on Windows by the device CON, whatever its extension (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:14:1: attachment 4: file name "aux" is taken on Windows by the device AUX, whatever its extension (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:16:1: attachment 5: file name "lpt1 .tar.gz" is taken on Windows by the device LPT1, whatever its extension (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:18:1: attachment 6: file name "com².txt" is taken on Windows by the device COM², whatever its extension (rename the file: the archive is copied to USB sticks and opened on Windows)`,
			a + `:20:1: attachment 7: file name "报名表." ends in a dot, and Windows drops a file name's final dot (rename the file: the archive is copied to USB sticks and opened on Windows)`,
		}},
		{"files differ only in case", map[string]string{a: withFront("[[attachments]]\nfile = \"files/Photo.png\""), "content/2024/b.md": doc("2024-00001", "2024-00002", "+++\n各", "[[attachments]]\nfile = \"files/photo.png\"\n+++\n各"),
			"content/2024/files/Photo.png": "png", "content/2024/files/photo.png": "png", "content/2024/files/PHOTO.PNG": "png"}, []string{
			`content/2024/files/PHOTO.PNG: warning: differs only in letter case from content/2024/files/Photo.png and content/2024/files/photo.png, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/files/PHOTO.PNG: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
			`content/2024/files/Photo.png: warning: differs only in letter case from content/2024/files/PHOTO.PNG and content/2024/files/photo.png, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
			`content/2024/files/photo.png: warning: differs only in letter case from content/2024/files/PHOTO.PNG and content/2024/files/Photo.png, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)`,
		}},
		{"attachment at the document's page in other case", map[string]string{a: withFront("[[attachments]]\nfile = \"Index.HTML\""), "content/2024/Index.HTML": "<p>"},
			[]string{a + `:8:1: attachment 1: file name "Index.HTML" is used by the document's own pages (rename the file)`}},
		{"attachments named like the document's calendar, or only beginning alike", map[string]string{a: withFront("[[attachments]]\nfile = \"Schedule.ICS\"\n[[attachments]]\nfile = \"schedule-2024.pdf\""), "content/2024/Schedule.ICS": "BEGIN", "content/2024/schedule-2024.pdf": "%PDF"},
			[]string{a + `:8:1: attachment 1: file name "Schedule.ICS" is used by the document's own pages (rename the file)`}},
		{"static files differ only in case", map[string]string{a: testDoc, "static/CSS/site.css": "body{}", "static/img/Logo.png": "png", "static/img/logo.png": "png"}, []string{
			`static/CSS: differs only in letter case from the theme's static/css, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)`,
			`static/CSS/site.css: differs only in letter case from the theme's static/css/site.css, and a disk that ignores case, such as a USB stick, takes the two as one (rename one)`,
			`static/img/logo.png: differs only in letter case from static/img/Logo.png, and a disk that ignores case, such as a USB stick, takes the two as one (rename one)`,
		}},
		// The build publishes static files at their paths, and fails on
		// two folders that differ only in letter case.
		{"static folders differ only in case", map[string]string{a: testDoc, "static/CSS/print.css": "body{}", "static/Img/a.png": "png", "static/img/b.png": "png",
			"static/js/Lib/a.js": "a", "static/js/lib/b.js": "b", "static/Fonts/A/x.woff": "x", "static/fonts/a/y.woff": "y"}, []string{
			`static/CSS: differs only in letter case from the theme's static/css, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)`,
			`static/fonts: differs only in letter case from static/Fonts, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)`,
			`static/img: differs only in letter case from static/Img, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)`,
			`static/js/lib: differs only in letter case from static/js/Lib, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)`,
		}},
		// A disk that ignores case cannot hold the file and the folder.
		{"static file and folder differ only in case", map[string]string{a: testDoc, "static/img/Logo": "png", "static/img/logo/x.png": "png", "static/JS": "x", "static/css/Site.css/a.png": "png"}, []string{
			`static/JS: differs only in letter case from the theme's folder static/js, and a disk that ignores case, such as a USB stick, cannot hold a file and a folder of one name (rename the file or the folder)`,
			`static/css/Site.css: differs only in letter case from the theme's file static/css/site.css, and a disk that ignores case, such as a USB stick, cannot hold a file and a folder of one name (rename the folder)`,
			`static/img/Logo: differs only in letter case from the folder static/img/logo, and a disk that ignores case, such as a USB stick, cannot hold a file and a folder of one name (rename the file or the folder)`,
		}},
		{"content file and folder differ only in case", map[string]string{a: withFront("[[attachments]]\nfile = \"Files/a.pdf\""), "content/2024/Files/a.pdf": "%PDF", "content/2024/files": "x",
			"content/2024/Plan.md": doc("2024-00001", "2024-00002"), "content/2024/plan.md/b.pdf": "%PDF"}, []string{
			`content/2024/Plan.md: warning: differs only in letter case from the folder content/2024/plan.md, and a disk that ignores case, as Windows's does, cannot hold a file and a folder of one name, so one of them is not copied when the site is copied there (rename the file or the folder)`,
			`content/2024/files: warning: differs only in letter case from the folder content/2024/Files, and a disk that ignores case, as Windows's does, cannot hold a file and a folder of one name, so one of them is not copied when the site is copied there (rename the file or the folder)`,
			`content/2024/files: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
			`content/2024/plan.md/b.pdf: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
		}},
		{"slug leaves the site", map[string]string{a: withFront(`slug = "../../x"`)},
			[]string{a + `:7:1: slug "../../x" would leave its folder (use letters, digits and hyphens only)`}},
		{"slug with a question mark", map[string]string{a: withFront(`slug = "a?b"`)},
			[]string{a + `:7:1: slug "a?b" contains '?', a character that does not belong in a URL (use letters, digits and hyphens)`}},
		{"slugs Windows cannot hold", map[string]string{a: withFront(`slug = "aux"`), "content/2024/nul.md": doc("2024-00001", "2024-00002"), "content/2024/c.md": doc("2024-00001", "2024-00003", "+++\n各", "slug = \"2024.\"\n+++\n各"),
			"content/pages/port.md": "+++\ntitle = \"端口\"\nslug = \"Com1\"\n+++\n", "content/pages/p.md": "+++\ntitle = \"控制台\"\nslug = \"con.html\"\n+++\n"}, []string{
			a + `:7:1: slug "aux" is taken on Windows by the device AUX, whatever its extension (choose another slug: the archive is copied to USB sticks and opened on Windows)`,
			`content/2024/c.md:7:1: slug "2024." ends in a dot, and Windows drops a file name's final dot (choose another slug: the archive is copied to USB sticks and opened on Windows)`,
			`content/2024/nul.md: the file name gives the slug "nul", which is taken on Windows by the device NUL, whatever its extension (rename the file, or set slug: the archive is copied to USB sticks and opened on Windows)`,
			`content/pages/p.md:3:1: slug "con.html" is taken on Windows by the device CON, whatever its extension (choose another slug: the archive is copied to USB sticks and opened on Windows)`,
			`content/pages/port.md:3:1: slug "Com1" is taken on Windows by the device COM1, whatever its extension (choose another slug: the archive is copied to USB sticks and opened on Windows)`,
		}},
		{"page whose file name gives a slug Windows cannot hold", map[string]string{"content/pages/aux.md": "+++\ntitle = \"辅助\"\n+++\n", "content/pages/a b.md": "+++\ntitle = \"空格\"\n+++\n"}, []string{
			`content/pages/a b.md: the file name gives the slug "a b", which contains ' ', a character that does not belong in a URL (rename the file, or set slug)`,
			`content/pages/aux.md: the file name gives the slug "aux", which is taken on Windows by the device AUX, whatever its extension (rename the file, or set slug: the archive is copied to USB sticks and opened on Windows)`,
		}},
		{"attachment leaves the site", map[string]string{a: withFront("[[attachments]]\ntitle = \"x\"\nfile = \"../../config.toml\"")},
			[]string{a + `:9:1: attachment file "../../config.toml" would leave the content folder (give a path relative to this document's folder, without .. or a leading /)`}},
		{"attachment absolute", map[string]string{a: withFront("[[attachments]]\nfile = \"/etc/passwd\"")},
			[]string{a + `:8:1: attachment file "/etc/passwd" would leave the content folder (give a path relative to this document's folder, without .. or a leading /)`}},
		{"attachment written with backslashes", map[string]string{a: withFront("[[attachments]]\nfile = 'files\\通知.pdf'\n[[attachments]]\nfile = \"files\\\\通知.pdf\"\n[[attachments]]\nfile = \"files\\nianbao\\tongji.pdf\"\n[[attachments]]\nfile = 'C:\\Users\\me\\通知.pdf'\n[[attachments]]\nfile = '\\files\\a.pdf'")}, []string{
			a + `:8:1: attachment file "files\\通知.pdf" is written with \ (write the path with /: file = "files/通知.pdf")`,
			a + `:10:1: attachment file "files\\通知.pdf" is written with \ (write the path with /: file = "files/通知.pdf")`,
			a + `:12:1: attachment file "files\nianbao\tongji.pdf" is written with \ (write the path with /: file = "files/nianbao/tongji.pdf")`,
			a + `:14:1: attachment file "C:\\Users\\me\\通知.pdf" would leave the content folder (give a path relative to this document's folder, without .. or a leading /)`,
			a + `:16:1: attachment file "\\files\\a.pdf" would leave the content folder (give a path relative to this document's folder, without .. or a leading /)`,
		}},
		{"attachment with a control character in its name", map[string]string{a: withFront("[[attachments]]\nfile = \"files/a\\u0085b.pdf\"\n[[attachments]]\nfile = \"files/a\\u007Fb.pdf\"\n[[attachments]]\nfile = \"files\\u0001a.pdf\"")}, []string{
			a + `:8:1: attachment file "files/a\u0085b.pdf" holds U+0085, a control character that a file name cannot hold (remove it from the name of the file and here)`,
			a + `:10:1: attachment file "files/a\x7fb.pdf" holds U+007F, a control character that a file name cannot hold (remove it from the name of the file and here)`,
			a + `:12:1: attachment file "files\x01a.pdf" holds U+0001, a control character that a file name cannot hold (remove it from the name of the file and here)`,
		}},
		{"missing attachment", map[string]string{a: withFront("[[attachments]]\ntitle = \"安排表\"\nfile = \"files/anpai.pdf\"")},
			[]string{a + `:9:1: attachment 1: file content/2024/files/anpai.pdf does not exist (put the file there, or correct file = …)`}},
		{"attachment in other letter case than its file", map[string]string{a: withFront("[[attachments]]\nfile = \"files/通知.pdf\"\n[[attachments]]\nfile = \"Files/Photo.jpg\""), "content/2024/files/通知.PDF": "%PDF", "content/2024/files/PHOTO.jpg": "jpg"}, []string{
			a + `:8:1: attachment 1: file content/2024/files/通知.pdf does not exist, but content/2024/files/通知.PDF does, and letter case counts in a file name (write file = "files/通知.PDF")`,
			a + `:10:1: attachment 2: file content/2024/Files/Photo.jpg does not exist, but content/2024/files/PHOTO.jpg does, and letter case counts in a file name (write file = "files/PHOTO.jpg")`,
			`content/2024/files/PHOTO.jpg: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
			`content/2024/files/通知.PDF: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
		}},
		{"attachment is a document", map[string]string{a: withFront("[[attachments]]\nfile = \"b.md\""), "content/2024/b.md": doc("2024-00001", "2024-00002")},
			[]string{a + `:8:1: attachment 1: file content/2024/b.md is a Markdown file, which the archive publishes as a document, never as an attachment (link to the document with [title](index:…); to attach the text as a file, give it another extension, such as .txt)`}},
		{"attachment is a folder", map[string]string{a: withFront("[[attachments]]\nfile = \"files\"\n[[attachments]]\nfile = \"files/x.pdf\""), "content/2024/files/x.pdf": "%PDF"},
			[]string{a + `:8:1: attachment 1: content/2024/files is a folder, not a file (name a file in it)`}},
		{"attachment is an empty folder", map[string]string{a: withFront("[[attachments]]\nfile = \"files\""), "content/2024/files/": ""},
			[]string{a + `:8:1: attachment 1: content/2024/files is a folder, not a file (name a file in it)`}},
		{"attachment has a hidden name", map[string]string{a: withFront("[[attachments]]\nfile = \"files/.x.pdf\""), "content/2024/files/.x.pdf": "%PDF"},
			[]string{a + `:8:1: attachment 1: file content/2024/files/.x.pdf has a name the archive passes over, as an editor's or the system's (rename it: no file or folder of content/ that starts with a dot or ~$ or ends with ~ is published, nor Thumbs.db or desktop.ini)`}},
		{"names not in UTF-8", map[string]string{a: testDoc, "content/2024/files/\xb8\xbd\xbc\xfe.pdf": "%PDF", "content/2024/\xb9\xa4\xbb\xe1/a.md": testDoc, "content/2024/\xff.md": testDoc}, []string{
			`content/2024/files/附件.pdf: the file's name is not UTF-8 but GB18030/GBK, as a zip made on Windows gives it, and is shown here read so (rename the file to it, or unpack the zip again with: unzip -O GB18030)`,
			`content/2024/工会: the folder's name is not UTF-8 but GB18030/GBK, as a zip made on Windows gives it, and is shown here read so (rename the folder to it, or unpack the zip again with: unzip -O GB18030)`,
			"content/2024/\uFFFD.md: the file's name is not UTF-8 (rename the file)",
		}},
		{"files Windows leaves in content/", map[string]string{a: testDoc, "content/2024/Thumbs.db": "db", "content/2024/files/desktop.ini": "[.ShellClassInfo]", "content/2024/files/~$安排表.xlsx": "lock"}, nil},
		{"schedule row without item", map[string]string{a: withFront("[[schedule]]\nmonth = 3\nowner = \"王晓明\"")},
			[]string{a + `:7:1: schedule row 1 has no item (add item = "…", what is to be done)`}},
		{"schedule month out of range", map[string]string{a: withFront("[[schedule]]\nmonth = 13\nitem = \"走访\"")},
			[]string{a + `:8:1: schedule row 1 has month 13, but months are 1–12 (write the month's number, e.g. month = 3)`}},
		{"schedule span out of range", map[string]string{a: withFront("[[schedule]]\nmonths = [12, 0]\nitem = \"走访\"")},
			[]string{a + `:8:1: schedule row 1 has month 0, but months are 1–12 (write the month's number, e.g. months = [7, 8])`}},
		{"a text key written as a table", map[string]string{a: strings.Replace(strings.Replace(testDoc, "title = \"关于印发《2024年工作要点》的通知\"\n", "", 1), "category = \"年度计划总结\"\n", "category = \"年度计划总结\"\n[title]\nx = 1\n", 1)},
			[]string{a + `:6:1: "title" has the wrong type: it is a table, but text is expected (write text in quotes: title = "…")`}},
		{"inline tables: problems at their key's value", map[string]string{a: withFront("attachments = [{title = \"附件\", file = 7}]\nschedule = [{item = \"走访\", month = \"一月\"}]")}, []string{
			a + `:7:15: "file" has the wrong type: it is a number, but text is expected (write text in quotes: file = "7")`,
			a + `:8:12: "month" has the wrong type: it is text, but a whole number is expected (write the number without quotes: month = 3)`,
		}},
		{"schedule without month", map[string]string{a: withFront("[[schedule]]\nitem = \"走访\"")},
			[]string{a + `:7:1: schedule row 1 has no month (add month = 1 … 12, or months = [7, 8] for a span)`}},
		{"index link to unknown document", map[string]string{a: testDoc + "\n参见[去年要点](index:00001434-9/2023-00009)。\n"},
			[]string{a + `:12:10: links to index "00001434-9/2023-00009", but no published document has that index (did you mean "00001434-9/2024-00001"?)`}},
		{"index link in a table cell", map[string]string{a: testDoc + "| 文件 | 说明 |\n|---|---|\n| `旧 | [要点](index:00001434-9/2023-00009) ` | 无 |\n"},
			[]string{a + `:13:13: links to index "00001434-9/2023-00009", but no published document has that index (did you mean "00001434-9/2024-00001"?)`}},
		{"image of an unknown index", map[string]string{a: testDoc + "\n参见![旧要点](index:00001434-9/2023-00009)。\n"},
			[]string{a + `:12:10: links to index "00001434-9/2023-00009", but no published document has that index (did you mean "00001434-9/2024-00001"?)`}},
		// Two neighbouring characters swapped are one slip: the number
		// whose serial has them the other way round is the one meant, not
		// one as many plain edits away that sorts first.
		{"index link with two serial digits swapped", map[string]string{a: testDoc + "\n参见[要点](index:00001434-9/2024-00053)。\n", "content/2024/b.md": doc("2024-00001", "2024-00035")},
			[]string{a + `:12:8: links to index "00001434-9/2024-00053", but no published document has that index (did you mean "00001434-9/2024-00035"?)`}},
		{"issuer with two characters swapped", map[string]string{a: doc(`issuer = "测试区教育工会"`, `issuer = "测试区育教工会"`), "config.toml": strings.Replace(testConfig, "[[issuers]]", "[[issuers]]\nname = \"测试区体育工会\"\nslug = \"sports\"\n\n[[issuers]]", 1)},
			[]string{a + `:4:1: issuer "测试区育教工会" is not declared in config.toml (did you mean "测试区教育工会"? or declare it under [[issuers]])`}},
		{"index link to a draft", map[string]string{a: testDoc + "\n参见[草稿](index:00001434-9/2024-00002)。\n", "content/2024/d.md": doc("2024-00001", "2024-00002", "+++\n各", "draft = true\n+++\n各")},
			[]string{a + `:12:8: links to index "00001434-9/2024-00002", which is the draft content/2024/d.md and is not published (publish it first or remove the link)`}},
		{"links by path that resolve", map[string]string{
			a:                                   withFront("[[attachments]]\nfile = \"files/photo.png\"") + "\n![活动照片](files/photo.png)见[要点](b.md#一指导思想)、[指南](../pages/guide.md)与[表](../2023/files/anpai%20biao.pdf?download=1)。\n",
			"content/2024/b.md":                 doc("2024-00001", "2024-00002"),
			"content/2023/c.md":                 doc("2024-00001", "2023-00003", "2024-03-18", "2023-03-18", "+++\n各", "[[attachments]]\nfile = \"files/anpai biao.pdf\"\n+++\n各"),
			"content/2024/files/photo.png":      "png",
			"content/2023/files/anpai biao.pdf": "%PDF",
			"content/pages/guide.md":            "+++\ntitle = \"指南\"\n+++\n见[要点](../2024/a.md)。\n",
		}, nil},
		{"links by path that are not checked", map[string]string{a: testDoc + "\n见[说明](../../README.md)、[指南](../../guide/)、[锚](#一)、[站外](https://example.org/x.md)与[夹](files/)。\n"}, nil},
		{"links by path written with backslashes that resolve", map[string]string{
			a:                              withFront("[[attachments]]\nfile = \"files/photo.png\"") + "\n![照片](files\\photo.png)见[要点](..\\2024\\b.md#一)与[表](files\\photo.png)。\n",
			"content/2024/b.md":            doc("2024-00001", "2024-00002"),
			"content/2024/files/photo.png": "png",
		}, nil},
		{"links by path written with backslashes left as written", map[string]string{a: testDoc + "\n见[指南](<..\\..\\guide\\index.html>)、[根](\\2023\\a.md)、[说明](files\\readme)与![图](..\\..\\..\\img\\a.png)。\n[站外](https://example.org/a\\b) [锚](#一\\二) [转义](files\\_x.pdf?a\\b) [旧](..\\..\\2023\\a.md)\n"}, []string{
			a + `:12:8: warning: links to content/2024/..../guide/index.html, which is no file of the site (write the path with / rather than \: Markdown drops a \ before . and other punctuation, and a page cannot follow any other)`,
			a + `:12:37: warning: links to \2023\a.md, which the page writes with %5C for each \, so no browser finds it (write the path with /: /2023/a.md)`,
			a + `:12:54: warning: links to content/2024/files/readme, which is no file of the site (write the path with / rather than \: Markdown drops a \ before . and other punctuation, and a page cannot follow any other)`,
			a + `:12:73: warning: shows content/2024/....../img/a.png, which is no file of the site (write the path with / rather than \: Markdown drops a \ before . and other punctuation, and a page cannot follow any other)`,
			a + `:13:46: warning: links to content/2024/files_x.pdf, which is no file of the site (correct the path; a file to publish is listed under [[attachments]])`,
			a + `:13:68: links to content/2024/..../2023/a.md, which is not a document of the site (write the path with / rather than \: Markdown drops a \ before . and other punctuation, and a page cannot follow any other)`,
		}},
		{"links to files on the author's disk", map[string]string{a: testDoc + "\n见[通知](C:\\Users\\me\\Desktop\\通知.pdf)、[表](<d:/工会/表 1.xlsx>)、[共享](\\\\fileserver\\工会\\a.pdf)与[文件](FILE:///C:/Users/me/a.pdf)。\n"}, []string{
			a + `:12:7: warning: links to C:\Users\me\Desktop\通知.pdf, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)`,
			a + `:12:40: warning: links to d:/工会/表 1.xlsx, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)`,
			a + `:12:62: warning: links to \\fileserver\工会\a.pdf, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)`,
			a + `:12:90: warning: links to FILE:///C:/Users/me/a.pdf, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)`,
		}},
		{"link to a file on the author's disk alone", map[string]string{a: testDoc + "\n见[通知](file:///C:/a.pdf)。\n"},
			[]string{a + `:12:7: warning: links to file:///C:/a.pdf, a file on the author's computer or network drive, which no reader of the archive can open (copy the file into content/, list it under [[attachments]] and link to it by its path from this file)`}},
		{"links with a scheme that are not on the author's disk", map[string]string{a: testDoc + "\n见[站](https://example.org/C:/x)、[邮](mailto:a@example.org)与[文件夹](files:x)。\n"}, nil},
		{"link by path to no file", map[string]string{a: testDoc + "\n见[缺](files/none.pdf)。\n"},
			[]string{a + `:12:6: warning: links to content/2024/files/none.pdf, which is no file of the site (correct the path; a file to publish is listed under [[attachments]])`}},
		{"image by path in other letter case than its file", map[string]string{a: withFront("[[attachments]]\nfile = \"files/照片.JPG\"") + "\n![照片](files/照片.jpg)\n", "content/2024/files/照片.JPG": "jpg"},
			[]string{a + `:14:7: warning: shows content/2024/files/照片.jpg, which is no file of the site, but content/2024/files/照片.JPG is, and letter case counts in a file name (write the path as files/照片.JPG)`}},
		{"image by its published name", map[string]string{a: withFront("[[attachments]]\nfile = \"files/photo.png\"") + "\n![照片](photo.png)\n", "content/2024/files/photo.png": "png"}, nil},
		{"link by path to a draft", map[string]string{a: testDoc + "\n参见[草稿](d.md)。\n", "content/2024/d.md": doc("2024-00001", "2024-00002", "+++\n各", "draft = true\n+++\n各")},
			[]string{a + `:12:8: links to content/2024/d.md, which is a draft and is not published (publish it first or remove the link)`}},
		{"link by path to no document", map[string]string{a: testDoc + "\n参见[通知](../2024/nosuch.md)，\n又见[旧](<../2023/旧 文件.md#二>)。\n"}, []string{
			a + `:12:8: links to content/2024/nosuch.md, which is not a document of the site (correct the path)`,
			a + `:13:8: links to content/2023/旧 文件.md, which is not a document of the site (correct the path)`,
		}},
		{"link by path to a mistyped document", map[string]string{
			a:                                 testDoc + "\n见[要点](gongzuo-yaodan.md#一)、[指南](../pages/gude.md)与[草稿](jihau.md)。\n",
			"content/2024/gongzuo-yaodian.md": doc("2024-00001", "2024-00002"),
			"content/2024/jihua.md":           doc("2024-00001", "2024-00003", "+++\n各", "draft = true\n+++\n各"),
			"content/2023/c.md":               doc("2024-00001", "2023-00003", "2024-03-18", "2023-03-18") + "\n见[明年要点](../2024/gongzuo-yaodan.md)。\n",
			"content/pages/guide.md":          "+++\ntitle = \"指南\"\n+++\n",
		}, []string{
			`content/2023/c.md:12:9: links to content/2024/gongzuo-yaodan.md, which is not a document of the site (did you mean "../2024/gongzuo-yaodian.md"?)`,
			a + `:12:7: links to content/2024/gongzuo-yaodan.md, which is not a document of the site (did you mean "gongzuo-yaodian.md"?)`,
			a + `:12:33: links to content/pages/gude.md, which is not a document of the site (did you mean "../pages/guide.md"?)`,
			a + `:12:56: links to content/2024/jihau.md, which is not a document of the site (correct the path)`,
		}},
		{"image by path not attached", map[string]string{a: testDoc + "\n![活动照片](files/photo.png)\n", "content/2024/files/photo.png": "png"}, []string{
			a + `:12:9: warning: shows content/2024/files/photo.png, which no published document attaches, so it is not published (list it under [[attachments]] of this document)`,
			`content/2024/files/photo.png: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
		}},
		{"link by path to a file a draft attaches", map[string]string{a: testDoc + "\n见[表](files/anpai.pdf)。\n", "content/2024/files/anpai.pdf": "%PDF",
			"content/2024/d.md": doc("2024-00001", "2024-00002", "+++\n各", "draft = true\n[[attachments]]\nfile = \"files/anpai.pdf\"\n+++\n各")},
			[]string{a + `:12:6: links to content/2024/files/anpai.pdf, which only a draft attaches and is not published (publish the draft first or remove the link)`}},
		{"draft links by path: warnings only", map[string]string{a: testDoc, "content/2024/d.md": doc("2024-00001", "2024-00002", "+++\n各", "draft = true\n[[attachments]]\nfile = \"files/own.pdf\"\n+++\n各") +
			"\n见[草稿](e.md)、[无](nosuch.md)、[附件](files/own.pdf)与![图](files/photo.png)。\n",
			"content/2024/e.md": doc("2024-00001", "2024-00003", "+++\n各", "draft = true\n+++\n各"), "content/2024/files/own.pdf": "%PDF", "content/2024/files/photo.png": "png"}, []string{
			`content/2024/d.md:15:7: warning: links to content/2024/e.md, which is a draft and is not published (publish it first or remove the link)`,
			`content/2024/d.md:15:17: warning: links to content/2024/nosuch.md, which is not a document of the site (correct the path)`,
			`content/2024/d.md:15:53: warning: shows content/2024/files/photo.png, which no published document attaches, so it is not published (list it under [[attachments]] of this document)`,
			`content/2024/files/photo.png: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
		}},
		{"page links by path", map[string]string{a: testDoc, "content/pages/guide.md": "+++\ntitle = \"指南\"\n+++\n见[要点](../2024/a.md)、[旧](../2024/old.md)与[表](files/biao.pdf)。\n", "content/pages/files/biao.pdf": "%PDF"}, []string{
			`content/pages/files/biao.pdf: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
			`content/pages/guide.md:4:25: links to content/2024/old.md, which is not a document of the site (correct the path)`,
			`content/pages/guide.md:4:45: warning: links to content/pages/files/biao.pdf, which no published document attaches, so it is not published (attach it to a published document with [[attachments]])`,
		}},
		{"draft lacks keys: warnings only", map[string]string{a: testDoc, "content/2024/d.md": "+++\ntitle = \"草稿\"\ndraft = true\ncategory = \"未定\"\n+++\n"}, []string{
			`content/2024/d.md:1:1: warning: missing date, the 发文日期 (add a line such as date = 2024-03-18 to the front matter)`,
			`content/2024/d.md:1:1: warning: missing index, the 索引号 (add a line such as index = "00001434-9/2024-NNNNN" (the issuer's code, the year, and the issuer's next free serial that year) to the front matter)`,
			`content/2024/d.md:1:1: warning: missing issuer, the 发布机构 as declared in config.toml (add a line such as issuer = "测试区教育工会" to the front matter)`,
			`content/2024/d.md:4:1: warning: category "未定" is not declared in config.toml (declared: 年度计划总结、通知公告; or declare it under [[categories]])`,
		}},
		{"draft syntax is still an error", map[string]string{"content/2024/d.md": "+++\ndraft = true\ntitle = \n+++\n"},
			[]string{`content/2024/d.md:3:9: TOML syntax: expected value but found '\n' instead (check quotes, brackets and the = sign on this line)`}},
		{"index year differs from date", map[string]string{a: doc("2024-00001", "2023-00001")},
			[]string{a + `:3:1: warning: index "00001434-9/2023-00001" has year 2023 but the date is in 2024 (check the index or the date)`}},
		{"organization code check digit", map[string]string{a: doc("00001434-9/", "00001434-8/")},
			[]string{a + `:3:1: warning: index: organization code "00001434-8" fails the GB 11714 check: the check character should be 9 (check the code; early codes can fail and still be real)`}},
		{"unreferenced file", map[string]string{a: testDoc, "content/2024/old.pdf": "%PDF"},
			[]string{`content/2024/old.pdf: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`}},
		{"page with unknown key", map[string]string{"content/pages/guide.md": "+++\ntitle = \"指南\"\ndate = 2024-01-01\n+++\n"},
			[]string{`content/pages/guide.md:3:1: unknown key "date" (valid keys: title, slug)`}},

		// Keys match exactly: another spelling is an unknown key and sets
		// nothing, so Draft = false cannot publish a draft.
		{"draft spelled twice", map[string]string{a: withFront("draft = true\nDraft = false")},
			[]string{a + `:8:1: unknown key "Draft" (did you mean "draft"?)`}},
		{"capitalised key beside the key", map[string]string{a: doc(`title = "关于`, "Title = \"x\"\ntitle = \"关于")},
			[]string{a + `:2:1: unknown key "Title" (did you mean "title"?)`}},
		{"capitalised key alone", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, `TITLE = "关于印发《2024年工作要点》的通知"`)},
			[]string{a + `:2:1: unknown key "TITLE" (did you mean "title"?)`}},
		{"capitalised draft alone is no draft", map[string]string{a: withFront("Draft = true"), "content/2024/b.md": "+++\nDraft = true\n+++\n"}, []string{
			a + `:7:1: unknown key "Draft" (did you mean "draft"?)`,
			`content/2024/b.md:1:1: missing category, the 主题分类 as declared in config.toml (add a line such as category = "年度计划总结" to the front matter)`,
			`content/2024/b.md:1:1: missing date, the 发文日期 (add a line such as date = 2024-03-18 to the front matter)`,
			`content/2024/b.md:1:1: missing index, the 索引号 (add a line such as index = "00001434-9/2024-NNNNN" (the issuer's code, the year, and the issuer's next free serial that year) to the front matter)`,
			`content/2024/b.md:1:1: missing issuer, the 发布机构 as declared in config.toml (add a line such as issuer = "测试区教育工会" to the front matter)`,
			`content/2024/b.md:1:1: missing title, the document's title (add a line such as title = "关于……的通知" to the front matter)`,
			`content/2024/b.md:2:1: unknown key "Draft" (did you mean "draft"?)`,
		}},
		{"capitalised key in a schedule row", map[string]string{a: withFront("[[schedule]]\nMonth = 3\nitem = \"走访\"")},
			[]string{a + `:8:1: unknown key "Month" in [[schedule]] (did you mean "month"?)`}},
		{"capitalised key in an attachment", map[string]string{a: withFront("[[attachments]]\ntitle = \"表\"\nFile = \"f.pdf\""), "content/2024/f.pdf": "%PDF"}, []string{
			a + `:9:1: unknown key "File" in [[attachments]] (did you mean "file"?)`,
			`content/2024/f.pdf: warning: is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)`,
		}},
		{"capitalised table", map[string]string{a: withFront("[[Schedule]]\nmonth = 3\nitem = \"走访\"")},
			[]string{a + `:7:1: unknown key "Schedule" (did you mean "schedule"?)`}},
		{"page with a capitalised key", map[string]string{"content/pages/guide.md": "+++\nTitle = \"指南\"\n+++\n"},
			[]string{`content/pages/guide.md:2:1: unknown key "Title" (did you mean "title"?)`}},
		{"far misspelling gets no suggestion", map[string]string{a: withFront("[[schedule]]\nmonth = 3\nitem = \"走访\"\ndya = 2024-03-01\ndraught = true")}, []string{
			a + `:10:1: unknown key "dya" in [[schedule]] (did you mean "day"?)`,
			a + `:11:1: unknown key "draught" in [[schedule]] (valid keys: month, months, item, owner, day)`,
		}},
		{"document key below a table", map[string]string{a: withFront("[[schedule]]\nmonth = 3\nitem = \"走访\"\ndraft = true")},
			[]string{a + `:10:1: unknown key "draft" in [[schedule]] (draft must come before the first [[…]] table; move the line up)`}},

		// Every value of the wrong type is reported, at the value, with
		// how to write it, and hides nothing else.
		{"wrong types in one file", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, "title = 123", "date = 2024-03-18", `date = "2024-03-01"`, "+++\n各", "draft = \"no\"\n+++\n各")}, []string{
			a + `:2:9: "title" has the wrong type: it is a number, but text is expected (write text in quotes: title = "123")`,
			a + `:5:8: date is the string "2024-03-01" (write the date bare, without quotes: 2024-03-01)`,
			a + `:7:9: "draft" has the wrong type: it is text, but true or false is expected (write true or false, without quotes: draft = false)`,
		}},
		{"attachments as text, a plain schedule table, an unknown key", map[string]string{a: withFront("attachments = \"a.pdf\"\ncatgory = \"x\"\n[schedule]\nmonth = 1\nitem = \"走访\"")}, []string{
			a + `:7:15: "attachments" has the wrong type: it is text, but a list of [[attachments]] tables is expected (write each entry as a line [[attachments]] followed by its keys, below the other keys)`,
			a + `:8:1: unknown key "catgory" (did you mean "category"?)`,
			a + `:9:1: "schedule" has the wrong type: [schedule] is one table, but a list of [[schedule]] tables is expected (write [[schedule]] with double brackets, one above each entry)`,
		}},
		{"wrong types in a schedule row", map[string]string{a: withFront("[[schedule]]\nmonth = \"3\"\nitem = 5\n[[schedule]]\nmonths = \"7, 8\"\nitem = \"暑期\"")}, []string{
			a + `:8:9: "month" has the wrong type: it is text, but a whole number is expected (write the number without quotes: month = 3)`,
			a + `:9:8: "item" has the wrong type: it is a number, but text is expected (write text in quotes: item = "5")`,
			a + `:11:10: "months" has the wrong type: it is text, but a list of numbers is expected (write the numbers in [ ], e.g. months = [7, 8])`,
		}},
		{"list with a number in it", map[string]string{a: withFront(`keywords = ["工作要点", 1]`)},
			[]string{a + `:7:12: "keywords" has the wrong type: it is a list, but a list of text is expected (write the list in [ ] with each text in quotes: keywords = ["…", "…"])`}},
		{"draft of the wrong type", map[string]string{a: withFront(`draft = 1`)},
			[]string{a + `:7:9: "draft" has the wrong type: it is a number, but true or false is expected (write true or false, without quotes: draft = true or draft = false)`}},
		{"number too large", map[string]string{a: withFront("[[schedule]]\nmonth = 99999999999999999999\nitem = \"走访\"")},
			[]string{a + `:8:9: number too large: 99999999999999999999 is out of range for int64 (check the number on this line)`}},

		// A control character, which an escape such as \u000B puts in a
		// text, is reported at the value, and the text is not used.
		{"title with a word processor's line break", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, `title = "关于印发\u000B《2024年工作要点》的通知"`)},
			[]string{a + `:2:9: title holds U+000B, a control character that a page cannot show (remove it, or write a space)`}},
		{"control characters in every text of a document, a draft's too", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, `title = "关于\b印发"`,
			`index = "00001434-9/2024-00001"`, `index = "00001434-9/2024-00001\f"`, `issuer = "测试区教育工会"`, `issuer = "测试区教育工会\u0085"`, `category = "年度计划总结"`, "category = \"年度计划总结\u0085\"",
			"+++\n各", "genre = \"通知\\e\"\nnumber = \"示工〔2024〕\\b1号\"\nkeywords = [\"工作要点\", \"计划\\x01\"]\nsummary = \"摘要\\u007F\"\nslug = \"plan\\u0085\"\nschedule_note = \"上述安排\\U0000001B\"\ndraft = true\n"+
				"[[attachments]]\ntitle = \"附件\u0080\"\nfile = \"files/a.pdf\"\n[[schedule]]\nmonth = 3\nitem = \"走访\\u000B\"\nowner = \"王\\u0002\"\n[[schedule]]\nmonth = 4\nitem = \"\\u009F\"\n+++\n各"),
			"content/2024/files/a.pdf": "%PDF"}, []string{
			a + `:2:9: title holds U+0008, a control character that a page cannot show (remove it, or write a space)`,
			a + `:3:9: index holds U+000C, a control character that a page cannot show (remove it, or write a space)`,
			a + `:4:10: issuer holds U+0085, a control character that a page cannot show (remove it, or write a space)`,
			a + `:6:12: category holds U+0085, a control character that a page cannot show (remove it, or write a space)`,
			a + `:7:9: genre holds U+001B, a control character that a page cannot show (remove it, or write a space)`,
			a + `:8:10: number holds U+0008, a control character that a page cannot show (remove it, or write a space)`,
			a + `:9:12: keywords holds U+0001, a control character that a page cannot show (remove it, or write a space)`,
			a + `:10:11: summary holds U+007F, a control character that a page cannot show (remove it, or write a space)`,
			a + `:11:8: slug holds U+0085, a control character that a page cannot show (remove it, or write a space)`,
			a + `:12:17: schedule_note holds U+001B, a control character that a page cannot show (remove it, or write a space)`,
			a + `:15:9: title holds U+0080, a control character that a page cannot show (remove it, or write a space)`,
			a + `:19:8: item holds U+000B, a control character that a page cannot show (remove it, or write a space)`,
			a + `:20:9: owner holds U+0002, a control character that a page cannot show (remove it, or write a space)`,
			a + `:23:8: item holds U+009F, a control character that a page cannot show (remove it, or write a space)`,
		}},
		{"tabs and line ends in texts", map[string]string{a: withFront("summary = \"第一行\\n第二行\\t完\\r\"\nschedule_note = \"\"\"\n上述安排\t会\n调整\"\"\"\n[[schedule]]\nmonth = 3\nitem = '走访\t慰问'")}, nil},
		{"schedule row written inline with a control character", map[string]string{a: withFront(`schedule = [{month = 3, item = "走访\f"}]`)},
			[]string{a + `:7:12: item holds U+000C, a control character that a page cannot show (remove it, or write a space)`}},
		{"attachment file whose backslash TOML reads as a control character", map[string]string{a: withFront("[[attachments]]\nfile = \"files\\baogao.pdf\"")},
			[]string{a + `:8:1: attachment file "files\baogao.pdf" is written with \ (write the path with /: file = "files/baogao.pdf")`}},
		// U+FFFE and U+FFFF, noncharacters, as written (which TOML allows)
		// or as escapes, as control characters are.
		{"noncharacters in the texts of a document and a page", map[string]string{
			a: doc(`title = "关于印发《2024年工作要点》的通知"`, "title = \"关于印发\uFFFE《2024年工作要点》的通知\""),
			"content/2024/c.md": doc(`index = "00001434-9/2024-00001"`, `index = "00001434-9/2024-00003"`,
				"+++\n各", "keywords = [\"要点\", '计划\uFFFF']\nschedule_note = \"\"\"\n上述\uFFFE安排\"\"\"\n+++\n各"),
			"content/pages/guide.md": "+++\ntitle = \"信息公开\\U0000FFFF指南\"\n+++\n",
			"content/2024/b.md":      doc(`index = "00001434-9/2024-00001"`, `index = "00001434-9/2024-00002"`, "+++\n各", "summary = \"摘要\\uFFFF\"\ndraft = true\n+++\n各"),
		}, []string{
			a + `:2:9: title holds U+FFFE, a noncharacter that a page cannot show (remove it)`,
			`content/2024/b.md:7:11: summary holds U+FFFF, a noncharacter that a page cannot show (remove it)`,
			`content/2024/c.md:7:12: keywords holds U+FFFF, a noncharacter that a page cannot show (remove it)`,
			`content/2024/c.md:8:17: schedule_note holds U+FFFE, a noncharacter that a page cannot show (remove it)`,
			`content/pages/guide.md:2:9: title holds U+FFFF, a noncharacter that a page cannot show (remove it)`,
		}},
		// So are the other noncharacters, U+FDD0 to U+FDEF and the last
		// two code points of every plane.
		{"the other noncharacters in the texts of a document", map[string]string{
			a: doc(`title = "关于印发《2024年工作要点》的通知"`, "title = \"关于印发\uFDD0《2024年工作要点》的通知\"",
				"+++\n各", "keywords = [\"要点\", \"计划\U0010FFFF\"]\nsummary = \"摘要\\U0001FFFE\"\n[[schedule]]\nmonth = 3\nitem = \"走访\\uFDEF\"\nowner = \"王\U0002FFFF\"\n+++\n各"),
		}, []string{
			a + `:2:9: title holds U+FDD0, a noncharacter that a page cannot show (remove it)`,
			a + `:7:12: keywords holds U+10FFFF, a noncharacter that a page cannot show (remove it)`,
			a + `:8:11: summary holds U+1FFFE, a noncharacter that a page cannot show (remove it)`,
			a + `:11:8: item holds U+FDEF, a noncharacter that a page cannot show (remove it)`,
			a + `:12:9: owner holds U+2FFFF, a noncharacter that a page cannot show (remove it)`,
		}},
		// The body's, each kind, named at the first and counted after
		// it; a tab and a line end are text.
		{"control characters and noncharacters in bodies", map[string]string{
			a:                        withFront("") + "\n第一段\t正文。\n\n第二段\a响铃，\x0c换页\u0085，\U0010FFFF完。\n",
			"content/2024/b.md":      doc(`index = "00001434-9/2024-00001"`, `index = "00001434-9/2024-00002"`) + "\n\uFDD0\n",
			"content/2024/c.md":      doc(`index = "00001434-9/2024-00001"`, `index = "00001434-9/2024-00003"`) + "\n附\x7f件\n",
			"content/pages/guide.md": "+++\ntitle = \"指南\"\n+++\n\n申请\x1b方式\n",
		}, []string{
			a + `:15:4: the body holds U+0007, a control character that a page cannot show (remove it, or write a space; 3 more such characters follow in the body)`,
			`content/2024/b.md:12:1: the body holds U+FDD0, a noncharacter that a page cannot show (remove it)`,
			`content/2024/c.md:12:2: the body holds U+007F, a control character that a page cannot show (remove it, or write a space)`,
			`content/pages/guide.md:5:3: the body holds U+001B, a control character that a page cannot show (remove it, or write a space)`,
		}},
		{"page title with a control character", map[string]string{"content/pages/guide.md": "+++\ntitle = \"信息公开\\u000B指南\"\nslug = \"guide\\u007F\"\n+++\n"}, []string{
			`content/pages/guide.md:2:9: title holds U+000B, a control character that a page cannot show (remove it, or write a space)`,
			`content/pages/guide.md:3:8: slug holds U+007F, a control character that a page cannot show (remove it, or write a space)`,
		}},

		// Columns count characters, as an editor does.
		{"syntax error after Chinese", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, `title = "通知"  x = 1`)},
			[]string{a + `:2:13: TOML syntax: expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead (check quotes, brackets and the = sign on this line)`}},
		{"empty title", map[string]string{a: doc(`title = "关于印发《2024年工作要点》的通知"`, `title = ""`)},
			[]string{a + `:2:1: empty title, the document's title (fill in the quotes, as in title = "关于……的通知")`}},
		{"empty issuer", map[string]string{a: doc(`issuer = "测试区教育工会"`, `issuer = " "`)},
			[]string{a + `:4:1: empty issuer, the 发布机构 as declared in config.toml (fill in the quotes, as in issuer = "测试区教育工会")`}},
		{"page with an empty title", map[string]string{"content/pages/guide.md": "+++\nslug = \"guide\"\ntitle = \"\"\n+++\n"},
			[]string{`content/pages/guide.md:3:1: empty title, the page's title (fill in the quotes, as in title = "…")`}},
		{"page without a title", map[string]string{"content/pages/guide.md": "+++\nslug = \"guide\"\n+++\n"},
			[]string{`content/pages/guide.md:1:1: missing title, the page's title (add a line such as title = "…" to the front matter)`}},
		{"page with a misspelled title", map[string]string{"content/pages/guide.md": "+++\nslug = \"guide\"\ntitel = \"指南\"\n+++\n"},
			[]string{`content/pages/guide.md:3:1: unknown key "titel" (did you mean "title"?)`}},

		// Dates and months: what is wrong, and the value as it should be.
		{"date as a number", map[string]string{a: doc("date = 2024-03-18", "date = 20240301")},
			[]string{a + `:5:8: date is the number 20240301, not a date (write it with dashes and without quotes: 2024-03-01)`}},
		{"date as some number", map[string]string{a: doc("date = 2024-03-18", "date = 2024")},
			[]string{a + `:5:8: date is the number 2024, not a date (write a date with dashes and without quotes, e.g. 2024-03-18)`}},
		{"date as a time", map[string]string{a: doc("date = 2024-03-18", "date = 10:00:00")},
			[]string{a + `:5:8: date is a time of day, not a date (write the date bare, without quotes: 2024-03-18)`}},
		{"date as a list", map[string]string{a: doc("date = 2024-03-18", "date = [2024, 3, 18]")},
			[]string{a + `:5:8: date is a list, not a date (write the date bare, without quotes: 2024-03-18)`}},
		{"Windows path in double quotes", map[string]string{a: withFront("[[attachments]]\nfile = \"files\\通知.pdf\"")},
			[]string{a + `:8:9: TOML syntax: invalid escape in string '\通' (in double quotes \ starts an escape such as \n: write a path with / instead, and \\ for a backslash)`}},
		{"Windows path from a drive in double quotes", map[string]string{a: withFront("[[attachments]]\nfile = \"C:\\Users\\me\\a.pdf\"")},
			[]string{a + `:8:9: TOML syntax: expected eight hexadecimal digits after '\U', but got "C:\\Us" instead (in double quotes \ starts an escape such as \n: write a path with / instead, and \\ for a backslash)`}},
		{"date with one-digit month and day", map[string]string{a: doc("date = 2024-03-18", "date = 2024-3-1")},
			[]string{a + `:5:8: date 2024-3-1 needs two digits for the month and for the day (write 2024-03-01)`}},
		{"schedule day with a one-digit day", map[string]string{a: withFront("[[schedule]]\nmonth = 3\nitem = \"走访\"\nday = 2024-03-5")},
			[]string{a + `:10:7: date 2024-03-5 needs two digits for the month and for the day (write 2024-03-05)`}},
		{"schedule day as text", map[string]string{a: withFront("[[schedule]]\nmonth = 3\nitem = \"走访\"\nday = \"3月5日\"")},
			[]string{a + `:10:7: schedule row 1: day is the string "3月5日" (write the date bare, without quotes: 2024-03-18)`}},
		{"schedule month zero", map[string]string{a: withFront("[[schedule]]\nmonth = 0\nitem = \"走访\"")},
			[]string{a + `:8:1: schedule row 1 has month 0, but months are 1–12 (write the month's number, e.g. month = 3)`}},
		{"declared names listed once", map[string]string{a: doc("category = \"年度计划总结\"", "category = \"其他\""), "config.toml": strings.Replace(testConfig, `name = "年度计划总结"`, `name = "通知公告"`, 1)}, []string{
			`config.toml:10:1: categories name "通知公告" is declared twice (also at line 6; remove one)`,
			a + `:6:1: category "其他" is not declared in config.toml (declared: 通知公告; or declare it under [[categories]])`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemStrings(mapSite(tt.files))
			sameProblemsInspected(t, mapSite(tt.files))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestConfigChecks(t *testing.T) {
	tests := []struct {
		name, config string
		want         []string
	}{
		{"unknown key", "base_url = \"x\"\n" + testConfig, []string{`config.toml:1:1: unknown key "base_url" (did you mean "baseURL"?)`}},
		{"key after a table belongs to it", testConfig + "language = \"en\"\n", []string{`config.toml:17:1: unknown key "language" in [[issuers]] (language must come before the first [[…]] table; move the line up)`}},
		{"unknown category key", strings.Replace(testConfig, "slug = \"plans\"", "slug = \"plans\"\nslgu = \"x\"", 1), []string{`config.toml:8:1: unknown key "slgu" in [[categories]] (did you mean "slug"?)`}},
		{"bad slug", strings.Replace(testConfig, `slug = "plans"`, `slug = "计划"`, 1), []string{`config.toml:7:1: [[categories]] "年度计划总结" needs an ASCII slug of lower-case letters, digits and hyphens (e.g. slug = "work-plans"); it is "计划"`}},
		{"slug Windows cannot hold", strings.Replace(testConfig, `slug = "plans"`, `slug = "prn"`, 1), []string{`config.toml:7:1: [[categories]] "年度计划总结": slug "prn" is taken on Windows by the device PRN, whatever its extension (choose another slug: the archive is copied to USB sticks and opened on Windows)`}},
		{"duplicate slug", strings.Replace(testConfig, `slug = "notices"`, `slug = "plans"`, 1), []string{`config.toml:11:1: categories slug "plans" is used twice (also at line 7; URLs must differ)`}},
		{"relative baseURL", strings.Replace(testConfig, `https://example.org/gk/`, `/gk/`, 1), []string{`config.toml:2:1: baseURL "/gk/" is not an absolute URL (write it as https://example.org/ or https://example.org/sub/path/)`}},
		{"baseURL host not a domain name", strings.Replace(testConfig, `https://example.org/gk/`, `https://工会-.中国/gk/`, 1), []string{`config.toml:2:1: baseURL "https://工会-.中国/gk/" has a host name that is not a valid domain name: idna: invalid label "工会-" (check its spelling, or write it as the registrar gives it, xn--…)`}},
		{"misspelling beside the key it misspells", "index_pattern = \"^A$\"\nIndex_Pattern = \"x\"\n" + testConfig, []string{
			`config.toml:2:1: unknown key "Index_Pattern" (did you mean "index_pattern"?)`,
			`content/2024/a.md:3:1: index "00001434-9/2024-00001" does not match the site's index_pattern ^A$ (correct the number, or set index_pattern in config.toml)`,
		}},
		{"bad language", "language = \"fr\"\n" + testConfig, []string{`config.toml:1:1: language "fr" is not supported (use "zh-CN" or "en")`}},
		{"bad pattern", "index_pattern = \"([\"\n" + testConfig, []string{"config.toml:1:1: index_pattern is not a valid regular expression: error parsing regexp: missing closing ]: `[`"}},
		{"issuer code check", strings.Replace(testConfig, `00001434-9`, `00001434-1`, 1), []string{`config.toml:16:1: warning: organization code "00001434-1" fails the GB 11714 check: the check character should be 9 (check the code; early codes can fail and still be real)`}},
		{"base_url", strings.Replace(testConfig, "baseURL", "base_url", 1), []string{`config.toml:2:1: unknown key "base_url" (did you mean "baseURL"?)`}},
		{"page_size as text", strings.Replace(testConfig, "page_size = 2", `page_size = "20"`, 1), []string{
			`config.toml:3:13: "page_size" has the wrong type: it is text, but a whole number is expected (write the number without quotes: page_size = 20)`,
		}},
		{"every wrong type", strings.Replace(strings.Replace(testConfig, "page_size = 2", "page_size = 2.5\nraw_html = \"yes\"\ntitle = 1", 1), `title = "测试区教育工会"`+"\n", "", 1), []string{
			`config.toml:2:13: "page_size" has the wrong type: it is a number, but a whole number is expected (write a whole number, without a decimal point: page_size = 50)`,
			`config.toml:3:12: "raw_html" has the wrong type: it is text, but true or false is expected (write true or false, without quotes: raw_html = true)`,
			`config.toml:4:9: "title" has the wrong type: it is a number, but text is expected (write text in quotes: title = "1")`,
		}},
		{"capitalised keys", strings.Replace(strings.Replace(testConfig, "baseURL", "BaseURL", 1), `name = "测试区教育工会"`, `Name = "测试区教育工会"`, 1), []string{
			`config.toml:2:1: unknown key "BaseURL" (did you mean "baseURL"?)`,
			`config.toml:14:1: unknown key "Name" in [[issuers]] (did you mean "name"?)`,
		}},
		{"issuer name of the wrong type", strings.Replace(testConfig, `name = "测试区教育工会"`, `name = 5`, 1), []string{
			`config.toml:14:8: "name" has the wrong type: it is a number, but text is expected (write text in quotes: name = "5")`,
		}},
		{"control characters in the config's texts", strings.NewReplacer(`title = "测试区教育工会"`, `title = "测试区教育工会\u000B"`+"\ndescription = \"一句话\\b\"", `gk/"`, `gk/\u0001"`,
			`name = "年度计划总结"`, "name = \"年度计划总结\u0085\"", `code = "00001434-9"`, `code = "00001434-9\f"`).Replace(testConfig), []string{
			`config.toml:1:9: title holds U+000B, a control character that a page cannot show (remove it, or write a space)`,
			`config.toml:2:15: description holds U+0008, a control character that a page cannot show (remove it, or write a space)`,
			`config.toml:3:11: baseURL holds U+0001, a control character that a page cannot show (remove it, or write a space)`,
			`config.toml:7:8: name holds U+0085, a control character that a page cannot show (remove it, or write a space)`,
			`config.toml:17:8: code holds U+000C, a control character that a page cannot show (remove it, or write a space)`,
		}},
		{"noncharacters in the config's texts", strings.NewReplacer(`title = "测试区教育工会"`, `title = "测试区教育工会\uFFFF"`+"\ndescription = \"一句话\\uFFFE\"",
			`name = "年度计划总结"`, "name = '年度\uFFFE计划总结'").Replace(testConfig), []string{
			`config.toml:1:9: title holds U+FFFF, a noncharacter that a page cannot show (remove it)`,
			`config.toml:2:15: description holds U+FFFE, a noncharacter that a page cannot show (remove it)`,
			`config.toml:7:8: name holds U+FFFE, a noncharacter that a page cannot show (remove it)`,
		}},
		{"the other noncharacters in the config's texts", strings.NewReplacer(`title = "测试区教育工会"`, `title = "测试区教育工会\uFDEF"`+"\ndescription = \"一句话\\U000FFFFF\"",
			`name = "年度计划总结"`, "name = '年度\U0001FFFE计划总结'").Replace(testConfig), []string{
			`config.toml:1:9: title holds U+FDEF, a noncharacter that a page cannot show (remove it)`,
			`config.toml:2:15: description holds U+FFFFF, a noncharacter that a page cannot show (remove it)`,
			`config.toml:7:8: name holds U+1FFFE, a noncharacter that a page cannot show (remove it)`,
		}},
		{"categories as one table", strings.Replace(strings.Replace(testConfig, "[[categories]]\nname = \"通知公告\"\nslug = \"notices\"\n", "", 1), "[[categories]]", "[categories]", 1), []string{
			`config.toml:5:1: "categories" has the wrong type: [categories] is one table, but a list of [[categories]] tables is expected (write [[categories]] with double brackets, one above each entry)`,
		}},
		{"misspelled issuers table", strings.Replace(testConfig, "[[issuers]]", "[[issuer]]", 1), []string{
			`config.toml:13:1: unknown key "issuer" (did you mean "issuers"?)`,
		}},

		// A required value is missing where no line gives it, and empty
		// on the line that leaves it empty, in the words documents use.
		{"missing title", strings.Replace(testConfig, `title = "测试区教育工会"`+"\n", "", 1), []string{
			`config.toml:1:1: missing title, the archive's name (add a line such as title = "…" to config.toml)`,
		}},
		{"empty title", "# 示范区\n" + strings.Replace(testConfig, `title = "测试区教育工会"`, `title = " "`, 1), []string{
			`config.toml:2:1: empty title, the archive's name (fill in the quotes, as in title = "…")`,
		}},
		{"missing baseURL", strings.Replace(testConfig, `baseURL = "https://example.org/gk/"`+"\n", "", 1), []string{
			`config.toml:1:1: missing baseURL, the address the site will be served from (add a line such as baseURL = "https://example.org/" to config.toml)`,
		}},
		{"empty baseURL", strings.Replace(testConfig, `baseURL = "https://example.org/gk/"`, `baseURL = ""`, 1), []string{
			`config.toml:2:1: empty baseURL, the address the site will be served from (fill in the quotes, as in baseURL = "https://example.org/")`,
		}},
		{"title of the wrong type is not missing too", strings.Replace(testConfig, `title = "测试区教育工会"`, `title = ["测试区教育工会"]`, 1), []string{
			`config.toml:1:9: "title" has the wrong type: it is a list, but text is expected (write text in quotes: title = "…")`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"config.toml": {Data: []byte(tt.config)}, "content/2024/a.md": {Data: []byte(testDoc)}}
			got := problemStrings(fsys)
			sameProblemsInspected(t, fsys)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestAttachedSymlink: an attachment that names a symbolic link is told
// so, beside the error for the link itself.
func TestAttachedSymlink(t *testing.T) {
	const a = "content/2024/a.md"
	fsys := mapSite(map[string]string{a: withFront("[[attachments]]\nfile = \"files/leak.pdf\"")})
	fsys["content/2024/files/leak.pdf"] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink}
	got := problemStrings(fsys)
	want := []string{
		a + `:8:1: attachment 1: file content/2024/files/leak.pdf is a symbolic link, and links are not followed (copy the file there instead)`,
		`content/2024/files/leak.pdf: is a symbolic link; links are not followed, so nothing outside content/ can be published by accident (copy the file here instead)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSymlinkRefused(t *testing.T) {
	fsys := mapSite(map[string]string{"content/2024/a.md": testDoc})
	fsys["content/2024/secret.md"] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink}
	got := problemStrings(fsys)
	want := `content/2024/secret.md: is a symbolic link; links are not followed, so nothing outside content/ can be published by accident (copy the file here instead)`
	if len(got) != 1 || got[0] != want {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

// TestConfigUnreadable: when config.toml cannot be read, its own problem
// is reported, and each document's own problems, but not what follows
// only from the config being unread (every issuer and category "not
// declared").
func TestConfigUnreadable(t *testing.T) {
	docs := map[string]string{
		"content/2024/a.md": testDoc,
		"content/2024/b.md": doc("index = \"00001434-9/2024-00001\"\n", ""),
		"content/2024/c.md": "+++\ntitle = \"x\n+++\n",
	}
	own := []string{
		`content/2024/b.md:1:1: missing index, the 索引号 (add a line such as index = "00001434-9/2024-NNNNN" (the issuer's code, the year, and the issuer's next free serial that year) to the front matter)`,
		`content/2024/c.md:2:11: TOML syntax: strings cannot contain newlines (check quotes, brackets and the = sign on this line)`,
	}
	tests := []struct {
		name   string
		config []byte
		want   string
	}{
		{"unclosed quote", []byte(strings.Replace(testConfig, `title = "测试区教育工会"`, `title = "测试区教育工会`, 1)),
			`config.toml:1:17: TOML syntax: strings cannot contain newlines (check quotes, brackets and the = sign on this line)`},
		{"GB18030", gb18030(t, testConfig),
			`config.toml:1:10: is not UTF-8: it looks like GB18030/GBK (convert it with: iconv -f GB18030 -t UTF-8 in.toml > out.toml, or save it as UTF-8 in the editor)`},
		{"invalid UTF-8 at the end of a line", []byte(strings.Replace(testConfig, "slug = \"union\"\n", "slug = \"union\"\xff\n", 1)),
			`config.toml:15:15: is not valid UTF-8 text (save the file as UTF-8 in the editor)`},
		{"NUL byte", []byte(strings.Replace(testConfig, "page_size = 2", "page_size = 2\x00", 1)),
			`config.toml:3:14: contains a NUL byte, so it is not a text file (save the file as UTF-8 text)`},
		{"no config", nil,
			`config.toml: cannot read the site configuration: open config.toml: file does not exist (run gongkai in the site folder, or give --source)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := mapSite(docs)
			if tt.config == nil {
				delete(fsys, "config.toml")
			} else {
				fsys["config.toml"].Data = tt.config
			}
			want := append([]string{tt.want}, own...)
			got := problemStrings(fsys)
			sameProblemsInspected(t, fsys)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// gb18030 encodes UTF-8 text as GB18030.
func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBaseURLEncoded: a base URL written with a space or Chinese in its
// path is used percent-encoded in the sitemap and feeds, while links
// within the site (404.html's) and calendar UIDs keep what they were.
func TestBaseURLEncoded(t *testing.T) {
	fsys := mapSite(map[string]string{"content/2024/a.md": testDoc})
	fsys["config.toml"].Data = []byte(strings.Replace(testConfig, `"https://example.org/gk/"`, `"https://example.org/g k/公开/"`, 1))
	out := buildMem(t, fsys, Options{})
	for _, name := range []string{"sitemap.xml", "feed.xml"} {
		text := string(out.files[name])
		if !strings.Contains(text, "https://example.org/g%20k/%E5%85%AC%E5%BC%80/archive/2024/a/") || strings.Contains(text, "g k/") {
			t.Errorf("%s does not use the encoded base URL:\n%s", name, text)
		}
	}
	if !strings.Contains(string(out.files["404.html"]), `href="/g%20k/%e5%85%ac%e5%bc%80/`) {
		t.Errorf("404.html's links changed:\n%s", out.files["404.html"])
	}
}

// TestBaseURLInternationalHost: a host written in Chinese is used in its
// ASCII form (xn--…), with its port, wherever the base URL is written
// whole: the sitemap, the feeds, the calendars' UIDs and the SiteDomain
// meta tag.
func TestBaseURLInternationalHost(t *testing.T) {
	fsys := mapSite(map[string]string{"content/2024/a.md": testDoc})
	fsys["config.toml"].Data = []byte(strings.Replace(testConfig, `"https://example.org/gk/"`, `"https://工会.中国:8443/g k/"`, 1))
	out := buildMem(t, fsys, Options{})
	for _, name := range []string{"sitemap.xml", "feed.xml"} {
		text := string(out.files[name])
		if !strings.Contains(text, "https://xn--6oq837a.xn--fiqs8s:8443/g%20k/archive/2024/a/") || strings.Contains(text, "工会.中国") {
			t.Errorf("%s does not use the ASCII host:\n%s", name, text)
		}
	}
	page := string(out.files["archive/2024/a/index.html"])
	if !strings.Contains(page, `<meta name="SiteDomain" content="xn--6oq837a.xn--fiqs8s:8443">`) {
		t.Errorf("the SiteDomain meta tag does not hold the ASCII host:\n%s", page)
	}
}

// TestNextSerial: the serial after the highest that an index number,
// a draft's too, writes in digits alone after the prefix; 1 when none
// does.
func TestNextSerial(t *testing.T) {
	docs := func(indexes ...string) []*Document {
		var out []*Document
		for i, index := range indexes {
			out = append(out, &Document{Index: index, Draft: i%2 == 1})
		}
		return out
	}
	const prefix = "00001434-9/2024-"
	tests := []struct {
		docs []*Document
		want int
	}{
		{nil, 1},
		{docs("00001434-9/2024-00001"), 2},
		{docs("00001434-9/2024-00003", "00001434-9/2024-00007"), 8}, // the second is a draft
		{docs("00001434-9/2024-00000"), 1},
		{docs("00001434-9/2024-12", "00001434-9/2024-0011"), 13},
		{docs("00001434-9/2025-00009", "00001435-0/2024-00009", "x00001434-9/2024-00009"), 1},
		{docs("00001434-9/2024-", "00001434-9/2024-0000a", "00001434-9/2024-00005/1", "00001434-9/2024-+0005"), 1},
		{docs("00001434-9/2024-999999999", "00001434-9/2024-1000000000"), 1000000000},
		{docs("00001434-9/2024-0000000000000000000000042"), 43},
		{docs(""), 1},
	}
	for _, tt := range tests {
		var indexes []string
		for _, d := range tt.docs {
			indexes = append(indexes, d.Index)
		}
		if got := NextSerial(tt.docs, prefix); got != tt.want {
			t.Errorf("NextSerial(%q, %q) = %d, want %d", indexes, prefix, got, tt.want)
		}
	}
}
