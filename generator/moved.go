package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Moved compares the site with the build published in dir, when dir
// holds a build's own output (it has the mark, see outputMark): every
// document that build published at an address that does not show it now
// gets a warning, since citations of that address break. A document
// whose address another document now has is told at what gave that
// document the address; else one whose index number is now at another
// address is told at its file, one that is now a draft at its draft line,
// one whose number is gone at content/. A dir that is no build's output,
// or whose catalog.json cannot be read, gives no warning: the last build
// is only advice.
//
// The last build's addresses are read from its catalog.json, which lists
// every document it published; the comparison is one pass over that file
// against a map of the addresses published now.
func Moved(site *Site, dir string) Problems {
	catalog := lastCatalog(dir)
	if catalog == nil {
		return nil
	}
	now := make(map[string]*Document, len(site.Documents))
	for _, d := range site.Documents {
		if !d.Draft && d.URL != "" {
			now[d.URL] = d
		}
	}
	gone, ok := unpublished(catalog, now)
	if !ok || len(gone) == 0 {
		return nil
	}
	return movedProblems(site, gone, now)
}

// lastCatalog returns the catalog.json of the build in dir, or nil when
// dir is no build's output or the file cannot be read.
func lastCatalog(dir string) []byte {
	if _, err := os.Stat(filepath.Join(dir, outputMark)); err != nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, catalogFile))
	if err != nil {
		return nil
	}
	return data
}

// lastDoc is a document of the last build whose address does not show it
// now: the site publishes nothing there, or another document.
type lastDoc struct {
	index string
	addr  string // site-relative, as Document.URL: archive/2024/plan/
}

// movedShown is how many of the last build's documents are named one by
// one: a folder deleted or a year's dates corrected would otherwise give
// a warning for each of its documents, burying every other problem.
const movedShown = 20

// movedProblems tells where each document of gone went: to another
// address, into a draft, or out of the site, and first which document
// took its address, if one did; now maps the addresses published now to
// their documents.
func movedProblems(site *Site, gone []lastDoc, now map[string]*Document) Problems {
	var probs problemList
	shown := gone[:min(len(gone), movedShown)]
	wanted := make(map[string]bool, len(shown))
	for _, g := range shown {
		wanted[g.index] = true
	}
	// A draft may share its number with a published document (check
	// refuses only two published ones): the old address went to the
	// published one.
	published, drafts := map[string]*Document{}, map[string]*Document{}
	for _, d := range site.Documents {
		found := drafts
		if !d.Draft {
			found = published
		}
		if wanted[d.Index] && found[d.Index] == nil {
			found[d.Index] = d
		}
	}
	for _, g := range shown {
		was := "published at /" + g.addr + " by the last build"
		if d := now[g.addr]; d != nil {
			takenBy(&probs, site.fsys, d, g, was, gone)
			continue
		}
		if d := published[g.index]; d != nil {
			if d.URL != "" { // else its date is wrong, and reported
				movedTo(&probs, site.fsys, d, g, was)
			}
			continue
		}
		if d := drafts[g.index]; d != nil {
			at := keyPosition(site.fsys, d.Path, "draft")
			probs.warnf(d.Path, at.Line, at.Col, "%s, now a draft: citations of the address will break (remove draft = true if it should stay published)", was)
			continue
		}
		probs.warnf("content/", 0, 0, "%s as %s, which no document has now: citations of the address will break (restore its file if it was removed by mistake)", was, g.index)
	}
	if more := len(gone) - len(shown); more > 0 {
		probs.warnf("content/", 0, 0, "%s that the last build published at addresses that no longer show them, besides the %d named: citations of them will break (see which documents were moved, made drafts or removed since)", count(more, "more document"), len(shown))
	}
	return probs.list
}

// movedTo warns of the document d, which the last build published at
// another address: at what changed the address, and with what keeps it.
func movedTo(probs *problemList, fsys fs.FS, d *Document, g lastDoc, was string) {
	at, keep := addressChange(fsys, d, g.addr)
	probs.warnf(d.Path, at.Line, at.Col, "%s, now at /%s: citations of the old address will break (%s, or redirect the old address on the web server)", was, d.URL, keep)
}

