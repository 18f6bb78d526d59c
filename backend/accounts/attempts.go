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

// Every guess at a secret (a password at sign-in or before a sensitive change, an e-mailed
// reset code, a second-factor code) goes through guard. The attempt is counted in one write
// BEFORE the secret is checked, so forty sign-ins sent at once cannot all slip past a limit
// of ten: the writes are serialised by the one-connection write pool, the ones past the limit
// are refused without checking anything, and at most the limit's worth of guesses are ever
// checked. A right answer gives its attempt back (refund); a wrong one is audited.

// attempt is one counted guess.
type attempt struct {
	key, userID string
	failures    int // the count including this attempt
	pol         LockoutPolicy
	now         time.Time
}

// guard counts one attempt for key (per account "user:<id>", or per typed login
// "login:<name>" when no account has it), runs check, and settles the attempt: nil when check
// says ok (the attempt is given back), invalid_credentials or account_locked when it does
// not (audited on userID when set), account_locked without running check when key is locked
// or this attempt is past the limit. An error from check is returned as is, attempt given back.
func (s *Service) guard(ctx context.Context, key, userID string, check func() (bool, error)) error {
	pol, err := s.Lockout(ctx)
	if err != nil {
		return apperr.Internal(err)
	}
	at, err := s.beginAttempt(ctx, key, userID, pol, s.db.Now())
	if err != nil {
		return err
	}
	ok, cerr := check()
	if cerr != nil || ok {
		if err := s.refundAttempt(ctx, at); err != nil {
			return err
		}
		return cerr
	}
	return s.failAttempt(ctx, at)
}

// beginAttempt counts one attempt for key in one write, or refuses it with account_locked
// when key is locked. The attempt that reaches the limit locks key at once, so the ones that
// arrive while it is being checked are refused; a right answer lifts that lock again.
func (s *Service) beginAttempt(ctx context.Context, key, userID string, pol LockoutPolicy, now time.Time) (*attempt, error) {
	at := &attempt{key: key, userID: userID, pol: pol, now: now}
	lockedMins := 0
	err := s.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		failures, until, exists, err := readAttempts(tx, key)
		if err != nil {
			return err
		}
		if t, _ := store.ParseTimestamp(until); exists && until != "" {
			if now.Before(t) {
				lockedMins = int(math.Ceil(t.Sub(now).Minutes()))
				return nil
			}
			failures = 0 // an earlier lock has run out: count afresh
		}
		failures++
		at.failures = failures
		f := store.Fields{"failures": failures, "last_failed_at": store.Timestamp(now), "locked_until": ""}
		if failures >= pol.MaxFailures {
			f["locked_until"] = store.Timestamp(now.Add(time.Duration(pol.LockMinutes) * time.Minute))
		}
		if exists {
			return tx.Update("login_attempts", key, f)
		}
		return tx.Insert("login_attempts", key, f)
	})
	if err != nil {
		return nil, err
	}
	if lockedMins > 0 {
		return nil, apperr.New(apperr.CodeAccountLocked).WithParam("minutes", lockedMins)
	}
	return at, nil
}

// refundAttempt gives back an attempt whose answer was right (or could not be checked): the
// count drops by one and a lock this count no longer reaches is lifted.
func (s *Service) refundAttempt(ctx context.Context, at *attempt) error {
	return s.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		failures, _, exists, err := readAttempts(tx, at.key)
		if err != nil || !exists {
			return err
		}
		if failures > 0 {
			failures--
		}
		f := store.Fields{"failures": failures}
		if failures < at.pol.MaxFailures {
			f["locked_until"] = ""
		}
		return tx.Update("login_attempts", at.key, f)
	})
}

// failAttempt settles a wrong answer: it audits the failure on the account (when there is
// one), locks key when the count has reached the limit (if a refund lifted the lock meanwhile)
// and returns invalid_credentials, or account_locked when key is now locked.
func (s *Service) failAttempt(ctx context.Context, at *attempt) error {
	locked := false
	err := s.db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
		failures, until, exists, err := readAttempts(tx, at.key)
		if err != nil {
			return err
		}
		if exists && failures >= at.pol.MaxFailures {
			locked = true
			if until == "" {
				lock := store.Timestamp(at.now.Add(time.Duration(at.pol.LockMinutes) * time.Minute))
				if err := tx.Update("login_attempts", at.key, store.Fields{"locked_until": lock}); err != nil {
					return err
				}
			}
		}
		if at.userID == "" {
			return nil
		}
		if err := tx.Audit("users", at.userID, "sign_in_failed", map[string]any{"failures": at.failures}); err != nil {
			return err
		}
		if locked && at.failures >= at.pol.MaxFailures {
			return tx.Audit("users", at.userID, "locked", map[string]any{"minutes": at.pol.LockMinutes})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if locked {
		s.log.Warn().Str("user_id", at.userID).Msg("sign-in locked after repeated failures")
		return apperr.New(apperr.CodeAccountLocked).WithParam("minutes", at.pol.LockMinutes)
	}
	return apperr.New(apperr.CodeInvalidCredentials)
}

// readAttempts reads key's row of login_attempts inside a write.
func readAttempts(tx *store.Tx, key string) (failures int, until string, exists bool, err error) {
	err = tx.QueryRow(sq.Select("failures", "locked_until").From("login_attempts").Where(sq.Eq{"id": key})).Scan(&failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, apperr.Internal(err)
	}
	return failures, until, true, nil
}
