package org

import (
	"context"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// UserCampaign is one campaign of a user, as their profile's Campaigns tab shows it.
type UserCampaign struct {
	CampaignID       string   `json:"campaignId"`
	Name             string   `json:"name"`
	WorkspaceName    string   `json:"workspaceName"`
	Active           bool     `json:"active"`
	CampaignChannels []string `json:"campaignChannels"` // what may be enabled for the user
	Role             string   `json:"role"`
	Channels         []string `json:"channels"`
	CanEdit          bool     `json:"canEdit"`
}

// UserCampaigns is the Campaigns tab of a user: their campaigns the actor sees, and the
// campaigns the actor may add them to (open campaigns of the user's workspaces the actor
// may change, F7.3, that the user is not in yet).
type UserCampaigns struct {
	Campaigns []UserCampaign `json:"campaigns"`
	Available []Ref          `json:"available"`
}

// seesUser: the actor themself, the Owner, or an administrator sharing a workspace.
func seesUser(q store.Querier, a *access.Actor, userID string) error {
	var n int
	if err := q.QueryRow(sq.Select("COUNT(*)").From("users").Where(sq.Eq{"id": userID})).Scan(&n); err != nil {
		return apperr.Internal(err)
	}
	if n == 0 {
		return apperr.NotFound()
	}
	if a.UserID == userID || a.Role == access.Owner {
		return nil
	}
	if a.Role != access.Admin {
		return apperr.NotFound()
	}
	if err := q.QueryRow(sq.Select("COUNT(*)").From("user_workspaces").
		Where(sq.Eq{"user_id": userID, "workspace_id": a.Workspaces})).Scan(&n); err != nil {
		return apperr.Internal(err)
	}
	if n == 0 {
		return apperr.NotFound()
	}
	return nil
}

// CampaignsOfUser returns the Campaigns tab of user userID.
func (s *Service) CampaignsOfUser(ctx context.Context, a *access.Actor, userID string) (*UserCampaigns, error) {
	r := s.db.Reader(ctx)
	if err := seesUser(r, a, userID); err != nil {
		return nil, err
	}
	out := &UserCampaigns{Campaigns: []UserCampaign{}, Available: []Ref{}}
	rows, err := r.Query(campaignScope(campaignSelect(a), a).Columns("um.role", "um.channels").
		Join("campaign_members um ON um.campaign_id = c.id AND um.user_id = ?", userID).OrderBy("c.name COLLATE NOCASE"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Campaign
		var u UserCampaign
		var ch, uch string
		if err := rows.Scan(&c.ID, &c.Name, &c.WorkspaceID, &c.WorkspaceName, &c.Active, &ch, &c.StartsOn, &c.EndsOn,
			&c.Description, &c.MemberCount, &c.IsMember, &u.Role, &uch); err != nil {
			return nil, apperr.Internal(err)
		}
		u.CampaignID, u.Name, u.WorkspaceName, u.Active = c.ID, c.Name, c.WorkspaceName, c.Active
		u.CampaignChannels, u.Channels = parseChannels(ch), parseChannels(uch)
		u.CanEdit = canEditCampaign(a, c.WorkspaceID, c.IsMember)
		out.Campaigns = append(out.Campaigns, u)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	if !isManager(a) {
		return out, nil
	}
	all, err := s.Campaigns(ctx, a, CampaignQuery{})
	if err != nil {
		return nil, err
	}
	ws, err := store.Strings(r, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": userID}))
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		in := slices.ContainsFunc(out.Campaigns, func(u UserCampaign) bool { return u.CampaignID == c.ID })
		if c.CanEdit && !in && slices.Contains(ws, c.WorkspaceID) {
			out.Available = append(out.Available, Ref{ID: c.ID, Name: c.Name})
		}
	}
	return out, nil
}

// SetMember adds user m.UserID to a campaign, or changes their role and channels there.
// Channels the campaign does not have are dropped.
func (s *Service) SetMember(ctx context.Context, a *access.Actor, campaignID string, m MemberInput) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		c, err := editableCampaign(tx, a, campaignID)
		if err != nil {
			return err
		}
		if m.UserID == "" {
			return apperr.Validation("userId", "required")
		}
		if m, err = cleanMember(m, c.Channels); err != nil {
			return err
		}
		if err := checkMembers(tx, "userId", c.WorkspaceID, []string{m.UserID}); err != nil {
			return err
		}
		var rid string
		err = tx.QueryRow(sq.Select("id").From("campaign_members").Where(sq.Eq{"campaign_id": campaignID, "user_id": m.UserID})).Scan(&rid)
		f := store.Fields{"role": m.Role, "channels": channelsJSON(m.Channels)}
		switch {
		case err == nil:
			return tx.Update("campaign_members", rid, f)
		case isNoRows(err):
			f["campaign_id"], f["user_id"] = campaignID, m.UserID
			return tx.Insert("campaign_members", store.PairID("campaign_members", campaignID, m.UserID), f)
		}
		return apperr.Internal(err)
	})
}

// RemoveMember takes user userID out of a campaign.
func (s *Service) RemoveMember(ctx context.Context, a *access.Actor, campaignID, userID string) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := editableCampaign(tx, a, campaignID); err != nil {
			return err
		}
		var rid string
		err := tx.QueryRow(sq.Select("id").From("campaign_members").Where(sq.Eq{"campaign_id": campaignID, "user_id": userID})).Scan(&rid)
		if isNoRows(err) {
			return apperr.NotFound()
		}
		if err != nil {
			return apperr.Internal(err)
		}
		return tx.Delete("campaign_members", rid)
	})
}

// AddTeam adds every active member of a team (of the campaign's workspace) who is not in
// the campaign yet, as an agent with all the campaign's channels; it returns how many it
// added. Members already in keep their role and channels.
func (s *Service) AddTeam(ctx context.Context, a *access.Actor, campaignID, teamID string) (int, error) {
	added := 0
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		c, err := editableCampaign(tx, a, campaignID)
		if err != nil {
			return err
		}
		t, err := loadTeam(tx, a, teamID)
		if err != nil {
			return err
		}
		if t.WorkspaceID != c.WorkspaceID {
			return apperr.Validation("teamId", "one_of")
		}
		ids, err := teamMembersFor(tx, teamID, c.WorkspaceID)
		if err != nil {
			return err
		}
		have, err := store.Strings(tx, sq.Select("user_id").From("campaign_members").Where(sq.Eq{"campaign_id": campaignID}))
		if err != nil {
			return err
		}
		for _, uid := range ids {
			if slices.Contains(have, uid) {
				continue
			}
			if err := tx.Insert("campaign_members", store.PairID("campaign_members", campaignID, uid), store.Fields{"campaign_id": campaignID, "user_id": uid,
				"role": RoleAgent, "channels": channelsJSON(c.Channels)}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// TeamMembersForCampaign lists the active members of a team who are users of workspace
// ws: what "Add a team" puts into a campaign form that is not saved yet.
func (s *Service) TeamMembersForCampaign(ctx context.Context, a *access.Actor, teamID, ws string) ([]Person, error) {
	if !isManager(a) {
		return nil, apperr.PermissionDenied()
	}
	r := s.db.Reader(ctx)
	if _, err := loadTeam(r, a, teamID); err != nil {
		return nil, err
	}
	ids, err := teamMembersFor(r, teamID, ws)
	if err != nil {
		return nil, err
	}
	rows, err := r.Query(sq.Select(personColumns...).From("users u").Where(sq.Eq{"u.id": ids}).OrderBy("u.first_name", "u.last_name"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, p)
	}
	return out, wrap(rows.Err())
}
