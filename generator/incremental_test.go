package generator

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gongkai/gongkai"
)

// The randomized equivalence test: a random site takes hundreds of random
// edits, creations, renames and deletions; after each batch the
// Rebuilder's output must be byte for byte a fresh full build's, and a
// site with errors must fail both ways.

const equivConfig = `title = "随机区教育工会信息公开"
baseURL = "https://example.org/sub/"
page_size = %d

[[categories]]
name = "年度计划总结"
slug = "plans"
description = "%s"

[[categories]]
name = "通知公告"
slug = "notices"

[[categories]]
name = "文体活动"
slug = "culture"

[[issuers]]
name = "随机区教育工会"
slug = "union"
code = "00001434-9"

[[issuers]]
name = "随机区教育局"
slug = "bureau"
code = "71781755-2"
`

var (
	equivCategories = []string{"年度计划总结", "通知公告", "文体活动"}
	equivIssuers    = []string{"随机区教育工会", "随机区教育局"}
	equivWords      = []string{"工会", "教职工", "关于", "印发", "通知", "工作要点", "总结", "方案", "春节", "走访", "慰问", "运动会", "读书", "权益", "保障", "会员", "代表大会", "劳动", "竞赛", "林照辉", "徐工教", "年度", "安排", "互助", "帮扶"}
)

// equivDoc is the test's model of one document file.
type equivDoc struct {
	path     string
	title    string
	index    string
	issuer   string
	date     Date
	category string
	number   string
	keywords []string
	summary  string
	draft    bool
	anchor   bool // linked to by other documents: never deleted or drafted
	links    []string
	refs     []equivRef // links and images by path
	atts     []string   // attachment files, relative to the document's folder
	schedule []string   // items, one per month in order
	body     string
}

func (d *equivDoc) text() string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\nindex = %q\nissuer = %q\ndate = %s\ncategory = %q\n", d.title, d.index, d.issuer, d.date.ISO(), d.category)
	if d.number != "" {
		fmt.Fprintf(&b, "number = %q\n", d.number)
	}
	if len(d.keywords) > 0 {
		quoted := make([]string, len(d.keywords))
		for i, k := range d.keywords {
			quoted[i] = fmt.Sprintf("%q", k)
		}
		fmt.Fprintf(&b, "keywords = [%s]\n", strings.Join(quoted, ", "))
	}
	if d.summary != "" {
		fmt.Fprintf(&b, "summary = %q\n", d.summary)
	}
	if d.draft {
		b.WriteString("draft = true\n")
	}
	for i, a := range d.atts {
		fmt.Fprintf(&b, "\n[[attachments]]\ntitle = \"附件%d\"\nfile = %q\n", i+1, a)
	}
	for i, item := range d.schedule {
		fmt.Fprintf(&b, "\n[[schedule]]\nmonth = %d\nitem = %q\nowner = \"各基层工会\"\n", i%12+1, item)
	}
	b.WriteString("+++\n")
	b.WriteString(d.body)
	for _, l := range d.links {
		fmt.Fprintf(&b, "\n参见[相关文件](index:%s)。\n", l)
	}
	for _, r := range d.refs {
		b.WriteString(r.markdown(path.Dir(d.path)))
	}
	return b.String()
}

// equivRef is a link or an image by path to an anchor (whose file may
// move, but which is never a draft nor deleted), or to an attachment of
// an anchor or of the linking document (whose file may be deleted, and
// the link then stays as written).
type equivRef struct {
	doc    *equivDoc
	att    string // the attachment, relative to doc's folder; "" for doc itself
	suffix string // a fragment or a query, or ""
	image  bool
}

// markdown writes the link from a document in folder dir.
func (r equivRef) markdown(dir string) string {
	target := r.doc.path
	if r.att != "" {
		target = path.Join(path.Dir(r.doc.path), r.att)
	}
	rel, err := filepath.Rel(dir, target)
	if err != nil {
		panic(err)
	}
	if r.image {
		return fmt.Sprintf("\n![附图](%s%s)\n", filepath.ToSlash(rel), r.suffix)
	}
	return fmt.Sprintf("\n另见[有关文件](%s%s)。\n", filepath.ToSlash(rel), r.suffix)
}

