package accounts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/testutil"
)

// enrol sets TOTP up for the signed-in actor and returns the secret and recovery codes.
func enrol(t *testing.T, env *testutil.Env, a *access.Actor) (string, []string) {
	t.Helper()
	e, err := env.Accounts.EnrollTwoFactor(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := totp.GenerateCode(e.Secret, env.Clock.Now())
	codes, err := env.Accounts.ConfirmTwoFactor(ctx, a, c)
	if err != nil {
		t.Fatal(err)
	}
	return e.Secret, codes
}

// challengeOf signs in with the right password and returns the second-factor challenge id.
func challengeOf(t *testing.T, env *testutil.Env, username string) string {
	t.Helper()
	_, err := env.Accounts.SignIn(ctx, username, testutil.Password)
	if code(err) != accounts.CodeTwoFactorRequired {
		t.Fatalf("sign-in: %v, want two_factor_required", err)
	}
	id, _ := apperr.As(err).Params["challengeId"].(string)
	if len(id) < 20 {
		t.Fatalf("challenge id %q", id)
	}
	return id
}

func TestEnrolConfirmAndSignInWithTOTP(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	a := env.SignIn(testutil.AgentAUsername)
	e, err := acc.EnrollTwoFactor(ctx, a)
	if err != nil || len(e.Secret) != 32 || !strings.HasPrefix(e.URI, "otpauth://totp/Contact%20Sur:agent.a?") || len(e.QRPNG) < 100 {
		t.Fatalf("enrol: %+v %v", e, err)
	}
	st, _ := acc.TwoFactor(ctx, a)
	if st.Enabled || !st.Pending {
		t.Fatalf("status after enrol: %+v", st)
	}
	// Not in force before confirmation: the password alone still signs in.
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); err != nil {
		t.Fatalf("unconfirmed enrolment blocks sign-in: %v", err)
	}
	if _, err := acc.ConfirmTwoFactor(ctx, a, "000000"); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("confirm with a wrong code: %v", err)
	}
	now := env.Clock.Now()
	c, _ := totp.GenerateCode(e.Secret, now)
	codes, err := acc.ConfirmTwoFactor(ctx, a, c)
	if err != nil || len(codes) != accounts.RecoveryCodeCount || len(codes[0]) != 19 {
		t.Fatalf("confirm: %v %v", codes, err)
	}
	if _, err := acc.EnrollTwoFactor(ctx, a); code(err) != accounts.CodeTwoFactorEnabled {
		t.Fatalf("enrol twice: %v", err)
	}
	st, _ = acc.TwoFactor(ctx, a)
	if !st.Enabled || st.RecoveryCodesLeft != 10 {
		t.Fatalf("status: %+v", st)
	}
	info, _ := acc.Session(ctx, a)
	if !info.User.TwoFactorEnabled {
		t.Fatal("session info lacks twoFactorEnabled")
	}
	ch := challengeOf(t, env, testutil.AgentAUsername)
	// The code used to confirm is spent: the same step is not accepted again.
	if _, err := acc.SignInSecondFactor(ctx, ch, c); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("replayed confirmation code: %v", err)
	}
	env.Clock.Advance(30 * time.Second)
	c2, _ := totp.GenerateCode(e.Secret, env.Clock.Now())
	sid, err := acc.SignInSecondFactor(ctx, ch, c2)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := acc.Actor(ctx, sid); err != nil || got.UserID != env.AgentA {
		t.Fatalf("session: %v", err)
	}
	if _, err := acc.SignInSecondFactor(ctx, ch, c2); code(err) != accounts.CodeChallengeExpired {
		t.Fatalf("challenge reused: %v", err)
	}
	// The same code on a fresh challenge: refused (one use per step).
	ch = challengeOf(t, env, testutil.AgentAUsername)
	if _, err := acc.SignInSecondFactor(ctx, ch, c2); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("replayed code: %v", err)
	}
	// Challenges expire after 5 minutes.
	env.Clock.Advance(5*time.Minute + time.Second)
	c3, _ := totp.GenerateCode(e.Secret, env.Clock.Now())
	if _, err := acc.SignInSecondFactor(ctx, ch, c3); code(err) != accounts.CodeChallengeExpired {
		t.Fatalf("old challenge: %v", err)
	}
}

func TestRecoveryCodesAreSingleUse(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	a := env.SignIn(testutil.AgentAUsername)
	_, codes := enrol(t, env, a)
	ch := challengeOf(t, env, testutil.AgentAUsername)
	typed := strings.ToLower(strings.ReplaceAll(codes[3], "-", " ")) // as someone might type it
	if _, err := acc.SignInSecondFactor(ctx, ch, typed); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	ch = challengeOf(t, env, testutil.AgentAUsername)
	if _, err := acc.SignInSecondFactor(ctx, ch, codes[3]); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("recovery code used twice: %v", err)
	}
	st, _ := acc.TwoFactor(ctx, a)
	if st.RecoveryCodesLeft != 9 {
		t.Fatalf("left %d", st.RecoveryCodesLeft)
	}
	// New codes make the old ones useless.
	if _, err := acc.RegenerateRecoveryCodes(ctx, a, "wrong password here 1"); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("regenerate with a wrong password: %v", err)
	}
	fresh, err := acc.RegenerateRecoveryCodes(ctx, a, testutil.Password)
	if err != nil || len(fresh) != 10 {
		t.Fatal(err)
	}
	if _, err := acc.SignInSecondFactor(ctx, ch, codes[4]); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("old recovery code after regeneration: %v", err)
	}
	if _, err := acc.SignInSecondFactor(ctx, ch, fresh[0]); err != nil {
		t.Fatalf("new recovery code: %v", err)
	}
	var audit string
	if err := env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	if containsAny(audit, append(codes, fresh...)...) || containsAny(audit, accounts.HashCode(codes[0]), accounts.HashCode(fresh[1])) {
		t.Fatal("the audit log holds a recovery code or its hash")
	}
}

