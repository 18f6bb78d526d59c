package dashboard_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// rowsOf reads a query's rows as lines of text, in order.
func rowsOf(t *testing.T, env *testutil.Env, q string) string {
	t.Helper()
	rows, err := env.DB.Read().Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkTallies compares the tallies of 0075_dashboard_tallies.sql with a recount of the
// users, links and clients they summarise.
func checkTallies(t *testing.T, env *testutil.Env, step string) {
	t.Helper()
	pairs := []struct{ name, kept, recount string }{
		{"user_tallies",
			`SELECT workspace_id, status, presence, role, profile_id, n FROM user_tallies WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`,
			`SELECT * FROM (
				SELECT '' AS ws, status, presence, role, COALESCE(profile_id, '') AS p, COUNT(*) FROM users GROUP BY 2, 3, 4, 5
				UNION ALL
				SELECT w.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), COUNT(*)
				FROM user_workspaces w JOIN users u ON u.id = w.user_id GROUP BY 1, 2, 3, 4, 5)
			ORDER BY 1, 2, 3, 4, 5`},
		{"owner_portfolios",
			`SELECT owner_id, n FROM owner_portfolios WHERE n <> 0 ORDER BY 1`,
			`SELECT COALESCE(owner_id, ''), COUNT(*) FROM clients GROUP BY 1 ORDER BY 1`},
		{"portfolio_totals",
			`SELECT clients, owners, agents FROM portfolio_totals`,
			`SELECT (SELECT COUNT(*) FROM clients),
				(SELECT COUNT(DISTINCT owner_id) FROM clients WHERE owner_id IS NOT NULL AND owner_id <> ''),
				(SELECT COUNT(*) FROM users u WHERE u.role = 'agent' AND u.status = 'active'
					AND EXISTS (SELECT 1 FROM clients c WHERE c.owner_id = u.id))`},
	}
	// 0121_dashboard_scope_tallies.sql: users by their set of workspaces, the active agents
	// holding clients by theirs, the clients of each workspace.
	const set = `(SELECT COALESCE(group_concat(workspace_id, ',' ORDER BY workspace_id), '') FROM user_workspaces WHERE user_id = u.id)`
	pairs = append(pairs, []struct{ name, kept, recount string }{
		{"user_set_tallies",
			`SELECT ws_set, status, presence, role, profile_id, n FROM user_set_tallies WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`,
			`SELECT s, status, presence, role, p, COUNT(*) FROM (
				SELECT ` + set + ` AS s, u.status, u.presence, u.role, COALESCE(u.profile_id, '') AS p FROM users u)
			GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`},
		{"holder_set_tallies",
			`SELECT ws_set, n FROM holder_set_tallies WHERE n <> 0 ORDER BY 1`,
			`SELECT s, COUNT(*) FROM (SELECT ` + set + ` AS s FROM users u WHERE u.role = 'agent' AND u.status = 'active'
				AND EXISTS (SELECT 1 FROM clients c WHERE c.owner_id = u.id)) GROUP BY 1 ORDER BY 1`},
		{"workspace_clients",
			`SELECT workspace_id, n FROM workspace_clients WHERE n <> 0 ORDER BY 1`,
			`SELECT workspace_id, COUNT(*) FROM clients GROUP BY 1 ORDER BY 1`},
	}...)
	for _, p := range pairs {
		if kept, recount := rowsOf(t, env, p.kept), rowsOf(t, env, p.recount); kept != recount {
			t.Fatalf("after %s: %s\nkept:\n%s\nrecount:\n%s", step, p.name, kept, recount)
		}
	}
}

// TestTalliesMatchARecount: every change the dashboard's counts depend on, made through the
// write path (and a deletion, which the schema cascades), leaves the kept tallies equal to a
// recount, and the Owner's figures equal those computed from the rows.
func TestTalliesMatchARecount(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(3)
	env.SeedDashboard(people)
	checkTallies(t, env, "the seed")
	write := func(step string, fn func(tx *store.Tx) error) {
		t.Helper()
		if err := env.DB.Write(ctx, env.Owner, fn); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		checkTallies(t, env, step)
	}
	write("a presence and a status change", func(tx *store.Tx) error {
		if err := tx.Update("users", people.AgentA2, store.Fields{"presence": "busy"}); err != nil {
			return err
		}
		return tx.Update("users", env.AgentB, store.Fields{"status": "inactive"})
	})
	write("a profile change", func(tx *store.Tx) error {
		return tx.Update("users", people.AgentA3, store.Fields{"profile_id": env.AdminProfile, "role": "admin"})
	})
	newLink := store.NewID()
	write("a new workspace link", func(tx *store.Tx) error {
		return tx.Insert("user_workspaces", newLink, store.Fields{"user_id": people.AgentA2, "workspace_id": env.WorkspaceB})
	})
	var linkID string // the write path names a link by its pair (0021_pair_ids.sql)
	if err := env.DB.Read().QueryRow(`SELECT id FROM user_workspaces WHERE user_id = ? AND workspace_id = ?`, people.AgentA2, env.WorkspaceB).Scan(&linkID); err != nil {
		t.Fatal(err)
	}
	write("a link removed", func(tx *store.Tx) error { return tx.Delete("user_workspaces", linkID) })
	write("a client moved to the other workspace", func(tx *store.Tx) error {
		return tx.Update("clients", people.Clients[2], store.Fields{"workspace_id": env.WorkspaceB})
	})
	// Links changed in place (as a pulled field change may): to another workspace, then to
	// another user.
	if err := testutil.RawExec(t, env.DB, `UPDATE user_workspaces SET workspace_id = ? WHERE user_id = ? AND workspace_id = ?`,
		env.WorkspaceB, people.AgentA3, env.WorkspaceA); err != nil {
		t.Fatal(err)
	}
	checkTallies(t, env, "a link moved to another workspace")
	if err := testutil.RawExec(t, env.DB, `UPDATE user_workspaces SET user_id = ? WHERE user_id = ? AND workspace_id = ?`,
		people.AgentA2, people.AgentA3, env.WorkspaceB); err != nil {
		t.Fatal(err)
	}
	checkTallies(t, env, "a link given to another user")
	write("clients moved, one unassigned, one new, one deleted", func(tx *store.Tx) error {
		if err := tx.Update("clients", people.Clients[0], store.Fields{"owner_id": people.AgentA4}); err != nil {
			return err
		}
		if err := tx.Update("clients", people.Clients[1], store.Fields{"owner_id": nil}); err != nil {
			return err
		}
		if err := tx.Insert("clients", store.NewID(), store.Fields{"name": "Nowy Klient", "workspace_id": env.WorkspaceB,
			"owner_id": people.AgentA3}); err != nil {
			return err
		}
		return tx.Delete("clients", people.OtherClient)
	})
	write("an agent holding clients deactivated, then back", func(tx *store.Tx) error {
		if err := tx.Update("users", people.AgentA4, store.Fields{"status": "inactive"}); err != nil {
			return err
		}
		checkTallies(t, env, "deactivated (same transaction)")
		return tx.Update("users", people.AgentA4, store.Fields{"status": "active"})
	})
	// A user row deleted outright (as a pulled deletion does): its links cascade and its
	// clients are unassigned by the schema.
	if err := testutil.RawExec(t, env.DB, `DELETE FROM users WHERE id = ?`, people.AgentA4); err != nil {
		t.Fatal(err)
	}
	checkTallies(t, env, "a user deleted")

	// The Owner's figures, from the tallies, equal the ones grouped from the rows: the
	// same numbers the filter over both workspaces (several workspaces: counted from rows)
	// gives when the Owner is the administrator of every workspace.
	svc := dashboard.New(env.DB).WithLocation(time.UTC)
	all, err := svc.Figures(ctx, env.ActorFor(env.Owner), dashboard.Query{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	var users, clients, unassigned int
	if err := env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM clients),
		(SELECT COUNT(*) FROM clients WHERE owner_id IS NULL)`).Scan(&users, &clients, &unassigned); err != nil {
		t.Fatal(err)
	}
	if all.Users.Total != users || all.Portfolio.Clients != clients || all.Portfolio.Unassigned != unassigned {
		t.Fatalf("owner figures: users %d clients %d unassigned %d; recount %d %d %d", all.Users.Total,
			all.Portfolio.Clients, all.Portfolio.Unassigned, users, clients, unassigned)
	}
}
