package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator"
)

// Options control Import.
type Options struct {
	Into   string // the content folder; "content" when empty
	DryRun bool   // write nothing, report what would be written
	Force  bool   // overwrite existing files
	Site   Site
}

// LoadSite reads what Import needs of the archive in dir as the
// generator reads it: the categories, issuers and index pattern of its
// config.toml, and the index numbers and addresses of its documents. The
// problems are the generator's; with an error in config.toml, the
// declared names are not known.
func LoadSite(dir string) (Site, generator.Problems) {
	loaded, probs := generator.Load(os.DirFS(dir))
	cfg := loaded.Config
	s := Site{
		IssuerCodes:  map[string]string{},
		IndexPattern: cfg.IndexPattern,
		Dir:          dir,
		indexes:      map[string]string{},
		addresses:    loaded.Addresses(),
		paths:        loaded.Paths(),
	}
	if s.IndexPattern == "" {
		s.IndexPattern = generator.DefaultIndexPattern
	}
	for _, c := range cfg.Categories {
		s.Categories = append(s.Categories, c.Name)
	}
	for _, is := range cfg.Issuers {
		s.Issuers = append(s.Issuers, is.Name)
		if is.Code != "" {
			s.IssuerCodes[is.Name] = is.Code
		}
	}
	// A published document holds its number against drafts that have it
	// too, as check has it: an import run again then finds the number
	// where the first run left it, whichever file sorts first.
	for _, drafts := range []bool{false, true} {
		for _, d := range loaded.Documents {
			if _, dup := s.indexes[d.Index]; d.Index != "" && d.Draft == drafts && !dup {
				s.indexes[d.Index] = filepath.Join(dir, filepath.FromSlash(d.Path))
			}
		}
	}
	return s, probs
}

// taken tells whether a document dated in year and written at p may not
// take slug: a file of the site has p's path in other letter case, the
// archive writes that name in a year's folder, or another document of
// the site has the address. An undated document has no address yet. A
// folder of p's that differs so from one of the site is not the slug's
// doing: checkTwins refuses the document.
func (s Site) taken(p string, year int, slug string) bool {
	path := s.rel(p)
	// A disk that ignores case holds one of two such files: check warns
	// of them, and where they are written at all, a copy loses one.
	if own, twin := s.paths.Twin(path); twin != "" && own == path {
		return true
	}
	return year != 0 && s.addresses.Clash(path, year, slug) != ""
}

// twin returns the file or folder of the site, as a path like p, whose
// path differs only in letter case from p's or from that of a folder p
// is in, with that path of p's own: p or the folder. Both are "" when
// there is none.
func (s Site) twin(p string) (own, twin string) {
	rel := s.rel(p)
	o, q := s.paths.Twin(rel)
	if q == "" {
		return "", ""
	}
	own = p
	for range strings.Count(rel[len(o):], "/") {
		own = filepath.Dir(own)
	}
	return own, filepath.Join(s.Dir, filepath.FromSlash(q))
}

