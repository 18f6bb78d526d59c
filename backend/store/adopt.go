package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/plantel/plantel/backend/apperr"
)

// ErrCopyNewer: the organization's copy was made by a newer Plantel (its schema is newer
// than this build's), so this build cannot open it.
var ErrCopyNewer = errors.New("the copy's schema is newer than this build")

// localTables are the tables of a workstation that never travel and that a downloaded copy
// of the organization must take from the workstation adopting it: its settings (local_meta:
// server, token, device and device key, the remembered join code, clock) and its
// organization keys wrapped by its own workstation key (secret_keys).
var localTables = []string{"local_meta", "secret_keys"}

// AdoptCopy makes the SQLite file at path — the sync server's copy of the organization
// (GET /v1/snapshot), downloaded and checked — this workstation's database from cursor on:
// after a quick_check of every table (quickCheckTables), its local state (localTables) is replaced by db's, its cursor
// is the copy's, and its clock is at least both the copy's (which observed every stamp in
// it) and db's, carrying db's device id. The builder's own state goes (its local_meta, any
// outbox or session). The file is then ready to replace db's (backup.StageFile). The copy
// may be of an older schema (migrations run when it is opened), never of a newer one.
func (db *DB) AdoptCopy(ctx context.Context, path string, cursor int64) error {
	d, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	defer d.Close()
	d.SetMaxOpenConns(1)
	if err := quickCheckTables(ctx, d); err != nil {
		return err
	}
	var version int
	if err := d.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return err
	}
	if version > SchemaVersion() {
		return ErrCopyNewer
	}
	copyHLC := ""
	if err := d.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = ?`, metaHLC).Scan(&copyHLC); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	clock := db.clock.Last()
	if h, err := ParseHLC(copyHLC); err == nil && (h.Millis > clock.Millis || h.Millis == clock.Millis && h.Counter > clock.Counter) {
		clock.Millis, clock.Counter = h.Millis, h.Counter
	}
	clock.Device = db.DeviceID()

	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, table := range localTables {
		if err := db.copyTable(ctx, tx, table); err != nil {
			return fmt.Errorf("adopt copy: %s: %w", table, err)
		}
	}
	for _, q := range []string{`DELETE FROM sync_outbox`, `DELETE FROM sessions`, `DELETE FROM login_attempts`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for k, v := range map[string]string{MetaSyncCursor: strconv.FormatInt(cursor, 10), metaHLC: clock.String(), MetaSyncPullFrom: "", MetaSyncCopy: ""} {
		q, args := `DELETE FROM local_meta WHERE key = ?`, []any{k}
		if v != "" {
			q, args = `INSERT INTO local_meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, []any{k, v}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// One file, no -wal beside it: it is renamed into place.
	_, err = d.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// copyTable replaces every row of table in tx's database by db's rows of it.
func (db *DB) copyTable(ctx context.Context, tx *sql.Tx, table string) error {
	// #nosec G202 -- table is one of localTables
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
		return err
	}
	rows, err := db.write.QueryContext(ctx, `SELECT * FROM `+table) // #nosec G202 -- one of localTables
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	// #nosec G202 -- one of localTables and its own column names
	q := `INSERT INTO ` + table + `("` + strings.Join(cols, `", "`) + `") VALUES(?` + strings.Repeat(", ?", len(cols)-1) + `)`
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// quickCheckTables runs PRAGMA quick_check on every ordinary table with its indexes (the
// search indexes' shadow tables included). A plain quick_check would also run the FTS5
// indexes' own check, which tokenizes every document again: five times the time of the
// rest on a downloaded organization (5.4 s against 0.9 s for 149,000 rows here), to find
// what the checksum of the download already rules out.
func quickCheckTables(ctx context.Context, d *sql.DB) error {
	rows, err := d.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		if err := checkWith(ctx, d, `PRAGMA quick_check("`+strings.ReplaceAll(t, `"`, `""`)+`")`); err != nil {
			return err
		}
	}
	return nil
}
