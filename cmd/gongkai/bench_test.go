package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// asCLI, set in the environment, makes the test binary run as the
// command itself: bench runs its own executable for every build it
// times, and under test that is this binary.
const asCLI = "GONGKAI_TEST_BINARY_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestBenchRounds runs the bench on two small archives: every archive is
// written before the first timed build, the runs go in rounds that build
// each size once, the table has a row for each size, and nothing is left
// in the output folder.
func TestBenchRounds(t *testing.T) {
	t.Setenv(asCLI, "1")
	t.Setenv("PATH", "") // no hugo: the comparison is skipped
	out := t.TempDir()
	code, stdout, stderr := runCLI("bench", "--docs", "30,60", "--runs", "2", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var steps []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		steps = append(steps, strings.Replace(line, out, "OUT", 1))
	}
	want := []string{
		"writing the archive of 30 documents into OUT",
		"writing the archive of 60 documents into OUT",
		"run 1 of 2: 30 documents into OUT",
		"run 1 of 2: 60 documents into OUT",
		"run 2 of 2: 30 documents into OUT",
		"run 2 of 2: 60 documents into OUT",
	}
	if strings.Join(steps, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
	}
	for _, n := range []string{"30", "60"} {
		row := regexp.MustCompile(`(?m)^\| ` + n + ` \| ` + regexp.QuoteMeta(out) + ` \| \d+\.\d\d s \| \d+\.\d\d s \| \d+ MB \| \d+\.\d\d s \| \d+\.\d\d× \| — \|`)
		if !row.MatchString(stdout) {
			t.Errorf("no table row for %s documents in:\n%s", n, stdout)
		}
	}
	if !strings.Contains(stdout, "hugo is not installed") || !strings.Contains(stdout, "medians of 2 runs") ||
		!strings.Contains(stdout, "wall time, fastest–slowest of the 2 runs:") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*")); len(left) > 0 {
		t.Errorf("left in the output folder: %v", left)
	}
}

// TestBenchOneRun: a single run's figures are its own, not medians, and
// it has no spread to print.
func TestBenchOneRun(t *testing.T) {
	t.Setenv(asCLI, "1")
	t.Setenv("PATH", "")
	out := t.TempDir()
	code, stdout, stderr := runCLI("bench", "--docs", "20", "--runs", "1", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "\none run; load average after: ") || strings.Contains(stdout, "medians") ||
		strings.Contains(stdout, "fastest–slowest") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if !regexp.MustCompile(`(?m)^\| 20 \| `).MatchString(stdout) {
		t.Errorf("no table row in:\n%s", stdout)
	}
}

// TestSampleMedianAndSpread checks the figures bench prints of a sample:
// each measure's own median, and the fastest and slowest wall time.
func TestSampleMedianAndSpread(t *testing.T) {
	s := sample{
		{wall: 3 * time.Second, cpu: 1 * time.Second, rss: 30},
		{wall: 1 * time.Second, cpu: 5 * time.Second, rss: 10},
		{wall: 2 * time.Second, cpu: 4 * time.Second, rss: 50},
	}
	if m := s.median(); m.wall != 2*time.Second || m.cpu != 4*time.Second || m.rss != 30 {
		t.Errorf("median = %+v, want wall 2s, cpu 4s, rss 30", m)
	}
	if got := s.spread(); got != "1.00–3.00 s" {
		t.Errorf("spread = %q", got)
	}
	if got := (sample{}).spread(); got != "—" {
		t.Errorf("spread of nothing = %q", got)
	}
}
