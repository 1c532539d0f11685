package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/generator"
)

const newUsage = `Usage:
  gongkai new site DIR
  gongkai new doc --issuer SLUG [--category SLUG] [--date YYYY-MM-DD] [--slug SLUG] [--source DIR] TITLE
`

func cmdNew(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return exitError{2}
	}
	switch args[0] {
	case "site":
		return cmdNewSite(args[1:], stdout, stderr)
	case "doc":
		return cmdNewDoc(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, newUsage)
		return nil
	}
	fmt.Fprintf(stderr, "gongkai new: unknown kind %q (use site or doc)\n%s", args[0], newUsage)
	return exitError{2}
}

func cmdNewSite(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new site", "gongkai new site DIR", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "gongkai new site: give one folder for the new site, e.g. gongkai new site my-archive")
		return exitError{2}
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file, not a folder; nothing was written (choose a new folder)", dir)
	}
	year := time.Now().Year()
	files := []struct{ name, text string }{
		{"config.toml", skeletonConfig},
		{filepath.Join("content", fmt.Sprint(year), "first-notice.md"), fmt.Sprintf(skeletonDoc, year, year, time.Now().Format("2006-01-02"))},
		{filepath.Join("content", "pages", "guide.md"), skeletonGuide},
	}
	// Half a site would be refused when the command is run again: look
	// for every file before writing any.
	for _, f := range files {
		if p := filepath.Join(dir, f.name); exists(p) {
			return fmt.Errorf("%s already exists; nothing was written (choose a new folder)", p)
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeNew(p, []byte(f.text)); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created a site in %s\nnext: cd %s && gongkai serve   (or gongkai build)\n", dir, dir)
	return nil
}

const skeletonConfig = `# The archive's settings. See the README for every key.
title = "某某教育工会信息公开"
description = "本会依法公开的计划、总结、通知和工作安排。"
baseURL = "https://example.org/"
language = "zh-CN"
page_size = 50

[[categories]]
name = "年度计划总结"
slug = "plans"

[[categories]]
name = "通知公告"
slug = "notices"

[[issuers]]
name = "某某教育工会"
slug = "union"
code = "00001434-9"
`

const skeletonDoc = `+++
title = "关于公开%d年工作安排的通知"
index = "00001434-9/%d-00001"
issuer = "某某教育工会"
date = %s
category = "通知公告"
genre = "通知"
+++
各基层工会：

这是本站的第一篇文件。修改它，或者用 gongkai new doc 新建文件。
`

const skeletonGuide = `+++
title = "信息公开指南"
slug = "guide"
+++
## 一、公开范围

本站公开工会的工作计划、工作总结、通知公告和工作安排。

## 二、申请公开

如需了解未公开的信息，请与工会办公室联系。
`

// configErrors are the errors in config.toml: a command that adds
// documents stops on them, since it cannot know the names the documents
// may use.
func configErrors(probs generator.Problems) generator.Problems {
	var bad generator.Problems
	for _, p := range probs {
		if p.Path == "config.toml" && p.Severity == generator.Error {
			bad = append(bad, p)
		}
	}
	return bad
}

// exists tells whether anything, even a broken link, is at p.
func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// writeNew writes a file that must not exist yet.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; nothing was overwritten", p)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkTitle says what keeps a title from being written as typed: bytes
// that are not UTF-8, from a terminal in another encoding, a control
// character, such as the line break a word processor pastes as U+000B,
// or another character that no text of the front matter may hold
// (generator.TextTrouble). A title without them is quoted as TOML quotes
// it by %q, which then writes only the escapes \" \\ \uXXXX and
// \UXXXXXXXX.
func checkTitle(title string) string {
	if !utf8.ValidString(title) {
		return "the title is not UTF-8 text (set the terminal to UTF-8 and type it again)"
	}
	for _, r := range title {
		what := generator.TextTrouble(r)
		if what == "" && unicode.IsControl(r) {
			what = "a control character" // a tab or a line end, which a title, one line, cannot hold either
		}
		if what != "" {
			return fmt.Sprintf("the title holds U+%04X, %s (type the title without it)", r, what)
		}
	}
	return ""
}

// newDocTaken says why the new document dated in year may not be written
// at rel with slug, or "" when it may: another document has the address,
// or a file of the site has the path in other letter case, which check
// would warn of (see generator.Paths).
func newDocTaken(site *generator.Site, rel string, year int, slug string) string {
	if msg := site.Addresses().Clash(rel, year, slug); msg != "" {
		return msg
	}
	// The folders of rel, content/ and its year, have no letters to differ
	// in: only the file itself can have a twin.
	if _, twin := site.Paths().Twin(rel); twin != "" {
		return fmt.Sprintf("%s differs only in letter case from %s, and a disk that ignores case, such as a USB stick, takes the two as one", rel, twin)
	}
	return ""
}

func cmdNewDoc(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new doc", "gongkai new doc --issuer SLUG [--category SLUG] [--date YYYY-MM-DD] [--slug SLUG] [--source DIR] TITLE", stderr)
	source := fs.String("source", ".", "the site folder")
	issuerSlug := fs.String("issuer", "", "the issuing body's slug from config.toml (required)")
	categorySlug := fs.String("category", "", "the category's slug from config.toml (default: the first declared)")
	dateText := fs.String("date", "", "the 发文日期 as YYYY-MM-DD (default: today)")
	slug := fs.String("slug", "", "the document's URL name (default: <issuer>-<serial>)")
	// Flags may come before or after the title's words.
	var words []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
	title := strings.TrimSpace(strings.Join(words, " "))
	switch {
	case *issuerSlug == "":
		fmt.Fprintln(stderr, "gongkai new doc: give the issuing body with --issuer SLUG (its slug in config.toml)")
		return exitError{2}
	case title == "":
		fmt.Fprintln(stderr, "gongkai new doc: give the document's title after the flags")
		return exitError{2}
	}
	if msg := checkTitle(title); msg != "" {
		fmt.Fprintf(stderr, "gongkai new doc: %s\n", msg)
		return exitError{2}
	}
	if *slug != "" {
		if msg := generator.CheckSlug(*slug); msg != "" {
			fmt.Fprintf(stderr, "gongkai new doc: --slug: %s\n", msg)
			return exitError{2}
		}
	}
	if _, err := os.Stat(filepath.Join(*source, "config.toml")); err != nil {
		fmt.Fprintf(stderr, "gongkai new doc: %s has no config.toml (run it in the site folder, or give the site folder with --source)\n", *source)
		return exitError{2}
	}
	date := time.Now()
	if *dateText != "" {
		d, err := time.Parse("2006-01-02", *dateText)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai new doc: --date %q is not a date (write YYYY-MM-DD)\n", *dateText)
			return exitError{2}
		}
		date = d
	}
	site, probs := generator.Load(os.DirFS(*source))
	if bad := configErrors(probs); len(bad) > 0 {
		printProblems(stderr, bad)
		return exitError{1}
	}
	cfg := site.Config
	var issuer *generator.Issuer
	var slugs []string
	for i := range cfg.Issuers {
		slugs = append(slugs, cfg.Issuers[i].Slug)
		if cfg.Issuers[i].Slug == *issuerSlug {
			issuer = &cfg.Issuers[i]
		}
	}
	if issuer == nil {
		fmt.Fprintf(stderr, "gongkai new doc: no issuer with slug %q in config.toml (declared: %s)\n", *issuerSlug, strings.Join(slugs, ", "))
		return exitError{1}
	}
	if issuer.Code == "" {
		return fmt.Errorf("issuer %q has no code in config.toml, so its index numbers cannot be made (add code = \"<organization code>\")", issuer.Name)
	}
	category := cfg.Categories[0]
	if *categorySlug != "" {
		found := false
		for _, c := range cfg.Categories {
			if c.Slug == *categorySlug {
				category, found = c, true
			}
		}
		if !found {
			var declared []string
			for _, c := range cfg.Categories {
				declared = append(declared, c.Slug)
			}
			fmt.Fprintf(stderr, "gongkai new doc: no category with slug %q in config.toml (declared: %s)\n", *categorySlug, strings.Join(declared, ", "))
			return exitError{1}
		}
	}
	// The next serial after every index this issuer has used that year,
	// drafts included (see NextSerial).
	year := date.Year()
	next := generator.NextSerial(site.Documents, fmt.Sprintf("%s/%d-", issuer.Code, year))
	index := fmt.Sprintf("%s/%d-%05d", issuer.Code, year, next)
	given := *slug != ""
	if !given {
		*slug = fmt.Sprintf("%s-%05d", issuer.Slug, next)
	}
	// A draft's address is not checked; the document's is once it is
	// published, so it must be free now.
	rel := path.Join("content", fmt.Sprint(year), *slug+".md")
	if msg := newDocTaken(site, rel, year, *slug); msg != "" {
		if given {
			fmt.Fprintf(stderr, "gongkai new doc: --slug: %s (choose another slug)\n", msg)
			return exitError{2}
		}
		fmt.Fprintf(stderr, "gongkai new doc: %s (choose a slug with --slug)\n", msg)
		return exitError{1}
	}
	p := filepath.Join(*source, "content", fmt.Sprint(year), *slug+".md")
	text := fmt.Sprintf(`+++
title = %q
index = %q
issuer = %q
date = %s
category = %q
genre = ""
number = ""
keywords = []
draft = true   # a draft is published nowhere: delete this line when the document is ready
+++
（正文）
`, title, index, issuer.Name, date.Format("2006-01-02"), category.Name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := writeNew(p, []byte(text)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (index %s, a draft until you remove draft = true)\n", p, index)
	return nil
}
