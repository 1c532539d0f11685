//go:build unix

package generator

import "golang.org/x/sys/unix"

// processAlive reports whether the process pid runs (see cleanLeftovers).
func processAlive(pid int) bool {
	return unix.Kill(pid, 0) == nil || unix.Kill(pid, 0) == unix.EPERM
}
