// Package mail sends Plantel's e-mails (invitations, password-reset codes, the SMTP test)
// through the organization's SMTP server, in the recipient's language. The Mailer interface
// keeps the backend testable; SMTP is the real implementation on github.com/wneessen/go-mail.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail to one recipient, as plain text and HTML alternatives.
type Message struct {
	To      string
	ToName  string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// TLS modes of an SMTP connection.
const (
	TLSNone     = "none"     // plain text (only sensible on a trusted local relay)
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
)

// TLSModes lists the accepted TLS modes.
var TLSModes = []string{TLSNone, TLSStartTLS, TLSImplicit}

// DefaultPort is the usual port of a TLS mode: 25, 587 or 465.
func DefaultPort(mode string) int {
	switch mode {
	case TLSStartTLS:
		return 587
	case TLSImplicit:
		return 465
	}
	return 25
}

// Config is how to reach the SMTP server. Password is a secret: Config's String never shows
// it, and nothing here logs it.
type Config struct {
	Host     string
	Port     int
	TLS      string // one of TLSModes
	Username string // empty: no authentication
	Password string
	From     string // the sender address
	FromName string // the sender's display name (the organization's name by default)
	// TLSConfig overrides the TLS settings (tests trust their own certificate with it); nil
	// verifies the server's certificate against the system roots for Host.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each command; 0 means 20 seconds.
	Timeout time.Duration
}

// String describes the configuration without its password.
func (c Config) String() string {
	return fmt.Sprintf("smtp://%s:%d tls=%s user=%q from=%q", c.Host, c.Port, c.TLS, c.Username, c.From)
}

// SMTP sends through an SMTP server, one connection per message.
type SMTP struct{ cfg Config }

// NewSMTP returns a Mailer for cfg.
func NewSMTP(cfg Config) *SMTP { return &SMTP{cfg: cfg} }

// ErrNotConfigured means no SMTP server is set up.
var ErrNotConfigured = errors.New("mail: SMTP is not configured")

// Send delivers m. The error says what failed (connect, TLS, authentication, a refused
// address) for the log; it never holds the password.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	c := s.cfg
	if c.Host == "" || c.From == "" {
		return ErrNotConfigured
	}
	msg := gomail.NewMsg()
	if err := msg.FromFormat(c.FromName, c.From); err != nil {
		return fmt.Errorf("mail: sender: %w", err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return fmt.Errorf("mail: recipient: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	port := c.Port
	if port == 0 {
		port = DefaultPort(c.TLS)
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(timeout)}
	tlsConf := c.TLSConfig
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	switch c.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSConfig(tlsConf))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(tlsConf))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return fmt.Errorf("mail: unknown TLS mode %q", c.TLS)
	}
	if c.Username != "" {
		// Over TLS, auto-discovery picks the strongest mechanism the server offers. Without
		// TLS only PLAIN is tried, and go-mail sends it to localhost alone: a password never
		// crosses a network in clear.
		mech := gomail.SMTPAuthAutoDiscover
		if c.TLS == TLSNone {
			mech = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(mech), gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	client, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail: client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send via %s:%d: %s", c.Host, port, redact(err.Error(), c.Password))
	}
	return nil
}

// redact removes the password from an error text, should a server ever echo it.
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "***")
}
