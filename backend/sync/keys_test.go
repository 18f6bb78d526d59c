package sync_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/syncwire"
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

// joinWithAppCode joins a new empty workstation with a code the Owner made on ca, and syncs
// it once (it receives the organization keys and publishes its device key).
func joinWithAppCode(t *testing.T, srv *servertest.Server, ca *plsync.Client, owner string) (*store.DB, *accounts.Service, *plsync.Client) {
	t.Helper()
	code, err := ca.NewEnrollCode(ctx, owner)
	must(t, err)
	db := empty(t)
	acc := accounts.New(db, auth.Hasher{}, testutil.NewEnvLogger())
	c := plsync.New(db, plsync.Options{Keys: keysOf(acc)})
	_, err = c.Join(ctx, srv.URL, code.Code)
	must(t, err)
	must(t, c.SyncOnce(ctx))
	return db, acc, c
}

// totpOf reads user's sealed TOTP secret on db.
func totpOf(t *testing.T, db *store.DB, user string) (rowID, sealed string) {
	t.Helper()
	must(t, db.Read().QueryRow(`SELECT id, secret FROM user_totp WHERE user_id = ?`, user).Scan(&rowID, &sealed))
	return rowID, sealed
}

var colTOTP = secrets.Column{Table: "user_totp", Name: "secret"}

// The Owner revokes workstation C: a new organization key is made on A and sealed to B's
// device key only. B receives it at its next sync and seals with it; both keep opening what
// the old key sealed; C gets 401 and never holds the new key, so the secrets written after
// the revocation do not open with what C kept. (Without the renewal, C's old key opens them.)
func TestRevokingAWorkstationRenewsTheOrganizationKey(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	agentA := a.SignIn(testutil.AgentAUsername)
	enA, err := a.Accounts.EnrollTwoFactor(ctx, agentA) // sealed with the first key
	must(t, err)
	boxA, err := a.Accounts.Secrets(ctx)
	must(t, err)
	oldKey := boxA.CurrentKey()
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b, accB, cb := joinWithAppCode(t, srv, ca, a.Owner)
	c, accC, cc := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx)) // A sees B's and C's device keys
	boxB, err := accB.Secrets(ctx)
	must(t, err)
	boxC, err := accC.Secrets(ctx)
	must(t, err)
	if boxB.CurrentKey() != oldKey || boxC.CurrentKey() != oldKey {
		t.Fatalf("joined workstations seal with %s / %s, want the organization key %s", boxB.CurrentKey(), boxC.CurrentKey(), oldKey)
	}

	res, err := ca.Revoke(ctx, a.Owner, c.DeviceID())
	must(t, err)
	if res.KeyID == "" || res.KeyID == oldKey || res.Sealed != 1 || len(res.Waiting) != 0 {
		t.Fatalf("renewal %+v (old key %s)", res, oldKey)
	}
	if boxA.CurrentKey() != res.KeyID {
		t.Fatal("A does not seal with the new key")
	}
	// A secret written on A after the revocation: sealed with the new key.
	agentB := a.SignIn(testutil.AgentBUsername)
	enB, err := a.Accounts.EnrollTwoFactor(ctx, agentB)
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx)) // B receives the new key, empties its envelope
	if boxB.CurrentKey() != res.KeyID {
		t.Fatalf("B seals with %s after the renewal, want %s", boxB.CurrentKey(), res.KeyID)
	}
	// A secret written on B after it received the new key: the Owner's two-step set-up.
	sid, err := accB.SignIn(ctx, testutil.OwnerUsername, testutil.Password)
	must(t, err)
	ownerB, err := accB.Actor(ctx, sid)
	must(t, err)
	enO, err := accB.EnrollTwoFactor(ctx, ownerB)
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))

	// A and B converge and open every secret, old and new.
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatal("A and B differ after the renewal")
	}
	for _, w := range []struct {
		name string
		db   *store.DB
		box  *secrets.Box
	}{{"A", a.DB, boxA}, {"B", b, boxB}} {
		for _, s := range []struct {
			user, plain string
			newKey      bool
		}{{a.AgentA, enA.Secret, false}, {a.AgentB, enB.Secret, true}, {a.Owner, enO.Secret, true}} {
			id, sealed := totpOf(t, w.db, s.user)
			if s.newKey && !strings.HasPrefix(sealed, "plantel-sealed:v1:"+res.KeyID+":") {
				t.Fatalf("%s: a secret written after the revocation is not sealed with the new key", w.name)
			}
			if got, err := w.box.Open(ctx, colTOTP, id, sealed); err != nil || got != s.plain {
				t.Fatalf("%s opens the TOTP secret of %s: %v", w.name, s.user, err)
			}
		}
		if n := count(t, w.db, `SELECT COUNT(*) FROM sync_key_envelopes WHERE sealed <> '' OR salt <> '' OR epk <> ''`); n != 0 {
			t.Fatalf("%s: %d envelopes still hold keys", w.name, n)
		}
	}

	// C: 401, no new key, and what was written after the revocation does not open with what
	// it kept (a copy of A's data reaching it another way).
	if err := cc.SyncOnce(ctx); plsync.CodeOf(err) != plsync.CodeRevoked {
		t.Fatalf("revoked workstation: %v", err)
	}
	if n := count(t, c, `SELECT COUNT(*) FROM secret_keys WHERE id = ?`, res.KeyID); n != 0 {
		t.Fatal("the revoked workstation holds the new key")
	}
	if n := count(t, c, `SELECT COUNT(*) FROM sync_key_envelopes WHERE device_id <> ''`); n != 0 {
		t.Fatal("the revoked workstation received a renewal envelope")
	}
	id, sealed := totpOf(t, a.DB, a.AgentB)
	if _, err := boxC.Open(ctx, colTOTP, id, sealed); apperr.CodeOf(err) != secrets.CodeSecretsLocked {
		t.Fatalf("the revoked workstation opens a secret written after its revocation: %v", err)
	}
	id, sealed = totpOf(t, c, a.AgentA)
	if got, err := boxC.Open(ctx, colTOTP, id, sealed); err != nil || got != enA.Secret {
		t.Fatalf("(C still opens what it had: %v)", err)
	}
	// No envelope on the server is addressed to C.
	changes, _, _, err := srv.Storage.Pull(ctx, 0, 100000)
	must(t, err)
	renewals := 0
	for _, raw := range changes {
		var ch syncwire.Change
		must(t, json.Unmarshal(raw, &ch))
		if ch.Table != "sync_key_envelopes" || len(ch.Fields["device_id"]) <= 2 {
			continue
		}
		renewals++
		if string(ch.Fields["device_id"]) == `"`+c.DeviceID()+`"` {
			t.Fatalf("an envelope for the revoked workstation: %s", raw)
		}
	}
	if renewals != 1 {
		t.Fatalf("%d renewal envelopes on the server, want 1 (B's)", renewals)
	}
}

