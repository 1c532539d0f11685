package generator

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxSourceSize bounds a Markdown file: a document larger than this is
// almost certainly a pasted binary or a mistake, and reading it whole
// would cost memory out of proportion to any real document. Import
// writes no document larger.
const MaxSourceSize = 8 << 20

// Site is everything the build knows about a site's input after loading:
// the config, every document (drafts included, marked), plain pages, and
// the other files under content/ that may be attachments.
type Site struct {
	Config    *Config
	Documents []*Document // every document, drafts included, in path order
	Pages     []*Page
	Files     map[string]int64 // non-Markdown files under content/: path → size

	// static is what the build copies into the site's root from the
	// site's static/ folder and the theme's: the checks keep slugs off
	// those names, and Generate copies these files and no others.
	static []layeredFile
	// theme is the theme whose static files static lists, if any.
	theme fs.FS
	// fsys is the site folder, where the checks look at what an
	// attachment names when it is none of Files.
	fsys fs.FS

	bodiless bool  // loaded without the documents' bodies (Inspect, Build)
	dropped  int64 // bytes of those bodies
}

// sourceFile is one Markdown file waiting to be parsed.
type sourceFile struct {
	path string
	page bool
	info fs.FileInfo // for the rebuild cache, which skips files that did not change
	size int64       // without info: the size the file is expected to have
}

// IsPage reports whether the Markdown file name (a path in the site
// folder, with slashes, as io/fs writes it) is a plain page rather than a
// document: it lies in content/pages itself. A file in a folder under
// content/pages, or in content/Pages, is a document; the walk, the
// rebuild and the preview's overlay all ask here.
func IsPage(name string) bool { return path.Dir(name) == "content/pages" }

// Load reads a site from fsys (the site folder): config.toml and every
// file under content/. It returns the site and every problem found while
// reading each file on its own; Check adds the problems that need the
// whole site. Load knows no theme: of the files a build copies from
// static/, it sees the site's own.
func Load(fsys fs.FS) (*Site, Problems) { return load(fsys, nil, nil, false) }

// load is Load with the theme whose static files the build publishes
// beside the site's, and an optional cache of the files parsed by
// earlier builds (see parseCache); a nil cache parses everything. With
// drop set, documents keep no body (see sourceBuffers).
func load(fsys, theme fs.FS, cache *parseCache, drop bool) (*Site, Problems) {
	var probs problemList
	var cfg *Config
	if cache != nil {
		cfg = cache.config(fsys, &probs)
	} else {
		cfg = loadConfig(fsys, &probs)
	}
	site := &Site{Config: cfg, fsys: fsys, theme: theme, bodiless: drop}
	static, err := themeFS{site: fsys, theme: theme}.layered("static")
	if err != nil {
		probs.errorf("static", 0, 0, "cannot read the static folder: %v (check that the folder and its files can be read)", err)
	}
	site.static = static
	var sources []sourceFile
	if w := cache.walked(fsys); w != nil {
		sources, site.Files = w.sources, w.files
	} else {
		var walkProbs problemList
		sources, site.Files = walkContent(fsys, &walkProbs)
		probs.add(walkProbs.list...)
		cache.keepWalk(sources, site.Files, len(walkProbs.list) == 0)
	}

	// Parse every file on every core. Each worker writes only its own
	// slot, so the result does not depend on scheduling.
	results := make([]parsed, len(sources))
	parallel(len(sources), func(i int) {
		if cache != nil {
			results[i] = cache.parse(fsys, sources[i], site.Config)
			return
		}
		if drop && !sources[i].page {
			results[i] = parseDropping(fsys, sources[i], site.Config)
			return
		}
		results[i] = parseSource(fsys, sources[i], site.Config)
	})
	for _, r := range results {
		site.dropped += int64(r.dropped)
		probs.add(r.probs...)
		if r.doc != nil {
			site.Documents = append(site.Documents, r.doc)
		}
		if r.page != nil {
			site.Pages = append(site.Pages, r.page)
		}
	}
	if cache != nil {
		cache.done()
	}
	return site, probs.list
}

