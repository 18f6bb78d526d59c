//go:build linux

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The window driver's readers: the app's paint marks from its log, the proportional memory
// (PSS) of a process from /proc/PID/smaps_rollup, and the WebKit processes under the app.

// uiMark is one "ui mark" line the app logs with --ui-timing (app/system.go AboutService.Mark).
type uiMark struct {
	Name  string  `json:"mark"`
	AtMs  int64   `json:"at_ms"` // the Go clock (unix milliseconds) when the mark arrived
	UIMs  float64 `json:"ui_ms"` // the page's clock (performance.now) when its frame was painted
	Page  int     `json:"page"`
	Pages int     `json:"pages"`
}

// parseMarks reads the complete lines of a zerolog JSON log and returns its ui marks in
// order, and how many bytes it consumed (a last line still being written is left for the
// next read).
func parseMarks(b []byte) ([]uiMark, int) {
	var marks []uiMark
	used := 0
	for {
		nl := bytes.IndexByte(b[used:], '\n')
		if nl < 0 {
			return marks, used
		}
		line := b[used : used+nl]
		used += nl + 1
		if !bytes.Contains(line, []byte(`"ui mark"`)) {
			continue
		}
		var m uiMark
		if json.Unmarshal(line, &m) == nil && m.Name != "" {
			marks = append(marks, m)
		}
	}
}

// markLog follows the app's log file from where it ended before the app started.
type markLog struct {
	path   string
	offset int64
	buf    []byte
	marks  []uiMark
}

func newMarkLog(path string) *markLog {
	l := &markLog{path: path}
	if fi, err := os.Stat(path); err == nil {
		l.offset = fi.Size()
	}
	return l
}

// read takes in what the log gained since the last read.
func (l *markLog) read() error {
	f, err := os.Open(l.path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() < l.offset {
		l.offset, l.buf = 0, nil // rotated
	}
	if _, err := f.Seek(l.offset, io.SeekStart); err != nil {
		return err
	}
	more, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	l.offset += int64(len(more))
	l.buf = append(l.buf, more...)
	marks, used := parseMarks(l.buf)
	l.buf = l.buf[used:]
	l.marks = append(l.marks, marks...)
	return nil
}

// find returns the first mark named name that arrived at or after afterMs with a page of
// at least minPage.
func (l *markLog) find(name string, afterMs int64, minPage int) (uiMark, bool) {
	for _, m := range l.marks {
		if m.Name == name && m.AtMs >= afterMs && m.Page >= minPage {
			return m, true
		}
	}
	return uiMark{}, false
}

// rollup is what the driver reads of /proc/PID/smaps_rollup, in bytes.
type rollup struct {
	pss int64 // proportional set size: private memory plus a share of what is shared
	// pssAnon is the anonymous part of pss (heaps, JIT code, caches): unlike the part that
	// maps files, it does not move when other processes map the same libraries.
	pssAnon int64
}

// parseRollup reads the Pss and Pss_Anon lines of /proc/PID/smaps_rollup (Pss_Anon is there
// since Linux 5.7; without it pssAnon stays 0).
func parseRollup(r io.Reader) (rollup, error) {
	var ro rollup
	seen := false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || f[2] != "kB" || (f[0] != "Pss:" && f[0] != "Pss_Anon:") {
			continue
		}
		kb, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return ro, fmt.Errorf("smaps_rollup: %q: %w", sc.Text(), err)
		}
		if f[0] == "Pss:" {
			ro.pss, seen = kb*1024, true
		} else {
			ro.pssAnon = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return ro, err
	}
	if !seen {
		return ro, fmt.Errorf("smaps_rollup has no Pss line")
	}
	return ro, nil
}

// readRollup reads /proc/PID/smaps_rollup.
func readRollup(pid int) (rollup, error) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup"))
	if err != nil {
		return rollup{}, err
	}
	defer f.Close()
	return parseRollup(f)
}

// proc is a process as /proc/PID/stat names it.
type proc struct {
	pid, ppid int
	comm      string // the kernel's name: the executable's, cut to 15 bytes
	cpuTicks  int64  // user + system CPU time so far, in clock ticks (USER_HZ, 100 on Linux)
}

// clockTick is USER_HZ, the unit of /proc/PID/stat's CPU times (100 on every Linux ABI Go
// runs on).
const clockTick = 10 * time.Millisecond

func (p proc) cpu() time.Duration { return time.Duration(p.cpuTicks) * clockTick }

// procStat reads /proc/PID/stat.
func procStat(pid int) (proc, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return proc{}, err
	}
	return parseStat(string(b))
}

// parseStat reads the pid, command name and parent of a /proc/PID/stat line; the name is
// in parentheses and may itself hold spaces and parentheses.
func parseStat(s string) (proc, error) {
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return proc{}, fmt.Errorf("stat: %q", s)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(s[:open]))
	if err != nil {
		return proc{}, fmt.Errorf("stat pid: %q", s)
	}
	rest := strings.Fields(s[end+1:]) // state (field 3), ppid (4), ... utime (14), stime (15)
	if len(rest) < 13 {
		return proc{}, fmt.Errorf("stat: %q", s)
	}
	ppid, err := strconv.Atoi(rest[1])
	if err != nil {
		return proc{}, fmt.Errorf("stat ppid: %q", s)
	}
	utime, err1 := strconv.ParseInt(rest[11], 10, 64)
	stime, err2 := strconv.ParseInt(rest[12], 10, 64)
	if err1 != nil || err2 != nil {
		return proc{}, fmt.Errorf("stat cpu times: %q", s)
	}
	return proc{pid: pid, ppid: ppid, comm: s[open+1 : end], cpuTicks: utime + stime}, nil
}

// processes lists every process /proc shows (ones that end while it reads are skipped).
func processes() ([]proc, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var ps []proc
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if p, err := parseStat(string(b)); err == nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// descendantsNamed returns the processes under root (children, their children, ...) whose
// kernel name starts with prefix (WebKit's "WebKitWebProcess" shows as "WebKitWebProces").
func descendantsNamed(ps []proc, root int, prefix string) []int {
	children := map[int][]proc{}
	for _, p := range ps {
		children[p.ppid] = append(children[p.ppid], p)
	}
	var found []int
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		for _, c := range children[pid] {
			if strings.HasPrefix(c.comm, prefix) {
				found = append(found, c.pid)
			}
			queue = append(queue, c.pid)
		}
	}
	return found
}
