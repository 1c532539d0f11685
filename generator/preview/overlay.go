package preview

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator"
)

// maxShown bounds the problems an overlay lists; the terminal has all.
const maxShown = 50

// shownProblem is one error as the overlay shows it.
type shownProblem struct {
	Text    string // path:line: message
	Context string // numbered source lines around the line, the line marked
}

// showProblems picks the problems that failed a build (failedOn) and
// reads the source lines around each. Other warnings do not stop a build,
// so they stay in the terminal.
func (s *Server) showProblems(probs generator.Problems) []shownProblem {
	shown := []shownProblem{}
	severity := failedOn(probs)
	for _, p := range probs {
		if p.Severity != severity {
			continue
		}
		text := p.String()
		if p.Path == "" {
			text = p.Message
		}
		shown = append(shown, shownProblem{Text: text, Context: s.sourceContext(p.Path, p.Line)})
	}
	return shown
}

// failedOn is the severity of the problems that failed a build: its
// errors, or, when it has none, its warnings, which --strict counts as
// errors.
func failedOn(probs generator.Problems) generator.Severity {
	if probs.Errors() == 0 && probs.Warnings() > 0 {
		return generator.Warning
	}
	return generator.Error
}

// failure counts the problems that failed a build, in Chinese and in
// English, for the overlay's heading and the log.
func failure(probs generator.Problems) (zh, en string) {
	if failedOn(probs) == generator.Warning {
		n := probs.Warnings()
		return fmt.Sprintf("%d 个警告（--strict：警告视为错误）", n), fmt.Sprintf("%d %s (--strict: warnings count as errors)", n, plural(n, "warning", "warnings"))
	}
	n := probs.Errors()
	return fmt.Sprintf("%d 个错误", n), fmt.Sprintf("%d %s", n, plural(n, "error", "errors"))
}