// walkContent lists the files under content/: the Markdown files to parse
// and the others, which may be attachments, with their sizes. Each folder
// directly under content/ (an archive keeps one per year) is walked on
// its own core; the pieces are then joined in the order of a single walk,
// so the result does not depend on scheduling.
func walkContent(fsys fs.FS, probs *problemList) (sources []sourceFile, files map[string]int64) {
	// A piece is a file directly under content/ or a whole folder there.
	type piece struct {
		dir     string // the folder to walk, or "" for a single file
		sources []sourceFile
		files   map[string]int64
		probs   problemList
	}
	var pieces []*piece
	top := &piece{files: map[string]int64{}}
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != "content" && d.IsDir() && path.Dir(p) == "content" && !skippedName(d.Name()) {
			pieces = append(pieces, &piece{dir: p, files: map[string]int64{}})
			return fs.SkipDir
		}
		// Everything else is taken in order: start a new piece when the
		// last one is a folder.
		if len(pieces) == 0 || pieces[len(pieces)-1].dir != "" {
			top = &piece{files: top.files}
			pieces = append(pieces, top)
		}
		return walkContentEntry(p, d, err, &top.sources, top.files, &top.probs)
	})
	if err != nil {
		probs.errorf("content", 0, 0, "cannot read the content folder: %v (a site keeps its documents in content/)", err)
	}
	parallel(len(pieces), func(i int) {
		pc := pieces[i]
		if pc.dir == "" {
			return
		}
		// The folder's own entry was seen by the walk above; its walk
		// here starts by visiting it again, which adds nothing.
		if err := fs.WalkDir(fsys, pc.dir, func(p string, d fs.DirEntry, err error) error {
			return walkContentEntry(p, d, err, &pc.sources, pc.files, &pc.probs)
		}); err != nil {
			pc.probs.errorf("content", 0, 0, "cannot read the content folder: %v (a site keeps its documents in content/)", err)
		}
	})
	files = top.files
	for _, pc := range pieces {
		probs.add(pc.probs.list...)
		sources = append(sources, pc.sources...)
		if pc.dir != "" {
			for f, size := range pc.files {
				files[f] = size
			}
		}
	}
	return sources, files
}

