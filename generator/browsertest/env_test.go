package browsertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
)

// repoRoot is the example archive: the repository's config.toml and content/.
const repoRoot = "../.."

// subPath is where the sub-path builds are served.
const subPath = "/sub/path/"

// A build of the example archive, served over HTTP.
type site struct {
	name    string
	dir     string // the built folder
	base    string // the URL of its home page, ending in /
	offline bool
}

// env is what every test shares: the builds, their servers and one browser.
type env struct {
	tmp   string
	sites map[string]*site // "root", "root-offline", "sub", "sub-offline"

	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	stop        []func()
}

var (
	shared    *env
	envOnce   sync.Once
	envErr    error
	sitesOnce sync.Once
	sitesErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		for i := len(shared.stop) - 1; i >= 0; i-- {
			shared.stop[i]()
		}
		os.RemoveAll(shared.tmp)
	}
	os.Exit(code)
}

// inCI reports whether a missing tool is a failure rather than a skip.
func inCI() bool { return os.Getenv("CI") != "" }

// missing skips the test with one line saying how to install what it
// needs, or fails it under CI.
func missing(t testing.TB, what string) {
	t.Helper()
	if inCI() {
		t.Fatalf("%s (CI is set, so this is a failure)", what)
	}
	t.Skip(what)
}

// needTool finds a program on PATH or skips with how to install it.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, fmt.Sprintf("%s not found: install it with apt-get install -y %s", name, pkg))
	}
	return p
}

// npmFile is a file of the pinned npm packages, or a skip saying how to
// install them.
func npmFile(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		missing(t, fmt.Sprintf("%s not installed: run npm ci --prefix generator/browsertest", rel))
	}
	abs, _ := filepath.Abs(p)
	return abs
}

// theEnv is what every test shares, without the builds: the temporary
// folder, removed by TestMain, and the browser, started by tab.
func theEnv(t testing.TB) *env {
	t.Helper()
	envOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "gongkai-browsertest-")
		if err != nil {
			envErr = err
			return
		}
		shared = &env{tmp: tmp, sites: map[string]*site{}}
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return shared
}

// sites builds and serves the example archive four ways, once per run.
func sites(t *testing.T) *env {
	t.Helper()
	e := theEnv(t)
	sitesOnce.Do(func() { sitesErr = e.buildAll() })
	if sitesErr != nil {
		t.Fatal(sitesErr)
	}
	return e
}

func (e *env) buildAll() error {
	for _, v := range []struct {
		name    string
		prefix  string
		offline bool
	}{
		{"root", "/", false},
		{"root-offline", "/", true},
		{"sub", subPath, false},
		{"sub-offline", subPath, true},
	} {
		s, err := e.buildAndServe(v.name, v.prefix, v.offline)
		if err != nil {
			return fmt.Errorf("%s: %v", v.name, err)
		}
		e.sites[v.name] = s
	}
	return nil
}

var baseURLLine = regexp.MustCompile(`(?m)^baseURL\s*=.*$`)

// buildAndServe builds a copy of the example archive whose baseURL names
// the path it is served at (the 404 page links absolutely, since it is
// served at any URL), and serves it on 127.0.0.1.
func (e *env) buildAndServe(name, prefix string, offline bool) (*site, error) {
	src := filepath.Join(e.tmp, name+"-src")
	if err := copyTree(filepath.Join(repoRoot, "content"), filepath.Join(src, "content")); err != nil {
		return nil, err
	}
	cfg, err := os.ReadFile(filepath.Join(repoRoot, "config.toml"))
	if err != nil {
		return nil, err
	}
	if !baseURLLine.Match(cfg) {
		return nil, fmt.Errorf("config.toml has no baseURL line")
	}
	cfg = baseURLLine.ReplaceAll(cfg, []byte(`baseURL = "https://example.org`+prefix+`"`))
	if err := os.WriteFile(filepath.Join(src, "config.toml"), cfg, 0o644); err != nil {
		return nil, err
	}
	dir := filepath.Join(e.tmp, name)
	if _, err := generator.Build(src, dir, generator.Options{Theme: gongkai.Theme, Offline: offline}); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	if prefix == "/" {
		mux.Handle("/", staticSite(dir, "/"))
	} else {
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), staticSite(dir, prefix)))
	}
	host, err := e.serve(mux)
	if err != nil {
		return nil, err
	}
	return &site{name: name, dir: dir, base: host + prefix, offline: offline}, nil
}

// serve serves h on 127.0.0.1 until TestMain ends, and returns its
// address, http://127.0.0.1:port.
func (e *env) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	e.stop = append(e.stop, func() { srv.Close() })
	return "http://" + ln.Addr().String(), nil
}

// staticSite serves a built folder as a plain static host does: files and
// folders with index.html, and 404.html with status 404 for anything else.
func staticSite(dir, prefix string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		full := filepath.Join(dir, filepath.FromSlash(p))
		fi, err := os.Stat(full)
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(full, "index.html"))
		}
		if err != nil {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// chromiumPath is Debian's Chromium.
func chromiumPath() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return "/usr/bin/chromium"
}

// tab opens a new tab of the shared browser, starting the browser on first
// use; it closes when the test ends. Every action in it has a deadline.
func tab(t testing.TB) *page {
	t.Helper()
	e := theEnv(t)
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		missing(t, "Chromium not found: install it with apt-get install -y chromium")
	}
	e.browserOnce.Do(func() { e.browserErr = e.startBrowser(exe) })
	if e.browserErr != nil {
		t.Fatalf("starting %s: %v", exe, e.browserErr)
	}
	ctx, cancel := chromedp.NewContext(e.browserCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(cancel)
	// The tab's own steps are bounded by go test's -timeout; subtests,
	// which open most pages, each get a deadline from sub.
	return &page{t: t, ctx: ctx, root: ctx}
}

// sub is the tab for a test or subtest, with its own deadline, so a slow
// machine fails one page rather than every page after it.
func (p *page) sub(t *testing.T) *page {
	ctx, cancel := context.WithTimeout(p.tab(), 2*time.Minute)
	t.Cleanup(cancel)
	return &page{t: t, ctx: ctx, root: p.tab()}
}

func (e *env) startBrowser(exe string) error {
	profile, err := os.MkdirTemp(e.tmp, "profile-")
	if err != nil {
		return err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	e.stop = append(e.stop, func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		return err
	}
	e.browserCtx = ctx
	return nil
}
