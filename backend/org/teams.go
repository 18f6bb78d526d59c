package org

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Team is a team as the list and the drawer show it.
type Team struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	WorkspaceID    string   `json:"workspaceId"`
	WorkspaceName  string   `json:"workspaceName"`
	LeaderID       string   `json:"leaderId"`
	LeaderName     string   `json:"leaderName"`
	LeaderAvatarID string   `json:"leaderAvatarId"`
	Active         bool     `json:"active"`
	Description    string   `json:"description"`
	MemberCount    int      `json:"memberCount"`
	CanEdit        bool     `json:"canEdit"`
	Members        []Person `json:"members,omitempty"` // only from GetTeam
}

// TeamQuery filters the team list. Active is "", "active" or "inactive".
type TeamQuery struct {
	Search      string `json:"search"`
	WorkspaceID string `json:"workspaceId"`
	Active      string `json:"active"`
}

// TeamInput is a team as the drawer saves it: its fields and the whole set of members.
type TeamInput struct {
	Name        string   `json:"name"`
	WorkspaceID string   `json:"workspaceId"`
	LeaderID    string   `json:"leaderId"`
	Active      bool     `json:"active"`
	Description string   `json:"description"`
	MemberIDs   []string `json:"memberIds"`
}

// teamScope narrows a team query to what the actor sees: all for the Owner, the teams of
// their workspaces for an administrator, the teams they belong to for an agent.
func teamScope(b sq.SelectBuilder, a *access.Actor) sq.SelectBuilder {
	switch a.Role {
	case access.Owner:
		return b
	case access.Admin:
		return b.Where(sq.Eq{"t.workspace_id": a.Workspaces})
	}
	return b.Where(sq.Expr("t.id IN (SELECT team_id FROM team_members WHERE user_id = ?)", a.UserID)).
		Where(sq.Eq{"t.workspace_id": a.Workspaces})
}

// canEditTeam: the Owner, or an administrator of the team's workspace.
func canEditTeam(a *access.Actor, ws string) bool {
	return a.Role == access.Owner || (a.Role == access.Admin && ws != "" && a.InWorkspace(ws))
}

func teamSelect() sq.SelectBuilder {
	return sq.Select("t.id", "t.name", "COALESCE(t.workspace_id, '')", "COALESCE(w.name, '')", "COALESCE(t.leader_id, '')",
		"COALESCE(l.first_name || ' ' || l.last_name, '')", "COALESCE(l.avatar_id, '')", "t.active", "t.description",
		"(SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id)").
		From("teams t").LeftJoin("workspaces w ON w.id = t.workspace_id").LeftJoin("users l ON l.id = t.leader_id")
}

func scanTeams(a *access.Actor, rows *sql.Rows) ([]Team, error) {
	defer rows.Close()
	out := []Team{}
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.Name, &t.WorkspaceID, &t.WorkspaceName, &t.LeaderID, &t.LeaderName,
			&t.LeaderAvatarID, &t.Active, &t.Description, &t.MemberCount); err != nil {
			return nil, apperr.Internal(err)
		}
		t.CanEdit = canEditTeam(a, t.WorkspaceID)
		out = append(out, t)
	}
	return out, wrap(rows.Err())
}

// Teams lists the teams the actor sees, filtered and by name.
func (s *Service) Teams(ctx context.Context, a *access.Actor, q TeamQuery) ([]Team, error) {
	b := teamScope(teamSelect(), a).OrderBy("t.name COLLATE NOCASE", "t.id")
	if p := textin.Like(q.Search); p != "" {
		b = b.Where("(t.name LIKE ? ESCAPE '\\' OR t.description LIKE ? ESCAPE '\\')", p, p)
	}
	if q.WorkspaceID != "" {
		b = b.Where(sq.Eq{"t.workspace_id": q.WorkspaceID})
	}
	switch q.Active {
	case "active":
		b = b.Where(sq.Eq{"t.active": 1})
	case "inactive":
		b = b.Where(sq.Eq{"t.active": 0})
	}
	rows, err := s.db.Reader(ctx).Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return scanTeams(a, rows)
}

