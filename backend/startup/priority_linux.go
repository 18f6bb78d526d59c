package startup

import "golang.org/x/sys/unix"

// ioprioClassIdle is IOPRIO_CLASS_IDLE (include/uapi/linux/ioprio.h), shifted to its place
// in an I/O priority value; ioprioWhoProcess is IOPRIO_WHO_PROCESS, which names a thread.
const (
	ioprioClassIdle  = 3 << 13
	ioprioWhoProcess = 1
)

// lowerThreadPriority gives the calling OS thread nice 19 and the idle I/O class. On Linux
// both apply to a thread id alone; failures leave the thread as it was.
func lowerThreadPriority() {
	tid := unix.Gettid()
	_ = unix.Setpriority(unix.PRIO_PROCESS, tid, 19)
	_, _, _ = unix.Syscall(unix.SYS_IOPRIO_SET, ioprioWhoProcess, uintptr(tid), ioprioClassIdle)
}
