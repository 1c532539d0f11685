package generator

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Output receives the files of a build. Names are slash-separated and
// relative to the site root. Implementations are safe for concurrent use.
// WriteFile must not keep data once it returns: the caller may reuse it.
// The outputs of this package refuse a name given twice in one build
// (see outputNames).
type Output interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, fsys fs.FS, src string) error
}

// outputNames are the names an output has been given in one build, and
// the folders they are in, by their fold (foldName): the names as a disk
// that ignores case, such as a USB stick's, compares them. A name given
// twice, a name that differs from another only in letter case, and a
// name that is both a file and a folder are errors. The checks keep the
// sources of a site off each other's names; this makes any case they
// miss fail the build, rather than leave whichever of two files was
// written last, which depends on the order the cores finish in.
type outputNames struct {
	mu      sync.Mutex
	folders map[string]uint8  // every name's fold: nameFile, or nameFolder with folderMade once it is
	given   map[string]string // the name as given, where it is not its own fold
}

// What outputNames knows of a name.
const (
	nameFile   uint8 = 0
	nameFolder uint8 = 1
	folderMade uint8 = 2 // with nameFolder: an output that writes to a disk has made it there
)

// expect sizes the record for about n names, so that a large build's is
// not grown, and its entries copied, step by step as names come.
func (o *outputNames) expect(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.start(n)
}

// start makes the record, for about n names, unless it is made. The
// caller holds mu.
func (o *outputNames) start(n int) {
	if o.folders == nil {
		o.folders, o.given = make(map[string]uint8, n), map[string]string{}
	}
}

// claim records that name is written, or says why it cannot be. missing
// is how many folders up from the name's own an output writing to a disk
// may have to make: 0 when the name's folder has been made (see made),
// 1 when its parent has been, and more otherwise.
func (o *outputNames) claim(name string) (missing int, err error) {
	key := foldName(name)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.start(0)
	if what, taken := o.folders[key]; taken {
		return 0, nameTaken(name, false, o.givenName(key), what != nameFile)
	}
	// The folders the name is in, up to the first one already recorded:
	// folding keeps every slash, so the folder of the name as given and
	// that of its fold are the same number of levels up.
	var buf [4][2]string
	folders := buf[:0]
	for d, given := key, name; ; {
		i, j := strings.LastIndexByte(d, '/'), strings.LastIndexByte(given, '/')
		if i <= 0 || j <= 0 {
			break // the top of the output, which is there
		}
		d, given = d[:i], given[:j]
		if what, taken := o.folders[d]; taken {
			if prev := o.givenName(d); what == nameFile || prev != given {
				return 0, nameTaken(given, true, prev, what != nameFile)
			}
			if what&folderMade == 0 {
				// Another call recorded it and has yet to make it.
				missing = len(folders) + 2
			}
			break
		}
		folders = append(folders, [2]string{d, given})
	}
	for _, f := range folders {
		o.record(f[0], f[1], nameFolder)
	}
	o.record(key, name, nameFile)
	return max(missing, len(folders)), nil
}

// made records that the folder dir, and every folder it is in, has been
// made on the output's disk.
func (o *outputNames) made(dir string) {
	key := foldName(dir)
	o.mu.Lock()
	defer o.mu.Unlock()
	for {
		what, ok := o.folders[key]
		if !ok || what&folderMade != 0 {
			return
		}
		o.folders[key] = what | folderMade
		i := strings.LastIndexByte(key, '/')
		if i <= 0 {
			return
		}
		key = key[:i]
	}
}

// record keeps a name and its fold. Most names are their own fold
// (lower-case ASCII), and for those only the fold is kept: a build
// writes tens of thousands of names.
func (o *outputNames) record(key, name string, what uint8) {
	o.folders[key] = what
	if name != key {
		o.given[key] = name
	}
}

// givenName is the name recorded under key, as it was given.
func (o *outputNames) givenName(key string) string {
	if name, ok := o.given[key]; ok {
		return name
	}
	return key
}

// nameTaken is the error for name (a folder if folder is set) whose
// fold the name prev (a folder if prevFolder is set) already has.
func nameTaken(name string, folder bool, prev string, prevFolder bool) error {
	switch {
	case folder != prevFolder:
		return fmt.Errorf("%s: written as a file and as a folder in one build: two parts of the site are published at this address", name)
	case name != prev:
		return fmt.Errorf("%s: written in one build with %s, which differs only in letter case, and a disk that ignores case, such as a USB stick, takes the two as one", name, prev)
	default:
		return fmt.Errorf("%s: written twice in one build: two parts of the site are published at this address, and one would replace the other", name)
	}
}

// dirOutput writes into a folder so that no name can write outside it,
// whatever it contains: through openat2 with RESOLVE_BENEATH where the
// system has it (see beneath), else through os.Root.
type dirOutput struct {
	root  *os.Root
	names outputNames // also which folders have been made
	fast  beneath     // writes a file in one system call where the system can
}

func newDirOutput(dir string) (*dirOutput, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &dirOutput{root: root, fast: openBeneath(dir)}, nil
}

// claim claims name and makes the folders it is in, missing of them at
// most (see outputNames.claim).
func (o *dirOutput) claim(name string) error {
	missing, err := o.names.claim(name)
	if err != nil || missing == 0 {
		return err
	}
	dir := path.Dir(name)
	// A folder whose parent is there takes one mkdirat; os.Root would
	// open every folder of the name first. The folder may be there
	// already, made by another call that claimed a name in it first.
	if missing > 1 || !o.fast.mkdir(dir) {
		if err := o.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	o.names.made(dir)
	return nil
}

func (o *dirOutput) WriteFile(name string, data []byte) error {
	if err := o.claim(name); err != nil {
		return err
	}
	if done, err := o.fast.writeFile(name, data); done {
		return err
	}
	return o.root.WriteFile(name, data, 0o644)
}

func (o *dirOutput) CopyFile(name string, fsys fs.FS, src string) error {
	if err := o.claim(name); err != nil {
		return err
	}
	in, err := openSource(fsys, src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, ok := o.fast.createFile(name)
	if !ok {
		if out, err = o.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644); err != nil {
			return err
		}
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (o *dirOutput) Close() error {
	o.fast.close()
	return o.root.Close()
}

// minifying passes each file through the minifier for its type.
type minifying struct {
	Output
	m *minify.M
}

var minifyTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
	".xml": "text/xml", ".json": "application/json",
}

func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}

func (o minifying) WriteFile(name string, data []byte) error {
	if mt, ok := minifyTypes[path.Ext(name)]; ok && !strings.HasSuffix(name, ".min.js") {
		out, err := o.m.Bytes(mt, data)
		if err != nil {
			return &fs.PathError{Op: "minify", Path: name, Err: err}
		}
		data = out
	}
	return o.Output.WriteFile(name, data)
}
