package generator

import (
	"fmt"
	"iter"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The names the generator gives files and folders of its own in the two
// folders where slugs also land: the site's root, beside the plain
// pages, and each year's folder, beside the documents. The render code
// builds its paths from these constants and the checks refuse a slug
// that is one of them (see rootNames and yearNames), so that a document
// or a page can never take, or be taken by, a generated file: which of
// two files written to one name survives depends on the order the cores
// finish in. TestReservedNames builds a site with every kind of page and
// fails on a name in either folder that is not listed here.
const (
	indexFile    = "index.html"   // the page of every folder
	notFoundFile = "404.html"     // the page for an address that does not exist
	archiveDir   = "archive/"     // the years, each with its documents
	topicsDir    = "topics/"      // the categories
	issuersDir   = "issuers/"     // the issuing bodies
	catalogDir   = "catalog/"     // the 信息公开目录
	searchDir    = "search/"      // the search page and its data
	feedFile     = "feed.xml"     // the site's feed, and each category's
	sitemapFile  = "sitemap.xml"  // every page, for search engines; or the list of its parts (see sitemapPart)
	robotsFile   = "robots.txt"   // the rules for search engines' robots
	catalogFile  = "catalog.json" // the catalogue as data
	moreDir      = "page/"        // a list's pages after the first: <list>/page/2/
	scheduleDir  = "schedule/"    // a year's or a document's schedule page
	calendarFile = "schedule.ics" // a year's or a document's calendar
)

// sitemapPart is the name of the nth file, from 1, of a sitemap too long
// for one file, which sitemap.xml then lists. How many there are depends
// on the site, so the checks keep every name of the form off the root
// (see rootName): a site that grows past the limit then finds no page in
// the way.
func sitemapPart(n int) string { return "sitemap-" + strconv.Itoa(n) + ".xml" }

// reservedName is a name the generator writes in a folder, and what it
// is there, for the message that refuses a slug of that name.
type reservedName struct {
	name string // a file, or a folder when it ends in "/"
	is   string // completes "/<folder><name> …": "is the home page"
}

// rootNames are the names the generator writes in the site's root,
// where the plain pages go. The theme's and the site's static files are
// published there too; the checks reserve their names from the files
// themselves (see Site.static).
func rootNames() []reservedName {
	return []reservedName{
		{indexFile, "is the home page"},
		{notFoundFile, "is the page shown for an address that does not exist"},
		{archiveDir, "holds the years and their documents"},
		{topicsDir, "holds the categories (主题分类)"},
		{issuersDir, "holds the issuing bodies (发布机构)"},
		{catalogDir, "is the catalogue (信息公开目录)"},
		{searchDir, "holds the search page and its data"},
		{feedFile, "is the site's Atom feed"},
		{sitemapFile, "is the sitemap"},
		{robotsFile, "holds the rules for search engines"},
		{catalogFile, "is the catalogue as data"},
	}
}

// rootName returns what key, a name in the site's root folded as
// reservedByFold folds it, is there: an entry of root (reservedByFold of
// rootNames) or a name of the sitemap's parts, sitemap-<number>.xml.
func rootName(root map[string]reservedName, key string) (reservedName, bool) {
	if n, ok := root[key]; ok {
		return n, true
	}
	if num, ok := strings.CutPrefix(key, "sitemap-"); ok {
		if num, ok = strings.CutSuffix(num, ".xml"); ok && isDigits(num) {
			return reservedName{key, "is kept for a part of the sitemap, which sitemap.xml lists once the site has more pages than one sitemap file may hold"}, true
		}
	}
	return reservedName{}, false
}

// yearNames are the names the generator writes in a year's folder,
// archive/<year>/, where the year's documents go.
func yearNames() []reservedName {
	return []reservedName{
		{indexFile, "is the year's list of documents"},
		{moreDir, "holds the year's list from its second page on"},
		{scheduleDir, "is the year's whole schedule"},
		{calendarFile, "is the year's calendar file"},
	}
}

// docNames are the names the generator writes in a document's folder,
// beside its attachments.
func docNames() []reservedName {
	return []reservedName{
		{indexFile, "is the document's page"},
		{scheduleDir, "is the document's schedule page"},
		{calendarFile, "is the document's calendar file"},
	}
}

// reservedByFold maps each name, folded (see foldName) and without the
// folder's slash, to its entry.
func reservedByFold(names []reservedName) map[string]reservedName {
	m := make(map[string]reservedName, len(names))
	for _, n := range names {
		m[foldName(strings.TrimSuffix(n.name, "/"))] = n
	}
	return m
}

// foldName is the form of a file name that is the same for every name a
// disk that ignores case takes as the same: FAT and exFAT, which USB
// sticks use, macOS and Windows. Each character becomes the smallest
// lower case of the characters Unicode folds together with it (K, k and
// the Kelvin sign U+212A become k), so two names fold alike exactly when
// strings.EqualFold says they are equal, and a name of lower-case ASCII,
// the usual slug, is its own fold: it is returned without allocating.
func foldName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.Map(foldRune, s)
		}
	}
	return s
}

