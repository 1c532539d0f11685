package generator

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Check runs the checks that need the whole site: unique index numbers
// and URLs, slugs that keep off the names the generator writes itself,
// attachments that exist, index: links and links by path that resolve,
// files that nothing uses or that differ only in letter case. It also
// completes the site for assembly:
// attachment sizes and URLs. It returns the problems it found, unsorted.
//
// The three groups of checks read the site and share nothing else: the
// URLs and the attachments are checked on other cores than the index
// numbers and links, each group into its own list.
func Check(site *Site) Problems {
	published := site.Published()
	var indexes, urls, files problemList
	var wg sync.WaitGroup
	wg.Go(func() { checkURLs(site, published, &urls) })
	wg.Go(func() {
		checkAttachments(site, &files)
		checkCaseTwins(site, &files)
	})
	checkIndexes(site, published, &indexes)
	checkRefs(site, &indexes)
	wg.Wait()
	return slices.Concat(indexes.list, urls.list, files.list)
}

// checkIndexes checks that index numbers are unique among the published
// documents and that every index: link names one of them.
func checkIndexes(site *Site, published []*Document, probs *problemList) {
	indexes := newKeyGroups[*Document](len(published))
	for _, d := range published {
		if d.Index != "" {
			indexes.add(d.Index, d)
		}
	}
	byIndex := indexes.first
	// Which of them should change its number is for the author to say:
	// each is told of the others, and of the next number free.
	for index, docs := range indexes.shared {
		next := nextFreeIndex(index, site.Documents)
		which := "one of the two"
		if len(docs) > 2 {
			which = "all but one of them"
		}
		for _, d := range docs {
			var others []string
			for _, o := range docs {
				if o != d {
					others = append(others, fmt.Sprintf("%s:%d", o.Path, o.at.index.Line))
				}
			}
			probs.errorf(d.Path, d.at.index.Line, d.at.index.Col, "index %q is also used by %s (an index number names one document: give %s another number%s)",
				index, strings.Join(others, " and "), which, next)
		}
	}
	for _, d := range site.Documents {
		if d.Draft && d.Index != "" {
			if other, dup := byIndex[d.Index]; dup {
				at := d.at.index
				probs.warnf(d.Path, at.Line, at.Col, "draft has index %q, which %s already uses (give the draft its own index before publishing it)", d.Index, other.Path)
			}
		}
	}

	// index: links must name a published document.
	drafts := map[string]*Document{}
	for _, d := range site.Documents {
		if d.Draft && d.Index != "" {
			drafts[d.Index] = d
		}
	}
	// The published index numbers in order, made when the first broken
	// link needs a suggestion: an archive may have thousands of both.
	var sortedIndexes indexList
	checkLinks := func(from string, draft bool, links []indexLink) {
		for _, l := range links {
			if _, ok := byIndex[l.Index]; ok {
				continue
			}
			report := probs.errorf
			if draft {
				report = probs.warnf
			}
			if d, ok := drafts[l.Index]; ok {
				report(from, l.Line, l.Col, "links to index %q, which is the draft %s and is not published (publish it first or remove the link)", l.Index, d.Path)
				continue
			}
			report(from, l.Line, l.Col, "links to index %q, but no published document has that index%s", l.Index, suggestIndex(l.Index, byIndex, &sortedIndexes))
		}
	}
	for _, d := range site.Documents {
		checkLinks(d.Path, d.Draft, d.links)
	}
	for _, pg := range site.Pages {
		checkLinks(pg.Path, false, pg.links)
	}
}