// A renewal envelope waiting for a workstation that is revoked in turn before it synced is
// emptied at that revocation: the server keeps nothing sealed for a revoked workstation.
func TestARenewalWaitingForAWorkstationRevokedInTurnIsEmptied(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b, _, cb := joinWithAppCode(t, srv, ca, a.Owner)
	c, _, _ := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx))
	first, err := ca.Revoke(ctx, a.Owner, c.DeviceID())
	must(t, err)
	if first.Sealed != 1 {
		t.Fatalf("renewal %+v", first)
	}
	var sealed string
	must(t, a.DB.Read().QueryRow(`SELECT sealed FROM sync_key_envelopes WHERE device_id = ?`, b.DeviceID()).Scan(&sealed))
	if sealed == "" || !strings.Contains(serverText(t, srv.DSN), sealed) {
		t.Fatal("(B's renewal envelope is not on the server)")
	}
	// B is revoked before it ever synced again.
	second, err := ca.Revoke(ctx, a.Owner, b.DeviceID())
	must(t, err)
	if second.KeyID == "" || second.KeyID == first.KeyID || second.Sealed != 0 {
		t.Fatalf("second renewal %+v", second)
	}
	if strings.Contains(serverText(t, srv.DSN), sealed) {
		t.Fatal("the server keeps a key sealed for a revoked workstation")
	}
	if err := cb.SyncOnce(ctx); plsync.CodeOf(err) != plsync.CodeRevoked {
		t.Fatalf("B after its revocation: %v", err)
	}
	if n := count(t, b, `SELECT COUNT(*) FROM secret_keys WHERE id IN (?, ?)`, first.KeyID, second.KeyID); n != 0 {
		t.Fatal("B holds a renewed key")
	}
}