// rel is the path of p from the site folder, as the site's documents and
// files have theirs, or p itself when the site is not known or p is not
// in it. The folders are compared as the file system knows them: --into
// spelt other than --source, through a symbolic link, still names the
// site's files.
func (s Site) rel(p string) string {
	if s.Dir != "" {
		dir, err1 := filepath.Abs(s.Dir)
		abs, err2 := filepath.Abs(p)
		if err1 == nil && err2 == nil {
			if rel, ok := generator.RelWithin(abs, dir); ok {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(p)
}

// Report says what became of one document of one source.
type Report struct {
	Source   string   // the source file
	Output   string   // the file written (or that would be written)
	Encoding string   // the source's encoding as detected
	Found    []string // what was recognised
	Review   []string // what must be checked before publishing
	Draft    bool     // written with draft = true
	// Unchanged: the document and its attachment files stand as this
	// import would write them, after an earlier import of the source.
	Unchanged bool
	// Left are the files that the document this import overwrites
	// attached and this one does not. They are kept (see leftOver).
	Left []string
	Err  error // the source or this document could not be imported
}

// sourceExt are the files Import reads when it walks a folder.
var sourceExt = set(".txt", ".html", ".htm")

// Import converts each file, and each .txt/.html/.htm file under each
// folder, into documents under opt.Into/<year>/. It never overwrites an
// existing file unless opt.Force is set, and writes nothing when
// opt.DryRun is set. One report is returned per document (or per source
// that failed); the error is non-nil when any source failed.
func Import(paths []string, opt Options) ([]Report, error) {
	into := opt.Into
	if into == "" {
		into = "content"
	}
	var sources []string
	var reports []Report
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			reports = append(reports, Report{Source: p, Err: err})
			continue
		}
		if !st.IsDir() {
			sources = append(sources, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				if path != p && strings.HasPrefix(e.Name(), ".") {
					return filepath.SkipDir
				}
				if skipDir(path, into, opt.Site.Dir) {
					return filepath.SkipDir
				}
				return nil
			}
			hidden := strings.HasPrefix(e.Name(), ".")
			source := sourceExt[strings.ToLower(filepath.Ext(path))] && !hidden
			if e.Type()&fs.ModeSymlink != 0 {
				// A link may lead anywhere, out of the folder given
				// too: it is named, not followed, when it stands for a
				// page or a folder of pages.
				if st, err := os.Stat(path); source || !hidden && err == nil && st.IsDir() {
					reports = append(reports, Report{Source: path, Err: errors.New("is a symbolic link, which import does not follow in a folder (name what it points to, to import that)")})
				}
				return nil
			}
			if source {
				sources = append(sources, path)
			}
			return nil
		})
		if err != nil {
			reports = append(reports, Report{Source: p, Err: err})
		}
	}

	if !opt.DryRun {
		removeLeftovers(into)
	}
	existing := map[string]string{}
	maps.Copy(existing, opt.Site.indexes)
	planned := map[string]bool{}
	for _, src := range sources {
		reports = append(reports, importOne(src, into, opt, existing, planned)...)
	}
	failed := 0
	for _, r := range reports {
		if r.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		return reports, fmt.Errorf("%d of %d imports failed", failed, len(reports))
	}
	return reports, nil
}

// skipDir keeps a walk out of the folder imported into, and out of the
// site's content, output and theme, so that importing a site's root does
// not import the site. The site is the folder above into when it is not
// known.
func skipDir(path, into, site string) bool {
	if same(path, into) {
		return true
	}
	if site == "" {
		site = filepath.Dir(into)
	}
	for _, d := range []string{"content", "public", "layouts", "static", "node_modules"} {
		if same(path, filepath.Join(site, d)) {
			return true
		}
	}
	return false
}

// same reports whether a and b name one file or folder, as the file
// system takes them: a site reached through a link or, on Windows, spelt
// in other letter case is still the site.
func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && generator.SamePath(aa, bb)
}

func importOne(src, into string, opt Options, existing map[string]string, planned map[string]bool) []Report {
	data, err := os.ReadFile(src)
	if err != nil {
		return []Report{{Source: src, Err: err}}
	}
	res, err := Convert(src, data, opt.Site)
	if err != nil {
		return []Report{{Source: src, Encoding: res.Encoding, Err: err}}
	}
	var out []Report
	for _, d := range res.Docs {
		r := Report{Source: src, Encoding: res.Encoding}
		r.Found = append(append([]string(nil), res.Notes...), d.Found...)
		d.attachFiles(filepath.Dir(src), src)

		year := undatedDir
		if d.Year > 0 {
			year = strconv.Itoa(d.Year)
		} else {
			d.extra = append(d.extra, "no year found: the document was put in "+filepath.Join(into, undatedDir))
		}
		dir := filepath.Join(into, year)
		target, exists := choosePath(dir, d, opt.Site, planned)
		if other, ok := existing[d.Index]; d.Index != "" && ok && !same(other, target) {
			d.extra = append(d.extra, fmt.Sprintf("索引号 %s is already used by %s", d.Index, other))
		} else if d.Index != "" {
			// Later sources of this run keep off the number too.
			existing[d.Index] = target
		}
		d.finish(opt.Site)
		// Attachment files go to <year>/files/<prefix>-<n><ext>.
		prefix := attachmentPrefix(d.Slug)
		for i := range d.Attachments {
			a := &d.Attachments[i]
			a.File = fmt.Sprintf("files/%s-%d%s", prefix, i+1, strings.ToLower(filepath.Ext(a.From)))
		}
		r.Output = target
		r.Found = append(r.Found, d.attachedNote()...)
		r.Review, r.Draft = d.Review, d.Draft
		planned[target] = true
		if r.Err = d.readAttachments(); r.Err != nil {
			out = append(out, r)
			continue
		}
		md := d.Markdown()
		if exists && unchanged(dir, target, d, md) {
			r.Unchanged = true
			out = append(out, r)
			continue
		}
		r.Err = checkWrite(dir, target, exists, d, md, opt.Site, opt.Force)
		if r.Err == nil && exists {
			r.Left = leftOver(dir, target, d)
		}
		if r.Err == nil && !opt.DryRun {
			r.Err = writeDoc(dir, target, d, md)
		}
		out = append(out, r)
	}
	return out
}

