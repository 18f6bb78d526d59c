//go:build !race

package clients_test

// raceOn is false without the race detector: every test runs.
const raceOn = false
