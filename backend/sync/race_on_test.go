//go:build race

package sync_test

// raceOn: the race detector is on. The SIGKILL crash test then skips itself (modernc SQLite
// is ~50x slower under it) and scripts/test.sh runs it once more without the detector.
const raceOn = true
