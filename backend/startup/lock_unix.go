//go:build !windows

package startup

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// ErrRunning means another Plantel process holds the data directory.
var ErrRunning = errors.New("another Plantel is running on this data directory")

// Lock takes the data directory's instance lock (an flock on <dir>/plantel.lock), held
// until release or the process ends. It is the fallback of Wails' single-instance lock,
// which on Linux needs a D-Bus session bus: with one, the second launch focuses the first
// window; without one, this lock still keeps two processes off one database.
func Lock(dataDir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dataDir, "plantel.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrRunning
		}
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
