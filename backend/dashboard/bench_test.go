package dashboard_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// seedLarge inserts n users (spread over the two workspaces, mixed statuses and
// presences), n clients over a tenth of them (some unassigned), one open follow-up per
// client, and 50 campaigns with 20 members each, straight into SQLite in one transaction
// (the write path's audit and outbox are not what this measures). Test setup only.
func seedLarge(b *testing.B, env *testutil.Env, n int) {
	b.Helper()
	now := store.Timestamp(env.Clock.Now())
	testutil.BulkSeed(b, env.DB, func(ctx context.Context, tx *sql.Tx) error {
		prep := func(q string) func(args ...any) {
			st, err := tx.PrepareContext(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			return func(args ...any) {
				if _, err := st.ExecContext(ctx, args...); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
		}
		user := prep(`INSERT INTO users(id, username, email, first_name, last_name, role, profile_id, active, status, presence,
		created_at, updated_at) VALUES (?, ?, ?, 'Ana', 'Pérez', 'agent', ?, 1, ?, ?, ?, ?)`)
		link := prep(`INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		client := prep(`INSERT INTO clients(id, name, workspace_id, owner_id, created_at, updated_at) VALUES (?, 'Cliente', ?, ?, ?, ?)`)
		followup := prep(`INSERT INTO followups(id, client_id, owner_id, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
		campaign := prep(`INSERT INTO campaigns(id, name, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		member := prep(`INSERT INTO campaign_members(id, campaign_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
		rnd := rand.New(rand.NewPCG(3, 4))
		statuses := []string{"active", "active", "active", "active", "inactive", "pending"}
		ids, wss := make([]string, n), make([]string, n)
		for i := range n {
			ids[i], wss[i] = store.NewID(), env.WorkspaceA
			if i%2 == 1 {
				wss[i] = env.WorkspaceB
			}
			u := fmt.Sprintf("u%06d", i)
			user(ids[i], u, u+"@bench.test", env.AgentProfile, statuses[rnd.IntN(len(statuses))],
				dashboard.Presences[rnd.IntN(4)], now, now)
			link(store.NewID(), ids[i], wss[i], now, now)
		}
		for i := range n {
			k := rnd.IntN(n / 10)
			c, owner, ws := store.NewID(), ids[k], wss[k]
			var ownerArg any = owner
			if i%20 == 0 {
				ownerArg = nil
			}
			client(c, ws, ownerArg, now, now)
			if ownerArg != nil {
				due := store.Timestamp(env.Clock.Now().Add(time.Duration(rnd.IntN(60*24)-20*24) * time.Hour))
				followup(store.NewID(), c, owner, due, now, now)
			}
		}
		for k := range 50 {
			c := store.NewID()
			campaign(c, fmt.Sprintf("Campaign %02d", k), wss[k%2], now, now)
			for j := range 20 {
				role := "agent"
				if j == 0 {
					role = "supervisor"
				}
				member(store.NewID(), c, ids[(k*20+j)%n], role, now, now)
			}
		}
		return nil
	})
}

// BenchmarkFigures measures the whole dashboard on 100,000 users and 100,000 clients,
// for the Owner (every workspace), the Owner filtering one workspace, and an administrator
// of one workspace.
func BenchmarkFigures(b *testing.B) {
	env := testutil.NewEnv(b)
	seedLarge(b, env, 100_000)
	svc := dashboard.New(env.DB).WithLocation(time.UTC)
	actors := []struct {
		name string
		q    dashboard.Query
		id   string
	}{
		{"owner", dashboard.Query{}, env.Owner},
		{"owner-filter", dashboard.Query{WorkspaceID: env.WorkspaceB}, env.Owner},
		{"admin", dashboard.Query{}, env.Admin},
	}
	for _, a := range actors {
		actor := env.ActorFor(a.id)
		b.Run(a.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Figures(context.Background(), actor, a.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
