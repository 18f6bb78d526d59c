//go:build !race

package sync_test

const raceOn = false
