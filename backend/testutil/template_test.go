package testutil

import (
	"context"
	"database/sql"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// TestNewEnvIsAFreshBuild: a copied environment holds what building it from nothing gives
// (the same number of rows in every table, audit and outbox included), takes writes through
// the write path, and is a workstation of its own with no trace of the template's id.
func TestNewEnvIsAFreshBuild(t *testing.T) {
	ctx := context.Background()
	fresh := buildEnv(t, t.TempDir())
	t.Cleanup(func() { fresh.DB.Close() })
	a, b := NewEnv(t), NewEnv(t)
	rows, err := fresh.DB.Read().QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("tables: %v", tables)
	}
	countIn := func(db *store.DB, table string) int {
		var n int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, table := range tables {
		if want, got := countIn(fresh.DB, table), countIn(a.DB, table); want != got {
			t.Errorf("%s: %d rows in the copy, %d built fresh", table, got, want)
		}
	}
	// A workstation not enrolled in sync keeps no outbox, only clocks (docs/sync.md).
	if countIn(a.DB, "audit_log") == 0 || countIn(a.DB, "sync_row_clock") == 0 {
		t.Fatal("the seed wrote no audit entries or row clocks")
	}

	raw, err := sql.Open("sqlite", "file:"+seededDB.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var tmplID string
	if err := raw.QueryRow(`SELECT value FROM local_meta WHERE key = 'workstation_id'`).Scan(&tmplID); err != nil {
		t.Fatal(err)
	}
	if a.DB.WorkstationID() == b.DB.WorkstationID() || a.DB.WorkstationID() == tmplID {
		t.Fatalf("environments share a workstation id: %s %s (template %s)", a.DB.WorkstationID(), b.DB.WorkstationID(), tmplID)
	}
	var stale, mine int
	if err := a.DB.Read().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM sync_outbox WHERE device_id = ?1 OR hlc LIKE '%' || ?1) +
		(SELECT COUNT(*) FROM sync_row_clock WHERE hlc LIKE '%' || ?1) +
		(SELECT COUNT(*) FROM audit_log WHERE workstation_id = ?1) +
		(SELECT COUNT(*) FROM local_meta WHERE value LIKE '%' || ?1 || '%')`, tmplID).Scan(&stale); err != nil {
		t.Fatal(err)
	}
	if stale != 0 {
		t.Fatalf("%d rows still carry the template's workstation id", stale)
	}
	if err := a.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_row_clock WHERE hlc LIKE '%-' || ?1`,
		a.DB.WorkstationID()).Scan(&mine); err != nil {
		t.Fatal(err)
	}
	if mine != countIn(a.DB, "sync_row_clock") {
		t.Fatalf("%d of %d row clocks are this workstation's", mine, countIn(a.DB, "sync_row_clock"))
	}
	// The copy takes writes through the write path.
	before := countIn(a.DB, "sync_row_clock")
	if err := a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Insert("workspaces", store.NewID(), store.Fields{"name": "Gdańsk"})
	}); err != nil {
		t.Fatal(err)
	}
	if countIn(a.DB, "sync_row_clock") != before+1 {
		t.Fatal("a write on the copy left no row clock")
	}
}
