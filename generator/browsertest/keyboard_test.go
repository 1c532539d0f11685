package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement after a key press.
type focused struct {
	Index    int // position among the page's focusable elements, -1 if none
	Name     string
	Body     bool // focus is on the page itself (or left it)
	Outline  string
	Width    float64
	Contrast float64 // of the focus ring against what is behind it
	OnScreen bool
}

// markFocusable numbers the page's focusable elements in document order
// (the order Tab must follow, since the theme sets no positive tabindex)
// and returns how many there are.
const markFocusable = `(() => {
	const all = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]")];
	let n = 0;
	for (const el of all) {
		const s = getComputedStyle(el);
		if (el.disabled || el.tabIndex < 0 || el.getClientRects().length === 0 || s.visibility === "hidden") continue;
		el.dataset.kb = n++;
	}
	return n;
})()`

const describeFocus = "(() => {" + colorJS + `
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return {Index: -1, Body: true};
	const s = getComputedStyle(el);
	const r = el.getBoundingClientRect();
	let ring = parse(s.outlineColor), behind = background(el.parentElement || el);
	return {
		Index: el.dataset.kb === undefined ? -1 : +el.dataset.kb,
		Name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " “" + (el.textContent || el.value || el.placeholder || "").trim().slice(0, 20) + "”",
		Outline: s.outlineStyle,
		Width: parseFloat(s.outlineWidth) || 0,
		Contrast: contrast(ring, behind),
		OnScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.width > 0,
	};
})()`

// TestKeyboard presses Tab through every kind of page: the first stop is
// a visible skip link, every link and control is reached once, in
// document order, and each shows a focus ring of at least 2px and 3:1
// contrast. The skip link moves focus to the content.
func TestKeyboard(t *testing.T) {
	s := sites(t).sites["root"]
	p := tab(t)
	p.setMode(s, modes[0])
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			p := p.sub(t)
			p.openKind(s, k)
			n := eval[int](p, markFocusable)
			seen := 0
			for press := 0; press < n+3; press++ {
				p.press(kb.Tab)
				f := eval[focused](p, describeFocus)
				if f.Body || (f.Index == 0 && seen > 0) {
					break // through the page and out
				}
				if f.Index != seen {
					t.Fatalf("Tab %d reached %s (element %d), want element %d in document order", press+1, f.Name, f.Index, seen)
				}
				if seen == 0 && (f.Name[:2] != "a " || !f.OnScreen) {
					t.Errorf("the first Tab reached %s (on screen %v), want the visible skip link", f.Name, f.OnScreen)
				}
				if f.Outline == "none" || f.Width < 2 || f.Contrast < 3 || !f.OnScreen {
					t.Errorf("%s shows no clear focus ring: outline %s %.0fpx, contrast %.1f:1, on screen %v", f.Name, f.Outline, f.Width, f.Contrast, f.OnScreen)
				}
				seen++
			}
			t.Logf("Tab reached %d links and controls", seen)
			if seen != n {
				t.Errorf("Tab reached %d of the %d links and controls", seen, n)
			}
			// The skip link: first Tab, Enter, and focus is on the content;
			// the next Tab goes to the content's first link or control.
			p.openKind(s, k)
			p.press(kb.Tab)
			if !eval[bool](p, `document.activeElement.matches(".skip-link[href='#main']")`) {
				t.Fatal("the first Tab does not reach a skip link to #main")
			}
			p.press(kb.Enter)
			if got := eval[string](p, `document.activeElement.id`); got != "main" {
				t.Errorf("the skip link moved focus to %q, want #main", got)
			}
			p.press(kb.Tab)
			if !eval[bool](p, `document.querySelector("main").contains(document.activeElement) || !document.querySelector("main [href], main button, main input, main [tabindex='0']")`) {
				t.Errorf("after the skip link, Tab went to %s, outside the content", eval[string](p, `document.activeElement.outerHTML.slice(0, 80)`))
			}
		})
	}
}

// colorJS defines parse, background and contrast: WCAG contrast between a
// colour and the opaque background behind an element.
const colorJS = `
const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
const background = el => {
	const layers = [];
	for (let e = el; e; e = e.parentElement) {
		const c = parse(getComputedStyle(e).backgroundColor);
		if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
	}
	let out = {r: 255, g: 255, b: 255};
	for (const c of layers.reverse()) out = {r: c.r * c.a + out.r * (1 - c.a), g: c.g * c.a + out.g * (1 - c.a), b: c.b * c.a + out.b * (1 - c.a)};
	return out;
};
const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
`
