package generator

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Check runs the checks that need the whole site: unique index numbers
// and URLs, attachments that exist, index: links that resolve, files that
// nothing uses. It also completes the site for assembly: attachment sizes
// and URLs. It returns the problems it found, unsorted.
//
// The three groups of checks read the site and share nothing else: the
// URLs and the attachments are checked on other cores than the index
// numbers and links, each group into its own list.
func Check(site *Site) Problems {
	published := site.Published()
	var indexes, urls, files problemList
	var wg sync.WaitGroup
	wg.Go(func() { checkURLs(site, published, &urls) })
	wg.Go(func() { checkAttachments(site, &files) })
	checkIndexes(site, published, &indexes)
	wg.Wait()
	return slices.Concat(indexes.list, urls.list, files.list)
}

// checkIndexes checks that index numbers are unique among the published
// documents and that every index: link names one of them.
func checkIndexes(site *Site, published []*Document, probs *problemList) {
	byIndex := make(map[string]*Document, len(published))
	for _, d := range published {
		if d.Index == "" {
			continue
		}
		if other, dup := byIndex[d.Index]; dup {
			at := d.at.index
			probs.errorf(d.Path, at.Line, at.Col, "index %q is also used by %s:%d (an index number names one document: give this one the next free serial)", d.Index, other.Path, other.at.index.Line)
			continue
		}
		byIndex[d.Index] = d
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

// checkURLs checks that every URL belongs to one source.
func checkURLs(site *Site, published []*Document, probs *problemList) {
	// Names the generator itself uses at the top level are taken before
	// any page is looked at.
	owner := make(map[string]string, len(published)+len(site.Pages)+16)
	for _, reserved := range []string{"archive/", "topics/", "issuers/", "catalog/", "search/", "feed.xml/", "sitemap.xml/", "robots.txt/", "404.html/", "catalog.json/", "css/", "js/", "static/"} {
		owner[reserved] = "the generator"
	}
	claim := func(url, by string, at position) {
		if other, taken := owner[url]; taken {
			probs.errorf(by, at.Line, at.Col, "would be published at /%s, which %s already uses (change the slug)", url, other)
			return
		}
		owner[url] = by
	}
	for _, pg := range site.Pages {
		claim(pg.URL, pg.Path, position{})
	}
	for _, d := range published {
		if d.URL != "" {
			claim(d.URL, d.Path, d.at.slug)
		}
	}
}

// checkAttachments checks that each attachment exists and that two in one
// document do not share a file name, gives each its size and URL, and
// warns of files nothing attaches.
func checkAttachments(site *Site, probs *problemList) {
	referenced := map[string]bool{}
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
					probs.errorf(d.Path, a.at.Line, a.at.Col, "attachment %d: file %s does not exist (put the file there, or correct file = …)", i+1, a.File)
				}
				continue
			}
			a.Size = size
			base := path.Base(a.File)
			if base == "index.html" || strings.HasPrefix(base, "schedule") {
				probs.errorf(d.Path, a.at.Line, a.at.Col, "attachment %d: file name %q is used by the document's own pages (rename the file)", i+1, base)
			}
			if prev, dup := names[base]; dup {
				probs.errorf(d.Path, a.at.Line, a.at.Col, "attachments %s and %s share the file name %q and would overwrite each other (rename one)", prev, a.File, base)
			}
			names[base] = a.File
			a.URL = d.URL + base
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

// indexList is the published index numbers in order, as strings and as
// runes, for suggestions.
type indexList struct {
	keys  []string
	runes [][]rune
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
