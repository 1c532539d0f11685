// Package browsertest checks the built example archive the way readers meet
// it: in a real browser. It holds tests only; `go test ./...` runs them.
//
// The tests build the example archive (the repository's config.toml and
// content/) with the embedded theme, serve it from a temporary folder on
// 127.0.0.1 (at the root, and under /sub/path/), and drive Debian's Chromium
// (/usr/bin/chromium) over the DevTools protocol. One headless browser with
// a fresh profile serves every test; each test opens its own tab.
//
// What they check, on every kind of page (home, years, year, document,
// schedule, year schedule, topics, topic, issuers, issuer, catalogue,
// search, plain page, 404):
//
//   - accessibility: axe-core finds no WCAG 2.1 A or AA violation, in the
//     normal, large-type and high-contrast modes, and no text under 7:1 in
//     the high-contrast mode;
//   - valid HTML: the Nu HTML Checker reports no error;
//   - links: a crawl from / reaches every page, and every link, attachment,
//     stylesheet, script and #fragment resolves, in normal and offline
//     builds, at the root and under a sub-path (offline also from file://);
//   - printing: the schedule prints on A4 with its header row on every page,
//     no row split across pages and no navigation; a document prints its
//     metadata table and body;
//   - display modes: the large-type and high-contrast toggles work from the
//     keyboard, persist across pages, scale text by 1.25 and reach 7:1;
//   - keyboard: Tab reaches every link and control in document order, each
//     with a visible focus ring, starting with a skip link to the content;
//   - phone width: no page scrolls sideways at 390 CSS pixels;
//   - search: a query typed in the header's box or on the search page
//     finds the example archive's work plans, over HTTP and from file://,
//     and a year filter narrows them; on a generated archive of 80
//     documents, results are listed in rank order even when their files
//     come in the reverse order, and "More results" adds the next 20;
//   - live reload: with the preview server of gongkai serve on a copy of
//     one document, saving it reloads the open page with the new text, a
//     broken front matter shows the overlay naming path:line: message,
//     whose heading closes it by mouse and keyboard with script turned
//     off, and the fix takes the overlay away.
//
// What they need: Chromium, poppler-utils (pdftotext, pdfinfo), a Java
// runtime, and the npm packages pinned in package.json (axe-core, vnu-jar),
// installed with
//
//	npm ci --prefix generator/browsertest
//
// .ci/run installs all of it. Without CI set in the environment, a missing
// piece skips the tests that need it, with one line saying how to install
// it; with CI set, it is a failure.
//
// BenchmarkSearchFirstResults measures how long a reader waits for a
// query's first result on a generated archive of 10,000 documents
// (-search.docs), with the browser's cache off:
//
//	go test ./generator/browsertest -run '^$' -bench SearchFirstResults -benchtime 12x
//
// Set GONGKAI_SCREENSHOTS=dir to write a PNG of every kind of page at phone
// (390) and desktop (1280) width, in each display mode, for a person to look
// at.
package browsertest
