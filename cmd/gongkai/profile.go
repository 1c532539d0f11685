package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startCPUProfile profiles the process until the returned function is called.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeHeapProfile records where the memory still in use and all memory
// ever allocated came from ("go tool pprof -sample_index=alloc_space").
func writeHeapProfile(name string, stderr io.Writer) {
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintln(stderr, "gongkai build: memprofile:", err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(stderr, "gongkai build: memprofile:", err)
	}
}
