package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// fakeClock is a settable wall clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// openAt opens the database at path as the app does (store.Open). A path with no file yet
// starts as a copy of the migrated template (testutil.CopyMigrated) instead of an empty file:
// the same schema and migration rows, and store.Open still gives the copy a workstation id of
// its own. Under -race, running the migrations took 2.5-3.5 s per open (most of this package's
// time); reopening a migrated file takes about 0.5 s. Migrating an empty file is still what
// builds the template, and TestMigrationsApplyToEmptyFileAndAreIdempotent does it on its own.
func openAt(t *testing.T, path string, clk *fakeClock) *store.DB {
	t.Helper()
	testutil.CopyMigrated(t, path)
	return openFile(t, path, clk)
}

// openFile is store.Open of path (an empty path is migrated from scratch), closed at cleanup.
func openFile(t *testing.T, path string, clk *fakeClock) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func insertWorkspace(tx *store.Tx, id, name string) error {
	return tx.Insert("workspaces", id, store.Fields{"name": name})
}

func TestWriteIsAtomic(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	boom := errors.New("boom")

	err := db.Write(ctx, "actor-1", func(tx *store.Tx) error {
		if err := insertWorkspace(tx, store.NewID(), "Lima"); err != nil {
			return err
		}
		if err := insertWorkspace(tx, store.NewID(), "Kraków"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("want boom, got %v", err)
	}
	for _, tbl := range []string{"workspaces", "audit_log", "sync_outbox", "sync_row_clock", "sync_field_clock"} {
		if n := count(t, db, "SELECT COUNT(*) FROM "+tbl); n != 0 {
			t.Errorf("%s has %d rows after a failed write, want 0", tbl, n)
		}
	}

	// A panic inside the callback leaves nothing either.
	func() {
		defer func() { _ = recover() }()
		_ = db.Write(ctx, "actor-1", func(tx *store.Tx) error {
			_ = insertWorkspace(tx, store.NewID(), "Quito")
			panic("bug")
		})
	}()
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces"); n != 0 {
		t.Errorf("a panicking write left %d rows", n)
	}

	// The same write succeeding leaves row, audit and row clock together (no outbox entry
	// while no sync server is configured; no field clocks for a row nobody edited).
	if err := db.Write(ctx, "actor-1", func(tx *store.Tx) error { return insertWorkspace(tx, store.NewID(), "Lima") }); err != nil {
		t.Fatal(err)
	}
	if a, c, w := count(t, db, "SELECT COUNT(*) FROM audit_log"), count(t, db, "SELECT COUNT(*) FROM sync_row_clock"), count(t, db, "SELECT COUNT(*) FROM workspaces"); a != 1 || c != 1 || w != 1 {
		t.Fatalf("rows=%d audit=%d row clocks=%d, want 1 each", w, a, c)
	}
	if o, f := count(t, db, "SELECT COUNT(*) FROM sync_outbox"), count(t, db, "SELECT COUNT(*) FROM sync_field_clock"); o != 0 || f != 0 {
		t.Fatalf("outbox=%d field clocks=%d, want 0", o, f)
	}
}

func TestAuditRecordsOldAndNewValues(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	id := store.NewID()
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error { return insertWorkspace(tx, id, "Lima") }))
	clk.Add(time.Minute)
	must(t, db.Write(ctx, "u2", func(tx *store.Tx) error {
		return tx.Update("workspaces", id, store.Fields{"name": "Lima Norte", "archived": false})
	}))
	var actor, action, changes, ws string
	err := db.Read().QueryRow(`SELECT actor_id, action, changes, workstation_id FROM audit_log WHERE entity='workspaces' AND entity_id=? ORDER BY at DESC, id DESC LIMIT 1`, id).
		Scan(&actor, &action, &changes, &ws)
	must(t, err)
	if actor != "u2" || action != "update" || ws != db.WorkstationID() {
		t.Fatalf("audit actor=%s action=%s ws=%s", actor, action, ws)
	}
	var got map[string]map[string]any
	must(t, json.Unmarshal([]byte(changes), &got))
	if got["name"]["old"] != "Lima" || got["name"]["new"] != "Lima Norte" {
		t.Fatalf("name change = %v", got["name"])
	}
	if _, ok := got["archived"]; ok {
		t.Fatalf("unchanged column audited: %v", got)
	}

	// An update that changes nothing writes nothing.
	before := count(t, db, "SELECT COUNT(*) FROM audit_log")
	must(t, db.Write(ctx, "u2", func(tx *store.Tx) error { return tx.Update("workspaces", id, store.Fields{"name": "Lima Norte"}) }))
	if after := count(t, db, "SELECT COUNT(*) FROM audit_log"); after != before {
		t.Fatalf("no-op update added %d audit entries", after-before)
	}

	// Delete keeps the old values and leaves a tombstone.
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error { return tx.Delete("workspaces", id) }))
	must(t, db.Read().QueryRow(`SELECT changes FROM audit_log WHERE action='delete' AND entity_id=?`, id).Scan(&changes))
	got = nil
	must(t, json.Unmarshal([]byte(changes), &got))
	if got["name"]["old"] != "Lima Norte" {
		t.Fatalf("delete audit = %s", changes)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sync_tombstones WHERE row_id=?", id); n != 1 {
		t.Fatalf("tombstones = %d", n)
	}
	// Audit log is append-only: its trigger refuses a DELETE even on a writable connection.
	raw, err := sql.Open("sqlite", "file:"+db.Path())
	must(t, err)
	defer raw.Close()
	// audit_log is a view over audit_entries (migration 0020): the view takes no DELETE, the
	// table's trigger refuses one.
	if _, err := raw.Exec(`DELETE FROM audit_log`); err == nil {
		t.Fatal("audit_log DELETE went through")
	}
	if _, err := raw.Exec(`DELETE FROM audit_entries`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("audit_entries DELETE: %v, want the append-only trigger's refusal", err)
	}
}

