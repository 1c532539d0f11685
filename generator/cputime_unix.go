//go:build unix

package generator

import (
	"syscall"
	"time"
)

// cpuTime is the process's user+sys time so far. On a shared machine the
// CPU time per operation is steadier than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
