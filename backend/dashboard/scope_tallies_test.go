package dashboard

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// TestAdminFiguresFromTalliesMatchTheRows: an administrator of several workspaces gets the
// same dashboard from the tallies of 0121_dashboard_scope_tallies.sql (users by their set
// of workspaces; while the workspaces hold every client, the Owner's portfolio and follow-up
// tallies) as grouped from the rows, after every kind of change those depend on; and once a
// workspace outside the scope holds a client, the portfolio and follow-up figures are
// grouped from the rows again and still agree.
func TestAdminFiguresFromTalliesMatchTheRows(t *testing.T) {
	ctx := context.Background()
	env := testutil.NewEnv(t)
	people := env.SeedPeople(4)
	env.SeedDashboard(people)
	svc := New(env.DB).WithLocation(time.UTC)
	write := func(step string, fn func(tx *store.Tx) error) {
		t.Helper()
		if err := env.DB.Write(ctx, env.Owner, fn); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	// The administrator acts in both workspaces; follow-ups overdue, due today and later.
	write("admin in both workspaces", func(tx *store.Tx) error {
		for _, ws := range []string{env.WorkspaceA, env.WorkspaceB} {
			var n int
			if err := tx.QueryRow(rawQuery(`SELECT COUNT(*) FROM user_workspaces WHERE user_id = '` + env.Admin + `' AND workspace_id = '` + ws + `'`)).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if err := tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": env.Admin, "workspace_id": ws}); err != nil {
					return err
				}
			}
		}
		for i, c := range append([]string{people.OtherClient}, people.Clients...) {
			due := env.Clock.Now().Add(time.Duration(i*7-20) * time.Hour)
			if err := tx.Insert("followups", store.NewID(), store.Fields{"client_id": c, "owner_id": people.AgentA2,
				"due_at": store.Timestamp(due), "done": false}); err != nil {
				return err
			}
		}
		return nil
	})
	compare := func(step string, wantCovered bool) {
		t.Helper()
		a := env.ActorFor(env.Admin)
		if len(a.Workspaces) < 2 {
			t.Fatalf("admin workspaces %v", a.Workspaces)
		}
		r := env.DB.Reader(ctx)
		cov, err := scope{kind: ScopeWorkspaces, workspaces: a.Workspaces}.withCoverage(r)
		if err != nil {
			t.Fatal(err)
		}
		if cov.holdsEveryClient != wantCovered {
			t.Fatalf("%s: holds every client %v, want %v", step, cov.holdsEveryClient, wantCovered)
		}
		for _, top := range []int{1, 3, 50} {
			got, err := svc.Figures(ctx, a, Query{Top: top})
			if err != nil {
				t.Fatal(err)
			}
			if got.Scope != ScopeWorkspaces {
				t.Fatalf("scope %s", got.Scope)
			}
			now := env.Clock.Now().In(svc.loc)
			day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, svc.loc)
			sc := scope{kind: ScopeWorkspaces, workspaces: a.Workspaces, rows: true}
			users, err := usersFigures(r, sc)
			if err != nil {
				t.Fatal(err)
			}
			port, err := portfolioFigures(r, sc, top, users.activeAgents)
			if err != nil {
				t.Fatal(err)
			}
			fol, err := followupFigures(r, sc, now, day, top)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []struct {
				name      string
				got, want any
			}{{"users", got.Users, users}, {"portfolio", got.Portfolio, port}, {"followups", got.Followups, fol}} {
				g, _ := json.Marshal(p.got)
				w, _ := json.Marshal(p.want)
				if string(g) != string(w) {
					t.Fatalf("%s, top %d, %s:\n tallies %s\n    rows %s", step, top, p.name, g, w)
				}
			}
		}
	}
	compare("the seed", true)
	step := func(name string, covered bool, fn func(tx *store.Tx) error) {
		t.Helper()
		write(name, fn)
		compare(name, covered)
	}
	step("a presence, a status and a profile change", true, func(tx *store.Tx) error {
		if err := tx.Update("users", people.AgentA2, store.Fields{"presence": "away"}); err != nil {
			return err
		}
		if err := tx.Update("users", env.AgentB, store.Fields{"status": "inactive"}); err != nil {
			return err
		}
		return tx.Update("users", people.AgentA3, store.Fields{"profile_id": env.AdminProfile, "role": "admin"})
	})
	step("an agent joins the second workspace (in both now: counted once)", true, func(tx *store.Tx) error {
		return tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": people.AgentA2, "workspace_id": env.WorkspaceB})
	})
	step("an agent of A holds clients of B; a new agent with no client", true, func(tx *store.Tx) error {
		if err := tx.Insert("clients", store.NewID(), store.Fields{"name": "Klient", "workspace_id": env.WorkspaceB, "owner_id": people.AgentA4}); err != nil {
			return err
		}
		id := store.NewID()
		if err := tx.Insert("users", id, store.Fields{"username": "nuevo", "email": "nuevo@x.org", "first_name": "Nuevo",
			"last_name": "Agente", "role": "agent", "profile_id": env.AgentProfile, "status": "active", "active": true}); err != nil {
			return err
		}
		return tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": id, "workspace_id": env.WorkspaceB})
	})
	step("clients moved, unassigned, deleted", true, func(tx *store.Tx) error {
		if err := tx.Update("clients", people.Clients[0], store.Fields{"owner_id": people.AgentA3}); err != nil {
			return err
		}
		if err := tx.Update("clients", people.Clients[1], store.Fields{"owner_id": nil}); err != nil {
			return err
		}
		return tx.Delete("clients", people.Clients[2])
	})
	step("an agent holding clients deactivated", true, func(tx *store.Tx) error {
		return tx.Update("users", people.AgentA4, store.Fields{"status": "inactive"})
	})
	step("and active again", true, func(tx *store.Tx) error {
		return tx.Update("users", people.AgentA4, store.Fields{"status": "active"})
	})
	// A third workspace with a client: the scope no longer holds every client.
	wsC := store.NewID()
	step("a client in a workspace outside the scope", false, func(tx *store.Tx) error {
		if err := tx.Insert("workspaces", wsC, store.Fields{"name": "São Paulo"}); err != nil {
			return err
		}
		if err := tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": people.AgentA4, "workspace_id": wsC}); err != nil {
			return err
		}
		return tx.Insert("clients", store.NewID(), store.Fields{"name": "Cliente", "workspace_id": wsC, "owner_id": people.AgentA4})
	})
	step("the client moves into the scope", true, func(tx *store.Tx) error {
		var id string
		if err := tx.QueryRow(rawQuery(`SELECT id FROM clients WHERE workspace_id = '` + wsC + `'`)).Scan(&id); err != nil {
			return err
		}
		return tx.Update("clients", id, store.Fields{"workspace_id": env.WorkspaceA})
	})
	// A user deleted outright (a pulled deletion): links cascade, clients are unassigned.
	if err := testutil.RawExec(t, env.DB, `DELETE FROM users WHERE id = ?`, people.AgentA4); err != nil {
		t.Fatal(err)
	}
	compare("a user deleted", true)
}

type rawQuery string

func (q rawQuery) ToSql() (string, []any, error) { return string(q), nil, nil }
