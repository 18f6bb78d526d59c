package users_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

var (
	benchFirst = []string{"José", "María", "Łukasz", "Zofia", "Ana", "João", "Piotr", "Lucía", "Jan", "Małgorzata",
		"Pedro", "Inês", "Tomás", "Agnieszka", "Carlos", "Beatriz", "Paweł", "Sofía", "Miguel", "Katarzyna"}
	benchLast = []string{"Núñez", "Pérez", "Żółć", "Wójcik", "García", "Gonçalves", "Kowalski", "Fernández", "Nowak",
		"Rodríguez", "Lewandowski", "Araújo", "Martínez", "Wiśniewska", "López", "Sánchez", "Dąbrowski", "Ramírez"}
)

// seedBulk inserts n agents straight into SQLite in one transaction through
// testutil.BulkSeed (the write path's audit and outbox are not what this measures), spread over the two workspaces, with a
// tenth of them in a team and a campaign. Test setup only: product code never does this.
func seedBulk(b *testing.B, env *testutil.Env, n int) (team, campaign string) {
	b.Helper()
	team, campaign = store.NewID(), store.NewID()
	testutil.BulkSeed(b, env.DB, func(ctx context.Context, tx *sql.Tx) error {
		now := store.Timestamp(env.Clock.Now())
		exec := func(q string, args ...any) {
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
		exec(`INSERT INTO teams(id, name, created_at, updated_at) VALUES (?, 'Bench team', ?, ?)`, team, now, now)
		exec(`INSERT INTO campaigns(id, name, workspace_id, created_at, updated_at) VALUES (?, 'Bench campaign', ?, ?, ?)`,
			campaign, env.WorkspaceA, now, now)
		user, err := tx.PrepareContext(ctx, `INSERT INTO users(id, username, email, first_name, last_name, role, profile_id,
		active, status, presence, last_active_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'agent', ?, 1, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		link, err := tx.PrepareContext(ctx, `INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		member, err := tx.PrepareContext(ctx, `INSERT INTO team_members(id, team_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		cmember, err := tx.PrepareContext(ctx, `INSERT INTO campaign_members(id, campaign_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		rnd := rand.New(rand.NewPCG(1, 2))
		statuses := []string{"active", "active", "active", "inactive", "pending"}
		presences := []string{"online", "busy", "away", "offline"}
		for i := range n {
			id := store.NewID()
			first, last := benchFirst[rnd.IntN(len(benchFirst))], benchLast[rnd.IntN(len(benchLast))]
			uname := fmt.Sprintf("u%06d", i)
			seen := store.Timestamp(env.Clock.Now().Add(-time.Duration(rnd.Int64N(1000 * 3600 * 1e9))))
			if _, err := user.ExecContext(ctx, id, uname, uname+"@bench.test", first, last, env.AgentProfile,
				statuses[rnd.IntN(len(statuses))], presences[rnd.IntN(len(presences))], seen, now, now); err != nil {
				b.Fatal(err)
			}
			ws := env.WorkspaceA
			if i%2 == 1 {
				ws = env.WorkspaceB
			}
			if _, err := link.ExecContext(ctx, store.NewID(), id, ws, now, now); err != nil {
				b.Fatal(err)
			}
			if i%10 == 0 {
				if _, err := member.ExecContext(ctx, store.NewID(), team, id, now, now); err != nil {
					b.Fatal(err)
				}
				if _, err := cmember.ExecContext(ctx, store.NewID(), campaign, id, now, now); err != nil {
					b.Fatal(err)
				}
			}
		}
		return nil
	})
	return team, campaign
}

// BenchmarkList100k measures one page of 50 of the user list over 100,000 users: search,
// filters and sort as the list screen asks for them (target ≤ 50 ms per page).
func BenchmarkList100k(b *testing.B) {
	env := testutil.NewEnv(b)
	team, campaign := seedBulk(b, env, 100_000)
	svc := users.New(env.Accounts, testutil.FastHasher, env.Logger)
	owner, admin := env.ActorFor(env.Owner), env.ActorFor(env.Admin)
	cases := []struct {
		name string
		a    bool // as the administrator of workspace A
		q    users.ListQuery
	}{
		{"first-page-by-name", false, users.ListQuery{}},
		{"search-jos+active+last-active-desc", false, users.ListQuery{Search: "jos",
			Statuses: []string{"active"}, Sort: users.Sort{Field: users.SortLastActive, Dir: "desc"}}},
		{"search-two-words+sort-name", false, users.ListQuery{Search: "maria nunez"}},
		{"search-short-id-prefix", false, users.ListQuery{Search: "a1"}},
		{"admin-scope+workspace+sort-username", true, users.ListQuery{Workspaces: []string{env.WorkspaceA},
			Sort: users.Sort{Field: users.SortUsername}}},
		{"admin-scope+search-lukasz+status", true, users.ListQuery{Search: "lukasz", Statuses: []string{"active", "pending"},
			Sort: users.Sort{Field: users.SortName, Dir: "desc"}}},
		{"team+campaign+sort-profile", false, users.ListQuery{Teams: []string{team}, Campaigns: []string{campaign},
			Sort: users.Sort{Field: users.SortProfile}}},
		{"sort-profile-all", false, users.ListQuery{Sort: users.Sort{Field: users.SortProfile}}},
		{"deep-page-offset-50000", false, users.ListQuery{Offset: 50_000, Sort: users.Sort{Field: users.SortCreated}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			actor := owner
			if c.a {
				actor = admin
			}
			var total int
			for b.Loop() {
				p, err := svc.List(context.Background(), actor, c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = p.Total
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkListDemoSize measures the first page of the user list at the demo organization's
// size (a few dozen people): the Go side of the list screen's click → rows (issue #14), which
// should take a few milliseconds.
func BenchmarkListDemoSize(b *testing.B) {
	env := testutil.NewEnv(b)
	seedBulk(b, env, 60)
	svc := users.New(env.Accounts, testutil.FastHasher, env.Logger)
	owner := env.ActorFor(env.Owner)
	for b.Loop() {
		if _, err := svc.List(context.Background(), owner, users.ListQuery{Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}
