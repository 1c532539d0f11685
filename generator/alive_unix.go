//go:build unix

package generator

import "golang.org/x/sys/unix"

// processAlive reports whether the process pid runs (see cleanLeftovers).
func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || err == unix.EPERM
}
