package startup

import "runtime"

// inBackground runs work on an OS thread of its own at the lowest scheduling priority the
// system grants without privileges (Linux: nice 19 and the idle I/O class; Windows: the
// background processing mode, low CPU and I/O priority), so the background quick_check of a
// large file takes only the time the window and the user's own work leave over on a 2-core
// office PC (issue 10, app_start: a check running beside the first pages slowed them by
// 200-300 ms). The thread never serves another goroutine afterwards: the goroutine ends
// still locked to it, so the Go runtime retires the thread with its lowered priority (an
// unprivileged process cannot raise it back). Where the system has no per-thread priority
// (macOS without cgo) the work runs at normal priority. Returns work's error.
func inBackground(work func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No UnlockOSThread: see above.
		lowerThreadPriority()
		done <- work()
	}()
	return <-done
}
