package clients

import (
	"database/sql"
	"encoding/json"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// need is what every client operation requires: the Clients module.
var need = access.Need{Module: access.ModClients}

// manageNeed is what moving portfolios and importing require: the Clients module, as
// Owner or administrator. Agents only work their own portfolio.
var manageNeed = access.Need{Module: access.ModClients, Roles: []access.Role{access.Owner, access.Admin}}

// scope is the condition on clients alias c that the actor may see: the Owner all, an
// administrator the clients of their workspaces, anyone else (an agent) only their own.
func scope(a *access.Actor) sq.Sqlizer {
	switch a.Role {
	case access.Owner:
		return sq.Expr("1 = 1")
	case access.Admin:
		return sq.Eq{"c.workspace_id": a.Workspaces}
	}
	return sq.Eq{"c.owner_id": a.UserID}
}

// sees reports whether the actor may see client row r.
func sees(a *access.Actor, r *row) bool {
	switch a.Role {
	case access.Owner:
		return true
	case access.Admin:
		return a.InWorkspace(r.WorkspaceID)
	}
	return r.OwnerID == a.UserID
}

// row is a client as stored.
type row struct {
	ID, Name, DocumentID, Phone, Email, WorkspaceID, Notes, OwnerID string
	Tags                                                            []string
}

// loadRow reads client id, or returns not_found.
func loadRow(q store.Querier, id string) (*row, error) {
	var r row
	var tags string
	err := q.QueryRow(sq.Select("id", "name", "document_id", "phone", "email", "workspace_id", "notes",
		"COALESCE(owner_id, '')", "tags").From("clients").Where(sq.Eq{"id": id})).
		Scan(&r.ID, &r.Name, &r.DocumentID, &r.Phone, &r.Email, &r.WorkspaceID, &r.Notes, &r.OwnerID, &tags)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	r.Tags = parseTags(tags)
	return &r, nil
}

// loadVisible reads client id when the actor may see it; not_found otherwise, so a client
// outside the actor's scope is indistinguishable from one that does not exist.
func loadVisible(q store.Querier, a *access.Actor, id string) (*row, error) {
	r, err := loadRow(q, id)
	if err != nil {
		return nil, err
	}
	if !sees(a, r) {
		return nil, apperr.NotFound()
	}
	return r, nil
}

// parseTags reads a tags column; a malformed one reads as no tags.
func parseTags(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil || out == nil {
		return []string{}
	}
	return out
}

// person is a user a client may be given to.
type person struct {
	ID, Username, Name string
	Active             bool
	Workspaces         map[string]bool
}

// loadPerson reads user id with their workspaces; ok is false when there is none.
func loadPerson(q store.Querier, id string) (*person, bool, error) {
	p := person{ID: id, Workspaces: map[string]bool{}}
	var active bool
	var status string
	err := q.QueryRow(sq.Select("username", names.SQL(""), "active", "status").
		From("users").Where(sq.Eq{"id": id})).Scan(&p.Username, &p.Name, &active, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, apperr.Internal(err)
	}
	p.Active = active && status == "active"
	ws, err := store.Strings(q, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": id}))
	if err != nil {
		return nil, false, err
	}
	for _, w := range ws {
		p.Workspaces[w] = true
	}
	return &p, true, nil
}

// checkOwner validates owner id for a client of workspace ws, on field: an active user of
// that workspace. "" (unassigned) is always fine.
func checkOwner(q store.Querier, field, id, ws string) error {
	if id == "" {
		return nil
	}
	p, ok, err := loadPerson(q, id)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Validation(field, "unknown")
	}
	if !p.Active {
		return apperr.Validation(field, "inactive_owner").WithParam("name", p.Name)
	}
	if !p.Workspaces[ws] {
		return apperr.Validation(field, "owner_workspace").WithParam("name", p.Name)
	}
	return nil
}
