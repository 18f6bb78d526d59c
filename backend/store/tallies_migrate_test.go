package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDashboardTalliesFilledFromExistingData: migrations 0075 and 0076, applied to a file that
// already holds users, workspace links, clients and follow-ups, fill the dashboard's tallies
// with what a count of those rows gives, and the triggers keep them right afterwards.
func TestDashboardTalliesFilledFromExistingData(t *testing.T) {
	ctx := context.Background()
	db, apply := migrationDB(t)
	apply(0, 75)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	at := "2026-11-23T09:00:00.000Z"
	exec(`INSERT INTO workspaces(id, name, created_at, updated_at) VALUES ('w1', 'Lima', ?, ?), ('w2', 'Kraków', ?, ?)`, at, at, at, at)
	statuses := []string{"active", "active", "inactive", "pending"}
	for i := range 12 {
		role := "agent"
		if i == 0 {
			role = "owner"
		}
		exec(`INSERT INTO users(id, username, email, first_name, last_name, role, status, presence, created_at, updated_at)
			VALUES (?, ?, ?, 'Ana', 'Pérez', ?, ?, ?, ?, ?)`, fmt.Sprintf("u%d", i), fmt.Sprintf("u%d", i), fmt.Sprintf("u%d@x.org", i),
			role, statuses[i%4], []string{"online", "offline"}[i%2], at, at)
		exec(`INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			fmt.Sprintf("l%d", i), fmt.Sprintf("u%d", i), []string{"w1", "w2"}[i%2], at, at)
	}
	for i := range 40 {
		var owner any = fmt.Sprintf("u%d", i%7)
		if i%9 == 0 {
			owner = nil
		}
		exec(`INSERT INTO clients(id, name, workspace_id, owner_id, created_at, updated_at) VALUES (?, 'Klient', ?, ?, ?, ?)`,
			fmt.Sprintf("c%d", i), []string{"w1", "w2"}[i%2], owner, at, at)
		exec(`INSERT INTO followups(id, client_id, owner_id, due_at, done, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("f%d", i), fmt.Sprintf("c%d", i), owner, fmt.Sprintf("2026-11-%02dT10:00:00.000Z", 1+i%28), i%5 == 0, at, at)
	}
	apply(75, 1000)
	rows := func(q string) string {
		t.Helper()
		r, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer r.Close()
		var b strings.Builder
		for r.Next() {
			var s string
			if err := r.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + "\n")
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	check := func(step string) {
		t.Helper()
		for _, p := range [][2]string{
			{`SELECT workspace_id || '/' || status || '/' || presence || '/' || role || '/' || profile_id || '=' || n FROM user_tallies WHERE n <> 0 ORDER BY 1`,
				`SELECT w || '/' || s || '/' || p || '/' || r || '/' || f || '=' || n FROM (
					SELECT '' w, status s, presence p, role r, COALESCE(profile_id, '') f, COUNT(*) n FROM users GROUP BY 2, 3, 4, 5
					UNION ALL SELECT l.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), COUNT(*)
					FROM user_workspaces l JOIN users u ON u.id = l.user_id GROUP BY 1, 2, 3, 4, 5) ORDER BY 1`},
			{`SELECT owner_id || '=' || n FROM owner_portfolios WHERE n <> 0 ORDER BY 1`,
				`SELECT COALESCE(owner_id, '') || '=' || COUNT(*) FROM clients GROUP BY COALESCE(owner_id, '') ORDER BY 1`},
			{`SELECT clients || '/' || owners || '/' || agents FROM portfolio_totals`,
				`SELECT (SELECT COUNT(*) FROM clients) || '/' || (SELECT COUNT(DISTINCT owner_id) FROM clients) || '/' ||
					(SELECT COUNT(*) FROM users u WHERE role = 'agent' AND status = 'active' AND EXISTS (SELECT 1 FROM clients c WHERE c.owner_id = u.id))`},
			{`SELECT owner_id || '=' || n FROM followup_overdue WHERE n <> 0 ORDER BY 1`,
				`SELECT COALESCE(owner_id, '') || '=' || COUNT(*) FROM followups
					WHERE done = 0 AND due_at < (SELECT at FROM followup_cutoff) GROUP BY COALESCE(owner_id, '') ORDER BY 1`},
			// 0121: users and active agents holding clients by their set of workspaces, clients by workspace.
			{`SELECT ws_set || '/' || status || '/' || presence || '/' || role || '/' || profile_id || '=' || n FROM user_set_tallies WHERE n <> 0 ORDER BY 1`,
				`SELECT s || '/' || status || '/' || presence || '/' || role || '/' || f || '=' || COUNT(*) FROM (
					SELECT (SELECT COALESCE(group_concat(workspace_id, ',' ORDER BY workspace_id), '') FROM user_workspaces WHERE user_id = u.id) s,
					status, presence, role, COALESCE(profile_id, '') f FROM users u) GROUP BY s, status, presence, role, f ORDER BY 1`},
			{`SELECT ws_set || '=' || n FROM holder_set_tallies WHERE n <> 0 ORDER BY 1`,
				`SELECT s || '=' || COUNT(*) FROM (
					SELECT (SELECT COALESCE(group_concat(workspace_id, ',' ORDER BY workspace_id), '') FROM user_workspaces WHERE user_id = u.id) s
					FROM users u WHERE role = 'agent' AND status = 'active' AND EXISTS (SELECT 1 FROM clients c WHERE c.owner_id = u.id)) GROUP BY s ORDER BY 1`},
			{`SELECT workspace_id || '=' || n FROM workspace_clients WHERE n <> 0 ORDER BY 1`,
				`SELECT workspace_id || '=' || COUNT(*) FROM clients GROUP BY workspace_id ORDER BY 1`},
			{`SELECT overdue || '/' || owners FROM followup_totals`,
				`SELECT COUNT(*) || '/' || COUNT(DISTINCT COALESCE(owner_id, '')) FROM followups
					WHERE done = 0 AND due_at < (SELECT at FROM followup_cutoff)`},
		} {
			if kept, recount := rows(p[0]), rows(p[1]); kept != recount {
				t.Fatalf("%s:\nkept:\n%s\nrecount:\n%s", step, kept, recount)
			}
		}
	}
	check("the migrations' fill")
	if n := rows(`SELECT COUNT(*) FROM followup_overdue`); n == "0\n" {
		t.Fatal("no follow-up counted: the test data is not overdue at the cutoff")
	}
	exec(`UPDATE users SET status = 'inactive' WHERE id = 'u2'`)
	exec(`UPDATE clients SET owner_id = 'u9' WHERE id IN ('c1', 'c2', 'c3')`)
	exec(`UPDATE followups SET done = 1 WHERE id = 'f1'`)
	exec(`DELETE FROM users WHERE id = 'u4'`)
	exec(`INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES ('l99', 'u3', 'w1', ?, ?)`, at, at)
	exec(`DELETE FROM user_workspaces WHERE id = 'l5'`)
	check("changes after the migrations")
}
