// Package search builds the full-text index of a gongkai site and
// documents the contract with its client, static/search.js, which runs the
// /search/ page. The index is made of small JavaScript files that the page
// loads with <script> elements, so search works from a web server under any
// sub-path and from a folder opened from disk (file://).
//
// # Use
//
// The generator passes every published document (never a draft) to Build
// and writes each returned file under the site's search/ folder:
//
//	files, err := search.Build(docs)
//	for name, data := range files { write(filepath.Join(out, "search", name), data) }
//
// Document.URL is site-relative without a leading slash
// ("archive/2024/gongzuo-yaodian/", or ".../index.html" for a site meant to
// be opened from disk); the client resolves it against the site root, the
// parent of the search folder. The output depends only on the documents:
// not on their order, the number of processors or map order.
//
// # Tokens
//
// Tokenize is the tokenizer; search.js has the same one, and the vectors in
// testdata/tokenizer_vectors.json are checked against both.
//
//   - Text is folded to Unicode NFKC, then each character to lower case
//     (unicode.ToLower; in JavaScript the first code point of toLowerCase).
//     Folding is for the keys only: titles and excerpts keep their form.
//   - Han characters are U+4E00–U+9FFF, U+3400–U+4DBF (Extension A),
//     U+F900–U+FAFF (compatibility ideographs), U+3007 〇, and all of planes
//     2 and 3 (U+20000–U+3FFFF). A run of them gives every character and
//     every overlapping bigram, in text order: 工会经费 → 工 工会 会 会经 经 经费 费.
//   - Word characters are the other letters, numbers and marks (Unicode
//     categories L, N, M; /[\p{L}\p{N}\p{M}]/u in JavaScript). A run of them
//     gives characters and bigrams the same way, so that any two characters
//     of a title find it, and the whole run when it has 3 to 32 characters:
//     2024 → 2 20 0 02 2 24 4 2024.
//   - Everything else separates runs. White space is an explicit list
//     (U+0009–000D, U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028,
//     U+2029, U+202F, U+205F, U+3000, U+FEFF); number patterns skip it.
//   - Numbers are also indexed whole, after the tokens above, matched over
//     the pieces of the folded text (Han runs, word runs and single other
//     characters; white space is skipped). A document number is a Han run,
//     an open bracket, 4 digits, a close bracket, 1 to 6 digits and a Han
//     run starting with 号; it gives the whole number, with the last 12 Han
//     characters of the prefix, and its tail: 徐工教〔2018〕2号 gives
//     徐工教[2018]2号 and [2018]2号. The brackets 〔〕 [ ] 【】 ( ) 〖〗 〘〙 are
//     all written [ ] (NFKC has already made ［］ and （） ASCII). An index
//     number is a code of 1 to 16 of [0-9a-z], optionally a dash and 1 to 4
//     more, a slash, 4 digits, a dash and 3 to 6 digits; it gives the whole
//     number and its tail: 00001434-9/2018-00055 gives itself and
//     2018-00055. A tail found on its own (〔2018〕2号, 2018-00055) is a
//     token as well.
//   - Build adds NormalizeNumber of each document's Index and Number fields
//     (NFKC, lower case, no white space, brackets as [ ]), so that numbers
//     of any shape are found whole.
//
// A query looks up fewer tokens than its text has (plan in search.js):
// bigrams of Han runs (the character for a run of one), whole words (the
// run itself up to 2 characters, bigrams past 32), and for a number the
// whole and tail tokens instead of its parts; at most 24 tokens. When the
// NormalizeNumber form of the whole query has a digit and is not one of
// them, it is looked up too, as a probe for an exact number of any shape.
//
// # Files
//
// Every file is one call of the global function gongkaiSearch(kind, id,
// data), which the page defines before inserting the <script>.
//
//	meta.js              gongkaiSearch("m", 0, {v, n, s, y, c, i, g, k, b, f})
//	s/<h>.js             gongkaiSearch("s", h, {token: postings, ...})
//	d/<id/1000>/<id>.js  gongkaiSearch("d", id, [url, title, index, number, issuer, date, category, genre, excerpt])
//
// Documents are numbered 0 to n-1 newest first (year, then date
// descending, then URL). In meta.js, n is the number of documents, s the
// number of shards (a power of two), y the years as [year, count] in id
// order, c, i and g the sorted category, issuer and genre names, k the
// distinct [category, issuer, genre] index triples, and f, for each
// document, its index in k in b bits, packed least significant bit first
// into base64url characters (6 bits each, A = 0 … _ = 63).
//
// A document's file is in the folder of d/ named by its id divided by
// 1,000, rounded down, so that no folder holds more than 1,000 of them: a
// FAT32 folder, as on most USB sticks, holds at most 65,536 entries, and a
// lowercase name written by Linux takes two.
//
// A token's shard is h = hash(token) & (s-1), written in base 36 in the
// file name. hash is FNV-1a over the token's code points (h = (h ^ cp) *
// 16777619, from 2166136261) followed by the 32-bit murmur3 finalizer.
// The number of shards grows with the index, so that a shard holds about
// 12 kB on average (6–12 kB).
//
// The postings of a token are a string "ids.masks.title.number" with
// trailing empty parts left out; numbers are base64url VLQ: 5 bits per
// character, least significant group first, 32 set on all but the last.
//
//   - ids: the document ids, the first as it is and then each gap minus
//     one, or, when shorter, "*" and a bitmap (character k, bit j: document
//     6k+j).
//   - masks: one character per document, bit j set when the token occurs
//     in the j-th sixth of the document's text (title, number, index,
//     issuer, category, keywords, body). Empty: all 63. Tokens in more than
//     half the documents have none.
//   - title, number: the positions in the list of the documents where the
//     token occurs in the title, and in the index or document number, as
//     gaps minus one.
//
// A document's file holds the fields a result shows and the excerpt: the first
// 240 characters of the body, white space collapsed, "…" when cut.
//
// Sizes for 10,000 generated documents of 3,000 characters: about 58 MB in
// 4,096 shards, meta.js 15 kB, a document file about 1 kB; a query of 2 to
// 4 characters loads meta.js, 1 to 3 shards and the 20 documents shown,
// 40 to 75 kB (see TestQuerySize).
//
// # Page
//
// The generator renders the search page as
//
//	<link rel="preload" href="<relative URL of the search folder>/meta.js" as="script">
//	<form id="search-form" role="search" action="" method="get">
//	  <label for="q">…</label> <input id="q" name="q" type="search"> <button>…</button>
//	</form>
//	<div id="search" data-index="<relative URL of the search folder>/" data-shards="<s>" data-lang="zh-CN">
//	  <p id="search-status" role="status" aria-live="polite"></p>
//	  <div id="search-filters"></div>
//	  <ol id="search-results"></ol>
//	</div>
//	<script src="<relative>/search.js"></script>
//
// data-index is relative to the page ("./" when the page is search/index.html
// itself); the site root is its parent. data-lang (or else <html lang>)
// starting with "en" gives English labels, anything else Chinese. Without
// JavaScript the form still submits ?q=… to the same page. The preload
// line and data-shards are optional (a site's own layout may leave them
// out): the first has the browser fetch meta.js, which every query needs,
// beside search.js rather than after it; data-shards, meta.js's s, lets a
// query that arrives in the address ask for its shards beside meta.js.
// When meta.js gives another s, the query asks for the shards it names.
//
// The script reads q and the filters year, category, issuer and genre
// (each may repeat) from the URL, and keeps them there with
// history.replaceState, so a search can be bookmarked. It writes "找到 N 篇"
// ("Found N documents") to the status, a fieldset of checkboxes with counts
// per facet into #search-filters (legend 年度, 主题分类, 发布机构, 体裁), and
// 20 results at a time into #search-results, each
//
//	<li><h2><a href="…">title</a></h2>
//	    <p class="search-meta">index number · document number · issuer · date</p>
//	    <p class="search-snippet">…excerpt around the first match…</p></li>
//
// with matches in <mark>, built with textContent only. A result shows as
// soon as its file and those of the results ranked before it have come,
// so the first does not wait for the twentieth; the list has
// aria-busy="true" from a query until all its results are shown or the
// search failed, and aria-busy="false" after. A
// <button class="search-more"> after the list shows 20 more. A filter
// count is the number of matching documents with that value among those
// that the filters of the other facets let through; a filter alone, with
// no query, lists its documents newest first.
//
// For tests, search.js exports (under node) tokenize, plan, hash and
// search; search(q, filters, load) is the whole query without the page, with
// load(kind, id) returning a promise of a file's data.
//
// # Ranking
//
// A document matches when it has at least half of the query's tokens
// (rounded up), or an exact number. Matches are ordered by:
//
//  1. an exact number first: a whole number of the query (or the probe)
//     found in the document's index or document number field;
//  2. the number of query tokens the document has, so documents with
//     every token come first;
//  3. the number of token hits in the title plus those in the index or
//     document number;
//  4. closeness: the most query tokens found in one sixth of the text;
//  5. newest first.
//
// # Limits
//
// Go's tables are Unicode 15.0 (unicode, x/text/unicode/norm); browsers
// are often newer, so characters assigned since may be classed or folded
// differently on the two sides. Document ids have 22 bits (4,194,304
// documents). A query uses at most 24 tokens.
package search