// foldRune is the character foldName puts for r.
func foldRune(r rune) rune {
	low := unicode.ToLower(r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		low = min(low, unicode.ToLower(f))
	}
	return low
}

// Addresses are the addresses of a site's documents, drafts included,
// letter case aside: what a tool that adds a document (gongkai new doc,
// gongkai import) keeps clear of, so that the document it writes passes
// check once it is published.
type Addresses map[string]*Document

// Addresses maps the folded address of every document that has one (a
// date gives it) to the document: the first in path order, when two
// share one.
func (s *Site) Addresses() Addresses {
	a := make(Addresses, len(s.Documents))
	for _, d := range s.Documents {
		key := foldName(d.URL)
		if _, ok := a[key]; d.URL != "" && !ok {
			a[key] = d
		}
	}
	return a
}

// Clash says why a document at path (from the site folder, as
// Document.Path has it) and dated in year may not take slug: the slug is
// a name the archive writes in every year's folder, or another document
// has the address it gives, in this or other letter case. It is "" when
// the slug is free.
func (a Addresses) Clash(path string, year int, slug string) string {
	if n, ok := reservedByFold(yearNames())[foldName(slug)]; ok {
		return fmt.Sprintf("slug %q %s: /%s%s %s", slug, clash(slug, n, "in every year's folder"), yearURL(year), n.name, n.is)
	}
	url := yearURL(year) + slug + "/"
	d, ok := a[foldName(url)]
	switch {
	case !ok || d.Path == path:
		return ""
	case d.URL == url:
		return fmt.Sprintf("/%s is already the address of %s", url, d.Path)
	}
	return fmt.Sprintf("/%s differs only in letter case from /%s, the address of %s, and a disk that ignores case, such as a USB stick, takes the two as one", url, d.URL, d.Path)
}

// contentPaths yields the path of every file of content/ that check
// compares letter case aside (see checkCaseTwins): the files, the
// documents and the pages.
func (s *Site) contentPaths() iter.Seq[string] {
	return func(yield func(string) bool) {
		for f := range s.Files {
			if !yield(f) {
				return
			}
		}
		for _, d := range s.Documents {
			if !yield(d.Path) {
				return
			}
		}
		for _, pg := range s.Pages {
			if !yield(pg.Path) {
				return
			}
		}
	}
}

// Paths are the paths of a site's files of content/ and of the folders
// they are in, letter case aside: what a tool that writes a file there
// (gongkai import) keeps clear of, so that check finds no two paths that
// differ only in letter case.
type Paths map[string]string

// Paths maps the folded path of every file of content/, and that of
// every folder one is in with a slash after it, to the path: the first
// in order, when several share one.
func (s *Site) Paths() Paths {
	ps := make(Paths, len(s.Files)+len(s.Documents)+len(s.Pages))
	add := func(key, p string) {
		if q, ok := ps[key]; !ok || p < q {
			ps[key] = p
		}
	}
	for p := range s.contentPaths() {
		add(foldName(p), p)
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			add(foldName(p[:len(d)+1]), d)
		}
	}
	return ps
}

