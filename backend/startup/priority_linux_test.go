package startup

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// threadNice reads the nice value of thread tid of this process from /proc (field 19 of
// stat, counted after the parenthesised command name).
func threadNice(tid string) (int, bool) {
	b, err := os.ReadFile(filepath.Join("/proc/self/task", tid, "stat"))
	if err != nil {
		return 0, false
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	n, err := strconv.Atoi(fields[16])
	return n, err == nil
}

// lowThreads lists the threads of this process running at nice 19, but the main thread: a
// goroutine that ends locked to the main thread wedges it (Go never exits the main thread;
// it runs nothing again). In the app the main thread is locked to the window's toolkit
// from init, so background work never lands there; in a test it may.
func lowThreads() []string {
	tasks, _ := os.ReadDir("/proc/self/task")
	main := strconv.Itoa(os.Getpid())
	var low []string
	for _, t := range tasks {
		if n, ok := threadNice(t.Name()); ok && n == 19 && t.Name() != main {
			low = append(low, t.Name())
		}
	}
	return low
}

// Background work (the quick_check of a large file) runs at nice 19 in the idle I/O class,
// so it takes only what the window leaves over; the thread it lowered never runs anything
// else of the app afterwards.
func TestBackgroundWorkRunsAtTheLowestPriorityAndLeavesNoThreadBehind(t *testing.T) {
	if len(lowThreads()) > 0 {
		t.Fatalf("threads at nice 19 before the test: %v", lowThreads())
	}
	var nice, ioprio int
	err := inBackground(func() error {
		tid := strconv.Itoa(unix.Gettid())
		nice, _ = threadNice(tid)
		p, _, errno := unix.Syscall(unix.SYS_IOPRIO_GET, ioprioWhoProcess, uintptr(unix.Gettid()), 0)
		if errno != 0 {
			return errno
		}
		ioprio = int(p)
		return fmt.Errorf("work's own error")
	})
	if err == nil || err.Error() != "work's own error" {
		t.Fatalf("inBackground returned %v, not the work's error", err)
	}
	if nice != 19 || ioprio>>13 != 3 {
		t.Fatalf("the work ran at nice %d, I/O class %d; want 19 and idle (3)", nice, ioprio>>13)
	}
	// The runtime retires the thread when its goroutine ends locked to it (asynchronously).
	deadline := time.Now().Add(5 * time.Second)
	for len(lowThreads()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("a thread at nice 19 is still serving the app: %v", lowThreads())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Verify's quick_check is that background work: while it waits for the file and reads it, a
// thread of the process runs at nice 19, and the answer is the check's. Another connection
// holds the file locked until that thread has been seen (the check waits for it, up to its
// busy timeout), so a quick check cannot be over before anyone looks: sampled while a 5 MB
// file was read, the test failed once in CI at load, when the check ended between samples.
func TestVerifyChecksAtBackgroundPriority(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "big.db")
	d, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, q := range []string{
		`CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)
		 INSERT INTO t(v) SELECT printf('%040d-%d', i * 7919, i) FROM n`,
		`CREATE INDEX t_v ON t(v)`,
	} {
		if _, err := d.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	lock, err := d.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	release := func() {
		if _, err := lock.ExecContext(ctx, `ROLLBACK`); err != nil {
			t.Fatal(err)
		}
	}

	st := &Started{path: path, dir: dir}
	done := make(chan error, 1)
	go func() { done <- st.Verify(ctx) }()
	for deadline := time.Now().Add(5 * time.Second); len(lowThreads()) == 0; time.Sleep(time.Millisecond) {
		select {
		case err := <-done:
			release()
			t.Fatalf("the check ended (%v) while the file was locked, and no thread ran at nice 19", err)
		default:
		}
		if time.Now().After(deadline) {
			release()
			t.Fatalf("no thread ran at nice 19 while quick_check waited for the file (it then returned %v)", <-done)
		}
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("a sound file failed the check: %v", err)
	}
}
