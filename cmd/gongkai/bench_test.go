package main

import (
	"testing"
	"time"
)

// TestSampleMedianAndSpread checks the figures bench prints of a sample:
// each measure's own median, and the fastest and slowest wall time.
func TestSampleMedianAndSpread(t *testing.T) {
	s := sample{
		{wall: 3 * time.Second, cpu: 1 * time.Second, rss: 30},
		{wall: 1 * time.Second, cpu: 5 * time.Second, rss: 10},
		{wall: 2 * time.Second, cpu: 4 * time.Second, rss: 50},
	}
	if m := s.median(); m.wall != 2*time.Second || m.cpu != 4*time.Second || m.rss != 30 {
		t.Errorf("median = %+v, want wall 2s, cpu 4s, rss 30", m)
	}
	if got := s.spread(); got != "1.00–3.00 s" {
		t.Errorf("spread = %q", got)
	}
	if got := (sample{}).spread(); got != "—" {
		t.Errorf("spread of nothing = %q", got)
	}
}
