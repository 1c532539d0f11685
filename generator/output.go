package generator

import (
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
type Output interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, fsys fs.FS, src string) error
}

// dirOutput writes into a folder so that no name can write outside it,
// whatever it contains: through openat2 with RESOLVE_BENEATH where the
// system has it (see beneath), else through os.Root.
type dirOutput struct {
	root *os.Root
	mu   sync.Mutex
	dirs map[string]bool
	fast beneath // writes a file in one system call where the system can
}

func newDirOutput(dir string) (*dirOutput, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &dirOutput{root: root, dirs: map[string]bool{".": true}, fast: openBeneath(dir)}, nil
}

func (o *dirOutput) mkdir(name string) error {
	dir := path.Dir(name)
	o.mu.Lock()
	done, parentDone := o.dirs[dir], o.dirs[path.Dir(dir)]
	o.mu.Unlock()
	if done {
		return nil
	}
	// A folder whose parent is there takes one mkdirat; os.Root would
	// open every folder of the name first.
	if !parentDone || !o.fast.mkdir(dir) {
		if err := o.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	o.mu.Lock()
	for d := dir; !o.dirs[d]; d = path.Dir(d) {
		o.dirs[d] = true
	}
	o.mu.Unlock()
	return nil
}

func (o *dirOutput) WriteFile(name string, data []byte) error {
	if err := o.mkdir(name); err != nil {
		return err
	}
	if done, err := o.fast.writeFile(name, data); done {
		return err
	}
	return o.root.WriteFile(name, data, 0o644)
}

func (o *dirOutput) CopyFile(name string, fsys fs.FS, src string) error {
	if err := o.mkdir(name); err != nil {
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
