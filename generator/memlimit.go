package generator

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// memoryFloor is the least limit limitMemory sets: a build whose
	// memory stays below it is left to the collector's pacing alone.
	memoryFloor = 1 << 30
	// memoryGrowth is how far, in percent, the process may grow past the
	// data a build holds at its peak. It is less than the GOGC=150 the
	// command line sets: a large build gives CPU to the collector to
	// keep its memory near its data. At 100,000 generated documents, 110
	// rather than 75 took a build from 24.3 to 22.4 s (medians of 5) for
	// a peak of 1.27 rather than 1.10 GB; 130 peaked at 1.40 GB.
	memoryGrowth = 110
)

var memoryLimitMu sync.Mutex

// limitMemory sets a soft memory limit for the rendering, the search index
// and the data files of a large build, unless one is set already
// (GOMEMLIMIT). It is called once the pages are listed: the data held at
// the peak, at the end of rendering, is about what is live then (the
// archive and the listed pages) plus the text of the bodies, kept for the
// search index until every page is rendered.
//
// Without a limit, the collector paces the heap by the live data it last
// found, which while pages are rendered includes garbage of the pages in
// hand, and the process grows past the heap's size with memory that is
// free but not yet given back: a 100,000-document build peaked at about
// twice its data. The limit, memoryGrowth percent past the expected peak
// and never below memoryFloor, has the collector run more often and give
// memory back sooner near the peak only. restore removes the limit if it
// is still the one set here.
func limitMemory(bodyBytes int64) (restore func()) {
	memoryLimitMu.Lock()
	defer memoryLimitMu.Unlock()
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	want := func(live int64) int64 {
		peak := live + bodyBytes
		return peak + peak/100*memoryGrowth
	}
	// The live heap of the last collection can be some way off what is
	// live now. A build that may come near the floor collects once, here,
	// to know; a smaller one is spared the collection.
	if want(liveHeap()) < memoryFloor/2 {
		return func() {}
	}
	runtime.GC()
	set := max(memoryFloor, want(liveHeap()))
	debug.SetMemoryLimit(set)
	return func() {
		memoryLimitMu.Lock()
		defer memoryLimitMu.Unlock()
		if debug.SetMemoryLimit(-1) == set {
			debug.SetMemoryLimit(math.MaxInt64)
		}
	}
}

// liveHeap is the heap the last collection found live, in bytes.
func liveHeap() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(sample[0].Value.Uint64(), math.MaxInt64/4))
}
