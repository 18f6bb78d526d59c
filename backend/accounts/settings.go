package accounts

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// LockoutPolicy says how many failed sign-ins lock an account and for how long.
type LockoutPolicy struct {
	MaxFailures int `json:"maxFailures"`
	LockMinutes int `json:"lockMinutes"`
}

// DefaultLockoutPolicy is 10 failures, 15 minutes.
func DefaultLockoutPolicy() LockoutPolicy { return LockoutPolicy{MaxFailures: 10, LockMinutes: 15} }

// Clamped keeps the values in a sane range: 3–100 failures, 1–1440 minutes.
func (p LockoutPolicy) Clamped() LockoutPolicy {
	p.MaxFailures = min(max(p.MaxFailures, 3), 100)
	p.LockMinutes = min(max(p.LockMinutes, 1), 1440)
	return p
}

// Setting keys in the settings table (organization-wide, synced).
const (
	SettingPasswordPolicy = "password_policy"
	SettingLockout        = "lockout_policy"
)

// readSetting decodes the JSON value of key into dst; a missing key leaves dst unchanged.
func readSetting(ctx context.Context, db *store.DB, key string, dst any) error {
	var raw string
	err := db.Read().QueryRowContext(ctx, `SELECT value FROM settings WHERE id = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(raw), dst)
}

// PasswordPolicy returns the organization's password policy (defaults when unset), clamped.
func (s *Service) PasswordPolicy(ctx context.Context) (auth.PasswordPolicy, error) {
	p := auth.DefaultPasswordPolicy()
	if err := readSetting(ctx, s.db, SettingPasswordPolicy, &p); err != nil {
		return p, err
	}
	return p.Clamped(), nil
}

// Lockout returns the organization's lockout policy (defaults when unset), clamped.
func (s *Service) Lockout(ctx context.Context) (LockoutPolicy, error) {
	p := DefaultLockoutPolicy()
	if err := readSetting(ctx, s.db, SettingLockout, &p); err != nil {
		return p, err
	}
	return p.Clamped(), nil
}
