package clients_test

import (
	"context"
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

// fixture is the test environment with the people seed, the clients service and the
// actors of the scenario tables.
type fixture struct {
	*testutil.Env
	P                                *testutil.People
	Svc                              *clients.Service
	OwnerA, AdminA, AdminB, AgA, AgB *access.Actor
	AgA2                             *access.Actor
}

func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	env := testutil.NewEnv(t)
	f := &fixture{Env: env, P: env.SeedPeople(n), Svc: clients.New(env.DB, env.Logger)}
	f.OwnerA, f.AdminA, f.AgA, f.AgB = env.ActorFor(env.Owner), env.ActorFor(env.Admin), env.ActorFor(env.AgentA), env.ActorFor(env.AgentB)
	f.AdminB, f.AgA2 = env.ActorFor(f.P.AdminB), env.ActorFor(f.P.AgentA2)
	return f
}

// tb is what the helpers need of a test (testing.T, testing.B or rapid.T).
type tb interface {
	Helper()
	Fatal(args ...any)
}

func must(t tb, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func count(t tb, f *fixture, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, f.DB.Read().QueryRow(q, args...).Scan(&n))
	return n
}

// portfolio counts clients per owner ("-" for unassigned).
func portfolio(t tb, f *fixture) map[string]int {
	t.Helper()
	rows, err := f.DB.Read().Query(`SELECT COALESCE(owner_id, '-'), COUNT(*) FROM clients GROUP BY 1`)
	must(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		must(t, rows.Scan(&o, &n))
		out[o] = n
	}
	must(t, rows.Err())
	return out
}
