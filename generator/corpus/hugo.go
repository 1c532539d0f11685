package corpus

import (
	"fmt"
	"strings"
)

// WriteHugo lays out the same documents as Write as a Hugo site that does
// the same work: a section per year under archive/, category and issuer
// taxonomies, lists paginated by 50, feeds of the newest 50, and one
// document template that shows the metadata table and the schedule.
// Attachments go to static/, which Hugo copies as gongkai copies them.
func WriteHugo(dest string, opt Options) error {
	if err := checkEmpty(dest); err != nil {
		return err
	}
	docs := plan(opt)
	files := map[string]string{
		"config.toml":                   hugoConfig,
		"layouts/_default/baseof.html":  hugoBase,
		"layouts/_default/single.html":  hugoSingle,
		"layouts/_default/list.html":    hugoList,
		"layouts/_default/terms.html":   hugoTerms,
		"layouts/partials/doclist.html": hugoDocList,
		"content/_index.md":             "+++\ntitle = \"示范区教育工会信息公开\"\n+++\n",
		"content/archive/_index.md":     "+++\ntitle = \"年度归档\"\n+++\n",
		"content/pages/_index.md":       "+++\ntitle = \"页面\"\n+++\n",
		"content/pages/guide.md":        "+++\ntitle = \"信息公开指南\"\n+++\n本指南说明如何查阅本单位依法公开的信息。\n",
		"content/pages/about.md":        "+++\ntitle = \"关于本站\"\n+++\n本站公开示范区教育工会及所属基层工会的计划、总结、通知和工作安排。\n",
	}
	for y := FirstYear; y < FirstYear+Years; y++ {
		files[fmt.Sprintf("content/archive/%d/_index.md", y)] = fmt.Sprintf("+++\ntitle = \"%d年\"\n+++\n", y)
	}
	for name, text := range files {
		if err := writeFile(dest, name, []byte(text)); err != nil {
			return err
		}
	}
	return parallelWrite(len(docs), func(i int) error {
		d := docs[i]
		if err := writeFile(dest, fmt.Sprintf("content/archive/%d/%s.md", d.year, d.slug), []byte(d.hugoMarkdown(opt.Seed, i))); err != nil {
			return err
		}
		for _, a := range d.attachments {
			if err := writeFile(dest, fmt.Sprintf("static/archive/%d/%s/%s", d.year, d.slug, a.file[len("files/"):]), attachmentData(a)); err != nil {
				return err
			}
		}
		return nil
	})
}

// hugoMarkdown is the document with Hugo front matter: the same fields,
// categories and issuers as taxonomies, the rest under params.
func (d *document) hugoMarkdown(seed uint64, pos int) string {
	var b strings.Builder
	b.Grow(4096)
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\ndate = %04d-%02d-%02d\nslug = %q\ncategories = [%q]\nissuers = [%q]\n",
		d.title, d.year, d.month, d.day, d.slug, categories[d.category].name, issuerNames[d.issuer].name)
	if d.summary != "" {
		fmt.Fprintf(&b, "summary = %q\n", d.summary)
	}
	if len(d.keywords) > 0 {
		fmt.Fprintf(&b, "keywords = [%s]\n", quoteList(d.keywords))
	}
	if d.draft {
		b.WriteString("draft = true\n")
	}
	b.WriteString("[params]\n")
	fmt.Fprintf(&b, "index = %q\ngenre = %q\nnumber = %q\nschedule_note = %q\n", d.index, d.genre, d.number, d.note)
	for _, a := range d.attachments {
		fmt.Fprintf(&b, "\n[[params.attachments]]\ntitle = %q\nfile = %q\nsize = %d\n", a.title, a.file[len("files/"):], a.size)
	}
	for _, row := range d.schedule {
		fmt.Fprintf(&b, "\n[[params.schedule]]\nmonths = [%s]\nitem = %q\nowner = %q\n", intList(row.months), row.item, row.owner)
		if row.day != 0 {
			fmt.Fprintf(&b, "day = \"%04d-%02d-%02d\"\n", d.year, row.months[0], row.day)
		}
	}
	b.WriteString("+++\n")
	b.WriteString(d.body(seed, pos))
	return b.String()
}

const hugoConfig = `baseURL = "https://example.org/gongkai/"
languageCode = "zh-CN"
title = "示范区教育工会信息公开"
paginate = 50
rssLimit = 50
disableKinds = []

[taxonomies]
category = "categories"
issuer = "issuers"

[permalinks]
archive = "/:sections/:slug/"
`

