package generator

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
)

// pageKinds are the layouts a theme provides, one per kind of page.
var pageKinds = []string{"home", "years", "year", "document", "schedule", "yearschedule", "topics", "topic", "issuers", "issuer", "catalog", "page", "search", "404"}

// templateFuncs are the functions layouts may call besides text/template's.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"size":   humanSize,
		"iso":    shortDate,
		"add":    addInts,
		"join":   strings.Join,
		"months": monthsLabel,
	}
}

// addInts is the layouts' addition: {{add $i 1}}.
func addInts(a, b int) int { return a + b }

// themeFS layers a site's own files over the embedded theme, one file at a
// time: a file in the site wins; the theme's file is used only when the
// site has none (fs.ErrNotExist). Any other error surfaces.
type themeFS struct {
	site, theme fs.FS
}

func (t themeFS) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(t.site, name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || t.theme == nil {
		return data, err
	}
	return fs.ReadFile(t.theme, name)
}

// list returns the files under dir in either layer, sorted.
func (t themeFS) list(dir string) ([]string, error) {
	files, err := t.layered(dir)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.name
	}
	return out, nil
}

// layeredFile is a file of either layer of a themeFS.
type layeredFile struct {
	name string // the path in the layer, e.g. static/css/site.css
	site bool   // the site has it, so the theme's file of that name, if any, is not used
}

// layered returns the files under dir in either layer, sorted by name,
// each with the layer it is read from.
func (t themeFS) layered(dir string) ([]layeredFile, error) {
	seen := map[string]bool{}
	for _, layer := range []struct {
		fsys fs.FS
		site bool
	}{{t.theme, false}, {t.site, true}} {
		if layer.fsys == nil {
			continue
		}
		err := fs.WalkDir(layer.fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
				seen[p] = layer.site
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]layeredFile, 0, len(seen))
	for p, site := range seen {
		out = append(out, layeredFile{p, site})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// loadTemplates parses the layouts. The lookup rule, in full: a page of
// kind K executes layouts/base.html, which calls the blocks that
// layouts/K.html defines; every file in layouts/partials/ is available to
// both. Each file comes from the site's layouts/ if it is there, else from
// the embedded theme. A missing layout is an error.
//
// With minify set, each layout is minified once, here, with its template
// actions kept as they are, so the pages they make come out minified
// without passing every page through the minifier. Minifying joins a
// layout's lines, so an error is reported from the layouts as written,
// at the line the author sees.
//
// A layout that does not parse, or that calls a template its kind's set
// does not define, is reported as a problem at its line, and every such
// layout of the site in the same run (see layoutProblems).
func loadTemplates(t themeFS, funcs template.FuncMap, minified bool) (map[string]*template.Template, error) {
	set, err := parseLayouts(t, funcs, minified)
	if err == nil && !callsUndefined(set) {
		return set, nil
	}
	if probs := layoutProblems(t, funcs); len(probs) > 0 {
		return nil, &ProblemError{Problems: probs}
	}
	if err == nil {
		// The layouts as written call no undefined template: should the
		// minified ones, the page that runs the call reports it.
		return set, nil
	}
	if minified {
		if _, asWritten := parseLayouts(t, funcs, false); asWritten != nil {
			err = asWritten
		}
	}
	return nil, err
}

// layoutNames lists every layout file the build reads, in the order
// layoutsSum hashes them.
func layoutNames(t themeFS) ([]string, error) {
	partials, err := t.list("layouts/partials")
	if err != nil {
		return nil, err
	}
	names := append([]string{"layouts/base.html"}, partials...)
	for _, kind := range pageKinds {
		names = append(names, path.Join("layouts", kind+".html"))
	}
	return names, nil
}

// layoutProblems parses each layout on its own, as written, and returns
// a problem for each one that is missing or does not parse, and for each
// call of a template that a kind's set does not define (undefinedCalls):
// all of them, not only the first, each at the line its author sees.
func layoutProblems(t themeFS, funcs template.FuncMap) Problems {
	var probs problemList
	names, err := layoutNames(t)
	if err != nil {
		probs.errorf("layouts", 0, 0, "cannot read the layouts: %v", err)
		return probs.list
	}
	for _, name := range names {
		data, err := t.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			probs.errorf(name, 0, 0, "missing layout (the theme must provide it; copy it from the embedded theme with gongkai new site)")
		case err != nil:
			probs.errorf(name, 0, 0, "cannot read: %v", err)
		default:
			if _, err := template.New(name).Funcs(funcs).Parse(string(data)); err != nil {
				probs.add(templateProblem(string(data), name, err, "correct the layout"))
			}
		}
	}
	probs.add(undefinedCalls(newLayoutParser(t, funcs, false))...)
	probs.list.Sort()
	return probs.list
}

// undefinedCalls returns a problem for each {{template}} call, in the
// layouts as written, of a name that the set of a kind that reaches the
// call does not define, each call once. html/template finds such a call
// only when it first executes the kind, on a page. Only the sets whose
// layouts all parse are looked at: a layout that does not parse may be
// the one that defines the name.
func undefinedCalls(p layoutParser) Problems {
	shared, err := p.shared()
	if err != nil {
		return nil // layoutProblems reports the layout that does not parse
	}
	type call struct {
		file, name string
		pos        parse.Pos
	}
	reached := map[call]int{}      // how many kinds reach the call
	lacking := map[call][]string{} // the kinds of those whose set does not define its name
	suggested := map[call]string{} // a name the first of those defines, near the one called
	for _, kind := range pageKinds {
		set, err := p.kind(shared, kind)
		if err != nil {
			continue
		}
		reachedCalls(set, func(n *parse.TemplateNode, in *parse.Tree, defined bool) {
			c := call{layoutFile(in.ParseName), n.Name, n.Position()}
			reached[c]++
			if defined {
				return
			}
			if lacking[c] == nil {
				suggested[c] = closest(n.Name, templateNames(set))
			}
			lacking[c] = append(lacking[c], kind)
		})
	}
	var probs problemList
	for c, kinds := range lacking {
		text, _ := p.t.ReadFile(c.file)
		line, col := offsetPosition(string(text), int(c.pos), 1)
		switch {
		case len(kinds) < reached[c]:
			probs.errorf(c.file, line, col, "no such template %q on pages of kind %s, whose layouts do not define it (define it in each of those layouts, or once in a partial)", c.name, strings.Join(kinds, ", "))
		case suggested[c] != "":
			probs.errorf(c.file, line, col, "no such template %q (did you mean %q?)", c.name, suggested[c])
		default:
			probs.errorf(c.file, line, col, "no such template %q (define it with {{define %q}} in a partial, or correct the name)", c.name, c.name)
		}
	}
	return probs.list
}

// callsUndefined reports whether the set of any kind calls a template it
// does not define.
func callsUndefined(sets map[string]*template.Template) bool {
	for _, set := range sets {
		undefined := false
		reachedCalls(set, func(_ *parse.TemplateNode, _ *parse.Tree, defined bool) {
			undefined = undefined || !defined
		})
		if undefined {
			return true
		}
	}
	return false
}

// reachedCalls calls f with each {{template}} call in the templates that
// executing a kind's set reaches from base.html, the tree it is in, and
// whether the set defines the name it calls. These are the templates
// html/template escapes, and so checks, before it first executes the set:
// others never run, and a partial may call a block that only the kinds
// that use the partial define.
func reachedCalls(set *template.Template, f func(n *parse.TemplateNode, in *parse.Tree, defined bool)) {
	seen := map[string]bool{}
	var visit func(tree *parse.Tree)
	visit = func(tree *parse.Tree) {
		eachTemplateCall(tree.Root, func(n *parse.TemplateNode) {
			called := set.Lookup(n.Name)
			f(n, tree, called != nil)
			if called != nil && !seen[n.Name] {
				seen[n.Name] = true
				visit(called.Tree)
			}
		})
	}
	seen["layouts/base.html"] = true
	visit(set.Lookup("layouts/base.html").Tree)
}

// eachTemplateCall calls f with each {{template}} call below n, in the
// order they are written, inside if, range and with actions too.
func eachTemplateCall(n parse.Node, f func(*parse.TemplateNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				eachTemplateCall(c, f)
			}
		}
	case *parse.IfNode:
		eachTemplateCall(n.List, f)
		eachTemplateCall(n.ElseList, f)
	case *parse.RangeNode:
		eachTemplateCall(n.List, f)
		eachTemplateCall(n.ElseList, f)
	case *parse.WithNode:
		eachTemplateCall(n.List, f)
		eachTemplateCall(n.ElseList, f)
	case *parse.TemplateNode:
		f(n)
	}
}