// walkContentEntry is the fs.WalkDirFunc of walkContent: it files the
// entry p under sources or files, or reports it.
func walkContentEntry(p string, d fs.DirEntry, err error, sources *[]sourceFile, files map[string]int64, probs *problemList) error {
	if err != nil {
		probs.errorf(p, 0, 0, "cannot read: %v", err)
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	name := d.Name()
	if !utf8.ValidString(name) {
		reportNotUTF8(p, d.IsDir(), probs)
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if p != "content" && skippedName(name) {
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil // editor and system files
	}
	if d.Type()&fs.ModeSymlink != 0 {
		probs.errorf(p, 0, 0, "is a symbolic link; links are not followed, so nothing outside content/ can be published by accident (copy the file here instead)")
		return nil
	}
	if d.IsDir() {
		return nil
	}
	if !d.Type().IsRegular() {
		probs.errorf(p, 0, 0, "is not a regular file (remove it from content/)")
		return nil
	}
	info, err := d.Info()
	if err != nil {
		probs.errorf(p, 0, 0, "cannot read: %v", err)
		return nil
	}
	if strings.HasSuffix(name, ".md") {
		if info.Size() > MaxSourceSize {
			probs.errorf(p, 0, 0, "is %.1f MB; a document's Markdown may be at most %d MB (move large content into an attachment)", float64(info.Size())/(1<<20), MaxSourceSize>>20)
			return nil
		}
		*sources = append(*sources, sourceFile{path: p, page: IsPage(p), info: info})
		return nil
	}
	files[p] = info.Size()
	return nil
}

// reportNotUTF8 reports the file or folder p of content/, whose name
// (its last part: the walk reports a folder without going in) is not
// UTF-8. Such a name comes from a zip made on Windows, whose names are in
// GB18030/GBK, unpacked on another system; a Windows disk cannot hold it,
// and no front matter can name it. It is shown read as GB18030 when
// every byte of it reads so (the decoder puts U+FFFD for any other).
func reportNotUTF8(p string, folder bool, probs *problemList) {
	what := "file"
	if folder {
		what = "folder"
	}
	dir, name := path.Split(p)
	if gb, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil && !strings.ContainsRune(gb, utf8.RuneError) {
		probs.errorf(dir+gb, 0, 0, "the %s's name is not UTF-8 but GB18030/GBK, as a zip made on Windows gives it, and is shown here read so (rename the %s to it, or unpack the zip again with: unzip -O GB18030)", what, what)
		return
	}
	probs.errorf(dir+strings.ToValidUTF8(name, "\uFFFD"), 0, 0, "the %s's name is not UTF-8 (rename the %s)", what, what)
}

// skippedName reports the names the walk of content/ passes over: editor
// and system files. Windows makes two kinds that do not start with a dot:
// the files Explorer leaves in a folder it showed, and the ~$ file Word,
// Excel and WPS keep beside a document while it is open, as it is when
// the office edits an attachment in place.
func skippedName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "4913" ||
		fileManagerCache(name) || strings.HasPrefix(name, "~$")
}

// parsed is one Markdown file after parsing: a document or a page, and
// the problems found in it alone.
type parsed struct {
	doc     *Document
	page    *Page
	probs   Problems
	dropped int // bytes of the document's body, read and not kept
}

// parseSource reads and parses one Markdown file.
func parseSource(fsys fs.FS, src sourceFile, cfg *Config) parsed {
	r, _ := parseSourceInto(fsys, src, cfg, nil)
	return r
}

// parseSourceInto is parseSource reading into buf when it is large
// enough; it also returns the buffer the file was read into, for the
// caller to use again.
func parseSourceInto(fsys fs.FS, src sourceFile, cfg *Config, buf []byte) (parsed, []byte) {
	data, err := readSourceInto(fsys, src, buf)
	if err != nil {
		return parsed{probs: Problems{{Path: src.path, Message: fmt.Sprintf("cannot read: %v", err)}}}, buf
	}
	return parseData(src, data, cfg), data
}

// A bufferPool holds byte buffers (*[]byte) to be used again: a build
// that makes a buffer for every document and drops it leaves the collector
// garbage the size of the archive.
type bufferPool struct{ sync.Pool }

// sourceBuffers holds the buffers documents are read into when their
// bodies are not kept. A one-off build reads each body twice, once to
// check it and once to render it (see renderer.source), and holds it only
// while it works on it: reading into a buffer a document read earlier
// left spares the collector the garbage of reading the archive twice.
var sourceBuffers bufferPool

// poisonReleased, set by the tests, overwrites a buffer as it goes back
// to its pool, so that anything still pointing into it shows as damaged
// output.
var poisonReleased bool

// take gives a buffer from the pool and the function that gives it back
// once data, made in it, is no longer used.
func (bp *bufferPool) take() (buf []byte, release func(data []byte)) {
	p, _ := bp.Get().(*[]byte)
	if p == nil {
		p = new([]byte)
	}
	return *p, func(data []byte) {
		if poisonReleased {
			data = data[:cap(data)]
			for i := range data {
				data[i] = 0xFE
			}
		}
		*p = data[:0]
		bp.Put(p)
	}
}

// parseDropping is parseSource for a document whose body is read again
// when it is needed: the document keeps what the checks use (its links,
// the body's hash and size) but not the body, so the buffer it was read
// into is used again.
func parseDropping(fsys fs.FS, src sourceFile, cfg *Config) parsed {
	buf, release := sourceBuffers.take()
	r, data := parseSourceInto(fsys, src, cfg, buf)
	if r.doc != nil {
		r.dropped = len(r.doc.body)
		r.doc.body = nil
	}
	release(data)
	return r
}

// dirFSType is the type of os.DirFS, which is not exported.
var dirFSType = reflect.TypeOf(os.DirFS("."))

// readSource reads a file found by the walk: directly from the system
// when fsys is an os.DirFS (see readDirect), else with fs.ReadFile.
func readSource(fsys fs.FS, src sourceFile) ([]byte, error) { return readSourceInto(fsys, src, nil) }

// readSourceInto is readSource reading into buf when it is large enough.
func readSourceInto(fsys fs.FS, src sourceFile, buf []byte) ([]byte, error) {
	if v := reflect.ValueOf(fsys); v.IsValid() && v.Type() == dirFSType && v.Kind() == reflect.String && fs.ValidPath(src.path) {
		size := src.size
		if src.info != nil {
			size = src.info.Size()
		}
		if data, ok := readDirect(v.String(), src.path, size, buf); ok {
			return data, nil
		}
	}
	return fs.ReadFile(fsys, src.path)
}

// openSource opens a file of the site for reading, as readSource reads one.
func openSource(fsys fs.FS, name string) (fs.File, error) {
	if v := reflect.ValueOf(fsys); v.IsValid() && v.Type() == dirFSType && v.Kind() == reflect.String && fs.ValidPath(name) {
		if f, ok := openDirect(v.String(), name); ok {
			return f, nil
		}
	}
	return fsys.Open(name)
}

func parseData(src sourceFile, data []byte, cfg *Config) parsed {
	var r parsed
	if src.page {
		r.page, r.probs = parsePage(src.path, data)
	} else {
		r.doc, r.probs = parseDocument(src.path, data, cfg)
	}
	return r
}

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// readText checks that a file is text the build can read and returns it
// normalized (no BOM, LF line endings). Its messages name the kind of
// file p is: a document, or config.toml.
func readText(p string, src []byte) ([]byte, *Problem) {
	what, ext := "the document", ".md"
	if !strings.HasSuffix(p, ".md") {
		what, ext = "the file", path.Ext(p)
	}
	// Notepad's "Unicode" is UTF-16, which starts with its byte-order
	// mark; its ASCII characters would show as NUL bytes below.
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return nil, &Problem{Path: p, Line: 1, Col: 1, Message: "is UTF-16 text, which Notepad calls Unicode (save " + what + " as UTF-8 in the editor)"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := offsetPosition(string(src), i, 1)
		return nil, &Problem{Path: p, Line: line, Col: col, Message: "contains a NUL byte, so it is not a text file (save " + what + " as UTF-8 text)"}
	}
	if !utf8.Valid(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRune(src[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		line, col := offsetPosition(string(src), bad, 1)
		// Chinese text already read as UTF-8 before the bad byte means a
		// damaged UTF-8 file: calling it GB18030 would send the author
		// to convert a file that is not in that encoding.
		if !hasChinese(src[:bad]) && looksLikeGB18030(src) {
			return nil, &Problem{Path: p, Line: line, Col: col, Message: "is not UTF-8: it looks like GB18030/GBK (convert it with: iconv -f GB18030 -t UTF-8 in" + ext + " > out" + ext + ", or save it as UTF-8 in the editor)"}
		}
		return nil, &Problem{Path: p, Line: line, Col: col, Message: "is not valid UTF-8 text (save the file as UTF-8 in the editor)"}
	}
	return normalizeText(src), nil
}

// hasChinese reports whether valid UTF-8 text has a Chinese character.
// Other characters outside ASCII do not count: two bytes of GB18030
// often happen to be valid UTF-8 too, for a letter of some alphabet.
func hasChinese(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
		b = b[size:]
	}
	return false
}

// looksLikeGB18030 reports whether src decodes cleanly as GB18030 into
// text with Chinese characters: the usual case of an old office file, and
// one that iconv, which the message suggests, converts. The decoder puts
// U+FFFD for a byte it cannot read rather than failing.
func looksLikeGB18030(src []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError) && hasChinese(out)
}

// decodeSource reads a Markdown file's text and decodes its front matter
// into fm (see decodeTOML), returning the keys that were written but
// could not be used. It returns false when the file cannot be read
// further. With fast set, a document's front matter is first offered to
// decodeFrontMatterFast; the tests turn it off to compare the two
// decoders.
func decodeSource(probs *problemList, p string, src []byte, fm any, fast bool) (body []byte, bodyLine int, pos tomlSource, wrong badKeys, ok bool) {
	text, bad := readText(p, src)
	if bad != nil {
		probs.add(*bad)
		return nil, 0, pos, nil, false
	}
	front, body, bodyLine, err := splitFrontMatter(text)
	if err != nil {
		probs.errorf(p, 1, 1, "%v", err)
		return nil, 0, pos, nil, false
	}
	if i, more := bodyTrouble(body); i >= 0 {
		// The front matter's texts are checked as they are decoded, each
		// at its key. In the body the first such character is named
		// where it is, and the others counted: a page copied from a PDF
		// can hold one on every line.
		r, _ := utf8.DecodeRune(body[i:])
		line, col := offsetPosition(string(body), i, bodyLine)
		todo := troubleTodo(r)
		if more > 0 {
			todo += fmt.Sprintf("; %d more such characters follow in the body", more)
		}
		probs.errorf(p, line, col, "the body holds U+%04X, %s that a page cannot show (%s)", r, TextTrouble(r), todo)
	}
	// One copy of the front matter as a string serves both decoders:
	// the fast one's values are substrings of it.
	frontText := string(front)
	if doc, isDoc := fm.(*frontMatter); isDoc && fast {
		if known, ok := decodeFrontMatterFast(frontText, 2, doc); ok {
			return body, bodyLine, tomlSource{text: frontText, firstLine: 2, known: known}, nil, true
		}
		*doc = frontMatter{} // start again from nothing for the full decoder
	}
	pos = newTOMLSource(frontText, 2)
	wrong, ok = decodeTOML(probs, p, pos, fm)
	if !ok {
		return nil, 0, pos, nil, false
	}
	return body, bodyLine, pos, wrong, true
}

// bodyTrouble returns the offset in body, normalized text, of its first
// character that TextTrouble refuses, or -1 when it has none, and how
// many more it holds. It reads every byte of every body, eight at a time
// while none can start such a character, as none of Chinese text's can
// but some punctuation's (EF): 2.8 GB/s on the generated archive's
// bodies, where utf8.Valid, which reads them too, makes 1.1.
func bodyTrouble(body []byte) (first, more int) {
	first = -1
	t := &troubleStart
	for i := 0; i < len(body); {
		// One branch for eight bytes none of which is marked.
		if j := i + 8; j <= len(body) {
			b := body[i:j:j]
			if t[b[0]]|t[b[1]]|t[b[2]]|t[b[3]]|t[b[4]]|t[b[5]]|t[b[6]]|t[b[7]] == 0 {
				i = j
				continue
			}
		}
		for end := min(i+8, len(body)); i < end; i++ {
			if t[body[i]] != 0 && refusedIn(body[i:]) {
				if first < 0 {
					first = i
				} else {
					more++
				}
			}
		}
	}
	return first, more
}

// troubleStart marks the bytes that may start a character TextTrouble
// refuses: a C0 control but tab and LF (normalized text has no CR), DEL,
// and the first bytes refused looks at.
var troubleStart = func() (t [256]uint8) {
	for c := range 0x20 {
		if c != '\t' && c != '\n' {
			t[c] = 1
		}
	}
	t[0x7f], t[0xc2] = 1, 1
	for c := 0xef; c <= 0xff; c++ {
		t[c] = 1
	}
	return t
}()

// refusedIn reports whether b, normalized text, starts with a character
// TextTrouble refuses; its first byte is one troubleStart marks.
func refusedIn(b []byte) bool {
	if c := b[0]; c < 0x80 {
		return true
	}
	return refused(unsafe.String(&b[0], len(b)))
}

// reportMissing reports a required key of a file's top level that has no
// value: one written with an empty value on its line, one not written at
// all at the file's first line. A key whose value had the wrong type, or
// that was misspelled, is reported as such already (wrong), not again as
// missing. what says what the key gives, example is a line that gives
// it, and into names where that line belongs: the front matter, or
// config.toml.
func reportMissing(report func(path string, line, col int, format string, args ...any), path string, pos tomlSource, wrong badKeys, into, key, what, example string) {
	if wrong.has("", 0, key) {
		return
	}
	if line, col, found := pos.lookup("", 0, key); found {
		report(path, line, col, "empty %s, %s (fill in the quotes, as in %s)", key, what, example)
		return
	}
	report(path, 1, 1, "missing %s, %s (add a line such as %s to %s)", key, what, example, into)
}

// parseDocument reads one document's front matter and checks everything
// that can be checked without the rest of the site.
func parseDocument(p string, src []byte, cfg *Config) (*Document, Problems) {
	return parseDocumentWith(p, src, cfg, true)
}

// parseDocumentWith is parseDocument with the fast front-matter decoder
// on or off.
func parseDocumentWith(p string, src []byte, cfg *Config, fast bool) (*Document, Problems) {
	var probs problemList
	var fm frontMatter
	body, bodyLine, pos, wrong, ok := decodeSource(&probs, p, src, &fm, fast)
	if !ok {
		return nil, probs.list
	}

	doc := &Document{
		Path: p, Title: strings.TrimSpace(fm.Title), Index: strings.TrimSpace(fm.Index),
		Genre: strings.TrimSpace(fm.Genre), Number: strings.TrimSpace(fm.Number),
		Summary: strings.TrimSpace(fm.Summary), Draft: fm.Draft, ScheduleNote: strings.TrimSpace(fm.ScheduleNote),
		body: body, bodySum: bodyHash(body), bodyLine: bodyLine, srcSize: len(src),
	}
	for _, k := range fm.Keywords {
		if k = strings.TrimSpace(k); k != "" {
			doc.Keywords = append(doc.Keywords, k)
		}
	}
	// What a draft lacks is a warning: work in progress never blocks a build.
	lacking := probs.errorf
	if fm.Draft {
		lacking = probs.warnf
	}
	missing := func(key, what, example string) {
		reportMissing(lacking, p, pos, wrong, "the front matter", key, what, example)
	}
	if doc.Title == "" {
		missing("title", "the document's title", `title = "关于……的通知"`)
	}
	if doc.Index == "" {
		// No serial is suggested: which is free is known to the checks of
		// the whole site, not here, and a taken one would only mislead.
		missing("index", "the 索引号", `index = "00001434-9/2024-NNNNN" (the issuer's code, the year, and the issuer's next free serial that year)`)
	} else if cfg.indexRE != nil && !cfg.indexRE.MatchString(doc.Index) {
		line, col := pos.find("", 0, "index")
		lacking(p, line, col, "index %q does not match the site's index_pattern %s (correct the number, or set index_pattern in config.toml)", doc.Index, cfg.indexPatternText())
	}
	if fm.Date == nil {
		missing("date", "the 发文日期", "date = 2024-03-18")
	} else if d, msg := toDate(fm.Date); msg != "" {
		line, col := pos.findValue("", 0, "date")
		probs.errorf(p, line, col, "date %s", msg)
	} else {
		doc.Date = d
	}
	if name := strings.TrimSpace(fm.Issuer); name == "" {
		missing("issuer", "the 发布机构 as declared in config.toml", fmt.Sprintf("issuer = %q", firstName(cfg.issuerNames())))
	} else if doc.Issuer = cfg.issuerByName(name); doc.Issuer == nil && cfg.issuersRead {
		line, col := pos.find("", 0, "issuer")
		lacking(p, line, col, "issuer %q is not declared in config.toml%s", name, suggestDeclared(name, cfg.issuerNames(), "issuers"))
	}
	if name := strings.TrimSpace(fm.Category); name == "" {
		missing("category", "the 主题分类 as declared in config.toml", fmt.Sprintf("category = %q", firstName(cfg.categoryNames())))
	} else if doc.Category = cfg.categoryByName(name); doc.Category == nil && cfg.categoriesRead {
		line, col := pos.find("", 0, "category")
		lacking(p, line, col, "category %q is not declared in config.toml%s", name, suggestDeclared(name, cfg.categoryNames(), "categories"))
	}
	for _, msg := range IndexWarnings(doc.Index, doc.Date.Year) {
		line, col := pos.find("", 0, "index")
		probs.warnf(p, line, col, "%s", msg)
	}

	doc.Slug = slugOf(&probs, p, pos, fm.Slug)
	if !doc.Date.IsZero() {
		doc.URL = yearURL(doc.Date.Year) + doc.Slug + "/"
	}

	dir := path.Dir(p)
	for i, a := range fm.Attachments {
		line, col := pos.find("attachments", i, "file")
		file := strings.TrimSpace(a.File)
		if file == "" && wrong.has("attachments", i, "file") {
			continue
		}
		if file == "" {
			probs.errorf(p, line, col, "attachment %d has no file (add file = \"files/….pdf\", relative to this document's folder)", i+1)
			continue
		}
		if path.IsAbs(file) || windowsRooted(file) || strings.HasPrefix(path.Clean(path.Join(dir, file)), "..") || !strings.HasPrefix(path.Clean(path.Join(dir, file)), "content/") || hasDotDot(file) {
			probs.errorf(p, line, col, "attachment file %q would leave the content folder (give a path relative to this document's folder, without .. or a leading /)", file)
			continue
		}
		if strings.ContainsFunc(file, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
			// TOML reads \n, \t… of a Windows path in double quotes as
			// control characters; one that the backslashes do not explain
			// is in the name itself.
			fixed := tomlBackslashes.Replace(file)
			if i := strings.IndexFunc(fixed, unicode.IsControl); i >= 0 {
				r, _ := utf8.DecodeRuneInString(fixed[i:])
				probs.errorf(p, line, col, "attachment file %q holds U+%04X, a control character that a file name cannot hold (remove it from the name of the file and here)", file, r)
			} else {
				probs.errorf(p, line, col, "attachment file %q is written with \\ (write the path with /: file = %q)", file, fixed)
			}
			continue
		}
		title := strings.TrimSpace(a.Title)
		if title == "" {
			title = path.Base(file)
		}
		doc.Attachments = append(doc.Attachments, &Attachment{Title: title, File: path.Join(dir, file), at: position{line, col}})
	}
	// A row's position is looked up only for a problem: the fast decoder
	// records no row positions, so the first lookup reads the whole
	// front matter for them, and a schedule may have thousands of rows.
	// The rows' months share one array, cut so that appending to one
	// row's months cannot overwrite the next row's.
	if len(fm.Schedule) > 0 {
		doc.Schedule = make([]ScheduleRow, 0, len(fm.Schedule))
	}
	var months []int
	for i, row := range fm.Schedule {
		r := ScheduleRow{Item: strings.TrimSpace(row.Item), Owner: strings.TrimSpace(row.Owner)}
		if r.Item == "" && !wrong.has("schedule", i, "item") {
			line, col := pos.find("schedule", i, "")
			probs.errorf(p, line, col, "schedule row %d has no item (add item = \"…\", what is to be done)", i+1)
		}
		switch {
		case row.Month != 0 && len(row.Months) > 0:
			line, col := pos.find("schedule", i, "months")
			probs.errorf(p, line, col, "schedule row %d has both month and months (use month = 3 for one month, months = [7, 8] for a span)", i+1)
		case row.Month != 0:
			r.Months, months = takeMonths(months, len(fm.Schedule)-i, row.Month)
		case len(row.Months) > 0:
			r.Months, months = takeMonths(months, len(fm.Schedule)-i, row.Months...)
		case wrong.has("schedule", i, "month") || wrong.has("schedule", i, "months"):
			// reported already
		default:
			// month = 0 reads as no month at all: only the text tells.
			if line, col, found := pos.lookup("schedule", i, "month"); found {
				probs.errorf(p, line, col, "schedule row %d has month 0, but months are 1–12 (write the month's number, e.g. month = 3)", i+1)
				break
			}
			line, col := pos.find("schedule", i, "")
			probs.errorf(p, line, col, "schedule row %d has no month (add month = 1 … 12, or months = [7, 8] for a span)", i+1)
		}
		for _, m := range r.Months {
			if m < 1 || m > 12 {
				key, example := "month", "month = 3"
				if len(row.Months) > 0 {
					key, example = "months", "months = [7, 8]"
				}
				line, col := pos.find("schedule", i, key)
				probs.errorf(p, line, col, "schedule row %d has month %d, but months are 1–12 (write the month's number, e.g. %s)", i+1, m, example)
				break
			}
		}
		sort.Ints(r.Months)
		if row.Day != nil {
			if d, msg := toDate(row.Day); msg != "" {
				line, col := pos.findValue("schedule", i, "day")
				probs.errorf(p, line, col, "schedule row %d: day %s", i+1, msg)
			} else {
				r.Day = d
			}
		}
		doc.Schedule = append(doc.Schedule, r)
	}
	doc.links, doc.refs = scanBody(&probs, p, body, bodyLine)
	line, col := pos.find("", 0, "index")
	doc.at.index = position{line, col}
	if fm.Slug != "" {
		line, col := pos.find("", 0, "slug")
		doc.at.slug = position{line, col}
	}
	doc.compactStrings(fm.Slug != "")
	return doc, probs.list
}

// compactStrings copies the document's strings that can be pieces of its
// front matter's text into one string of their own, so that the text,
// about half of it keys, quotes and line ends, is not kept as long as the
// document: at 100,000 documents the texts were some 120 MB, the values
// copied from them are under 50 MB. The slug is copied when it was
// written in the front matter (else it is a piece of Path).
func (d *Document) compactStrings(slug bool) {
	fields := []*string{&d.Title, &d.Index, &d.Genre, &d.Number, &d.Summary, &d.ScheduleNote}
	if slug {
		fields = append(fields, &d.Slug)
	}
	for i := range d.Keywords {
		fields = append(fields, &d.Keywords[i])
	}
	for _, a := range d.Attachments {
		fields = append(fields, &a.Title)
	}
	for i := range d.Schedule {
		fields = append(fields, &d.Schedule[i].Item, &d.Schedule[i].Owner)
	}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range fields {
		b.WriteString(*f)
	}
	all := b.String()
	for _, f := range fields {
		*f, all = all[:len(*f)], all[len(*f):]
	}
}

// takeMonths copies ms to the front of the shared array free (making one
// for about rows more rows when it is full) and returns the copy, capped
// at its length, and what remains of free.
func takeMonths(free []int, rows int, ms ...int) (taken, rest []int) {
	if len(free) < len(ms) {
		free = make([]int, max(rows+len(ms), 2*len(ms)))
	}
	n := copy(free, ms)
	return free[:n:n], free[n:]
}

// parsePage reads a plain page (content/pages/*.md): only title and slug.
func parsePage(p string, src []byte) (*Page, Problems) {
	var probs problemList
	var fm pageFrontMatter
	body, bodyLine, pos, wrong, ok := decodeSource(&probs, p, src, &fm, false)
	if !ok {
		return nil, probs.list
	}
	pg := &Page{Path: p, Title: strings.TrimSpace(fm.Title), body: body, bodyLine: bodyLine}
	if pg.Title == "" {
		reportMissing(probs.errorf, p, pos, wrong, "the front matter", "title", "the page's title", `title = "…"`)
	}
	pg.Slug = slugOf(&probs, p, pos, fm.Slug)
	pg.URL = pg.Slug + "/"
	if fm.Slug != "" {
		line, col := pos.find("", 0, "slug")
		pg.at = position{line, col}
	}
	pg.links, pg.refs = scanBody(&probs, p, body, bodyLine)
	return pg, probs.list
}

// toDate accepts a TOML local date. Anything else gets a message saying
// how to write it.
func toDate(v any) (Date, string) {
	switch t := v.(type) {
	case time.Time:
		// The TOML decoder gives a time without a date (10:00:00) the
		// date 0000-01-01 in a zone of its own.
		if t.Location().String() == "time-local" {
			return Date{}, "is a time of day, not a date (write the date bare, without quotes: 2024-03-18)"
		}
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			return Date{}, fmt.Sprintf("has a time of day (write the date alone, e.g. %s)", t.Format("2006-01-02"))
		}
		return Date{t.Year(), int(t.Month()), t.Day()}, ""
	case string:
		example := "2024-03-18"
		if d, err := time.Parse("2006-01-02", strings.TrimSpace(t)); err == nil {
			example = d.Format("2006-01-02")
		}
		return Date{}, fmt.Sprintf("is the string %q (write the date bare, without quotes: %s)", t, example)
	case int64:
		// 20240301 is a date written without its dashes.
		if y, m, d := t/10000, t/100%100, t%100; t >= 10000101 && t <= 99991231 && m >= 1 && m <= 12 && d >= 1 && d <= int64(daysIn(int(y), int(m))) {
			return Date{}, fmt.Sprintf("is the number %d, not a date (write it with dashes and without quotes: %04d-%02d-%02d)", t, y, m, d)
		}
		return Date{}, fmt.Sprintf("is the number %d, not a date (write a date with dashes and without quotes, e.g. 2024-03-18)", t)
	case float64:
		return Date{}, fmt.Sprintf("is the number %v, not a date (write a date with dashes and without quotes, e.g. 2024-03-18)", t)
	default:
		return Date{}, fmt.Sprintf("is %s, not a date (write the date bare, without quotes: 2024-03-18)", tomlTypeWords(v))
	}
}

