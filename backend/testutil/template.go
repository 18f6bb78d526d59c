package testutil

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// seeded is NewEnv's database, built once per test binary by the first test that asks
// (PocketBase's tests/app.go does the same) and copied for every test after.
type seeded struct {
	path string // the closed template database file
	log  string // what Setup and the seed logged
	env  Env    // its ids
}

var (
	seededOnce sync.Once
	seededDB   *seeded
)

// envTemplate returns the template, building it on the first call. Its directory is left in
// the system temp dir (a test binary has no hook to remove it; it is about 1 MB).
func envTemplate(t testing.TB) *seeded {
	t.Helper()
	seededOnce.Do(func() {
		dir, err := os.MkdirTemp("", "plantel-testenv-")
		if err != nil {
			t.Fatal(err)
		}
		e := buildEnv(t, dir)
		if err := e.DB.Close(); err != nil {
			t.Fatal(err)
		}
		seededDB = &seeded{path: filepath.Join(dir, store.FileName), log: e.Log.String(), env: *e}
		seededDB.env.T, seededDB.env.DB, seededDB.env.Accounts = nil, nil, nil
	})
	if seededDB == nil {
		t.Fatal("testutil: the seeded template database could not be built (see the first test that failed)")
	}
	return seededDB
}

// copyTo copies the template to path and gives the copy a workstation id of its own: every
// trace of the template's id (local_meta, HLCs, outbox and audit rows) is renamed, so two
// environments are two workstations, as two fresh builds are.
func (s *seeded) copyTo(path string) error {
	if err := copyFile(s.path, path); err != nil {
		return err
	}
	if _, err := os.Stat(s.path + "-wal"); err == nil { // closed cleanly there is none
		if err := copyFile(s.path+"-wal", path+"-wal"); err != nil {
			return err
		}
	}
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer c.Close()
	return renameWorkstation(context.Background(), c, store.NewID())
}

func copyFile(from, to string) error {
	in, err := os.Open(from) // #nosec G304 -- the template this package wrote
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to) // #nosec G304 -- a file in the test's own temp dir
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// renameWorkstation replaces the workstation id in local_meta and in every column that
// carries it: hlc (its last part), device_id and workstation_id, in whatever table has them.
// Append-only tables keep their triggers: they are dropped for the rename and made again.
func renameWorkstation(ctx context.Context, c *sql.DB, id string) error {
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = 'workstation_id'`).Scan(&old); err != nil {
		return fmt.Errorf("template workstation id: %w", err)
	}
	tables, err := strings(ctx, tx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return err
	}
	for _, table := range tables {
		cols, err := strings(ctx, tx, `SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			return err
		}
		var sets []string
		for _, col := range cols {
			switch col {
			case "hlc":
				sets = append(sets, `hlc = replace(hlc, ?1, ?2)`)
			case "device_id", "workstation_id":
				sets = append(sets, col+` = CASE WHEN `+col+` = ?1 THEN ?2 ELSE `+col+` END`)
			}
		}
		if table == "local_meta" {
			sets = append(sets, `value = replace(value, ?1, ?2)`)
		}
		if table == "audit_ids" { // the audit log's actor and workstation ids (migration 0020)
			sets = append(sets, `id = CASE WHEN id = ?1 THEN ?2 ELSE id END`)
		}
		if len(sets) == 0 {
			continue
		}
		triggers, err := strings(ctx, tx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table)
		if err != nil {
			return err
		}
		names, err := strings(ctx, tx, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table)
		if err != nil {
			return err
		}
		for _, n := range names {
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
				return err
			}
		}
		q := `UPDATE "` + table + `" SET ` // #nosec G202 -- names from sqlite_master, values bound
		for i, s := range sets {
			if i > 0 {
				q += ", "
			}
			q += s
		}
		if _, err := tx.ExecContext(ctx, q, old, id); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		for _, trig := range triggers {
			if _, err := tx.ExecContext(ctx, trig); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

func strings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