// takenBy warns of the address of g, which the last build published and
// which the document d, another one, has now: citations of the address
// show d, with nothing to tell a reader that they meant another
// document, which is worse than a page that is gone. No redirect can
// help while d is there, so the warning is at what brought d to the
// address: what changed it since the last build, when that build
// published d too (gone holds its old address, since that no longer
// shows d), else the slug d has.
func takenBy(probs *problemList, fsys fs.FS, d *Document, g lastDoc, was string, gone []lastDoc) {
	at, keep := d.at.slug, "give this document another slug"
	if at.Line == 0 {
		at = position{1, 1} // the file name gives the slug
	}
	for _, old := range gone {
		if old.index == d.Index {
			at, keep = addressChange(fsys, d, old.addr)
			break
		}
	}
	probs.warnf(d.Path, at.Line, at.Col, "%s as %s, now the address of this document: citations of the address will show another document (%s)", was, g.index, keep)
}

// addressChange is where the front matter of d changed its address from
// addr, the last build's, and what brings it back.
func addressChange(fsys fs.FS, d *Document, addr string) (position, string) {
	oldYear, oldSlug := addressParts(addr)
	var keep []string
	at := position{1, 1}
	if oldYear != strconv.Itoa(d.Date.Year) {
		keep = append(keep, "keep the date in "+oldYear)
		at = keyPosition(fsys, d.Path, "date")
	}
	if oldSlug != d.Slug {
		keep = append(keep, slugBack(d, oldSlug))
		if d.at.slug.Line > 0 {
			at = d.at.slug
		}
	}
	return at, strings.Join(keep, " and ")
}

// slugBack says what gives d the slug old again. The last build's
// catalogue keeps no file names, so whether old came from the file's name
// or from a slug key is not known. When d has a slug key, setting it to
// old brings the address back either way; when d has none, either the
// file was renamed or its slug key was removed, and the advice names
// both ways back, each right in either case.
func slugBack(d *Document, old string) string {
	if d.at.slug.Line == 0 {
		return fmt.Sprintf("rename the file to %s.md or set slug = %q in its front matter", old, old)
	}
	return fmt.Sprintf("set slug = %q", old)
}

// addressParts splits a document's address, archive/<year>/<slug>/,
// into its year and slug.
func addressParts(addr string) (year, slug string) {
	year, slug, _ = strings.Cut(strings.TrimSuffix(strings.TrimPrefix(addr, archiveDir), "/"), "/")
	return year, slug
}

// keyPosition is where the front matter of the file p sets key, or 1:1
// when it cannot be found. The file is read again: it is asked for
// movedShown documents at most, and keeping every key's place for every
// document would cost every build memory.
func keyPosition(fsys fs.FS, p, key string) position {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return position{1, 1}
	}
	front, _, _, err := splitFrontMatter(normalizeText(src))
	if err != nil {
		return position{1, 1}
	}
	// The front matter starts on the file's second line.
	if line, col, found := newTOMLSource(string(front), 2).lookup("", 0, key); found {
		return position{line, col}
	}
	return position{1, 1}
}

// unpublished reads catalog.json, as some build wrote it, and returns its
// documents whose address does not show them now, in the catalogue's
// order: now, the documents published now by address, has no document
// there, or another one. Another document has another index number and
// another title: a number corrected in place keeps the document, and its
// title, at its address. It reads only what it needs (each record's
// index, title and url) and allocates only for the documents it returns:
// a catalogue of 100,000 documents is some 35 MB, which encoding/json
// takes about 0.35 s to decode.
//
// ok is false when the file is not such a catalogue: not JSON, or a
// record without an index, with a title that is not a string, or with a
// url that is not a document's.
func unpublished(data []byte, now map[string]*Document) (gone []lastDoc, ok bool) {
	s := jsonScanner{b: data}
	if !s.take('[') {
		return nil, false
	}
	if s.take(']') {
		return nil, s.end()
	}
	for {
		index, title, addr, ok := s.record()
		if !ok {
			return nil, false
		}
		if d := now[string(addr)]; d == nil || d.Index != string(index) && d.Title != string(title) {
			gone = append(gone, lastDoc{index: string(index), addr: string(addr)})
		}
		if s.take(']') {
			return gone, s.end()
		}
		if !s.take(',') {
			return nil, false
		}
	}
}

