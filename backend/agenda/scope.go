package agenda

import (
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// client is what the rules need to know of a follow-up's client.
type client struct {
	ID, Name, Phone, WorkspaceID, OwnerID string
}

// loadClient reads client id, or returns not_found.
func loadClient(q store.Querier, id string) (*client, error) {
	var c client
	err := q.QueryRow(sq.Select("id", "name", "phone", "workspace_id", "COALESCE(owner_id, '')").
		From("clients").Where(sq.Eq{"id": id})).Scan(&c.ID, &c.Name, &c.Phone, &c.WorkspaceID, &c.OwnerID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &c, nil
}

// seesClient reports whether the actor may see client c and plan follow-ups on it: an agent
// their own clients only (F8.4), an administrator the clients of their workspaces, the Owner
// all.
func seesClient(a *access.Actor, c *client) bool {
	switch a.Role {
	case access.Owner:
		return true
	case access.Admin:
		return a.InWorkspace(c.WorkspaceID)
	default:
		return c.OwnerID != "" && c.OwnerID == a.UserID
	}
}

// seesFollowup reports whether the actor may see and change follow-up f: an agent only their
// own follow-ups on their own clients; otherwise the client's rule.
func seesFollowup(a *access.Actor, f *Followup, clientOwner string) bool {
	if a.Role == access.Agent {
		return f.OwnerID == a.UserID && clientOwner == a.UserID
	}
	return seesClient(a, &client{WorkspaceID: f.WorkspaceID, OwnerID: clientOwner})
}

// scoped restricts a query over followups f joined to clients c to what the actor sees.
func scoped(b sq.SelectBuilder, a *access.Actor) sq.SelectBuilder {
	switch a.Role {
	case access.Owner:
		return b
	case access.Admin:
		if len(a.Workspaces) == 0 {
			return b.Where("1 = 0")
		}
		return b.Where(sq.Eq{"c.workspace_id": a.Workspaces})
	default:
		return b.Where(sq.Eq{"f.owner_id": a.UserID, "c.owner_id": a.UserID})
	}
}

// checkOwner validates the user a follow-up is given to: an agent may plan only for
// themself; anyone else for an active user of the client's workspace (or the Owner).
func checkOwner(q store.Querier, a *access.Actor, c *client, ownerID string) error {
	if a.Role == access.Agent {
		if ownerID != a.UserID {
			return apperr.PermissionDenied()
		}
		return nil
	}
	var n int
	err := q.QueryRow(sq.Select("COUNT(*)").From("users u").
		Where(sq.Eq{"u.id": ownerID, "u.active": true}).
		Where(sq.Or{sq.Eq{"u.role": string(access.Owner)},
			sq.Expr("EXISTS (SELECT 1 FROM user_workspaces w WHERE w.user_id = u.id AND w.workspace_id = ?)", c.WorkspaceID)})).Scan(&n)
	if err != nil {
		return apperr.Internal(err)
	}
	if n == 0 {
		return apperr.Validation("ownerId", "one_of")
	}
	return nil
}
