package accounts_test

import (
	"net"
	"testing"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/testutil"
)

// TestSendTestMailTellsWhyItFailed: the Owner sees which setting to look at when the test
// e-mail fails (mail_failed with params.reason), never the server's raw text.
func TestSendTestMailTellsWhyItFailed(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	srv := withSMTP(t, env, owner)

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().(*net.TCPAddr).Port
	l.Close()

	cases := []struct {
		name   string
		in     accounts.SMTPInput
		reason string
	}{
		{"delivered", accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "none", Username: "relay", From: "noreply@contactsur.test"}, ""},
		{"nobody listens", accounts.SMTPInput{Host: "127.0.0.1", Port: closed, TLS: "none", Username: "relay", From: "noreply@contactsur.test"}, accounts.MailReasonConnect},
		{"no password", accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "none", Username: "relay", ClearPassword: true, From: "noreply@contactsur.test"}, accounts.MailReasonAuth},
		{"wrong password", accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "none", Username: "relay", Password: "not-the-password", From: "noreply@contactsur.test"}, accounts.MailReasonAuth},
		{"TLS on a plain server", accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "starttls", Username: "relay", Password: smtpSecret, From: "noreply@contactsur.test"}, accounts.MailReasonTLS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := acc.SetSMTP(ctx, owner, c.in); err != nil {
				t.Fatalf("set smtp: %v", err)
			}
			err := acc.SendTestMail(ctx, owner, "olga@contactsur.test")
			if c.reason == "" {
				if err != nil {
					t.Fatalf("send: %v", err)
				}
				return
			}
			e := apperr.As(err)
			if e.Code != accounts.CodeMailFailed || e.Params["reason"] != c.reason {
				t.Fatalf("got %s %v, want mail_failed reason %s", e.Code, e.Params, c.reason)
			}
		})
	}
}

func TestMailFailureReasonOfNil(t *testing.T) {
	if r := accounts.MailFailureReason(nil); r != "" {
		t.Fatalf("nil error: %q", r)
	}
}
