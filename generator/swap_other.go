//go:build !linux

package generator

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }

// processAlive cannot tell on this system, so leftovers are kept unless
// they are this process's own.
func processAlive(pid int) bool { return true }
