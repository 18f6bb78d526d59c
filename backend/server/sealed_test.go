package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

// storageSealed: a server upgraded from a version that kept every sealed value in its log
// finds the entries of the sealed columns on its first start and empties the values their
// rows' winning values superseded (sealed under an older key, for instance); the winning
// value and a row's only value stay.
func storageSealed(t *testing.T, st server.Storage, dsn string) {
	ctx := context.Background()
	now := time.Now().UnixMilli()
	h := func(n int) string { return syncwire.HLC{Millis: now, Counter: n, Device: "dev-1"}.String() }
	mk := func(id, hlc, secret string) (syncwire.Change, []byte) {
		c := syncwire.Change{Table: "user_totp", ID: id, HLC: hlc, DeviceID: "dev-1", ActorID: "owner-1",
			Fields: map[string]json.RawMessage{"secret": enc(secret), "user_id": enc("u-" + id)}}
		b, _ := json.Marshal(c)
		return c, b
	}
	old, oldRaw := mk("totp-1", h(1), "OLD-S3CRET")
	cur, curRaw := mk("totp-1", h(2), "NEW-S3CRET")
	only, onlyRaw := mk("totp-2", h(3), "ONLY-S3CRET")
	must(t, st.Write(ctx, func(tx server.Tx) error {
		if err := tx.SaveRow("user_totp", "totp-1", syncwire.Apply(syncwire.Apply(syncwire.RowState{}, old), cur)); err != nil {
			return err
		}
		if err := tx.SaveRow("user_totp", "totp-2", syncwire.Apply(syncwire.RowState{}, only)); err != nil {
			return err
		}
		_, err := tx.AppendLog([][]byte{oldRaw, curRaw, onlyRaw})
		return err
	}))
	// As the previous version left it: no index of these entries.
	driver, src := "pgx", dsn
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, src = "sqlite", "file:"+p
	}
	raw, err := sql.Open(driver, src)
	must(t, err)
	defer raw.Close()
	for _, q := range []string{`DELETE FROM secret_log WHERE id IN ('totp-1', 'totp-2')`, `DELETE FROM meta WHERE key = 'secret_log_sealed'`} {
		_, err := raw.ExecContext(ctx, q)
		must(t, err)
	}
	log := func() string {
		changes, _, _, err := st.Pull(ctx, 0, 1<<20)
		must(t, err)
		return string(joinLines(changes))
	}
	if !strings.Contains(log(), "OLD-S3CRET") {
		t.Fatal("(the superseded value is not in the log)")
	}
	again, err := server.OpenStorage(ctx, dsn) // the upgraded server starts
	must(t, err)
	again.Close()
	l := log()
	if strings.Contains(l, "OLD-S3CRET") {
		t.Fatal("a superseded sealed value stays in the log after the upgrade")
	}
	if !strings.Contains(l, "NEW-S3CRET") || !strings.Contains(l, "ONLY-S3CRET") {
		t.Fatal("a winning sealed value was scrubbed")
	}
}

func joinLines(changes [][]byte) []byte {
	var b []byte
	for _, c := range changes {
		b = append(append(b, c...), '\n')
	}
	return b
}

// The server's list of sealed columns is the workstation's.
func TestTheServerKnowsEverySealedColumn(t *testing.T) {
	got := server.SealedColumns()
	if len(got) != len(secrets.Columns) {
		t.Fatalf("server: %v, workstation: %v", got, secrets.Columns)
	}
	for _, c := range secrets.Columns {
		if got[c.Table] != c.Name {
			t.Fatalf("the server does not scrub %s.%s", c.Table, c.Name)
		}
	}
}
