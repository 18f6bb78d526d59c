package accounts

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/mail"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Keys of the SMTP settings: the non-secret part in settings, the password in
// secret_settings (never audited in clear, never returned).
const (
	SettingSMTP         = "smtp"
	secretSMTPPassword  = "smtp_password"
	maxSMTPHostLen      = 253
	maxSMTPUsernameLen  = 254
	maxSMTPFromNameLen  = 80
	maxSMTPPasswordLen  = 512
	defaultSMTPFromName = "Plantel"
)

// SMTPSettings is the organization's outgoing mail server as stored and shown; it never
// holds the password, only whether one is set.
type SMTPSettings struct {
	Host     string `json:"host"` // "" means no SMTP: the offline way (F2.9) is used
	Port     int    `json:"port"`
	TLS      string `json:"tls"` // none | starttls | tls
	Username string `json:"username"`
	From     string `json:"from"`
	FromName string `json:"fromName"`
	// PasswordSet says a password is stored (it is never sent to the window).
	PasswordSet bool `json:"passwordSet"`
	// Configured says e-mail can be sent: a host and a sender are set.
	Configured bool `json:"configured"`
}

// SMTPInput is the SMTP settings form. An empty Password keeps the stored one;
// ClearPassword removes it.
type SMTPInput struct {
	Host          string `json:"host"`
	Port          int    `json:"port"`
	TLS           string `json:"tls"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	ClearPassword bool   `json:"clearPassword"`
	From          string `json:"from"`
	FromName      string `json:"fromName"`
}

// smtpSettings reads the stored settings and the password as stored (sealed: Mailer opens it).
func (s *Service) smtpSettings(ctx context.Context) (SMTPSettings, string, error) {
	var st SMTPSettings
	if err := readSetting(ctx, s.db, SettingSMTP, &st); err != nil {
		return st, "", apperr.Internal(err)
	}
	var pw string
	err := s.db.Read().QueryRowContext(ctx, `SELECT value FROM secret_settings WHERE id = ?`, secretSMTPPassword).Scan(&pw)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, "", apperr.Internal(err)
	}
	st.PasswordSet = pw != ""
	st.Configured = st.Host != "" && st.From != ""
	if st.TLS == "" {
		st.TLS = mail.TLSStartTLS
	}
	if st.Port == 0 {
		st.Port = mail.DefaultPort(st.TLS)
	}
	return st, pw, nil
}

// GetSMTP returns the SMTP settings without the password (Owner only).
func (s *Service) GetSMTP(ctx context.Context, a *access.Actor) (*SMTPSettings, error) {
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner}}); err != nil {
		return nil, err
	}
	st, _, err := s.smtpSettings(ctx)
	return &st, err
}

// SetSMTP stores the SMTP settings (Owner only) and returns them as GetSMTP would. An empty
// host turns e-mail off. The port defaults to the TLS mode's usual one.
func (s *Service) SetSMTP(ctx context.Context, a *access.Actor, in SMTPInput) (*SMTPSettings, error) {
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner}}); err != nil {
		return nil, err
	}
	st, err := validateSMTP(in)
	if err != nil {
		return nil, err
	}
	box, err := s.secrets(ctx)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		stored := map[string]any{"host": st.Host, "port": st.Port, "tls": st.TLS, "username": st.Username,
			"from": st.From, "fromName": st.FromName}
		if err := writeSetting(tx, SettingSMTP, stored); err != nil {
			return err
		}
		switch {
		case in.ClearPassword || st.Host == "":
			if err := tx.Delete("secret_settings", secretSMTPPassword); err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
				return err
			}
		case in.Password != "":
			sealed, err := box.Seal(colSecretValue, secretSMTPPassword, in.Password)
			if err != nil {
				return err
			}
			return writeSettingIn(tx, "secret_settings", secretSMTPPassword, sealed)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Str("smtp_host", st.Host).Msg("smtp settings changed")
	return s.GetSMTP(ctx, a)
}

// validateSMTP checks the form and returns what to store.
func validateSMTP(in SMTPInput) (SMTPSettings, error) {
	st := SMTPSettings{Host: strings.TrimSpace(in.Host), Port: in.Port, TLS: in.TLS,
		Username: strings.TrimSpace(in.Username), FromName: strings.TrimSpace(in.FromName)}
	if st.TLS == "" {
		st.TLS = mail.TLSStartTLS
	}
	if _, err := checkOneOf("tls", st.TLS, mail.TLSModes); err != nil {
		return st, err
	}
	if st.Host == "" {
		return SMTPSettings{TLS: st.TLS, Port: mail.DefaultPort(st.TLS)}, nil
	}
	if len(st.Host) > maxSMTPHostLen || strings.ContainsAny(st.Host, " /:@") {
		return st, apperr.Validation("host", "host")
	}
	if st.Port == 0 {
		st.Port = mail.DefaultPort(st.TLS)
	}
	if st.Port < 1 || st.Port > 65535 {
		return st, apperr.Validation("port", "range").WithParam("min", 1).WithParam("max", 65535)
	}
	if len(st.Username) > maxSMTPUsernameLen {
		return st, apperr.Validation("username", "too_long").WithParam("max", maxSMTPUsernameLen)
	}
	if len(in.Password) > maxSMTPPasswordLen {
		return st, apperr.Validation("password", "too_long").WithParam("max", maxSMTPPasswordLen)
	}
	if utf8.RuneCountInString(st.FromName) > maxSMTPFromNameLen {
		return st, apperr.Validation("fromName", "too_long").WithParam("max", maxSMTPFromNameLen)
	}
	// A CR or LF in the sender name would break (or inject into) every message's From header.
	if e := textin.CheckLine("fromName", st.FromName); e != nil {
		return st, e
	}
	from, err := CheckEmail("from", in.From)
	if err != nil {
		return st, err
	}
	st.From = from
	return st, nil
}

// MailConfigured reports whether e-mail can be sent. It needs no session: the sign-in
// screen uses it to offer "forgot password" by e-mail or to say "ask an administrator".
func (s *Service) MailConfigured(ctx context.Context) (bool, error) {
	st, _, err := s.smtpSettings(ctx)
	return st.Configured, err
}

// Mailer returns a Mailer for the stored SMTP settings, or mail_not_configured.
func (s *Service) Mailer(ctx context.Context) (mail.Mailer, error) {
	st, sealed, err := s.smtpSettings(ctx)
	if err != nil {
		return nil, err
	}
	if !st.Configured {
		return nil, apperr.New(CodeMailNotConfigured)
	}
	box, err := s.secrets(ctx)
	if err != nil {
		return nil, err
	}
	pw, err := box.Open(ctx, colSecretValue, secretSMTPPassword, sealed)
	if err != nil {
		return nil, err
	}
	name := st.FromName
	if name == "" {
		org, err := OrgName(ctx, s.db.Read())
		if err != nil {
			return nil, apperr.Internal(err)
		}
		name = cmp.Or(org, defaultSMTPFromName)
	}
	return s.sec.newMailer(mail.Config{Host: st.Host, Port: st.Port, TLS: st.TLS, Username: st.Username,
		Password: pw, From: st.From, FromName: name}), nil
}

// SendTestMail sends a test message to address to (Owner only) in the Owner's language.
// A failure is mail_failed with params.reason (MailFailureReason); the server's own text
// goes to the log, not to the window.
func (s *Service) SendTestMail(ctx context.Context, a *access.Actor, to string) error {
	if err := access.Check(a, access.Need{Roles: []access.Role{access.Owner}}); err != nil {
		return err
	}
	addr, err := CheckEmail("to", to)
	if err != nil {
		return err
	}
	m, err := s.Mailer(ctx)
	if err != nil {
		return err
	}
	u, err := loadUser(s.read(ctx), a.UserID)
	if err != nil {
		return err
	}
	if err := m.Send(ctx, mail.TestMessage(u.Language, addr, s.orgName(ctx))); err != nil {
		s.log.Warn().Err(err).Msg("test e-mail failed")
		return mailFailed(err)
	}
	return nil
}

// orgName is the organization's name for a message ("" before setup, or logged and ""
// when it cannot be read: the message still goes).
func (s *Service) orgName(ctx context.Context) string {
	name, err := OrgName(ctx, s.db.Read())
	if err != nil {
		s.log.Warn().Err(err).Msg("organization name unreadable")
	}
	return name
}