// sourceContext returns up to two lines either side of line in the
// site's file (or the theme's, for a layout the site does not override).
// A draft's lines are not shown: the overlay is served on every page,
// and no byte of a draft may be.
func (s *Server) sourceContext(name string, line int) string {
	if line <= 0 || !fs.ValidPath(name) {
		return ""
	}
	data, err := fs.ReadFile(s.fsys, name)
	if err == nil && isDocument(name) && generator.SaysDraft(data) {
		return draftContext
	}
	if errors.Is(err, fs.ErrNotExist) && s.theme != nil {
		data, err = fs.ReadFile(s.theme, name)
	}
	if err != nil {
		return ""
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	lines := strings.Split(string(data), "\n")
	if line > len(lines) {
		return ""
	}
	var b strings.Builder
	width := len(strconv.Itoa(min(line+2, len(lines))))
	for n := max(1, line-2); n <= min(line+2, len(lines)); n++ {
		mark := "  "
		if n == line {
			mark = "> "
		}
		text := []rune(lines[n-1])
		if len(text) > 160 {
			text = append(text[:160], '…')
		}
		fmt.Fprintf(&b, "%s%*d | %s\n", mark, width, n, string(text))
	}
	return b.String()
}

// draftContext stands in an overlay for the lines of a draft.
const draftContext = "（草稿的内容不在预览中显示，请在编辑器中查看 · a draft's lines are not shown in the preview: see the file)\n"

// isDocument reports whether a file of the site is a document's Markdown,
// which may be a draft: under content/, but not a plain page.
func isDocument(name string) bool {
	return strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") && !generator.IsPage(name)
}

// renderOverlay is the markup added before </body> of every page while
// the site has errors, served in state: shown are the problems that
// failed the build, which zh and en count (failure); withheld lists what
// the last good build shows that is now withdrawn. Everything from the
// site is escaped.
//
// The overlay is a <details>, open, whose summary is its heading: the
// heading closes it to a bar at the foot of the window, which still says
// the site has errors, and opens it again, by mouse or keyboard, with or
// without script, and screen readers tell it as expanded or collapsed.
// Only inline styles can be used (the page's stylesheet is the site's),
// and no style can tell open from closed, so the overlay sits at the
// foot of the window in both states: open, its problems are at least
// the window's height, which takes it to the top and covers the page.
func renderOverlay(shown []shownProblem, zh, en string, state siteState, withheld []generator.Withdrawal) []byte {
	var b strings.Builder
	b.WriteString(`<details open id="gongkai-problems" style="position:fixed;right:0;bottom:0;left:0;z-index:2147483647;max-height:100%;overflow:auto;margin:0;background:rgba(24,24,24,.95);color:#f5f5f5;font:15px/1.5 system-ui,sans-serif;text-align:left">`)
	b.WriteString(`<summary style="padding:.75rem 1.5rem;cursor:pointer"><h2 style="display:inline;margin:0;font-size:1.25rem;color:#ff8a80">`)
	switch state {
	case stateLastGood:
		fmt.Fprintf(&b, `站点有 %s，正在显示上次成功构建的版本 · %s; showing the last good build`, zh, en)
	case stateWithheld:
		fmt.Fprintf(&b, `站点有 %s，上次成功构建的版本含有已撤回的文件，暂不显示 · %s; the last good build is not shown`, zh, en)
	default:
		fmt.Fprintf(&b, `站点有 %s，还没有成功构建过 · %s; the site has not built yet`, zh, en)
	}
	b.WriteString(`</h2></summary><div role="alert" style="box-sizing:border-box;min-height:100vh;padding:0 1.5rem 1.5rem">`)
	if state == stateWithheld {
		// Only the paths are named: a title is part of what is withdrawn.
		b.WriteString(`<p style="margin:0 0 .25rem">上次成功构建的版本发布了下列文件，它们现已转为草稿或被删除，因此在错误修正之前本站不显示任何页面 · The last good build published these documents, which are now drafts or removed, so nothing is served until the errors are fixed:</p><ul style="margin:0;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#ffcc80">`)
		for i, w := range withheld {
			if i == maxShown {
				fmt.Fprintf(&b, `<li>…还有 %d 个 · %d more (see the terminal)</li>`, len(withheld)-maxShown, len(withheld)-maxShown)
				break
			}
			zh, en := withdrawnWhy(w)
			fmt.Fprintf(&b, `<li>%s：%s · %s</li>`, html.EscapeString(w.Path), zh, en)
		}
		b.WriteString(`</ul>`)
	}
	for i, p := range shown {
		if i == maxShown {
			fmt.Fprintf(&b, `<p>…还有 %d 个 · %d more (see the terminal)</p>`, len(shown)-maxShown, len(shown)-maxShown)
			break
		}
		fmt.Fprintf(&b, `<p style="margin:1rem 0 .25rem;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#ffcc80;white-space:pre-wrap">%s</p>`, html.EscapeString(p.Text))
		if p.Context != "" {
			fmt.Fprintf(&b, `<pre style="margin:0;padding:.5rem .75rem;background:#000;color:#e0e0e0;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;overflow:auto">%s</pre>`, html.EscapeString(p.Context))
		}
	}
	b.WriteString(`<p style="margin-top:1.5rem">` + reloadNote + ` ` + closeNote + `</p></div></details>`)
	return []byte(b.String())
}

// closeNote says how to see the page under the overlay.
const closeNote = `点击顶部的标题可收起 · Click the heading at the top to close this.`

// reloadNote says what to do once the files are fixed. Only the
// live-reload script reloads a page, and a page may run none (script
// turned off, a browser without EventSource, a site's base.html without
// {{.Live}}), so the note says to reload by hand; the script, once it is
// connected, puts in the text of data-live.
const reloadNote = `<span class="gongkai-reload" data-live="修正后页面会自动刷新 · Fix the files: this page reloads by itself.">修正后请手动刷新页面 · Fix the files, then reload this page.</span>`

// withdrawnWhy says, in Chinese and in English, why a document of the
// last good build may not be shown any more.
func withdrawnWhy(w generator.Withdrawal) (zh, en string) {
	if w.Draft {
		return "现为草稿", "now a draft"
	}
	return "已删除或无法读取", "removed or unreadable"
}

// templateError matches the place at the start of a template error:
// "template: layouts/home.html:3: …" or "layouts/x.html:12:5: …".
var templateError = regexp.MustCompile(`^(?:template: )?([^\s:]+):(\d+)(?::(\d+))?: (.*)$`)

// parseErrorLine turns one line of a build error into a problem, placed
// when the text names a place.
func parseErrorLine(line string) generator.Problem {
	m := templateError.FindStringSubmatch(line)
	if m == nil {
		return generator.Problem{Message: line}
	}
	n, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return generator.Problem{Path: m[1], Line: n, Col: col, Message: m[4]}
}
