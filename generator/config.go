package generator

import (
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Config is a site's config.toml.
type Config struct {
	Title        string     `toml:"title"`
	Description  string     `toml:"description"`
	BaseURL      string     `toml:"baseURL"`
	Language     string     `toml:"language"`
	PageSize     int        `toml:"page_size"`
	IndexPattern string     `toml:"index_pattern"`
	RawHTML      bool       `toml:"raw_html"`
	SiteIDCode   string     `toml:"site_id_code"`
	Categories   []Category `toml:"categories"`
	Issuers      []Issuer   `toml:"issuers"`

	indexRE   *regexp.Regexp
	basePath  string   // the baseURL's path, always ending in "/"
	baseURLAt position // where baseURL is set, when basePath is not "/" (robotsNote)

	// Whether [[categories]] and [[issuers]] were read in full. When
	// config.toml could not be read, or a list or a name in it is empty,
	// misspelled or of the wrong type, a name a document gives may be
	// missing only because of that mistake: documents are then not told their category or issuer
	// is not declared, which would bury the one real problem under one
	// false one per document.
	categoriesRead, issuersRead bool
}

// Category is one entry of the site's topic vocabulary (主题分类).
type Category struct {
	Name        string `toml:"name"`
	Slug        string `toml:"slug"`
	Description string `toml:"description"`
}

// Issuer is an issuing body (发布机构).
type Issuer struct {
	Name string `toml:"name"`
	Slug string `toml:"slug"`
	Code string `toml:"code"` // organization code (GB 11714) or credit code (GB 32100)
}

// DefaultIndexPattern is the national index-number shape
// <org-code>/<YYYY>-<NNNNN>, where the org code is the 9-character
// organization code (hyphen optional) or the 18-character credit code.
const DefaultIndexPattern = `^([0-9A-Z]{8}-?[0-9X]|[0-9A-HJ-NPQRTUWXY]{18})/[0-9]{4}-[0-9]{5}$`

const defaultPageSize = 50

var asciiSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// loadConfig reads and checks config.toml. It returns the config even
// when there are problems, so the content can still be checked.
func loadConfig(fsys fs.FS, probs *problemList) *Config {
	src, err := fs.ReadFile(fsys, "config.toml")
	if err != nil {
		probs.errorf("config.toml", 0, 0, "cannot read the site configuration: %v (run gongkai in the site folder, or give --source)", err)
		return &Config{}
	}
	return parseConfig(src, probs)
}

// parseConfig checks the text of config.toml.
func parseConfig(src []byte, probs *problemList) *Config {
	const path = "config.toml"
	cfg := &Config{}
	norm, bad := readText(path, src)
	if bad != nil {
		probs.add(*bad)
		return cfg
	}
	text := string(norm)
	pos := newTOMLSource(text, 1)
	wrong, ok := decodeTOML(probs, path, pos, cfg)
	if !ok {
		return cfg
	}
	cfg.categoriesRead = vocabularyRead(wrong, "categories", len(cfg.Categories))
	cfg.issuersRead = vocabularyRead(wrong, "issuers", len(cfg.Issuers))
	if strings.TrimSpace(cfg.Title) == "" {
		reportMissing(probs.errorf, path, pos, wrong, path, "title", "the archive's name", `title = "…"`)
	}
	if cfg.BaseURL == "" {
		reportMissing(probs.errorf, path, pos, wrong, path, "baseURL", "the address the site will be served from", `baseURL = "https://example.org/"`)
		cfg.basePath = "/"
	} else if u, err := url.Parse(cfg.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		line, col := pos.find("", 0, "baseURL")
		probs.errorf(path, line, col, "baseURL %q is not an absolute URL (write it as https://example.org/ or https://example.org/sub/path/)", cfg.BaseURL)
		cfg.basePath = "/"
	} else if host, err := asciiHost(u); err != nil {
		line, col := pos.find("", 0, "baseURL")
		probs.errorf(path, line, col, "baseURL %q has a host name that is not a valid domain name: %v (check its spelling, or write it as the registrar gives it, xn--…)", cfg.BaseURL, err)
		cfg.basePath = "/"
	} else {
		cfg.basePath = strings.TrimSuffix(u.Path, "/") + "/"
		// Written as ASCII, as an address in a sitemap or feed must be:
		// "https://工会.中国/g k/" gives https://xn--….xn--fiqs8s/g%20k/.
		cfg.BaseURL = u.Scheme + "://" + host + (&url.URL{Path: cfg.basePath}).EscapedPath()
		if cfg.basePath != "/" {
			cfg.baseURLAt.Line, cfg.baseURLAt.Col = pos.find("", 0, "baseURL")
		}
	}
	switch cfg.Language {
	case "":
		cfg.Language = "zh-CN"
	case "zh-CN", "en":
	default:
		line, col := pos.find("", 0, "language")
		probs.errorf(path, line, col, `language %q is not supported (use "zh-CN" or "en")`, cfg.Language)
		cfg.Language = "zh-CN"
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = defaultPageSize
	} else if cfg.PageSize < 1 {
		line, col := pos.find("", 0, "page_size")
		probs.errorf(path, line, col, "page_size must be at least 1 (it is %d)", cfg.PageSize)
		cfg.PageSize = defaultPageSize
	}
	pattern := cfg.IndexPattern
	if pattern == "" {
		pattern = DefaultIndexPattern
	}
	if wrong.has("", 0, "index_pattern") {
		// The site's own pattern is unknown: index numbers are not
		// checked against the national one instead.
	} else if re, err := regexp.Compile(pattern); err != nil {
		line, col := pos.find("", 0, "index_pattern")
		probs.errorf(path, line, col, "index_pattern is not a valid regular expression: %v", err)
	} else {
		cfg.indexRE = re
	}
	checkVocabulary(probs, path, pos, wrong, "categories", len(cfg.Categories), func(i int) (string, string) { return cfg.Categories[i].Name, cfg.Categories[i].Slug })
	checkVocabulary(probs, path, pos, wrong, "issuers", len(cfg.Issuers), func(i int) (string, string) { return cfg.Issuers[i].Name, cfg.Issuers[i].Slug })
	for i, is := range cfg.Issuers {
		if is.Code == "" {
			continue
		}
		if msg := CheckOrgCode(is.Code); msg != "" {
			line, col := pos.find("issuers", i, "code")
			probs.warnf(path, line, col, "%s", msg)
		}
	}
	return cfg
}

// vocabularyRead reports whether the list table ([[categories]] or
// [[issuers]]) was read with every name in it. An empty list counts as
// not read: that it is empty is reported, and is the one thing to fix.
func vocabularyRead(wrong badKeys, table string, n int) bool {
	if n == 0 {
		return false
	}
	for k := range wrong {
		if k.table == "" && k.key == table || k.table == table && k.key == "name" {
			return false
		}
	}
	return true
}

// checkVocabulary checks that each entry of a [[categories]] or
// [[issuers]] list has a name and an ASCII slug, both unique. What had
// the wrong type is reported already, and not again as missing.
func checkVocabulary(probs *problemList, path string, pos tomlSource, wrong badKeys, table string, n int, entry func(int) (name, slug string)) {
	if n == 0 && !wrong.has("", 0, table) {
		probs.errorf(path, 1, 1, "no [[%s]] declared (declare each with a name and an ASCII slug)", table)
	}
	names, slugs := map[string]int{}, map[string]int{}
	for i := 0; i < n; i++ {
		name, slug := entry(i)
		if wrong.has(table, i, "name") {
			// reported already
		} else if strings.TrimSpace(name) == "" {
			line, col := pos.find(table, i, "name")
			probs.errorf(path, line, col, "[[%s]] entry %d has no name (add name = \"…\")", table, i+1)
		} else if j, dup := names[name]; dup {
			line, col := pos.find(table, i, "name")
			l2, _ := pos.find(table, j, "name")
			probs.errorf(path, line, col, "%s name %q is declared twice (also at line %d; remove one)", table, name, l2)
		} else {
			names[name] = i
		}
		if wrong.has(table, i, "slug") {
			// reported already
		} else if !asciiSlug.MatchString(slug) {
			line, col := pos.find(table, i, "slug")
			probs.errorf(path, line, col, "[[%s]] %q needs an ASCII slug of lower-case letters, digits and hyphens (e.g. slug = \"work-plans\"); it is %q", table, name, slug)
		} else if why := windowsTrouble(slug); why != "" {
			line, col := pos.find(table, i, "slug")
			probs.errorf(path, line, col, "[[%s]] %q: slug %q %s (choose another slug: the archive is copied to USB sticks and opened on Windows)", table, name, slug, why)
		} else if j, dup := slugs[slug]; dup {
			line, col := pos.find(table, i, "slug")
			l2, _ := pos.find(table, j, "slug")
			probs.errorf(path, line, col, "%s slug %q is used twice (also at line %d; URLs must differ)", table, slug, l2)
		} else {
			slugs[slug] = i
		}
	}
}

// CategoryByName and IssuerByName look up the declared vocabulary.
func (c *Config) categoryByName(name string) *Category {
	for i := range c.Categories {
		if c.Categories[i].Name == name {
			return &c.Categories[i]
		}
	}
	return nil
}

func (c *Config) issuerByName(name string) *Issuer {
	for i := range c.Issuers {
		if c.Issuers[i].Name == name {
			return &c.Issuers[i]
		}
	}
	return nil
}

func (c *Config) categoryNames() []string {
	out := make([]string, len(c.Categories))
	for i, x := range c.Categories {
		out[i] = x.Name
	}
	return out
}

func (c *Config) issuerNames() []string {
	out := make([]string, len(c.Issuers))
	for i, x := range c.Issuers {
		out[i] = x.Name
	}
	return out
}

// asciiHost gives the URL's host (with its port, if any) as an address
// must hold it: an internationalized domain name in its ASCII form (IDNA,
// xn--…), the way browsers and crawlers look it up. A host that is ASCII
// already is kept as written.
func asciiHost(u *url.URL) (string, error) {
	for i := 0; i < len(u.Host); i++ {
		if u.Host[i] >= utf8.RuneSelf {
			name, err := idna.Lookup.ToASCII(u.Hostname())
			if err != nil {
				return "", err
			}
			if port := u.Port(); port != "" {
				name += ":" + port
			}
			return name, nil
		}
	}
	return u.Host, nil
}
