package accounts

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// secondFactorChallenge opens a challenge when user has a confirmed second factor and
// returns its id; "" when the user has none (the sign-in completes with the password).
func (s *Service) secondFactorChallenge(ctx context.Context, userID, key, newHash string) (string, error) {
	var enabled bool
	err := s.db.Read().QueryRowContext(ctx, `SELECT enabled FROM user_totp WHERE user_id = ?`, userID).Scan(&enabled)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !enabled) {
		return "", nil
	}
	if err != nil {
		return "", apperr.Internal(err)
	}
	now := s.db.Now()
	id, err := s.sec.newChallenge(challenge{userID: userID, key: key, newHash: newHash, expires: now.Add(challengeTTL)}, now)
	if err != nil {
		return "", apperr.Internal(err)
	}
	s.log.Info().Str("user_id", userID).Msg("password accepted, second factor awaited")
	return id, nil
}

// SignInSecondFactor completes a sign-in that answered two_factor_required: code is the
// current 6-digit code of the user's authenticator app, or one of their unused recovery codes
// (which is then spent). A wrong code counts toward the lockout exactly like a wrong password
// and answers code_invalid (account_locked at the limit); an unknown or expired challenge is
// challenge_expired. It returns the new session's id.
func (s *Service) SignInSecondFactor(ctx context.Context, challengeID, code string) (string, error) {
	now := s.db.Now()
	c, ok := s.sec.challenge(challengeID, now)
	if !ok {
		return "", apperr.New(CodeChallengeExpired)
	}
	u, err := loadUser(s.read(ctx), c.userID)
	if err != nil {
		return "", err
	}
	acc := account{active: u.Active, status: u.Status, mustChange: u.MustChange}
	if !acc.canSignIn() {
		s.sec.dropChallenge(challengeID)
		return "", apperr.New(apperr.CodeAccountInactive)
	}
	method := ""
	err = s.guard(ctx, c.key, u.ID, func() (bool, error) {
		m, err := s.spendSecondFactor(ctx, u.ID, code)
		method = m
		return m != "", err
	})
	switch apperr.CodeOf(err) {
	case "":
	case apperr.CodeAccountLocked:
		s.sec.dropChallenge(challengeID)
		return "", err
	case apperr.CodeInvalidCredentials:
		return "", apperr.New(CodeCodeInvalid).WithField("code")
	default:
		return "", err
	}
	s.sec.dropChallenge(challengeID)
	sessionID, err := s.openSession(ctx, u.ID, c.key, c.newHash, map[string]any{"second_factor": method})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("user_id", u.ID).Str("second_factor", method).Msg("signed in")
	return sessionID, nil
}

// spendSecondFactor checks code against user's TOTP (then remembers its step, so it is not
// accepted again) or their unused recovery codes (then marks that one used), in one write.
// It returns "totp" or "recovery" on success and "" for a wrong code.
func (s *Service) spendSecondFactor(ctx context.Context, userID, code string) (string, error) {
	method := ""
	box, err := s.secrets(ctx) // before the write: opening it may write (its first key)
	if err != nil {
		return "", err
	}
	err = s.db.Write(ctx, userID, func(tx *store.Tx) error {
		var id, secret string
		var enabled bool
		var last int64
		err := tx.QueryRow(sq.Select("id", "secret", "enabled", "last_step").From("user_totp").Where(sq.Eq{"user_id": userID})).
			Scan(&id, &secret, &enabled, &last)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !enabled) {
			return nil
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if auth.LooksLikeTOTP(code) {
			// A secret this workstation cannot open is secrets_locked (a recovery code still works).
			if secret, err = box.Open(tx.Context(), colTOTPSecret, id, secret); err != nil {
				return err
			}
			step, ok := auth.VerifyTOTP(secret, code, s.db.Now(), last)
			if !ok {
				return nil
			}
			method = "totp"
			return tx.Update("user_totp", id, store.Fields{"last_step": step})
		}
		var rid string
		err = tx.QueryRow(sq.Select("id").From("recovery_codes").
			Where(sq.Eq{"user_id": userID, "code_hash": HashCode(code), "used_at": ""})).Scan(&rid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return apperr.Internal(err)
		}
		method = "recovery"
		return tx.Update("recovery_codes", rid, store.Fields{"used_at": tx.Now()})
	})
	return method, err
}
