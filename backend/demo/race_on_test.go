//go:build race

package demo_test

// raceOn tells the tests that the race detector is on (about 50 times slower on SQLite
// writes): the tests that create whole demos (single-goroutine code, nothing for the detector
// to watch) skip them then and run without it (NO_RACE_TESTS of scripts/test.sh).
const raceOn = true
