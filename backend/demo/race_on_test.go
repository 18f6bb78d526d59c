//go:build race

package demo_test

// raceOn tells the tests that the race detector is on (about 50 times slower on SQLite
// writes): only one whole demo is created then, and the determinism test, which makes
// three, runs without it.
const raceOn = true
