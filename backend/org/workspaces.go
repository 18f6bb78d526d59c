package org

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Workspace is a row of the workspace list, with what it holds.
type Workspace struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Archived        bool   `json:"archived"`
	Users           int    `json:"users"`
	Teams           int    `json:"teams"`
	Campaigns       int    `json:"campaigns"`
	ActiveCampaigns int    `json:"activeCampaigns"`
	Clients         int    `json:"clients"`
	CreatedAt       string `json:"createdAt"`
}

// Workspaces lists workspaces by name: every one for the Owner (archived ones too when
// withArchived), the actor's own open workspaces for everybody else. Pickers ask without
// archived ones.
func (s *Service) Workspaces(ctx context.Context, a *access.Actor, withArchived bool) ([]Workspace, error) {
	count := func(table, extra string) string {
		return "(SELECT COUNT(*) FROM " + table + " x WHERE x.workspace_id = w.id" + extra + ")"
	}
	b := sq.Select("w.id", "w.name", "w.archived", count("user_workspaces", ""), count("teams", ""),
		count("campaigns", ""), count("campaigns", " AND x.active = 1"), count("clients", ""), "w.created_at").
		From("workspaces w").OrderBy("w.name COLLATE NOCASE", "w.id")
	if a.Role != access.Owner {
		b = b.Where(sq.Eq{"w.id": a.Workspaces})
	}
	if a.Role != access.Owner || !withArchived {
		b = b.Where(sq.Eq{"w.archived": 0})
	}
	rows, err := s.db.Reader(ctx).Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Workspace{}
	for rows.Next() {
		var w Workspace
		if err := rows.Scan(&w.ID, &w.Name, &w.Archived, &w.Users, &w.Teams, &w.Campaigns, &w.ActiveCampaigns,
			&w.Clients, &w.CreatedAt); err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, w)
	}
	return out, wrap(rows.Err())
}

// workspace reads one workspace row with its counts.
func (s *Service) workspace(ctx context.Context, a *access.Actor, id string) (*Workspace, error) {
	all, err := s.Workspaces(ctx, a, true)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, apperr.NotFound()
}

// uniqueWorkspaceName checks that no other workspace has name (case-insensitive).
func uniqueWorkspaceName(tx *store.Tx, id, name string) error {
	var n int
	if err := tx.QueryRow(sq.Select("COUNT(*)").From("workspaces").
		Where("lower(name) = ?", strings.ToLower(name)).Where(sq.NotEq{"id": id})).Scan(&n); err != nil {
		return apperr.Internal(err)
	}
	if n > 0 {
		return apperr.Conflict("name")
	}
	return nil
}

// CreateWorkspace adds a workspace; only the Owner may. It returns the new workspace.
func (s *Service) CreateWorkspace(ctx context.Context, a *access.Actor, name string) (*Workspace, error) {
	if a.Role != access.Owner {
		return nil, apperr.PermissionDenied()
	}
	name, err := cleanName("name", name)
	if err != nil {
		return nil, err
	}
	id := store.NewID()
	if err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := uniqueWorkspaceName(tx, id, name); err != nil {
			return err
		}
		return tx.Insert("workspaces", id, store.Fields{"name": name, "archived": false})
	}); err != nil {
		return nil, err
	}
	return s.workspace(ctx, a, id)
}

// RenameWorkspace renames a workspace; only the Owner may.
func (s *Service) RenameWorkspace(ctx context.Context, a *access.Actor, id, name string) (*Workspace, error) {
	if a.Role != access.Owner {
		return nil, apperr.PermissionDenied()
	}
	name, err := cleanName("name", name)
	if err != nil {
		return nil, err
	}
	if err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := uniqueWorkspaceName(tx, id, name); err != nil {
			return err
		}
		return tx.Update("workspaces", id, store.Fields{"name": name})
	}); err != nil {
		return nil, err
	}
	return s.workspace(ctx, a, id)
}

// SetWorkspaceArchived archives or unarchives a workspace; only the Owner may. An archived
// workspace keeps all its data (users' membership, teams, campaigns, clients) but is hidden
// from the pickers and takes no new team or campaign. The result says what it holds, so the
// window can tell the Owner what stays behind.
func (s *Service) SetWorkspaceArchived(ctx context.Context, a *access.Actor, id string, archived bool) (*Workspace, error) {
	if a.Role != access.Owner {
		return nil, apperr.PermissionDenied()
	}
	if err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		var cur bool
		err := tx.QueryRow(sq.Select("archived").From("workspaces").Where(sq.Eq{"id": id})).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound()
		}
		if err != nil {
			return apperr.Internal(err)
		}
		return tx.Update("workspaces", id, store.Fields{"archived": archived})
	}); err != nil {
		return nil, err
	}
	return s.workspace(ctx, a, id)
}
