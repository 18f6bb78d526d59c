package demo

import (
	"github.com/plantel/plantel/backend/store"
)

func link(tx *store.Tx, user, ws string) error {
	return tx.Insert("user_workspaces", store.PairID("user_workspaces", user, ws), store.Fields{"user_id": user, "workspace_id": ws})
}

// writeUsers inserts the demo staff and their workspaces. All share hash, the one hash of
// Password; pending users must change it at their first sign-in (like bulk accounts).
func writeUsers(tx *store.Tx, p *plan, hash string) error {
	now := tx.Now()
	for _, u := range p.Users {
		if err := tx.Insert("users", u.ID, store.Fields{
			"username": u.Username, "email": u.Email, "first_name": u.First, "last_name": u.Last,
			"role": u.Role, "profile_id": p.Profiles[u.Profile], "active": u.Active, "status": u.Status,
			"password_hash": hash, "password_changed_at": now, "must_change_password": u.MustChange,
			"phone": u.Phone, "extension": u.Extension, "language": u.Language, "presence": u.Presence,
			"last_active_at": u.LastActive,
		}); err != nil {
			return err
		}
		for _, si := range u.Sites {
			if err := link(tx, u.ID, p.Workspaces[si]); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTeamsAndCampaigns inserts the teams and campaigns with their members.
func writeTeamsAndCampaigns(tx *store.Tx, p *plan) error {
	for _, t := range p.Teams {
		f := store.Fields{"name": t.Name, "active": true, "workspace_id": t.Workspace}
		if t.Leader != "" {
			f["leader_id"] = t.Leader
		}
		if err := tx.Insert("teams", t.ID, f); err != nil {
			return err
		}
		for _, m := range t.Members {
			if err := tx.Insert("team_members", store.PairID("team_members", t.ID, m), store.Fields{"team_id": t.ID, "user_id": m}); err != nil {
				return err
			}
		}
	}
	for _, c := range p.Campaigns {
		if err := tx.Insert("campaigns", c.ID, store.Fields{"name": c.Name, "workspace_id": c.Workspace,
			"active": c.Active, "channels": jsonList(c.Channels), "starts_on": c.StartsOn, "ends_on": c.EndsOn,
			"description": c.Description}); err != nil {
			return err
		}
		for _, m := range c.Members {
			if err := tx.Insert("campaign_members", store.PairID("campaign_members", c.ID, m.User), store.Fields{"campaign_id": c.ID, "user_id": m.User,
				"role": m.Role, "channels": jsonList(m.Channels)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeClients inserts the clients and their follow-ups.
func writeClients(tx *store.Tx, p *plan) error {
	for _, c := range p.Clients {
		f := store.Fields{"name": c.Name, "document_id": c.DocumentID, "phone": c.Phone, "email": c.Email,
			"workspace_id": c.Workspace, "tags": jsonList(c.Tags)}
		if c.Owner != "" {
			f["owner_id"] = c.Owner
		}
		if err := tx.Insert("clients", c.ID, f); err != nil {
			return err
		}
	}
	for _, fu := range p.Followups {
		if err := tx.Insert("followups", fu.ID, store.Fields{"client_id": fu.Client, "owner_id": fu.Owner,
			"due_at": fu.DueAt, "note": fu.Note, "done": fu.Done}); err != nil {
			return err
		}
	}
	return nil
}
