package sync_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	gosync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
)

// syncCrashRuns is how many times the crash test kills a workstation in each phase (a
// local bulk write, a push, a pull): a short default for CI, `-sync.crash.runs=30` for a
// long run.
var syncCrashRuns = flag.Int("sync.crash.runs", 2, "SIGKILL runs per phase in TestSyncSurvivesKill9")

const (
	envCrashChild = "PLANTEL_SYNC_CRASH_CHILD" // the run number, in the re-executed test binary
	envCrashDB    = "PLANTEL_SYNC_CRASH_DB"
	envCrashOwner = "PLANTEL_SYNC_CRASH_OWNER"
	envCrashWS    = "PLANTEL_SYNC_CRASH_WS"
	crashSingles  = 30  // clients written one transaction each, then each renamed once
	crashBulk     = 300 // clients written in one transaction
)

// markTransport prints a phase marker before the first push and the first pull of the
// child, so the parent knows where it kills.
type markTransport struct {
	once map[string]*gosync.Once
}

func (m markTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	for p, o := range m.once {
		if strings.HasSuffix(r.URL.Path, "/"+p) {
			o.Do(func() { fmt.Printf("phase %s\n", p) })
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// crashChild is one run of the workstation the parent kills: it opens the database named
// in the environment, writes clients one by one (printing "ack ID NAME" once each write
// has committed), renames them, writes a bulk of clients in one transaction ("ack-bulk"),
// then syncs (push, then a pull of many small pages). Stdout is unbuffered: an ack line
// is out before the next write starts.
func crashChild() int {
	ctx := context.Background()
	run := os.Getenv(envCrashChild)
	owner, ws := os.Getenv(envCrashOwner), os.Getenv(envCrashWS)
	db, err := store.Open(ctx, os.Getenv(envCrashDB), store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child: open:", err)
		return 2
	}
	defer db.Close()
	fail := func(what string, err error) int {
		fmt.Fprintf(os.Stderr, "child: %s: %v\n", what, err)
		return 2
	}
	fmt.Println("phase write")
	ids := make([]string, crashSingles)
	for i := range ids {
		ids[i] = store.NewID()
		name := fmt.Sprintf("Run %s client %d", run, i)
		if err := db.Write(ctx, owner, func(tx *store.Tx) error {
			return tx.Insert("clients", ids[i], store.Fields{"name": name, "workspace_id": ws})
		}); err != nil {
			return fail("write", err)
		}
		fmt.Printf("ack %s %s\n", ids[i], name)
	}
	for i, id := range ids {
		name := fmt.Sprintf("Run %s client %d renamed", run, i)
		if err := db.Write(ctx, owner, func(tx *store.Tx) error {
			return tx.Update("clients", id, store.Fields{"name": name})
		}); err != nil {
			return fail("rename", err)
		}
		fmt.Printf("ack %s %s\n", id, name)
	}
	fmt.Println("phase bulk")
	if err := db.Write(ctx, owner, func(tx *store.Tx) error {
		for i := 0; i < crashBulk; i++ {
			if err := tx.Insert("clients", store.NewID(), store.Fields{"name": fmt.Sprintf("Bulk %s-%04d", run, i), "workspace_id": ws}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return fail("bulk", err)
	}
	fmt.Printf("ack-bulk %s\n", run)
	c := plsync.New(db, plsync.Options{BatchSize: 20, PullLimit: 25,
		Transport: markTransport{once: map[string]*gosync.Once{"push": {}, "pull": {}}}})
	if err := c.SyncOnce(ctx); err != nil {
		return fail("sync", err)
	}
	fmt.Println("phase done")
	return 0
}

// TestSyncSurvivesKill9 runs a workstation in a child process (this test binary again)
// against a real server on 127.0.0.1 and kills it with SIGKILL in the middle of a local
// bulk write, of a push and of a pull, several times each; between runs another
// workstation pushes hundreds of changes, so every pull has many pages. After each kill the
// workstation's file passes integrity_check, holds its bulk write wholly or not at all,
// and, synced until quiet, equals the other workstation; at the end a workstation joining
// the server equals both, and every write the child acknowledged (committed) is there with
// its last acknowledged value: nothing acknowledged is lost.
func TestSyncSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped with -short")
	}
	if raceOn {
		t.Skip("too slow under the race detector; scripts/test.sh runs it again without it (NO_RACE_TESTS)")
	}
	srv := servertest.Start(t, "")
	env := seeded(t)
	a := plsync.New(env.DB, plsync.Options{})
	_, err := a.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, a.SyncOnce(ctx))

	path := filepath.Join(t.TempDir(), store.FileName)
	w, err := store.Open(ctx, path, store.Options{})
	must(t, err)
	_, err = plsync.New(w, plsync.Options{}).Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, plsync.New(w, plsync.Options{}).SyncOnce(ctx))
	must(t, w.Close())

	exe, err := os.Executable()
	must(t, err)
	acked := map[string]string{} // client id → last acknowledged name
	bulkAcked := map[string]bool{}
	phases := []string{"bulk", "push", "pull"}
	window := map[string]time.Duration{}
	landed := map[string]int{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	aClients := 0
	runs := 1 + len(phases)*(*syncCrashRuns)
	for run := 0; run < runs; run++ {
		// The other workstation's changes of this round: new clients and renames.
		must(t, env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
			for i := 0; i < 150; i++ {
				id := store.NewID()
				if err := tx.Insert("clients", id, store.Fields{"name": fmt.Sprintf("A %d-%d", run, i), "workspace_id": env.WorkspaceA}); err != nil {
					return err
				}
				if err := tx.Update("clients", id, store.Fields{"phone": fmt.Sprintf("+51 9%08d", run*1000+i)}); err != nil {
					return err
				}
			}
			return nil
		}))
		aClients += 150
		must(t, a.SyncOnce(ctx))

		phase := ""
		if run > 0 {
			phase = phases[(run-1)%len(phases)]
		}
		cmd := exec.Command(exe, "-test.run=^$")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", envCrashChild, run), envCrashDB+"="+path,
			envCrashOwner+"="+env.Owner, envCrashWS+"="+env.WorkspaceA)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		killed := make(chan string, 1)
		last := "start"
		marks := map[string]time.Time{}
		lines := bufio.NewScanner(out)
		var killOnce gosync.Once
		scheduled := false
		for lines.Scan() {
			f := strings.SplitN(lines.Text(), " ", 3)
			switch f[0] {
			case "ack":
				acked[f[1]] = f[2]
			case "ack-bulk":
				bulkAcked[f[1]] = true
				marks["ack-bulk"] = time.Now()
			case "phase":
				last = f[1]
				marks[f[1]] = time.Now()
				if f[1] == phase {
					// Somewhere in this phase (as long as the unkilled run took for it).
					d := time.Duration(rng.Int64N(int64(max(window[phase], time.Millisecond))))
					killOnce.Do(func() {
						scheduled = true
						go func() {
							time.Sleep(d)
							_ = cmd.Process.Signal(syscall.SIGKILL)
							killed <- fmt.Sprintf("%s +%s", phase, d)
						}()
					})
				}
			}
		}
		werr := cmd.Wait()
		where := ""
		if scheduled {
			if where = <-killed; werr == nil {
				where = "" // it finished before the kill
			}
		}
		if run == 0 {
			if werr != nil {
				t.Fatalf("the unkilled run failed: %v %s", werr, stderr.String())
			}
			// Each phase's window: the bulk transaction itself (up to its commit), the
			// pushes (up to the first pull), the pulls.
			window["bulk"] = marks["ack-bulk"].Sub(marks["bulk"])
			window["push"] = marks["pull"].Sub(marks["push"])
			window["pull"] = marks["done"].Sub(marks["pull"])
			t.Logf("unkilled run: bulk %s, push %s, pull %s", window["bulk"], window["push"], window["pull"])
		} else if where == "" && werr != nil {
			t.Fatalf("run %d failed on its own: %v %s", run, werr, stderr.String())
		}
		if where != "" {
			landed[last]++
		}

		// Restart: the file is sound, the bulk write all or nothing, then sync until quiet.
		if err := store.IntegrityCheck(ctx, path); err != nil {
			t.Fatalf("run %d (killed in %s): integrity_check: %v", run, where, err)
		}
		w, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("run %d (killed in %s): reopen: %v", run, where, err)
		}
		nb := count(t, w, `SELECT COUNT(*) FROM clients WHERE name LIKE ?`, fmt.Sprintf("Bulk %d-%%", run))
		if nb != 0 && nb != crashBulk || bulkAcked[fmt.Sprint(run)] && nb != crashBulk {
			t.Fatalf("run %d (killed in %s): %d of the bulk's %d clients (acknowledged %v)", run, where, nb, crashBulk, bulkAcked[fmt.Sprint(run)])
		}
		wc := plsync.New(w, plsync.Options{BatchSize: 50})
		for i := 0; ; i++ {
			must(t, wc.SyncOnce(ctx))
			must(t, a.SyncOnce(ctx))
			if count(t, w, `SELECT COUNT(*) FROM sync_outbox`) == 0 && count(t, env.DB, `SELECT COUNT(*) FROM sync_outbox`) == 0 {
				must(t, wc.SyncOnce(ctx))
				break
			}
			if i == 5 {
				t.Fatalf("run %d: not quiet after 5 rounds", run)
			}
		}
		if got, want := dumpSynced(t, w), dumpSynced(t, env.DB); got != want {
			t.Fatalf("run %d (killed in %s): the workstations differ:\n%.3000s", run, where, diffLines(got, want))
		}
		for _, q := range []string{`SELECT COUNT(*) FROM sync_parked`, `SELECT COUNT(*) FROM sync_conflicts`} {
			if n := count(t, w, q); n != 0 {
				t.Fatalf("run %d: %s = %d", run, q, n)
			}
		}
		must(t, w.Close())
		t.Logf("run %d: killed in %q (last phase seen %s)", run, where, last)
	}
	t.Logf("kills landed in: %v", landed)
	for _, p := range phases {
		if landed[p] == 0 && *syncCrashRuns >= 3 {
			t.Errorf("no kill landed in the %s phase", p)
		}
	}

	// A workstation joining now holds what the server holds: the same as both.
	late := empty(t)
	lc := plsync.New(late, plsync.Options{})
	_, err = lc.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, lc.SyncOnce(ctx))
	if got, want := dumpSynced(t, late), dumpSynced(t, env.DB); got != want {
		t.Fatalf("the server's state differs from the workstations':\n%.3000s", diffLines(got, want))
	}
	for id, name := range acked {
		if n := count(t, late, `SELECT COUNT(*) FROM clients WHERE id = ? AND name = ?`, id, name); n != 1 {
			t.Fatalf("acknowledged write lost: client %s %q", id, name)
		}
	}
	for run := range bulkAcked {
		if n := count(t, late, `SELECT COUNT(*) FROM clients WHERE name LIKE ?`, "Bulk "+run+"-%"); n != crashBulk {
			t.Fatalf("acknowledged bulk write of run %s: %d of %d clients on the server", run, n, crashBulk)
		}
	}
	if n := count(t, late, `SELECT COUNT(*) FROM clients WHERE name LIKE 'A %'`); n != aClients {
		t.Fatalf("%d of the other workstation's %d clients on the server", n, aClients)
	}
	t.Logf("%d runs, %d acknowledged single writes, %d acknowledged bulk writes, all on the server", runs, len(acked), len(bulkAcked))
}
