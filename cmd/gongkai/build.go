package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/generator"
)

func cmdBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "gongkai build [--source DIR] [--dest DIR] [--offline] [--strict] [--minify=false] [--timings] [--cpuprofile FILE] [--memprofile FILE]", stderr)
	source := fs.String("source", ".", "the site folder: config.toml, content/, and optionally layouts/ and static/")
	dest := fs.String("dest", "", "where to publish the site (default <source>/public)")
	offline := fs.Bool("offline", false, "write links that name index.html, for browsing from a disk or USB stick")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, SVG, XML and JSON")
	timings := fs.Bool("timings", false, "print how long each stage of the build took")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file, for go tool pprof")
	memProfile := fs.String("memprofile", "", "write a heap profile taken at the end of the build to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// The collector's work grows with the live heap (the archive,
		// held from start to end) times the number of collections, and
		// letting the heap grow to 2.5× of it rather than twice makes
		// fewer. At 10,000 documents it costs about 0.2 s less CPU than
		// GOGC=75 (gctrace: 360 against 560 ms) for a peak about 35 MB
		// higher (220 against 185 MB when measured; about 200 MB since
		// schedule rows are shared). Large builds are held to a soft limit
		// near their expected peak anyway (see limitMemory).
		debug.SetGCPercent(150)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, stderr)
	}
	if err := checkSiteArgs(fs, *source, stderr); err != nil {
		return err
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	opt := generator.Options{Offline: *offline, Strict: *strict, NoMinify: !*minify, Theme: gongkai.Theme}
	if *timings {
		opt.Timings = stderr
	}
	res, err := generator.Build(*source, *dest, opt)
	if res != nil {
		for _, note := range res.Notes {
			fmt.Fprintln(stderr, note)
		}
		printProblems(stderr, res.Problems)
	}
	var pe *generator.ProblemError
	if errors.As(err, &pe) {
		fmt.Fprintf(stderr, "%s%s; nothing was written\n", problemSummary(pe.Problems), strictNote(pe.Problems, *strict))
		return exitError{1}
	}
	var de *generator.DestError
	if errors.As(err, &de) {
		fmt.Fprintf(stderr, "gongkai build: %s\n", de.Reason)
		return exitError{2}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res.Summary(*dest))
	return nil
}

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "gongkai check [--source DIR] [--strict]\n\n"+
		"Reports every problem of the site, as build would, and writes nothing. When <source>/public\n"+
		"is the site's last build, every document it published at an address that no longer shows\n"+
		"it is a warning too: citations of that address will break, or show another document.", stderr)
	source := fs.String("source", ".", "the site folder")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkSiteArgs(fs, *source, stderr); err != nil {
		return err
	}
	site, probs := generator.Inspect(os.DirFS(*source), generator.Options{Theme: gongkai.Theme})
	// build's default destination: a build elsewhere (--dest) is not known here.
	probs = append(probs, generator.Moved(site, filepath.Join(*source, "public"))...)
	probs.Sort()
	printProblems(stderr, probs)
	if probs.Errors() > 0 || (*strict && len(probs) > 0) {
		fmt.Fprintln(stderr, problemSummary(probs)+strictNote(probs, *strict))
		return exitError{1}
	}
	n := len(site.Published())
	drafts := len(site.Documents) - n
	fmt.Fprintf(stdout, "checked %d published %s, %d %s and %d %s: %s\n", n, plural(n, "document"), drafts, plural(drafts, "draft"), len(site.Pages), plural(len(site.Pages), "page"), problemSummary(probs))
	return nil
}

func printProblems(w io.Writer, probs generator.Problems) {
	for _, p := range probs {
		fmt.Fprintln(w, p)
	}
}

func problemSummary(probs generator.Problems) string {
	e, w := probs.Errors(), probs.Warnings()
	return fmt.Sprintf("%d %s, %d %s", e, plural(e, "error"), w, plural(w, "warning"))
}

// strictNote explains a failure that has warnings and no errors.
func strictNote(probs generator.Problems, strict bool) string {
	if strict && probs.Errors() == 0 {
		return " (--strict: warnings count as errors)"
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
