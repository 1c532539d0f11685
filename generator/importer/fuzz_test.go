package importer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// FuzzHeader feeds the header parser lines in the shapes disclosure
// pages use and checks that it never panics and gives clean values.
func FuzzHeader(f *testing.F) {
	for _, s := range []string{
		"索引号: 00001434-9/2021-00055 发布机构: 区教育局\n发文日期: 2021年03月24日 主题分类: 年度计划总结\n关键词:\n",
		"索　引　号：00001434-9/2022-00021　发布机构：示范区教育工会　发文日期：2022.03.02　主题分类：工作计划　关键词：工会小组；安排",
		"索引号：\n00001434-9/2022-00031\n发布机构：\n示范区教育工会\n发文日期：\n二〇二二年四月六日\n",
		"发文字号：示教工〔2022〕5号 文号：徐工教 [2018]2号",
		"发布时间:2021-03-24 浏览次数: 【字体:",
		"标题：关于开展读书月活动的通知\n索引号：",
		"【索引号】：x/2021-1",
		"关于印发《2018年全市教育工会工作要点》的通知",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		blocks := textToBlocks(s)
		h := parseHeader(blocks, 60)
		for _, v := range append([]string{h.index, h.issuer, h.category, h.number, h.genre, h.title}, h.keywords...) {
			if strings.ContainsAny(v, "\n\r") {
				t.Fatalf("value %q spans lines", v)
			}
		}
		if strings.ContainsAny(h.index, " \t\u3000") {
			t.Fatalf("index %q keeps spaces", h.index)
		}
		for _, d := range []Date{h.date, h.pubdate} {
			if !d.IsZero() && !validDate(d.Year, d.Month, d.Day) {
				t.Fatalf("invalid date %v", d)
			}
		}
		if h.issuer != "" && !strings.Contains(s, h.issuer) {
			t.Fatalf("issuer %q is not in the input", h.issuer)
		}
	})
}

// FuzzSchedule feeds the schedule readers flattened tables and month
// lists and checks the rows they give.
func FuzzSchedule(f *testing.F) {
	for _, s := range []string{
		"时间\n\n序号\n\n内容\n\n负责人\n\n一月份\n\n1\n\n开展爱心活动\n\n林照辉\n\n\n2\n\n编制预算\n\n各基层工会\n\n七、八月\n\n1\n\n暑期休养\n\n顾 磊\n\n注:上述工作安排会根据实际情况进行调整\n",
		"月份\n工作内容\n元月\n整理台账\n十一月\n读书会\n十二月\n总结\n",
		"三月：\n1.开展师德学习。\n2、植树活动\n七、八月份：\n1.暑期休养（负责人：陈国华）\n十二月份：1.年终总结 2.评先评优\n",
		"月份\t工作内容\t责任人\n一月\t编制预算\t王晓明\n\t走访慰问\t各基层工会\n",
		"序号\n工作内容\n完成时间\n1\n上报材料\n3月15日\n",
		"时间\n内容\n十一、十二月\n年报\n7-8月\n休养\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		blocks := textToBlocks(s)
		rows, note, _ := extractSchedules(blocks, 2021)
		for _, r := range rows {
			if len(r.Months) == 0 || r.Item == "" {
				t.Fatalf("row without month or item: %+v", r)
			}
			prev := 0
			for _, m := range r.Months {
				if m < 1 || m > 12 || m <= prev {
					t.Fatalf("months %v", r.Months)
				}
				prev = m
			}
			if !strings.Contains(s, r.Item) {
				t.Fatalf("item %q is not in the input", r.Item)
			}
			if r.Owner != "" && !strings.Contains(s, r.Owner) {
				t.Fatalf("owner %q is not in the input", r.Owner)
			}
			if !r.Day.IsZero() && !validDate(r.Day.Year, r.Day.Month, r.Day.Day) {
				t.Fatalf("day %v", r.Day)
			}
		}
		if strings.ContainsAny(note, "\n") {
			t.Fatalf("note %q", note)
		}
	})
}

// FuzzConvert checks that any page converts without panicking into files
// whose front matter is valid TOML.
func FuzzConvert(f *testing.F) {
	f.Add("a.txt", []byte("索引号: 00001434-9/2021-00055\n关于\"引号\\的通知\n\n一、总则\n1. 内容"))
	f.Add("b.html", []byte("<html><title>t</title><body><h1>关于x的通知</h1><table><tr><td rowspan=3>月份</td><td>工作内容</td></tr></table><p>附件：<a href='x.pdf'>x</a>"))
	f.Add("c.txt", []byte("\xef\xbb\xbf\xb9\xd8\xd3\xda\r\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		res, err := Convert(name, src, testSite)
		if err != nil {
			return
		}
		for _, d := range res.Docs {
			md := d.Markdown()
			if !utf8.Valid(md) {
				t.Fatal("output is not UTF-8")
			}
			fm, _ := splitFile(t, md)
			var m map[string]any
			if _, err := toml.Decode(fm, &m); err != nil {
				t.Fatalf("invalid TOML: %v\n%s", err, fm)
			}
			if d.Slug == "" || !reSlugOK.MatchString(d.Slug) {
				t.Fatalf("slug %q", d.Slug)
			}
		}
	})
}
