//go:build unix

package generator

import "golang.org/x/sys/unix"

// ProcessAlive reports whether the process pid runs. The work folders of
// a build and the temporary files of an import carry the pid of their
// process, and are leftovers to remove once it has ended (see
// cleanLeftovers).
func ProcessAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || err == unix.EPERM
}
