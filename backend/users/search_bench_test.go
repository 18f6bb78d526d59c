package users_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

var searchBenchUsers = flag.Int("search.users", 100_000, "users seeded by BenchmarkListSearchBench (the bench's user_list_search)")

// The names of plantel-bench's dataset (backend/cmd/plantel-bench/dataset.go).
var (
	benchSearchFirst = []string{"José", "María", "Łukasz", "Zofia", "Ana", "João", "Piotr", "Lucía", "Jan", "Małgorzata",
		"Pedro", "Inês", "Tomás", "Agnieszka", "Carlos", "Beatriz", "Paweł", "Sofía", "Miguel", "Katarzyna",
		"Álvaro", "Marta", "Gonçalo", "Joanna", "Raúl", "Núria", "Wojciech", "Camila", "Tiago", "Ewa"}
	benchSearchLast = []string{"Núñez", "Pérez", "Żółć", "Wójcik", "García", "Gonçalves", "Kowalski", "Fernández", "Nowak",
		"Rodríguez", "Lewandowski", "Araújo", "Martínez", "Wiśniewska", "López", "Sánchez", "Dąbrowski", "Ramírez",
		"Silva", "Santos", "Kamińska", "Gómez", "Díaz", "Oliveira", "Zieliński", "Moreno", "Ferreira", "Szymańska",
		"Romero", "Costa", "Woźniak", "Alonso", "Pereira", "Kozłowski", "Navarro", "Almeida", "Jankowski", "Torres"}
)

// seedBenchPeople inserts n users drawn as plantel-bench draws them (40 profiles, 5 of them
// administrator profiles holding 1 user in 50; 8 in 10 active; the bench's names) through
// testutil.BulkSeed, and returns the two profiles user_list_search filters by: an agent
// profile and an administrator profile.
func seedBenchPeople(b *testing.B, env *testutil.Env, n int) (agentProfile, adminProfile string) {
	b.Helper()
	agents, admins := []string{env.AgentProfile}, []string{env.AdminProfile}
	testutil.BulkSeed(b, env.DB, func(ctx context.Context, tx *sql.Tx) error {
		now := store.Timestamp(env.Clock.Now())
		for i := 2; i < 40; i++ {
			id, role := store.NewID(), "agent"
			if i%8 == 0 {
				role = "admin"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO profiles(id, name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				id, fmt.Sprintf("Perfil %02d", i), role, now, now); err != nil {
				return err
			}
			if role == "admin" {
				admins = append(admins, id)
			} else {
				agents = append(agents, id)
			}
		}
		user, err := tx.PrepareContext(ctx, `INSERT INTO users(id, username, email, first_name, last_name, role, profile_id,
		active, status, presence, last_active_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		link, err := tx.PrepareContext(ctx, `INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		rnd := rand.New(rand.NewPCG(20261206, 10))
		statuses := []string{"active", "active", "active", "active", "active", "active", "active", "active", "inactive", "pending"}
		presences := []string{"online", "busy", "away", "offline"}
		for i := range n {
			id := store.NewID()
			first, last := benchSearchFirst[rnd.IntN(len(benchSearchFirst))], benchSearchLast[rnd.IntN(len(benchSearchLast))]
			uname := fmt.Sprintf("b%07d", i)
			role, profile := "agent", agents[rnd.IntN(len(agents))]
			if rnd.IntN(50) == 0 {
				role, profile = "admin", admins[rnd.IntN(len(admins))]
			}
			seen := store.Timestamp(env.Clock.Now().Add(-time.Duration(rnd.Int64N(int64(90 * 24 * time.Hour)))))
			if _, err := user.ExecContext(ctx, id, uname, uname+"@bench.test", first, last, role, profile,
				statuses[rnd.IntN(len(statuses))], presences[rnd.IntN(len(presences))], seen, now, now); err != nil {
				return err
			}
			ws := env.WorkspaceA
			if i%2 == 1 {
				ws = env.WorkspaceB
			}
			if _, err := link.ExecContext(ctx, store.NewID(), id, ws, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	return agents[0], admins[1]
}

// BenchmarkListSearchBench is plantel-bench's user_list_search on the bench's people
// (-search.users, 100,000 by default): the first page of 50 by name of the users matching
// "mar", active, in one of two profiles, through List; and "bare", the plainest statement
// of the same page, as the bench defines it.
func BenchmarkListSearchBench(b *testing.B) {
	env := testutil.NewEnv(b)
	start := time.Now()
	agentProfile, adminProfile := seedBenchPeople(b, env, *searchBenchUsers)
	b.Logf("seeded %d users in %v", *searchBenchUsers, time.Since(start).Round(time.Millisecond))
	if keep := os.Getenv("PLANTEL_SEARCH_KEEP"); keep != "" {
		if err := testutil.RawExec(b, env.DB, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		data, err := os.ReadFile(env.DB.Path())
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(keep, data, 0o600); err != nil {
			b.Fatal(err)
		}
		b.Logf("kept in %s", keep)
	}
	svc := users.New(env.Accounts, testutil.FastHasher, env.Logger)
	owner := env.ActorFor(env.Owner)
	q := users.ListQuery{Search: "mar", Statuses: []string{"active"}, Profiles: []string{agentProfile, adminProfile}, Limit: 50}
	ctx := context.Background()
	run := func(b *testing.B, fn func() error) {
		var ds []time.Duration
		for b.Loop() {
			t0 := time.Now()
			if err := fn(); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t0))
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "median-ms")
		b.ReportMetric(float64(ds[len(ds)*95/100].Microseconds())/1000, "p95-ms")
	}
	b.Run("list", func(b *testing.B) {
		var total int
		run(b, func() error {
			p, err := svc.List(ctx, owner, q)
			if err == nil {
				total = p.Total
			}
			return err
		})
		b.ReportMetric(float64(total), "matches")
	})
	// A broad search (every user with a word starting with "a": a third of them), where the
	// page is cut from thousands of matches.
	b.Run("list-broad", func(b *testing.B) {
		var total int
		run(b, func() error {
			p, err := svc.List(ctx, owner, users.ListQuery{Search: "a", Statuses: []string{"active"}, Limit: 50})
			if err == nil {
				total = p.Total
			}
			return err
		})
		b.ReportMetric(float64(total), "matches")
	})
	b.Run("bare", func(b *testing.B) {
		run(b, func() error {
			rows, err := env.DB.Read().QueryContext(ctx, `SELECT u.id, u.first_name, u.last_name, u.username, u.email, u.status, u.profile_id
			FROM users u JOIN users_sort s ON s.rid = u.rowid
			WHERE u.rowid IN (SELECT rowid FROM users_fts WHERE users_fts MATCH '"mar"*')
			  AND u.status = 'active' AND u.profile_id IN (?, ?)
			ORDER BY s.sort_name, s.rid LIMIT 50`, agentProfile, adminProfile)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
			}
			return rows.Err()
		})
	})
	var n int
	if err := env.DB.Read().QueryRowContext(ctx, `SELECT count(*) FROM users_fts WHERE users_fts MATCH '"mar"*'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.Logf("users matching \"mar\" before the filters: %d", n)
}
