package generator

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells whether a problem stops the build.
type Severity int

const (
	// Error stops the build; nothing is written.
	Error Severity = iota
	// Warning is printed; the build goes on unless the caller is strict.
	Warning
)

// A Problem is one thing wrong with the site's input, tied to a place in
// a file. Its String form is the one users see:
//
//	content/2024/plan.md:7:10: category "计划" is not declared in config.toml (did you mean "年度计划总结"?)
type Problem struct {
	Path     string // slash-separated, relative to the site folder
	Line     int    // 1-based; 0 when the problem is about the whole file
	Col      int    // 1-based; 0 when unknown
	Severity Severity
	Message  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in one run, in the order they are reported.
type Problems []Problem

// Sort orders problems by file, line and column, then message, so that
// the report reads top to bottom like the files do.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Errors counts the problems that stop a build.
func (ps Problems) Errors() int {
	n := 0
	for _, p := range ps {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the problems that do not stop a build.
func (ps Problems) Warnings() int { return len(ps) - ps.Errors() }

// ProblemError is returned by a build that found errors in the site: the
// caller prints every problem and exits with status 1.
type ProblemError struct{ Problems Problems }

func (e *ProblemError) Error() string {
	n := e.Problems.Errors()
	if n == 1 {
		return "1 error in the site"
	}
	return fmt.Sprintf("%d errors in the site", n)
}

// problemList gathers problems from several goroutines' results; it is not
// itself safe for concurrent use.
type problemList struct{ list Problems }

func (l *problemList) errorf(path string, line, col int, format string, args ...any) {
	l.list = append(l.list, Problem{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

func (l *problemList) warnf(path string, line, col int, format string, args ...any) {
	l.list = append(l.list, Problem{Path: path, Line: line, Col: col, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// add adds problems with the given severity, or demoted to warnings when
// demote is true (a draft's missing pieces never block a build).
func (l *problemList) add(ps ...Problem) { l.list = append(l.list, ps...) }

// closest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a plausible typo.
func closest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(s, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len([]rune(s))/2 + 1
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// didYouMean formats a suggestion, or nothing when there is none.
func didYouMean(s string, candidates []string) string {
	if c := closest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}