// Twin returns the path of the site's file or folder that differs only
// in letter case from p (from the site folder, as Document.Path has it),
// or from a folder p is in, the outermost such, and own, that path of
// p's: p or the folder. Both are "" when there is none. A disk that
// ignores case takes the two as one, and check warns of them (see
// checkCaseTwins). Of paths that already differ so among themselves,
// only the first in order is known: for it, Twin is "".
func (ps Paths) Twin(p string) (own, twin string) {
	for i := range len(p) {
		if p[i] != '/' {
			continue
		}
		// A folder, with the site's folders, then with its files.
		if q, ok := ps[foldName(p[:i+1])]; ok && q != p[:i] {
			return p[:i], q
		}
		if q, ok := ps[foldName(p[:i])]; ok && q != p[:i] {
			return p[:i], q
		}
	}
	if q, ok := ps[foldName(p)]; ok && q != p {
		return p, q
	}
	if q, ok := ps[foldName(p)+"/"]; ok && q != p {
		return p, q
	}
	return "", ""
}

// caseTwins returns each two folders of the files at paths whose paths
// differ only in letter case, each pair once, the one later in order
// first: a disk that ignores case makes one folder of the two. Only
// folders in one folder are paired: those in two such folders are the
// same twins again, one level down. It also returns, sorted, each file
// whose path differs so from that of a folder the files are in, with
// the folder (the first in order, of folders that are twins): such a
// disk cannot hold a file and a folder of one name in one folder.
func caseTwins(paths iter.Seq[string]) (folders, fileFolders [][2]string) {
	folds := newKeyGroups[string](0)
	seen := map[string]bool{}
	var files []string
	for p := range paths {
		files = append(files, p)
		// From p's folder outwards, to the first already seen, whose
		// own folders were seen with it.
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			folds.add(foldName(d), d)
		}
	}
	for _, twins := range folds.shared {
		sort.Strings(twins)
		for i, d := range twins {
			for _, e := range twins[:i] {
				if path.Dir(d) == path.Dir(e) {
					folders = append(folders, [2]string{d, e})
				}
			}
		}
	}
	for _, f := range files {
		key := foldName(f)
		d, ok := folds.first[key]
		if twins := folds.shared[key]; len(twins) > 0 {
			d = twins[0] // sorted above
		}
		if ok && d != f {
			fileFolders = append(fileFolders, [2]string{f, d})
		}
	}
	slices.SortFunc(fileFolders, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return folders, fileFolders
}

// windowsTrouble says why Windows cannot hold a file or folder named
// name, completing "file name … ", or "" when it can: the archive is
// copied to USB sticks and opened on Windows, where such a name cannot
// be copied at all, or arrives as another name than its links give.
func windowsTrouble(name string) string {
	for _, r := range name {
		if r < ' ' || strings.ContainsRune(`<>:"/\|?*`, r) {
			return fmt.Sprintf("contains %q, a character Windows does not allow in a file name", r)
		}
	}
	if strings.HasSuffix(name, ".") {
		return "ends in a dot, and Windows drops a file name's final dot"
	}
	if device := windowsDevice(name); device != "" {
		return fmt.Sprintf("is taken on Windows by the device %s, whatever its extension", device)
	}
	return ""
}

// windowsDevice returns the device that a file named name is on Windows,
// or "": a device's name is the device whatever follows its first dot
// (con.pdf is CON), and spaces before the dot do not count.
func windowsDevice(name string) string {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return base
	}
	kind, port := base[:min(3, len(base))], base[min(3, len(base)):]
	if (kind == "COM" || kind == "LPT") && utf8.RuneCountInString(port) == 1 && strings.Contains("0123456789¹²³", port) {
		return base
	}
	return ""
}

// yearURL is the folder of a year's documents: archive/2024/.
func yearURL(year int) string { return archiveDir + strconv.Itoa(year) + "/" }
