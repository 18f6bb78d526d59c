package testutil

import (
	"context"

	"github.com/plantel/plantel/backend/store"
)

// AdminOutUsername is the administrator of workspace A whom SeedOrg keeps out of the seeded
// campaign (F7.3: they see it but may not change it).
const AdminOutUsername = "admin.out"

// Org is what SeedOrg adds on top of People.
type Org struct {
	AdminOut string // admin in workspace A, member of no campaign
}

// SeedOrg completes People for the organisation tests: the seeded team belongs to workspace
// A, the Administrator (admin.a) is a supervisor of the seeded campaign, and a second
// administrator of A (admin.out) is in no campaign.
func (e *Env) SeedOrg(p *People) *Org {
	e.T.Helper()
	ctx := context.Background()
	var hash string
	if err := e.DB.Read().QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, e.Admin).Scan(&hash); err != nil {
		e.T.Fatal(err)
	}
	o := &Org{AdminOut: store.NewID()}
	err := e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		if err := tx.Update("teams", p.Team, store.Fields{"workspace_id": e.WorkspaceA}); err != nil {
			return err
		}
		if err := tx.Insert("campaign_members", store.NewID(), store.Fields{"campaign_id": p.Campaign, "user_id": e.Admin,
			"role": "supervisor", "channels": `["voice"]`}); err != nil {
			return err
		}
		if err := tx.Insert("users", o.AdminOut, store.Fields{"username": AdminOutUsername, "email": AdminOutUsername + "@contactsur.test",
			"first_name": "Olivia", "last_name": "Fuera", "role": "admin", "profile_id": e.AdminProfile, "active": true,
			"status": "active", "password_hash": hash, "language": "es"}); err != nil {
			return err
		}
		return tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": o.AdminOut, "workspace_id": e.WorkspaceA})
	})
	if err != nil {
		e.T.Fatalf("seed org: %v", err)
	}
	return o
}
