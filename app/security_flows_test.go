package app_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// TestRequirementGateHoldsEveryOtherMethod: while a password change (or a second factor) is
// required, every bound method but the few that meet it answers with the requirement.
func TestRequirementGateHoldsEveryOtherMethod(t *testing.T) {
	e := newSecEnv(t)
	if err := e.env.DB.Write(bg, e.env.Owner, func(tx *store.Tx) error {
		return tx.Update("users", e.env.Admin, store.Fields{"must_change_password": true})
	}); err != nil {
		t.Fatal(err)
	}
	c := e.core(t, "admin")
	sess, pw, tf := app.NewSessionService(c), app.NewPasswordsService(c), app.NewTwoFactorService(c)
	prof, inv := app.NewProfilesService(c), invitesSvc(e, c)
	gated := map[string]func() error{
		"Profiles.List": func() error { _, err := prof.List(); return err },
		"Invites.List":  func() error { _, err := inv.List(); return err },
		"Passwords.ResetUser": func() error {
			_, err := pw.ResetUser(app.ResetPasswordRequest{UserID: e.target, Generate: true})
			return err
		},
		"Passwords.GetPolicy": func() error { _, err := pw.GetPolicy(); return err },
		"Session.SetPresence": func() error { _, err := sess.SetPresence(app.PresenceRequest{Presence: "busy"}); return err },
		"TwoFactor.Disable":   func() error { return tf.Disable(app.PasswordRequest{Password: testutil.Password}) },
		"TwoFactor.ResetUser": func() error { return tf.ResetUser(e.target) },
		"Session.SetPreferences": func() error {
			_, err := sess.SetPreferences(accounts.Preferences{Language: "pt", Theme: "dark"})
			return err
		},
	}
	for name, call := range gated {
		if got := apperr.CodeOf(call()); got != accounts.CodePasswordChangeRequired {
			t.Errorf("%s: %q, want password_change_required", name, got)
		}
	}
	me, err := sess.Me()
	if err != nil || !me.User.MustChangePassword {
		t.Fatalf("Me: %+v %v", me, err)
	}
	if _, err := sess.CheckPassword(accounts.PasswordCheck{Password: freshPassword}); err != nil {
		t.Fatalf("CheckPassword: %v", err)
	}
	if _, err := tf.Status(); err != nil {
		t.Fatalf("2FA status: %v", err)
	}
	info, err := pw.ChangeOwn(accounts.ChangePasswordInput{Current: testutil.Password, Password: freshPassword, Repeat: freshPassword})
	if err != nil || info.User.MustChangePassword {
		t.Fatalf("ChangeOwn: %+v %v", info, err)
	}
	if _, err := prof.List(); err != nil {
		t.Fatalf("after the change: %v", err)
	}
	// Second factor required for administrators: held until enrolled, enrolment open.
	owner := e.actor(t, e.env.Owner)
	pol, _ := e.env.Accounts.GetSecurityPolicy(bg, owner)
	pol.RequireTwoFactorForAdmins = true
	if _, err := e.env.Accounts.SetSecurityPolicy(bg, owner, *pol); err != nil {
		t.Fatal(err)
	}
	if _, err := prof.List(); apperr.CodeOf(err) != accounts.CodeTwoFactorSetupRequired {
		t.Fatalf("2FA required: %v", err)
	}
	if err := e.enrolled(tf); err != nil {
		t.Fatalf("enrol while required: %v", err)
	}
	if _, err := prof.List(); err != nil {
		t.Fatalf("after enrolment: %v", err)
	}
	if err := sess.SignOut(); err != nil {
		t.Fatal(err)
	}
}

// TestTwoFactorSignInThroughTheWindow: SignIn answers two_factor_required with a challenge,
// SignInSecondFactor opens the session.
func TestTwoFactorSignInThroughTheWindow(t *testing.T) {
	e := newSecEnv(t)
	c := e.core(t, "agent")
	en, err := app.NewTwoFactorService(c).Enroll()
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(en.Secret, e.env.Clock.Now())
	if _, err := app.NewTwoFactorService(c).Confirm(app.CodeRequest{Code: code}); err != nil {
		t.Fatal(err)
	}
	sess := app.NewSessionService(app.NewCore(e.env.Accounts, nil, e.env.Logger))
	_, err = sess.SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: testutil.Password})
	ae := apperr.As(err)
	if ae.Code != accounts.CodeTwoFactorRequired {
		t.Fatalf("sign-in: %v", err)
	}
	var wire struct {
		Code   string         `json:"code"`
		Params map[string]any `json:"params"`
	}
	if err := json.Unmarshal([]byte(app.FormatError(err).(string)), &wire); err != nil {
		t.Fatal(err)
	}
	challenge, _ := wire.Params["challengeId"].(string)
	if wire.Code != "two_factor_required" || challenge == "" {
		t.Fatalf("wire form: %+v", wire)
	}
	if _, err := sess.Me(); apperr.CodeOf(err) != apperr.CodeUnauthenticated {
		t.Fatal("a session opened before the second factor")
	}
	e.env.Clock.Advance(30 * time.Second)
	code, _ = totp.GenerateCode(en.Secret, e.env.Clock.Now())
	info, err := sess.SignInSecondFactor(app.SecondFactorRequest{ChallengeID: challenge, Code: code})
	if err != nil || info.User.Username != testutil.AgentAUsername || !info.User.TwoFactorEnabled {
		t.Fatalf("second factor: %+v %v", info, err)
	}
}

