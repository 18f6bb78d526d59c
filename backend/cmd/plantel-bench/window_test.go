//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The driver reads the app's paint marks from its zerolog log: other lines are skipped, and
// a line still being written is left for the next read, not lost or misread.
func TestParseMarksSkipsOtherLinesAndKeepsAPartialOne(t *testing.T) {
	log := `{"level":"info","db":"/d/plantel.db","time":"2026-12-06T12:46:34Z","message":"starting"}
{"level":"info","mark":"signin_painted","at_ms":1796561199693,"ui_ms":704.5,"page":0,"pages":0,"time":"2026-12-06T12:46:39Z","message":"ui mark"}
{"level":"info","mark":"users_rows_painted","at_ms":1796561218581,"ui_ms":19536,"page":2,"pages":201,"message":"ui mark"}
{"level":"info","mark":"home_pai`
	marks, used := parseMarks([]byte(log))
	want := []uiMark{{Name: "signin_painted", AtMs: 1796561199693, UIMs: 704.5},
		{Name: "users_rows_painted", AtMs: 1796561218581, UIMs: 19536, Page: 2, Pages: 201}}
	if !slices.Equal(marks, want) {
		t.Fatalf("marks %+v, want %+v", marks, want)
	}
	if rest := log[used:]; rest != `{"level":"info","mark":"home_pai` {
		t.Fatalf("left for the next read: %q", rest)
	}
}

// markLog follows the log from where it ended before the start: older marks (an earlier
// start on the same data directory) are not taken for this start's.
func TestMarkLogReadsOnlyWhatTheStartWrote(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plantel.log")
	old := `{"mark":"signin_painted","at_ms":100,"message":"ui mark"}` + "\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	l := newMarkLog(path)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(`{"mark":"signin_painted","at_ms":200,"message":"ui mark"}` + "\n" + `{"mark":"home_painted","at_ms":3`); err != nil {
		t.Fatal(err)
	}
	if err := l.read(); err != nil {
		t.Fatal(err)
	}
	if m, ok := l.find("signin_painted", 0, 0); !ok || m.AtMs != 200 {
		t.Fatalf("signin_painted: %+v %v", m, ok)
	}
	if _, ok := l.find("home_painted", 0, 0); ok {
		t.Fatal("a half-written line was read")
	}
	if _, err := f.WriteString(`00,"message":"ui mark"}` + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := l.read(); err != nil {
		t.Fatal(err)
	}
	if m, ok := l.find("home_painted", 250, 0); !ok || m.AtMs != 300 {
		t.Fatalf("home_painted after the line ended: %+v %v", m, ok)
	}
}

// PSS and its anonymous part come from smaps_rollup, in bytes; the real file of this
// process parses too.
func TestParsePss(t *testing.T) {
	text := `55d0c0a3e000-7ffd2b5f4000 ---p 00000000 00:00 0                          [rollup]
Rss:              215340 kB
Pss:              180217 kB
Pss_Dirty:        150000 kB
Pss_Anon:         140000 kB
Shared_Clean:      40000 kB
`
	got, err := parseRollup(strings.NewReader(text))
	if err != nil || got != (rollup{pss: 180217 * 1024, pssAnon: 140000 * 1024}) {
		t.Fatalf("rollup %+v, %v", got, err)
	}
	if _, err := parseRollup(strings.NewReader("Rss: 10 kB\n")); err == nil {
		t.Fatal("no Pss line: no error")
	}
	self, err := readRollup(os.Getpid())
	if err != nil || self.pss < 1<<20 || self.pssAnon > self.pss {
		t.Fatalf("this process: %+v, %v", self, err)
	}
}

// A stat line's command name may hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	p, err := parseStat("4242 (Web Content (x)) S 4200 4242 4242 0 -1 4194560 1 0 0 0 120 31 0 0 20 0 1 0 99")
	if err != nil || p != (proc{pid: 4242, ppid: 4200, comm: "Web Content (x)", cpuTicks: 151}) || p.cpu() != 1510*time.Millisecond {
		t.Fatalf("%+v, %v", p, err)
	}
	if _, err := parseStat("garbage"); err == nil {
		t.Fatal("garbage parsed")
	}
}

// The WebKit web process is found under the app however deep it sits (a sandbox may put a
// process between them): here a real shell under this test runs a real sleep.
func TestDescendantsNamedFindsAGrandchild(t *testing.T) {
	cmd := exec.Command("sh", "-c", "sleep 30; true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	var found []int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		ps, err := processes()
		if err != nil {
			t.Fatal(err)
		}
		if found = descendantsNamed(ps, os.Getpid(), "slee"); len(found) > 0 {
			break
		}
	}
	if len(found) != 1 {
		t.Fatalf("sleep under this test: %v", found)
	}
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(found[0]), "stat"))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := parseStat(string(b)); p.ppid != cmd.Process.Pid || p.comm != "sleep" {
		t.Fatalf("found %+v, want the shell's (%d) sleep", p, cmd.Process.Pid)
	}
	ps := []proc{{1, 0, "init", 0}, {10, 1, "plantel", 0}, {11, 10, "bwrap", 0}, {12, 11, "WebKitWebProces", 0},
		{13, 10, "WebKitNetworkPr", 0}, {20, 1, "WebKitWebProces", 0}}
	if got := descendantsNamed(ps, 10, "WebKitWebProces"); !slices.Equal(got, []int{12}) {
		t.Fatalf("web process under 10: %v (another app's must not count)", got)
	}
}
