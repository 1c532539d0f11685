package browsertest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// axeResult is the part of axe-core's report the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []struct {
		ID string `json:"id"`
	} `json:"passes"`
}

// wcag21AA are the axe-core tags of WCAG 2.0 and 2.1 at levels A and AA.
const wcag21AA = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

// TestAccessibility runs axe-core on every kind of page in every display
// mode. In the high-contrast mode text must also reach 7:1 (the enhanced
// contrast rule of WCAG AAA), which is what the mode promises.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(npmFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	s := sites(t).sites["root"]
	p := tab(t)
	for _, m := range modes {
		p.setMode(s, m)
		for _, k := range kinds {
			t.Run(m.name+"/"+k.name, func(t *testing.T) {
				p := p.sub(t)
				p.openKind(s, k)
				p.checkMode(m)
				if !eval[bool](p, `typeof axe !== "undefined"`) {
					eval[bool](p, string(axe)+"\n;true")
				}
				res := eval[axeResult](p, `axe.run(document, {runOnly: {type: "tag", values: `+wcag21AA+`}, resultTypes: ["violations"]})`)
				report(t, res)
				if len(res.Passes) == 0 {
					t.Fatal("axe-core checked nothing on the page")
				}
				if m.contrast {
					res := eval[axeResult](p, `axe.run(document, {runOnly: {type: "rule", values: ["color-contrast-enhanced"]}})`)
					report(t, res)
					if len(res.Violations) == 0 && !passed(res, "color-contrast-enhanced") {
						t.Errorf("the contrast check found no text to check")
					}
				}
			})
		}
	}
}

func report(t *testing.T, res axeResult) {
	t.Helper()
	for _, v := range res.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Error(b.String())
	}
}

func passed(res axeResult, rule string) bool {
	for _, p := range res.Passes {
		if p.ID == rule {
			return true
		}
	}
	return false
}
