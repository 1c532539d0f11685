package generator

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Output receives the files of a build. Names are slash-separated and
// relative to the site root. Implementations are safe for concurrent use
// and do not keep data after WriteFile returns: the caller reuses it.
type Output interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, fsys fs.FS, src string) error
}

// dirOutput writes into a folder that the build has just made and that
// only it writes to. Every name is checked to be a local, clean path
// before it is used, so no name can write outside the folder; files are
// then opened by their full path, one system call, where os.Root would
// open and close every folder on the way to each of tens of thousands of
// files.
type dirOutput struct {
	dir  string
	mu   sync.Mutex
	dirs map[string]bool
}

func newDirOutput(dir string) (*dirOutput, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: syscall.ENOTDIR}
	}
	return &dirOutput{dir: dir, dirs: map[string]bool{".": true}}, nil
}

// path checks name and returns where it is written.
func (o *dirOutput) path(name string) (string, error) {
	if !fs.ValidPath(name) || name == "." || !filepath.IsLocal(filepath.FromSlash(name)) {
		return "", &fs.PathError{Op: "write", Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(o.dir, filepath.FromSlash(name)), nil
}

// mkdir makes the folders that name sits in, once each.
func (o *dirOutput) mkdir(name string) error {
	dir := path.Dir(name)
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.mkdirLocked(dir)
}

func (o *dirOutput) mkdirLocked(dir string) error {
	if o.dirs[dir] {
		return nil
	}
	if err := o.mkdirLocked(path.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(o.dir, filepath.FromSlash(dir)), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if err != nil {
		// Something is there already: it must be a real folder, not a
		// file or a link to elsewhere.
		if st, err := os.Lstat(filepath.Join(o.dir, filepath.FromSlash(dir))); err != nil || !st.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOTDIR}
		}
	}
	o.dirs[dir] = true
	return nil
}

func (o *dirOutput) create(name string) (*os.File, error) {
	full, err := o.path(name)
	if err != nil {
		return nil, err
	}
	if err := o.mkdir(name); err != nil {
		return nil, err
	}
	return os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o644)
}

func (o *dirOutput) WriteFile(name string, data []byte) error {
	f, err := o.create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (o *dirOutput) CopyFile(name string, fsys fs.FS, src string) error {
	in, err := fsys.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := o.create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (o *dirOutput) Close() error { return nil }

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
