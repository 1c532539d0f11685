//go:build race

package generator

// raceEnabled is set when the tests run under the race detector, which
// makes code several times slower: budgets meant to catch runaway work
// are then left out.
const raceEnabled = true
