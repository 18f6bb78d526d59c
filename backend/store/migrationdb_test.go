package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// migrationDB is an empty SQLite file for a migration test, and apply, which runs the
// project's migrations with from <= version < below on it (so a test fills a file in an older
// layout, then upgrades it).
func migrationDB(t *testing.T) (db *sql.DB, apply func(from, below int)) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db")+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	return db, func(from, below int) {
		t.Helper()
		for _, m := range ms {
			if m.Version >= from && m.Version < below {
				if err := applyMigration(ctx, db, m); err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
			}
		}
	}
}
