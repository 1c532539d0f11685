package generator

import "fmt"

// dataFile is one generated file other than a page: its name, what it
// shows (written into a fingerprint when rebuilding) and how to make it.
type dataFile struct {
	name   string
	inputs func(f *hasher, c *renderCache)
	make   func() ([]byte, error)
	// compact, when set, makes the bytes the minifier would make of
	// make's, without the minifier's pass over them.
	compact func() ([]byte, error)
	// release, when set, takes back make's bytes once they are written.
	release func([]byte)
}

// dataFiles lists the feeds, the sitemap, catalog.json and the calendars.
// Each inputs function must cover everything its file shows beyond the
// options and config.toml (which every fingerprint covers): a document
// through docHashOf, which covers its front matter and URL.
func (r *renderer) dataFiles(jobs []job) []dataFile {
	cfg, a := r.cfg, r.archive
	files := r.sitemapFiles(jobs)
	feed := func(name, title string, docs []*Document) {
		files = append(files, dataFile{
			name: name,
			inputs: func(f *hasher, c *renderCache) {
				f.str(title)
				c.docList(f, docs[:min(len(docs), feedSize)])
			},
			make: func() ([]byte, error) { return atom(cfg, title, name, docs) },
		})
	}
	feed(feedFile, cfg.Title, a.Docs)
	for _, g := range a.Topics {
		feed(topicsDir+g.Slug+"/"+feedFile, g.Name+" · "+cfg.Title, g.Docs)
	}
	files = append(files, dataFile{
		name:   catalogFile,
		inputs: func(f *hasher, c *renderCache) { c.docList(f, a.Docs) },
		make: func() ([]byte, error) {
			if r.cache != nil {
				return r.cache.catalogJSON(cfg, a.Docs)
			}
			return catalogJSON(cfg, a.Docs)
		},
		compact: func() ([]byte, error) { return compactCatalogJSON(cfg, a.Docs) },
	})
	calendar := func(name, title string, rows func() []ScheduleEntry) {
		files = append(files, dataFile{
			name: name,
			inputs: func(f *hasher, c *renderCache) {
				f.str(title)
				rs := rows()
				f.int(len(rs))
				for _, row := range rs {
					f.scheduleRow(*row.ScheduleRow)
					f.uint(c.docHashOf(row.Doc))
				}
			},
			make:    func() ([]byte, error) { return ics(cfg, title, rows()), nil },
			release: releaseICS,
		})
	}
	for _, y := range a.Years {
		if len(y.Schedule) > 0 {
			calendar(yearURL(y.Year)+calendarFile, fmt.Sprintf("%d %s", y.Year, cfg.Title), func() []ScheduleEntry { return y.Schedule })
		}
		for _, d := range y.Docs {
			if d.HasSchedule() {
				calendar(d.URL+calendarFile, d.Title, func() []ScheduleEntry { return docSchedule(d) })
			}
		}
	}
	return files
}

// sitemapFiles lists the sitemap: sitemap.xml alone when one file may
// list every page, else sitemap.xml as the index of its parts.
func (r *renderer) sitemapFiles(jobs []job) []dataFile {
	cfg, limit := r.cfg, r.opt.sitemap
	if limit == (sitemapLimit{}) {
		limit = sitemapLimit{sitemapMaxURLs, sitemapMaxBytes}
	}
	list := func(name string, jobs []job) dataFile {
		return dataFile{
			name: name,
			inputs: func(f *hasher, c *renderCache) {
				f.int(len(jobs))
				for _, j := range jobs {
					f.str(j.data.Kind)
					f.str(j.data.URL)
					f.bool(j.data.Now != nil)
					if j.data.Now != nil {
						f.date(j.data.Now.Date)
					}
				}
			},
			make: func() ([]byte, error) { return sitemap(cfg, jobs), nil },
		}
	}
	parts := sitemapParts(cfg, jobs, limit)
	if len(parts) == 1 {
		return []dataFile{list(sitemapFile, jobs)}
	}
	files := []dataFile{{
		name: sitemapFile,
		inputs: func(f *hasher, c *renderCache) {
			f.str("index") // sitemap.xml as the index, not as a list of pages
			f.int(len(parts))
		},
		make: func() ([]byte, error) { return sitemapIndex(cfg, len(parts)), nil },
	}}
	for i, p := range parts {
		files = append(files, list(sitemapPart(i+1), p))
	}
	return files
}

// writeDataFiles makes and writes the files dataFiles lists, on every
// core, and returns how many there are. Each file's bytes depend only on
// its own inputs, so the order they are made in changes nothing; of
// several errors, the one of the first file listed is returned.
//
// Each generated file names the inputs it shows: when rebuilding, a file
// whose inputs are those of the last build keeps its bytes without being
// generated again.
func (r *renderer) writeDataFiles(jobs []job) (int, error) {
	files := r.dataFiles(jobs)
	errs := make([]error, len(files))
	parallel(len(files), func(i int) {
		g := files[i]
		if r.cache != nil && r.cache.reuse(g.name, r.cache.inputFingerprint(g.name, g.inputs)) {
			return
		}
		if g.compact != nil && r.cache == nil && !r.opt.NoMinify {
			data, err := g.compact()
			if err == nil {
				err = r.raw.WriteFile(g.name, data)
			}
			errs[i] = err
			return
		}
		data, err := g.make()
		if err != nil {
			errs[i] = err
			return
		}
		if r.cache != nil {
			errs[i] = r.out.WriteFile(g.name, data)
		} else {
			errs[i] = r.put(g.name, data)
		}
		if g.release != nil {
			g.release(data)
		}
	})
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// inputFingerprint is the fingerprint of a generated file's inputs.
func (c *renderCache) inputFingerprint(name string, inputs func(*hasher, *renderCache)) uint64 {
	f := c.hasher()
	f.str("\x00data")
	f.str(name)
	f.uint(c.site)
	inputs(f, c)
	return nonZero(f.sum())
}

// catalogCache keeps each document's record of catalog.json between
// rebuilds, by docHash (which covers every field of the record) for one
// site fingerprint (which covers config.toml, hence the base URL).
type catalogCache struct {
	site  uint64
	items map[uint64][]byte
}

// catalogJSON is catalogJSON encoding only the records of documents
// whose docHash the last build did not have.
func (c *renderCache) catalogJSON(cfg *Config, docs []*Document) ([]byte, error) {
	cc := c.catalog
	if cc == nil {
		return catalogJSON(cfg, docs)
	}
	prev := cc.items
	if cc.site != c.site {
		prev = nil
	}
	next := make(map[uint64][]byte, len(docs))
	items := make([][]byte, len(docs))
	for i, d := range docs {
		h := c.docHashOf(d)
		item, ok := prev[h]
		if !ok {
			var err error
			if item, err = catalogItem(cfg, d); err != nil {
				return nil, err
			}
		}
		next[h], items[i] = item, item
	}
	cc.site, cc.items = c.site, next
	return joinCatalog(items), nil
}