// fileSlug is the slug the name of the Markdown file at p gives, where no
// slug key sets one.
func fileSlug(p string) string { return strings.TrimSuffix(path.Base(p), ".md") }

// slugOf returns the slug of the file at p: set, the slug its front
// matter gives, or else the file's name without .md. It reports a slug
// that cannot be a URL segment at the slug key, or, when the file's name
// gives it, at the file, which is what to rename.
func slugOf(probs *problemList, p string, pos tomlSource, set string) string {
	if set == "" {
		slug := fileSlug(p)
		if why, _ := slugTrouble(slug); why != "" {
			todo := "rename the file, or set slug"
			if windowsTrouble(slug) != "" {
				todo += ": " + onWindows
			}
			probs.errorf(p, 0, 0, "the file name gives the slug %q, which %s (%s)", slug, why, todo)
		}
		return slug
	}
	if msg := checkSlug(set); msg != "" {
		line, col := pos.find("", 0, "slug")
		probs.errorf(p, line, col, "%s", msg)
	}
	return set
}

// checkSlug returns why a slug cannot be a URL segment, and what to do,
// or "".
func checkSlug(s string) string {
	why, todo := slugTrouble(s)
	if why == "" {
		return ""
	}
	return fmt.Sprintf("slug %q %s (%s)", s, why, todo)
}

