// Command gongkai builds an official information-disclosure archive (信息公开)
// from Markdown documents with TOML front matter.
//
//	gongkai build   [--source DIR] [--dest DIR] [--offline] [--strict] [--minify=false] [--timings] [--cpuprofile FILE] [--memprofile FILE]
//	gongkai check   [--source DIR] [--strict]
//	gongkai serve   [--source DIR] [--bind 127.0.0.1] [--port 8080] [--open] [--strict]
//	gongkai new site DIR
//	gongkai new doc --issuer SLUG [--category SLUG] [--date YYYY-MM-DD] [--slug SLUG] [--source DIR] TITLE
//	gongkai import  [--source DIR] [--into content/] [--dry-run] [--force] FILE|DIR…
//	gongkai corpus  --docs N --dest DIR [--seed S] [--hugo]
//	gongkai bench   [--docs 1000,10000,100000] [--out /dev/shm,/tmp] [--runs 5] [--hugo-max 10000]
//	gongkai bench-floor --source DIR --dest DIR   (run by bench: goldmark alone)
//	gongkai version
//
// Exit status: 0 success, 1 problems in the site, 2 usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `gongkai builds an official information-disclosure archive (信息公开)
from Markdown documents with TOML front matter.

Usage:
  gongkai build    build the site into public/
  gongkai check    report every problem of the site, write nothing
  gongkai serve    preview the site, rebuilding on every save
  gongkai new      create a site (new site DIR) or a document (new doc …)
  gongkai import   bring saved pages (.txt, .html) in as documents
  gongkai corpus   write a generated archive of N documents, for measuring
  gongkai bench    measure builds of generated archives (and Hugo's, if installed)
  gongkai bench-floor  render an archive's bodies with goldmark alone (bench's yardstick)
  gongkai version  print the version

Run "gongkai COMMAND --help" for a command's flags.
`

// exitError carries an exit status out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "build":
		err = cmdBuild(rest, stdout, stderr)
	case "check":
		err = cmdCheck(rest, stdout, stderr)
	case "serve":
		err = cmdServe(rest, stdout, stderr)
	case "new":
		err = cmdNew(rest, stdout, stderr)
	case "import":
		err = cmdImport(rest, stdout, stderr)
	case "corpus":
		err = cmdCorpus(rest, stdout, stderr)
	case "bench":
		err = cmdBench(rest, stdout, stderr)
	case "bench-floor":
		err = cmdFloor(rest, stdout, stderr)
	case "version", "--version", "-version":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "gongkai version: unexpected argument %q\n", rest[0])
			return 2
		}
		fmt.Fprintln(stdout, "gongkai", version)
	case "help", "-h", "--help", "-help":
		if len(rest) > 0 && rest[0] != "help" && !strings.HasPrefix(rest[0], "-") {
			// "gongkai help build" is "gongkai build --help".
			return run([]string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "gongkai: unknown command %q%s\n\n%s", cmd, suggestCommand(cmd), usage)
		return 2
	}
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "gongkai:", err)
		return 1
	}
}

func suggestCommand(cmd string) string {
	for _, c := range []string{"build", "check", "serve", "new", "import", "corpus", "bench", "version"} {
		if strings.HasPrefix(c, cmd) || strings.HasPrefix(cmd, c) {
			return fmt.Sprintf(" (did you mean %q?)", c)
		}
	}
	return ""
}

// newFlags makes a flag set that reports usage errors with status 2.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n", synopsis)
		flags := 0
		fs.VisitAll(func(*flag.Flag) { flags++ })
		if flags > 0 {
			fmt.Fprint(stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// checkSiteArgs refuses what a command that works on a site folder cannot
// use: an argument after the flags (the folder is given with --source) or
// a --source that is not a folder.
func checkSiteArgs(fs *flag.FlagSet, source string, stderr io.Writer) error {
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gongkai %s: unexpected argument %q (give the site folder with --source)\n", fs.Name(), fs.Arg(0))
		return exitError{2}
	}
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		todo := "give the site folder with --source"
		if strings.Contains(source, `"`) {
			// Windows reads \" as a quote inside the argument, and the
			// words after it as part of it: --source "D:\工会 网站\" --dest
			// out, as PowerShell completes a folder, gives one argument.
			todo = `a folder written in quotes must not end in \ on Windows, which takes \" for a quote in the name: write "D:\工会 网站", not "D:\工会 网站\"`
		}
		fmt.Fprintf(stderr, "gongkai %s: %s is not a folder (%s)\n", fs.Name(), source, todo)
		return exitError{2}
	}
	return nil
}

// parseFlags parses and turns a usage error into exit status 2.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return exitError{2}
	}
	return nil
}
