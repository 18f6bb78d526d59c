//go:build !race

package users_test

// raceOn is false without the race detector: every test runs.
const raceOn = false
