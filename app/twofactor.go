package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
)

// TwoFactorService is bound to the window: the signed-in user's TOTP second factor and an
// administrator's reset of another user's (F1.5).
type TwoFactorService struct{ core *Core }

// NewTwoFactorService binds the two-factor service to core.
func NewTwoFactorService(core *Core) *TwoFactorService { return &TwoFactorService{core: core} }

// CodeRequest carries a code from the authenticator app.
type CodeRequest struct {
	Code string `json:"code"`
}

// PasswordRequest carries the user's password to confirm a sensitive change.
type PasswordRequest struct {
	Password string `json:"password"`
}

// RecoveryCodes are shown once: to print or write down.
type RecoveryCodes struct {
	Codes []string `json:"codes"`
}

// Status returns the user's second-factor state (open while set-up is required).
func (s *TwoFactorService) Status() (*accounts.TwoFactorStatus, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	st, err := s.core.Accounts.TwoFactor(s.core.Context(), a)
	return st, s.core.fail(err)
}

// Enroll starts TOTP set-up: the secret, otpauth URI and QR code PNG, shown once.
func (s *TwoFactorService) Enroll() (*accounts.Enrollment, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	e, err := s.core.Accounts.EnrollTwoFactor(s.core.Context(), a)
	return e, s.core.fail(err)
}

// Confirm turns TOTP on with a current code and returns the recovery codes, shown once.
func (s *TwoFactorService) Confirm(req CodeRequest) (*RecoveryCodes, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	codes, err := s.core.Accounts.ConfirmTwoFactor(s.core.Context(), a, req.Code)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &RecoveryCodes{Codes: codes}, nil
}

// Disable turns the user's second factor off after checking their password.
func (s *TwoFactorService) Disable(req PasswordRequest) error {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return err
	}
	return s.core.fail(s.core.Accounts.DisableTwoFactor(s.core.Context(), a, req.Password))
}

// RegenerateRecoveryCodes replaces the recovery codes after checking the password.
func (s *TwoFactorService) RegenerateRecoveryCodes(req PasswordRequest) (*RecoveryCodes, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	codes, err := s.core.Accounts.RegenerateRecoveryCodes(s.core.Context(), a, req.Password)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &RecoveryCodes{Codes: codes}, nil
}

// ResetUser removes another user's second factor (Owner: anyone else; administrators: the
// agents of their workspaces) and ends their sessions.
func (s *TwoFactorService) ResetUser(userID string) error {
	a, err := s.core.Actor(access.Need{Module: access.ModUsers})
	if err != nil {
		return err
	}
	return s.core.fail(s.core.Accounts.ResetTwoFactor(s.core.Context(), a, userID))
}
