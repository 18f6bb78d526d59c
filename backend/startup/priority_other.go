//go:build !linux && !windows

package startup

// lowerThreadPriority does nothing where a thread's priority cannot be set without cgo
// (macOS): the work runs at normal priority.
func lowerThreadPriority() {}
