package generator

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

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
func loadTemplates(t themeFS, funcs template.FuncMap, minified bool) (map[string]*template.Template, error) {
	set, err := parseLayouts(t, funcs, minified)
	if err != nil && minified {
		if _, asWritten := parseLayouts(t, funcs, false); asWritten != nil {
			err = asWritten
		}
	}
	return set, err
}

func parseLayouts(t themeFS, funcs template.FuncMap, minified bool) (map[string]*template.Template, error) {
	var m *minify.M
	if minified {
		m = minify.New()
		m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true,
			TemplateDelims: html.GoTemplateDelims})
	}
	read := func(name string) (string, error) {
		data, err := t.ReadFile(name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("%s: missing layout (the theme must provide it; copy it from the embedded theme with gongkai new site)", name)
			}
			return "", err
		}
		if m != nil {
			if data, err = m.Bytes("text/html", data); err != nil {
				return "", fmt.Errorf("%s: %v", name, err)
			}
		}
		return string(data), nil
	}
	baseText, err := read("layouts/base.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("layouts/base.html").Funcs(funcs).Parse(baseText)
	if err != nil {
		return nil, err
	}
	partials, err := t.list("layouts/partials")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		text, err := read(p)
		if err != nil {
			return nil, err
		}
		// A partial is called by its path under layouts/: "partials/doclist.html".
		if _, err := base.New(strings.TrimPrefix(p, "layouts/")).Parse(text); err != nil {
			return nil, err
		}
	}
	out := map[string]*template.Template{}
	for _, kind := range pageKinds {
		name := path.Join("layouts", kind+".html")
		text, err := read(name)
		if err != nil {
			return nil, err
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(name).Parse(text); err != nil {
			return nil, err
		}
		out[kind] = set
	}
	return out, nil
}
