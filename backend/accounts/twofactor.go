package accounts

import (
	"cmp"
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// RecoveryCodeCount is how many recovery codes a user gets.
const RecoveryCodeCount = 10

// Codes of the two-factor operations.
const (
	// CodeTwoFactorEnabled: enrolment asked while a confirmed second factor exists (disable
	// it first).
	CodeTwoFactorEnabled = "two_factor_enabled"
	// CodeTwoFactorNotEnrolled: a confirmation, disable or new recovery codes with no (pending)
	// second factor.
	CodeTwoFactorNotEnrolled = "two_factor_not_enrolled"
	// CodeTwoFactorPolicy: disabling a second factor the policy requires of this user.
	CodeTwoFactorPolicy = "two_factor_policy"
)

// TwoFactorStatus is the state of the actor's own second factor.
type TwoFactorStatus struct {
	Enabled           bool `json:"enabled"`
	Pending           bool `json:"pending"` // enrolled, not yet confirmed with a code
	Required          bool `json:"required"`
	RecoveryCodesLeft int  `json:"recoveryCodesLeft"`
}

// Enrollment is shown once when a user sets up TOTP: the secret to type by hand, the
// otpauth:// URI, and the QR code as PNG bytes (base64 in JSON).
type Enrollment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
	QRPNG  []byte `json:"qrPng"`
}

