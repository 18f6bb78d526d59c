package sync_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"

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

var colSMTP = secrets.Column{Table: "secret_settings", Name: "value"}

// sealedValues reads every sealed value of db: column → row id → value.
func sealedValues(t *testing.T, db *store.DB) map[secrets.Column]map[string]string {
	t.Helper()
	out := map[secrets.Column]map[string]string{}
	for _, c := range secrets.Columns {
		out[c] = map[string]string{}
		rows, err := db.Read().Query(`SELECT id, ` + c.Name + ` FROM ` + c.Table + ` WHERE ` + c.Name + ` <> ''`)
		must(t, err)
		for rows.Next() {
			var id, v string
			must(t, rows.Scan(&id, &v))
			out[c][id] = v
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out
}

// serverSealed reads the sealed values of the server's current rows (its merged state).
func serverSealed(t *testing.T, dsn string) map[secrets.Column]map[string]string {
	t.Helper()
	p, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		t.Skip("reads the server's SQLite file")
	}
	db, err := sql.Open("sqlite", "file:"+p+"?mode=ro")
	must(t, err)
	defer db.Close()
	out := map[secrets.Column]map[string]string{}
	for _, c := range secrets.Columns {
		out[c] = map[string]string{}
		rows, err := db.Query(`SELECT id, state FROM rows WHERE tbl = ?`, c.Table)
		must(t, err)
		for rows.Next() {
			var id, raw string
			must(t, rows.Scan(&id, &raw))
			var st syncwire.RowState
			must(t, json.Unmarshal([]byte(raw), &st))
			var v string
			_ = json.Unmarshal(st.Fields[c.Name].Value, &v)
			if st.Live() && v != "" {
				out[c][id] = v
			}
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out
}

// twoFactor sets up (unconfirmed) two-step sign-in for username on env: a TOTP secret sealed
// with the key env's workstation seals with now. It returns the secret.
func twoFactor(t *testing.T, env *testutil.Env, username string) string {
	t.Helper()
	en, err := env.Accounts.EnrollTwoFactor(ctx, env.SignIn(username))
	must(t, err)
	return en.Secret
}

// After the Owner revokes C, A (which renewed the key) re-seals every secret sealed before —
// and the one B sealed with the old key before it had the new one — under the new key,
// through the write path: A and B open every secret, the server's rows hold only values
// sealed under the new key, which neither the old key alone nor C opens, and the History
// shows that the secrets were set, never their values.
func TestARenewalResealsEverySecretUnderTheNewKey(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	plain := map[string]string{} // row id → value in clear
	for _, u := range []string{testutil.AgentAUsername, testutil.AgentBUsername} {
		twoFactor(t, a, u)
	}
	_, err := a.Accounts.SetSMTP(ctx, a.SignIn(testutil.OwnerUsername), accounts.SMTPInput{
		Host: "smtp.contactsur.test", TLS: "starttls", From: "no-reply@contactsur.test", Password: "correct horse battery",
	})
	must(t, err)
	boxA, err := a.Accounts.Secrets(ctx)
	must(t, err)
	oldKey := boxA.CurrentKey()
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b, accB, cb := joinWithAppCode(t, srv, ca, a.Owner)
	c, accC, _ := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx))
	boxB, err := accB.Secrets(ctx)
	must(t, err)
	boxC, err := accC.Secrets(ctx)
	must(t, err)
	before := sealedValues(t, a.DB)
	for col, vals := range before {
		for id, v := range vals {
			if secrets.KeyOf(v) != oldKey {
				t.Fatalf("(%s %s is not sealed with the first key)", col.Table, id)
			}
			p, err := boxA.Open(ctx, col, id, v)
			must(t, err)
			plain[id] = p
		}
	}
	if len(before[colTOTP]) != 2 || len(before[colSMTP]) != 1 {
		t.Fatalf("(sealed values before: %v)", before)
	}

	res, err := ca.Revoke(ctx, a.Owner, c.DeviceID())
	must(t, err)
	if res.KeyID == "" || res.KeyID == oldKey {
		t.Fatalf("renewal %+v", res)
	}
	// B, which has not synced since, seals a secret with the old key: in flight.
	sid, err := accB.SignIn(ctx, testutil.OwnerUsername, testutil.Password)
	must(t, err)
	ownerB, err := accB.Actor(ctx, sid)
	must(t, err)
	enO, err := accB.EnrollTwoFactor(ctx, ownerB)
	must(t, err)
	idO, sealedO := totpOf(t, b, a.Owner)
	if secrets.KeyOf(sealedO) != oldKey {
		t.Fatal("(B sealed with another key than the old one before the renewal reached it)")
	}
	plain[idO] = enO.Secret
	must(t, cb.SyncOnce(ctx)) // sends it; receives the new key and A's re-sealed values
	if boxB.CurrentKey() != res.KeyID {
		t.Fatal("B did not receive the new key")
	}
	if got, err := boxB.Open(ctx, colTOTP, idO, sealedO); err != nil || got != enO.Secret {
		t.Fatalf("B no longer opens what it sealed with the old key: %v", err)
	}
	must(t, ca.SyncOnce(ctx)) // A re-seals B's value too
	must(t, cb.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatal("A and B differ after the re-seal")
	}

	for _, w := range []struct {
		name string
		vals map[secrets.Column]map[string]string
		box  *secrets.Box
	}{{"A", sealedValues(t, a.DB), boxA}, {"B", sealedValues(t, b), boxB}, {"the server", serverSealed(t, srv.DSN), boxA}} {
		n := 0
		for col, vals := range w.vals {
			for id, v := range vals {
				n++
				if secrets.KeyOf(v) != res.KeyID {
					t.Fatalf("%s: %s of %s is sealed with %s, not the new key %s", w.name, col.Table, id, secrets.KeyOf(v), res.KeyID)
				}
				if v == before[col][id] {
					t.Fatalf("%s: %s of %s is the old ciphertext", w.name, col.Table, id)
				}
				if got, err := w.box.Open(ctx, col, id, v); err != nil || got != plain[id] {
					t.Fatalf("%s: %s of %s does not open: %v", w.name, col.Table, id, err)
				}
				// The revoked workstation holds the old key only: nothing re-sealed opens with it.
				if _, err := boxC.Open(ctx, col, id, v); apperr.CodeOf(err) != secrets.CodeSecretsLocked {
					t.Fatalf("%s: the revoked workstation opens %s of %s: %v", w.name, col.Table, id, err)
				}
			}
		}
		if n != 4 {
			t.Fatalf("%s holds %d sealed values, want 4", w.name, n)
		}
	}
	// Nothing sealed under the old key stays in the server's storage (its log entries of
	// these rows are scrubbed of superseded values), and a workstation that joins now still
	// receives everything and opens it.
	text := serverText(t, srv.DSN)
	for _, v := range append([]string{sealedO}, values(before)...) {
		if strings.Contains(text, v) {
			t.Fatal("the server still holds a value sealed under the old key")
		}
	}
	if strings.Contains(text, "plantel-sealed:v1:"+oldKey+":") {
		t.Fatal("the server still holds a value naming the old key")
	}
	d, accD, cd := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx)) // (D's device key and emptied envelope)
	must(t, cd.SyncOnce(ctx))
	if got, want := dumpSynced(t, d), dumpSynced(t, a.DB); got != want {
		t.Fatal("a workstation that joins after the re-seal differs")
	}
	boxD, err := accD.Secrets(ctx)
	must(t, err)
	for col, vals := range sealedValues(t, d) {
		for id, v := range vals {
			if got, err := boxD.Open(ctx, col, id, v); err != nil || got != plain[id] {
				t.Fatalf("a workstation that joins after the re-seal opens %s of %s: %v", col.Table, id, err)
			}
		}
	}
	// The History: the re-seals are there (as the Owner who revoked), never a value.
	for _, db := range []*store.DB{a.DB, b} {
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE changes LIKE '%plantel-sealed%' OR changes LIKE ?`, "%"+enO.Secret+"%"); n != 0 {
			t.Fatalf("%d audit entries carry a secret", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'user_totp' AND action = 'update' AND actor_id = ? AND changes LIKE '%"secret":{"secret":true}%'`, a.Owner); n != 3 {
			t.Fatalf("%d re-seal entries of TOTP secrets, want 3", n)
		}
	}
	// Later syncs find nothing more to re-seal.
	pending := count(t, a.DB, `SELECT COUNT(*) FROM audit_log`)
	must(t, ca.SyncOnce(ctx))
	if n := count(t, a.DB, `SELECT COUNT(*) FROM audit_log`); n != pending {
		t.Fatalf("a sync after the re-seal wrote %d more audit entries", n-pending)
	}
}

