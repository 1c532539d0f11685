package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// page is one browser tab under test.
type page struct {
	t    testing.TB
	ctx  context.Context
	root context.Context // the tab's context, without a deadline
}

func (p *page) tab() context.Context {
	if p.root != nil {
		return p.root
	}
	return p.ctx
}

// kind is a kind of page of the example archive, by a page of that kind.
type kind struct {
	name  string
	path  string // relative to the site's home; "" is the home page
	ready string // a script that is true once the page has drawn itself
}

// kinds are every kind of page the theme renders.
var kinds = []kind{
	{"home", "", ""},
	{"years", "archive/", ""},
	{"year", "archive/2024/", ""},
	{"document", "archive/2024/gongzuo-yaodian-2024/", ""},
	{"schedule", "archive/2024/gongzuo-yaodian-2024/schedule/", ""},
	{"yearschedule", "archive/2024/schedule/", ""},
	{"topics", "topics/", ""},
	{"topic", "topics/plans/", ""},
	{"issuers", "issuers/", ""},
	{"issuer", "issuers/union/", ""},
	{"catalog", "catalog/", ""},
	{"search", "search/", ""},
	{"search-results", "search/?q=%E5%B7%A5%E4%BD%9C%E8%A6%81%E7%82%B9", `document.querySelectorAll("#search-results li").length > 0 && ` + searchDone},
	{"guide", "guide/", ""},
	{"page", "about/", ""},
	{"404", "no/such/page/", ""},
}

// url is the address of the kind's page on a site.
func (k kind) url(s *site) string {
	if s.offline && k.name != "404" {
		path, query, _ := strings.Cut(k.path, "?")
		return s.base + path + "index.html" + strings.TrimSuffix("?"+query, "?")
	}
	return s.base + k.path
}

// openKind opens the kind's page on a site and waits until it is drawn.
func (p *page) openKind(s *site, k kind) {
	p.t.Helper()
	p.open(k.url(s))
	if k.ready != "" {
		waitFor(p, k.ready)
	}
}

// open loads a page and fails the test unless the server answered 200
// (404 for the not-found page).
func (p *page) open(url string) {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		p.t.Fatalf("opening %s: %v", url, err)
	}
	want := int64(200)
	if strings.Contains(url, "/no/such/page/") {
		want = 404
	}
	if resp != nil && resp.Status != want {
		p.t.Fatalf("%s: status %d, want %d", url, resp.Status, want)
	}
}

// eval runs a script in the page and decodes its result; a promise is
// awaited.
func eval[T any](p *page, script string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("script failed: %v\n%s", err, firstLine(script))
	}
	return v
}

// do runs actions that return nothing.
func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// press sends keys as a keyboard would, one key after another.
func (p *page) press(keys string) { p.t.Helper(); p.do(chromedp.KeyEvent(keys)) }

// viewport sets the window's CSS size.
func (p *page) viewport(width, height int64) {
	p.t.Helper()
	p.do(chromedp.EmulateViewport(width, height))
}

// media emulates a CSS media type ("print", or "" for the screen).
func (p *page) media(m string) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
		p.t.Fatal(err)
	}
}

// mode is a combination of the display settings a reader can choose.
type mode struct {
	name            string
	large, contrast bool
}

var modes = []mode{{"normal", false, false}, {"large", true, false}, {"contrast", false, true}}

// setMode stores the display settings as the toggles do, so every page the
// tab opens next on that site starts in that mode.
func (p *page) setMode(s *site, m mode) {
	p.t.Helper()
	p.open(s.base)
	eval[bool](p, fmt.Sprintf(`localStorage.setItem("gongkai-large-text", %q);
		localStorage.setItem("gongkai-high-contrast", %q); true`, onOff(m.large), onOff(m.contrast)))
}

func onOff(on bool) string {
	if on {
		return "1"
	}
	return "0"
}

// checkMode fails unless the open page shows the mode.
func (p *page) checkMode(m mode) {
	p.t.Helper()
	got := eval[[]bool](p, `[document.documentElement.classList.contains("large-text"), document.documentElement.classList.contains("high-contrast")]`)
	if got[0] != m.large || got[1] != m.contrast {
		p.t.Fatalf("page shows large-text=%v high-contrast=%v, want %v %v", got[0], got[1], m.large, m.contrast)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
