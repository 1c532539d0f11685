package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gongkai/gongkai/generator"
	"github.com/gongkai/gongkai/generator/importer"
)

func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "gongkai import [--source DIR] [--into content/] [--dry-run] [--force] FILE|DIR…", stderr)
	source := fs.String("source", ".", "the site folder whose config.toml declares the categories and issuers")
	into := fs.String("into", "", "where to write the documents (default <source>/content)")
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
	if *into == "" {
		*into = filepath.Join(*source, "content")
	}
	site, probs := generator.Load(os.DirFS(*source))
	for _, p := range probs {
		if p.Path == "config.toml" && p.Severity == generator.Error {
			printProblems(stderr, generator.Problems{p})
			return exitError{1}
		}
	}
	cfg := site.Config
	known := importer.Site{IssuerCodes: map[string]string{}, IndexPattern: cfg.IndexPattern}
	if known.IndexPattern == "" {
		known.IndexPattern = generator.DefaultIndexPattern
	}
	for _, c := range cfg.Categories {
		known.Categories = append(known.Categories, c.Name)
	}
	for _, is := range cfg.Issuers {
		known.Issuers = append(known.Issuers, is.Name)
		if is.Code != "" {
			known.IssuerCodes[is.Name] = is.Code
		}
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
