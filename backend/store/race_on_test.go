//go:build race

package store

// raceOn: the race detector is on. TestMetadataKeepsTheFileSmall (a file-size measurement
// over thousands of rows, about 100 s under it) then skips itself, and scripts/test.sh runs
// it once more without the detector.
const raceOn = true