// TestForgotPasswordThroughTheWindow: the code e-mailed by a real SMTP server resets the
// password from the sign-in screen, with no session.
func TestForgotPasswordThroughTheWindow(t *testing.T) {
	e := newSecEnv(t)
	pw := app.NewPasswordsService(app.NewCore(e.env.Accounts, nil, e.env.Logger))
	if st, err := pw.MailConfigured(); err != nil || !st.Configured {
		t.Fatalf("mail configured: %+v %v", st, err)
	}
	if err := pw.RequestResetCode(app.RequestResetRequest{Login: targetUsername + "@contactsur.test"}); err != nil {
		t.Fatal(err)
	}
	e.env.Accounts.WaitMail()
	m := e.mail.Wait(t, 1, 5*time.Second)[0]
	if m.Subject != "Código para restablecer tu contraseña de Contact Sur" {
		t.Fatalf("subject %q (the target's language is es)", m.Subject)
	}
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(m.Text)
	if err := pw.ResetWithCode(accounts.ResetWithCodeInput{Login: targetUsername, Code: code, Password: freshPassword, Repeat: freshPassword}); err != nil {
		t.Fatal(err)
	}
	e.env.Clock.Advance(time.Second)
	sess := app.NewSessionService(app.NewCore(e.env.Accounts, nil, e.env.Logger))
	if _, err := sess.SignIn(app.SignInRequest{Login: targetUsername, Password: freshPassword}); err != nil {
		t.Fatalf("sign-in with the new password: %v", err)
	}
}

// TestNoSecretInDTOsAuditOrLog drives every security feature through the bound layer, then
// searches every DTO it returned (as JSON), the audit log and the log for the stored
// hashes, the TOTP secret, the SMTP password and the codes. The few values shown once by
// design (a generated password, recovery codes, an invitation code, the enrolment secret)
// are allowed in the very answer that made them, and nowhere else.
func TestNoSecretInDTOsAuditOrLog(t *testing.T) {
	e := newSecEnv(t)
	const smtpPassword = "Smtp-Relay-Secret-991"
	owner := e.core(t, "owner")
	admin := e.core(t, "admin")
	var dtos []any
	keep := func(v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		dtos = append(dtos, v)
	}
	cfg := e.mail.Config()
	keep(app.NewPasswordsService(owner).SetSMTP(accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS, Username: "",
		Password: smtpPassword, From: "noreply@contactsur.test"}))
	keep(app.NewPasswordsService(owner).GetSMTP())
	keep(app.NewPasswordsService(owner).GetPolicy())
	reset, err := app.NewPasswordsService(admin).ResetUser(app.ResetPasswordRequest{UserID: e.target, Generate: true})
	if err != nil || reset.Password == "" {
		t.Fatal(err)
	}
	tf := app.NewTwoFactorService(admin)
	enr, err := tf.Enroll()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := totp.GenerateCode(enr.Secret, e.env.Clock.Now())
	rec, err := tf.Confirm(app.CodeRequest{Code: c})
	if err != nil {
		t.Fatal(err)
	}
	keep(tf.Status())
	keep(app.NewSessionService(admin).Me())
	inv := invitesSvc(e, admin)
	res, err := inv.Invite([]invites.InviteRow{{Emails: []string{"secret.test@example.test"}, ProfileID: e.env.AgentProfile,
		WorkspaceIDs: []string{e.env.WorkspaceA}}})
	if err != nil {
		t.Fatal(err)
	}
	invCode := res.Invitations[0].Code
	keep(inv.List())
	keep(inv.Lookup(invCode))
	keep(app.NewProfilesService(admin).List())
	if err := app.NewPasswordsService(owner).RequestResetCode(app.RequestResetRequest{Login: testutil.AgentAUsername}); err != nil {
		t.Fatal(err)
	}
	e.env.Accounts.WaitMail()
	resetCode := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(e.mail.Wait(t, 2, 5*time.Second)[1].Text)

	// Everything secret the database holds now.
	secrets := []string{smtpPassword, reset.Password, enr.Secret, invCode, resetCode, accounts.HashCode(invCode), accounts.HashCode(resetCode)}
	secrets = append(secrets, rec.Codes...)
	for _, q := range []string{`SELECT password_hash FROM users WHERE password_hash <> ''`, `SELECT hash FROM password_history`,
		`SELECT secret FROM user_totp`, `SELECT code_hash FROM recovery_codes`, `SELECT code_hash FROM invitations`,
		`SELECT code_hash FROM reset_codes`, `SELECT value FROM secret_settings`} {
		rows, err := e.env.DB.Read().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, s)
		}
		rows.Close()
	}
	if len(secrets) < 20 {
		t.Fatalf("only %d secrets collected", len(secrets))
	}
	b, _ := json.Marshal(dtos)
	var audit string
	if err := e.env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	for i, s := range secrets {
		for where, text := range map[string]string{"DTOs": string(b), "audit": audit, "log": e.env.Log.String()} {
			if strings.Contains(text, s) {
				t.Errorf("secret #%d (%.6s…) found in the %s", i, s, where)
			}
		}
	}
	if strings.Contains(string(b), "$argon2id$") || strings.Contains(audit, "$argon2id$") {
		t.Error("an argon2 hash leaked")
	}
	_ = access.Owner
}
