package accounts

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// account is what sign-in needs of a user row.
type account struct {
	id, hash, status string
	active           bool
	mustChange       bool
}

// canSignIn reports whether the account may open a session: an active account, or a pending
// one that must set its password (generated or temporary credentials, F2.5) and will become
// active when it does.
func (a *account) canSignIn() bool {
	return a.active && (a.status == "active" || (a.status == "pending" && a.mustChange))
}

// SignIn checks login (username or e-mail) and password and opens a session on this
// workstation. Failures are counted per account (or per typed login when no account has
// it) and lock after the policy's limit; the error is the same invalid_credentials whether
// or not the account exists. It returns the new session's id. When the user has a second
// factor, no session opens yet: the error is two_factor_required with a short-lived
// challenge id in params.challengeId, for SignInSecondFactor.
func (s *Service) SignIn(ctx context.Context, login, password string) (string, error) {
	norm := NormalizeUsername(login)
	if norm == "" || password == "" {
		return "", apperr.New(apperr.CodeInvalidCredentials)
	}
	acc, err := s.findAccount(ctx, norm)
	if err != nil {
		return "", err
	}
	key, userID, hash := "login:"+norm, "", ""
	if acc != nil {
		key, userID, hash = "user:"+acc.id, acc.id, acc.hash
	}
	rehash := false
	err = s.guard(ctx, key, userID, func() (bool, error) {
		if hash == "" {
			s.hasher.DummyVerify(password)
			return false, nil
		}
		ok, re, verr := s.hasher.Verify(hash, password)
		if verr != nil {
			s.log.Warn().Str("user_id", acc.id).Msg("stored password hash unreadable")
		}
		rehash = re
		return ok && verr == nil, nil
	})
	if err != nil {
		return "", err
	}
	if !acc.canSignIn() {
		return "", apperr.New(apperr.CodeAccountInactive)
	}
	newHash := ""
	if rehash {
		if newHash, err = s.hasher.Hash(password); err != nil {
			return "", apperr.Internal(err)
		}
	}
	if challenge, err := s.secondFactorChallenge(ctx, acc.id, key, newHash); err != nil {
		return "", err
	} else if challenge != "" {
		return "", apperr.New(CodeTwoFactorRequired).WithParam("challengeId", challenge)
	}
	sessionID, err := s.openSession(ctx, acc.id, key, newHash, map[string]any{})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("user_id", acc.id).Bool("rehashed", rehash).Msg("signed in")
	return sessionID, nil
}

// PrepareSignIn readies the memory of the next sign-in's password check (auth.Hasher.Prepare).
func (s *Service) PrepareSignIn() { s.hasher.Prepare() }

// openSession ends the lockout count of key, stores newHash when set (a rehash), and opens a
// session for user on this workstation, in one write. details are added to the sign_in
// audit entry.
func (s *Service) openSession(ctx context.Context, userID, key, newHash string, details map[string]any) (string, error) {
	sessionID := store.NewID()
	err := s.db.Write(ctx, userID, func(tx *store.Tx) error {
		if err := tx.Delete("login_attempts", key); err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
			return err
		}
		if newHash != "" {
			if err := tx.Update("users", userID, store.Fields{"password_hash": newHash}); err != nil {
				return err
			}
		}
		ts := tx.Now()
		if err := tx.Insert("sessions", sessionID, store.Fields{"user_id": userID,
			"workstation_id": s.db.WorkstationID(), "created_at": ts, "last_seen_at": ts}); err != nil {
			return err
		}
		if err := tx.Update("users", userID, store.Fields{"presence": "online", "last_active_at": ts}); err != nil {
			return err
		}
		details["session_id"] = sessionID
		return tx.Audit("users", userID, "sign_in", details)
	})
	if err != nil {
		return "", err
	}
	return sessionID, nil
}

func (s *Service) findAccount(ctx context.Context, login string) (*account, error) {
	q, args, _ := sq.Select("id", "password_hash", "status", "active", "must_change_password").From("users").
		Where(sq.Or{sq.Eq{"username": login}, sq.Eq{"email": login}}).Limit(1).ToSql()
	var a account
	err := s.db.Read().QueryRowContext(ctx, q, args...).Scan(&a.id, &a.hash, &a.status, &a.active, &a.mustChange)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &a, nil
}