// equivSite is the model of the whole site and the file system it writes.
type equivSite struct {
	t       *testing.T
	rng     *rand.Rand
	fsys    fstest.MapFS
	stamps  bool // files carry modification times that change on every write
	clock   int64
	docs    []*equivDoc
	serial  int
	broken  string    // a file holding a broken edit, restored by the next fix
	brokenW string    // what the broken file held before
	guide   *equivDoc // the anchor the guide page links to by path, or nil
	guideW  [2]string // the guide's title and body, without that link
	log     []string
}

func (s *equivSite) write(name, data string) {
	f := &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	if s.stamps {
		s.clock++
		f.ModTime = time.Unix(1_600_000_000+s.clock, 0)
	}
	s.fsys[name] = f
}

func (s *equivSite) words(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(equivWords[s.rng.IntN(len(equivWords))])
	}
	return b.String()
}

func (s *equivSite) body() string {
	var b strings.Builder
	b.WriteString("各基层工会：\n\n")
	for i := s.rng.IntN(3); i >= 0; i-- {
		if s.rng.IntN(3) == 0 {
			fmt.Fprintf(&b, "## %s、%s\n\n", cnDigits[i+1], s.words(2))
		}
		b.WriteString(s.words(5+s.rng.IntN(10)) + "。\n\n")
	}
	return b.String()
}

