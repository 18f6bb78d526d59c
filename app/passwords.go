package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
)

// PasswordsService is bound to the window: changing one's own password (F4.3), an
// administrator's reset (F2.9), the security policy (F1.3), the SMTP settings and the
// "forgot password" codes (F1.4).
type PasswordsService struct{ core *Core }

// NewPasswordsService binds the passwords service to core.
func NewPasswordsService(core *Core) *PasswordsService { return &PasswordsService{core: core} }

// ResetPasswordRequest is an administrator's reset of another user's password.
type ResetPasswordRequest struct {
	UserID   string `json:"userId"`
	Password string `json:"password"`
	Repeat   string `json:"repeat"`
	Generate bool   `json:"generate"`
}

// ResetPasswordResult carries the generated password (only when one was asked for): shown
// once, to copy; it is never stored or shown again.
type ResetPasswordResult struct {
	Password string `json:"password"`
}

// MailStatus says whether e-mail can be sent.
type MailStatus struct {
	Configured bool `json:"configured"`
}

// SendTestMailRequest names the address of a test e-mail.
type SendTestMailRequest struct {
	To string `json:"to"`
}

// RequestResetRequest is the "forgot password" form.
type RequestResetRequest struct {
	Login string `json:"login"`
}

// ChangeOwn changes the signed-in user's password. It works while a change is required,
// ends the user's other sessions everywhere, keeps this window signed in (on a new
// session) and returns the session as Me does.
func (s *PasswordsService) ChangeOwn(req accounts.ChangePasswordInput) (*accounts.SessionInfo, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	sid, err := s.core.Accounts.ChangeOwnPassword(s.core.Context(), a, req)
	if err != nil {
		return nil, s.core.fail(err)
	}
	s.core.setSession(sid)
	a, err = s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	info, err := s.core.Accounts.Session(s.core.Context(), a)
	return info, s.core.fail(err)
}

// ResetUser sets another user's password (Owner: anyone else; administrators: the agents
// of their workspaces) and ends their sessions on every workstation.
func (s *PasswordsService) ResetUser(req ResetPasswordRequest) (*ResetPasswordResult, error) {
	a, err := s.core.Actor(access.Need{Module: access.ModUsers})
	if err != nil {
		return nil, err
	}
	pw, err := s.core.Accounts.AdminResetPassword(s.core.Context(), a, req.UserID,
		accounts.ResetPasswordInput{Password: req.Password, Repeat: req.Repeat, Generate: req.Generate})
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &ResetPasswordResult{Password: pw}, nil
}

var needAdminRoles = access.Need{Roles: []access.Role{access.Owner, access.Admin}}
var needOwner = access.Need{Roles: []access.Role{access.Owner}}

// GetPolicy returns the password, lockout and two-factor policy (Owner and administrators).
func (s *PasswordsService) GetPolicy() (*accounts.SecurityPolicy, error) {
	a, err := s.core.Actor(needAdminRoles)
	if err != nil {
		return nil, err
	}
	p, err := s.core.Accounts.GetSecurityPolicy(s.core.Context(), a)
	return p, s.core.fail(err)
}

// SetPolicy stores the policy, clamped, and returns what was stored (Owner only).
func (s *PasswordsService) SetPolicy(p accounts.SecurityPolicy) (*accounts.SecurityPolicy, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	out, err := s.core.Accounts.SetSecurityPolicy(s.core.Context(), a, p)
	return out, s.core.fail(err)
}

// GetSMTP returns the SMTP settings; the password only as passwordSet (Owner only).
func (s *PasswordsService) GetSMTP() (*accounts.SMTPSettings, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	st, err := s.core.Accounts.GetSMTP(s.core.Context(), a)
	return st, s.core.fail(err)
}

// SetSMTP stores the SMTP settings (Owner only); an empty password keeps the stored one.
func (s *PasswordsService) SetSMTP(in accounts.SMTPInput) (*accounts.SMTPSettings, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	st, err := s.core.Accounts.SetSMTP(s.core.Context(), a, in)
	return st, s.core.fail(err)
}

// SendTestMail sends a test e-mail (Owner only); mail_failed when the server refuses.
func (s *PasswordsService) SendTestMail(req SendTestMailRequest) error {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return err
	}
	return s.core.fail(s.core.Accounts.SendTestMail(s.core.Context(), a, req.To))
}

// MailConfigured needs no session: the sign-in screen offers "e-mail me a code" when true,
// and "ask an administrator" when false.
func (s *PasswordsService) MailConfigured() (*MailStatus, error) {
	ok, err := s.core.Accounts.MailConfigured(s.core.Context())
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &MailStatus{Configured: ok}, nil
}

// RequestResetCode e-mails a reset code (no session). It answers the same whether or not
// the account exists; mail_not_configured without SMTP.
func (s *PasswordsService) RequestResetCode(req RequestResetRequest) error {
	return s.core.fail(s.core.Accounts.RequestReset(s.core.Context(), req.Login))
}

// ResetWithCode sets a new password with an e-mailed code (no session); the window then
// signs in with it.
func (s *PasswordsService) ResetWithCode(req accounts.ResetWithCodeInput) error {
	return s.core.fail(s.core.Accounts.ResetWithCode(s.core.Context(), req))
}

// GenerateNew draws a password that meets the organization's policy, for the "new user"
// form's "Generate" (F2.3): the form shows it once, to copy, and Create checks it again. Only
// who may create users (the Users module) may ask; nothing is stored.
func (s *PasswordsService) GenerateNew() (*ResetPasswordResult, error) {
	if _, err := s.core.Actor(access.Need{Module: access.ModUsers, Roles: []access.Role{access.Owner, access.Admin}}); err != nil {
		return nil, err
	}
	pol, err := s.core.Accounts.PasswordPolicy(s.core.Context())
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	pw, err := auth.GeneratePassword(pol)
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	return &ResetPasswordResult{Password: pw}, nil
}
