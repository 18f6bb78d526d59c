package accounts_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

const (
	newPassword   = "lantern quokka orbit 2027 tide"
	newerPassword = "copper falcon meadow 88 drift"
)

func policyFailures(err error) []string {
	var out []string
	if fs, ok := apperr.As(err).Params["failures"].([]auth.Failure); ok {
		for _, f := range fs {
			out = append(out, f.Code)
		}
	}
	return out
}

func TestChangeOwnPasswordRules(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	me := env.SignIn(testutil.AgentAUsername)
	other := env.SignIn(testutil.AgentAUsername) // the same user on another window
	cases := []struct {
		name       string
		in         accounts.ChangePasswordInput
		code, fld  string
		policyCode string
	}{
		{"wrong current", accounts.ChangePasswordInput{Current: "nope nope nope nope", Password: newPassword, Repeat: newPassword}, apperr.CodeInvalidCredentials, "current", ""},
		{"no current", accounts.ChangePasswordInput{Password: newPassword, Repeat: newPassword}, apperr.CodeValidation, "current", ""},
		{"repeat differs", accounts.ChangePasswordInput{Current: testutil.Password, Password: newPassword, Repeat: newPassword + "x"}, apperr.CodeValidation, "repeat", ""},
		{"too short", accounts.ChangePasswordInput{Current: testutil.Password, Password: "short one", Repeat: "short one"}, apperr.CodePasswordPolicy, "password", auth.CodeTooShort},
		{"own name", accounts.ChangePasswordInput{Current: testutil.Password, Password: "jan kowalski forever 1", Repeat: "jan kowalski forever 1"}, apperr.CodePasswordPolicy, "password", auth.CodeContainsPersonal},
		{"current again", accounts.ChangePasswordInput{Current: testutil.Password, Password: testutil.Password, Repeat: testutil.Password}, apperr.CodePasswordPolicy, "password", accounts.CodeReused},
	}
	for _, c := range cases {
		_, err := acc.ChangeOwnPassword(ctx, me, c.in)
		if code(err) != c.code || apperr.As(err).Field != c.fld {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.policyCode != "" && policyFailures(err)[0] != c.policyCode {
			t.Fatalf("%s: failures %v", c.name, policyFailures(err))
		}
	}
	newSID, err := acc.ChangeOwnPassword(ctx, me, accounts.ChangePasswordInput{Current: testutil.Password, Password: newPassword, Repeat: newPassword})
	if err != nil {
		t.Fatal(err)
	}
	// The other session (and the replaced one) ended on every workstation; the new one lives.
	for _, sid := range []string{me.SessionID, other.SessionID} {
		if _, err := acc.Actor(ctx, sid); code(err) != apperr.CodeUnauthenticated {
			t.Fatalf("old session %s still valid: %v", sid, err)
		}
	}
	now, err := acc.Actor(ctx, newSID)
	if err != nil || now.UserID != env.AgentA {
		t.Fatalf("new session: %v", err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("old password still works: %v", err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, newPassword); err != nil {
		t.Fatalf("new password: %v", err)
	}
	// The first password is in the history now: going back to it is refused.
	_, err = acc.ChangeOwnPassword(ctx, now, accounts.ChangePasswordInput{Current: newPassword, Password: testutil.Password, Repeat: testutil.Password})
	if code(err) != apperr.CodePasswordPolicy || policyFailures(err)[0] != accounts.CodeReused {
		t.Fatalf("reuse of the previous password: %v", err)
	}
	var hist int
	var changed string
	if err := env.DB.Read().QueryRow(`SELECT COUNT(*) FROM password_history WHERE user_id = ?`, env.AgentA).Scan(&hist); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Read().QueryRow(`SELECT password_changed_at FROM users WHERE id = ?`, env.AgentA).Scan(&changed); err != nil {
		t.Fatal(err)
	}
	if hist != 1 || changed == "" {
		t.Fatalf("history=%d changed=%q", hist, changed)
	}
}

func TestHistoryCountDecidesHowFarBackReuseIsRefused(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.Password.HistoryCount = 2
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	a := env.SignIn(testutil.AgentAUsername)
	sid, err := acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: testutil.Password, Password: newPassword, Repeat: newPassword})
	if err != nil {
		t.Fatal(err)
	}
	a, _ = acc.Actor(ctx, sid)
	env.Clock.Advance(time.Second)
	if sid, err = acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: newPassword, Password: newerPassword, Repeat: newerPassword}); err != nil {
		t.Fatal(err)
	}
	a, _ = acc.Actor(ctx, sid)
	// Last two = the current and the one before; the first one is free again.
	if _, err := acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: newerPassword, Password: newPassword, Repeat: newPassword}); code(err) != apperr.CodePasswordPolicy {
		t.Fatalf("previous password: %v", err)
	}
	if _, err := acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: newerPassword, Password: testutil.Password, Repeat: testutil.Password}); err != nil {
		t.Fatalf("third-last password with history 2: %v", err)
	}
}

