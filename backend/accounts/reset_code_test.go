package accounts_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/mail/mailtest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

const smtpSecret = "Relay-Secret-Pw-4711"

var codeRe = regexp.MustCompile(`[0-9A-Z]{4}(-[0-9A-Z]{4}){2,3}`)

// withSMTP points the organization's SMTP settings at a real test server.
func withSMTP(t testing.TB, env *testutil.Env, owner *access.Actor) *mailtest.Server {
	t.Helper()
	srv := mailtest.Start(t, mailtest.Options{Username: "relay", Password: smtpSecret})
	cfg := srv.Config()
	st, err := env.Accounts.SetSMTP(ctx, owner, accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS,
		Username: cfg.Username, Password: cfg.Password, From: "noreply@contactsur.test", FromName: "Contact Sur"})
	if err != nil || !st.Configured || !st.PasswordSet {
		t.Fatalf("set smtp: %+v %v", st, err)
	}
	return srv
}

func TestSMTPSettingsOwnerOnlyAndPasswordNeverReturned(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner, admin := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AdminUsername)
	if ok, _ := acc.MailConfigured(ctx); ok {
		t.Fatal("configured on a fresh database")
	}
	if _, err := acc.GetSMTP(ctx, admin); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin reads smtp: %v", err)
	}
	if _, err := acc.SetSMTP(ctx, admin, accounts.SMTPInput{Host: "x"}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin sets smtp: %v", err)
	}
	bad := []struct {
		in    accounts.SMTPInput
		field string
	}{
		{accounts.SMTPInput{Host: "smtp.test", TLS: "ssl"}, "tls"},
		{accounts.SMTPInput{Host: "smtp.test:25", From: "a@b.test"}, "host"},
		{accounts.SMTPInput{Host: "smtp.test", Port: 70000, From: "a@b.test"}, "port"},
		{accounts.SMTPInput{Host: "smtp.test", From: "not an address"}, "from"},
	}
	for _, b := range bad {
		if _, err := acc.SetSMTP(ctx, owner, b.in); code(err) != apperr.CodeValidation || apperr.As(err).Field != b.field {
			t.Errorf("%+v: %v", b.in, err)
		}
	}
	srv := withSMTP(t, env, owner)
	st, _ := acc.GetSMTP(ctx, owner)
	b, _ := json.Marshal(st)
	if strings.Contains(string(b), smtpSecret) || !st.PasswordSet || st.Port != srv.Port || st.TLS != "none" {
		t.Fatalf("smtp view: %s", b)
	}
	// An empty password keeps the stored one; ClearPassword removes it.
	st, _ = acc.SetSMTP(ctx, owner, accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "none", Username: "relay", From: "noreply@contactsur.test"})
	if !st.PasswordSet {
		t.Fatal("password dropped by an edit without one")
	}
	if err := acc.SendTestMail(ctx, owner, "olga@contactsur.test"); err != nil {
		t.Fatalf("test mail: %v", err)
	}
	if m := srv.Wait(t, 1, 5*time.Second)[0]; m.Subject != "Test e-mail from Contact Sur" || m.Auth != "relay" {
		t.Fatalf("test mail: %q auth=%q", m.Subject, m.Auth)
	}
	if err := acc.SendTestMail(ctx, admin, "x@contactsur.test"); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin sends test mail: %v", err)
	}
	st, _ = acc.SetSMTP(ctx, owner, accounts.SMTPInput{Host: "127.0.0.1", Port: srv.Port, TLS: "none", Username: "relay", From: "noreply@contactsur.test", ClearPassword: true})
	if st.PasswordSet {
		t.Fatal("password not cleared")
	}
	if err := acc.SendTestMail(ctx, owner, "olga@contactsur.test"); code(err) != accounts.CodeMailFailed {
		t.Fatalf("send without the relay password: %v", err)
	}
	var audit string
	if err := env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(audit, smtpSecret) || strings.Contains(env.Log.String(), smtpSecret) {
		t.Fatal("the SMTP password is in the audit log or the log")
	}
	if !strings.Contains(audit, `"value":{"secret":true}`) {
		t.Fatalf("secret setting change not recorded as a secret change: %s", audit)
	}
}

