package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

// storageEnvelopes: a server upgraded from a version that did not scrub key envelopes finds
// their log entries on its first start and scrubs those already emptied; an envelope that
// expired unopened is emptied by the server itself (system, device "server", stamped after the
// row) and scrubbed; running it again does nothing.
func storageEnvelopes(t *testing.T, st server.Storage, dsn string) {
	ctx := context.Background()
	past := time.Now().Add(-time.Hour)
	h := func(ms int64, n int) string { return syncwire.HLC{Millis: ms, Counter: n, Device: "dev-1"}.String() }
	now := time.Now().UnixMilli()
	mk := func(id, hlc string, fields map[string]any) (syncwire.Change, []byte) {
		f := map[string]json.RawMessage{}
		for k, v := range fields {
			f[k] = enc(v)
		}
		c := syncwire.Change{Table: "sync_key_envelopes", ID: id, HLC: hlc, Fields: f, DeviceID: "dev-1", ActorID: "owner-1"}
		b, _ := json.Marshal(c)
		return c, b
	}
	used1, usedRaw1 := mk("kenv-used", h(now, 1), map[string]any{"salt": "U-SALT", "sealed": "U-S3CRET", "expires_at": syncwire.TimeText(time.Now().Add(time.Hour))})
	used2, usedRaw2 := mk("kenv-used", h(now, 2), map[string]any{"salt": "", "sealed": ""})
	late, lateRaw := mk("kenv-late", h(now, 3), map[string]any{"salt": "L-SALT", "sealed": "L-S3CRET", "expires_at": syncwire.TimeText(past)})
	must(t, st.Write(ctx, func(tx server.Tx) error {
		if err := tx.SaveRow("sync_key_envelopes", "kenv-used", syncwire.Apply(syncwire.Apply(syncwire.RowState{}, used1), used2)); err != nil {
			return err
		}
		if err := tx.SaveRow("sync_key_envelopes", "kenv-late", syncwire.Apply(syncwire.RowState{}, late)); err != nil {
			return err
		}
		_, err := tx.AppendLog([][]byte{usedRaw1, usedRaw2, lateRaw})
		return err
	}))
	// As the previous version left it: no index of the envelopes' entries, nothing scrubbed.
	driver, src := "pgx", dsn
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, src = "sqlite", "file:"+p
	}
	raw, err := sql.Open(driver, src)
	must(t, err)
	defer raw.Close()
	for _, q := range []string{`DELETE FROM secret_log`, `DELETE FROM meta WHERE key = 'secret_log'`} {
		_, err := raw.ExecContext(ctx, q)
		must(t, err)
	}
	log := func() string {
		changes, _, _, err := st.Pull(ctx, 0, 1<<20)
		must(t, err)
		var b strings.Builder
		for _, c := range changes {
			b.Write(c)
			b.WriteByte('\n')
		}
		return b.String()
	}
	if l := log(); !strings.Contains(l, "U-S3CRET") || !strings.Contains(l, "L-S3CRET") {
		t.Fatal("(the envelopes are not in the log)")
	}
	again, err := server.OpenStorage(ctx, dsn) // the upgraded server starts
	must(t, err)
	again.Close()
	l := log()
	if strings.Contains(l, "U-S3CRET") || strings.Contains(l, "U-SALT") {
		t.Fatal("an envelope emptied before the upgrade keeps its sealed content in the log")
	}
	if !strings.Contains(l, "L-S3CRET") {
		t.Fatal("an envelope still waiting was scrubbed")
	}
	n, err := st.ExpireEnvelopes(ctx, time.Now())
	must(t, err)
	if n != 1 {
		t.Fatalf("expired %d envelopes, want 1", n)
	}
	if n, err := st.ExpireEnvelopes(ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("expiring again: %d %v", n, err)
	}
	changes, _, _, err := st.Pull(ctx, 0, 1<<20)
	must(t, err)
	var last syncwire.Change
	for _, c := range changes {
		if strings.Contains(string(c), "L-S3CRET") || strings.Contains(string(c), "L-SALT") {
			t.Fatalf("an expired envelope keeps its sealed content in the log: %s", c)
		}
		var x syncwire.Change
		must(t, json.Unmarshal(c, &x))
		if x.ID == "kenv-late" {
			last = x
		}
	}
	if last.ActorID != "system" || last.DeviceID != "server" || last.HLC <= late.HLC || string(last.Fields["sealed"]) != `""` {
		t.Fatalf("the server's emptying change: %+v", last)
	}
	if _, err := syncwire.ParseHLC(last.HLC); err != nil {
		t.Fatal(err)
	}
	must(t, st.Write(ctx, func(tx server.Tx) error {
		row, _, err := tx.Row("sync_key_envelopes", "kenv-late")
		if err == nil && string(row.Fields["sealed"].Value) != `""` {
			t.Errorf("the expired envelope's row still holds %s", row.Fields["sealed"].Value)
		}
		return err
	}))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
