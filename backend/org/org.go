// Package org is the organisation backend of PRODUCT.md F10, F6 and F7: workspaces (sites,
// brands or companies), teams of users inside a workspace, and campaigns with their members,
// each member with a campaign role and the subset of the campaign's channels enabled for
// them. Every operation takes the acting user, checks role and workspace scope (F3.1, F7.3),
// validates its input, and changes data only through the one write path (store.DB.Write), so
// a membership change is applied, audited and synced in one transaction or not at all.
//
// Who may do what:
//   - Workspaces: the Owner creates, renames, archives and unarchives; everybody else lists
//     only their own workspaces, never archived ones.
//   - Teams: the Owner manages all; an administrator manages the teams of their workspaces;
//     an agent (with the Teams module) only reads the teams they belong to.
//   - Campaigns: the Owner changes all; an administrator sees the campaigns of their
//     workspaces and changes only those they are a member of (F7.3); an agent (with the
//     Campaigns module) only reads the campaigns they belong to.
//
// Rows outside the actor's scope are reported as not_found, never as permission_denied, so a
// caller cannot learn that they exist.
package org

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Error codes of this package (the window translates errors.<code>).
const (
	// CodeLeaderNotMember: a team's leader must be one of its members.
	CodeLeaderNotMember = "team_leader_not_member"
	// CodeMemberNotInWorkspace: a team or campaign member must be an active user of its
	// workspace; params.name names the first one that is not.
	CodeMemberNotInWorkspace = "member_not_in_workspace"
	// CodeCampaignDates: a campaign's end date is before its start date.
	CodeCampaignDates = "campaign_dates_order"
	// CodeCampaignNotMember: an administrator changes only campaigns they are a member of.
	CodeCampaignNotMember = "campaign_not_member"
	// CodeWorkspaceArchived: nothing new goes into an archived workspace.
	CodeWorkspaceArchived = "workspace_archived"
)

// Limits of the text fields.
const (
	MaxNameLen        = 80
	MaxDescriptionLen = 500
)

// Service is the organisation backend.
type Service struct{ db *store.DB }

// New builds the service on the store.
func New(db *store.DB) *Service { return &Service{db: db} }

// Ref names a workspace, team or campaign.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Person is a user as the member lists show them.
type Person struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Username    string `json:"username"`
	AvatarID    string `json:"avatarId"`
	Role        string `json:"role"`
	Active      bool   `json:"active"`
}

// cleanName trims a name and checks it is present and not too long.
func cleanName(field, s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", apperr.Validation(field, "required")
	}
	if utf8.RuneCountInString(s) > MaxNameLen {
		return "", apperr.Validation(field, "too_long").WithParam("max", MaxNameLen)
	}
	if e := textin.CheckLine(field, s); e != nil {
		return "", e
	}
	return s, nil
}

// cleanDescription trims a description and checks its length.
func cleanDescription(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxDescriptionLen {
		return "", apperr.Validation("description", "too_long").WithParam("max", MaxDescriptionLen)
	}
	if e := textin.CheckText("description", s); e != nil {
		return "", e
	}
	return s, nil
}

// dedupe drops empty strings and duplicates, keeping the first order.
func dedupe(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// isManager reports whether the actor is the Owner or an administrator.
func isManager(a *access.Actor) bool { return a.Role == access.Owner || a.Role == access.Admin }

// openWorkspace checks that workspace id exists, is not archived and is one of the actor's.
// A workspace the actor is not in is permission_denied on field (it was chosen in a form).
func openWorkspace(q store.Querier, a *access.Actor, field, id string) error {
	if id == "" {
		return apperr.Validation(field, "required")
	}
	var archived bool
	err := q.QueryRow(sq.Select("archived").From("workspaces").Where(sq.Eq{"id": id})).Scan(&archived)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Validation(field, "one_of")
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if !a.InWorkspace(id) {
		return apperr.PermissionDenied().WithField(field)
	}
	if archived {
		return apperr.New(CodeWorkspaceArchived).WithField(field)
	}
	return nil
}

// checkMembers checks that every user id is an active user of workspace ws; the first that
// is not gives member_not_in_workspace with their name (or the id of an unknown user).
func checkMembers(q store.Querier, field, ws string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ok, err := store.Strings(q, sq.Select("u.id").From("users u").
		Join("user_workspaces uw ON uw.user_id = u.id AND uw.workspace_id = ?", ws).
		Where(sq.Eq{"u.id": ids, "u.active": 1}))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if slices.Contains(ok, id) {
			continue
		}
		name := id
		if err := store.ScanOptional(q.QueryRow(sq.Select(names.SQL("")).From("users").Where(sq.Eq{"id": id})), &name); err != nil {
			return apperr.Internal(err)
		}
		return apperr.New(CodeMemberNotInWorkspace).WithField(field).WithParam("name", name)
	}
	return nil
}

// memberRows reads the membership rows of a team or campaign (table team_members or
// campaign_members, parent column team_id or campaign_id): user id → membership row id.
func memberRows(q store.Querier, table, parentCol, parentID string) (map[string]string, error) {
	rows, err := q.Query(sq.Select("id", "user_id").From(table).Where(sq.Eq{parentCol: parentID}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	have := map[string]string{}
	for rows.Next() {
		var rid, uid string
		if err := rows.Scan(&rid, &uid); err != nil {
			return nil, apperr.Internal(err)
		}
		have[uid] = rid
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	return have, nil
}

// personColumns are the columns scanned by scanPerson, on users aliased u.
var personColumns = []string{"u.id", names.SQL("u"), "u.username", "u.avatar_id", "u.role", "u.active"}

func scanPerson(rows *sql.Rows, extra ...any) (Person, error) {
	var p Person
	err := rows.Scan(append([]any{&p.ID, &p.DisplayName, &p.Username, &p.AvatarID, &p.Role, &p.Active}, extra...)...)
	return p, err
}

// Candidates lists the active users of workspace ws, by name: the "available" side of the
// member dual lists. Only the Owner and the administrators of ws may ask.
func (s *Service) Candidates(r store.Querier, a *access.Actor, ws string) ([]Person, error) {
	if !isManager(a) {
		return nil, apperr.PermissionDenied()
	}
	if !a.InWorkspace(ws) {
		return nil, apperr.NotFound()
	}
	rows, err := r.Query(sq.Select(personColumns...).From("users u").
		Join("user_workspaces uw ON uw.user_id = u.id").
		Where(sq.Eq{"uw.workspace_id": ws, "u.active": 1}).OrderBy("u.first_name", "u.last_name", "u.username"))
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

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}
