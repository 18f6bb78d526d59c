//go:build race

package clients_test

// raceOn: the race detector is on. The two transfer tests over many rows (a property test of
// 100 random transfers, and 1,600 clients moved, cancelled and failed: about 90 s under the
// detector) then skip themselves and scripts/test.sh runs them once more without it
// (NO_RACE_TESTS): the package starts no goroutine, and Move runs under the detector in the
// smaller transfer tests here and in app's TestClientsServiceTransferAndImportThroughDialogs.
const raceOn = true