// templateNames lists the names a set defines, sorted.
func templateNames(set *template.Template) []string {
	var names []string
	for _, t := range set.Templates() {
		names = append(names, t.Name())
	}
	sort.Strings(names)
	return names
}

// layoutFile is the file that a template of a kind's set comes from,
// given the name its file was parsed as: a partial's is its path under
// layouts/ (see shared).
func layoutFile(parseName string) string {
	if strings.HasPrefix(parseName, "partials/") {
		return "layouts/" + parseName
	}
	return parseName
}

// templateError matches the position text/template and html/template put
// in their errors: "template: NAME:LINE: …" or "template: NAME:LINE:COL: …"
// (html/template's own: "html/template:NAME:LINE:COL: …"),
// where COL counts the bytes before the place on its line.
var templateError = regexp.MustCompile(`^(?:html/)?template: ?(.+?):(\d+):(?:(\d+):)? (.*)$`)

// templateProblem turns a template error about the layout name, whose text
// is given, into a problem at its line and column (in characters), with
// what to do.
func templateProblem(text, name string, err error, todo string) Problem {
	p := Problem{Path: name, Severity: Error, Message: err.Error() + " (" + todo + ")"}
	m := templateError.FindStringSubmatch(err.Error())
	if m == nil || m[1] != name {
		return p
	}
	p.Line, _ = strconv.Atoi(m[2])
	p.Message = strings.TrimPrefix(m[4], "template: ") + " (" + todo + ")"
	if byteCol, err := strconv.Atoi(m[3]); err == nil {
		line := ""
		if lines := strings.Split(text, "\n"); p.Line >= 1 && p.Line <= len(lines) {
			line = lines[p.Line-1]
		}
		p.Col = runeCol(line, byteCol)
	}
	return p
}