func TestForgotPasswordByEmailedCode(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	if err := acc.RequestReset(ctx, testutil.AgentAUsername); code(err) != accounts.CodeMailNotConfigured {
		t.Fatalf("without smtp: %v", err)
	}
	srv := withSMTP(t, env, owner)
	agent := env.SignIn(testutil.AgentAUsername)
	if err := env.DB.Write(ctx, env.AgentA, func(tx *store.Tx) error {
		return tx.Update("users", env.AgentA, store.Fields{"language": "pl"})
	}); err != nil {
		t.Fatal(err)
	}
	// The same answer for an account, an unknown login and an e-mail address.
	for _, login := range []string{testutil.AgentAUsername, "nobody.here", "ghost@contactsur.test"} {
		if err := acc.RequestReset(ctx, login); err != nil {
			t.Fatalf("request for %q: %v", login, err)
		}
	}
	acc.WaitMail()
	msgs := srv.Wait(t, 1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "agent.a@contactsur.test" {
		t.Fatalf("messages: %+v", msgs)
	}
	m := msgs[0]
	if m.Subject != "Kod do zresetowania hasła w Contact Sur" || !strings.Contains(m.Text, "Jan Kowalski") {
		t.Fatalf("not in Polish: %q\n%s", m.Subject, m.Text)
	}
	first := codeRe.FindString(m.Text)
	if len(first) != 14 {
		t.Fatalf("no 12-character code in %q", m.Text)
	}
	// A second request within a minute sends nothing (and says nothing different).
	if err := acc.RequestReset(ctx, "agent.a@contactsur.test"); err != nil {
		t.Fatal(err)
	}
	acc.WaitMail()
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages after a quick second request", n)
	}
	in := accounts.ResetWithCodeInput{Login: testutil.AgentAUsername, Code: first, Password: newPassword, Repeat: newPassword}
	bad := in
	bad.Code = "0000-0000-0000"
	if err := acc.ResetWithCode(ctx, bad); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("wrong code: %v", err)
	}
	mismatch := in
	mismatch.Repeat = "something else entirely 1"
	if err := acc.ResetWithCode(ctx, mismatch); apperr.As(err).Field != "repeat" {
		t.Fatalf("repeat: %v", err)
	}
	// Typed in lower case without dashes, with O for 0: still the code.
	typed := in
	typed.Code = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(first, "-", ""), "0", "o"))
	if err := acc.ResetWithCode(ctx, typed); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if _, err := acc.Actor(ctx, agent.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatal("session survived the reset")
	}
	env.Clock.Advance(time.Second)
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, newPassword); err != nil {
		t.Fatalf("new password: %v", err)
	}
	in.Password, in.Repeat = newerPassword, newerPassword
	if err := acc.ResetWithCode(ctx, in); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("code used twice: %v", err)
	}
	// A code past its 30 minutes is code_expired.
	env.Clock.Advance(2 * time.Minute)
	if err := acc.RequestReset(ctx, testutil.AgentAUsername); err != nil {
		t.Fatal(err)
	}
	acc.WaitMail()
	second := codeRe.FindString(srv.Wait(t, 2, 5*time.Second)[1].Text)
	env.Clock.Advance(accounts.ResetCodeTTL + time.Second)
	in.Code = second
	if err := acc.ResetWithCode(ctx, in); code(err) != accounts.CodeCodeExpired {
		t.Fatalf("expired code: %v", err)
	}
	// A newer code kills the older one.
	if err := acc.RequestReset(ctx, testutil.AgentAUsername); err != nil {
		t.Fatal(err)
	}
	acc.WaitMail()
	third := codeRe.FindString(srv.Wait(t, 3, 5*time.Second)[2].Text)
	env.Clock.Advance(2 * time.Minute)
	if err := acc.RequestReset(ctx, testutil.AgentAUsername); err != nil {
		t.Fatal(err)
	}
	acc.WaitMail()
	fourth := codeRe.FindString(srv.Wait(t, 4, 5*time.Second)[3].Text)
	in.Code = third
	if err := acc.ResetWithCode(ctx, in); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("superseded code: %v", err)
	}
	in.Code = fourth
	if err := acc.ResetWithCode(ctx, in); err != nil {
		t.Fatalf("latest code: %v", err)
	}
	// No code, and no hash of one, in the log or the audit log.
	var audit string
	if err := env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{first, second, third, fourth} {
		if containsAny(env.Log.String()+audit, c, accounts.NormalizeCode(c), accounts.HashCode(c)) {
			t.Fatalf("code %s leaked to the log or audit", c)
		}
	}
}

func TestWrongResetCodesCountTowardLockout(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	withSMTP(t, env, owner)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.Lockout.MaxFailures = 3
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	in := accounts.ResetWithCodeInput{Login: testutil.AgentBUsername, Code: "AAAA-BBBB-CCCC", Password: newPassword, Repeat: newPassword}
	for _, want := range []string{accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, apperr.CodeAccountLocked, apperr.CodeAccountLocked} {
		if err := acc.ResetWithCode(ctx, in); code(err) != want {
			t.Fatalf("got %v, want %s", err, want)
		}
	}
	if _, err := acc.SignIn(ctx, testutil.AgentBUsername, testutil.Password); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("sign-in after wrong codes: %v", err)
	}
	// An unknown login locks the same way, so the answers do not tell accounts apart.
	in.Login = "nobody.at.all"
	for _, want := range []string{accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, apperr.CodeAccountLocked} {
		if err := acc.ResetWithCode(ctx, in); code(err) != want {
			t.Fatalf("unknown login: got %v, want %s", err, want)
		}
	}
}
