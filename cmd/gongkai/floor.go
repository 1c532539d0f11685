package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
)

// cmdFloor is the reference the performance targets are set against:
// every Markdown file under SOURCE/content rendered by goldmark alone (no
// front matter read, no templates, no lists, feeds or search) and written
// to DEST/<path>/index.html, on every core. gongkai bench runs it as a
// child process beside each build, so that a machine's figures can be
// read against what merely rendering and writing the bodies costs there.
func cmdFloor(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench-floor", "gongkai bench-floor --source DIR --dest DIR", stderr)
	source := fs.String("source", ".", "the site folder")
	dest := fs.String("dest", "", "where to write the pages (must not exist)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dest == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "gongkai bench-floor: --dest is required")
		return exitError{2}
	}
	n, err := floor(filepath.Join(*source, "content"), *dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rendered %d bodies with goldmark alone → %s\n", n, *dest)
	return nil
}

// floor renders and writes every .md file under content into dest.
func floor(content, dest string) (int, error) {
	var paths []string
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	work := make(chan string)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			md := goldmark.New()
			var out bytes.Buffer
			for p := range work {
				src, err := os.ReadFile(p)
				if err != nil {
					fail(err)
					continue
				}
				// Skip a +++ front matter block.
				if bytes.HasPrefix(src, []byte("+++\n")) {
					if i := bytes.Index(src[4:], []byte("\n+++\n")); i >= 0 {
						src = src[4+i+5:]
					}
				}
				out.Reset()
				rel, _ := filepath.Rel(content, strings.TrimSuffix(p, ".md"))
				dir := filepath.Join(dest, rel)
				if err := md.Convert(src, &out); err != nil {
					fail(err)
				} else if err := os.MkdirAll(dir, 0o755); err != nil {
					fail(err)
				} else if err := os.WriteFile(filepath.Join(dir, "index.html"), out.Bytes(), 0o644); err != nil {
					fail(err)
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	return len(paths), first
}
