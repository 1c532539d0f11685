package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// widths are the window widths the layout is checked at, in CSS pixels.
var widths = []struct {
	name          string
	width, height int64
}{{"phone", 390, 844}, {"desktop", 1280, 900}}

// TestLayout checks that no page scrolls sideways on a phone, in any
// display mode; wide tables scroll inside their own box instead. With
// GONGKAI_SCREENSHOTS=dir it also writes a full-page PNG of every kind of
// page at phone and desktop width in each mode, for a person to look at.
func TestLayout(t *testing.T) {
	dir := os.Getenv("GONGKAI_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := sites(t).sites["root"]
	p := tab(t)
	for _, w := range widths {
		if w.name != "phone" && dir == "" {
			continue
		}
		p.viewport(w.width, w.height)
		for _, m := range modes {
			p.setMode(s, m)
			for _, k := range kinds {
				t.Run(fmt.Sprintf("%s/%s/%s", w.name, m.name, k.name), func(t *testing.T) {
					p := p.sub(t)
					p.openKind(s, k)
					if w.name == "phone" {
						for _, el := range eval[[]string](p, overflowing) {
							t.Errorf("sticks out of the %dpx window: %s", w.width, el)
						}
					}
					if dir == "" {
						return
					}
					png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", k.name, w.name, m.name))
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// overflowing lists the elements that reach past the window's right edge
// (or left of its left edge), except inside a box that scrolls sideways.
const overflowing = `(() => {
	const width = document.documentElement.clientWidth;
	const out = [];
	const scrolls = el => {
		for (let a = el.parentElement; a; a = a.parentElement) {
			const o = getComputedStyle(a).overflowX;
			if (o === "auto" || o === "scroll" || o === "hidden") return true;
		}
		return false;
	};
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) continue;
		if ((r.right > width + 1 || r.left < -1) && !scrolls(el) && getComputedStyle(el).position !== "absolute") {
			const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
			out.push(name + " (" + Math.round(r.left) + "–" + Math.round(r.right) + "px)");
		}
	}
	if (document.documentElement.scrollWidth > width + 1) out.push("the page is " + document.documentElement.scrollWidth + "px wide");
	return out.slice(0, 10);
})()`
