package main

import (
	"fmt"
	"io"
)

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "gongkai serve: not available yet; use gongkai build")
	return exitError{2}
}
