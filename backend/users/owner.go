package users

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// TransferOwnership makes user to the Owner (F2.7). Only the Owner may do it, to another
// active administrator (validation not_admin on "userId" otherwise); the old Owner becomes an administrator with the built-in Administrator
// profile. There is exactly one Owner before and after (the database enforces it too).
func (s *Service) TransferOwnership(ctx context.Context, a *access.Actor, to string) error {
	if err := access.Check(a, access.NeedTransferOwnership); err != nil {
		return err
	}
	if to == a.UserID {
		return apperr.Validation("userId", "self")
	}
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		t, err := loadTarget(tx, to)
		if err != nil {
			return err
		}
		if !t.Active || t.Status != "active" {
			return apperr.Validation("userId", "inactive")
		}
		// Only to an administrator, as the window offers it (detail.go, can.transferOwnership):
		// an agent made Owner in one step would skip every administrator guard rail.
		if t.Role != string(access.Admin) {
			return apperr.Validation("userId", "not_admin")
		}
		var adminProfile string
		err = tx.QueryRow(sq.Select("id").From("profiles").Where(sq.Eq{"role": "admin", "builtin": 1}).
			OrderBy("created_at").Limit(1)).Scan(&adminProfile)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Internalf("no built-in Administrator profile")
		}
		if err != nil {
			return apperr.Internal(err)
		}
		// The old Owner steps down first: the one-owner index allows no moment with two.
		if err := tx.Update("users", a.UserID, store.Fields{"role": string(access.Admin), "profile_id": adminProfile}); err != nil {
			return err
		}
		if err := tx.Update("users", to, store.Fields{"role": string(access.Owner), "profile_id": nil}); err != nil {
			return err
		}
		return tx.Audit("users", to, "ownership_transferred", map[string]any{"from": a.UserID, "to": to})
	})
	if err != nil {
		return err
	}
	s.log.Info().Str("from", a.UserID).Str("to", to).Msg("ownership transferred")
	return nil
}
