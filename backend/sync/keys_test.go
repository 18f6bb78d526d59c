package sync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

func keysOf(acc *accounts.Service) func(context.Context) (plsync.KeyBox, error) {
	return func(ctx context.Context) (plsync.KeyBox, error) { return acc.Secrets(ctx) }
}

// A user with two-step sign-in on workstation A signs in with their TOTP code on a
// workstation B that joined with a code the Owner made in the app: the organization key
// arrived with the enrollment, sealed under that code, and never in clear.
func TestAWorkstationThatJoinsReceivesTheOrganizationKey(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	agent := a.SignIn(testutil.AgentAUsername)
	en, err := a.Accounts.EnrollTwoFactor(ctx, agent)
	must(t, err)
	c0, _ := totp.GenerateCode(en.Secret, a.Clock.Now())
	_, err = a.Accounts.ConfirmTwoFactor(ctx, agent, c0)
	must(t, err)

	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	code, err := ca.NewEnrollCode(ctx, a.Owner)
	must(t, err)
	// The envelope went to the server with the code (no sync needed on A before B joins).
	if st := ca.Status(ctx); st.Pending != 0 {
		t.Fatalf("envelope not pushed: %+v", st)
	}

	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	// Type the code the way a person does: lower case, without dashes.
	_, err = cb.Join(ctx, srv.URL, strings.ToLower(strings.ReplaceAll(code.Code, "-", "")))
	must(t, err)
	var kept string
	must(t, b.Read().QueryRow(`SELECT value FROM local_meta WHERE key = 'sync_key_code'`).Scan(&kept))
	if kept == "" || strings.Contains(strings.ToUpper(kept), strings.ReplaceAll(code.Code, "-", "")) {
		t.Fatalf("the code waits in clear: %q", kept)
	}
	must(t, cb.SyncOnce(ctx))

	// The agent signs in on B with the password and then their TOTP code.
	_, err = accB.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	if apperr.CodeOf(err) != accounts.CodeTwoFactorRequired {
		t.Fatalf("sign-in on B: %v", err)
	}
	ch, _ := apperr.As(err).Params["challengeId"].(string)
	c1, _ := totp.GenerateCode(en.Secret, time.Now().Add(30*time.Second))
	c2, _ := totp.GenerateCode(en.Secret, time.Now())
	sid, err := accB.SignInSecondFactor(ctx, ch, c2)
	if err != nil && c1 != c2 {
		sid, err = accB.SignInSecondFactor(ctx, ch, c1)
	}
	if err != nil {
		t.Fatalf("TOTP sign-in on B: %v (secrets_locked: the key did not arrive)", err)
	}
	if got, err := accB.Actor(ctx, sid); err != nil || got.UserID != a.AgentA {
		t.Fatalf("session on B: %v", err)
	}
	// The envelope is emptied everywhere once used, and the code forgotten.
	if kept, _ = b.LocalMeta(ctx, "sync_key_code"); kept != "" {
		t.Fatal("the code is still kept after the keys arrived")
	}
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	for _, db := range []*store.DB{a.DB, b} {
		if n := count(t, db, `SELECT COUNT(*) FROM sync_key_envelopes WHERE sealed <> ''`); n != 0 {
			t.Fatalf("%d envelopes still hold keys", n)
		}
	}
	// The keys never reached the audit log or the outbox in the open: the envelope's
	// content is a secret column.
	var audit string
	must(t, a.DB.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity = 'sync_key_envelopes' AND action = 'create'`).Scan(&audit))
	if !strings.Contains(audit, `"sealed":{"secret":true}`) {
		t.Fatalf("audit of the envelope: %s", audit)
	}
}

// A code from the server's command line has no envelope: the joining workstation still
// downloads everything, and the keys wait (secrets_locked) without breaking the sync.
func TestJoiningWithACommandLineCodeStillSyncs(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	_, err = cb.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	if st := cb.Status(ctx); st.Error != "" || st.Pending != 0 {
		t.Fatalf("status %+v", st)
	}
	must(t, ca.SyncOnce(ctx)) // (B published its device key)
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatal("joined workstation differs")
	}
}

// A workstation that joined with a code from the server's command line receives the keys
// when the Owner makes a key code on A and it is typed on B; a mistyped code only waits.
func TestAKeyCodeDeliversTheKeysAfterACommandLineJoin(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	agent := a.SignIn(testutil.AgentAUsername)
	en, err := a.Accounts.EnrollTwoFactor(ctx, agent)
	must(t, err)
	c0, _ := totp.GenerateCode(en.Secret, a.Clock.Now())
	_, err = a.Accounts.ConfirmTwoFactor(ctx, agent, c0)
	must(t, err)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	_, err = cb.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	signIn := func(at time.Time) error {
		_, err := accB.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
		ch, _ := apperr.As(err).Params["challengeId"].(string)
		code, _ := totp.GenerateCode(en.Secret, at)
		_, err = accB.SignInSecondFactor(ctx, ch, code)
		return err
	}
	if err := signIn(time.Now().Add(-30 * time.Second)); apperr.CodeOf(err) != "secrets_locked" {
		t.Fatalf("two-step sign-in on B before the key: %v, want secrets_locked", err)
	}
	if res, err := cb.AwaitKeys(ctx, "AAAA-BBBB-CCCC-DDDD"); err != nil || res.Received || !res.Waiting {
		t.Fatalf("a mistyped key code: %+v %v", res, err)
	}
	kc, err := ca.NewKeyCode(ctx, a.Owner)
	must(t, err)
	res, err := cb.AwaitKeys(ctx, kc.Code)
	if err != nil || !res.Received || res.Waiting {
		t.Fatalf("key code: %+v %v", res, err)
	}
	// (The next time step: the step of the code that confirmed the set-up on A is spent.)
	if err := signIn(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatalf("two-step sign-in on B after the key code: %v", err)
	}
}
