package sync_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

var benchClients = flag.Int("sync.bench_clients", 20000, "clients in the initial-pull benchmark")

// BenchmarkInitialPull measures a new workstation downloading an organization (the
// seeded users plus -sync.bench_clients clients) from a server on loopback: rows/s.
func BenchmarkInitialPull(b *testing.B) {
	srv := servertest.Start(b, "")
	env := testutil.NewEnv(b)
	env.Clock.Advance(time.Since(env.Clock.Now()))
	n := *benchClients
	for done := 0; done < n; done += 5000 {
		if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
			for i := done; i < min(done+5000, n); i++ {
				if err := tx.Insert("clients", store.NewID(), store.Fields{"name": fmt.Sprintf("Cliente %d", i), "phone": fmt.Sprintf("+51 9%08d", i),
					"workspace_id": env.WorkspaceA, "owner_id": env.AgentA}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	up := plsync.New(env.DB, plsync.Options{BatchSize: 2000})
	if _, err := up.Enroll(ctx, srv.URL, srv.EnrollCode(b)); err != nil {
		b.Fatal(err)
	}
	if err := up.SyncOnce(ctx); err != nil {
		b.Fatal(err)
	}
	var rows int
	for _, t := range store.SyncedTables() {
		var c int
		if err := env.DB.Read().QueryRow("SELECT COUNT(*) FROM " + t).Scan(&c); err != nil {
			b.Fatal(err)
		}
		rows += c
	}
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, b.TempDir()+"/p.db", store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		tt := &timedTransport{}
		c := plsync.New(db, plsync.Options{PullLimit: 5000, Transport: tt})
		if _, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(b)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := c.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		b.Logf("pull: %v total, %v in HTTP (%d requests)", time.Since(start), tt.d, tt.n)
		db.Close()
	}
	b.ReportMetric(float64(rows*b.N)/elapsed.Seconds(), "rows/s")
}

// BenchmarkOneChange measures one change made on A and visible on B through the server
// (A pushes, B pulls) on loopback.
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
	for i := 0; i < b.N; i++ {
		name := fmt.Sprintf("Nombre %d", i)
		if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
			return tx.Update("users", env.AgentA, store.Fields{"first_name": name})
		}); err != nil {
			b.Fatal(err)
		}
		if err := ca.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		if err := cb.SyncOnce(ctx); err != nil {
			b.Fatal(err)
		}
		var got string
		if err := db.Read().QueryRow(`SELECT first_name FROM users WHERE id = ?`, env.AgentA).Scan(&got); err != nil {
			b.Fatal(err)
		}
		if got != name {
			b.Fatalf("B has %q", got)
		}
	}
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
