package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/gongkai/gongkai/generator"
	"github.com/gongkai/gongkai/generator/importer"
)

func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "gongkai import [--source DIR] [--into content/] [--dry-run] [--force] FILE|DIR…", stderr)
	source := fs.String("source", ".", "the site folder whose config.toml declares the categories and issuers")
	into := fs.String("into", "", "the folder of the site's content/ to write the documents in (default <source>/content)")
	dryRun := fs.Bool("dry-run", false, "write nothing; print what would be written")
	force := fs.Bool("force", false, "overwrite documents that already exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "gongkai import: name the saved pages (.txt, .html) or folders to import")
		fs.Usage()
		return exitError{2}
	}
	content := filepath.Join(*source, "content")
	if *into == "" {
		*into = content
	}
	if !inside(*into, content) {
		fmt.Fprintf(stderr, "gongkai import: --into %s is not in the site's content folder %s (documents are part of the site only there: give that folder or one in it)\n", *into, content)
		return exitError{2}
	}
	known, probs := importer.LoadSite(*source)
	if bad := configErrors(probs); len(bad) > 0 {
		printProblems(stderr, bad)
		return exitError{1}
	}
	reports, err := importer.Import(fs.Args(), importer.Options{Into: *into, DryRun: *dryRun, Force: *force, Site: known})
	if ferr := importer.FormatReports(stdout, reports); ferr != nil {
		return ferr
	}
	if err != nil {
		fmt.Fprintln(stderr, "gongkai import:", err)
		return exitError{1}
	}
	if !*dryRun {
		fmt.Fprintf(stdout, "next: review the drafts, then run gongkai check --source %s\n", *source)
	}
	return nil
}

// inside tells whether path is dir or a folder in it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	return err1 == nil && err2 == nil && generator.Within(p, d)
}
