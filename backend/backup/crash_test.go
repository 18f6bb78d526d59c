package backup_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// crashRuns is how many times each bulk operation is killed: a short default for CI,
// `-crash.runs=200` for a long run.
var crashRuns = flag.Int("crash.runs", 8, "SIGKILL runs per bulk operation in TestCrashSafety")

const (
	envChild = "PLANTEL_CRASH_CHILD" // the operation the re-executed test binary runs
	envDB    = "PLANTEL_CRASH_DB"
	envActor = "PLANTEL_CRASH_ACTOR"
	envFrom  = "PLANTEL_CRASH_FROM"
	envTo    = "PLANTEL_CRASH_TO"
	crashN   = 1500 // clients a transfer moves
	importN  = 300  // rows an import writes (an import row costs more than a moved one)
)

func TestMain(m *testing.M) {
	if op := os.Getenv(envChild); op != "" {
		if err := crashChild(op); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild runs one bulk operation on the database named in the environment, as the app
// would: through the store and the clients service. The parent kills it part-way.
func crashChild(op string) error {
	ctx := context.Background()
	path := os.Getenv(envDB)
	if op == "restore" {
		// What the app does at start after "Restore": finish the staged swap, then open.
		if _, err := backup.FinishRestore(path, time.Now()); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	owner := &access.Actor{UserID: os.Getenv(envActor), SessionID: "crash", Role: access.Owner}
	svc := clients.New(db, zerolog.Nop())
	switch op {
	case "import":
		rows := make([]clients.ImportRow, importN)
		for i := range rows {
			rows[i] = clients.ImportRow{Name: fmt.Sprintf("Importado %05d", i), Workspace: "Lima", Owner: testutil.AgentAUsername}
		}
		_, err = svc.Import(ctx, owner, rows, clients.ImportOptions{}, nil)
	case "transfer":
		_, err = svc.Move(ctx, owner, clients.MoveRequest{FromUserID: os.Getenv(envFrom), ToUserIDs: []string{os.Getenv(envTo)}}, nil)
	case "restore":
	default:
		return fmt.Errorf("unknown operation %q", op)
	}
	return err
}

// TestCrashSafety kills an import, a portfolio transfer and a restore with SIGKILL at
// random moments, crashRuns times each, and checks that the database reopens, passes
// integrity_check, and holds the data wholly before or wholly after the operation.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses; skipped with -short")
	}
	if raceOn {
		t.Skip("too slow under the race detector; scripts/test.sh runs it again without it (NO_RACE_TESTS)")
	}
	e := testutil.NewEnv(t)
	e.SeedClients("Cartera", e.AgentA, e.WorkspaceA, crashN, true)
	ctx := context.Background()
	template := filepath.Join(t.TempDir(), "template.db")
	if err := e.DB.Snapshot(ctx, template, nil); err != nil {
		t.Fatal(err)
	}
	// The restore's "after": the same database without the portfolio.
	empty := testutil.NewEnv(t)
	restored := filepath.Join(t.TempDir(), "restored.db")
	if err := empty.DB.Snapshot(ctx, restored, nil); err != nil {
		t.Fatal(err)
	}
	type state = func(path string) (before, after bool)
	clientsOf := func(path, owner string) int {
		return count(t, path, fmt.Sprintf(`SELECT COUNT(*) FROM clients WHERE owner_id = '%s'`, owner))
	}
	ops := []struct {
		name  string
		check state
	}{
		{"import", func(p string) (bool, bool) {
			n := count(t, p, `SELECT COUNT(*) FROM clients WHERE name LIKE 'Importado %'`)
			return n == 0, n == importN
		}},
		{"transfer", func(p string) (bool, bool) {
			a, b := clientsOf(p, e.AgentA), clientsOf(p, e.Admin)
			fa := count(t, p, fmt.Sprintf(`SELECT COUNT(*) FROM followups WHERE owner_id = '%s'`, e.Admin))
			return a == crashN && b == 0 && fa == 0, a == 0 && b == crashN && fa == crashN
		}},
		{"restore", func(p string) (bool, bool) {
			n := count(t, p, `SELECT COUNT(*) FROM clients`)
			return n == crashN, n == 0
		}},
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			var befores, afters int
			window := 1500 * time.Millisecond // replaced by the unkilled run's duration
			for run := 0; run < *crashRuns; run++ {
				dir := t.TempDir()
				path := filepath.Join(dir, store.FileName)
				if err := store.CopyDatabase(ctx, template, path, nil); err != nil {
					t.Fatal(err)
				}
				if op.name == "restore" {
					if err := backup.Stage(ctx, restored, path, nil); err != nil {
						t.Fatal(err)
					}
				}
				cmd := exec.Command(exe, "-test.run=^$")
				var stderr strings.Builder
				cmd.Stderr = &stderr
				cmd.Env = append(os.Environ(), envChild+"="+op.name, envDB+"="+path, envActor+"="+e.Owner,
					envFrom+"="+e.AgentA, envTo+"="+e.Admin)
				started := time.Now()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Kill somewhere between the start and a little past the usual end; the first
				// run is not killed and must finish (so "after" is reachable at all).
				delay := time.Duration(rng.Int64N(int64(window) * 6 / 5))
				if run == 0 {
					delay = time.Minute
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-time.After(delay):
					_ = cmd.Process.Signal(syscall.SIGKILL)
					<-done //nolint:errcheck // killed on purpose: Wait can only say so
				case err := <-done:
					if err != nil {
						t.Fatalf("run %d: the operation failed on its own: %v %s", run, err, stderr.String())
					}
					if run == 0 {
						window = time.Since(started)
					}
				}
				// The next start: finish a pending restore, open (migrations, checks), verify.
				if _, err := backup.FinishRestore(path, time.Now()); err != nil {
					t.Fatalf("run %d: finish restore: %v", run, err)
				}
				db, err := store.Open(ctx, path, store.Options{})
				if err != nil {
					t.Fatalf("run %d (killed after %s): reopen: %v", run, delay, err)
				}
				qerr := db.QuickCheck(ctx)
				db.Close()
				if qerr != nil {
					t.Fatalf("run %d: quick_check: %v", run, qerr)
				}
				if err := store.IntegrityCheck(ctx, path); err != nil {
					t.Fatalf("run %d (killed after %s): integrity_check: %v", run, delay, err)
				}
				before, after := op.check(path)
				switch {
				case before && run == 0:
					t.Fatalf("the unkilled run left the data as before")
				case before:
					befores++
				case after:
					afters++
				default:
					t.Fatalf("run %d (killed after %s): data half-done", run, delay)
				}
			}
			t.Logf("%s: %d runs, %d wholly before, %d wholly after", op.name, *crashRuns, befores, afters)
		})
	}
}
