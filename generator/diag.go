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
	return count(e.Problems.Errors(), "error") + " in the site"
}

// count writes n and an English noun, in the plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
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
// none is near enough to be a plausible typo. Of candidates equally near,
// the first wins. A site-wide check may ask it to search every index
// number of a large archive for each broken link, so it gives up on a
// candidate as soon as the candidate cannot beat the best so far.
func closest(s string, candidates []string) string {
	return closestOf(s, candidates, nil)
}

// closestOf is closest for a caller that searches the same candidates
// many times and keeps them as runes too: runes[i] is []rune(candidates[i]),
// or runes is nil.
func closestOf(s string, candidates []string, runes [][]rune) string {
	rs := []rune(s)
	return closestWithin(rs, candidates, runes, len(rs)/2+1)
}

// closestWithin returns the candidate nearest to rs, or "" when none is
// within limit edits; the first of candidates equally near wins. runes[i]
// is candidates[i] as the runes to compare with rs, or runes is nil and
// they are []rune(candidates[i]).
func closestWithin(rs []rune, candidates []string, runes [][]rune, limit int) string {
	best, bestDist := "", -1
	var rc []rune
	var rows []int
	for i, c := range candidates {
		// Only a candidate within the limit and nearer than the best so
		// far can change the answer.
		bound := limit
		if bestDist >= 0 {
			bound = min(bound, bestDist-1)
		}
		if bound < 0 {
			break
		}
		if runes != nil {
			rc = runes[i]
		} else {
			rc = rc[:0]
			for _, r := range c {
				rc = append(rc, r)
			}
		}
		if d, ok := editDistanceWithin(rs, rc, bound, &rows); ok {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistanceWithin is the edit distance of a and b when it is at most
// bound; ok is false when it is more. An edit inserts, deletes or
// changes one character, or swaps two neighbouring ones (titel, 2024-00153
// for 2024-00135): the optimal string alignment distance. rows is scratch
// space, kept by the caller between calls. Only cells within bound of the
// diagonal can lead to a distance within bound, so only those are
// computed; the others count as bound+1.
func editDistanceWithin(a, b []rune, bound int, rows *[]int) (d int, ok bool) {
	if len(a)-len(b) > bound || len(b)-len(a) > bound {
		return 0, false
	}
	far, n := bound+1, len(b)+1
	if cap(*rows) < 3*n {
		*rows = make([]int, 3*n)
	}
	// A swap reaches back two rows: back is the row before prev. Row i
	// reads it from i = 2 on, when it holds row 0 in full, and at columns
	// j-2 within bound of i-2: inside the band computed for that row.
	back, prev, cur := (*rows)[:n], (*rows)[n:2*n], (*rows)[2*n:3*n]
	for j := range prev {
		prev[j] = min(j, far)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-bound), min(len(b), i+bound)
		cur[lo-1] = min(i, far) // column 0, or the cell left of the band
		if lo > 1 {
			cur[lo-1] = far
		}
		ai, before := a[i-1], rune(0) // before is the character before ai
		if i > 1 {
			before = a[i-2]
		}
		// left and diag are the cells left of and above-left of cur[j],
		// kept from the step before rather than read again.
		left, diag := cur[lo-1], prev[lo-1]
		rowMin := left
		for j := lo; j <= hi; j++ {
			up, bj := prev[j], b[j-1]
			if ai != bj {
				diag++
				// A swap is never nearer when the characters match:
				// the diagonal is then at most the swap's cost.
				if before == bj && i > 1 && j > 1 && ai == b[j-2] {
					diag = min(diag, back[j-2]+1)
				}
			}
			// Not held to far: a value past bound, however large, means too
			// far, and one within bound is exact.
			left = min(up+1, left+1, diag)
			cur[j] = left
			rowMin = min(rowMin, left)
			diag = up
		}
		if hi < len(b) {
			cur[hi+1] = far // read as the cell above by the next row
		}
		// No row has a smaller minimum than the row before it: each cell
		// is at least one of that row's, a swap's too, whose two rows
		// back plus one is at least the cell diagonally before it.
		if rowMin > bound {
			return 0, false
		}
		back, prev, cur = prev, cur, back
	}
	return prev[len(b)], prev[len(b)] <= bound
}