func TestSecondFactorFailuresCountTowardLockout(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.Lockout.MaxFailures = 3
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	secret, _ := enrol(t, env, env.SignIn(testutil.AgentAUsername))
	ch := challengeOf(t, env, testutil.AgentAUsername)
	for i := range 2 {
		if _, err := acc.SignInSecondFactor(ctx, ch, "123456"); code(err) != accounts.CodeCodeInvalid || apperr.As(err).Field != "code" {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if _, err := acc.SignInSecondFactor(ctx, ch, "ZZZZ-ZZZZ-ZZZZ-ZZZZ"); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("third wrong code: %v", err)
	}
	env.Clock.Advance(30 * time.Second)
	c, _ := totp.GenerateCode(secret, env.Clock.Now())
	if _, err := acc.SignInSecondFactor(ctx, ch, c); code(err) != accounts.CodeChallengeExpired {
		t.Fatalf("challenge after lock: %v", err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != apperr.CodeAccountLocked {
		t.Fatalf("password after lock: %v", err)
	}
}

func TestDisableAndPolicyRequirement(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner := env.SignIn(testutil.OwnerUsername)
	admin := env.SignIn(testutil.AdminUsername)
	agent := env.SignIn(testutil.AgentAUsername)
	pol, _ := acc.GetSecurityPolicy(ctx, owner)
	pol.RequireTwoFactorForAdmins = true
	if _, err := acc.SetSecurityPolicy(ctx, owner, *pol); err != nil {
		t.Fatal(err)
	}
	if code(acc.Requirement(ctx, admin)) != accounts.CodeTwoFactorSetupRequired || code(acc.Requirement(ctx, owner)) != accounts.CodeTwoFactorSetupRequired {
		t.Fatal("admins not required to set up a second factor")
	}
	if err := acc.Requirement(ctx, agent); err != nil {
		t.Fatalf("agent: %v", err)
	}
	info, _ := acc.Session(ctx, admin)
	if !info.User.MustSetUpTwoFactor {
		t.Fatal("session info lacks mustSetUpTwoFactor")
	}
	enrol(t, env, admin)
	if err := acc.Requirement(ctx, admin); err != nil {
		t.Fatalf("after enrolment: %v", err)
	}
	if err := acc.DisableTwoFactor(ctx, admin, testutil.Password); code(err) != accounts.CodeTwoFactorPolicy {
		t.Fatalf("disable while required: %v", err)
	}
	enrol(t, env, agent)
	if err := acc.DisableTwoFactor(ctx, agent, "not my password 123"); code(err) != apperr.CodeInvalidCredentials || apperr.As(err).Field != "password" {
		t.Fatalf("disable with a wrong password: %v", err)
	}
	if err := acc.DisableTwoFactor(ctx, agent, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if err := acc.DisableTwoFactor(ctx, agent, testutil.Password); code(err) != accounts.CodeTwoFactorNotEnrolled {
		t.Fatalf("disable twice: %v", err)
	}
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); err != nil {
		t.Fatalf("sign-in after disable: %v", err)
	}
	// Everyone required (the password policy's flag), which also allows 8-character minimums.
	pol.Password.TwoFactorRequired, pol.Password.MinLength = true, 8
	got, _ := acc.SetSecurityPolicy(ctx, owner, *pol)
	if got.Password.MinLength != 8 || code(acc.Requirement(ctx, agent)) != accounts.CodeTwoFactorSetupRequired {
		t.Fatalf("required for all: %+v", got.Password)
	}
}

func TestAdministratorResetsASecondFactor(t *testing.T) {
	env := testutil.NewEnv(t)
	acc := env.Accounts
	owner, admin := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AdminUsername)
	agent := env.SignIn(testutil.AgentAUsername)
	enrol(t, env, agent)
	rules := []struct {
		name   string
		actor  *access.Actor
		target string
		want   string
	}{
		{"agent", agent, env.AgentA, apperr.CodePermissionDenied},
		{"admin, other workspace", admin, env.AgentB, apperr.CodeNotFound},
		{"admin, owner", admin, env.Owner, apperr.CodePermissionDenied},
		{"owner, themself", owner, env.Owner, apperr.CodePermissionDenied},
	}
	for _, r := range rules {
		if err := acc.ResetTwoFactor(ctx, r.actor, r.target); code(err) != r.want {
			t.Errorf("%s: %v", r.name, err)
		}
	}
	if err := acc.ResetTwoFactor(ctx, admin, env.AgentA); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Actor(ctx, agent.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatal("agent's session survived the reset")
	}
	env.Clock.Advance(time.Second)
	if _, err := acc.SignIn(ctx, testutil.AgentAUsername, testutil.Password); err != nil {
		t.Fatalf("sign-in without a second factor after reset: %v", err)
	}
	var n int
	if err := env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM user_totp) + (SELECT COUNT(*) FROM recovery_codes)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d second-factor rows left", n)
	}
}
