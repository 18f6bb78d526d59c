package accounts

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// ChangePasswordInput is the "change my password" form (F4.3).
type ChangePasswordInput struct {
	Current  string `json:"current"`
	Password string `json:"password"`
	Repeat   string `json:"repeat"`
}

// ChangeOwnPassword changes the actor's own password (F4.3): the current password must be
// right (a wrong one counts toward the sign-in lockout, so a session left open cannot be
// used to guess it), the new one must pass the policy with the user's personal data, match
// its repeat (validation on field "repeat") and not be one of the last HistoryCount
// passwords (password_policy failure "reused"; the current password is never accepted).
//
// It clears a pending "must change password" (a pending account becomes active) and ends the
// user's OTHER sessions on every workstation: whoever knew the old password is signed out.
// The caller's own session is replaced by a new one, whose id is returned.
func (s *Service) ChangeOwnPassword(ctx context.Context, a *access.Actor, in ChangePasswordInput) (string, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return "", err
	}
	u, err := loadUser(s.read(ctx), a.UserID)
	if err != nil {
		return "", err
	}
	key := "user:" + u.ID
	if in.Current == "" {
		return "", apperr.Validation("current", "required")
	}
	err = s.guard(ctx, key, u.ID, func() (bool, error) {
		ok, _, _ := s.hasher.Verify(u.Hash, in.Current)
		return ok, nil
	})
	if apperr.CodeOf(err) == apperr.CodeInvalidCredentials {
		return "", apperr.New(apperr.CodeInvalidCredentials).WithField("current")
	}
	if err != nil {
		return "", err
	}
	hash, err := s.checkNewPassword(ctx, u, in.Password, in.Repeat)
	if err != nil {
		return "", err
	}
	sessionID := store.NewID()
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := setPassword(tx, u, hash, false); err != nil {
			return err
		}
		if err := revokeSessions(tx, u.ID, "password_changed"); err != nil {
			return err
		}
		// The new session begins just after the revocation, so it alone survives it.
		t, _ := store.ParseTimestamp(tx.Now())
		ts := store.Timestamp(t.Add(time.Millisecond))
		if err := tx.Insert("sessions", sessionID, store.Fields{"user_id": u.ID, "workstation_id": s.db.WorkstationID(),
			"created_at": ts, "last_seen_at": ts}); err != nil {
			return err
		}
		return tx.Audit("users", u.ID, "password_changed", map[string]any{"session_id": sessionID})
	})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("user_id", u.ID).Msg("password changed by its user")
	return sessionID, nil
}

// ResetPasswordInput is an administrator's password reset (F2.9): a new password and its
// repeat, or Generate for a random one shown once.
type ResetPasswordInput struct {
	Password string `json:"password"`
	Repeat   string `json:"repeat"`
	Generate bool   `json:"generate"`
}

// AdminResetPassword sets another user's password (F2.9). The Owner resets anyone but
// themself (they use ChangeOwnPassword); an administrator with the Users module resets the
// agents of their workspaces. A typed password is checked like the user's own (policy with
// their personal data, repeat, history). With Generate a random policy-compliant password
// is made, returned (the only time it is ever shown) and the user must change it at their
// next sign-in. Any reset ends the user's sessions on every workstation and lifts a lockout.
// A user whose invitation is still open is refused (resend the invitation instead).
func (s *Service) AdminResetPassword(ctx context.Context, a *access.Actor, userID string, in ResetPasswordInput) (string, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers, Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return "", err
	}
	u, err := loadUser(s.read(ctx), userID)
	if err != nil {
		return "", err
	}
	if err := guardManaged(a, u); err != nil {
		return "", err
	}
	var open int
	if err := s.read(ctx).QueryRow(sq.Select("COUNT(*)").From("invitations").
		Where(sq.Eq{"user_id": u.ID, "used_at": ""})).Scan(&open); err != nil {
		return "", apperr.Internal(err)
	}
	if open > 0 {
		return "", apperr.Validation("userId", "invitation_pending")
	}
	generated, hash := "", ""
	if in.Generate {
		pol, err := s.PasswordPolicy(ctx)
		if err != nil {
			return "", apperr.Internal(err)
		}
		if generated, err = auth.GeneratePassword(pol); err != nil {
			return "", apperr.Internal(err)
		}
		if hash, err = s.hasher.Hash(generated); err != nil {
			return "", apperr.Internal(err)
		}
	} else if hash, err = s.checkNewPassword(ctx, u, in.Password, in.Repeat); err != nil {
		return "", err
	}
	// A pending account keeps having to choose its own password.
	mustChange := in.Generate || u.Status == "pending"
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := setPassword(tx, u, hash, mustChange); err != nil {
			return err
		}
		if err := revokeSessions(tx, u.ID, "password_reset"); err != nil {
			return err
		}
		if err := clearLockout(tx, u.ID); err != nil {
			return err
		}
		return tx.Audit("users", u.ID, "password_reset", map[string]any{"generated": in.Generate})
	})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("user_id", u.ID).Str("actor_id", a.UserID).Bool("generated", in.Generate).Msg("password reset by an administrator")
	return generated, nil
}

