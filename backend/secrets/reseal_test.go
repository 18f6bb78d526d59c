package secrets_test

import (
	"testing"

	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// Reseal moves every value sealed under an older key to the newest, one small transaction at
// a time, leaves alone what is already there (a second run writes nothing) and what no key
// here opens.
func TestResealMovesOldValuesToTheNewestKeyOnce(t *testing.T) {
	env := testutil.NewEnv(t)
	col := secrets.Column{Table: "user_totp", Name: "secret"}
	plain := map[string]string{}
	for _, u := range []string{testutil.OwnerUsername, testutil.AgentAUsername, testutil.AgentBUsername} {
		en, err := env.Accounts.EnrollTwoFactor(ctx, env.SignIn(u))
		if err != nil {
			t.Fatal(err)
		}
		var id string
		if err := env.DB.Read().QueryRow(`SELECT id FROM user_totp WHERE user_id = ?`, env.SignIn(u).UserID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		plain[id] = en.Secret
	}
	box, err := env.Accounts.Secrets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := box.CurrentKey()
	// One value names a key this workstation does not hold.
	var stranger string
	if err := env.DB.Read().QueryRow(`SELECT id FROM user_totp WHERE user_id = ?`, env.AgentB).Scan(&stranger); err != nil {
		t.Fatal(err)
	}
	foreign := "plantel-sealed:v1:01000000-0000-7000-8000-000000000000:AAAA"
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Update("user_totp", stranger, store.Fields{"secret": foreign})
	}); err != nil {
		t.Fatal(err)
	}
	kid, err := box.NewKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if box.NewestKey() != kid {
		t.Fatalf("newest key %s, want the one just made %s", box.NewestKey(), kid)
	}
	audits := func() int {
		var n int
		if err := env.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'user_totp'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := audits()
	res, err := box.Reseal(ctx, env.Owner, 1)
	if err != nil || res.Resealed != 2 || res.Unopenable != 1 {
		t.Fatalf("reseal: %+v %v", res, err)
	}
	if n := audits() - before; n != 2 {
		t.Fatalf("%d audit entries, want one per re-sealed value (2)", n)
	}
	rows, err := env.DB.Read().Query(`SELECT id, secret FROM user_totp`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		if id == stranger {
			if v != foreign {
				t.Fatal("a value no key here opens was rewritten")
			}
			continue
		}
		if secrets.KeyOf(v) != kid || secrets.KeyOf(v) == old {
			t.Fatalf("%s sealed with %s after the re-seal, want %s", id, secrets.KeyOf(v), kid)
		}
		if got, err := box.Open(ctx, col, id, v); err != nil || got != plain[id] {
			t.Fatalf("%s does not open after the re-seal: %v", id, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	again, err := box.Reseal(ctx, env.Owner, 1)
	if err != nil || again.Resealed != 0 {
		t.Fatalf("second re-seal: %+v %v", again, err)
	}
	if n := audits() - before; n != 2 {
		t.Fatalf("a second re-seal wrote %d more audit entries", n-2)
	}
}