// choosePath picks <dir>/<slug>.md. An existing file that holds the same
// document (same index, or imported from the same source) is the target,
// to be overwritten only with --force; any other file with that name,
// a file of the site with that path in other letter case, a slug
// another document of the site has for its year or a name the archive
// writes in a year's folder makes the slug take a suffix (-2, -3, …).
func choosePath(dir string, d *Document, site Site, planned map[string]bool) (string, bool) {
	base := d.Slug
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		p := filepath.Join(dir, slug+".md")
		if planned[p] || site.taken(p, d.Year, slug) {
			continue
		}
		head, err := readHead(p)
		if errors.Is(err, fs.ErrNotExist) {
			d.Slug = slug
			return p, false
		}
		if err == nil && sameDocument(head, d) {
			d.Slug = slug
			return p, true
		}
		if err != nil {
			// unreadable: treat as taken by something else
			continue
		}
	}
}

// attachmentPrefix is what the names of the attachment files of the
// document with slug start with, before -<n><ext>. The generator
// publishes attachments beside the document's own pages (index.html,
// schedule…), so their names do not start so: such a slug takes file-
// in front. So does a slug that is file- and such a slug (file-index),
// whose own prefix would otherwise be that slug's: no two slugs have
// one prefix. A slug holds no dot and n no dash, so a file's name tells
// its prefix, n and extension apart: no two documents of a year write
// one file, in one import or in two, and a dry run, which writes nothing
// for a later document to find, misses no clash that the import meets.
func attachmentPrefix(slug string) string {
	rest := slug
	for strings.HasPrefix(rest, "file-") {
		rest = rest[len("file-"):]
	}
	if strings.HasPrefix(rest, "schedule") || strings.HasPrefix(rest, "index") {
		return "file-" + slug
	}
	return slug
}

var (
	reIndexLine  = regexp.MustCompile(`(?m)^index\s*=\s*"((?:[^"\\]|\\.)*)"`)
	reSourceLine = regexp.MustCompile(`(?m)^# imported by gongkai import from (.+)$`)
)

func readHead(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	return string(buf[:n]), nil
}

func sameDocument(head string, d *Document) bool {
	if m := reIndexLine.FindStringSubmatch(head); m != nil && d.Index != "" {
		return m[1] == d.Index
	}
	if m := reSourceLine.FindStringSubmatch(head); m != nil {
		return strings.TrimSpace(m[1]) == d.Source
	}
	return false
}

// checkWrite says why the document may not be written: it is larger
// than the generator reads, an attachment file's path differs only in
// letter case from a file of the site, or, without force, it would take
// the place of a file: the document's own earlier import, or an
// attachment file that holds other bytes. A dry run asks it too, so that
// it reports what the import would.
func checkWrite(dir, target string, exists bool, d *Document, md []byte, site Site, force bool) error {
	if len(md) > generator.MaxSourceSize {
		return fmt.Errorf("would be %.1f MB; a document's Markdown may be at most %d MB (split the source into smaller documents, or move large content into an attachment)", float64(len(md))/(1<<20), generator.MaxSourceSize>>20)
	}
	if err := site.checkTwins(dir, target, d); err != nil {
		return err
	}
	switch {
	case force:
		return nil
	case exists:
		return fmt.Errorf("%s exists: not overwritten (use --force)", target)
	}
	for _, a := range d.Attachments {
		dst := filepath.Join(dir, filepath.FromSlash(a.File))
		old, err := os.ReadFile(dst)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !bytes.Equal(old, a.data) {
			return fmt.Errorf("%s exists: not overwritten (use --force)", dst)
		}
	}
	return nil
}

// checkTwins says why the document at target and its attachment files
// may not be written: the path of one, or of a folder one is in, differs
// only in letter case from a file or folder of the site, as the
// document's own path may not (see taken). Force does not write it
// either: a disk that ignores case, such as the one the archive is
// copied to, holds one of two such files and makes one folder of two
// such folders, and one where the import runs would overwrite the other
// file. The names the import gives its own files are in lower case, in
// one folder, so no two of them differ only in letter case.
func (s Site) checkTwins(dir, target string, d *Document) error {
	paths := []string{target}
	for _, a := range d.Attachments {
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(a.File)))
	}
	for _, p := range paths {
		if own, q := s.twin(p); q != "" {
			return fmt.Errorf("%s differs only in letter case from %s, and a disk that ignores case, such as a USB stick, takes the two as one: not written (rename %s, then import again)", own, q, q)
		}
	}
	return nil
}

