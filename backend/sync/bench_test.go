package sync_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/syncwire"
	"github.com/plantel/plantel/backend/testutil"
)

var (
	benchClients = flag.Int("sync.bench_clients", 20000, "clients in the initial-pull benchmark")
	benchUsers   = flag.Int("sync.bench_users", 0, "users in the initial-pull benchmark (default a tenth of the clients)")
	benchBare    = flag.Bool("sync.bench_bare", true, "also INSERT the same rows bare in the initial-pull benchmark")
	benchProfile = flag.String("sync.bench_cpuprofile", "", "write a CPU profile of the timed pulls of BenchmarkInitialPull here")
)

// BenchmarkInitialPull measures a new, empty workstation joining an organization
// (-sync.bench_users users, each in a workspace, and -sync.bench_clients clients) from a
// server on loopback, as the product does it for a large organization: through the server's
// ready copy (GET /v1/snapshot). The wall time goes from Join to the tail pulled on the
// swapped file: enrollment, the copy's download and checks, writing the workstation's own
// state into it, staging it, closing the store, putting the copy in place as the app's
// restart does (backup.FinishRestore), opening the store on it (migrations, columns) and the
// pull of what came after the copy. rows/s of that wall time, rows per CPU-second of the
// process (the server runs in it too), and separately the server's one-off build of the
// copy (build-s: the change log applied into a workstation-format file with the store's
// pull code, then published), which happens once per organization in the background, not
// per joining workstation; bare-rows/s and x-bare compare the same rows INSERTed bare.
//
//	go test ./backend/sync -run '^$' -bench InitialPull -benchtime 1x -sync.bench_clients 1000000 -sync.bench_users 100000
func BenchmarkInitialPull(b *testing.B) {
	srv := servertest.Start(b, "")
	users := *benchUsers
	if users <= 0 {
		users = max(*benchClients/10, 1)
	}
	org := genOrganization(users, *benchClients)
	seedServer(b, srv, org)
	rows := len(org.Changes)
	t0 := time.Now()
	info, err := srv.Snapshots.Build(ctx)
	if err != nil || info == nil {
		b.Fatalf("the server's copy: %v %v", info, err)
	}
	build := time.Since(t0)
	b.Logf("the server built its copy of %d rows in %v (%.0f rows/s), %d MB", rows, build.Round(time.Millisecond),
		float64(rows)/build.Seconds(), info.Size>>20)
	if *benchProfile != "" {
		f, err := os.Create(*benchProfile)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var bare []bareRow
	if *benchBare {
		bare = bareRows(b, org)
	}
	b.ResetTimer()
	var elapsed, cpu, bareElapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := b.TempDir() + "/" + store.FileName
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		staged := false
		tt := &timedTransport{}
		opt := plsync.Options{Transport: tt, CopyFrom: 1, OnCopyStaged: func() { staged = true }, Log: benchLog()}
		c := plsync.New(db, opt)
		code := srv.EnrollCode(b)
		b.StartTimer()
		start, c0 := time.Now(), processCPU()
		if _, err := c.Join(ctx, srv.URL, code); err != nil {
			b.Fatal(err)
		}
		if err := c.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		if !staged {
			b.Fatal("the copy was not used")
		}
		copied := time.Since(start)
		db.Close()
		if _, err := backup.FinishRestore(path, time.Now()); err != nil {
			b.Fatal(err)
		}
		if db, err = store.Open(ctx, path, store.Options{}); err != nil {
			b.Fatal(err)
		}
		if err := plsync.New(db, opt).SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		d, dc := time.Since(start), processCPU()-c0
		elapsed += d
		cpu += dc
		b.StopTimer()
		var got int
		if err := db.Read().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&got); err != nil {
			b.Fatal(err)
		}
		if got != *benchClients {
			b.Fatalf("%d clients joined, want %d", got, *benchClients)
		}
		db.Close()
		// The same rows, INSERTed bare into another empty file of the same schema (its
		// triggers included), in transactions of a pull page: the physical limit.
		bd := time.Duration(0)
		if *benchBare {
			bd = bareInsert(b, bare)
		}
		bareElapsed += bd
		b.Logf("join of %d rows through the copy: %v (%.0f rows/s; the copy downloaded, checked and staged in %v), %v CPU, %v in HTTP requests (%d); bare INSERT of the same rows %v (%.0f rows/s): %.2f×",
			rows, d.Round(time.Millisecond), float64(rows)/d.Seconds(), copied.Round(time.Millisecond), dc.Round(time.Millisecond), tt.d.Round(time.Millisecond), tt.n,
			bd.Round(time.Millisecond), float64(rows)/bd.Seconds(), d.Seconds()/bd.Seconds())
	}
	b.ReportMetric(float64(rows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/cpu.Seconds(), "rows/cpu-s")
	if *benchBare {
		b.ReportMetric(float64(rows*b.N)/bareElapsed.Seconds(), "bare-rows/s")
		b.ReportMetric(elapsed.Seconds()/bareElapsed.Seconds(), "x-bare")
	}
	b.ReportMetric(build.Seconds(), "build-s")
}