func parseLayouts(t themeFS, funcs template.FuncMap, minified bool) (map[string]*template.Template, error) {
	p := newLayoutParser(t, funcs, minified)
	shared, err := p.shared()
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, kind := range pageKinds {
		set, err := p.kind(shared, kind)
		if err != nil {
			return nil, err
		}
		out[kind] = set
	}
	return out, nil
}

// layoutParser reads and parses the layouts, minified or as written.
type layoutParser struct {
	t     themeFS
	funcs template.FuncMap
	m     *minify.M // nil: as written
}

func newLayoutParser(t themeFS, funcs template.FuncMap, minified bool) layoutParser {
	p := layoutParser{t: t, funcs: funcs}
	if minified {
		p.m = minify.New()
		p.m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true,
			TemplateDelims: html.GoTemplateDelims})
	}
	return p
}

func (p layoutParser) read(name string) (string, error) {
	data, err := p.t.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: missing layout (the theme must provide it; copy it from the embedded theme with gongkai new site)", name)
		}
		return "", err
	}
	if p.m != nil {
		if data, err = p.m.Bytes("text/html", data); err != nil {
			return "", fmt.Errorf("%s: %v", name, err)
		}
	}
	return string(data), nil
}

// shared parses what every kind's set holds: base.html and the partials.
func (p layoutParser) shared() (*template.Template, error) {
	baseText, err := p.read("layouts/base.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("layouts/base.html").Funcs(p.funcs).Parse(baseText)
	if err != nil {
		return nil, err
	}
	partials, err := p.t.list("layouts/partials")
	if err != nil {
		return nil, err
	}
	for _, name := range partials {
		text, err := p.read(name)
		if err != nil {
			return nil, err
		}
		// A partial is called by its path under layouts/: "partials/doclist.html".
		if _, err := base.New(strings.TrimPrefix(name, "layouts/")).Parse(text); err != nil {
			return nil, err
		}
	}
	return base, nil
}

// kind parses layouts/K.html into a copy of the shared set: the set a
// page of kind K executes.
func (p layoutParser) kind(shared *template.Template, kind string) (*template.Template, error) {
	name := path.Join("layouts", kind+".html")
	text, err := p.read(name)
	if err != nil {
		return nil, err
	}
	set, err := shared.Clone()
	if err != nil {
		return nil, err
	}
	if _, err := set.New(name).Parse(text); err != nil {
		return nil, err
	}
	return set, nil
}

// layoutFailure is a layout's failure while rendering one page.
type layoutFailure struct {
	page string // the page's URL
	err  error  // from the layouts as written, when they fail too
}

func (f *layoutFailure) Error() string { return f.err.Error() }

// asWrittenLayouts holds the layouts parsed as written, for positioning
// failures: the layouts that run are minified, which joins their lines.
type asWrittenLayouts struct {
	once sync.Once
	set  map[string]*template.Template
}

// layoutFailure wraps a failure of the layouts on page d. The page is
// run again through the layouts as written, whose error gives the line
// and column the author sees.
func (r *renderer) layoutFailure(d *pageData, err error) error {
	if !r.opt.NoMinify {
		r.asWritten.once.Do(func() {
			r.asWritten.set, _ = loadTemplates(themeFS{site: r.content, theme: r.opt.Theme}, templateFuncs(), false)
		})
		if set := r.asWritten.set[d.Kind]; set != nil {
			if again := set.ExecuteTemplate(io.Discard, "layouts/base.html", d); again != nil {
				err = again
			}
		}
	}
	return &layoutFailure{page: d.URL, err: err}
}

// layoutProblemsOf makes one problem of each distinct failure, however
// many pages it broke, naming the first of them.
func (r *renderer) layoutProblemsOf(failures []*layoutFailure) Problems {
	t := themeFS{site: r.content, theme: r.opt.Theme}
	type group struct {
		err   error
		first string
		pages int
	}
	groups := map[string]*group{}
	for _, f := range failures {
		g := groups[f.err.Error()]
		if g == nil {
			g = &group{err: f.err, first: f.page}
			groups[f.err.Error()] = g
		}
		g.pages++
		g.first = min(g.first, f.page)
	}
	var probs Problems
	for _, g := range groups {
		where := "on page /" + g.first
		if g.pages > 1 {
			where = fmt.Sprintf("on %d pages, the first /%s", g.pages, g.first)
		}
		name := ""
		if m := templateError.FindStringSubmatch(g.err.Error()); m != nil {
			name = m[1]
		}
		// A partial's template is named by its path under layouts/.
		text, _ := t.ReadFile(layoutFile(name))
		p := templateProblem(string(text), name, g.err, where+"; correct the layout")
		p.Path = layoutFile(name)
		if name == "" {
			p.Path = "layouts"
		}
		probs = append(probs, p)
	}
	probs.Sort()
	return probs
}
