//go:build race

package users_test

// raceOn: the race detector is on. TestListSearchMatchesPlainSQL (every filter and page of a
// search checked against plain SQL over 40 users: about 26 s under the detector) then skips
// itself and scripts/test.sh runs it once more without it (NO_RACE_TESTS): the package starts
// no goroutine, and the list and its search run under the detector in the other tests here.
const raceOn = true