// TestReadPoolIsReadOnly: nothing but Write changes the file; the read pool refuses every
// kind of write, and still reads.
func TestReadPoolIsReadOnly(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error { return insertWorkspace(tx, store.NewID(), "Lima") }))
	for _, q := range []string{
		`INSERT INTO workspaces(id, name, created_at, updated_at) VALUES ('w', 'Kraków', '', '')`,
		`UPDATE workspaces SET name = 'Kraków'`,
		`DELETE FROM workspaces`,
		`CREATE TABLE t(x)`,
		`INSERT INTO local_meta(key, value) VALUES ('k', 'v')`,
	} {
		if _, err := db.Read().ExecContext(ctx, q); err == nil {
			t.Errorf("read pool ran %q", q)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM workspaces WHERE name = 'Lima'`); n != 1 {
		t.Fatalf("workspaces after refused writes: %d Lima rows", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM workspaces`); n != 1 {
		t.Fatalf("workspaces after refused writes: %d rows", n)
	}
}

// TestConnectionsKeepASmallPageCache: every connection of the read pool, and the writer, keeps
// the small page cache the app's memory is measured with (issue 10, app_memory_growth: with
// SQLite's default 2,000 KiB, walking a large list held ~4.3 MB more per connection).
func TestConnectionsKeepASmallPageCache(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "c.db"), clk)
	ctx := context.Background()
	// Four connections at once: the pool opens each of them with the DSN's pragmas.
	var conns []*sql.Conn
	for range 4 {
		c, err := db.Read().Conn(ctx)
		must(t, err)
		conns = append(conns, c)
	}
	for i, c := range conns {
		var kib int
		must(t, c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&kib))
		if kib != -store.ReadCacheKiB {
			t.Errorf("reader %d: cache_size %d, want %d (KiB)", i, kib, -store.ReadCacheKiB)
		}
		must(t, c.Close())
	}
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error {
		var kib int
		if err := tx.QueryRow(sq.Expr(`PRAGMA cache_size`)).Scan(&kib); err != nil {
			return err
		}
		if kib != -store.WriteCacheKiB {
			t.Errorf("writer: cache_size %d, want %d (KiB)", kib, -store.WriteCacheKiB)
		}
		return nil
	}))
}