// bareRow is one row of the organization as SQLite stores it.
type bareRow struct {
	query string
	args  []any
}

// bareRows decodes the organization's creations into plain INSERTs (before the clock runs).
func bareRows(tb testing.TB, org genOrg) []bareRow {
	out := make([]bareRow, 0, len(org.Changes))
	for _, c := range org.Changes {
		wt, _ := syncwire.LookupTable(c.Table)
		keys := make([]string, 0, len(c.Fields))
		for k := range c.Fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		args := []any{c.ID}
		for _, k := range keys {
			col, _ := wt.Column(k)
			v, err := syncwire.DecodeValue(col, c.Fields[k])
			if err != nil {
				tb.Fatal(err)
			}
			if bv, ok := v.(bool); ok {
				v = 0
				if bv {
					v = 1
				}
			}
			args = append(args, v)
		}
		out = append(out, bareRow{fmt.Sprintf("INSERT INTO %s(id, %s) VALUES (?%s)", c.Table, strings.Join(keys, ", "),
			strings.Repeat(", ?", len(keys))), args})
	}
	return out
}

// bareInsert inserts rows into a new empty store with one prepared plain INSERT per table
// and column set, 5,000 rows (a pull page) per transaction, and returns the time it took.
func bareInsert(b *testing.B, rows []bareRow) time.Duration {
	db, err := store.Open(ctx, b.TempDir()+"/bare.db", store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var fns []func(context.Context, *sql.Tx) error
	for start := 0; start < len(rows); start += 5000 {
		part := rows[start:min(start+5000, len(rows))]
		fns = append(fns, func(ctx context.Context, tx *sql.Tx) error {
			stmts := map[string]*sql.Stmt{}
			defer func() {
				for _, s := range stmts {
					s.Close()
				}
			}()
			for _, r := range part {
				st := stmts[r.query]
				if st == nil {
					if st, err = tx.PrepareContext(ctx, r.query); err != nil {
						return err
					}
					stmts[r.query] = st
				}
				if _, err := st.ExecContext(ctx, r.args...); err != nil {
					return err
				}
			}
			return nil
		})
	}
	b.StartTimer()
	start := time.Now()
	testutil.RawWrite(b, db, fns...)
	d := time.Since(start)
	b.StopTimer()
	return d
}

// processCPU is the CPU time this process has used (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOneChange measures one change made on A and visible on B through the server
// (A's sync pushes it, B's sync pulls it) on loopback: p50 from A's sync to B holding it.
//
//	go test ./backend/sync -run '^$' -bench OneChange -benchtime 50x
func BenchmarkOneChange(b *testing.B) {
	srv := servertest.Start(b, "")
	env := testutil.NewEnv(b)
	env.Clock.Advance(time.Since(env.Clock.Now()))
	ca := plsync.New(env.DB, plsync.Options{})
	if _, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(b)); err != nil {
		b.Fatal(err)
	}
	if err := ca.SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, b.TempDir()+"/b.db", store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cb := plsync.New(db, plsync.Options{})
	if _, err := cb.Enroll(ctx, srv.URL, srv.EnrollCode(b)); err != nil {
		b.Fatal(err)
	}
	if err := cb.SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var times []time.Duration
	for i := 0; i < b.N; i++ {
		name := fmt.Sprintf("Nombre %d", i)
		if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
			return tx.Update("users", env.AgentA, store.Fields{"first_name": name})
		}); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := ca.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		if err := cb.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		var got string
		if err := db.Read().QueryRow(`SELECT first_name FROM users WHERE id = ?`, env.AgentA).Scan(&got); err != nil {
			b.Fatal(err)
		}
		if got != name {
			b.Fatalf("B has %q", got)
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

type timedTransport struct {
	d time.Duration
	n int
}

func (t *timedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.URL.Path != "/v1/snapshot" { // the copy streams to its file (its headers are timed)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	t.d += time.Since(start)
	t.n++
	return resp, err
}

// benchLog is the sync client's log in a benchmark: its lines (the copy's steps and their
// times) on stderr with -v.
func benchLog() zerolog.Logger {
	if testing.Verbose() {
		return zerolog.New(os.Stderr).Level(zerolog.InfoLevel)
	}
	return zerolog.Nop()
}
