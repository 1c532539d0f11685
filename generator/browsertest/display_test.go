package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// bodyText are the elements that carry a document's running text.
const bodyText = `[".doc-body p", ".doc-meta td", ".schedule td", ".attachments li"]`

// measureText gives the font size of the first element of each selector
// in bodyText, and the smallest line height relative to its font size.
const measureText = `(() => {
	const sizes = ` + bodyText + `.map(sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize));
	const spacing = Math.min(...[...document.querySelectorAll(".doc-body p, .doc-list li, .schedule td")].map(e => {
		const s = getComputedStyle(e);
		return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
	}));
	return {Sizes: sizes, Spacing: spacing};
})()`

type textMeasure struct {
	Sizes   []float64
	Spacing float64
}

// lowContrast lists visible text whose contrast against its background is
// under 7:1.
const lowContrast = "(() => {" + colorJS + `
	const out = [];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (!n.textContent.trim() || !el.getClientRects().length) continue;
		const r = el.getBoundingClientRect();
		if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === "hidden") continue;
		const c = contrast(parse(getComputedStyle(el).color), background(el));
		if (c < 7) out.push(el.tagName.toLowerCase() + " “" + n.textContent.trim().slice(0, 16) + "” " + c.toFixed(2) + ":1");
	}
	return out.slice(0, 10);
})()`

// TestDisplayModes switches large type and high contrast on with the
// keyboard alone (Tab to the toggle, Enter or Space), checks that the
// choice holds on the next page, that body text grows by 1.25 or more
// with line spacing of 1.3 or more, and that text reaches 7:1 contrast;
// then switches both off again.
func TestDisplayModes(t *testing.T) {
	s := sites(t).sites["root"]
	p := tab(t)
	p.setMode(s, modes[0])
	doc := kinds[3]
	if doc.name != "document" {
		t.Fatal("kinds[3] is not the document page")
	}
	p.openKind(s, doc)
	normal := eval[textMeasure](p, measureText)
	if normal.Spacing < 1.3 {
		t.Errorf("line spacing is %.2f, want 1.3 or more", normal.Spacing)
	}

	p.open(s.base)
	tabTo(t, p, "large-text")
	p.press(kb.Enter)
	tabTo(t, p, "high-contrast")
	p.press(" ")
	p.checkMode(mode{large: true, contrast: true})
	pressed := eval[[]string](p, `[...document.querySelectorAll("[data-toggle]")].map(b => b.getAttribute("aria-pressed"))`)
	if fmt.Sprint(pressed) != "[true true]" {
		t.Errorf("the toggles say aria-pressed %v, want [true true]", pressed)
	}
	if f := eval[focused](p, describeFocus); f.Outline == "none" || f.Width < 2 || f.Contrast < 3 {
		t.Errorf("in high contrast the focused toggle shows no clear focus ring: %+v", f)
	}

	// The next page opens in the chosen modes.
	p.openKind(s, doc)
	p.checkMode(mode{large: true, contrast: true})
	pressed = eval[[]string](p, `[...document.querySelectorAll("[data-toggle]")].map(b => b.getAttribute("aria-pressed"))`)
	if fmt.Sprint(pressed) != "[true true]" {
		t.Errorf("on the next page the toggles say aria-pressed %v, want [true true]", pressed)
	}
	large := eval[textMeasure](p, measureText)
	for i, size := range large.Sizes {
		if size < 1.25*normal.Sizes[i]-0.01 {
			t.Errorf("large type: %s is %.1fpx, was %.1fpx: less than 1.25×", []string{".doc-body p", ".doc-meta td", ".schedule td", ".attachments li"}[i], size, normal.Sizes[i])
		}
	}
	if large.Spacing < 1.3 {
		t.Errorf("large type: line spacing is %.2f, want 1.3 or more", large.Spacing)
	}
	for _, k := range []kind{kinds[0], doc, kinds[4], kinds[10]} {
		p.openKind(s, k)
		for _, low := range eval[[]string](p, lowContrast) {
			t.Errorf("high contrast, %s page: %s, want 7:1 or more", k.name, low)
		}
	}

	// Both off again, from the keyboard, and the next page is normal.
	p.open(s.base)
	tabTo(t, p, "large-text")
	p.press(" ")
	tabTo(t, p, "high-contrast")
	p.press(kb.Enter)
	p.openKind(s, doc)
	p.checkMode(mode{})
}

// tabTo presses Tab until the display toggle has the focus.
func tabTo(t *testing.T, p *page, toggle string) {
	t.Helper()
	for i := 0; i < 60; i++ {
		p.press(kb.Tab)
		if eval[bool](p, `document.activeElement.getAttribute("data-toggle") === "`+toggle+`"`) {
			return
		}
	}
	t.Fatalf("Tab never reached the %s toggle", toggle)
}
