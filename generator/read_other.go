//go:build !linux

package generator

import "os"

// readDirect has no shortcut on this system: the caller reads the file
// the usual way.
func readDirect(dir, name string, size int64, buf []byte) (data []byte, ok bool) { return nil, false }

// openDirect has no shortcut on this system either.
func openDirect(dir, name string) (*os.File, bool) { return nil, false }
