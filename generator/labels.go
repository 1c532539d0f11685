package generator

import (
	"fmt"
	"strings"
)

// labels holds every fixed text of the theme, per language. Templates
// reach them through {{.T "key"}}; a missing key is a build error, so a
// language can never show a blank.
var labels = map[string]map[string]string{
	"zh-CN": {
		"home": "首页", "archive": "年度索引", "topics": "主题分类", "issuers": "发布机构", "catalog": "信息公开目录",
		"search": "搜索", "searchPlaceholder": "标题、文号、索引号或正文", "searchSubmit": "搜索", "searchLabel": "站内搜索",
		"latest": "最新公开", "documents": "篇文件", "count": "文件数", "all": "全部",
		"index": "索引号", "issuer": "发布机构", "date": "发文日期", "category": "主题分类", "number": "文号",
		"keywords": "关键词", "genre": "体裁", "title": "标题", "summary": "摘要",
		"attachments": "附件", "schedule": "工作安排表", "printSchedule": "打印工作安排表", "scheduleOf": "工作安排",
		"month": "时间", "seq": "序号", "item": "内容", "owner": "负责人", "day": "日期", "source": "来源文件",
		"prev": "上一篇", "next": "下一篇", "print": "打印", "ics": "日历文件（.ics）",
		"largeText": "大字", "highContrast": "高对比度", "skip": "跳到正文", "display": "显示",
		"pagePrev": "上一页", "pageNext": "下一页", "pageOf": "第 %d 页，共 %d 页", "pagination": "分页",
		"notFound": "页面不存在", "notFoundText": "您访问的页面不存在或已移动。可以从以下入口查找文件：",
		"feed": "订阅", "yearsChart": "各年度文件数", "docsPerYear": "%d 年：%d 篇",
		"wholeYearSchedule": "全年工作安排表", "noSchedule": "本年度没有工作安排。",
		"breadcrumb": "当前位置", "metaTable": "文件信息", "onThisPage": "本页", "guide": "信息公开指南",
		"byYear": "按年度", "yearDocs": "%d年", "scheduleDocs": "含工作安排表的文件",
		"siteNav": "主导航", "backToDoc": "返回文件", "docCount": "共 %d 篇",
		"noJS":    "搜索需要启用 JavaScript。也可以按年度、主题分类或发布机构浏览。",
		"filters": "筛选", "year": "年度", "results": "搜索结果", "pages": "页面",
	},
	"en": {
		"home": "Home", "archive": "Years", "topics": "Topics", "issuers": "Issuers", "catalog": "Catalogue",
		"search": "Search", "searchPlaceholder": "Title, number, index or text", "searchSubmit": "Search", "searchLabel": "Search this site",
		"latest": "Latest documents", "documents": "documents", "count": "Documents", "all": "All",
		"index": "Index number", "issuer": "Issuer", "date": "Date", "category": "Category", "number": "Document number",
		"keywords": "Keywords", "genre": "Genre", "title": "Title", "summary": "Summary",
		"attachments": "Attachments", "schedule": "Work schedule", "printSchedule": "Print the work schedule", "scheduleOf": " work schedule",
		"month": "Month", "seq": "No.", "item": "Item", "owner": "Owner", "day": "Date", "source": "Source",
		"prev": "Previous", "next": "Next", "print": "Print", "ics": "Calendar file (.ics)",
		"largeText": "Large text", "highContrast": "High contrast", "skip": "Skip to content", "display": "Display",
		"pagePrev": "Previous page", "pageNext": "Next page", "pageOf": "Page %d of %d", "pagination": "Pages",
		"notFound": "Page not found", "notFoundText": "The page does not exist or has moved. Find documents here:",
		"feed": "Feed", "yearsChart": "Documents per year", "docsPerYear": "%d: %d documents",
		"wholeYearSchedule": "Whole-year work schedule", "noSchedule": "No work schedule this year.",
		"breadcrumb": "You are here", "metaTable": "Document information", "onThisPage": "On this page", "guide": "Disclosure guide",
		"byYear": "By year", "yearDocs": "%d", "scheduleDocs": "Documents with a work schedule",
		"siteNav": "Main", "backToDoc": "Back to the document", "docCount": "%d documents",
		"noJS":    "Search needs JavaScript. You can also browse by year, topic or issuer.",
		"filters": "Filters", "year": "Year", "results": "Results", "pages": "Pages",
	},
}

func label(lang, key string) (string, error) {
	// A page asks for dozens of labels, in one of the two languages a
	// site may have: those are found without a lookup of the language.
	var m map[string]string
	switch lang {
	case "zh-CN":
		m = zhLabels
	case "en":
		m = enLabels
	default:
		m = labels[lang]
	}
	if s, ok := m[key]; ok {
		return s, nil
	}
	return "", fmt.Errorf("no label %q for language %s", key, lang)
}

var zhLabels, enLabels = labels["zh-CN"], labels["en"]

var cnDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}
var enMonths = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// monthsLabel names a schedule row's months: 三月 or 七、八月 in Chinese,
// March or July–August in English.
func monthsLabel(lang string, months []int) string {
	if lang == "en" {
		names := make([]string, len(months))
		for i, m := range months {
			names[i] = enMonths[m]
		}
		return strings.Join(names, "–")
	}
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = cnDigits[m]
	}
	return strings.Join(names, "、") + "月"
}

// monthLabel names one month for the year page: 3月 or March.
func monthLabel(lang string, m int) string {
	if lang == "en" {
		return enMonths[m]
	}
	return fmt.Sprintf("%d月", m)
}

// headerDate is the form of the metadata table: 2021年03月18日 (GB/T 9704
// header style), or 2021-03-18 in English.
func headerDate(lang string, d Date) string {
	if lang == "en" {
		return d.ISO()
	}
	return fmt.Sprintf("%04d年%02d月%02d日", d.Year, d.Month, d.Day)
}

// shortDate is the form of lists: 2021-03-18.
func shortDate(d Date) string { return d.ISO() }

// humanSize is a file size as readers expect it next to a download.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
