//go:build race

package main

// raceOn: under the race detector (about 50× slower on SQLite) the smoke test skips; it
// runs without it in scripts/test.sh (NO_RACE_TESTS).
const raceOn = true
