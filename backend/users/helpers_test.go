package users_test

import (
	"context"
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

var ctx = context.Background()

// fixture is a seeded environment with the users service and its actors.
type fixture struct {
	*testutil.Env
	P                                         *testutil.People
	Svc                                       *users.Service
	OwnerA, AdminA, AdminBA, AgentAA, AgentBA *access.Actor
}

func newFixture(t *testing.T, clients int) *fixture {
	t.Helper()
	env := testutil.NewEnv(t)
	f := &fixture{Env: env, P: env.SeedPeople(clients)}
	f.Svc = users.New(env.Accounts, testutil.FastHasher, env.Logger)
	f.OwnerA, f.AdminA, f.AdminBA = env.ActorFor(env.Owner), env.ActorFor(env.Admin), env.ActorFor(f.P.AdminB)
	f.AgentAA, f.AgentBA = env.ActorFor(env.AgentA), env.ActorFor(env.AgentB)
	return f
}

func code(err error) string { return apperr.CodeOf(err) }

func field(err error) string {
	if err == nil {
		return ""
	}
	return apperr.As(err).Field
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, f *fixture, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.DB.Read().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func str(t *testing.T, f *fixture, q string, args ...any) string {
	t.Helper()
	var s string
	if err := f.DB.Read().QueryRow(q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

// snapshot counts the rows of the tables an operation may change, to prove a failed
// operation changed nothing.
func snapshot(t *testing.T, f *fixture) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, q := range []string{
		"SELECT COUNT(*) FROM users", "SELECT COUNT(*) FROM audit_log", "SELECT COUNT(*) FROM sync_outbox",
		"SELECT COUNT(*) FROM team_members", "SELECT COUNT(*) FROM campaign_members", "SELECT COUNT(*) FROM user_workspaces",
		"SELECT group_concat(id || ':' || COALESCE(owner_id, '-'), ',') FROM (SELECT * FROM clients ORDER BY id)",
		"SELECT group_concat(id || ':' || COALESCE(owner_id, '-'), ',') FROM (SELECT * FROM followups ORDER BY id)",
		"SELECT group_concat(id || ':' || status || ':' || active || ':' || sessions_revoked_at, ',') FROM (SELECT * FROM users ORDER BY id)",
	} {
		var s string
		if err := f.DB.Read().QueryRow("SELECT COALESCE((" + q + "), '') || ''").Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out[q] = s
	}
	return out
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for q, v := range before {
		if after[q] != v {
			t.Errorf("changed: %s\nbefore %s\nafter  %s", q, v, after[q])
		}
	}
}
