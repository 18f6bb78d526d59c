package sync_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

var (
	benchClients = flag.Int("sync.bench_clients", 20000, "clients in the initial-pull benchmark")
	benchUsers   = flag.Int("sync.bench_users", 0, "users in the initial-pull benchmark (default a tenth of the clients)")
	benchProfile = flag.String("sync.bench_cpuprofile", "", "write a CPU profile of the timed pulls of BenchmarkInitialPull here")
)

// BenchmarkInitialPull measures a new, empty workstation downloading an organization
// (-sync.bench_users users, each in a workspace, and -sync.bench_clients clients) from a
// server on loopback: rows/s of wall time, and rows per CPU-second of the process (the
// server runs in it too), which a loaded build machine disturbs less.
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
	b.ResetTimer()
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, b.TempDir()+"/p.db", store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		tt := &timedTransport{}
		c := plsync.New(db, plsync.Options{Transport: tt})
		if _, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(b)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, c0 := time.Now(), processCPU()
		if err := c.SyncOnce(ctx); err != nil {
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
			b.Fatalf("%d clients pulled, want %d", got, *benchClients)
		}
		b.Logf("pull of %d rows: %v (%.0f rows/s), %v CPU, %v in HTTP requests (%d)", rows, d.Round(time.Millisecond),
			float64(rows)/d.Seconds(), dc.Round(time.Millisecond), tt.d.Round(time.Millisecond), tt.n)
		db.Close()
	}
	b.ReportMetric(float64(rows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/cpu.Seconds(), "rows/cpu-s")
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
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	t.d += time.Since(start)
	t.n++
	return resp, err
}
