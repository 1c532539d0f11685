package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cmdBench generates archives of the given sizes and builds each several
// times as a child process, reporting the medians of wall time, CPU time
// (user+sys) and peak resident memory of the child. Where hugo is on PATH
// it builds the same documents as a Hugo site, alternating with gongkai's
// runs so that both see the same load; the sizes alternate too, a round
// of runs building each once. Each run also times the floor
// (bench-floor: the bodies through goldmark alone), so that a machine's
// figures can be read against what rendering and writing the bodies
// costs on it.
func cmdBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "gongkai bench [--docs 1000,10000,100000] [--out /dev/shm,/tmp] [--runs 5] [--hugo-max 10000]", stderr)
	docsFlag := fs.String("docs", "1000,10000,100000", "archive sizes, comma-separated")
	outFlag := fs.String("out", "/dev/shm,"+os.TempDir(), "folders to build into, comma-separated: a tmpfs and a disk")
	runs := fs.Int("runs", 5, "builds of each size into each folder; medians are reported")
	hugoMax := fs.Int("hugo-max", 10000, "compare with Hugo up to this size (0: never)")
	seed := fs.Uint64("seed", 1, "corpus seed")
	keep := fs.Bool("keep", false, "keep the generated archives and outputs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sizes, err := parseSizes(*docsFlag)
	if err != nil || *runs < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "gongkai bench: --docs takes sizes such as 1000,10000 and --runs at least 1")
		return exitError{2}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	hugo, _ := exec.LookPath("hugo")
	if hugo == "" {
		fmt.Fprintln(stdout, "hugo is not installed: skipping the comparison (apt-get install hugo to include it)")
	} else if v, err := exec.Command(hugo, "version").Output(); err == nil {
		fmt.Fprintf(stdout, "hugo: %s", v)
	}
	fmt.Fprintf(stdout, "machine: %s, %d cores, %s; load average before: %s\n", cpuModel(), runtime.NumCPU(), memTotal(), loadAvg())

	type row struct {
		docs     int
		out      string
		work     string // the archives and outputs of this size and folder
		withHugo bool
		g, h, f  sample
		pages    string
	}
	in := func(r *row, name string) string { return filepath.Join(r.work, name) }
	// Every archive is written before any build is timed, so that the
	// builds of all sizes follow one another with nothing between them.
	var rows []*row
	defer func() {
		if !*keep {
			for _, r := range rows {
				os.RemoveAll(r.work)
			}
		}
	}()
	for _, n := range sizes {
		for _, out := range strings.Split(*outFlag, ",") {
			r := &row{docs: n, out: out, work: filepath.Join(out, fmt.Sprintf("gongkai-bench-%d", n)), withHugo: hugo != "" && n <= *hugoMax}
			if err := os.RemoveAll(r.work); err != nil {
				return err
			}
			rows = append(rows, r)
			fmt.Fprintf(stderr, "writing the archive of %d documents into %s\n", n, out)
			if err := writeCorpus(self, in(r, "site"), n, *seed, false); err != nil {
				return err
			}
			if r.withHugo {
				if err := writeCorpus(self, in(r, "hugo"), n, *seed, true); err != nil {
					return err
				}
			}
		}
	}
	// timed runs a build into dest, which it empties first, and adds its
	// figures to into. The output is removed once measured, so that it
	// does not fill the memory of a tmpfs the next build writes to,
	// unless kept is set.
	timed := func(into *sample, what, dest string, kept bool, name string, args ...string) (string, error) {
		os.RemoveAll(dest)
		s, msg, err := measure(name, args...)
		if err != nil {
			return "", fmt.Errorf("%s: %v\n%s", what, err, msg)
		}
		*into = append(*into, s...)
		if !kept {
			os.RemoveAll(dest)
		}
		return msg, nil
	}
	// The runs go in rounds, each building every size once: gongkai, the
	// floor and Hugo in turns. A machine whose speed changes from minute
	// to minute then slows the builds of every size alike, and the
	// medians of two sizes compare like with like.
	for i := 0; i < *runs; i++ {
		kept := *keep && i == *runs-1
		for _, r := range rows {
			fmt.Fprintf(stderr, "run %d of %d: %d documents into %s\n", i+1, *runs, r.docs, r.out)
			msg, err := timed(&r.g, fmt.Sprintf("gongkai build of %d documents", r.docs), in(r, "public"), kept,
				self, "build", "--source", in(r, "site"), "--dest", in(r, "public"))
			if err != nil {
				return err
			}
			r.pages = strings.TrimSpace(msg)
			// The floor: the same bodies through goldmark alone.
			if _, err := timed(&r.f, fmt.Sprintf("goldmark-only floor of %d documents", r.docs), in(r, "floor"), false,
				self, "bench-floor", "--source", in(r, "site"), "--dest", in(r, "floor")); err != nil {
				return err
			}
			if r.withHugo {
				if _, err := timed(&r.h, fmt.Sprintf("hugo build of %d documents", r.docs), in(r, "hugo-public"), kept,
					hugo, "--source", in(r, "hugo"), "--destination", in(r, "hugo-public"), "--quiet", "--cacheDir", in(r, "hugo-cache")); err != nil {
					return err
				}
			}
		}
	}
	for _, r := range rows {
		fmt.Fprintf(stdout, "%d documents into %s: %s\n", r.docs, r.out, r.pages)
	}

	if *runs == 1 {
		fmt.Fprintf(stdout, "\none run; load average after: %s\n\n", loadAvg())
	} else {
		fmt.Fprintf(stdout, "\nmedians of %d runs; load average after: %s\n\n", *runs, loadAvg())
	}
	fmt.Fprintln(stdout, "| documents | output | gongkai wall | CPU (user+sys) | peak RSS | floor wall | gongkai ÷ floor | Hugo wall | Hugo CPU | Hugo peak RSS | Hugo ÷ gongkai |")
	fmt.Fprintln(stdout, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		g := r.g.median()
		hw, hc, hm, ratio := "—", "—", "—", "—"
		if len(r.h) > 0 {
			h := r.h.median()
			hw, hc, hm = secs(h.wall), secs(h.cpu), mib(h.rss)
			ratio = fmt.Sprintf("%.2f×", h.wall.Seconds()/g.wall.Seconds())
		} else if hugo != "" && !r.withHugo {
			hw = "not run"
		}
		f := r.f.median()
		fmt.Fprintf(stdout, "| %d | %s | %s | %s | %s | %s | %.2f× | %s | %s | %s | %s |\n", r.docs, r.out, secs(g.wall), secs(g.cpu), mib(g.rss), secs(f.wall), g.wall.Seconds()/f.wall.Seconds(), hw, hc, hm, ratio)
	}
	// The spread says how far a median can be trusted on this machine;
	// one run has none.
	if *runs == 1 {
		return nil
	}
	fmt.Fprintf(stdout, "\nwall time, fastest–slowest of the %d runs:\n", *runs)
	for _, r := range rows {
		line := fmt.Sprintf("- %d documents into %s: gongkai %s, floor %s", r.docs, r.out, r.g.spread(), r.f.spread())
		if len(r.h) > 0 {
			line += ", Hugo " + r.h.spread()
		}
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// spread gives the fastest and the slowest wall time, as "1.69–2.26 s".
func (s sample) spread() string {
	if len(s) == 0 {
		return "—"
	}
	lo, hi := s[0].wall, s[0].wall
	for _, x := range s[1:] {
		lo, hi = min(lo, x.wall), max(hi, x.wall)
	}
	return fmt.Sprintf("%.2f–%.2f s", lo.Seconds(), hi.Seconds())
}

// one is a single measured run of a child process.
type one struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

type sample []one

// median takes the median of each measure on its own.
func (s sample) median() one {
	pick := func(f func(one) int64) int64 {
		v := make([]int64, len(s))
		for i, x := range s {
			v[i] = f(x)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return one{
		wall: time.Duration(pick(func(x one) int64 { return int64(x.wall) })),
		cpu:  time.Duration(pick(func(x one) int64 { return int64(x.cpu) })),
		rss:  pick(func(x one) int64 { return x.rss }),
	}
}

// writeCorpus writes the generated archive of n documents (as a Hugo site
// if hugo is set) into dest, in a child process. The bench process stays
// small that way, as it must for the peak RSS of what it measures: Linux
// counts a child's peak from the memory of its parent at the fork (the
// mm a child shares until its exec), and a bench that had written a
// 100,000-document archive itself reported 481 MB for 10,000-document
// builds that peak at 170.
func writeCorpus(self, dest string, n int, seed uint64, hugo bool) error {
	args := []string{"corpus", "--docs", strconv.Itoa(n), "--seed", strconv.FormatUint(seed, 10), "--dest", dest}
	if hugo {
		args = append(args, "--hugo")
	}
	if out, err := exec.Command(self, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("writing the archive of %d documents: %v\n%s", n, err, out)
	}
	return nil
}

// measure runs a command and returns its wall time, the child's user+sys
// CPU time and its peak RSS (see childUsage).
func measure(name string, args ...string) (sample, string, error) {
	cmd := exec.Command(name, args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return nil, string(out), err
	}
	cpu, rss := childUsage(cmd.ProcessState)
	return sample{{wall: wall, cpu: cpu, rss: rss}}, string(out), nil
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad size %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func mib(b int64) string {
	if b == 0 {
		return "—" // not known on this system
	}
	return fmt.Sprintf("%d MB", b>>20)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return fmt.Sprintf("%d GB RAM", (kb+(1<<19))>>20)
		}
	}
	return "memory unknown"
}
