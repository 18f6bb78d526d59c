// Package mailtest runs a real SMTP server on 127.0.0.1 for tests (github.com/emersion/go-smtp)
// and keeps every message it receives, decoded, so a test can read what a user would.
package mailtest

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/plantel/plantel/backend/mail"
)

// Received is one message the server accepted.
type Received struct {
	From    string
	To      []string
	Raw     []byte
	Subject string // decoded
	Text    string // the decoded text/plain part
	HTML    string // the decoded text/html part
	// Auth is the username the client authenticated as ("" when it did not).
	Auth string
	// TLS reports whether the message came over an encrypted connection.
	TLS bool
}

// Options tune Start.
type Options struct {
	// Username and Password, when set, make the server offer AUTH PLAIN and accept only them.
	Username, Password string
	// TLS, when set, serves STARTTLS with this configuration.
	TLS *tls.Config
}

// Server is a running test SMTP server.
type Server struct {
	Addr string
	Port int

	opts Options
	srv  *smtp.Server
	mu   sync.Mutex
	msgs []Received
	got  chan struct{}
}

// Start runs a server on 127.0.0.1:0 until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s := &Server{Addr: l.Addr().String(), Port: l.Addr().(*net.TCPAddr).Port, opts: opts, got: make(chan struct{}, 1024)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.TLSConfig = opts.TLS
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s
}

// Config is a mail.Config that reaches this server (no TLS unless Options.TLS was set, in
// which case STARTTLS; pass a client TLS config trusting the test certificate yourself).
func (s *Server) Config() mail.Config {
	mode := mail.TLSNone
	if s.opts.TLS != nil {
		mode = mail.TLSStartTLS
	}
	return mail.Config{Host: "127.0.0.1", Port: s.Port, TLS: mode, Username: s.opts.Username,
		Password: s.opts.Password, From: "plantel@contactsur.test", FromName: "Contact Sur", Timeout: 5 * time.Second}
}

// Messages returns a copy of what was received so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait blocks until at least n messages have arrived, or fails the test after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.got:
		case <-deadline:
			t.Fatalf("mailtest: %d message(s) after %v, want %d", len(s.Messages()), timeout, n)
		}
	}
}

// To returns the messages addressed to addr.
func (s *Server) To(addr string) []Received {
	var out []Received
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if to == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

type session struct {
	s    *Server
	conn *smtp.Conn
	auth string
	from string
	to   []string
}

// AuthMechanisms offers PLAIN when the server has a username.
func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks the PLAIN credentials against Options.
func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != ss.s.opts.Username || password != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.auth = username
		return nil
	}), nil
}

// Mail starts a message; authentication first when required.
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && ss.auth == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

// Rcpt adds a recipient.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

// Data keeps the message, decoded.
func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Received{From: ss.from, To: ss.to, Raw: raw, Auth: ss.auth}
	_, m.TLS = ss.conn.TLSConnectionState()
	if err := decode(&m); err != nil {
		return &smtp.SMTPError{Code: 554, Message: "undecodable: " + err.Error()}
	}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, m)
	ss.s.mu.Unlock()
	select {
	case ss.s.got <- struct{}{}:
	default:
	}
	return nil
}

// Reset forgets the message in progress.
func (ss *session) Reset() { ss.from, ss.to = "", nil }

// Logout ends the session.
func (ss *session) Logout() error { return nil }

// errNoBody means a message had no text part.
var errNoBody = errors.New("no text/plain part")
