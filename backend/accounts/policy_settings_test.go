package accounts_test

import (
	"testing"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/testutil"
)

func TestSecurityPolicyOwnerSetsAdminsRead(t *testing.T) {
	env := testutil.NewEnv(t)
	// A workstation enrolled with a sync server: changes queue in the outbox.
	if err := env.DB.EnableSync(ctx, "ws-test", nil); err != nil {
		t.Fatal(err)
	}
	acc := env.Accounts
	owner, admin, agent := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AdminUsername), env.SignIn(testutil.AgentAUsername)
	if _, err := acc.GetSecurityPolicy(ctx, agent); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent reads: %v", err)
	}
	got, err := acc.GetSecurityPolicy(ctx, admin)
	if err != nil || got.Password != auth.DefaultPasswordPolicy() || got.Lockout != accounts.DefaultLockoutPolicy() || got.RequireTwoFactorForAdmins {
		t.Fatalf("defaults: %+v %v", got, err)
	}
	if _, err := acc.SetSecurityPolicy(ctx, admin, *got); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin sets: %v", err)
	}
	in := accounts.SecurityPolicy{Password: auth.PasswordPolicy{MinLength: 4, MaxLength: 10, HistoryCount: 99, MaxAgeDays: 9999,
		RequireDigit: true}, Lockout: accounts.LockoutPolicy{MaxFailures: 1, LockMinutes: 99999}, RequireTwoFactorForAdmins: true}
	set, err := acc.SetSecurityPolicy(ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	want := accounts.SecurityPolicy{Password: auth.PasswordPolicy{MinLength: 15, MaxLength: 64, HistoryCount: 24, MaxAgeDays: 365,
		RequireDigit: true}, Lockout: accounts.LockoutPolicy{MaxFailures: 3, LockMinutes: 1440}, RequireTwoFactorForAdmins: true}
	if *set != want {
		t.Fatalf("clamped: %+v", set)
	}
	if read, _ := acc.GetSecurityPolicy(ctx, owner); *read != want {
		t.Fatalf("stored: %+v", read)
	}
	// The live check uses the new policy at once.
	rep, _ := acc.CheckPassword(ctx, agent, accounts.PasswordCheck{Password: "no digits in here at all"})
	if rep.OK {
		t.Fatal("policy not in force")
	}
	var audits, outbox int
	if err := env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM audit_log WHERE entity='settings'), (SELECT COUNT(*) FROM sync_outbox WHERE tbl='settings')`).Scan(&audits, &outbox); err != nil {
		t.Fatal(err)
	}
	if audits != 3 || outbox != 3 {
		t.Fatalf("settings audit=%d outbox=%d", audits, outbox)
	}
}