// TestNestedWriteFailureRollsBackTheOuter: a nested Write joins the enclosing transaction;
// when its callback fails, the enclosing Write commits nothing, even if its own callback
// swallows the error.
func TestNestedWriteFailureRollsBackTheOuter(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	boom := errors.New("boom")
	outboxBefore := count(t, db, "SELECT COUNT(*) FROM sync_outbox")
	auditBefore := count(t, db, "SELECT COUNT(*) FROM audit_log")
	err := db.Write(ctx, "u1", func(tx *store.Tx) error {
		if err := insertWorkspace(tx, store.NewID(), "Lima"); err != nil {
			return err
		}
		inner := db.Write(tx.Context(), "u1", func(tx *store.Tx) error {
			if err := insertWorkspace(tx, store.NewID(), "Kraków"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(inner, boom) {
			t.Errorf("nested Write returned %v, want boom", inner)
		}
		return nil // the outer callback ignores the inner failure
	})
	if !errors.Is(err, boom) {
		t.Fatalf("outer Write returned %v, want the nested failure", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces"); n != 0 {
		t.Fatalf("outer Write committed %d workspaces after a nested failure", n)
	}
	if count(t, db, "SELECT COUNT(*) FROM sync_outbox") != outboxBefore || count(t, db, "SELECT COUNT(*) FROM audit_log") != auditBefore {
		t.Fatal("outer Write left outbox or audit entries after a nested failure")
	}
	// A nested Write that succeeds still commits with the outer one.
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error {
		if err := insertWorkspace(tx, store.NewID(), "Lima"); err != nil {
			return err
		}
		return db.Write(tx.Context(), "u1", func(tx *store.Tx) error { return insertWorkspace(tx, store.NewID(), "Kraków") })
	}))
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces"); n != 2 {
		t.Fatalf("nested success: %d workspaces, want 2", n)
	}
}

func TestSecretsNeverReachTheAudit(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	id := store.NewID()
	hash := "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
	must(t, db.Write(context.Background(), "", func(tx *store.Tx) error {
		return tx.Insert("users", id, store.Fields{"username": "ana", "email": "ana@x.io", "first_name": "Ana",
			"last_name": "Nowak", "role": "owner", "password_hash": hash})
	}))
	var changes string
	must(t, db.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity_id=?`, id).Scan(&changes))
	if regexp.MustCompile(`argon2id|c2FsdHNhbHQ`).MatchString(changes) {
		t.Fatalf("audit holds the hash: %s", changes)
	}
	if !regexp.MustCompile(`"password_hash":\{"secret":true\}`).MatchString(changes) {
		t.Fatalf("audit does not say the secret changed: %s", changes)
	}
}

func TestUniqueViolationIsCodedConflict(t *testing.T) {
	clk := &fakeClock{t: time.Now()}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ins := func(username, email string) error {
		return db.Write(context.Background(), "", func(tx *store.Tx) error {
			return tx.Insert("users", store.NewID(), store.Fields{"username": username, "email": email,
				"first_name": "A", "last_name": "B", "role": "agent"})
		})
	}
	must(t, ins("ana", "ana@x.io"))
	err := ins("ana", "other@x.io")
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.CodeConflictUnique || ae.Field != "username" {
		t.Fatalf("want conflict_unique on username, got %v", err)
	}
	err = ins("eva", "ana@x.io")
	if !errors.As(err, &ae) || ae.Field != "email" {
		t.Fatalf("want conflict on email, got %v", err)
	}
}

func TestUnknownColumnIsRefused(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), &fakeClock{t: time.Now()})
	err := db.Write(context.Background(), "", func(tx *store.Tx) error {
		return tx.Insert("workspaces", store.NewID(), store.Fields{"name": "x", "nope": 1})
	})
	if apperr.CodeOf(err) != apperr.CodeInternal {
		t.Fatalf("want internal error for unknown column, got %v", err)
	}
	err = db.Write(context.Background(), "", func(tx *store.Tx) error {
		return tx.Insert("audit_log", store.NewID(), store.Fields{"action": "x"})
	})
	if err == nil {
		t.Fatal("write path accepted a write to the audit log table")
	}
}

func TestNestedWriteJoinsOuterTransaction(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), &fakeClock{t: time.Now()})
	err := db.Write(context.Background(), "u", func(tx *store.Tx) error {
		if err := db.Write(tx.Context(), "u", func(inner *store.Tx) error { return insertWorkspace(inner, store.NewID(), "A") }); err != nil {
			return err
		}
		return errors.New("outer fails")
	})
	if err == nil {
		t.Fatal("want error")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces"); n != 0 {
		t.Fatalf("inner write survived the outer rollback: %d rows", n)
	}
}

func TestMigrationsApplyToEmptyFileAndAreIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	clk := &fakeClock{t: time.Now()}
	db := openFile(t, path, clk) // an empty file, not the template
	ms, err := store.Migrations()
	must(t, err)
	applied, err := store.AppliedMigrations(context.Background(), db.Read())
	must(t, err)
	if len(applied) != len(ms) || applied[0] != 1 {
		t.Fatalf("applied %v of %d migrations", applied, len(ms))
	}
	ws := db.WorkstationID()
	db.Close()
	db2 := openAt(t, path, clk)
	applied2, err := store.AppliedMigrations(context.Background(), db2.Read())
	must(t, err)
	if len(applied2) != len(applied) {
		t.Fatalf("reopen applied again: %v", applied2)
	}
	if db2.WorkstationID() != ws {
		t.Fatalf("workstation id changed across restarts")
	}
	must(t, store.Migrate(context.Background(), db2.Read()))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRenamedMigrationIsNotApplied: migrations are recorded by version; a database that
// applied a migration under its former file name (0012_dash.sql, now
// 0012_dashboard_indexes.sql) opens without applying it again.
func TestRenamedMigrationIsNotApplied(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "p.db")
	db := openAt(t, path, clk)
	must(t, db.Close())
	raw, err := sql.Open("sqlite", "file:"+path)
	must(t, err)
	res, err := raw.Exec(`UPDATE schema_migrations SET name = '0012_dash.sql' WHERE version = 12`)
	must(t, err)
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("migration 12 recorded %d times", n)
	}
	var before int
	must(t, raw.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&before))
	must(t, raw.Close())
	db = openAt(t, path, clk) // CREATE INDEX users_dash_idx again would fail: "already exists"
	if n := count(t, db, `SELECT COUNT(*) FROM schema_migrations`); n != before {
		t.Fatalf("reopen recorded %d migrations, had %d", n, before)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM schema_migrations WHERE version = 12 AND name = '0012_dash.sql'`); n != 1 {
		t.Fatal("migration 12 re-recorded under its new name")
	}
}
