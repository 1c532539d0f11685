package main

import (
	"fmt"
	"io"
	"time"

	"github.com/gongkai/gongkai/generator/corpus"
)

func cmdCorpus(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("corpus", "gongkai corpus --docs N --dest DIR [--seed S] [--hugo]", stderr)
	docs := fs.Int("docs", 1000, "number of documents to write (about 1% are drafts)")
	dest := fs.String("dest", "", "an empty or new folder to write the site into")
	seed := fs.Uint64("seed", 1, "the same seed and number give the same files")
	hugo := fs.Bool("hugo", false, "write the same documents as an equivalent Hugo site instead")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dest == "" || *docs < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "gongkai corpus: give --docs N (at least 1) and --dest DIR")
		fs.Usage()
		return exitError{2}
	}
	start := time.Now()
	write := corpus.Write
	if *hugo {
		write = corpus.WriteHugo
	}
	if err := write(*dest, corpus.Options{Docs: *docs, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d documents to %s in %s\n", *docs, *dest, time.Since(start).Round(time.Millisecond))
	return nil
}