// unchanged reports whether the document and its attachment files stand
// as the import would write them: an import run again, as after one that
// was interrupted, has nothing to do for it.
func unchanged(dir, target string, d *Document, md []byte) bool {
	if !holds(target, md) {
		return false
	}
	for _, a := range d.Attachments {
		if !holds(filepath.Join(dir, filepath.FromSlash(a.File)), a.data) {
			return false
		}
	}
	return true
}

// holds reports whether the file at p holds exactly data.
func holds(p string, data []byte) bool {
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, data)
}

// leftOver returns the files, present, that the document at target
// attaches and d, which takes its place, does not: the attachments of an
// earlier import that found more of them, or files attached by hand.
// They are kept and named, never removed: that the earlier import wrote
// a file cannot be known for certain, nor that the bytes are still its,
// nor that no other document attaches it.
func leftOver(dir, target string, d *Document) []string {
	old, err := os.ReadFile(target)
	if err != nil {
		return nil
	}
	var left []string
	for _, f := range generator.AttachmentFiles(old) {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if _, err := os.Lstat(p); err != nil || slices.Contains(left, p) {
			continue
		}
		attached := slices.ContainsFunc(d.Attachments, func(a Attachment) bool {
			return generator.SamePath(p, filepath.Join(dir, filepath.FromSlash(a.File)))
		})
		if !attached {
			left = append(left, p)
		}
	}
	return left
}

// readAttachment reads an attachment's source file; tests count its calls.
var readAttachment = os.ReadFile

// readAttachments reads the source file of each attachment, once: what
// the import compares with the files in the site is then what it writes,
// even if the source changes meanwhile.
func (d *Document) readAttachments() error {
	for i := range d.Attachments {
		a := &d.Attachments[i]
		data, err := readAttachment(a.From)
		if err != nil {
			return err
		}
		a.data = data
	}
	return nil
}

// writeDoc writes the document's attachment files, then the document.
func writeDoc(dir, target string, d *Document, md []byte) error {
	for _, a := range d.Attachments {
		if err := writeFileAtomic(filepath.Join(dir, filepath.FromSlash(a.File)), a.data); err != nil {
			return err
		}
	}
	return writeFileAtomic(target, md)
}

// writeFileAtomic writes data to p through a temporary file beside it,
// renamed into place, so that p holds its old bytes or the new ones and
// never a part. The temporary file's name (see tempName) tells a later
// import whose it is, if this one is killed before the rename.
func writeFileAtomic(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), tempPattern())
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// undatedDir is the folder of the documents no year was found for,
// beside the years' folders.
const undatedDir = "undated"

// tempName matches the names writeFileAtomic gives the files it writes
// before renaming them into place: hidden, and holding the pid of the
// import that writes them, then os.CreateTemp's random digits.
var tempName = regexp.MustCompile(`^\.import-(\d+)-\d+$`)

// tempPattern is the os.CreateTemp pattern of those names.
func tempPattern() string { return fmt.Sprintf(".import-%d-*", os.Getpid()) }

// removeLeftovers removes what imports killed while writing left in the
// folders Import writes to, <into>/<year>/ and its files/: the files
// named as writeFileAtomic names them, of processes that no longer run.
// Nothing else is touched, neither a file of another name nor one that
// an import still running may yet rename into place.
func removeLeftovers(into string) {
	years, err := os.ReadDir(into)
	if err != nil {
		return
	}
	for _, y := range years {
		if y.IsDir() && (y.Name() == undatedDir || isDigits(y.Name())) {
			dir := filepath.Join(into, y.Name())
			removeTempsOfEnded(dir)
			removeTempsOfEnded(filepath.Join(dir, "files"))
		}
	}
}

