//go:build unix

package generator

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used. Tests bound it
// rather than the wall clock, which a busy machine stretches.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
