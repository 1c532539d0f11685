// Package generator turns a folder of Markdown documents with TOML front
// matter into an official information-disclosure archive (信息公开).
//
// # Stages
//
// A build runs five stages, each a function from values to values; only
// the last one touches the destination.
//
//   - Load (load.go) reads config.toml and every file under content/ on
//     every core: front matter is split (frontmatter.go), decoded by
//     fastfm.go or, when it leaves the text, by BurntSushi/toml into plain
//     values that tomldecode.go puts into fields key by key (a key matches
//     its field only when written exactly so), and checked on its own
//     (unknown keys, values of the wrong type, texts holding control
//     characters or noncharacters (U+FDD0 to U+FDEF, and U+FFFE and
//     U+FFFF in every plane), missing keys, dates, slugs, attachment
//     paths, schedule rows); its body may hold no such character
//     either (bodyTrouble). A body's index:
//     links are found by the same fast path as below when it takes the
//     body; otherwise one goldmark parse, with the renderer's extensions,
//     finds them, the links and images whose address is a relative path
//     (bodyRef) and the images on other hosts. Cheap byte searches spare
//     most bodies the parse. Build keeps no body once it is checked: each
//     file is read into a reused buffer (sourceBuffers) and read again
//     when its page is rendered.
//   - Check (check.go) runs the checks that need the whole site: unique
//     index numbers and URLs, slugs that keep off the names the generator
//     writes itself (names.go), attachments that exist, index: links that
//     name a published document, links by path that name a published
//     document, a page or a published attachment, files nothing uses.
//     Prepare runs Load and Check and sorts the problems; a build stops on
//     any error.
//   - Assemble (assemble.go) takes the published documents — never a
//     draft — and builds every index: years, topics, issuers, the year
//     schedules, previous and next.
//   - Render (render.go) lists every page as a job and renders the jobs on
//     every core through the layouts. Bodies are Markdown rendered by
//     goldmark (markdown.go), except a body of only headings, plain
//     paragraphs, lists of one-line items and bold lines, which
//     plainbody.go renders to the same bytes without a syntax tree
//     (FuzzPlainBody holds it to goldmark's output). It also writes the
//     feeds, sitemap, catalog.json, iCalendar files (feeds.go, ics.go) and
//     the search data (package search).
//   - Write (output.go, build.go) sends files to an Output, which refuses
//     a name written twice in one build (outputNames). Build writes
//     into a new folder beside the destination and swaps it in (one
//     renameat2 exchange on Linux) only when everything succeeded, so a
//     failed or killed build leaves the published site as it was. It
//     replaces only an empty folder or its own earlier output, which it
//     knows by the file .gongkai (resolveDest).
//
// The Rebuilder (incremental.go) runs the same stages for the preview
// server, reusing parsed files that did not change and skipping pages
// whose inputs (fingerprint.go) did not change; tests hold its output to
// be byte-identical to a full build. A build that fails names the
// documents the last good one published that are now drafts or gone
// (Rebuild.Withdrawn): the server must then stop showing that build.
//
// # Problems
//
// Every problem is a Problem with a path, line and column, printed as
// path:line:col: what is wrong (what to do). Columns count characters,
// as an editor does, not bytes. All problems of a site are reported in
// one run. What a draft lacks is a warning, never an error. When
// config.toml cannot be read, documents are not told that their issuer
// or category is not declared: that follows from the config alone.
//
// # Content
//
// A document is content/**/<name>.md: a TOML block between two lines
// "+++", then Markdown. The keys are title, index, issuer, date and
// category (required), genre, number, keywords, summary, slug, draft,
// schedule_note, [[attachments]] (title, file) and [[schedule]] (month or
// months, item, owner, day). Plain pages live in content/pages/ with
// title and slug only. A Markdown link to index:<index number> becomes a
// link to that document. A link or an image whose address is a path from
// the Markdown file's folder (percent-decoded, its ? or # part kept)
// becomes a link to what the file is published as: a document's or a
// page's .md file its page, another file its copy as the attachment of a
// published document (the page's own first); a path that leaves
// content/ or names no file stays as written. Raw HTML is dropped unless
// config.toml says raw_html = true. The README is the reference for users.
//
// # Layouts
//
// The lookup rule, in full: a page of kind K executes layouts/base.html,
// which calls the blocks that layouts/K.html defines; every file in
// layouts/partials/ is available to both. Each file comes from the site's
// layouts/ if it is there, else from the embedded theme; any error other
// than "does not exist" surfaces, and a missing layout is an error. The
// kinds are home, years, year, document, schedule, yearschedule, topics,
// topic, issuers, issuer, catalog, page, search and 404.
//
// A layout's dot is a *pageData (page.go). Its fields: Kind, URL, Title,
// Crumbs, Meta, Site (the *Archive), Config, Lang, Now (the document),
// Body, Page, Docs, Months, ByYear, Year, Group, Groups, Sched (month
// groups of schedule rows), Pager, Chart, Feed, ICS and Live. Its methods:
//
//	.Link "topics/plans/"   link to a site path, relative to this page (offline builds name index.html)
//	.Abs "feed.xml"         absolute URL, for feeds and meta tags
//	.T "key", .Tf "key" …   a label in the site's language (labels.go); a missing key is an error
//	.Date d                 2021年03月18日 (or 2021-03-18 in English)
//	.MonthName m            3月 / March
//	.MonthsName ms          七、八月 / July–August
//	.With docs              the page with a list, for the "doclist" partial
//	.HasOwners              whether any schedule row names an owner
//	.Host                   the baseURL's host (ASCII: xn--… for a Chinese name), for the SiteDomain meta tag
//
// Functions: size (a file size in KB or MB), iso (2021-03-18), add, join
// and months.
//
// Layouts are html/template, and html/template decides the escaping. The
// embedded theme's layouts, minified and escaped, are compiled to Go in
// theme_gen.go, with every field, method and function resolved from the
// types at generation time; a site whose layouts are all the theme's, byte
// for byte, renders through that code. TestThemeGenerated fails when the
// file is not the compiled form of the layouts as they are; regenerate it
// with
//
//	go test -tags themegen ./generator -run TestThemeGenerated -update
//
// Other layouts are executed by fastexec.go, which compiles the same
// escaped trees into closures, without text/template's per-action
// reflection. Whatever either does not handle exactly (a construct, a
// function, a kind of value, any error) renders through html/template
// instead, and the tests require the embedded theme never to need that
// (TestFastTemplatesCoverTheme) and all three ways to give the same bytes
// (TestFastTemplatesSameBytes).
//
// URLs are a contract: documents are cited by them for years. The URL
// scheme is archive/<year>/<slug>/, with attachments beside the page.
// Build, and gongkai check, compare the site with the catalog.json of the
// last build (moved.go) and warn of every document it published at an
// address that no longer shows it: one the site no longer publishes, or
// one that another document has now.
package generator