// checkNewPassword validates a new password for user u (policy with their personal data,
// repeat, history) and returns its hash.
func (s *Service) checkNewPassword(ctx context.Context, u *userRow, password, repeat string) (string, error) {
	pol, err := s.PasswordPolicy(ctx)
	if err != nil {
		return "", apperr.Internal(err)
	}
	rep := pol.Check(password, u.personal())
	if rep.OK {
		reused, err := s.reused(ctx, u, password, pol.HistoryCount)
		if err != nil {
			return "", err
		}
		if reused {
			rep.OK = false
			rep.Failures = append(rep.Failures, auth.Failure{Code: CodeReused, Params: map[string]any{"count": max(pol.HistoryCount, 1)}})
		}
	}
	if !rep.OK {
		return "", PolicyError(rep)
	}
	if password != repeat {
		return "", apperr.Validation("repeat", "mismatch")
	}
	h, err := s.hasher.Hash(password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	return h, nil
}

// reused reports whether password is u's current one or one of the previous count-1 kept in
// password_history (so "the last count passwords", the current included, are refused).
func (s *Service) reused(ctx context.Context, u *userRow, password string, count int) (bool, error) {
	hashes := []string{}
	if u.Hash != "" {
		hashes = append(hashes, u.Hash)
	}
	if count > 1 {
		old, err := store.Strings(s.read(ctx), sq.Select("hash").From("password_history").Where(sq.Eq{"user_id": u.ID}).
			OrderBy("created_at DESC", "id DESC").Limit(uint64(count-1)))
		if err != nil {
			return false, err
		}
		hashes = append(hashes, old...)
	}
	for _, h := range hashes {
		if ok, _, _ := s.hasher.Verify(h, password); ok {
			return true, nil
		}
	}
	return false, nil
}

// setPassword stores hash as u's password: the replaced hash goes to password_history
// (pruned to the most the policy can ask for), the change time is now, and mustChange says
// whether the user must change it at their next sign-in. A pending account that sets its own
// password (mustChange false) becomes active.
func setPassword(tx *store.Tx, u *userRow, hash string, mustChange bool) error {
	if u.Hash != "" {
		if err := tx.Insert("password_history", store.NewID(), store.Fields{"user_id": u.ID, "hash": u.Hash}); err != nil {
			return err
		}
		if err := pruneHistory(tx, u.ID); err != nil {
			return err
		}
	}
	f := store.Fields{"password_hash": hash, "password_changed_at": tx.Now(), "must_change_password": mustChange}
	if !mustChange && u.Status == "pending" && u.Active {
		f["status"] = "active"
	}
	return tx.Update("users", u.ID, f)
}

// pruneHistory deletes the history rows of user beyond auth.MaxHistoryCount.
func pruneHistory(tx *store.Tx, userID string) error {
	old, err := store.Strings(tx, sq.Select("id").From("password_history").Where(sq.Eq{"user_id": userID}).
		OrderBy("created_at DESC", "id DESC").Offset(auth.MaxHistoryCount).Limit(1000))
	if err != nil {
		return err
	}
	for _, id := range old {
		if err := tx.Delete("password_history", id); err != nil {
			return err
		}
	}
	return nil
}
