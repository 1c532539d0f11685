//go:build !linux

package generator

import "os"

// removeTree removes dir and everything in it.
func removeTree(dir string) error { return os.RemoveAll(dir) }
