//go:build !unix

package main

import (
	"os"
	"time"
)

// childUsage is a finished child's user+sys CPU time; the peak memory is
// not known here and is reported as 0.
func childUsage(ps *os.ProcessState) (cpu time.Duration, rss int64) {
	return ps.UserTime() + ps.SystemTime(), 0
}
