//go:build !race

package store_test

// raceOn is false without the race detector: every test runs.
const raceOn = false
