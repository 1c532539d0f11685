package generator

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gongkai/gongkai"
)

// disclosureConfig lets index numbers carry letters, so a draft's marker
// can sit in its index number too.
var disclosureConfig = "index_pattern = '^[0-9A-Za-z-]+/\\d{4}-[0-9A-Za-z]+$'\n" + testConfig

// randomSite is a generated site: its files, and for each draft the
// marker that every one of its fields carries.
type randomSite struct {
	files   map[string]string
	markers []string // one per draft
	drafts  []string // the drafts' paths, as in files
	pub     []string // the published documents' paths
}

// marker is a word that appears nowhere else: ASCII letters, so it is
// found in any output encoding that keeps text (HTML, XML, JSON, ICS,
// search shards), and a Han pair for the search index's bigrams.
func marker(rng *rand.Rand) string {
	b := []byte("mk")
	for range 10 {
		b = append(b, byte('a'+rng.IntN(26)))
	}
	return string(b)
}

// genSite writes a random site of published documents and drafts. Every
// draft carries its marker in each field a document has: title, index
// number, number, keywords, summary, slug, body, schedule rows and note,
// and an attachment (its title, file name and content). Published
// documents link to each other by index number.
func genSite(rng *rand.Rand) *randomSite {
	s := &randomSite{files: map[string]string{}}
	n := 2 + rng.IntN(10)
	var pubIndexes []string
	cats := []string{"年度计划总结", "通知公告"}
	type docSpec struct {
		path, index string
		draft       bool
		mk          string
	}
	var specs []docSpec
	for i := range n {
		draft := i > 0 && rng.IntN(3) == 0
		year := 2022 + rng.IntN(4)
		d := docSpec{draft: draft, path: fmt.Sprintf("content/%d/doc-%02d.md", year, i)}
		if draft {
			d.mk = marker(rng)
			d.index = fmt.Sprintf("00001434-9/%d-%s", year, d.mk)
			d.path = fmt.Sprintf("content/%d/%s.md", year, d.mk)
		} else {
			d.index = fmt.Sprintf("00001434-9/%d-%05d", year, 100+i)
			pubIndexes = append(pubIndexes, d.index)
		}
		specs = append(specs, d)
	}
	for i, d := range specs {
		year := d.path[len("content/") : len("content/")+4]
		var b strings.Builder
		mk := d.mk
		if mk == "" {
			mk = fmt.Sprintf("公开%d", i)
		}
		fmt.Fprintf(&b, "+++\ntitle = \"关于%s的通知\"\nindex = %q\nissuer = \"测试区教育工会\"\n", mk, d.index)
		fmt.Fprintf(&b, "date = %s-%02d-%02d\ncategory = %q\n", year, 1+rng.IntN(12), 1+rng.IntN(28), cats[rng.IntN(2)])
		fmt.Fprintf(&b, "genre = \"通知\"\nnumber = \"测教工〔%s〕%d号%s\"\nkeywords = [\"工作\", %q]\nsummary = \"摘要%s\"\n", year, i+1, d.mk, mk, mk)
		if d.draft {
			fmt.Fprintf(&b, "slug = %q\ndraft = true\nschedule_note = \"注：%s\"\n", d.mk, d.mk)
			file := "files/" + d.mk + ".txt"
			fmt.Fprintf(&b, "\n[[attachments]]\ntitle = \"附件%s\"\nfile = %q\n", d.mk, file)
			s.files[filepath.ToSlash(filepath.Join(filepath.Dir(d.path), file))] = "attachment " + d.mk + "\n"
		}
		rows := rng.IntN(4)
		if d.draft {
			rows = 1 + rng.IntN(3)
		}
		for r := range rows {
			fmt.Fprintf(&b, "\n[[schedule]]\nmonth = %d\nitem = \"工作%s%d\"\nowner = \"负责人%s\"\n", 1+rng.IntN(12), mk, r, mk)
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "day = %s-03-%02d\n", year, 1+rng.IntN(28))
			}
		}
		fmt.Fprintf(&b, "+++\n各基层工会：\n\n## 一、%s\n\n正文%s，见", mk, mk)
		if len(pubIndexes) > 0 && (d.draft || rng.IntN(2) == 0) {
			fmt.Fprintf(&b, "[相关文件](index:%s)", pubIndexes[rng.IntN(len(pubIndexes))])
		}
		fmt.Fprintf(&b, "。\n\n- 要点%s\n", mk)
		s.files[d.path] = b.String()
		if d.draft {
			s.markers = append(s.markers, d.mk)
			s.drafts = append(s.drafts, d.path)
		} else {
			s.pub = append(s.pub, d.path)
		}
	}
	s.files["content/pages/guide.md"] = "+++\ntitle = \"信息公开指南\"\nslug = \"guide\"\n+++\n本机关的信息公开指南。\n"
	return s
}

func (s *randomSite) fsys() fstest.MapFS {
	fsys := mapSite(s.files)
	fsys["config.toml"] = &fstest.MapFile{Data: []byte(disclosureConfig)}
	return fsys
}

