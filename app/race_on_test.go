//go:build race

package app_test

// raceOn tells the slowest tests that the race detector is on: they skip themselves, and
// scripts/test.sh runs them once more without it (NO_RACE_TESTS).
const raceOn = true
