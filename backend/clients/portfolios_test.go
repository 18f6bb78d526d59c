package clients_test

import (
	"maps"
	"testing"

	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/store"
)

// portfolioSizes is client_portfolios (what the dashboard reads) and the same figures
// counted from the clients themselves.
func portfolioSizes(t *testing.T, f *fixture) (kept, counted map[string]int) {
	t.Helper()
	read := func(q string) map[string]int {
		rows, err := f.DB.Read().Query(q)
		must(t, err)
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var owner, ws string
			var n int
			must(t, rows.Scan(&owner, &ws, &n))
			out[owner+"/"+ws] = n
		}
		return out
	}
	return read(`SELECT owner_id, workspace_id, n FROM client_portfolios WHERE n <> 0`),
		read(`SELECT COALESCE(owner_id, ''), workspace_id, COUNT(*) FROM clients GROUP BY 1, 2`)
}

// The portfolio sizes the dashboard reads follow every change of the clients: creation,
// transfer, spread, a move to another workspace, unassignment and deletion.
func TestPortfolioSizesFollowEveryChange(t *testing.T) {
	f := newFixture(t, 0)
	check := func(step string) {
		t.Helper()
		kept, counted := portfolioSizes(t, f)
		if !maps.Equal(kept, counted) {
			t.Fatalf("%s: kept %v, counted %v", step, kept, counted)
		}
	}
	ids := f.SeedClients("Cliente", f.AgentA, f.WorkspaceA, 30, true)
	f.SeedClients("Sin dueño", "", f.WorkspaceA, 5, false)
	check("created")
	_, err := f.Svc.Move(ctx, f.OwnerA, clients.MoveRequest{FromUserID: f.AgentA, ToUserIDs: []string{f.P.AgentA3}}, nil)
	must(t, err)
	check("transferred")
	_, err = f.Svc.Move(ctx, f.OwnerA, clients.MoveRequest{FromUserID: f.P.AgentA3, ToUserIDs: []string{f.AgentA, f.P.AgentA2}}, nil)
	must(t, err)
	check("spread")
	_, err = f.Svc.Move(ctx, f.OwnerA, clients.MoveRequest{ClientIDs: ids[:4]}, nil)
	must(t, err)
	check("unassigned")
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		if err := tx.Update("clients", ids[10], store.Fields{"workspace_id": f.WorkspaceB, "owner_id": nil}); err != nil {
			return err
		}
		return tx.Delete("clients", ids[11])
	}))
	check("moved to another workspace and deleted")
	if kept, _ := portfolioSizes(t, f); kept["/"+f.WorkspaceB] != 1 || kept["/"+f.WorkspaceA] != 9 {
		t.Fatalf("unassigned sizes %v", kept)
	}
}
