package browsertest

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator/preview"
)

// livePage is the one document of the live-reload site.
const livePage = "content/2024/jiaoshijie-2024.md"

// TestLiveReload runs the preview server of gongkai serve on a copy of one
// document of the example archive and keeps its page open in the browser:
// saving the document reloads the page with the new text; a broken front
// matter puts the overlay on the open page, naming path:line: message,
// and saying the page reloads by itself only where script runs; its
// heading closes and opens it, by mouse and keyboard, without script too;
// making the document a draft in a save that leaves it broken reloads the
// page to the overlay alone; fixing it takes the overlay away.
func TestLiveReload(t *testing.T) {
	e := theEnv(t)
	dir, err := os.MkdirTemp(e.tmp, "live-")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config.toml", livePage} {
		data, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		writeLive(t, dir, name, string(data))
	}
	orig, _ := os.ReadFile(filepath.Join(dir, livePage))

	srv := preview.New(preview.Config{Source: dir, Theme: gongkai.Theme, Quiet: 50 * time.Millisecond})
	watcher, err := srv.Watch()
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	watched := make(chan error, 1)
	go func() { watched <- watcher.Run(ctx) }()
	if r := srv.Rebuild(""); !r.OK {
		t.Fatalf("first build: %v", r.Problems)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() {
		stop()
		<-watched
		srv.Close()
		hs.Close()
	})

	p := tab(t).sub(t)
	pageURL := "http://" + ln.Addr().String() + "/archive/2024/jiaoshijie-2024/"
	p.open(pageURL)
	eval[bool](p, `window.gongkaiStillOpen = true`)

	// A save of the body: the open page reloads and shows it.
	writeLive(t, dir, livePage, string(orig)+"\n实时预览新增的一段。\n")
	waitFor(p, `!window.gongkaiStillOpen && document.querySelector("main").innerText.includes("实时预览新增的一段")`)

	// A broken front matter: the overlay comes, naming the file and line.
	broken := strings.Replace(string(orig), "genre = \"通知\"", "genre = \"通知", 1)
	if broken == string(orig) {
		t.Fatal("the document has no genre line to break")
	}
	writeLive(t, dir, livePage, broken)
	waitFor(p, `document.getElementById("gongkai-problems")`)
	problems := eval[[]string](p, `[...document.querySelectorAll("#gongkai-problems p")].map(p => p.textContent)`)
	place := regexp.MustCompile(`^` + regexp.QuoteMeta(livePage) + `:\d+(:\d+)?: \S`)
	found := false
	for _, text := range problems {
		if place.MatchString(text) {
			found = true
			t.Logf("the overlay says: %s", text)
		}
	}
	if !found {
		t.Fatalf("the overlay does not list %s:line: message; it says %q", livePage, problems)
	}
	if !eval[bool](p, `document.querySelector("main").innerText.includes("实时预览新增的一段")`) {
		t.Error("under the overlay, the page is not the last good build")
	}
	// Connected, the script tells the overlay that the page reloads by
	// itself; without script, nothing reloads it, and the overlay says to.
	waitFor(p, `document.getElementById("gongkai-problems").innerText.includes("this page reloads by itself")`)
	q := tab(t).sub(t)
	if _, err := chromedp.Call(q.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	q.open(pageURL)
	if says := eval[string](q, `document.getElementById("gongkai-problems").innerText`); !strings.Contains(says, "Fix the files, then reload this page.") || strings.Contains(says, "reloads by itself") {
		t.Errorf("without script, the overlay says %q", says)
	}
	// Without script too, the overlay's heading closes it, by mouse or by
	// keyboard, and the page under it is seen; the heading, the last
	// thing on the page, is one Shift+Tab away, and opens it again.
	const (
		open    = `document.getElementById("gongkai-problems").open`
		covered = `document.getElementById("gongkai-problems").contains(document.elementFromPoint(innerWidth / 2, innerHeight / 3))`
		heading = `document.querySelector("#gongkai-problems > summary")`
	)
	if !eval[bool](q, covered) {
		t.Error("without script, the overlay does not cover the page")
	}
	at := eval[[]float64](q, `(r => [r.left + r.width / 2, r.top + r.height / 2])(`+heading+`.getBoundingClientRect())`)
	q.do(chromedp.MouseClickXY(at[0], at[1]))
	if eval[bool](q, open) || eval[bool](q, covered) || !eval[bool](q, `document.querySelector("main").innerText.includes("实时预览新增的一段")`) {
		t.Error("without script, a click on the overlay's heading does not close it to show the page")
	}
	q.open(pageURL)
	q.do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	if !eval[bool](q, `document.activeElement === `+heading) {
		t.Fatal("without script, Shift+Tab from the top of the page does not reach the overlay's heading")
	}
	for _, key := range []string{kb.Enter, " "} {
		q.press(key)
		if eval[bool](q, open) || eval[bool](q, covered) {
			t.Errorf("without script, %q on the overlay's heading does not close it", key)
		}
		q.press(key)
		if !eval[bool](q, open) || !eval[bool](q, covered) {
			t.Errorf("without script, %q on the closed overlay's heading does not open it", key)
		}
	}

	// The same document made a draft in a save that also breaks it: the
	// last good build, which shows it, is no longer served, and the open
	// page reloads to the overlay alone, naming the draft.
	drafted := strings.Replace(broken, "+++\n", "+++\ndraft = true\n", 1)
	writeLive(t, dir, livePage, drafted)
	waitFor(p, `!document.querySelector("main") && document.getElementById("gongkai-problems") && document.body.innerText.includes("now a draft")`)
	if eval[bool](p, `document.body.innerText.includes("实时预览新增的一段")`) {
		t.Error("the page of a document just made a draft still shows its text")
	}

	// The fix: the overlay goes, and the page shows the fixed text.
	writeLive(t, dir, livePage, string(orig)+"\n修正之后的一段。\n")
	waitFor(p, `!document.getElementById("gongkai-problems") && document.querySelector("main").innerText.includes("修正之后的一段")`)
}

// writeLive saves a file of the live site as an editor does: whole, in one
// write.
func writeLive(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
