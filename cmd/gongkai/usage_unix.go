//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// childUsage is a finished child's user+sys CPU time and peak RSS in
// bytes, from its rusage. ru_maxrss is in kilobytes, but in bytes on
// Apple's systems.
func childUsage(ps *os.ProcessState) (cpu time.Duration, rss int64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return ps.UserTime() + ps.SystemTime(), 0
	}
	rss = int64(ru.Maxrss) * 1024
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		rss = int64(ru.Maxrss)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), rss
}
