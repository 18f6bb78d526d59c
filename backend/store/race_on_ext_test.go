//go:build race

package store_test

// raceOn (of the external test package; race_on_test.go has the internal one): the race
// detector is on. TestUpdateManyStoppedByProgressLeavesNothing (1,500 rows seeded, 1,000
// updated and rolled back: about 25 s under the detector) then skips itself and
// scripts/test.sh runs it once more without it (NO_RACE_TESTS): the store starts no goroutine,
// and UpdateMany runs under the detector in the other write_bulk tests.
const raceOn = true