// loadTeam reads team id as the actor sees it, or not_found.
func loadTeam(q store.Querier, a *access.Actor, id string) (*Team, error) {
	rows, err := q.Query(teamScope(teamSelect(), a).Where(sq.Eq{"t.id": id}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	ts, err := scanTeams(a, rows)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, apperr.NotFound()
	}
	return &ts[0], nil
}

// GetTeam returns a team with its members.
func (s *Service) GetTeam(ctx context.Context, a *access.Actor, id string) (*Team, error) {
	r := s.db.Reader(ctx)
	t, err := loadTeam(r, a, id)
	if err != nil {
		return nil, err
	}
	rows, err := r.Query(sq.Select(personColumns...).From("team_members m").Join("users u ON u.id = m.user_id").
		Where(sq.Eq{"m.team_id": id}).OrderBy("u.first_name", "u.last_name", "u.username"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	t.Members = []Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		t.Members = append(t.Members, p)
	}
	return t, wrap(rows.Err())
}

// checkTeam validates a team input in tx for the actor and returns it cleaned.
func checkTeam(tx *store.Tx, a *access.Actor, id string, in TeamInput) (TeamInput, error) {
	var err error
	if in.Name, err = cleanName("name", in.Name); err != nil {
		return in, err
	}
	if in.Description, err = cleanDescription(in.Description); err != nil {
		return in, err
	}
	if err := openWorkspace(tx, a, "workspaceId", in.WorkspaceID); err != nil {
		return in, err
	}
	in.MemberIDs = dedupe(in.MemberIDs)
	if err := checkMembers(tx, "memberIds", in.WorkspaceID, in.MemberIDs); err != nil {
		return in, err
	}
	if in.LeaderID != "" && !slices.Contains(in.MemberIDs, in.LeaderID) {
		return in, apperr.New(CodeLeaderNotMember).WithField("leaderId")
	}
	var n int
	if err := tx.QueryRow(sq.Select("COUNT(*)").From("teams").Where("lower(name) = ?", strings.ToLower(in.Name)).
		Where(sq.Eq{"workspace_id": in.WorkspaceID}).Where(sq.NotEq{"id": id})).Scan(&n); err != nil {
		return in, apperr.Internal(err)
	}
	if n > 0 {
		return in, apperr.Conflict("name")
	}
	return in, nil
}

func teamFields(in TeamInput) store.Fields {
	var leader any
	if in.LeaderID != "" {
		leader = in.LeaderID
	}
	return store.Fields{"name": in.Name, "workspace_id": in.WorkspaceID, "leader_id": leader,
		"active": in.Active, "description": in.Description}
}

// CreateTeam adds a team with its members; the Owner anywhere, an administrator in their
// workspaces. It returns the new id.
func (s *Service) CreateTeam(ctx context.Context, a *access.Actor, in TeamInput) (string, error) {
	if !isManager(a) {
		return "", apperr.PermissionDenied()
	}
	id := store.NewID()
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		in, err := checkTeam(tx, a, id, in)
		if err != nil {
			return err
		}
		if err := tx.Insert("teams", id, teamFields(in)); err != nil {
			return err
		}
		return setTeamMembers(tx, id, in.MemberIDs)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// UpdateTeam saves a team and replaces its member set with in.MemberIDs (the difference is
// applied in the same transaction as the team's fields).
func (s *Service) UpdateTeam(ctx context.Context, a *access.Actor, id string, in TeamInput) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		t, err := loadTeam(tx, a, id)
		if err != nil {
			return err
		}
		if !t.CanEdit {
			return apperr.PermissionDenied()
		}
		in, err := checkTeam(tx, a, id, in)
		if err != nil {
			return err
		}
		if err := tx.Update("teams", id, teamFields(in)); err != nil {
			return err
		}
		return setTeamMembers(tx, id, in.MemberIDs)
	})
}

// DeleteTeam removes a team and its memberships (campaign memberships stay: adding a team
// to a campaign copied its members).
func (s *Service) DeleteTeam(ctx context.Context, a *access.Actor, id string) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		t, err := loadTeam(tx, a, id)
		if err != nil {
			return err
		}
		if !t.CanEdit {
			return apperr.PermissionDenied()
		}
		if err := setTeamMembers(tx, id, nil); err != nil {
			return err
		}
		return tx.Delete("teams", id)
	})
}

// setTeamMembers makes the member set of team id exactly want: it deletes the memberships
// not wanted and inserts the missing ones, each through the write path.
func setTeamMembers(tx *store.Tx, id string, want []string) error {
	have, err := memberRows(tx, "team_members", "team_id", id)
	if err != nil {
		return err
	}
	for uid, rid := range have {
		if !slices.Contains(want, uid) {
			if err := tx.Delete("team_members", rid); err != nil {
				return err
			}
		}
	}
	for _, uid := range want {
		if _, ok := have[uid]; !ok {
			if err := tx.Insert("team_members", store.PairID("team_members", id, uid), store.Fields{"team_id": id, "user_id": uid}); err != nil {
				return err
			}
		}
	}
	return nil
}

// teamMembersFor returns the active members of team id that are users of workspace ws.
func teamMembersFor(q store.Querier, id, ws string) ([]string, error) {
	return store.Strings(q, sq.Select("m.user_id").From("team_members m").Join("users u ON u.id = m.user_id").
		Join("user_workspaces uw ON uw.user_id = u.id AND uw.workspace_id = ?", ws).
		Where(sq.Eq{"m.team_id": id, "u.active": 1}).OrderBy("u.first_name", "u.last_name"))
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
