package access

import (
	"database/sql"
	"encoding/json"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// RowQuerier reads one row: a write transaction (store.Tx) or an adapter on the read pool.
type RowQuerier interface {
	QueryRow(q sq.Sqlizer) *sql.Row
}

// ProfileRef is what giving a profile to a user needs to know of it.
type ProfileRef struct {
	ID      string
	Name    string
	Role    Role
	Modules []Module
	Builtin bool
	// WorkspaceID is the workspace the profile belongs to; "" for the whole organization.
	WorkspaceID string
}

// LoadProfileRef reads profile id; a missing one is validation "unknown" on "profileId".
func LoadProfileRef(q RowQuerier, id string) (*ProfileRef, error) {
	if id == "" {
		return nil, apperr.Validation("profileId", "required")
	}
	p := ProfileRef{ID: id}
	var role, modules string
	err := q.QueryRow(sq.Select("name", "role", "modules", "builtin", "workspace_id").From("profiles").Where(sq.Eq{"id": id})).
		Scan(&p.Name, &role, &modules, &p.Builtin, &p.WorkspaceID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Validation("profileId", "unknown")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var names []string
	if err := json.Unmarshal([]byte(modules), &names); err != nil {
		return nil, apperr.Internal(err)
	}
	p.Role, p.Modules = Role(role), ParseModules(names)
	return &p, nil
}

// MayGrant checks that actor a may give profile p to a user (F2.7): the Owner any; an
// administrator only agent profiles whose modules they hold and that belong to the organization
// or to one of their workspaces; nobody else. The error is permission_denied on "profileId".
func MayGrant(a *Actor, p *ProfileRef) error {
	if a.Role == Owner {
		return nil
	}
	if a.Role != Admin || p.Role != Agent || (p.WorkspaceID != "" && !a.InWorkspace(p.WorkspaceID)) {
		return apperr.PermissionDenied().WithField("profileId")
	}
	for _, m := range p.Modules {
		if !a.Can(m) {
			return apperr.PermissionDenied().WithField("profileId").WithParam("module", string(m))
		}
	}
	return nil
}
