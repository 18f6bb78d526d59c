package users

import (
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// querier is a read source: the read pool or a write transaction.
type querier = store.Querier

// target is what the guard rails need to know of the user an operation acts on.
type target struct {
	ID, Username, Email, FirstName, LastName string
	Role, ProfileID, Status                  string
	Active, Invited, MustChange              bool
	Workspaces                               []string
}

// loadTarget reads user id, or returns not_found.
func loadTarget(q querier, id string) (*target, error) {
	var t target
	err := q.QueryRow(sq.Select("id", "username", "email", "first_name", "last_name", "role",
		"COALESCE(profile_id, '')", "status", "active", "invited", "must_change_password").
		From("users").Where(sq.Eq{"id": id})).
		Scan(&t.ID, &t.Username, &t.Email, &t.FirstName, &t.LastName, &t.Role, &t.ProfileID, &t.Status,
			&t.Active, &t.Invited, &t.MustChange)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	t.Workspaces, err = userWorkspaces(q, id)
	return &t, err
}

// userWorkspaces lists the workspace ids of user id.
func userWorkspaces(q querier, id string) ([]string, error) {
	return column(q, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": id}).OrderBy("workspace_id"))
}

// column runs a one-column query.
func column(q querier, b sq.Sqlizer) ([]string, error) { return store.Strings(q, b) }

// sharesWorkspace reports whether the actor acts in one of the workspaces ws.
func sharesWorkspace(a *access.Actor, ws []string) bool { return a.SharesWorkspace(ws) }

// visible reports whether the actor may see user t at all: themself, or anyone in their
// workspaces when they hold the Users module (the Owner sees everyone).
func visible(a *access.Actor, t *target) bool {
	if a.UserID == t.ID || a.Role == access.Owner {
		return true
	}
	return a.Can(access.ModUsers) && sharesWorkspace(a, t.Workspaces)
}

// manages reports whether the actor may change another user's data and access (F2.7):
// the Owner manages everyone but themself; an administrator with the Users module manages
// the agents of their workspaces; an agent manages nobody.
func manages(a *access.Actor, t *target) bool {
	return access.ManagesUser(a, access.Target{ID: t.ID, Role: access.Role(t.Role), Workspaces: t.Workspaces})
}

// guardOther returns not_found when the actor cannot see t and permission_denied when it
// sees but does not manage t; nil when it manages t.
func guardOther(a *access.Actor, t *target) error {
	if !visible(a, t) {
		return apperr.NotFound()
	}
	if !manages(a, t) {
		return apperr.PermissionDenied()
	}
	return nil
}

// profile is a profile a user may be given.
type profile struct {
	ID, Name, Role string
	Modules        []access.Module
	Builtin        bool
}

// loadProfile reads profile id; a missing one is a validation error on field.
func loadProfile(q querier, field, id string) (*profile, error) {
	if id == "" {
		return nil, apperr.Validation(field, "required")
	}
	p := profile{ID: id}
	var modules string
	err := q.QueryRow(sq.Select("name", "role", "modules", "builtin").From("profiles").Where(sq.Eq{"id": id})).
		Scan(&p.Name, &p.Role, &modules, &p.Builtin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Validation(field, "unknown")
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var names []string
	if err := json.Unmarshal([]byte(modules), &names); err != nil {
		return nil, apperr.Internal(err)
	}
	p.Modules = access.ParseModules(names)
	return &p, nil
}

// mayGrant checks that the actor may give profile p (F2.7): only the Owner gives an
// administrator profile; an administrator gives agent profiles whose modules they hold.
func mayGrant(a *access.Actor, p *profile) error {
	if a.Role == access.Owner {
		return nil
	}
	if a.Role != access.Admin || p.Role != string(access.Agent) {
		return apperr.PermissionDenied().WithField("profileId")
	}
	for _, m := range p.Modules {
		if !a.Can(m) {
			return apperr.PermissionDenied().WithField("profileId").WithParam("module", string(m))
		}
	}
	return nil
}

// checkWorkspaces validates a set of workspace ids the actor assigns: each must exist and
// not be archived, and an administrator assigns only their own workspaces. Duplicates are
// dropped; the order is kept.
func checkWorkspaces(q querier, a *access.Actor, field string, ids []string) ([]string, error) {
	out := []string{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, apperr.Validation(field, "required")
	}
	known, err := column(q, sq.Select("id").From("workspaces").Where(sq.Eq{"id": out, "archived": 0}))
	if err != nil {
		return nil, err
	}
	for _, id := range out {
		if !slices.Contains(known, id) {
			return nil, apperr.Validation(field, "unknown")
		}
		if !a.InWorkspace(id) {
			return nil, apperr.PermissionDenied().WithField(field)
		}
	}
	return out, nil
}