func TestWrongCurrentPasswordCountsTowardLockout(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.Lockout.MaxFailures = 3
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	a := env.SignIn(testutil.AgentAUsername)
	bad := accounts.ChangePasswordInput{Current: "guess guess guess 1", Password: newPassword, Repeat: newPassword}
	for range 2 {
		if _, err := acc.ChangeOwnPassword(ctx, a, bad); err == nil {
			t.Fatal("a wrong current password was accepted")
		}
	}
	if _, err := acc.ChangeOwnPassword(ctx, a, bad); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("third wrong current: %v", err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("sign-in after lock: %v", err)
	}
}

func TestAdminResetPasswordRules(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner, admin, agent := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AdminUsername), env.SignIn(testutil.AgentAUsername)
	gen := accounts.ResetPasswordInput{Generate: true}
	rules := []struct {
		name   string
		actor  *access.Actor
		target string
		want   string
	}{
		{"anonymous", nil, env.AgentA, apperr.CodeUnauthenticated},
		{"agent", agent, env.AgentB, apperr.CodePermissionDenied},
		{"admin, agent of another workspace", admin, env.AgentB, apperr.CodeNotFound},
		{"admin, the owner", admin, env.Owner, apperr.CodePermissionDenied},
		{"admin, themself", admin, env.Admin, apperr.CodePermissionDenied},
		{"owner, themself", owner, env.Owner, apperr.CodePermissionDenied},
		{"owner, unknown", owner, "nobody", apperr.CodeNotFound},
	}
	for _, r := range rules {
		if _, err := acc.AdminResetPassword(ctx, r.actor, r.target, gen); code(err) != r.want {
			t.Errorf("%s: %v, want %s", r.name, err, r.want)
		}
	}
	// Typed passwords are checked against the target's personal data and the repeat.
	_, err := acc.AdminResetPassword(ctx, admin, env.AgentA, accounts.ResetPasswordInput{Password: "Kowalski and the sea 9", Repeat: "Kowalski and the sea 9"})
	if code(err) != apperr.CodePasswordPolicy || policyFailures(err)[0] != auth.CodeContainsPersonal {
		t.Fatalf("personal data: %v", err)
	}
	if _, err := acc.AdminResetPassword(ctx, admin, env.AgentA, accounts.ResetPasswordInput{Password: newPassword, Repeat: "x"}); apperr.As(err).Field != "repeat" {
		t.Fatalf("repeat: %v", err)
	}
	// A typed reset: the agent's session ends, the new password works, no forced change.
	if pw, err := acc.AdminResetPassword(ctx, admin, env.AgentA, accounts.ResetPasswordInput{Password: newPassword, Repeat: newPassword}); err != nil || pw != "" {
		t.Fatalf("typed reset: %q %v", pw, err)
	}
	if _, err := acc.Actor(ctx, agent.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatalf("agent session survived the reset: %v", err)
	}
	env.Clock.Advance(time.Second) // a session opened in the revocation's own millisecond is revoked too
	sid, err := acc.SignIn(ctx, testutil.AgentAUsername, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := acc.Actor(ctx, sid)
	if err := acc.Requirement(ctx, a); err != nil {
		t.Fatalf("typed reset forces a change: %v", err)
	}
	// A generated reset by the Owner of an administrator: shown once, must be changed.
	adminSession := admin.SessionID
	pw, err := acc.AdminResetPassword(ctx, owner, env.Admin, gen)
	if err != nil || len([]rune(pw)) < auth.GeneratedPasswordMinLength {
		t.Fatalf("generated: %q %v", pw, err)
	}
	if _, err := acc.Actor(ctx, adminSession); code(err) != apperr.CodeUnauthenticated {
		t.Fatal("admin session survived")
	}
	env.Clock.Advance(time.Second)
	sid, err = acc.SignIn(ctx, testutil.AdminUsername, pw)
	if err != nil {
		t.Fatal(err)
	}
	a, _ = acc.Actor(ctx, sid)
	if code(acc.Requirement(ctx, a)) != accounts.CodePasswordChangeRequired {
		t.Fatal("generated reset does not force a change")
	}
	info, _ := acc.Session(ctx, a)
	if !info.User.MustChangePassword {
		t.Fatal("session info lacks mustChangePassword")
	}
	sid, err = acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: pw, Password: newerPassword, Repeat: newerPassword})
	if err != nil {
		t.Fatal(err)
	}
	a, _ = acc.Actor(ctx, sid)
	if err := acc.Requirement(ctx, a); err != nil {
		t.Fatalf("still required after the change: %v", err)
	}
	var audit string
	if err := env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	if containsAny(audit, pw, newPassword, "$argon2id$") {
		t.Fatal("the audit log holds a password or hash")
	}
}

