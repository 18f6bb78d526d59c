package clients_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/clients"
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

// BenchmarkListSearch is the client list's first page with a search term at 100,000
// clients: of one agent's ~900-client portfolio (owner filter, and the agent's own view),
// and of everyone (the trigram index).
func BenchmarkListSearch(b *testing.B) {
	f := newFixture(b, 0)
	bulkSeed(b, f, f.P.AgentA3, 99_100)
	bulkSeedNamed(b, f, f.AgentA, 900, "mine")
	cases := []struct {
		name  string
		agent bool
		q     clients.ListQuery
	}{
		{"owner-filter+search", false, clients.ListQuery{Search: "client 0004", OwnerIDs: []string{f.AgentA}}},
		{"agent-own+search", true, clients.ListQuery{Search: "client 0004"}},
		{"everyone+search", false, clients.ListQuery{Search: "client 0004"}},
		{"everyone-first-page", false, clients.ListQuery{}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			actor := f.OwnerA
			if c.agent {
				actor = f.AgA
			}
			for b.Loop() {
				if _, err := f.Svc.List(ctx, actor, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bulkSeedNamed gives owner n clients named "<prefix> client 000001"...
func bulkSeedNamed(b *testing.B, f *fixture, owner string, n int, prefix string) {
	b.Helper()
	now := f.Clock.Now().UTC().Format(time.RFC3339Nano)
	_, err := f.BulkDB().Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO clients(id, name, workspace_id, owner_id, created_at, updated_at)
		SELECT printf('%s-%08d', ?, i), printf('%s client %06d', ?, i), ?, ?, ?, ? FROM seq`, n, prefix, prefix, f.WorkspaceA, owner, now, now)
	must(b, err)
}

// bulkSeed gives owner n clients of workspace A, each with an open follow-up, in one
// SQL statement each (benchmark set-up only: through the write path, with an audit entry
// per row, it takes minutes). The search index follows by its triggers.
func bulkSeed(b *testing.B, f *fixture, owner string, n int) {
	b.Helper()
	start := time.Now()
	bulk := f.BulkDB()
	now := f.Clock.Now().UTC().Format(time.RFC3339Nano)
	_, err := bulk.Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO clients(id, name, workspace_id, owner_id, created_at, updated_at)
		SELECT printf('bench-%08d', i), printf('Bench client %06d', i), ?, ?, ?, ? FROM seq`, n, f.WorkspaceA, owner, now, now)
	must(b, err)
	_, err = bulk.Exec(`INSERT INTO followups(id, client_id, owner_id, due_at, created_at, updated_at)
		SELECT 'f-' || id, id, owner_id, ?, ?, ? FROM clients WHERE id LIKE 'bench-%'`, now, now, now)
	must(b, err)
	b.Logf("seeded %d clients with follow-ups in %v", n, time.Since(start))
}