// values lists every value of vals.
func values(vals map[secrets.Column]map[string]string) []string {
	var out []string
	for _, m := range vals {
		for _, v := range m {
			out = append(out, v)
		}
	}
	return out
}

// oldVersionBox is the secrets box of a workstation of an earlier version: it holds the
// organization keys but makes no device key.
type oldVersionBox struct{ *secrets.Box }

func (oldVersionBox) WrapLocal(string, []byte) (string, error) {
	return "", errors.New("this version has no device key")
}

// A workstation that had published no device key when the Owner revoked another one
// publishes it at its next sync, and the workstation that renewed the key seals the key to
// it at its own next sync: no key code. Meanwhile the renewing workstation lists it as
// waiting for its key.
func TestAWorkstationWithoutADeviceKeyReceivesTheRenewedKeyWithoutACode(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	secretA := twoFactor(t, a, testutil.AgentAUsername)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	// B joins with an earlier version: it receives the keys but publishes no device key.
	code, err := ca.NewEnrollCode(ctx, a.Owner)
	must(t, err)
	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	old := plsync.New(b, plsync.Options{Keys: func(ctx context.Context) (plsync.KeyBox, error) {
		box, err := accB.Secrets(ctx)
		return oldVersionBox{box}, err
	}})
	_, err = old.Join(ctx, srv.URL, code.Code)
	must(t, err)
	must(t, old.SyncOnce(ctx))
	c, _, _ := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx))
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_device_keys WHERE id = ?`, b.DeviceID()); n != 0 {
		t.Fatal("(the earlier version published a device key)")
	}
	res, err := ca.Revoke(ctx, a.Owner, c.DeviceID())
	must(t, err)
	if res.Sealed != 0 || len(res.Waiting) != 1 || res.Waiting[0] != b.DeviceID() {
		t.Fatalf("renewal %+v, want B waiting", res)
	}
	if w, err := ca.KeyWaiting(ctx); err != nil || len(w) != 1 || w[0] != b.DeviceID() {
		t.Fatalf("waiting for its key: %v %v", w, err)
	}

	// B is updated: its next sync publishes its device key; A's next sync seals the key to
	// it; B's next sync opens it. Nobody types a code.
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	if n := count(t, b, `SELECT COUNT(*) FROM secret_keys WHERE id = ?`, res.KeyID); n != 1 {
		t.Fatal("B did not receive the renewed key after publishing its device key")
	}
	if w, err := ca.KeyWaiting(ctx); err != nil || len(w) != 0 {
		t.Fatalf("still waiting: %v %v", w, err)
	}
	boxB, err := accB.Secrets(ctx)
	must(t, err)
	if boxB.CurrentKey() != res.KeyID {
		t.Fatalf("B seals with %s, want the renewed key %s", boxB.CurrentKey(), res.KeyID)
	}
	id, sealed := totpOf(t, b, a.AgentA)
	if secrets.KeyOf(sealed) != res.KeyID {
		t.Fatal("(the TOTP secret reached B not re-sealed)")
	}
	if got, err := boxB.Open(ctx, colTOTP, id, sealed); err != nil || got != secretA {
		t.Fatalf("B opens the re-sealed secret: %v", err)
	}
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	for _, db := range []*store.DB{a.DB, b} {
		if n := count(t, db, `SELECT COUNT(*) FROM sync_key_envelopes WHERE sealed <> ''`); n != 0 {
			t.Fatalf("%d envelopes still hold keys", n)
		}
	}
}

// A re-seal interrupted between two of its transactions (here a trigger aborts the second,
// as a crash would leave it) loses nothing: the next sync continues, and the values already
// re-sealed are not written again.
func TestAnInterruptedResealContinues(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	plain := map[string]string{}
	for _, u := range []string{testutil.OwnerUsername, testutil.AdminUsername, testutil.AgentAUsername, testutil.AgentBUsername} {
		s := twoFactor(t, a, u)
		id, _ := totpOf(t, a.DB, a.SignIn(u).UserID)
		plain[id] = s
	}
	boxA, err := a.Accounts.Secrets(ctx)
	must(t, err)
	oldKey := boxA.CurrentKey()
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts), ResealBatch: 2})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b, accB, cb := joinWithAppCode(t, srv, ca, a.Owner)
	c, _, _ := joinWithAppCode(t, srv, ca, a.Owner)
	must(t, ca.SyncOnce(ctx))

	// The "crash": the third re-sealed value aborts its transaction.
	raw, err := sql.Open("sqlite", "file:"+a.DB.Path()+"?_pragma=busy_timeout(5000)")
	must(t, err)
	defer raw.Close()
	_, err = raw.Exec(`CREATE TRIGGER crash_reseal BEFORE UPDATE OF secret ON user_totp
		WHEN (SELECT COUNT(*) FROM user_totp WHERE secret NOT LIKE 'plantel-sealed:v1:` + oldKey + `:%') >= 2
		BEGIN SELECT RAISE(ABORT, 'crash'); END`)
	must(t, err)
	res, err := ca.Revoke(ctx, a.Owner, c.DeviceID())
	must(t, err)
	first := map[string]string{}
	for id, v := range sealedValues(t, a.DB)[colTOTP] {
		if secrets.KeyOf(v) == res.KeyID {
			first[id] = v
		}
	}
	if len(first) != 2 {
		t.Fatalf("%d values re-sealed before the interruption, want the first transaction's 2", len(first))
	}

	_, err = raw.Exec(`DROP TRIGGER crash_reseal`)
	must(t, err)
	must(t, ca.SyncOnce(ctx)) // continues
	vals := sealedValues(t, a.DB)[colTOTP]
	for id, v := range vals {
		if secrets.KeyOf(v) != res.KeyID {
			t.Fatalf("%s still sealed with %s after the next sync", id, secrets.KeyOf(v))
		}
		if f, ok := first[id]; ok && f != v {
			t.Fatalf("%s was re-sealed twice", id)
		}
	}
	if n := count(t, a.DB, `SELECT COUNT(*) FROM audit_log WHERE entity = 'user_totp' AND action = 'update'`); n != 4 {
		t.Fatalf("%d re-seal writes, want one per value (4)", n)
	}
	must(t, cb.SyncOnce(ctx))
	boxB, err := accB.Secrets(ctx)
	must(t, err)
	for id, v := range sealedValues(t, b)[colTOTP] {
		if got, err := boxB.Open(ctx, colTOTP, id, v); err != nil || got != plain[id] || secrets.KeyOf(v) != res.KeyID {
			t.Fatalf("B opens %s: %v", id, err)
		}
	}
}
