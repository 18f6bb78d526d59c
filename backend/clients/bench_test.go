package clients_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/testutil"
)

// BenchmarkTransfer100k moves a portfolio of 100,000 clients, each with an open
// follow-up, from one agent to another (and back on the next iteration): one
// transaction, 200,000 rows changed with their sync outbox entries, one audit entry.
func BenchmarkTransfer100k(b *testing.B) {
	f := newFixture(b, 0)
	bulkSeed(b, f, f.AgentA, 100_000)
	from, to := f.AgentA, f.P.AgentA3
	b.ResetTimer()
	for b.Loop() {
		res, err := f.Svc.Move(ctx, f.AdminA, clients.MoveRequest{FromUserID: from, ToUserIDs: []string{to}}, nil)
		if err != nil || res.Clients != 100_000 || res.Followups != 100_000 {
			b.Fatalf("%+v %v", res, err)
		}
		from, to = to, from
	}
}

// BenchmarkSpread100k spreads 100,000 clients over three agents.
func BenchmarkSpread100k(b *testing.B) {
	f := newFixture(b, 0)
	bulkSeed(b, f, f.AgentA, 100_000)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		for _, u := range []string{f.P.AgentA2, f.P.AgentA3, f.P.AgentA4} {
			if _, err := f.Svc.Move(ctx, f.AdminA, clients.MoveRequest{FromUserID: u, ToUserIDs: []string{f.AgentA}}, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := f.Svc.Move(ctx, f.AdminA, clients.MoveRequest{FromUserID: f.AgentA, ToUserIDs: []string{f.P.AgentA2, f.P.AgentA3, f.P.AgentA4}}, nil)
		// 100,000 and the seed's "Other client" of Agent A2, gathered back with the rest.
		if err != nil || res.Clients < 100_000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
}

// bulkSeed gives owner n clients of workspace A, each with an open follow-up, in one
// SQL statement each through testutil.BulkSeed (benchmark set-up only: through the write path, with an audit entry
// per row, it takes minutes). The search index follows by its triggers.
func bulkSeed(b *testing.B, f *fixture, owner string, n int) {
	b.Helper()
	start := time.Now()
	now := f.Clock.Now().UTC().Format(time.RFC3339Nano)
	testutil.BulkSeed(b, f.DB, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO clients(id, name, workspace_id, owner_id, created_at, updated_at)
		SELECT printf('bench-%08d', i), printf('Bench client %06d', i), ?, ?, ?, ? FROM seq`, n, f.WorkspaceA, owner, now, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO followups(id, client_id, owner_id, due_at, created_at, updated_at)
		SELECT 'f-' || id, id, owner_id, ?, ?, ? FROM clients WHERE id LIKE 'bench-%'`, now, now, now)
		return err
	})
	b.Logf("seeded %d clients with follow-ups in %v", n, time.Since(start))
}
