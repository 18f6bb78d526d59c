package users

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// rowsByID loads the list rows of ids, in the order of ids.
func (s *Service) rowsByID(ctx context.Context, ids []string) ([]UserRow, error) {
	out := make([]UserRow, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	r := s.read(ctx)
	rows, err := r.Query(sq.Select("u.id", "u.first_name", "u.last_name", "u.username", "u.email",
		"COALESCE(u.profile_id, '')", "COALESCE(p.name, '')", "COALESCE(p.role, '')", "COALESCE(p.icon, '')",
		"u.role", "u.extension", "u.status", "u.presence", "u.last_active_at", "u.created_at", "u.avatar_id").
		From("users u").LeftJoin("profiles p ON p.id = u.profile_id").Where(sq.Eq{"u.id": ids}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	byID := make(map[string]*UserRow, len(ids))
	for rows.Next() {
		u := &UserRow{Teams: []string{}, Campaigns: []string{}, Workspaces: []string{}}
		if err := rows.Scan(&u.ID, &u.FirstName, &u.LastName, &u.Username, &u.Email, &u.ProfileID, &u.ProfileName,
			&u.ProfileRole, &u.ProfileIcon, &u.Role, &u.Extension, &u.Status, &u.Presence, &u.LastActiveAt,
			&u.CreatedAt, &u.AvatarID); err != nil {
			rows.Close()
			return nil, apperr.Internal(err)
		}
		u.ShortID = store.ShortID(u.ID)
		u.DisplayName = names.Display(u.FirstName, u.LastName, u.Username, u.Email)
		byID[u.ID] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	names := []struct {
		q   sq.SelectBuilder
		set func(u *UserRow, name string)
	}{
		{sq.Select("tm.user_id", "t.name").From("team_members tm").Join("teams t ON t.id = tm.team_id").
			Where(sq.Eq{"tm.user_id": ids}).OrderBy("t.name"),
			func(u *UserRow, n string) { u.Teams = append(u.Teams, n) }},
		{sq.Select("cm.user_id", "c.name").From("campaign_members cm").Join("campaigns c ON c.id = cm.campaign_id").
			Where(sq.Eq{"cm.user_id": ids}).OrderBy("c.name"),
			func(u *UserRow, n string) { u.Campaigns = append(u.Campaigns, n) }},
		{sq.Select("uw.user_id", "w.name").From("user_workspaces uw").Join("workspaces w ON w.id = uw.workspace_id").
			Where(sq.Eq{"uw.user_id": ids}).OrderBy("w.name"),
			func(u *UserRow, n string) { u.Workspaces = append(u.Workspaces, n) }},
	}
	for _, n := range names {
		if err := eachPair(r, n.q, func(id, name string) {
			if u := byID[id]; u != nil {
				n.set(u, name)
			}
		}); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if u := byID[id]; u != nil {
			out = append(out, *u)
		}
	}
	return out, nil
}

// eachPair runs a two-column query and calls fn for each row.
func eachPair(q querier, b sq.Sqlizer, fn func(a, b string)) error {
	rows, err := q.Query(b)
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var x, y string
		if err := rows.Scan(&x, &y); err != nil {
			return apperr.Internal(err)
		}
		fn(x, y)
	}
	if err := rows.Err(); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