// record reads one object of the catalogue: its index, its title, and
// the address its url names.
func (s *jsonScanner) record() (index, title, addr []byte, ok bool) {
	if !s.take('{') {
		return nil, nil, nil, false
	}
	var u []byte
	for first := true; !s.take('}'); first = false {
		if !first && !s.take(',') {
			return nil, nil, nil, false
		}
		key, ok := s.str()
		if !ok || !s.take(':') {
			return nil, nil, nil, false
		}
		switch string(key) {
		case "index":
			index, ok = s.str()
		case "title":
			title, ok = s.str()
		case "url":
			u, ok = s.str()
		default:
			ok = s.skip()
		}
		if !ok {
			return nil, nil, nil, false
		}
	}
	if len(index) == 0 || len(u) == 0 {
		return nil, nil, nil, false
	}
	addr, ok = documentAddress(u)
	return index, title, addr, ok
}

// documentAddress returns the site-relative address, as Document.URL
// writes it, of the document page a catalogue's url names: the last three
// segments of the path, archive/<year>/<slug>/. Whatever comes before is
// the base URL, which may have changed since (or be absent, or be
// relative); a url naming index.html, as links of an offline build do,
// names its folder. The address is a part of u unless the slug is
// percent-encoded.
func documentAddress(u []byte) ([]byte, bool) {
	u = bytes.TrimSuffix(u, []byte(indexFile))
	if !bytes.HasSuffix(u, []byte("/")) {
		return nil, false
	}
	start := len(u) - 1
	for range 3 {
		if start = bytes.LastIndexByte(u[:start], '/'); start < 0 {
			break
		}
	}
	addr := u[start+1:]
	year, slug, _ := bytes.Cut(bytes.TrimPrefix(addr[:len(addr)-1], []byte(archiveDir)), []byte("/"))
	if !bytes.HasPrefix(addr, []byte(archiveDir)) || !isDigits(string(year)) || len(slug) == 0 {
		return nil, false
	}
	if bytes.IndexByte(slug, '%') < 0 {
		return addr, true
	}
	// A slug outside ASCII is written percent-encoded.
	s, err := url.PathUnescape(string(slug))
	if err != nil {
		return nil, false
	}
	return []byte(archiveDir + string(year) + "/" + s + "/"), true
}

// jsonScanner reads the little of JSON that unpublished needs, straight
// from the bytes.
type jsonScanner struct {
	b []byte
	i int
}

func (s *jsonScanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

// take moves past c, after any white space, if it comes next.
func (s *jsonScanner) take(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// end reports whether nothing but white space is left.
func (s *jsonScanner) end() bool {
	s.space()
	return s.i == len(s.b)
}

// str reads a string and returns its value: the bytes between its
// quotes when it has no escape, as the catalogue's strings almost never
// have, else what encoding/json decodes.
func (s *jsonScanner) str() ([]byte, bool) {
	if !s.take('"') {
		return nil, false
	}
	start, escaped := s.i, false
	for {
		j := bytes.IndexByte(s.b[s.i:], '"')
		if j < 0 {
			return nil, false
		}
		part := s.b[s.i : s.i+j]
		s.i += j + 1
		escaped = escaped || bytes.IndexByte(part, '\\') >= 0
		// The quote ends the string unless an odd number of backslashes
		// escapes it.
		n := len(part) - len(bytes.TrimRight(part, `\`))
		if n%2 == 0 {
			break
		}
	}
	if !escaped {
		return s.b[start : s.i-1], true
	}
	var v string
	if json.Unmarshal(s.b[start-1:s.i], &v) != nil {
		return nil, false
	}
	return []byte(v), true
}

// skip moves past a value the catalogue's reader does not need (a string,
// a list of keywords, true): to the comma or brace that ends it, outside
// strings and brackets. It checks no more of the value than that.
func (s *jsonScanner) skip() bool {
	depth := 0
	for s.space(); s.i < len(s.b); s.space() {
		switch s.b[s.i] {
		case '"':
			if _, ok := s.str(); !ok {
				return false
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return true
			}
			depth--
		case ',':
			if depth == 0 {
				return true
			}
		}
		s.i++
	}
	return false
}