// slugTrouble says why s cannot be a slug, as what follows the slug in a
// sentence ("is empty"), and what to do; why is "" when it can be one.
func slugTrouble(s string) (why, todo string) {
	switch {
	case s == "":
		return "is empty", `set slug = "…" with letters, digits and hyphens`
	case s == "." || s == ".." || strings.ContainsAny(s, "/\\") || hasDotDot(s):
		return "would leave its folder", "use letters, digits and hyphens only"
	case strings.HasPrefix(s, "."):
		return "starts with a dot, and static hosts hide such names", "use letters, digits and hyphens"
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("?#%\"'<>&:*|", r) || r == 0x3000 {
			return fmt.Sprintf("contains %q, a character that does not belong in a URL", r), "use letters, digits and hyphens"
		}
	}
	// The slug names a folder of the archive.
	if why := windowsTrouble(s); why != "" {
		return why, "choose another slug: " + onWindows
	}
	return "", ""
}

// onWindows is why a name Windows cannot hold is refused.
const onWindows = "the archive is copied to USB sticks and opened on Windows"

// windowsRooted reports whether p starts where a Windows path does that
// is not relative to the folder it is read from: at \ or at a drive (C:).
func windowsRooted(p string) bool {
	return strings.HasPrefix(p, "\\") || len(p) >= 2 && p[1] == ':' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z')
}