// checkRefs checks the links and images that name a file of content/ by
// a relative path (bodyRef): a Markdown file must be a published
// document or a page, and another file should be published, as the
// attachment of a published document (its own, for a draft, will be once
// it is published). What a published document or a page gets wrong is an
// error, a file that is not published a warning; a draft gets warnings
// only. A path that names no file is left alone: it may be meant from
// the page's folder in the output, as ../../guide/ is.
func checkRefs(site *Site, probs *problemList) {
	published := publishedRefs(site, true)
	if published == nil {
		return
	}
	folds := fileFolds{files: site.Files}
	draftDocs := map[string]bool{} // the drafts' Markdown files
	drafts := map[string]bool{}    // the files drafts attach
	for _, d := range site.Documents {
		if !d.Draft {
			continue
		}
		draftDocs[d.Path] = true
		for _, a := range d.Attachments {
			drafts[a.File] = true
		}
	}
	var meant mdTargets
	check := func(from string, draft bool, own []*Attachment, refs []bodyRef, attach string) {
		for _, r := range refs {
			report := probs.errorf
			if draft {
				report = probs.warnf
			}
			verb := "links to"
			if r.Image {
				verb = "shows"
			}
			_, isPublished := published[r.Target]
			if strings.HasSuffix(r.Target, ".md") {
				if isPublished {
					continue
				}
				if draftDocs[r.Target] {
					report(from, r.Line, r.Col, "%s %s, which is a draft and is not published (publish it first or remove the link)", verb, r.Target)
				} else {
					todo := backslashTodo
					if !r.Backslash {
						todo = meant.suggest(site, from, r.Target)
					}
					report(from, r.Line, r.Col, "%s %s, which is not a document of the site (%s)", verb, r.Target, todo)
				}
				continue
			}
			if _, ok := site.Files[r.Target]; !ok {
				// A name with an extension that no file has is most
				// likely mistyped (files/phot.png), unless it is the
				// published name of one of the page's own attachments,
				// which are copied beside it. A path written with \ is
				// left as written, which the page cannot follow.
				switch {
				case r.Backslash:
					probs.warnf(from, r.Line, r.Col, "%s %s, which is no file of the site (%s)", verb, r.Target, backslashTodo)
				case path.Ext(r.Target) != "" && !slices.ContainsFunc(own, func(a *Attachment) bool { return path.Base(a.File) == path.Base(r.Target) }):
					if twin := folds.twin(r.Target); twin != "" {
						probs.warnf(from, r.Line, r.Col, "%s %s, which is no file of the site, but %s is, and letter case counts in a file name (write the path as %s)", verb, r.Target, twin, relPath(path.Dir(from), twin))
						continue
					}
					probs.warnf(from, r.Line, r.Col, "%s %s, which is no file of the site (correct the path; a file to publish is listed under [[attachments]])", verb, r.Target)
				}
				continue
			}
			if isPublished {
				continue
			}
			if draft && slices.ContainsFunc(own, func(a *Attachment) bool { return a.File == r.Target }) {
				continue
			}
			if drafts[r.Target] {
				// The page would name a draft's file, and link to nothing.
				report(from, r.Line, r.Col, "%s %s, which only a draft attaches and is not published (publish the draft first or remove the link)", verb, r.Target)
				continue
			}
			probs.warnf(from, r.Line, r.Col, "%s %s, which no published document attaches, so it is not published (%s)", verb, r.Target, attach)
		}
	}
	for _, d := range site.Documents {
		check(d.Path, d.Draft, d.Attachments, d.refs, "list it under [[attachments]] of this document")
	}
	for _, pg := range site.Pages {
		check(pg.Path, false, nil, pg.refs, "attach it to a published document with [[attachments]]")
	}
}

// backslashTodo says what to do about a link by a path written with \
// that names nothing: Markdown reads \ before a punctuation mark as an
// escape (..\..\a.md is ....\a.md), and the page writes any other as %5C.
const backslashTodo = `write the path with / rather than \: Markdown drops a \ before . and other punctuation, and a page cannot follow any other`

// mdTargets finds the published document or page that a link by path
// to a Markdown file that is neither was probably meant to name.
type mdTargets struct {
	files []string // their files, sorted; made for the first such link, as an archive may have thousands
	dir   string   // the folder the last such link named
	names []string // files, as paths from dir without .md
}

// suggest says what to do about the link from the file at from to the
// Markdown file target, which is no document or page: the nearest file
// of a published document or a page, written as a link in from would
// write it. Files are compared as paths from the folder the link names,
// without the .md they all end in: closest tolerates more edits in a
// longer text, and the folders and the suffix that a link shares with
// every file beside the one it names would let one short name pass for
// another (old.md for a.md). The paths from a folder are made once for
// the links into it, which mostly come one after the other.
func (m *mdTargets) suggest(site *Site, from, target string) string {
	if m.files == nil {
		m.files = []string{}
		for _, d := range site.Documents {
			if !d.Draft {
				m.files = append(m.files, d.Path)
			}
		}
		for _, pg := range site.Pages {
			m.files = append(m.files, pg.Path)
		}
		sort.Strings(m.files)
	}
	dir := path.Dir(target)
	if m.dir != dir {
		m.dir, m.names = dir, m.names[:0]
		for _, f := range m.files {
			m.names = append(m.names, strings.TrimSuffix(relPath(dir, f), ".md"))
		}
	}
	if c := closest(strings.TrimSuffix(path.Base(target), ".md"), m.names); c != "" {
		return fmt.Sprintf("did you mean %q?", relPath(path.Dir(from), path.Join(dir, c+".md")))
	}
	return "correct the path"
}

