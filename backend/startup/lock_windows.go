//go:build windows

package startup

import "errors"

// ErrRunning means another Plantel process holds the data directory.
var ErrRunning = errors.New("another Plantel is running on this data directory")

// Lock is a no-op on Windows: Wails' single-instance lock (a named mutex) already keeps a
// second launch from running and focuses the first window.
func Lock(string) (func(), error) { return func() {}, nil }
