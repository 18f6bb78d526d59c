package testutil

import (
	"context"
	"encoding/json"

	"github.com/plantel/plantel/backend/store"
)

// PendingUsername is the pending agent SeedDashboard adds in workspace B.
const PendingUsername = "agent.p"

// Dashboard is what SeedDashboard adds on top of People.
type Dashboard struct {
	Pending        string // a pending agent in B
	CampaignB      string // an inactive campaign in B: Agent B (agent) and Admin B (supervisor)
	ClientsB       []string
	UnassignedA    []string
	ReportsProfile string // an agent profile with the Reports module
}

// SeedDashboard adds, through the write path, what the dashboard counts beyond People
// (see backend/dashboard/figures_test.go for the exact figures it gives at the env's clock,
// 2026-11-23 09:00 UTC): presence (Agent A online, Agent A2 busy, Agent B away), a pending
// agent in B, an inactive campaign in B, two unassigned clients in A, three clients of
// Agent B, and open follow-ups overdue (before now) and due later today. It also
// creates an agent profile with the Reports module, given to nobody.
func (e *Env) SeedDashboard(p *People) *Dashboard {
	e.T.Helper()
	ctx := context.Background()
	d := &Dashboard{Pending: store.NewID(), CampaignB: store.NewID(), ReportsProfile: store.NewID()}
	err := e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		ins := func(table, id string, f store.Fields) {
			if err := tx.Insert(table, id, f); err != nil {
				panic(err)
			}
		}
		upd := func(table, id string, f store.Fields) {
			if err := tx.Update(table, id, f); err != nil {
				panic(err)
			}
		}
		upd("users", e.AgentA, store.Fields{"presence": "online"})
		upd("users", p.AgentA2, store.Fields{"presence": "busy"})
		upd("users", e.AgentB, store.Fields{"presence": "away"})
		upd("users", p.Inactive, store.Fields{"presence": "online"}) // stale: inactive users do not count
		ins("users", d.Pending, store.Fields{"username": PendingUsername, "email": PendingUsername + "@contactsur.test",
			"first_name": "Paula", "last_name": "Pending", "role": "agent", "profile_id": e.AgentProfile, "active": true,
			"status": "pending", "must_change_password": true})
		ins("user_workspaces", store.NewID(), store.Fields{"user_id": d.Pending, "workspace_id": e.WorkspaceB})
		ch, _ := json.Marshal([]string{"voice"})
		ins("campaigns", d.CampaignB, store.Fields{"name": "Kampania", "workspace_id": e.WorkspaceB, "active": false,
			"channels": string(ch)})
		ins("campaign_members", store.NewID(), store.Fields{"campaign_id": d.CampaignB, "user_id": e.AgentB, "role": "agent", "channels": string(ch)})
		ins("campaign_members", store.NewID(), store.Fields{"campaign_id": d.CampaignB, "user_id": p.AdminB, "role": "supervisor", "channels": string(ch)})
		for range 2 {
			id := store.NewID()
			ins("clients", id, store.Fields{"name": "Sin dueño", "workspace_id": e.WorkspaceA})
			d.UnassignedA = append(d.UnassignedA, id)
		}
		for range 3 {
			id := store.NewID()
			ins("clients", id, store.Fields{"name": "Klient", "workspace_id": e.WorkspaceB, "owner_id": e.AgentB})
			d.ClientsB = append(d.ClientsB, id)
		}
		fu := func(client, owner, due string) {
			ins("followups", store.NewID(), store.Fields{"client_id": client, "owner_id": owner, "due_at": due})
		}
		fu(p.Clients[0], e.AgentA, "2026-11-22T10:00:00.000Z")  // overdue
		fu(p.Clients[0], e.AgentA, "2026-11-23T08:00:00.000Z")  // overdue since 08:00 today
		fu(d.ClientsB[0], e.AgentB, "2026-11-20T12:00:00.000Z") // overdue
		fu(d.ClientsB[1], e.AgentB, "2026-11-23T23:59:00.000Z") // today
		fu(d.ClientsB[2], e.AgentB, "2026-11-24T00:00:00.000Z") // tomorrow
		modules, _ := json.Marshal([]string{"clients", "agenda", "reports"})
		ins("profiles", d.ReportsProfile, store.Fields{"name": "Senior", "role": "agent", "icon": "star", "modules": string(modules)})
		return nil
	})
	if err != nil {
		e.T.Fatalf("seed dashboard: %v", err)
	}
	return d
}

// SetProfile gives user id profile profileID (test setup through the write path).
func (e *Env) SetProfile(id, profileID string) {
	e.T.Helper()
	if err := e.DB.Write(context.Background(), e.Owner, func(tx *store.Tx) error {
		return tx.Update("users", id, store.Fields{"profile_id": profileID})
	}); err != nil {
		e.T.Fatal(err)
	}
}