// relPath writes the file target as a path from the folder dir, both
// slash-separated paths from the site's folder.
func relPath(dir, target string) string {
	d, t := strings.Split(dir, "/"), strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// checkURLs checks that every URL belongs to one source, and that no
// slug takes a name the generator writes in the folder the slug's page
// goes in (see names.go). URLs that differ only in letter case are one:
// the archive is meant to be read from USB sticks, whose disks (FAT,
// exFAT), like those of Windows and macOS, do not tell them apart, so
// one of the two folders would take the other's files.
func checkURLs(site *Site, published []*Document, probs *problemList) {
	root, static := reservedByFold(rootNames()), staticNames(site, probs)
	type owner struct {
		url, by string
		at      position
	}
	owners := make(map[string]owner, len(published)+len(site.Pages))
	// Which of two sources should move is for the author to say: each is
	// told of the other.
	clash := func(a, b owner) {
		if a.url == b.url {
			probs.errorf(a.by, a.at.Line, a.at.Col, "would be published at /%s, which %s also uses (change the slug of one of them)", a.url, b.by)
		} else {
			probs.errorf(a.by, a.at.Line, a.at.Col, "would be published at /%s, which differs only in letter case from /%s, used by %s, and a disk that ignores case, such as a USB stick, takes the two as one (change the slug of one of them)", a.url, b.url, b.by)
		}
	}
	claim := func(url, by string, at position) {
		key := foldName(url)
		me := owner{url, by, at}
		if other, taken := owners[key]; taken {
			clash(me, other)
			clash(other, me)
			return
		}
		owners[key] = me
	}
	for _, pg := range site.Pages {
		key := foldName(pg.Slug)
		n, ok := rootName(root, key)
		if !ok {
			n, ok = static[key]
		}
		if ok {
			reservedSlug(probs, pg.Path, pg.at, pg.Slug, n, "", "in the site's root")
			continue
		}
		claim(pg.URL, pg.Path, pg.at)
	}
	year := reservedByFold(yearNames())
	for _, d := range published {
		if d.URL == "" {
			continue
		}
		if n, ok := year[foldName(d.Slug)]; ok {
			reservedSlug(probs, d.Path, d.at.slug, d.Slug, n, yearURL(d.Date.Year), "in every year's folder")
			continue
		}
		claim(d.URL, d.Path, d.at.slug)
	}
}

// staticNames gives the names the static files take in the site's root,
// folded as reservedByFold does. It reports a file of the site's static/
// that would land on a name the generator writes there itself, or on
// another static file's name in other letter case, and a folder of the
// site's static files whose path differs so from another's.
func staticNames(site *Site, probs *problemList) map[string]reservedName {
	generated := reservedByFold(rootNames())
	names := map[string]reservedName{}
	fromSite := map[string]bool{} // a name the site's own files take, rather than the theme's alone
	files := make(map[string]layeredFile, len(site.static))
	for _, f := range site.static {
		key := foldName(f.name)
		if other, ok := files[key]; ok && (f.site || other.site) {
			p, q := f, other
			if !f.site {
				p, q = other, f
			}
			probs.errorf(p.name, 0, 0, "differs only in letter case from %s, and a disk that ignores case, such as a USB stick, takes the two as one (rename one)", layerName(q))
		}
		files[key] = f
	}
	// The build publishes the static files at their paths, and fails on
	// two folders that differ only in letter case (see outputNames).
	siteFolders := map[string]bool{} // the folders the site's own files are in
	siteFiles := map[string]bool{}
	for _, f := range site.static {
		if !f.site {
			continue
		}
		siteFiles[f.name] = true
		for d := path.Dir(f.name); d != "." && !siteFolders[d]; d = path.Dir(d) {
			siteFolders[d] = true
		}
	}
	staticPaths := func(yield func(string) bool) {
		for _, f := range site.static {
			if !yield(f.name) {
				return
			}
		}
	}
	folderPairs, fileFolderPairs := caseTwins(staticPaths)
	for _, pair := range folderPairs {
		p, q := pair[0], pair[1]
		if !siteFolders[p] {
			p, q = q, p
		}
		if !siteFolders[p] {
			continue // the theme's own
		}
		if !siteFolders[q] {
			q = "the theme's " + q
		}
		probs.errorf(p, 0, 0, "differs only in letter case from %s, and a disk that ignores case, such as a USB stick, takes the two as one (move the files of one into the other, and correct the paths that name them)", q)
	}
	for _, pair := range fileFolderPairs {
		f, d := pair[0], pair[1]
		switch {
		case siteFiles[f]:
			if !siteFolders[d] {
				d = "the theme's folder " + d
			} else {
				d = "the folder " + d
			}
			probs.errorf(f, 0, 0, "differs only in letter case from %s, and a disk that ignores case, such as a USB stick, cannot hold a file and a folder of one name (rename the file or the folder)", d)
		case siteFolders[d]:
			probs.errorf(d, 0, 0, "differs only in letter case from the theme's file %s, and a disk that ignores case, such as a USB stick, cannot hold a file and a folder of one name (rename the folder)", f)
		}
	}
	for _, f := range site.static {
		top, _, folder := strings.Cut(strings.TrimPrefix(f.name, "static/"), "/")
		key := foldName(top)
		if n, ok := rootName(generated, key); ok {
			if f.site && !fromSite[key] {
				probs.errorf("static/"+top, 0, 0, "%s: /%s %s (give it another name)", clash(top, n, "in the site's root"), n.name, n.is)
			}
			fromSite[key] = fromSite[key] || f.site
			continue
		}
		if _, ok := names[key]; ok && (fromSite[key] || !f.site) {
			continue
		}
		fromSite[key] = f.site
		layer := "theme's"
		if f.site {
			layer = "site's"
		}
		if folder {
			names[key] = reservedName{top + "/", fmt.Sprintf("holds the %s static files of static/%s/", layer, top)}
		} else {
			names[key] = reservedName{top, fmt.Sprintf("is the %s static file %s", layer, f.name)}
		}
	}
	return names
}

// layerName names a file of a themeFS layer for a message.
func layerName(f layeredFile) string {
	if f.site {
		return f.name
	}
	return "the theme's " + f.name
}

// reservedSlug reports the slug of the file at p, whose slug = … stands
// at at (zero when the slug is the file's name), for being the name n
// that the generator writes in folder, as it does in every folder where
// says.
func reservedSlug(probs *problemList, p string, at position, slug string, n reservedName, folder, where string) {
	msg, todo := fmt.Sprintf("slug %q %s", slug, clash(slug, n, where)), "choose another slug"
	if at == (position{}) {
		msg, todo = fmt.Sprintf("the file name gives the slug %q, which %s", slug, clash(slug, n, where)), "rename the file, or set slug"
	}
	probs.errorf(p, at.Line, at.Col, "%s: /%s%s %s (%s)", msg, folder, n.name, n.is, todo)
}

// clash says that name is the generator's name n, which it writes in
// every folder where says, or differs from it only in letter case.
func clash(name string, n reservedName, where string) string {
	own := strings.TrimSuffix(n.name, "/")
	if name == own {
		return "is a name the archive uses " + where
	}
	return fmt.Sprintf("differs only in letter case from %q, a name the archive uses %s, and a disk that ignores case, such as a USB stick, takes the two as one", own, where)
}

// checkAttachments checks that each attachment exists and that two in one
// document do not share a file name, gives each its size and URL, and
// warns of files nothing attaches.
func checkAttachments(site *Site, probs *problemList) {
	referenced := map[string]bool{}
	folds := fileFolds{files: site.Files}
	ownNames := reservedByFold(docNames())
	for _, d := range site.Documents {
		if len(d.Attachments) == 0 {
			continue
		}
		names := map[string]string{} // a document's attachments are published side by side
		for i, a := range d.Attachments {
			referenced[a.File] = true
			size, ok := site.Files[a.File]
			if !ok {
				if !d.Draft {
					probs.errorf(d.Path, a.at.Line, a.at.Col, "attachment %d: %s", i+1, notAttachable(site, &folds, path.Dir(d.Path), a.File))
				}
				continue
			}
			a.Size = size
			// Letter case aside, as a USB stick's disk compares names.
			base := path.Base(a.File)
			key := foldName(base)
			if _, taken := ownNames[key]; taken {
				probs.errorf(d.Path, a.at.Line, a.at.Col, "attachment %d: file name %q is used by the document's own pages (rename the file)", i+1, base)
			}
			if why := windowsTrouble(base); why != "" {
				probs.errorf(d.Path, a.at.Line, a.at.Col, "attachment %d: file name %q %s (rename the file: the archive is copied to USB sticks and opened on Windows)", i+1, base, why)
			}
			if prev, dup := names[key]; dup {
				if path.Base(prev) == base {
					probs.errorf(d.Path, a.at.Line, a.at.Col, "attachments %s and %s share the file name %q and would overwrite each other (rename one)", prev, a.File, base)
				} else {
					probs.errorf(d.Path, a.at.Line, a.at.Col, "attachments %s and %s have file names that differ only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one (rename one)", prev, a.File)
				}
			}
			names[key] = a.File
			a.URL = attachmentURL(d, a)
		}
	}
	var unreferenced []string
	for f := range site.Files {
		if !referenced[f] {
			unreferenced = append(unreferenced, f)
		}
	}
	sort.Strings(unreferenced)
	for _, f := range unreferenced {
		probs.warnf(f, 0, 0, "is not attached to any document, so it is not published (attach it with [[attachments]] or delete it)")
	}
}

// checkCaseTwins warns of the files of content/ whose paths differ only
// in letter case, such as files/Photo.png and files/photo.png, or
// 2024/Notice.md and 2024/notice.md: a checkout or copy of the site on
// Windows or macOS keeps one of them. The document that attaches the
// other file then fails to build there, or publishes the wrong file; of
// two Markdown files, a document or a page is gone without a word. (Two
// documents of one year at URLs that differ only in letter case are
// refused too, but those of two years, or in two folders with slugs of
// their own, are not.) Paths are compared whole. Two folders that differ
// so, such as 2024/Files and 2024/files, become one folder there with one
// of the names, and an attachment written with the other fails to build
// there: each pair is warned of once, at the folder later in order. A
// file and a folder that differ so, such as 2024/files beside 2024/Files,
// cannot both be there: each such file is warned of.
func checkCaseTwins(site *Site, probs *problemList) {
	folds := newKeyGroups[string](len(site.Files) + len(site.Documents) + len(site.Pages))
	for f := range site.contentPaths() {
		folds.add(foldName(f), f)
	}
	for _, twins := range folds.shared {
		sort.Strings(twins)
		for _, f := range twins {
			others := slices.DeleteFunc(slices.Clone(twins), func(o string) bool { return o == f })
			probs.warnf(f, 0, 0, "differs only in letter case from %s, and a disk that ignores case, as Windows's does, keeps one of them when the site is copied there (rename one)", strings.Join(others, " and "))
		}
	}
	folderPairs, fileFolderPairs := caseTwins(site.contentPaths())
	for _, pair := range folderPairs {
		probs.warnf(pair[0], 0, 0, "differs only in letter case from %s, and a disk that ignores case, as Windows's does, makes one folder of the two, with one of the names, when the site is copied there (move the files of one into the other, and correct the paths that name them)", pair[1])
	}
	for _, pair := range fileFolderPairs {
		probs.warnf(pair[0], 0, 0, "differs only in letter case from the folder %s, and a disk that ignores case, as Windows's does, cannot hold a file and a folder of one name, so one of them is not copied when the site is copied there (rename the file or the folder)", pair[1])
	}
}

// keyGroups groups values by a key that should be theirs alone: it
// keeps the first value of each key, and the values of each key that
// more than one has, in the order they were added. A site without such a
// key, as most are, makes no group.
type keyGroups[V any] struct {
	first  map[string]V
	shared map[string][]V // nil until a key has a second value
}

// newKeyGroups makes the groups of about n values.
func newKeyGroups[V any](n int) keyGroups[V] {
	return keyGroups[V]{first: make(map[string]V, n)}
}

func (g *keyGroups[V]) add(key string, v V) {
	other, seen := g.first[key]
	if !seen {
		g.first[key] = v
		return
	}
	if g.shared == nil {
		g.shared = map[string][]V{}
	}
	if len(g.shared[key]) == 0 {
		g.shared[key] = []V{other}
	}
	g.shared[key] = append(g.shared[key], v)
}

// notAttachable says why file, which is not among the files of content/
// that may be attachments, cannot be attached by the document in the
// folder dir.
func notAttachable(site *Site, folds *fileFolds, dir, file string) string {
	if strings.HasSuffix(file, ".md") {
		return fmt.Sprintf("file %s is a Markdown file, which the archive publishes as a document, never as an attachment (link to the document with [title](index:…); to attach the text as a file, give it another extension, such as .txt)", file)
	}
	for _, seg := range strings.Split(file, "/") {
		if skippedName(seg) {
			return fmt.Sprintf("file %s has a name the archive passes over, as an editor's or the system's (rename it: no file or folder of content/ that starts with a dot or ~$ or ends with ~ is published, nor Thumbs.db or desktop.ini)", file)
		}
	}
	// Only now is the folder looked at: what is there is no file the
	// walk of content/ kept.
	if site.fsys != nil {
		if info, err := fs.Lstat(site.fsys, file); err == nil {
			switch {
			case info.IsDir():
				return fmt.Sprintf("%s is a folder, not a file (name a file in it)", file)
			case info.Mode()&fs.ModeSymlink != 0:
				return fmt.Sprintf("file %s is a symbolic link, and links are not followed (copy the file there instead)", file)
			}
		}
	}
	// Windows finds a file whatever the letter case of its name, and
	// Explorer hides the extension, so file = "通知.pdf" for 通知.PDF
	// looks right there; the build, the check and a web host do not.
	if twin := folds.twin(file); twin != "" {
		return fmt.Sprintf("file %s does not exist, but %s does, and letter case counts in a file name (write file = %q)", file, twin, relPath(dir, twin))
	}
	return fmt.Sprintf("file %s does not exist (put the file there, or correct file = …)", file)
}

// fileFolds finds the file of content/ whose path differs from a given
// one only in letter case, for a name written in other case than its
// file's. The table is made for the first question: a site with every
// name right asks none.
type fileFolds struct {
	files map[string]int64
	first map[string]string // by the fold of a path, the first path in order that has it
}

// twin returns that file (the first in order, if there are several), or "".
func (f *fileFolds) twin(file string) string {
	if f.first == nil {
		f.first = make(map[string]string, len(f.files))
		for p := range f.files {
			if k := foldName(p); f.first[k] == "" || p < f.first[k] {
				f.first[k] = p
			}
		}
	}
	return f.first[foldName(file)]
}

// indexList is the published index numbers in order, as strings and as
// runes, for suggestions.
type indexList struct {
	keys  []string
	runes [][]rune
}

// serialTail splits an index number into what comes before its final
// serial and the serial's digits.
var serialTail = regexp.MustCompile(`^(.*[^0-9])([0-9]+)$`)

// nextFreeIndex returns "; the next free one is N", N being index's own
// prefix and the NextSerial after it, written as wide as index's serial;
// or "" when index ends in no serial.
func nextFreeIndex(index string, docs []*Document) string {
	m := serialTail.FindStringSubmatch(index)
	if m == nil {
		return ""
	}
	prefix, width := m[1], len(m[2])
	return fmt.Sprintf("; the next free one is %s%0*d", prefix, width, NextSerial(docs, prefix))
}

// NextSerial is the serial after the highest that any of docs, drafts
// included (a draft has reserved its number), has after prefix: the
// number an index number writes after prefix in digits alone, leading
// zeros aside at most nine (so that a serial and the next fit an int
// everywhere); 1 when none has one. gongkai new doc numbers a new
// document so, and check tells the documents that share an index number
// of it.
func NextSerial(docs []*Document, prefix string) int {
	highest := 0
	for _, d := range docs {
		serial, ok := strings.CutPrefix(d.Index, prefix)
		if !ok || serial == "" || strings.Trim(serial, "0123456789") != "" || len(strings.TrimLeft(serial, "0")) > 9 {
			continue
		}
		n, _ := strconv.Atoi(serial)
		highest = max(highest, n)
	}
	return highest + 1
}

// suggestIndex suggests the published index nearest to index. list is
// made on the first call.
func suggestIndex(index string, byIndex map[string]*Document, list *indexList) string {
	if list.keys == nil {
		list.keys = make([]string, 0, len(byIndex))
		for k := range byIndex {
			list.keys = append(list.keys, k)
		}
		sort.Strings(list.keys)
		list.runes = make([][]rune, len(list.keys))
		for i, k := range list.keys {
			list.runes[i] = []rune(k)
		}
	}
	if c := closestOf(index, list.keys, list.runes); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return " (check the number in the catalogue)"
}

// Published returns the documents that are not drafts. Everything that
// reaches the output is derived from this list and nothing else.
func (s *Site) Published() []*Document {
	out := make([]*Document, 0, len(s.Documents))
	for _, d := range s.Documents {
		if !d.Draft {
			out = append(out, d)
		}
	}
	return out
}
