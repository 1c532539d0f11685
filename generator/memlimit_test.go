package generator

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimitMemory(t *testing.T) {
	prev := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(prev)

	// A small build is left alone.
	restore := limitMemory(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("small build: limit %d", got)
	}
	restore()

	// A large one gets a limit past its expected peak, taken back after.
	const bodies = 2 << 30
	restore = limitMemory(bodies)
	if got := debug.SetMemoryLimit(-1); got < bodies+bodies/100*memoryGrowth || got == math.MaxInt64 {
		t.Errorf("large build: limit %d", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("after the build: limit %d", got)
	}

	// A limit set already (GOMEMLIMIT) stays as it is.
	debug.SetMemoryLimit(3 << 30)
	restore = limitMemory(bodies)
	if got := debug.SetMemoryLimit(-1); got != 3<<30 {
		t.Errorf("with GOMEMLIMIT: limit %d", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 3<<30 {
		t.Errorf("with GOMEMLIMIT, after the build: limit %d", got)
	}
}