// TwoFactor returns the actor's own second-factor state.
func (s *Service) TwoFactor(ctx context.Context, a *access.Actor) (*TwoFactorStatus, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	var st TwoFactorStatus
	var enabled sql.NullInt64
	err := s.db.Read().QueryRowContext(ctx, `SELECT enabled FROM user_totp WHERE user_id = ?`, a.UserID).Scan(&enabled)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Internal(err)
	}
	st.Enabled, st.Pending = enabled.Valid && enabled.Int64 == 1, enabled.Valid && enabled.Int64 == 0
	if err := s.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at = ''`,
		a.UserID).Scan(&st.RecoveryCodesLeft); err != nil {
		return nil, apperr.Internal(err)
	}
	req, err := s.twoFactorRequired(ctx, a.Role)
	if err != nil {
		return nil, err
	}
	st.Required = req
	return &st, nil
}

// twoFactorRequired reports whether the policy requires a second factor of role.
func (s *Service) twoFactorRequired(ctx context.Context, role access.Role) (bool, error) {
	pol, err := s.PasswordPolicy(ctx)
	if err != nil {
		return false, apperr.Internal(err)
	}
	tf, err := s.twoFactorPolicy(ctx)
	if err != nil {
		return false, err
	}
	return pol.TwoFactorRequired || (tf.RequireForAdmins && (role == access.Owner || role == access.Admin)), nil
}

// EnrollTwoFactor starts TOTP set-up for the actor: a new secret (replacing an unconfirmed
// one) returned once with its URI and QR code. It is not in force until ConfirmTwoFactor.
// With a confirmed second factor it is two_factor_enabled.
func (s *Service) EnrollTwoFactor(ctx context.Context, a *access.Actor) (*Enrollment, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	u, err := loadUser(s.read(ctx), a.UserID)
	if err != nil {
		return nil, err
	}
	org, err := OrgName(ctx, s.db.Read())
	if err != nil {
		return nil, apperr.Internal(err)
	}
	issuer := cmp.Or(org, "Plantel")
	key, err := auth.NewTOTPKey(issuer, u.Username)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	box, err := s.secrets(ctx)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		var id string
		var enabled bool
		err := tx.QueryRow(sq.Select("id", "enabled").From("user_totp").Where(sq.Eq{"user_id": u.ID})).Scan(&id, &enabled)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id = store.PairID("user_totp", u.ID)
			sealed, err := box.Seal(colTOTPSecret, id, key.Secret)
			if err != nil {
				return err
			}
			return tx.Insert("user_totp", id, store.Fields{"user_id": u.ID, "secret": sealed})
		case err != nil:
			return apperr.Internal(err)
		case enabled:
			return apperr.New(CodeTwoFactorEnabled)
		}
		sealed, err := box.Seal(colTOTPSecret, id, key.Secret)
		if err != nil {
			return err
		}
		return tx.Update("user_totp", id, store.Fields{"secret": sealed, "last_step": 0})
	})
	if err != nil {
		return nil, err
	}
	return &Enrollment{Secret: key.Secret, URI: key.URI, QRPNG: key.QRPNG}, nil
}

// ConfirmTwoFactor turns the actor's pending TOTP on with a current code from their app and
// returns their RecoveryCodeCount recovery codes, shown this once (stored hashed). A wrong
// code is code_invalid.
func (s *Service) ConfirmTwoFactor(ctx context.Context, a *access.Actor, code string) ([]string, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	codes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	box, err := s.secrets(ctx) // before the write: opening it may write (its first key)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		var id, secret string
		var enabled bool
		err := tx.QueryRow(sq.Select("id", "secret", "enabled").From("user_totp").Where(sq.Eq{"user_id": a.UserID})).
			Scan(&id, &secret, &enabled)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(CodeTwoFactorNotEnrolled)
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if enabled {
			return apperr.New(CodeTwoFactorEnabled)
		}
		if secret, err = box.Open(tx.Context(), colTOTPSecret, id, secret); err != nil {
			return err
		}
		step, ok := auth.VerifyTOTP(secret, code, s.db.Now(), 0)
		if !ok {
			return apperr.New(CodeCodeInvalid).WithField("code")
		}
		if err := tx.Update("user_totp", id, store.Fields{"enabled": true, "confirmed_at": tx.Now(), "last_step": step}); err != nil {
			return err
		}
		if err := replaceRecoveryCodes(tx, a.UserID, codes); err != nil {
			return err
		}
		return tx.Audit("users", a.UserID, "two_factor_enabled", nil)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("user_id", a.UserID).Msg("two-factor sign-in turned on")
	return codes, nil
}

// DisableTwoFactor turns the actor's second factor off after checking their password (a
// wrong one counts toward the lockout and is invalid_credentials on field "password"). When
// the policy requires a second factor of them it is two_factor_policy.
func (s *Service) DisableTwoFactor(ctx context.Context, a *access.Actor, password string) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	if err := s.confirmPassword(ctx, a.UserID, password); err != nil {
		return err
	}
	if req, err := s.twoFactorRequired(ctx, a.Role); err != nil {
		return err
	} else if req {
		return apperr.New(CodeTwoFactorPolicy)
	}
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		found, err := removeTwoFactor(tx, a.UserID)
		if err != nil {
			return err
		}
		if !found {
			return apperr.New(CodeTwoFactorNotEnrolled)
		}
		return tx.Audit("users", a.UserID, "two_factor_disabled", nil)
	})
	if err == nil {
		s.log.Info().Str("user_id", a.UserID).Msg("two-factor sign-in turned off")
	}
	return err
}

// RegenerateRecoveryCodes replaces the actor's recovery codes (the old ones stop working)
// after checking their password, and returns the new ones, shown this once.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, a *access.Actor, password string) ([]string, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	if err := s.confirmPassword(ctx, a.UserID, password); err != nil {
		return nil, err
	}
	codes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		var enabled bool
		err := tx.QueryRow(sq.Select("enabled").From("user_totp").Where(sq.Eq{"user_id": a.UserID})).Scan(&enabled)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !enabled) {
			return apperr.New(CodeTwoFactorNotEnrolled)
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if err := replaceRecoveryCodes(tx, a.UserID, codes); err != nil {
			return err
		}
		return tx.Audit("users", a.UserID, "recovery_codes_renewed", nil)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// ResetTwoFactor removes another user's second factor and recovery codes (F1.5), for a
// user who lost their phone: the Owner for anyone but themself, an administrator with the
// Users module for the agents of their workspaces. It ends that user's sessions everywhere.
// The user sets a new one up (at once, if the policy requires it).
func (s *Service) ResetTwoFactor(ctx context.Context, a *access.Actor, userID string) error {
	if err := access.Check(a, access.Need{Module: access.ModUsers, Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return err
	}
	u, err := loadUser(s.read(ctx), userID)
	if err != nil {
		return err
	}
	if err := guardManaged(a, u); err != nil {
		return err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := removeTwoFactor(tx, u.ID); err != nil {
			return err
		}
		if err := revokeSessions(tx, u.ID, "two_factor_reset"); err != nil {
			return err
		}
		return tx.Audit("users", u.ID, "two_factor_reset", nil)
	})
	if err == nil {
		s.log.Info().Str("user_id", u.ID).Str("actor_id", a.UserID).Msg("second factor reset by an administrator")
	}
	return err
}

// confirmPassword checks the password of user before a sensitive change; a wrong one counts
// toward the lockout.
func (s *Service) confirmPassword(ctx context.Context, userID, password string) error {
	u, err := loadUser(s.read(ctx), userID)
	if err != nil {
		return err
	}
	err = s.guard(ctx, "user:"+u.ID, u.ID, func() (bool, error) {
		ok, _, _ := s.hasher.Verify(u.Hash, password)
		return ok, nil
	})
	if apperr.CodeOf(err) == apperr.CodeInvalidCredentials {
		return apperr.New(apperr.CodeInvalidCredentials).WithField("password")
	}
	return err
}

// newRecoveryCodes draws RecoveryCodeCount codes.
func newRecoveryCodes() ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		c, err := NewCode(RecoveryCodeLength)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		codes[i] = c
	}
	return codes, nil
}

// replaceRecoveryCodes deletes user's recovery codes and stores the hashes of codes.
func replaceRecoveryCodes(tx *store.Tx, userID string, codes []string) error {
	if err := deleteWhere(tx, "recovery_codes", sq.Eq{"user_id": userID}); err != nil {
		return err
	}
	for _, c := range codes {
		if err := tx.Insert("recovery_codes", store.NewID(), store.Fields{"user_id": userID, "code_hash": HashCode(c)}); err != nil {
			return err
		}
	}
	return nil
}

// removeTwoFactor deletes user's TOTP row and recovery codes; found says whether a TOTP row
// (confirmed or not) existed.
func removeTwoFactor(tx *store.Tx, userID string) (bool, error) {
	var id string
	err := tx.QueryRow(sq.Select("id").From("user_totp").Where(sq.Eq{"user_id": userID})).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, apperr.Internal(err)
	}
	if id != "" {
		if err := tx.Delete("user_totp", id); err != nil {
			return false, err
		}
	}
	return id != "", deleteWhere(tx, "recovery_codes", sq.Eq{"user_id": userID})
}

// deleteWhere deletes, through the write path, every row of table matching where.
func deleteWhere(tx *store.Tx, table string, where sq.Eq) error {
	ids, err := store.Strings(tx, sq.Select("id").From(table).Where(where))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.Delete(table, id); err != nil {
			return err
		}
	}
	return nil
}
