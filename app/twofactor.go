package app

import (
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
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

// SaveRecoveryCodesRequest is the recovery codes the window is showing (once, right after
// Confirm or RegenerateRecoveryCodes) and the heading of the file in the user's language.
type SaveRecoveryCodesRequest struct {
	Heading string   `json:"heading"`
	Codes   []string `json:"codes"`
}

// SavedFile says where a file went; Cancelled when the user closed the save dialog.
type SavedFile struct {
	Cancelled bool   `json:"cancelled"`
	Path      string `json:"path"`
}

var recoveryCodeRe = regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){1,7}$`)

// SaveRecoveryCodes writes the recovery codes the window shows to a .txt file the user picks
// in the native save dialog (readable by the user only). Go keeps only the codes' hashes, so
// the window passes them back; only well-formed codes are accepted (validation on "codes").
// Open while the second-factor set-up is required, like Confirm.
func (s *TwoFactorService) SaveRecoveryCodes(req SaveRecoveryCodesRequest) (*SavedFile, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	if len(req.Codes) == 0 || len(req.Codes) > accounts.RecoveryCodeCount {
		return nil, apperr.Validation("codes", "required")
	}
	for _, c := range req.Codes {
		if !recoveryCodeRe.MatchString(c) {
			return nil, apperr.Validation("codes", "format")
		}
	}
	heading := strings.TrimSpace(strings.ReplaceAll(req.Heading, "\r", ""))
	if utf8.RuneCountInString(heading) > 500 {
		return nil, apperr.Validation("heading", "too_long").WithParam("max", 500)
	}
	info, err := s.core.Accounts.Session(s.core.Context(), a)
	if err != nil {
		return nil, s.core.fail(err)
	}
	name := "plantel-recovery-codes-" + info.User.Username + ".txt"
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Recovery codes", name, FileFilter{DisplayName: "Text (*.txt)", Pattern: "*.txt"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &SavedFile{Cancelled: true}, nil
	}
	var b strings.Builder
	if heading != "" {
		b.WriteString(heading + "\n\n")
	}
	for _, c := range req.Codes {
		b.WriteString(c + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &SavedFile{Path: path}, nil
}
