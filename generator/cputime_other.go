//go:build !unix

package generator

import "time"

// cpuTime is not measured here: the benchmarks report 0 CPU time, and
// --timings shows wall time alone.
func cpuTime() time.Duration { return 0 }
