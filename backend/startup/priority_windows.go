package startup

import "golang.org/x/sys/windows"

// threadModeBackgroundBegin is THREAD_MODE_BACKGROUND_BEGIN (SetThreadPriority): low CPU,
// I/O and memory priority for the calling thread.
const threadModeBackgroundBegin = 0x00010000

var setThreadPriority = windows.NewLazySystemDLL("kernel32.dll").NewProc("SetThreadPriority")

// lowerThreadPriority puts the calling OS thread in background processing mode; a failure
// leaves it as it was.
func lowerThreadPriority() {
	_, _, _ = setThreadPriority.Call(uintptr(windows.CurrentThread()), threadModeBackgroundBegin)
}
