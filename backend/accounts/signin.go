package accounts

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

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
	pol, err := s.Lockout(ctx)
	if err != nil {
		return "", apperr.Internal(err)
	}
	acc, err := s.findAccount(ctx, norm)
	if err != nil {
		return "", err
	}
	key := "login:" + norm
	if acc != nil {
		key = "user:" + acc.id
	}
	now := s.db.Now()
	if mins, locked, err := s.lockedFor(ctx, key, now); err != nil {
		return "", err
	} else if locked {
		return "", apperr.New(apperr.CodeAccountLocked).WithParam("minutes", mins)
	}
	if acc == nil || acc.hash == "" {
		s.hasher.DummyVerify(password)
		return "", s.recordFailure(ctx, key, "", pol, now)
	}
	ok, rehash, verr := s.hasher.Verify(acc.hash, password)
	if verr != nil || !ok {
		if verr != nil {
			s.log.Warn().Str("user_id", acc.id).Msg("stored password hash unreadable")
		}
		return "", s.recordFailure(ctx, key, acc.id, pol, now)
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

// lockedFor reports whether key is locked now and for how many more whole minutes.
func (s *Service) lockedFor(ctx context.Context, key string, now time.Time) (int, bool, error) {
	var until string
	err := s.db.Read().QueryRowContext(ctx, `SELECT locked_until FROM login_attempts WHERE id = ?`, key).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && until == "") {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, apperr.Internal(err)
	}
	t, err := store.ParseTimestamp(until)
	if err != nil || !now.Before(t) {
		return 0, false, nil
	}
	return int(math.Ceil(t.Sub(now).Minutes())), true, nil
}

// recordFailure counts one failed attempt for key and returns the error the caller shows:
// invalid_credentials, or account_locked when this failure reached the limit.
func (s *Service) recordFailure(ctx context.Context, key, userID string, pol LockoutPolicy, now time.Time) error {
	locked := false
	err := s.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		var failures int
		var until string
		err := tx.QueryRow(sq.Select("failures", "locked_until").From("login_attempts").Where(sq.Eq{"id": key})).Scan(&failures, &until)
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Internal(err)
		}
		if t, _ := store.ParseTimestamp(until); exists && until != "" && !now.Before(t) {
			failures = 0 // an earlier lock has run out: count afresh
		}
		failures++
		f := store.Fields{"failures": failures, "last_failed_at": store.Timestamp(now), "locked_until": ""}
		if failures >= pol.MaxFailures {
			locked = true
			f["locked_until"] = store.Timestamp(now.Add(time.Duration(pol.LockMinutes) * time.Minute))
		}
		if exists {
			err = tx.Update("login_attempts", key, f)
		} else {
			err = tx.Insert("login_attempts", key, f)
		}
		if err != nil || userID == "" {
			return err
		}
		if err := tx.Audit("users", userID, "sign_in_failed", map[string]any{"failures": failures}); err != nil {
			return err
		}
		if locked {
			return tx.Audit("users", userID, "locked", map[string]any{"minutes": pol.LockMinutes})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if locked {
		s.log.Warn().Str("user_id", userID).Msg("sign-in locked after repeated failures")
		return apperr.New(apperr.CodeAccountLocked).WithParam("minutes", pol.LockMinutes)
	}
	return apperr.New(apperr.CodeInvalidCredentials)
}