func (s *equivSite) pick(ok func(*equivDoc) bool) *equivDoc {
	var c []*equivDoc
	for _, d := range s.docs {
		if ok == nil || ok(d) {
			c = append(c, d)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[s.rng.IntN(len(c))]
}

func (s *equivSite) anchors() []*equivDoc {
	var out []*equivDoc
	for _, d := range s.docs {
		if d.anchor {
			out = append(out, d)
		}
	}
	return out
}

func (s *equivSite) newDoc(dir string, anchor bool) *equivDoc {
	s.serial++
	year := 2022 + s.rng.IntN(4)
	if dir == "" {
		dir = fmt.Sprintf("content/%d", year)
	}
	d := &equivDoc{
		path:     fmt.Sprintf("%s/doc-%d.md", dir, s.serial),
		title:    "关于" + s.words(2+s.rng.IntN(3)) + "的通知",
		index:    fmt.Sprintf("00001434-9/%d-%05d", year, s.serial),
		issuer:   equivIssuers[s.rng.IntN(len(equivIssuers))],
		date:     Date{year, 1 + s.rng.IntN(12), 1 + s.rng.IntN(28)},
		category: equivCategories[s.rng.IntN(len(equivCategories))],
		anchor:   anchor,
		body:     s.body(),
	}
	if s.rng.IntN(3) == 0 {
		d.number = fmt.Sprintf("随工〔%d〕%d号", year, s.serial)
	}
	if s.rng.IntN(4) == 0 {
		d.schedule = []string{s.words(3), s.words(2)}
	}
	s.docs = append(s.docs, d)
	return d
}

func (s *equivSite) save(d *equivDoc) { s.write(d.path, d.text()) }

func (s *equivSite) remove(d *equivDoc) {
	delete(s.fsys, d.path)
	for i, x := range s.docs {
		if x == d {
			s.docs = append(s.docs[:i], s.docs[i+1:]...)
			break
		}
	}
	for _, x := range s.docs {
		for i, l := range x.links {
			if l == d.index {
				x.links = append(x.links[:i], x.links[i+1:]...)
				s.save(x)
				break
			}
		}
	}
}

func (s *equivSite) setup() {
	s.write("config.toml", fmt.Sprintf(equivConfig, 2, "计划与总结"))
	s.write("content/pages/guide.md", "+++\ntitle = \"信息公开指南\"\n+++\n本指南说明信息公开的范围。\n")
	for i := 0; i < 3; i++ {
		s.save(s.newDoc("", true))
	}
	for i := 0; i < 25; i++ {
		d := s.newDoc("", false)
		if s.rng.IntN(4) == 0 {
			d.links = []string{s.anchors()[s.rng.IntN(3)].index}
		}
		if s.rng.IntN(4) == 0 {
			d.refs = []equivRef{s.newRef(d)}
		}
		s.save(d)
	}
}

// newRef makes a link or an image by path from d: to an anchor, or to
// an attachment of an anchor or of d.
func (s *equivSite) newRef(d *equivDoc) equivRef {
	r := equivRef{doc: s.anchors()[s.rng.IntN(3)]}
	if s.rng.IntN(2) == 0 {
		if s.rng.IntN(2) == 0 {
			r.doc = d
		}
		if len(r.doc.atts) > 0 {
			r.att = r.doc.atts[s.rng.IntN(len(r.doc.atts))]
			r.image = s.rng.IntN(2) == 0
		} else {
			r.doc = s.anchors()[s.rng.IntN(3)]
		}
	}
	r.suffix = []string{"", "", "#一", "?v=2"}[s.rng.IntN(4)]
	return r
}

// writeGuide writes the guide page, with its link by path to s.guide.
func (s *equivSite) writeGuide(title, body string) {
	s.guideW = [2]string{title, body}
	if s.guide != nil {
		body += (equivRef{doc: s.guide}).markdown("content/pages")
	}
	s.write("content/pages/guide.md", fmt.Sprintf("+++\ntitle = %q\n+++\n%s\n", title, body))
}

// step applies one random operation.
func (s *equivSite) step() { s.do(s.rng.IntN(28)) }

// do applies operation op (0 to 27) to a document picked at random.
func (s *equivSite) do(op int) {
	d := s.pick(nil)
	note := func(format string, args ...any) { s.log = append(s.log, fmt.Sprintf(format, args...)) }
	switch op {
	case 0, 1, 2: // edit a body, now and then adding or dropping a link by path
		// Mostly one without links by path, whose edit the rebuild can
		// take as a body edit.
		if x := s.pick(func(d *equivDoc) bool { return len(d.refs) == 0 }); x != nil && s.rng.IntN(4) > 0 {
			d = x
		}
		d.body = s.body()
		switch s.rng.IntN(16) {
		case 0:
			d.refs = append(d.refs, s.newRef(d))
		case 1:
			d.refs = nil
		}
		s.save(d)
		note("body %s", d.path)
	case 3, 4: // edit a title
		d.title = "关于" + s.words(2+s.rng.IntN(3)) + "的通知"
		s.save(d)
		note("title %s", d.path)
	case 5: // change the date within its year
		d.date.Month, d.date.Day = 1+s.rng.IntN(12), 1+s.rng.IntN(28)
		s.save(d)
		note("date %s", d.path)
	case 6: // change the year, which moves the document's URL, and those of the links to it
		if s.rng.IntN(2) == 0 {
			d = s.anchors()[s.rng.IntN(3)]
		}
		d.date.Year = 2022 + s.rng.IntN(5)
		s.save(d)
		note("year %s", d.path)
	case 7:
		d.category = equivCategories[s.rng.IntN(len(equivCategories))]
		s.save(d)
		note("category %s", d.path)
	case 8:
		d.issuer = equivIssuers[s.rng.IntN(len(equivIssuers))]
		s.save(d)
		note("issuer %s", d.path)
	case 9: // toggle draft
		if d = s.pick(func(d *equivDoc) bool { return !d.anchor }); d != nil {
			d.draft = !d.draft
			s.save(d)
			note("draft %s %v", d.path, d.draft)
		}
	case 10, 11: // add a document, sometimes in a new folder
		dir := ""
		if s.rng.IntN(4) == 0 {
			dir = fmt.Sprintf("content/extra-%d", s.rng.IntN(3))
		}
		n := s.newDoc(dir, false)
		if s.rng.IntN(3) == 0 {
			n.links = []string{s.anchors()[s.rng.IntN(3)].index}
		}
		s.save(n)
		note("add %s", n.path)
	case 12: // delete a document
		if d = s.pick(func(d *equivDoc) bool { return !d.anchor }); d != nil && len(s.docs) > 8 {
			s.remove(d)
			note("delete %s", d.path)
		}
	case 13: // rename a file: its slug and URL change, and the links to it by path with it
		old := d.path
		delete(s.fsys, d.path)
		s.serial++
		d.path = fmt.Sprintf("%s/renamed-%d.md", filepath.ToSlash(filepath.Dir(d.path)), s.serial)
		s.save(d)
		for _, x := range s.docs {
			if x != d && slices.ContainsFunc(x.refs, func(r equivRef) bool { return r.doc == d }) {
				s.save(x)
			}
		}
		if s.guide == d {
			s.writeGuide(s.guideW[0], s.guideW[1])
		}
		note("rename %s → %s", old, d.path)
	case 14: // add an attachment
		dir := filepath.ToSlash(filepath.Dir(d.path))
		s.serial++
		name := fmt.Sprintf("files/att-%d.txt", s.serial)
		s.write(dir+"/"+name, s.words(4))
		d.atts = append(d.atts, name)
		s.save(d)
		note("attach %s", d.path)
	case 15: // remove an attachment and its file
		if d = s.pick(func(d *equivDoc) bool { return len(d.atts) > 0 }); d != nil {
			delete(s.fsys, filepath.ToSlash(filepath.Dir(d.path))+"/"+d.atts[0])
			d.atts = d.atts[1:]
			s.save(d)
			note("detach %s", d.path)
		}
	case 16: // change an attachment's bytes, keeping its size or not
		if d = s.pick(func(d *equivDoc) bool { return len(d.atts) > 0 }); d != nil {
			name := filepath.ToSlash(filepath.Dir(d.path)) + "/" + d.atts[0]
			old := s.fsys[name].Data
			if s.rng.IntN(2) == 0 {
				s.write(name, string(old)+s.words(1))
				note("attachment grows %s", name)
				break
			}
			data := bytes.Map(func(r rune) rune {
				if r == '工' {
					return '会'
				}
				return r
			}, old)
			if bytes.Equal(data, old) {
				data[len(data)-1] ^= 1
			}
			s.write(name, string(data))
			note("attachment bytes %s", name)
		}
	case 17: // an empty folder appears; or a folder goes with its documents
		if s.rng.IntN(2) == 0 {
			s.fsys[fmt.Sprintf("content/empty-%d", s.rng.IntN(3))] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			note("mkdir")
		} else {
			dir := fmt.Sprintf("content/extra-%d/", s.rng.IntN(3))
			for _, x := range append([]*equivDoc(nil), s.docs...) {
				if strings.HasPrefix(x.path, dir) && !x.anchor {
					s.remove(x)
				}
			}
			for name := range s.fsys {
				if strings.HasPrefix(name, dir) {
					delete(s.fsys, name)
				}
			}
			note("rmdir %s", dir)
		}
	case 18: // a site's own layout: the same as the theme's, or changed, or gone
		theme, _ := fs.ReadFile(gongkai.Theme, "layouts/partials/doclist.html")
		switch s.rng.IntN(3) {
		case 0:
			s.write("layouts/partials/doclist.html", string(theme))
			note("layout same")
		case 1:
			s.write("layouts/partials/doclist.html", strings.Replace(string(theme), `class="doc-list"`, `class="doc-list custom"`, 1))
			note("layout changed")
		case 2:
			delete(s.fsys, "layouts/partials/doclist.html")
			note("layout removed")
		}
	case 19: // the plain pages of the navigation
		switch s.rng.IntN(3) {
		case 0:
			s.guide = nil
			if s.rng.IntN(2) == 0 {
				s.guide = s.anchors()[s.rng.IntN(3)]
			}
			s.writeGuide("指南"+s.words(1), s.body())
		case 1:
			s.write("content/pages/about.md", "+++\ntitle = \"关于本站\"\n+++\n"+s.body())
		case 2:
			delete(s.fsys, "content/pages/about.md")
		}
		note("pages")
	case 20: // a schedule appears, changes or goes
		if len(d.schedule) > 0 && s.rng.IntN(2) == 0 {
			d.schedule = nil
		} else {
			d.schedule = append(d.schedule, s.words(3))
		}
		s.save(d)
		note("schedule %s", d.path)
	case 21: // the config: a description or the page size
		s.write("config.toml", fmt.Sprintf(equivConfig, 2+s.rng.IntN(2), s.words(2)))
		note("config")
	case 22:
		d.summary = s.words(s.rng.IntN(2) * 6)
		d.keywords = nil
		if s.rng.IntN(2) == 0 {
			d.keywords = []string{s.words(1), s.words(2)}
		}
		s.save(d)
		note("summary %s", d.path)
	case 23: // a site's own stylesheet
		if s.rng.IntN(3) == 0 {
			delete(s.fsys, "static/css/site.css")
		} else {
			s.write("static/css/site.css", fmt.Sprintf("body { margin: %dpx }\n", s.rng.IntN(20)))
		}
		note("css")
	case 24: // a link to an anchor appears or goes
		if len(d.links) > 0 {
			d.links = nil
		} else if !d.anchor {
			d.links = []string{s.anchors()[s.rng.IntN(3)].index}
		}
		s.save(d)
		note("links %s", d.path)
	case 27: // a link or an image by path appears or goes
		if len(d.refs) > 0 && s.rng.IntN(2) == 0 {
			d.refs = d.refs[1:]
		} else {
			d.refs = append(d.refs, s.newRef(d))
		}
		s.save(d)
		note("refs %s", d.path)
	case 25, 26: // a broken edit, or its fix
		if s.broken != "" {
			s.write(s.broken, s.brokenW)
			note("fix %s", s.broken)
			s.broken = ""
			break
		}
		s.broken = d.path
		s.brokenW = string(s.fsys[d.path].Data)
		broken := []string{
			strings.Replace(s.brokenW, "title = ", "title = \"", 1),
			strings.Replace(s.brokenW, "category = \"", "category = \"未知", 1),
			"no front matter\n",
		}
		s.write(d.path, broken[s.rng.IntN(len(broken))])
		note("break %s", d.path)
	}
}

// fullBuild builds the site from nothing into memory.
func fullBuild(fsys fs.FS, opt Options) (map[string][]byte, error) {
	site, probs := Prepare(fsys, opt)
	if failed(probs, opt.Strict) {
		return nil, &ProblemError{Problems: probs}
	}
	out := NewMemoryOutput()
	if _, err := Generate(site, fsys, out, opt); err != nil {
		return nil, err
	}
	return out.Files(), nil
}

// sameSite reports the first difference between two builds, or "".
func sameSite(got, want map[string][]byte) string {
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		g, gok := got[n]
		w, wok := want[n]
		switch {
		case !gok:
			return n + " is missing from the rebuild"
		case !wok:
			return n + " is in the rebuild but not in a full build (a stale file)"
		case !bytes.Equal(g, w):
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-80)
			return fmt.Sprintf("%s differs at byte %d:\nrebuild: …%s…\nfull:    …%s…", n, i, g[lo:min(len(g), i+120)], w[lo:min(len(w), i+120)])
		}
	}
	return ""
}

