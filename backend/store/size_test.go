package store

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var sizeRows = flag.Int("store.size_rows", 4000, "clients in TestMetadataKeepsTheFileSmall")

func fileSize(t *testing.T, db *DB) int64 {
	t.Helper()
	if _, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(db.path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestMetadataKeepsTheFileSmall builds the same clients twice, bare (a plain INSERT) and
// through the write path (audit, clocks; no server configured), and some edits, and checks
// the data file stays within 1.5× the bare one (issue 10's db_bytes).
func TestMetadataKeepsTheFileSmall(t *testing.T) {
	if raceOn {
		// A measurement of the file, not of concurrency (the write path runs under the
		// detector in the other tests): 4,000 clients took about 100 s under it.
		t.Skip("runs without -race (scripts/test.sh NO_RACE_TESTS)")
	}
	ctx := context.Background()
	n := *sizeRows
	open := func(name string) *DB {
		db, err := Open(ctx, filepath.Join(t.TempDir(), name), Options{Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	bare, synced := open("bare.db"), open("synced.db")
	ws := NewID()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = NewID()
	}
	row := func(i int) []any {
		return []any{ids[i], fmt.Sprintf("Cliente Número %d", i), fmt.Sprintf("%08dK", i), fmt.Sprintf("+51 9%08d", i),
			fmt.Sprintf("cliente%d@correo.test", i), ws}
	}
	now := Timestamp(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	tx, err := bare.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO workspaces(id, name, created_at, updated_at) VALUES (?, 'Lima', ?, ?)`, ws, now, now); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if _, err := tx.Exec(`INSERT INTO clients(id, name, document_id, phone, email, workspace_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			append(row(i), now, now)...); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := synced.Write(ctx, NewID(), func(tx *Tx) error { // a real actor id: a UUID
		if err := tx.Insert("workspaces", ws, Fields{"name": "Lima"}); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			r := row(i)
			if err := tx.Insert("clients", ids[i], Fields{"name": r[1], "document_id": r[2], "phone": r[3], "email": r[4], "workspace_id": ws}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	b, s := fileSize(t, bare), fileSize(t, synced)
	// Everything counts: sync metadata, the audit entries and every index of the audit page
	// (migration 0120 stores the log compactly: 1.68× here before it, 1.36× after). The bound
	// is below issue 10's 1.5× so that the file growing back fails here first.
	var audit int64
	if err := synced.read.QueryRow(`SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema
		WHERE tbl_name IN ('audit_rows', 'audit_scope', 'audit_ids'))`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	whole := float64(s) / float64(b)
	t.Logf("%d clients: bare %d bytes, write path %d bytes (%d of them the audit log's), ratio %.2f", n, b, s, audit, whole)
	if whole > 1.45 {
		t.Fatalf("the write path's file is %.2f× the bare one, want ≤ 1.45× (issue 10: ≤ 1.5×)", whole)
	}
	var fc, out int
	if err := synced.read.QueryRow(`SELECT (SELECT COUNT(*) FROM sync_field_clock), (SELECT COUNT(*) FROM sync_outbox)`).Scan(&fc, &out); err != nil {
		t.Fatal(err)
	}
	if fc != 0 || out != 0 {
		t.Fatalf("field clocks %d, outbox %d for rows nobody edited without a server", fc, out)
	}
}
