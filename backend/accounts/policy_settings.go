package accounts

import (
	"context"
	"encoding/json"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// SettingTwoFactor is the settings key of the two-factor policy.
const SettingTwoFactor = "two_factor_policy"

// TwoFactorPolicy says who must have a second factor beyond the password policy's
// TwoFactorRequired (which means everyone).
type TwoFactorPolicy struct {
	// RequireForAdmins makes the Owner and administrators set up TOTP (F1.5).
	RequireForAdmins bool `json:"requireForAdmins"`
}

// SecurityPolicy is the organization's sign-in policy as one form (F1.3, F1.5): the password
// policy, the lockout policy and whether administrators need a second factor.
type SecurityPolicy struct {
	Password                  auth.PasswordPolicy `json:"password"`
	Lockout                   LockoutPolicy       `json:"lockout"`
	RequireTwoFactorForAdmins bool                `json:"requireTwoFactorForAdmins"`
}

// twoFactorPolicy returns the stored two-factor policy (off when unset).
func (s *Service) twoFactorPolicy(ctx context.Context) (TwoFactorPolicy, error) {
	var p TwoFactorPolicy
	if err := readSetting(ctx, s.db, SettingTwoFactor, &p); err != nil {
		return p, apperr.Internal(err)
	}
	return p, nil
}

// GetSecurityPolicy returns the policy in force (defaults where unset, clamped). The Owner
// and administrators read it; agents get permission_denied.
func (s *Service) GetSecurityPolicy(ctx context.Context, a *access.Actor) (*SecurityPolicy, error) {
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return nil, err
	}
	return s.securityPolicy(ctx)
}

func (s *Service) securityPolicy(ctx context.Context) (*SecurityPolicy, error) {
	pw, err := s.PasswordPolicy(ctx)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	lo, err := s.Lockout(ctx)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	tf, err := s.twoFactorPolicy(ctx)
	if err != nil {
		return nil, err
	}
	return &SecurityPolicy{Password: pw, Lockout: lo, RequireTwoFactorForAdmins: tf.RequireForAdmins}, nil
}

// SetSecurityPolicy stores the policy (Owner only), every number clamped into its range
// (auth.PasswordPolicy.Clamped, LockoutPolicy.Clamped), and returns what was stored. It takes
// effect at once: the next password checked, the next sign-in, the next bound call.
func (s *Service) SetSecurityPolicy(ctx context.Context, a *access.Actor, p SecurityPolicy) (*SecurityPolicy, error) {
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner}}); err != nil {
		return nil, err
	}
	p.Password = p.Password.Clamped()
	p.Lockout = p.Lockout.Clamped()
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := writeSetting(tx, SettingPasswordPolicy, p.Password); err != nil {
			return err
		}
		if err := writeSetting(tx, SettingLockout, p.Lockout); err != nil {
			return err
		}
		return writeSetting(tx, SettingTwoFactor, TwoFactorPolicy{RequireForAdmins: p.RequireTwoFactorForAdmins})
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Msg("security policy changed")
	return &p, nil
}

// writeSettingIn stores value under key in table (settings or secret_settings), inserting
// the row the first time.
func writeSettingIn(tx *store.Tx, table, key string, value string) error {
	err := tx.Update(table, key, store.Fields{"value": value})
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		return tx.Insert(table, key, store.Fields{"value": value})
	}
	return err
}

// writeSetting stores the JSON of v under key in the settings table.
func writeSetting(tx *store.Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return apperr.Internal(err)
	}
	return writeSettingIn(tx, "settings", key, string(b))
}