func runEquivalence(t *testing.T, seed uint64, ops int, stamps, minify bool) {
	s := &equivSite{t: t, rng: rand.New(rand.NewPCG(seed, 7)), fsys: fstest.MapFS{}, stamps: stamps}
	s.setup()
	opt := Options{Theme: gongkai.Theme, LiveReload: `<script src="/_live.js"></script>`, NoMinify: !minify}
	b := NewRebuilder(s.fsys, opt)
	builds, reused := 0, 0
	// Most builds are told which files changed, as the preview's watcher
	// tells them; the others find out by walking the folder.
	seen := snapshotFS(s.fsys)
	var published []string // the documents the last good build published
	check := func() {
		want, werr := fullBuild(s.fsys, opt)
		now := snapshotFS(s.fsys)
		var got *Rebuild
		var gerr error
		if s.rng.IntN(4) == 0 {
			got, gerr = b.Build()
		} else {
			got, gerr = b.BuildChanged(changedPaths(seen, now))
		}
		seen = now
		builds++
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("seed %d after %v: full build error %v, rebuild error %v", seed, s.log, werr, gerr)
		}
		if werr != nil {
			var pw, pg *ProblemError
			if errors.As(werr, &pw) && errors.As(gerr, &pg) && fmt.Sprint(pw.Problems) != fmt.Sprint(pg.Problems) {
				t.Fatalf("seed %d after %v: problems differ:\nfull:    %v\nrebuild: %v", seed, s.log, pw.Problems, pg.Problems)
			}
			// What the last good build published and the files as they
			// stand withdraw: their file is gone or says draft = true.
			var want []Withdrawal
			for _, p := range published {
				if data, err := fs.ReadFile(s.fsys, p); err != nil || SaysDraft(data) {
					want = append(want, Withdrawal{Path: p, Draft: err == nil})
				}
			}
			if !slices.Equal(got.Withdrawn, want) {
				t.Fatalf("seed %d after %v: withdrawn %v, want %v", seed, s.log[max(0, len(s.log)-6):], got.Withdrawn, want)
			}
			return
		}
		published = published[:0]
		site, _ := Load(s.fsys)
		for _, d := range site.Published() {
			published = append(published, d.Path)
		}
		sort.Strings(published)
		if diff := sameSite(got.Files, want); diff != "" {
			t.Fatalf("seed %d, build %d, after %v:\n%s", seed, builds, s.log[max(0, len(s.log)-6):], diff)
		}
		reused += got.Pages - got.Rendered
	}
	check()
	for done := 0; done < ops; {
		n := 1 + s.rng.IntN(4)
		if s.rng.IntN(3) == 0 {
			// One body edited alone, the edit made most often while
			// previewing: the rebuild may take it as a body edit.
			n = 1
			s.do(0)
		} else {
			for i := 0; i < n; i++ {
				s.step()
			}
		}
		done += n
		check()
	}
	if reused == 0 {
		t.Errorf("seed %d: no page was ever reused; the rebuild cache is not working", seed)
	}
	if b.parse.spared == 0 {
		t.Errorf("seed %d: every build walked the content folder; the watcher's list of changes was never used", seed)
	}
	if b.bodyEdits == 0 {
		t.Errorf("seed %d: no build was made as a body edit", seed)
	}
	t.Logf("seed %d: %d operations, %d builds (%d without a walk, %d body edits), %d pages reused", seed, ops, builds, b.parse.spared, b.bodyEdits, reused)
}

