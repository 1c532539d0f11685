package importer

import (
	"github.com/gongkai/gongkai/generator"

	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.md")

// testSite mirrors the example archive's config.toml.
var testSite = Site{
	Categories:  []string{"年度计划总结", "通知公告", "教职工权益", "文体活动", "信息公开年报"},
	Issuers:     []string{"示范区教育工会", "示范区教育局"},
	IssuerCodes: map[string]string{"示范区教育工会": "00001434-9", "示范区教育局": "71781755-2"},
}

func sources(t *testing.T) []string {
	t.Helper()
	all, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		if strings.HasSuffix(f, ".golden.md") {
			continue
		}
		if sourceExt[strings.ToLower(filepath.Ext(f))] {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	return out
}

func goldenName(src string) string {
	return strings.TrimSuffix(src, filepath.Ext(src)) + ".golden.md"
}

func render(res Result) []byte {
	var b bytes.Buffer
	for i, d := range res.Docs {
		if i > 0 {
			fmt.Fprintf(&b, "\n<!-- document %d of %d: %s.md -->\n\n", i+1, len(res.Docs), d.Slug)
		}
		b.Write(d.Markdown())
	}
	return b.Bytes()
}

// TestGolden converts each fixture and compares the Markdown with
// testdata/<case>.golden.md; -update rewrites the golden files.
func TestGolden(t *testing.T) {
	for _, src := range sources(t) {
		t.Run(filepath.Base(src), func(t *testing.T) {
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Convert(filepath.Base(src), data, testSite)
			if err != nil {
				t.Fatal(err)
			}
			got := render(res)
			g := goldenName(src)
			if *update {
				if err := os.WriteFile(g, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(g)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", g, firstDiff(string(want), string(got)))
			}
			for _, d := range res.Docs {
				roundTrip(t, d)
				if !d.Draft {
					checkPublishable(t, d, testSite)
				}
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, a, b)
		}
	}
	return ""
}

// frontMatter is the document format as the generator reads it.
type frontMatter struct {
	Title        string    `toml:"title"`
	Index        string    `toml:"index"`
	Issuer       string    `toml:"issuer"`
	Date         time.Time `toml:"date"`
	Category     string    `toml:"category"`
	Genre        string    `toml:"genre"`
	Number       string    `toml:"number"`
	Keywords     []string  `toml:"keywords"`
	Summary      string    `toml:"summary"`
	Slug         string    `toml:"slug"`
	Draft        bool      `toml:"draft"`
	ScheduleNote string    `toml:"schedule_note"`
	Attachments  []struct {
		Title string `toml:"title"`
		File  string `toml:"file"`
	} `toml:"attachments"`
	Schedule []struct {
		Month  int       `toml:"month"`
		Months []int     `toml:"months"`
		Item   string    `toml:"item"`
		Owner  string    `toml:"owner"`
		Day    time.Time `toml:"day"`
	} `toml:"schedule"`
}

func splitFile(t testing.TB, md []byte) (string, string) {
	t.Helper()
	s := string(md)
	if !strings.HasPrefix(s, "+++\n") {
		t.Fatalf("no opening +++ line:\n%s", s)
	}
	end := strings.Index(s[4:], "\n+++\n")
	if end < 0 {
		t.Fatalf("no closing +++ line:\n%s", s)
	}
	return s[4 : 4+end+1], s[4+end+5:]
}

// roundTrip decodes the front matter with a TOML decoder and compares it
// with the document, so that quoting and layout are valid TOML.
func roundTrip(t testing.TB, d *Document) {
	t.Helper()
	fm, _ := splitFile(t, d.Markdown())
	var got frontMatter
	meta, err := toml.Decode(fm, &got)
	if err != nil {
		t.Fatalf("front matter is not valid TOML: %v\n%s", err, fm)
	}
	if und := meta.Undecoded(); len(und) > 0 {
		t.Errorf("unexpected keys %v", und)
	}
	dateStr := ""
	if meta.IsDefined("date") {
		dateStr = got.Date.Format("2006-01-02")
	}
	if got.Title != d.Title || got.Index != d.Index || got.Issuer != d.Issuer || dateStr != d.Date.String() ||
		got.Category != d.Category || got.Number != d.Number || got.Draft != d.Draft || got.ScheduleNote != d.ScheduleNote {
		t.Errorf("round trip changed the metadata: %+v", got)
	}
	if len(d.Keywords) > 0 && !reflect.DeepEqual(got.Keywords, d.Keywords) {
		t.Errorf("keywords %q, want %q", got.Keywords, d.Keywords)
	}
	if len(got.Schedule) != len(d.Schedule) {
		t.Fatalf("%d schedule rows decoded, want %d", len(got.Schedule), len(d.Schedule))
	}
	for i, r := range d.Schedule {
		g := got.Schedule[i]
		months := g.Months
		if g.Month != 0 {
			months = []int{g.Month}
		}
		if !reflect.DeepEqual(months, r.Months) || g.Item != r.Item || g.Owner != r.Owner {
			t.Errorf("row %d decoded as %+v, want %+v", i, g, r)
		}
	}
	if len(got.Attachments) != len(d.Attachments) {
		t.Errorf("%d attachments decoded, want %d", len(got.Attachments), len(d.Attachments))
	}
}

var reSlugOK = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// checkPublishable holds a document that is not a draft to the rules
// gongkai check applies: required fields, declared names, the index
// shape, an ASCII slug, months and attachment files.
func checkPublishable(t testing.TB, d *Document, site Site) {
	t.Helper()
	fm, _ := splitFile(t, d.Markdown())
	var m frontMatter
	meta, err := toml.Decode(fm, &m)
	if err != nil {
		t.Fatal(err)
	}
	if m.Draft {
		t.Fatal("checkPublishable called on a draft")
	}
	if strings.TrimSpace(m.Title) == "" {
		t.Error("no title")
	}
	if !regexp.MustCompile(generator.DefaultIndexPattern).MatchString(m.Index) {
		t.Errorf("index %q does not match %s", m.Index, generator.DefaultIndexPattern)
	}
	if !contains(site.Issuers, m.Issuer) {
		t.Errorf("issuer %q not declared", m.Issuer)
	}
	if !contains(site.Categories, m.Category) {
		t.Errorf("category %q not declared", m.Category)
	}
	if !meta.IsDefined("date") {
		t.Error("no date")
	} else if m.Date.IsZero() {
		t.Error("zero date")
	}
	if !reSlugOK.MatchString(d.Slug) {
		t.Errorf("slug %q is not [a-z0-9-]", d.Slug)
	}
	for _, r := range m.Schedule {
		ms := r.Months
		if r.Month != 0 {
			ms = append(ms, r.Month)
		}
		if len(ms) == 0 || r.Item == "" {
			t.Errorf("schedule row without month or item: %+v", r)
		}
		for _, x := range ms {
			if x < 1 || x > 12 {
				t.Errorf("month %d out of range", x)
			}
		}
	}
	for _, a := range m.Attachments {
		if a.Title == "" || a.File == "" || strings.HasPrefix(a.File, "/") || strings.Contains(a.File, "..") {
			t.Errorf("bad attachment %+v", a)
		}
	}
}

func convertFixture(t *testing.T, name string) Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(name, data, testSite)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hasItem(xs []string, sub string) bool {
	for _, x := range xs {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}

// TestFixtures states what each fixture must give, independently of the
// golden files.
func TestFixtures(t *testing.T) {
	t.Run("notice_flat", func(t *testing.T) {
		res := convertFixture(t, "notice_flat.txt")
		d := res.Docs[0]
		if len(res.Docs) != 1 || d.Draft {
			t.Fatalf("want one publishable document, got %d, review %q", len(res.Docs), d.Review)
		}
		if d.Title != "关于印发《示范区教育工会2022年工作要点》的通知" || d.Index != "00001434-9/2022-00007" ||
			d.Date != (Date{2022, 2, 18}) || d.Genre != "通知" || d.Slug != "2022-00007" {
			t.Errorf("metadata: %+v", d)
		}
		if len(d.Schedule) != 7 || !reflect.DeepEqual(d.Schedule[4].Months, []int{7, 8}) || d.Schedule[1].Owner != "各基层工会" {
			t.Errorf("schedule: %+v", d.Schedule)
		}
		if d.ScheduleNote != "上述工作安排会根据实际情况进行调整" {
			t.Errorf("note %q", d.ScheduleNote)
		}
		body := d.Body()
		for _, s := range []string{"## 一、加强思想引领", "各基层工会:", "2022年2月18日", "附件:1."} {
			if !strings.Contains(body, s) {
				t.Errorf("body lacks %q", s)
			}
		}
		for _, s := range []string{"负责人", "王晓明", "浏览次数", "索引号", "注:"} {
			if strings.Contains(body, s) {
				t.Errorf("body still has %q", s)
			}
		}
	})
	t.Run("flat_noowner", func(t *testing.T) {
		d := convertFixture(t, "flat_noowner.txt").Docs[0]
		if !d.Draft || !hasItem(d.Review, `category "工作计划" is not declared in config.toml`) {
			t.Errorf("want a draft for the undeclared category, review %q", d.Review)
		}
		if !strings.Contains(string(d.Markdown()), `# review: category "工作计划" is not declared in config.toml`) {
			t.Error("no review comment in the front matter")
		}
		if len(d.Schedule) != 6 || d.Schedule[0].Months[0] != 1 || d.Schedule[3].Months[0] != 11 {
			t.Fatalf("schedule: %+v", d.Schedule)
		}
		for _, r := range d.Schedule {
			if r.Owner != "" {
				t.Errorf("owner %q in a schedule without owners", r.Owner)
			}
		}
		if d.Date != (Date{2022, 3, 2}) || !reflect.DeepEqual(d.Keywords, []string{"工会小组", "安排"}) {
			t.Errorf("header: %v %q", d.Date, d.Keywords)
		}
		if !strings.Contains(d.Body(), "示范区教育工会\n\n2022年3月2日") {
			t.Errorf("signature lost:\n%s", d.Body())
		}
	})
	t.Run("gbk_plan", func(t *testing.T) {
		res := convertFixture(t, "gbk_plan.txt")
		d := res.Docs[0]
		if res.Encoding != "GB18030" || !hasItem(res.Notes, "GB18030") {
			t.Errorf("encoding %q notes %q", res.Encoding, res.Notes)
		}
		if d.Title != "示范区实验小学工会2022年工作计划" || !d.Draft || !hasItem(d.Review, "索引号") {
			t.Errorf("title %q review %q", d.Title, d.Review)
		}
		if len(d.Schedule) != 8 || !reflect.DeepEqual(d.Schedule[5].Months, []int{7, 8}) || d.Schedule[7].Owner != "李红" {
			t.Errorf("schedule: %+v", d.Schedule)
		}
		for _, s := range []string{"本站", "上一篇", "相关文章", ">>", "三月："} {
			if strings.Contains(d.Body(), s) {
				t.Errorf("body still has %q", s)
			}
		}
	})
	t.Run("crlf_notice", func(t *testing.T) {
		res := convertFixture(t, "crlf_notice.txt")
		d := res.Docs[0]
		if !hasItem(res.Notes, "CRLF") || strings.Contains(string(d.Markdown()), "\r") {
			t.Errorf("CRLF not normalised: %q", res.Notes)
		}
		if d.Date != (Date{2022, 5, 6}) || d.Number != "示教工〔2022〕5号" || d.Category != "文体活动" {
			t.Errorf("metadata: %+v", d)
		}
		if len(d.listed) != 2 || !hasItem(d.Review, "not found beside the source") {
			t.Errorf("attachments %+v review %q", d.listed, d.Review)
		}
		if !strings.Contains(d.Body(), "### （一）个人项目") || !strings.Contains(d.Body(), "1\\. 男子") {
			t.Errorf("body:\n%s", d.Body())
		}
	})
	t.Run("cr_summary", func(t *testing.T) {
		res := convertFixture(t, "cr_summary.txt")
		d := res.Docs[0]
		if !hasItem(res.Notes, "CR line endings") || d.Date != (Date{2022, 1, 12}) {
			t.Errorf("notes %q date %v", res.Notes, d.Date)
		}
		if !hasItem(d.Review, "placeholders") || !hasItem(d.Review, "signature") || d.Issuer != "示范区教育工会" {
			t.Errorf("review %q", d.Review)
		}
	})
	t.Run("page.html", func(t *testing.T) {
		res := convertFixture(t, "page.html")
		d := res.Docs[0]
		if res.Encoding != "UTF-8 with BOM" {
			t.Errorf("encoding %q", res.Encoding)
		}
		if d.Title != "关于开展2022年教职工读书月活动的通知" || d.Index != "00001434-9/2022-00031" || d.Issuer != "示范区教育工会" ||
			d.Date != (Date{2022, 4, 6}) || d.Number != "示教工〔2022〕9号" || d.Category != "文体活动" {
			t.Errorf("metadata: %+v", d)
		}
		if len(d.Schedule) != 4 || d.Schedule[1].Months[0] != 4 || d.Schedule[1].Owner != "各基层工会" ||
			!reflect.DeepEqual(d.Schedule[3].Months, []int{6, 7}) || d.ScheduleNote != "具体时间以另行通知为准" {
			t.Errorf("schedule: %+v note %q", d.Schedule, d.ScheduleNote)
		}
		body := d.Body()
		for _, s := range []string{"不应出现", "首页", "版权所有", "分享到", "上一篇", "浏览次数", "font-size", "当前位置", "月份"} {
			if strings.Contains(body, s) {
				t.Errorf("body still has %q", s)
			}
		}
		for _, s := range []string{"## 一、活动内容", "- 征文须为原创；\n- 每人限报一篇。", "各基层工会："} {
			if !strings.Contains(body, s) {
				t.Errorf("body lacks %q:\n%s", s, body)
			}
		}
		if len(d.listed) != 1 || d.listed[0].href != "files/shumu.xlsx" {
			t.Errorf("attachment link: %+v", d.listed)
		}
	})
	t.Run("meta_page.htm", func(t *testing.T) {
		res := convertFixture(t, "meta_page.htm")
		d := res.Docs[0]
		if res.Encoding != "GB18030" || d.Title != "示范区教育局工会2022年职工之家建设方案" || d.Date != (Date{2022, 6, 1}) {
			t.Errorf("encoding %q title %q date %v", res.Encoding, d.Title, d.Date)
		}
		if d.Issuer != "示范区教育局" || !d.Draft || !hasItem(d.Review, "ContentSource") {
			t.Errorf("issuer %q review %q", d.Issuer, d.Review)
		}
		if len(d.Schedule) != 3 || d.Schedule[0].Day != (Date{2022, 6, 30}) || d.Schedule[2].Months[0] != 11 || d.Schedule[2].Owner != "" {
			t.Errorf("schedule %+v", d.Schedule)
		}
		body := d.Body()
		for _, s := range []string{"| 单位 | 名额 | 备注 |\n| --- | --- | --- |", "| 直属学校 \\| 幼儿园 | 5 |  |", "## 二、名额分配"} {
			if !strings.Contains(body, s) {
				t.Errorf("body lacks %q:\n%s", s, body)
			}
		}
		for _, s := range []string{"网站首页", "版权所有", "序号", "完成时间"} {
			if strings.Contains(body, s) {
				t.Errorf("body still has %q", s)
			}
		}
	})
	t.Run("collection", func(t *testing.T) {
		res := convertFixture(t, "collection.txt")
		if len(res.Docs) != 3 {
			t.Fatalf("%d documents, want 3", len(res.Docs))
		}
		for i, d := range res.Docs {
			if want := fmt.Sprintf("2022年工会小组工作计划篇%d", i+1); d.Title != want || !d.Draft {
				t.Errorf("document %d: title %q draft %v", i+1, d.Title, d.Draft)
			}
			if want := fmt.Sprintf("collection-%d", i+1); d.Slug != want {
				t.Errorf("slug %q, want %q", d.Slug, want)
			}
			if strings.Contains(d.Body(), "小编") {
				t.Error("introduction kept")
			}
		}
	})
}

func decodeTOML(s string, v any) (toml.MetaData, error) { return toml.Decode(s, v) }

// TestDocumentNumber: a 文号 is recognised in the brackets and digits
// offices type it with, standing alone above the title or as the value
// under a 文号 label, and kept exactly as written.
func TestDocumentNumber(t *testing.T) {
	for _, number := range []string{
		"示教工〔2024〕7号",
		"示教工[2024]7号",
		"示教工［2024］7号",
		"示教工【2024】7号",
		"示教工（2024）7号",
		"示教工(2024)7号",
		"示教工﹝2024﹞7号",
		"示教工〖2024〗7号",
		"示教工〔2024〕第7号",
		"示教工 〔2024〕 7 号",
		"示教工〔２０２４〕７号",
	} {
		for _, layout := range []string{"%s\n\n关于开展读书月活动的通知\n", "文号：\n%s\n\n关于开展读书月活动的通知\n"} {
			src := fmt.Sprintf(layout, number) + "\n各基层工会：\n\n现将有关事项通知如下。\n"
			res, err := Convert("n.txt", []byte(src), testSite)
			if err != nil {
				t.Fatal(err)
			}
			if d := res.Docs[0]; d.Number != number || d.Title != "关于开展读书月活动的通知" {
				t.Errorf("%q: number %q, title %q; want %q", src, d.Number, d.Title, number)
			}
		}
	}
}

// TestIndexChecks: check warns of an index number whose year is not the
// date's, or whose organization code or credit code fails its check
// character, so such a document waits as a draft, told what check would
// say, for a person to say what is right.
func TestIndexChecks(t *testing.T) {
	tests := []struct {
		index, date string
		review      []string
	}{
		{"00001434-9/2024-00001", "2024年1月5日", nil},
		{"00001434-9/2023-00701", "2024年1月5日", []string{`index "00001434-9/2023-00701" has year 2023 but the date is in 2024 (check the index or the date)`}},
		{"00001434-9/2025-00002", "2024年12月30日", []string{`index "00001434-9/2025-00002" has year 2025 but the date is in 2024 (check the index or the date)`}},
		{"00001434-8/2024-00003", "2024年1月5日", []string{`index: organization code "00001434-8" fails the GB 11714 check: the check character should be 9 (check the code; early codes can fail and still be real)`}},
		{"91350100M000100Y43/2024-00004", "2024年1月5日", nil},
		{"91350100M000100Y44/2024-00005", "2024年1月5日", []string{`index: credit code "91350100M000100Y44" fails the GB 32100 check: the last character should be 3 (check the code)`}},
		{"91350100M000100Y44/2023-00006", "2024年1月5日", []string{
			`index "91350100M000100Y44/2023-00006" has year 2023 but the date is in 2024 (check the index or the date)`,
			`index: credit code "91350100M000100Y44" fails the GB 32100 check: the last character should be 3 (check the code)`,
		}},
	}
	for _, tt := range tests {
		src := "索引号：" + tt.index + "\n发布机构：示范区教育工会\n发文日期：" + tt.date + "\n主题分类：通知公告\n\n关于跨年的通知\n\n各基层工会：\n\n正文。\n"
		res, err := Convert("n.txt", []byte(src), testSite)
		if err != nil {
			t.Fatal(err)
		}
		if d := res.Docs[0]; !reflect.DeepEqual(d.Review, tt.review) || d.Draft != (tt.review != nil) {
			t.Errorf("%s dated %s: draft %v, review %q; want %q", tt.index, tt.date, d.Draft, d.Review, tt.review)
		}
	}
}

// TestOrgCodeOf: the organization code of an index number's issuer is
// the code before the slash, or characters 9 to 17 of a credit code
// there, in one form; a number that starts with neither gives none.
func TestOrgCodeOf(t *testing.T) {
	tests := []struct{ index, want string }{
		{"00001434-9/2024-00001", "00001434-9"},
		{"000014349/2024-00001", "00001434-9"},
		{"81320000000014349N/2024-00001", "00001434-9"},
		{"91350100M000100Y43/2024-00004", "M000100Y-4"},
		// A wrong check character is for IndexWarnings to tell.
		{"81320000000014349P/2024-00001", "00001434-9"},
		{"00001434-8/2024-00001", "00001434-8"},
		// Malformed.
		{"", ""},
		{"81320000000014349N", ""},
		{"81320000000014349n/2024-00001", ""},
		{"8132000000001434N/2024-00001", ""},
		{"813200000000143490N/2024-00001", ""},
		{"81320000-000014349N/2024-00001", ""},
		{"8132000000001434IN/2024-00001", ""},
		{"0000-1434-9/2024-00001", ""},
		{"00001434--9/2024-00001", ""},
		{"00001434-9 /2024-00001", ""},
		{"x00001434-9/2024-00001", ""},
	}
	for _, tt := range tests {
		if got := orgCodeOf(tt.index); got != tt.want {
			t.Errorf("orgCodeOf(%q) = %q, want %q", tt.index, got, tt.want)
		}
	}
}

// TestIssuerFromIndexCode: a page that names no issuer gets the one
// declared with the organization code its index number starts with, or
// that its credit code holds, for a person to check.
func TestIssuerFromIndexCode(t *testing.T) {
	tests := []struct{ index, issuer string }{
		{"00001434-9/2024-00001", "示范区教育工会"},
		{"81320000000014349N/2024-00001", "示范区教育工会"},
		{"51320000717817552P/2024-00001", "示范区教育局"},
	}
	// The same issuers declared by their credit codes in config.toml.
	byCredit := testSite
	byCredit.IssuerCodes = map[string]string{"示范区教育工会": "81320000000014349N", "示范区教育局": "51320000717817552P"}
	for _, site := range []Site{testSite, byCredit} {
		for _, tt := range tests {
			src := "索引号：" + tt.index + "\n发文日期：2024年1月5日\n主题分类：通知公告\n\n关于测试的通知\n\n各基层工会：\n\n正文。\n"
			res, err := Convert("n.txt", []byte(src), site)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{fmt.Sprintf("issuer %q was inferred from the index code: check it", tt.issuer)}
			if d := res.Docs[0]; d.Issuer != tt.issuer || !reflect.DeepEqual(d.Review, want) {
				t.Errorf("%s, codes %v: issuer %q, review %q; want %q, %q", tt.index, site.IssuerCodes, d.Issuer, d.Review, tt.issuer, want)
			}
		}
	}
}
