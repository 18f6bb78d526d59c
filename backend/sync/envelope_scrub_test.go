package sync_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

// serverText is everything the server database keeps that could hold a value: the change
// log, the merged rows and the stored batch answers, read with SQL as a backup would.
func serverText(t *testing.T, dsn string) string {
	t.Helper()
	driver, src := "pgx", dsn
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, src = "sqlite", "file:"+p+"?mode=ro"
	}
	db, err := sql.Open(driver, src)
	must(t, err)
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{`SELECT change FROM changelog`, `SELECT state FROM rows`, `SELECT answer FROM batches`} {
		rows, err := db.Query(q)
		must(t, err)
		for rows.Next() {
			var s string
			must(t, rows.Scan(&s))
			b.WriteString(s + "\n")
		}
		must(t, rows.Err())
		rows.Close()
	}
	return b.String()
}

func envelopeSealed(t *testing.T, env *testutil.Env, id string) string {
	t.Helper()
	var s string
	must(t, env.DB.Read().QueryRow(`SELECT sealed FROM sync_key_envelopes WHERE id = ?`, id).Scan(&s))
	if s == "" {
		t.Fatalf("envelope %s is empty on the workstation that made it", id)
	}
	return s
}

func TestAConsumedKeyEnvelopeLeavesTheServerSQLite(t *testing.T) {
	keyEnvelopeLeavesTheServer(t, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
}

func TestAConsumedKeyEnvelopeLeavesTheServerPostgres(t *testing.T) {
	keyEnvelopeLeavesTheServer(t, pgtest.NewDatabase(t))
}

// A key envelope is on the server only while it waits: once the workstation it was made for
// opened it, and once it expired unopened, no trace of its sealed content stays in the
// server's database (change log, rows, batch answers; for SQLite the file's very bytes, free
// pages included). Both emptyings are the system's doing in every History, never the
// Owner's: the joining workstation's, and the server's for an expired one.
func keyEnvelopeLeavesTheServer(t *testing.T, dsn string) {
	srv := servertest.Start(t, dsn)
	a := seeded(t)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))

	// 1. Consumed: B joins with a code made on A.
	code, err := ca.NewEnrollCode(ctx, a.Owner)
	must(t, err)
	used := plsync.EnvelopeID(code.Code)
	sealedUsed := envelopeSealed(t, a, used)
	if !strings.Contains(serverText(t, srv.DSN), sealedUsed) {
		t.Fatal("(the envelope did not reach the server)")
	}
	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	_, err = cb.Join(ctx, srv.URL, code.Code)
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	if n := count(t, b, `SELECT COUNT(*) FROM secret_keys`); n < 2 {
		t.Fatalf("(B holds %d keys: the envelope was not opened)", n)
	}
	if strings.Contains(serverText(t, srv.DSN), sealedUsed) {
		t.Fatal("the server keeps the sealed content of a consumed key envelope")
	}

	// 2. Expired: a key code made 8 days ago (its envelope waited 7) that nobody typed.
	a.Clock.Advance(-8 * 24 * time.Hour)
	kc, err := ca.NewKeyCode(ctx, a.Owner)
	must(t, err)
	a.Clock.Advance(8 * 24 * time.Hour)
	expired := plsync.EnvelopeID(kc.Code)
	sealedExpired := envelopeSealed(t, a, expired)
	if !strings.Contains(serverText(t, srv.DSN), sealedExpired) {
		t.Fatal("(the key code's envelope did not reach the server)")
	}
	n, err := srv.Storage.ExpireEnvelopes(ctx, time.Now())
	must(t, err)
	if n != 1 {
		t.Fatalf("%d envelopes expired, want 1", n)
	}
	if again, err := srv.Storage.ExpireEnvelopes(ctx, time.Now()); err != nil || again != 0 {
		t.Fatalf("expiring again: %d %v", again, err)
	}
	if strings.Contains(serverText(t, srv.DSN), sealedExpired) {
		t.Fatal("the server keeps the sealed content of an expired key envelope")
	}

	// Every workstation converges on the emptied envelopes; the History names the system.
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatal("A and B differ")
	}
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_key_envelopes WHERE sealed <> '' OR salt <> ''`); n != 0 {
		t.Fatalf("%d envelopes still sealed on A", n)
	}
	for _, w := range []struct {
		id, device string
	}{{used, b.DeviceID()}, {expired, "server"}} {
		rows, err := a.DB.Read().Query(`SELECT actor_id, workstation_id FROM audit_log WHERE entity = 'sync_key_envelopes' AND entity_id = ? AND action <> 'create'`, w.id)
		must(t, err)
		seen := 0
		for rows.Next() {
			var actor, ws string
			must(t, rows.Scan(&actor, &ws))
			seen++
			if actor != "system" || ws != w.device {
				t.Errorf("envelope %s emptied as %q on %q, want the system on %q", w.id, actor, ws, w.device)
			}
		}
		must(t, rows.Err())
		rows.Close()
		if seen == 0 {
			t.Errorf("the emptying of %s is not in A's History", w.id)
		}
	}

	// SQLite: not even the file's free pages keep them.
	if p, ok := strings.CutPrefix(srv.DSN, "sqlite:"); ok {
		srv.Close()
		for _, f := range []string{p, p + "-wal"} {
			raw, err := os.ReadFile(f)
			if os.IsNotExist(err) {
				continue
			}
			must(t, err)
			for _, s := range []string{sealedUsed, sealedExpired} {
				if bytes.Contains(raw, []byte(s)) || bytes.Contains(raw, []byte(s[:24])) {
					t.Fatalf("%s still holds an envelope's sealed bytes", filepath.Base(f))
				}
			}
		}
	}
}