const hugoBase = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.Site.Title}}</title>
<meta name="ArticleTitle" content="{{.Title}}">
<meta name="Description" content="{{with .Summary}}{{. | plainify | truncate 120}}{{end}}">
{{with .OutputFormats.Get "rss"}}<link rel="alternate" type="application/atom+xml" href="{{.RelPermalink}}">{{end}}
</head>
<body>
<header><a href="{{"" | relURL}}">{{.Site.Title}}</a>
<nav><a href="{{"archive/" | relURL}}">年度归档</a> <a href="{{"categories/" | relURL}}">主题分类</a> <a href="{{"issuers/" | relURL}}">发布机构</a></nav></header>
<main>{{block "main" .}}{{end}}</main>
<footer>{{.Site.Title}}</footer>
</body>
</html>
`

const hugoSingle = `{{define "main"}}
<article class="doc">
<table class="doc-meta"><tbody>
<tr><th>索引号</th><td>{{.Params.index}}</td><th>发布机构</th><td>{{range .GetTerms "issuers"}}<a href="{{.RelPermalink}}">{{.LinkTitle}}</a>{{end}}</td></tr>
<tr><th>发文日期</th><td><time datetime="{{.Date.Format "2006-01-02"}}">{{.Date.Format "2006年01月02日"}}</time></td><th>主题分类</th><td>{{range .GetTerms "categories"}}<a href="{{.RelPermalink}}">{{.LinkTitle}}</a>{{end}}</td></tr>
<tr><th>文号</th><td>{{.Params.number}}</td><th>关键词</th><td>{{delimit (.Keywords | default slice) "、"}}</td></tr>
</tbody></table>
<h1>{{.Title}}</h1>
<div class="doc-body">{{.Content}}</div>
{{with .Params.attachments}}<section><h2>附件</h2><ol>{{range .}}<li><a href="{{.file}}" download>{{.title}}</a> （{{.size}}）</li>{{end}}</ol></section>{{end}}
{{with .Params.schedule}}<section><h2>工作安排</h2>
<table class="schedule"><thead><tr><th>月份</th><th>工作内容</th><th>负责人</th></tr></thead><tbody>
{{range .}}<tr><td>{{delimit .months "、"}}月</td><td>{{.item}}{{with .day}} （{{.}}）{{end}}</td><td>{{.owner}}</td></tr>
{{end}}</tbody></table>{{with $.Params.schedule_note}}<p>注：{{.}}</p>{{end}}</section>{{end}}
<nav>{{with .PrevInSection}}<p>上一篇：<a href="{{.RelPermalink}}">{{.Title}}</a></p>{{end}}{{with .NextInSection}}<p>下一篇：<a href="{{.RelPermalink}}">{{.Title}}</a></p>{{end}}</nav>
</article>
{{end}}
`

const hugoList = `{{define "main"}}
<h1>{{.Title}}</h1>
{{if .IsHome}}{{partial "doclist.html" (first 10 (where .Site.RegularPages "Section" "archive"))}}
{{else}}{{$pager := .Paginate .RegularPagesRecursive}}
{{partial "doclist.html" $pager.Pages}}
<nav class="pager">{{if $pager.HasPrev}}<a href="{{$pager.Prev.URL}}">上一页</a>{{end}} 第{{$pager.PageNumber}}页，共{{$pager.TotalPages}}页 {{if $pager.HasNext}}<a href="{{$pager.Next.URL}}">下一页</a>{{end}}</nav>
{{range .Sections}}<p><a href="{{.RelPermalink}}">{{.Title}}</a></p>{{end}}{{end}}
{{end}}
`

const hugoTerms = `{{define "main"}}
<h1>{{.Title}}</h1>
<ul>{{range .Data.Terms.ByCount}}<li><a href="{{.Page.RelPermalink}}">{{.Page.Title}}</a> {{.Count}}</li>{{end}}</ul>
{{end}}
`

const hugoDocList = `<table class="doclist"><thead><tr><th>索引号</th><th>标题</th><th>发布机构</th><th>发文日期</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Params.index}}</td><td><a href="{{.RelPermalink}}">{{.Title}}</a></td><td>{{delimit (.Params.issuers | default slice) "、"}}</td><td>{{.Date.Format "2006-01-02"}}</td></tr>
{{end}}</tbody></table>
`