// tomlBackslashes puts back the slashes of a Windows path written in a
// TOML string: \ in single quotes or doubled in double quotes, and in
// double quotes \n, \t, \b, \f, \r and \e, which TOML reads as control
// characters, as in "files\nianbao.pdf".
var tomlBackslashes = strings.NewReplacer("\\", "/", "\n", "/n", "\t", "/t", "\b", "/b", "\f", "/f", "\r", "/r", "\x1b", "/e")

func hasDotDot(p string) bool {
	for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func suggestDeclared(name string, declared []string, table string) string {
	if c := closest(name, declared); c != "" {
		return fmt.Sprintf(" (did you mean %q? or declare it under [[%s]])", c, table)
	}
	if len(declared) == 0 {
		return fmt.Sprintf(" (declare it under [[%s]])", table)
	}
	// A name declared twice is an error of its own in config.toml; the
	// list names it once.
	var names []string
	for _, n := range declared {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return fmt.Sprintf(" (declared: %s; or declare it under [[%s]])", strings.Join(names, "、"), table)
}

func (c *Config) indexPatternText() string {
	if c.IndexPattern == "" {
		return "(the national <org-code>/<YYYY>-<NNNNN> shape)"
	}
	return c.IndexPattern
}

func firstName(names []string) string {
	if len(names) == 0 {
		return "…"
	}
	return names[0]
}

// bodySeed seeds bodyHash: one seed for the life of the process, so that
// a document's body is hashed once, when its file is parsed, and the
// rebuild cache compares the hashes of later builds with it.
var bodySeed = maphash.MakeSeed()

func bodyHash(body []byte) uint64 { return maphash.Bytes(bodySeed, body) }