// TestRebuildEquivalence runs a long sequence on one seed, with minified
// output as the preview serves it, and shorter ones on a few more, some
// with modification times that move as on a real disk. More seeds:
// go test ./generator -run Equivalence -seeds 50.
func TestRebuildEquivalence(t *testing.T) {
	ops, seeds := 250, *equivSeeds
	if testing.Short() {
		ops, seeds = 100, 1
	}
	runEquivalence(t, 1, ops, false, true)
	for seed := uint64(2); seed < uint64(2+seeds); seed++ {
		runEquivalence(t, seed, 80, seed%2 == 0, seed%3 == 0)
	}
}

var equivSeeds = flag.Int("seeds", 2, "how many more seeds TestRebuildEquivalence tries")

// TestRebuildSeesSameSizeEdits edits a file on disk without changing its
// size, then sets its modification time back: the change time and the
// racy-file rule still make the rebuild read it.
func TestRebuildSeesSameSizeEdits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", testConfig)
	a := doc("工作要点印发给你们", "工作要点印发给大家")
	write("content/2024/a.md", a)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "content/2024/a.md"), old, old)
	b := NewRebuilder(os.DirFS(dir), Options{Theme: gongkai.Theme})
	first, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	page := "archive/2024/a/index.html"
	if !bytes.Contains(first.Files[page], []byte("印发给大家")) {
		t.Fatalf("first build lacks the body")
	}
	write("content/2024/a.md", strings.Replace(a, "大家", "诸位", 1)) // same byte length
	os.Chtimes(filepath.Join(dir, "content/2024/a.md"), old, old)
	second, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(second.Files[page], []byte("印发给诸位")) {
		t.Errorf("the rebuild kept the old body of a file whose size and modification time did not change")
	}
	if len(second.Changed) == 0 || second.Changed[0] != page {
		t.Errorf("changed = %v, want %s", second.Changed, page)
	}
}