// assertNoMarker fails if any output file's name or bytes carry a marker.
func assertNoMarker(t *testing.T, files map[string][]byte, markers []string, context string) {
	t.Helper()
	for name, data := range files {
		lname, ldata := strings.ToLower(name), bytes.ToLower(data)
		for _, mk := range markers {
			if strings.Contains(lname, mk) {
				t.Errorf("%s: output file %s is named after a draft (%s)", context, name, mk)
			}
			if bytes.Contains(ldata, []byte(mk)) {
				t.Errorf("%s: %s contains the draft marker %s", context, name, mk)
			}
		}
	}
}

// TestDisclosureRandomSites builds random sites with drafts and checks
// that no byte of any output file comes from a draft: no marker appears
// anywhere, and the output is identical to a build of the same site with
// the drafts' files deleted.
func TestDisclosureRandomSites(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	runs := 10
	if testing.Short() {
		runs = 3
	}
	// Sites without a draft prove nothing here: generate until runs sites
	// with drafts have been checked (a site has one more often than not).
	checked := 0
	for run := 0; checked < runs && run < 50*runs; run++ {
		s := genSite(rng)
		if len(s.markers) == 0 {
			continue
		}
		checked++
		ctx := fmt.Sprintf("run %d (seed %d)", run, seed)
		for _, offline := range []bool{false, true} {
			out := buildMem(t, s.fsys(), Options{Offline: offline})
			if len(out.files) < 20 {
				t.Fatalf("%s: only %d files built", ctx, len(out.files))
			}
			assertNoMarker(t, out.files, s.markers, ctx)

			without := s.fsys()
			for _, p := range s.drafts {
				delete(without, p)
			}
			for name := range without {
				for _, mk := range s.markers {
					if strings.Contains(name, mk) {
						delete(without, name)
					}
				}
			}
			ref := buildMem(t, without, Options{Offline: offline})
			if len(ref.files) != len(out.files) {
				t.Errorf("%s: %d files with drafts, %d without", ctx, len(out.files), len(ref.files))
			}
			for name, data := range ref.files {
				if !bytes.Equal(out.files[name], data) {
					t.Errorf("%s: %s differs when the drafts are deleted", ctx, name)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no generated site had a draft")
	}
}

// TestDisclosureMarkersDetectable publishes a generated site's drafts and
// checks that each marker then shows in every kind of output the test
// above searches: so that test would see a leak into any of them.
func TestDisclosureMarkersDetectable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	s := genSite(rng)
	for len(s.markers) == 0 {
		s = genSite(rng)
	}
	for _, p := range s.drafts {
		s.files[p] = strings.Replace(s.files[p], "draft = true", "draft = false", 1)
	}
	out := buildMem(t, s.fsys(), Options{})
	list := `(page/\d+/)?index\.html`
	kinds := map[string]string{
		"page": `archive/\d{4}/%s/index\.html`, "schedule": `archive/\d{4}/%s/schedule/index\.html`,
		"attachment": `archive/\d{4}/%s/%s\.txt`, "year list": `archive/\d{4}/` + list,
		"catalogue": `catalog/` + list, "catalog.json": `catalog\.json`, "feed": `feed\.xml`,
		"topic feed": `topics/\w+/feed\.xml`, "sitemap": `sitemap\.xml`, "search": `search/.*`,
		"calendar": `archive/\d{4}/%s/schedule\.ics`, "year calendar": `archive/\d{4}/schedule\.ics`,
		"year schedule": `archive/\d{4}/schedule/index\.html`, "issuer list": `issuers/union/` + list,
		"topic list": `topics/\w+/` + list,
	}
	for _, mk := range s.markers {
		for kind, pattern := range kinds {
			re := regexp.MustCompile("^" + strings.ReplaceAll(pattern, "%s", mk) + "$")
			found := false
			for name, data := range out.files {
				if re.MatchString(name) && bytes.Contains(data, []byte(mk)) {
					found = true
				}
			}
			if !found {
				t.Errorf("published, the marker %s is in no %s file", mk, kind)
			}
		}
	}
}

// TestDisclosureRepublish publishes a document to a folder, turns it
// into a draft and builds again into the same folder, then back: while it
// is a draft no byte of it remains, and published again it is all there.
func TestDisclosureRepublish(t *testing.T) {
	site := t.TempDir()
	copyDir(t, "testdata/basic/site", site)
	doc := filepath.Join(site, "content", "2024", "notice.md")
	orig, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	const mk = "mkrepublishzz"
	published := strings.Replace(string(orig), "+++\n", "+++\nkeywords = [\""+mk+"\"]\n", 1) + "\n正文" + mk + "\n"
	asDraft := strings.Replace(published, "+++\n", "+++\ndraft = true\n", 1)
	dest := filepath.Join(t.TempDir(), "public")
	for i, v := range []string{published, asDraft, published, asDraft} {
		if err := os.WriteFile(doc, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(site, dest, Options{Theme: gongkai.Theme}); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for name, data := range snapshot(t, dest) {
			files[name] = []byte(data)
		}
		found := 0
		for _, data := range files {
			if bytes.Contains(data, []byte(mk)) {
				found++
			}
		}
		if i%2 == 1 {
			assertNoMarker(t, files, []string{mk}, fmt.Sprintf("build %d (draft)", i))
		} else if found < 3 {
			t.Errorf("build %d: the published document's marker is in only %d files", i, found)
		}
	}
}
