//go:build race

package avatar_test

// raceOn tells the tests that the race detector is on, so the slowest end-to-end picture
// tests (multi-megapixel) skip themselves; resize_test.go covers the same code on small
// pictures under the race detector.
const raceOn = true