// snapshotFS records every file of a test file system.
func snapshotFS(fsys fstest.MapFS) map[string]string {
	snap := make(map[string]string, len(fsys))
	for name, f := range fsys {
		snap[name] = fmt.Sprint(f.Mode, f.ModTime.UnixNano()) + "\x00" + string(f.Data)
	}
	return snap
}

// changedPaths lists the files added, changed or removed between two
// snapshots, as a file watcher reports them.
func changedPaths(before, after map[string]string) []string {
	var paths []string
	for name, v := range after {
		if before[name] != v {
			paths = append(paths, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			paths = append(paths, name)
		}
	}
	sort.Strings(paths)
	return paths
}

// TestComparePaths holds comparePaths to the order fs.WalkDir visits files in.
func TestComparePaths(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"content/a-b.md", "content/a/b.md", "content/a/a.md", "content/a.md", "content/ab/c.md", "content/a b.md", "content/2024/x.md", "content/2024-old/y.md", "content/z.md", "content/工会/文件.md"} {
		fsys[name] = &fstest.MapFile{Data: []byte("x")}
	}
	var walked []string
	fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			walked = append(walked, p)
		}
		return nil
	})
	sorted := slices.Clone(walked)
	slices.Reverse(sorted)
	slices.SortFunc(sorted, comparePaths)
	if !slices.Equal(sorted, walked) {
		t.Errorf("comparePaths orders\n%v\nfs.WalkDir visits\n%v", sorted, walked)
	}
}
