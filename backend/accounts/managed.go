package accounts

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// rowQuerier reads: a write transaction (store.Tx) or the read pool.
type rowQuerier = store.Querier

func (s *Service) read(ctx context.Context) store.Reader { return s.db.Reader(ctx) }

// userRow is what the password and second-factor operations need of a user.
type userRow struct {
	ID, Username, Email, FirstName, LastName string
	Role, Status, Hash, Language             string
	ChangedAt, CreatedAt                     string
	Active, MustChange                       bool
	Workspaces                               []string
}

// personal is the user's data the password policy refuses inside a password.
func (u *userRow) personal() auth.Personal {
	return auth.Personal{Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName}
}

// displayName is "First Last", else the username or e-mail (names.Display).
func (u *userRow) displayName() string {
	return names.Display(u.FirstName, u.LastName, u.Username, u.Email)
}

// loadUser reads user id, or returns not_found.
func loadUser(q rowQuerier, id string) (*userRow, error) {
	var u userRow
	err := q.QueryRow(sq.Select("id", "username", "email", "first_name", "last_name", "role", "status",
		"password_hash", "language", "password_changed_at", "created_at", "active", "must_change_password").
		From("users").Where(sq.Eq{"id": id})).
		Scan(&u.ID, &u.Username, &u.Email, &u.FirstName, &u.LastName, &u.Role, &u.Status, &u.Hash, &u.Language,
			&u.ChangedAt, &u.CreatedAt, &u.Active, &u.MustChange)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	rows, err := q.Query(sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": id}).OrderBy("workspace_id"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	u.Workspaces = []string{}
	for rows.Next() {
		var ws string
		if err := rows.Scan(&ws); err != nil {
			return nil, apperr.Internal(err)
		}
		u.Workspaces = append(u.Workspaces, ws)
	}
	return &u, rows.Err()
}

// guardManaged applies the rule of the administrative actions on another user's
// credentials (password reset F2.9, second-factor reset F1.5): the Owner acts on anyone but
// themself; an administrator with the Users module acts on the agents of their workspaces.
// A user the actor cannot see is not_found; one it sees but may not act on (an
// administrator, the Owner, themself) is permission_denied.
func guardManaged(a *access.Actor, u *userRow) error {
	shares := a.Role == access.Owner || slices.ContainsFunc(u.Workspaces, a.InWorkspace)
	visible := a.UserID == u.ID || (shares && a.Can(access.ModUsers))
	if !visible {
		return apperr.NotFound()
	}
	if a.UserID == u.ID || u.Role == string(access.Owner) {
		return apperr.PermissionDenied()
	}
	switch a.Role {
	case access.Owner:
		return nil
	case access.Admin:
		if u.Role == string(access.Agent) {
			return nil
		}
	}
	return apperr.PermissionDenied()
}

// revokeSessions ends every session of user on every workstation: Actor refuses a session
// that began before users.sessions_revoked_at, which syncs (F2.9, F12.4). Sessions of this
// workstation are also closed in place, so the sign-in history shows why.
func revokeSessions(tx *store.Tx, userID, reason string) error {
	now := tx.Now()
	if err := tx.Update("users", userID, store.Fields{"sessions_revoked_at": now}); err != nil {
		return err
	}
	open, err := store.Strings(tx, sq.Select("id").From("sessions").Where(sq.Eq{"user_id": userID, "ended_at": ""}))
	if err != nil {
		return err
	}
	for _, id := range open {
		if err := tx.Update("sessions", id, store.Fields{"ended_at": now, "end_reason": reason}); err != nil {
			return err
		}
	}
	return nil
}

// clearLockout forgets the failed sign-ins of user (an administrator's reset, or a reset
// by e-mailed code, proves who is behind the account).
func clearLockout(tx *store.Tx, userID string) error {
	if err := tx.Delete("login_attempts", "user:"+userID); err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
		return err
	}
	return nil
}
