// Package importer implements `gongkai import`: it turns pages saved
// from disclosure sites (信息公开), template sites and office files into
// documents of the archive, content/<year>/<slug>.md, with TOML front
// matter between two "+++" lines and a Markdown body.
//
// # Sources
//
// Plain text (.txt) and saved pages (.html, .htm). The encoding is
// detected from the bytes: a byte-order mark (UTF-8, UTF-16), valid
// UTF-8, otherwise GB18030 (which covers GB2312 and GBK), decoded with
// golang.org/x/text and named in the report. CRLF and CR line endings
// become LF; other control characters, such as the U+000B line breaks
// of word processors, become spaces, and noncharacters are dropped. A file with NUL bytes is binary (an
// image or an office file renamed) and is refused. In a folder, a
// symbolic link to a page or a folder is reported and not followed; one
// named itself is imported.
//
// HTML is reduced to its text structure — paragraphs, headings, lists
// and tables (rowspan and colspan resolved) — by a small tolerant parser
// in this package rather than golang.org/x/net/html: only one page's
// text structure is needed, the module carries no extra dependency, and
// implied end tags (<p>, <li>, <td>, <tr>) are what saved CMS pages need.
// Scripts, styles, forms, <nav>, page headers and footers, and blocks
// whose class or id names chrome (nav, menu, breadcrumb, position,
// share, footer, pager, related…) are dropped, as are hidden elements.
// Tables used for page layout are read as flowing text.
//
// # What is recognised
//
//   - The metadata header: 索引号, 发布机构, 发文日期 (成文日期), 主题分类,
//     关键词, 文号 (发文字号), also 标题/名称 and 发布日期/发布时间 (the
//     publication date), in any order, one or several per line, with
//     full-width or ASCII colons and spaces or U+3000 inside labels
//     (索　引　号), in text or as an HTML table. A label alone on a line
//     takes its value from the next line.
//   - Dates in every form: 2021年03月24日, 2021年3月24日, 2021-03-24,
//     2021/3/24, 2021.03.24, full-width digits, 二〇二一年三月二十四日
//     with 〇, ○ or O as zero. Without a header date the signature date
//     (a 年月日 date alone on a line, under the signing body) is used;
//     a publication date is used only as a draft to review.
//   - A standalone document number above the title (徐工教 [2018]2号),
//     in 〔〕 or any bracket typed for it (﹝﹞, [], 【】, （）…) and
//     with ASCII or full-width digits, kept as written.
//   - The title: a 关于…的通知 line, else the page heading, else the first
//     heading-like line naming a genre (计划, 总结, 要点…), else the page
//     <title>. Trailing tags such as 【实用】 are removed. Site chrome is
//     dropped: 发布时间, 浏览次数, 【字体：】, 【打印】, 下载文档, breadcrumbs,
//     URLs, template-site blurbs (本站, 小编), and the page tail from
//     上一篇/下一篇, 相关文章, 推荐… on.
//   - Several documents in one page: lines "<title>篇1", "…篇2", or the
//     title repeated before each document, give one document each.
//   - The body: 一、 lines become "##" headings and （一） lines "###"; a
//     heading run on into its paragraph is split at its first 。 or ：.
//     Numbered items (1. 1、 （1）), the addressee line (各…：), the
//     signature block and inline attachments (附件1:) are kept as written,
//     as paragraphs; Markdown punctuation is escaped so nothing turns
//     into markup. Tables stay tables.
//   - Attachments: "附件：1.… 2.…" (or links to files on an HTML page).
//     Import looks beside the source for the files (the link target, a
//     file named like the attachment, or 附件1.pdf), copies them to
//     <year>/files/<slug>-<n>.<ext> (file-<slug>-… when the slug starts
//     with index or schedule, or is file- and such a slug, so that no
//     two documents' files share a name) and lists them as [[attachments]];
//     when every attachment is found the list leaves the body. Otherwise
//     the list stays in the body as text.
//   - Schedules (工作安排表) become [[schedule]] rows, in order, owners as
//     written: a table flattened one cell per line under the heads
//     时间/序号/内容/负责人 (or 月份, 工作内容, 责任人, 完成时间…); month
//     lists "三月：1.… 2.…" including spans (七、八月 → months = [7, 8]);
//     and HTML or tab-separated tables with those heads, month cells
//     spanning their rows. Month names: 一月份…十二月份 (十一 and 十二
//     before 一 and 二), 元月, 3月, 7-8月, 七至九月. A deadline column
//     (完成时间) gives a row its day, and its month only in a table with
//     no other time column. The note below (注：上述工作安排…) becomes
//     schedule_note. Rows leave the body.
//
// # Drafts
//
// Whatever the importer had to guess or could not find — no 索引号, an
// index that does not match the site's pattern, whose year is not the
// date's or whose organization or credit code fails its check
// character (whatever check warns of an index), a category or issuer not
// declared in config.toml, a title or issuer guessed, a
// publication date instead of a signing date, an attachment not found,
// template placeholders ("xx"), text broken by extraction, characters
// that could not be decoded (U+FFFD) — makes the document draft = true,
// with one "# review:" comment per point above it, so that nothing
// half-checked is published by accident. A document that is not a draft
// has a title, an index in the site's shape, a declared issuer and
// category, and a date, and check finds nothing to say of it.
//
// Import never overwrites a file without Force: a file holding the same
// document (same index, or imported from the same source) is refused;
// any other file with the same name, the path of a file of the site in
// other letter case, an address another document of the site has
// (LoadSite reads them, drafts included) or a name the archive writes
// in a year's folder makes the slug take a suffix, and an index
// number another document has makes the document a draft. An attachment
// file whose path differs only in letter case from a file of the site,
// and a document or attachment file in a folder whose path differs so
// from a folder of the site (--into content/Imported beside
// content/imported, files/ beside Files/), is refused, with Force too,
// and nothing of its document is written.
// Slugs are the index serial (2021-00055), else the source file's name
// when it is ASCII, else <year>-<genre>. A document whose file and attachment files
// already hold what Import would write is reported unchanged, not
// refused. With Force, the files that the document overwritten attached
// and the new one does not, as when an earlier import found more
// attachments, are kept and named in the report: Import does not know
// for certain that nothing else needs them. DryRun writes nothing and
// reports the same.
//
// Each file is written under a hidden temporary name, .import-<pid>-…,
// and renamed into place. An import that is killed leaves such a file;
// the next import removes those in the folders it writes to whose
// process has ended, and keeps those of an import still running.
package importer
