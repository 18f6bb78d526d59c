package accounts

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Actor loads the signed-in actor of a session. It returns unauthenticated when the
// session does not exist, has ended, belongs to another workstation, or its user is no
// longer active or had their sessions revoked (a password reset, a deactivation) after
// the session began. A pending user who must set their password counts as active here (the
// bound layer holds them at the password change, see Requirement).
func (s *Service) Actor(ctx context.Context, sessionID string) (*access.Actor, error) {
	if sessionID == "" {
		return nil, apperr.Unauthenticated()
	}
	q, args, _ := sq.Select("s.user_id", "s.created_at", "s.ended_at", "s.workstation_id", "u.role", "u.active",
		"u.status", "u.sessions_revoked_at", "COALESCE(p.modules, '[]')", "u.must_change_password").
		From("sessions s").Join("users u ON u.id = s.user_id").LeftJoin("profiles p ON p.id = u.profile_id").
		Where(sq.Eq{"s.id": sessionID}).ToSql()
	var userID, created, ended, ws, role, status, revoked, modules string
	var active, mustChange bool
	err := s.db.Read().QueryRowContext(ctx, q, args...).Scan(&userID, &created, &ended, &ws, &role, &active, &status, &revoked, &modules, &mustChange)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Unauthenticated()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	acc := account{active: active, status: status, mustChange: mustChange}
	if ended != "" || ws != s.db.WorkstationID() || !acc.canSignIn() || (revoked != "" && revoked >= created) {
		return nil, apperr.Unauthenticated()
	}
	var names []string
	if err := json.Unmarshal([]byte(modules), &names); err != nil {
		return nil, apperr.Internal(err)
	}
	wss, err := s.userWorkspaceIDs(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &access.Actor{UserID: userID, SessionID: sessionID, Role: access.Role(role),
		Modules: access.ParseModules(names), Workspaces: wss}, nil
}

func (s *Service) userWorkspaceIDs(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT workspace_id FROM user_workspaces WHERE user_id = ? ORDER BY workspace_id`, userID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Internal(err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SignOut ends the actor's session and sets the user offline. reason is recorded
// ("sign_out", "app_closed").
func (s *Service) SignOut(ctx context.Context, a *access.Actor, reason string) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		ts := tx.Now()
		if err := tx.Update("sessions", a.SessionID, store.Fields{"ended_at": ts, "end_reason": reason}); err != nil {
			return err
		}
		if err := tx.Update("users", a.UserID, store.Fields{"presence": "offline", "last_active_at": ts}); err != nil {
			return err
		}
		return tx.Audit("users", a.UserID, "sign_out", map[string]any{"session_id": a.SessionID, "reason": reason})
	})
}

// EndDanglingSessions ends the sessions of this workstation left open by a crash or a
// killed process, and sets their users offline. Called once at start-up.
func (s *Service) EndDanglingSessions(ctx context.Context) error {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, user_id FROM sessions WHERE ended_at = '' AND workstation_id = ?`, s.db.WorkstationID())
	if err != nil {
		return apperr.Internal(err)
	}
	type open struct{ id, user string }
	var list []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.user); err != nil {
			rows.Close()
			return apperr.Internal(err)
		}
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Internal(err)
	}
	for _, o := range list {
		a := &access.Actor{UserID: o.user, SessionID: o.id}
		if err := s.SignOut(ctx, a, "app_closed"); err != nil {
			return err
		}
	}
	return nil
}