func TestAdminResetLiftsLockout(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	admin := env.SignIn(testutil.AdminUsername)
	for range 10 {
		if _, err := acc.SignIn(ctx, testutil.AgentAUsername, "wrong wrong wrong wrong"); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("not locked: %v", err)
	}
	if _, err := acc.AdminResetPassword(ctx, admin, env.AgentA, accounts.ResetPasswordInput{Password: newPassword, Repeat: newPassword}); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, newPassword); err != nil {
		t.Fatalf("still locked after reset: %v", err)
	}
}

func TestMaxPasswordAgeForcesAChangeAtSignIn(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.Password.MaxAgeDays = 30
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	a := env.SignIn(testutil.AgentAUsername)
	if err := acc.Requirement(ctx, a); err != nil {
		t.Fatalf("fresh password: %v", err)
	}
	env.Clock.Advance(31 * 24 * time.Hour)
	sid, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	if err != nil {
		t.Fatalf("sign-in with an old password must still work: %v", err)
	}
	a, _ = acc.Actor(ctx, sid)
	if code(acc.Requirement(ctx, a)) != accounts.CodePasswordChangeRequired {
		t.Fatal("old password not flagged")
	}
	if sid, err = acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: testutil.Password, Password: newPassword, Repeat: newPassword}); err != nil {
		t.Fatal(err)
	}
	a, _ = acc.Actor(ctx, sid)
	if err := acc.Requirement(ctx, a); err != nil {
		t.Fatalf("after the change: %v", err)
	}
}

// TestPendingAccountsAndSignIn: generated credentials (pending, must change) sign in and turn
// active with their own password; an invited user without a password cannot sign in.
func TestPendingAccountsAndSignIn(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	hash, _ := auth.Hasher{}.Hash(newPassword)
	gen, inv := store.NewID(), store.NewID()
	err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("users", gen, store.Fields{"username": "agent001", "email": "agent001@office.test", "first_name": "",
			"last_name": "", "role": "agent", "profile_id": env.AgentProfile, "active": true, "status": "pending",
			"password_hash": hash, "must_change_password": true}); err != nil {
			return err
		}
		return tx.Insert("users", inv, store.Fields{"username": "invited", "email": "invited@office.test", "first_name": "",
			"last_name": "", "role": "agent", "profile_id": env.AgentProfile, "active": false, "status": "pending"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.SignIn(ctx, "invited", ""); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("invited without password: %v", err)
	}
	if _, err := acc.SignIn(ctx, "invited@office.test", "anything at all 123"); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("invited with a guess: %v", err)
	}
	sid, err := acc.SignIn(ctx, "agent001", newPassword)
	if err != nil {
		t.Fatal(err)
	}
	a, err := acc.Actor(ctx, sid)
	if err != nil || code(acc.Requirement(ctx, a)) != accounts.CodePasswordChangeRequired {
		t.Fatalf("pending account: %v", err)
	}
	if _, err := acc.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: newPassword, Password: newerPassword, Repeat: newerPassword}); err != nil {
		t.Fatal(err)
	}
	var status string
	var must bool
	if err := env.DB.Read().QueryRow(`SELECT status, must_change_password FROM users WHERE id = ?`, gen).Scan(&status, &must); err != nil {
		t.Fatal(err)
	}
	if status != "active" || must {
		t.Fatalf("after own password: %s %v", status, must)
	}
}
