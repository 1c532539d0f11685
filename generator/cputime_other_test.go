//go:build !unix

package generator

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
