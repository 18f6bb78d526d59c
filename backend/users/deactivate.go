package users

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// guardLeaving loads the user a deactivation or deletion acts on and applies the guard
// rails: never oneself, never the Owner, an administrator only agents of their workspaces.
func guardLeaving(tx *store.Tx, a *access.Actor, id string) (*target, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	if id == a.UserID {
		return nil, apperr.PermissionDenied()
	}
	t, err := loadTarget(tx, id)
	if err != nil {
		return nil, err
	}
	if err := guardOther(a, t); err != nil {
		return nil, err
	}
	return t, nil
}

// Deactivate turns user id off (F2.8) in one write: the client portfolio goes to h's
// recipients with its open follow-ups, team and campaign memberships are removed, every
// session of the user ends on every workstation (sessions_revoked_at), and the user
// becomes inactive. History stays; Reactivate undoes the status. A failure at any step
// leaves nothing changed.
func (s *Service) Deactivate(ctx context.Context, a *access.Actor, id string, h Handover) (*OffboardResult, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	var res *OffboardResult
	err := s.db.Write(ctx, actorID(a), func(tx *store.Tx) error {
		t, err := guardLeaving(tx, a, id)
		if err != nil {
			return err
		}
		res, err = s.deactivate(tx, a, t, h)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("user_id", id).Str("actor_id", a.UserID).Int("clients", res.Clients).Msg("user deactivated")
	return res, nil
}

// deactivate is Deactivate inside a write, after the guard rails.
func (s *Service) deactivate(tx *store.Tx, a *access.Actor, t *target, h Handover) (*OffboardResult, error) {
	res, err := s.offboard(tx, a, t, h, false)
	if err != nil {
		return nil, err
	}
	if err := tx.Update("users", t.ID, store.Fields{"active": false, "status": "inactive", "presence": "offline",
		"sessions_revoked_at": tx.Now()}); err != nil {
		return nil, err
	}
	return res, tx.Audit("users", t.ID, "deactivate", offboardDetails(res, h))
}

// Reactivate turns a deactivated user back on: active again, or pending when they still
// have to set a password. Memberships and clients handed over are not given back.
func (s *Service) Reactivate(ctx context.Context, a *access.Actor, id string) error {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return err
	}
	return s.db.Write(ctx, actorID(a), func(tx *store.Tx) error {
		t, err := guardLeaving(tx, a, id)
		if err != nil {
			return err
		}
		return reactivate(tx, t)
	})
}

// reactivate is Reactivate inside a write, after the guard rails.
func reactivate(tx *store.Tx, t *target) error {
	status := "active"
	if t.MustChange {
		status = "pending"
	}
	return tx.Update("users", t.ID, store.Fields{"active": true, "status": status})
}

// Delete removes user id for good (F2.8) in one write, after the same hand-over as
// Deactivate: confirmUsername must repeat the user's username (else validation on
// confirmUsername). The user row goes (a tombstone travels to the other workstations),
// with their workspace links, sessions and sign-in counters; their done follow-ups keep
// the client's history without an owner. The audit log keeps what was deleted.
func (s *Service) Delete(ctx context.Context, a *access.Actor, id, confirmUsername string, h Handover) (*OffboardResult, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	var res *OffboardResult
	err := s.db.Write(ctx, actorID(a), func(tx *store.Tx) error {
		t, err := guardLeaving(tx, a, id)
		if err != nil {
			return err
		}
		if accounts.NormalizeUsername(confirmUsername) != t.Username {
			return apperr.Validation("confirmUsername", "confirm_mismatch")
		}
		if res, err = s.offboard(tx, a, t, h, true); err != nil {
			return err
		}
		if err := tx.Audit("users", t.ID, "delete_handover", offboardDetails(res, h)); err != nil {
			return err
		}
		return deleteUserRows(tx, t.ID)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("user_id", id).Str("actor_id", a.UserID).Int("clients", res.Clients).Msg("user deleted")
	return res, nil
}

// deleteUserRows removes the user row and every row that exists only for it: the rows of
// each synced table with a user_id column (workspace links, invitations, password
// history, second factor... and whatever a later feature keys by user, such as
// statistics), each through the write path so it is audited and its tombstone travels,
// then the workstation-local sessions and sign-in counter.
func deleteUserRows(tx *store.Tx, id string) error {
	for _, table := range append(store.SyncedTables(), "sessions") {
		if table == "users" {
			continue
		}
		keyed, err := exists(tx, sq.Expr("SELECT 1 FROM pragma_table_info(?) WHERE name = 'user_id'", table))
		if err != nil {
			return err
		}
		if !keyed {
			continue
		}
		ids, err := column(tx, sq.Select("id").From(table).Where(sq.Eq{"user_id": id}))
		if err != nil {
			return err
		}
		for _, rid := range ids {
			if err := tx.Delete(table, rid); err != nil {
				return err
			}
		}
	}
	if err := tx.Delete("login_attempts", "user:"+id); err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
		return err
	}
	return tx.Delete("users", id)
}

// offboardDetails is the audit entry of a hand-over (no secret in it).
func offboardDetails(res *OffboardResult, h Handover) map[string]any {
	return map[string]any{"to": h.ToUserIDs, "spread": h.Spread, "clients": res.Clients,
		"followups": res.Followups, "teams": res.Teams, "campaigns": res.Campaigns}
}

// actorID is the id writes are recorded under; a nil actor fails the check first.
func actorID(a *access.Actor) string {
	if a == nil {
		return ""
	}
	return a.UserID
}