// removeTempsOfEnded removes the temporary files in dir of the imports
// whose process has ended.
func removeTempsOfEnded(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := tempName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		if pid, err := strconv.Atoi(m[1]); err == nil && !generator.ProcessAlive(pid) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// attachFiles looks beside the source for the files the attachment list
// names: a link target, a file named like the attachment's title, or
// 附件1.pdf. Matched attachments become [[attachments]] entries; when all
// are matched the list leaves the body.
func (d *Document) attachFiles(dir, source string) {
	if len(d.listed) == 0 {
		return
	}
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files)
	taken := map[string]bool{filepath.Base(source): true}
	for k := range d.listed {
		l := &d.listed[k]
		var found string
		if l.href != "" && !strings.Contains(l.href, "://") && !strings.HasPrefix(l.href, "/") {
			p := filepath.Join(dir, filepath.FromSlash(unescapePath(l.href)))
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				found = p
			}
		}
		if found == "" {
			for _, f := range files {
				if taken[f] || !attachmentName(f, l) {
					continue
				}
				found = filepath.Join(dir, f)
				break
			}
		}
		if found == "" {
			continue
		}
		taken[filepath.Base(found)] = true
		l.matched = true
		d.Attachments = append(d.Attachments, Attachment{Title: l.title, From: found})
	}
	all := true
	for _, l := range d.listed {
		all = all && (l.matched || l.inline)
	}
	if all {
		for _, l := range d.listed {
			if l.matched {
				for _, i := range l.blocks {
					d.blocks[i].drop = true
				}
			}
		}
	}
}

func (d *Document) attachedNote() []string {
	if len(d.Attachments) == 0 {
		return nil
	}
	var names []string
	for _, a := range d.Attachments {
		names = append(names, filepath.Base(a.From)+" → "+a.File)
	}
	return []string{"attachment files: " + strings.Join(names, ", ")}
}

var reAttachN = regexp.MustCompile(`^附件0*(\d+)(?:\D|$)`)

func attachmentName(file string, l *listedAttachment) bool {
	ext := strings.ToLower(filepath.Ext(file))
	if !attachmentExt[ext] || ext == ".txt" {
		return false
	}
	stem := normKey(strings.TrimSuffix(file, filepath.Ext(file)))
	title := normKey(l.title)
	if stem == "" {
		return false
	}
	if m := reAttachN.FindStringSubmatch(stem); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n == l.n {
			return true
		}
		stem = strings.TrimLeft(stem[len("附件")+len(m[1]):], "-_.、:：")
	}
	if stem == "" || title == "" {
		return false
	}
	return stem == title || strings.Contains(stem, title) || runeLen(stem) >= 4 && strings.Contains(title, stem)
}

func unescapePath(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// String is the report of one document in a few lines.
func (r Report) String() string {
	var b strings.Builder
	out := r.Output
	if out == "" {
		out = "(nothing written)"
	}
	state := "ready"
	switch {
	case r.Err != nil:
		state = "failed"
	case r.Unchanged:
		state = "unchanged"
	case r.Draft:
		state = "draft"
	}
	fmt.Fprintf(&b, "%s → %s [%s]", r.Source, out, state)
	if r.Encoding != "" {
		fmt.Fprintf(&b, " %s", r.Encoding)
	}
	b.WriteString("\n")
	if len(r.Found) > 0 {
		fmt.Fprintf(&b, "    found: %s\n", strings.Join(r.Found, "; "))
	}
	for _, v := range r.Review {
		fmt.Fprintf(&b, "    review: %s\n", v)
	}
	for _, f := range r.Left {
		fmt.Fprintf(&b, "    left over: %s, which the document attached before and no longer does (delete it unless another document attaches it; gongkai check warns of a file no document attaches)\n", f)
	}
	if r.Err != nil {
		fmt.Fprintf(&b, "    error: %v\n", r.Err)
	}
	return b.String()
}

// FormatReports writes the summary: one entry per document, then totals.
func FormatReports(w io.Writer, reports []Report) error {
	ready, drafts, failed, same := 0, 0, 0, 0
	sources := map[string]bool{}
	for _, r := range reports {
		sources[r.Source] = true
		if _, err := io.WriteString(w, r.String()); err != nil {
			return err
		}
		switch {
		case r.Err != nil:
			failed++
		case r.Unchanged:
			same++
		case r.Draft:
			drafts++
		default:
			ready++
		}
	}
	before := ""
	if same > 0 {
		before = fmt.Sprintf(", %d unchanged (imported before)", same)
	}
	_, err := fmt.Fprintf(w, "%s, %s: %d ready, %s to review, %d failed%s\n",
		count(len(sources), "source"), count(ready+drafts+same, "document"), ready, count(drafts, "draft"), failed, before)
	return err
}

// count is n and the word, in the plural unless n is 1.
func count(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return fmt.Sprintf("%d %s", n, word)
}
