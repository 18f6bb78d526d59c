package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/plantel/plantel/backend/syncwire"
)

// dialect is what differs between the two SQL storages.
type dialect struct {
	name string
	// rebind turns the "?" placeholders of the shared statements into the driver's form.
	rebind func(string) string
	// bigType is the DDL type of positions.
	bigType string
	// lockWrite is run first in every write transaction: it takes the organization-wide
	// write lock (SQLite: BEGIN IMMEDIATE already holds it; PostgreSQL: the counter row).
	lockWrite string
	// lockMigrate serializes schema creation between processes starting together.
	lockMigrate string
	// afterScrub runs after a transaction that scrubbed envelope entries (SQLite: a WAL
	// checkpoint, so the old pages do not wait in the WAL file).
	afterScrub string
}

func rebindDollar(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// sqlStore is the shared SQL of both storages.
type sqlStore struct {
	d     dialect
	write *sql.DB // the pool write transactions use
	read  *sql.DB // the pool reads use (the same pool on PostgreSQL)
}

func (s *sqlStore) schema() []string {
	big := s.d.bigType
	return []string{
		`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS log_counter (id INTEGER PRIMARY KEY, pos ` + big + ` NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS changelog (pos ` + big + ` PRIMARY KEY, change TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS rows (tbl TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (tbl, id))`,
		`CREATE TABLE IF NOT EXISTS uniq (tbl TEXT NOT NULL, col TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, col, key))`,
		`CREATE INDEX IF NOT EXISTS uniq_row ON uniq (tbl, id)`,
		`CREATE TABLE IF NOT EXISTS user_ws (row_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, workspace_id TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS user_ws_user ON user_ws (user_id)`,
		`CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
			created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL DEFAULT '', revoked_at TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE IF NOT EXISTS enroll_codes (hash TEXT PRIMARY KEY, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
			used_at TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE IF NOT EXISTS batches (batch_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, answer TEXT NOT NULL,
			created_at TEXT NOT NULL)`,
		`INSERT INTO log_counter (id, pos) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
		// Added with log compaction and batch pruning (maintain.go).
		`CREATE INDEX IF NOT EXISTS batches_created ON batches (created_at)`,
		// Added with key envelope scrubbing (envelopes.go): where the envelopes' entries are.
		`CREATE TABLE IF NOT EXISTS secret_log (pos ` + big + ` PRIMARY KEY, id TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS secret_log_id ON secret_log (id)`,
	}
}

// migrate creates the schema (idempotent) and the organization id.
func (s *sqlStore) migrate(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.lockMigrate != "" {
		if _, err := tx.ExecContext(ctx, s.d.lockMigrate); err != nil {
			return fmt.Errorf("migrate lock: %w", err)
		}
	}
	for _, q := range s.schema() {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if err := s.indexOldEnvelopes(ctx, tx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := s.indexOldSealed(ctx, tx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	org, err := uuid.NewV7()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO meta (key, value) VALUES ('org_id', ?) ON CONFLICT (key) DO NOTHING`), org.String()); err != nil {
		return err
	}
	return tx.Commit()
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (s *sqlStore) Write(ctx context.Context, fn func(Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.lockWrite != "" {
		if _, err := tx.ExecContext(ctx, s.d.lockWrite); err != nil { // #nosec G701 -- a constant of the dialect
			return fmt.Errorf("write lock: %w", err)
		}
	}
	t := &sqlTx{s: s, tx: tx, ctx: ctx}
	if err := fn(t); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if t.scrubbed && s.d.afterScrub != "" {
		// Best effort: the old pages go from the WAL now rather than at a later checkpoint.
		_, _ = s.write.ExecContext(ctx, s.d.afterScrub) // #nosec G701 -- a constant of the dialect
	}
	return nil
}

func (s *sqlStore) Pull(ctx context.Context, after int64, limit int) ([][]byte, int64, bool, error) {
	rows, err := s.read.QueryContext(ctx, s.d.rebind(`SELECT pos, change FROM changelog WHERE pos > ? ORDER BY pos LIMIT ?`), after, limit+1)
	if err != nil {
		return nil, after, false, err
	}
	defer rows.Close()
	out := [][]byte{}
	last := after
	more := false
	for rows.Next() {
		var pos int64
		var ch string
		if err := rows.Scan(&pos, &ch); err != nil {
			return nil, after, false, err
		}
		if len(out) == limit {
			more = true
			break
		}
		out = append(out, []byte(ch))
		last = pos
	}
	return out, last, more, rows.Err()
}

// Head reads the counter row without locking it: a committed position (on PostgreSQL the
// counter's value as of the last committed push; a push in flight holds its new value until
// it commits, so a pull never waits behind a head).
func (s *sqlStore) Head(ctx context.Context) (int64, error) {
	var p int64
	err := s.read.QueryRowContext(ctx, `SELECT pos FROM log_counter WHERE id = 1`).Scan(&p)
	return p, err
}

func (s *sqlStore) OrgID(ctx context.Context) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'org_id'`).Scan(&v)
	return v, err
}

const deviceCols = `id, name, token_hash, created_at, last_seen_at, revoked_at`

func scanDevice(r interface{ Scan(...any) error }) (DeviceRec, error) {
	var d DeviceRec
	var c, l, rv string
	if err := r.Scan(&d.ID, &d.Name, &d.TokenHash, &c, &l, &rv); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return d, ErrNotFound
		}
		return d, err
	}
	d.CreatedAt, d.LastSeenAt, d.RevokedAt = parseTS(c), parseTS(l), parseTS(rv)
	return d, nil
}

func (s *sqlStore) DeviceByTokenHash(ctx context.Context, hash string) (DeviceRec, error) {
	return scanDevice(s.read.QueryRowContext(ctx, s.d.rebind(`SELECT `+deviceCols+` FROM devices WHERE token_hash = ?`), hash))
}

func (s *sqlStore) TouchDevice(ctx context.Context, id string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, s.d.rebind(`UPDATE devices SET last_seen_at = ? WHERE id = ?`), ts(at), id)
	return err
}

func (s *sqlStore) Devices(ctx context.Context) ([]DeviceRec, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+deviceCols+` FROM devices ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DeviceRec{}
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *sqlStore) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	r, err := s.write.ExecContext(ctx, s.d.rebind(`UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at = ''`), ts(at), id)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		var one int
		if err := s.read.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM devices WHERE id = ?`), id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
	}
	return nil
}

func (s *sqlStore) AddEnrollCode(ctx context.Context, hash string, created, expires time.Time) error {
	_, err := s.write.ExecContext(ctx, s.d.rebind(`INSERT INTO enroll_codes (hash, created_at, expires_at) VALUES (?, ?, ?)`), hash, ts(created), ts(expires))
	return err
}

func (s *sqlStore) Enroll(ctx context.Context, hash string, now time.Time, dev DeviceRec) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var expires string
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT expires_at FROM enroll_codes WHERE hash = ? AND used_at = ''`), hash).Scan(&expires)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !now.Before(parseTS(expires)) {
		return ErrNotFound
	}
	// The conditional update is what makes a code one-time when two enrollments race.
	r, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE enroll_codes SET used_at = ? WHERE hash = ? AND used_at = ''`), ts(now), hash)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO devices (id, name, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`),
		dev.ID, dev.Name, dev.TokenHash, ts(dev.CreatedAt), ts(dev.CreatedAt)); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqlStore) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// sqlTx implements Tx on one transaction.
type sqlTx struct {
	s   *sqlStore
	tx  *sql.Tx
	ctx context.Context
	// scrubbed is set when the transaction rewrote envelope entries (ScrubEnvelope).
	scrubbed bool
}

func (t *sqlTx) exec(q string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, t.s.d.rebind(q), args...)
	return err
}

func (t *sqlTx) row(q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.s.d.rebind(q), args...)
}

func (t *sqlTx) Batch(id string) (string, []byte, bool, error) {
	var dev, ans string
	err := t.row(`SELECT device_id, answer FROM batches WHERE batch_id = ?`, id).Scan(&dev, &ans)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, false, nil
	}
	return dev, []byte(ans), err == nil, err
}

func (t *sqlTx) SaveBatch(id, deviceID string, answer []byte, at time.Time) error {
	return t.exec(`INSERT INTO batches (batch_id, device_id, answer, created_at) VALUES (?, ?, ?, ?)`, id, deviceID, string(answer), ts(at))
}

func (t *sqlTx) Row(table, id string) (syncwire.RowState, bool, error) {
	var st string
	err := t.row(`SELECT state FROM rows WHERE tbl = ? AND id = ?`, table, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return syncwire.RowState{}, false, nil
	}
	if err != nil {
		return syncwire.RowState{}, false, err
	}
	var r syncwire.RowState
	if err := json.Unmarshal([]byte(st), &r); err != nil {
		return r, false, fmt.Errorf("row %s/%s: %w", table, id, err)
	}
	return r, true, nil
}

func (t *sqlTx) SaveRow(table, id string, st syncwire.RowState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO rows (tbl, id, state) VALUES (?, ?, ?) ON CONFLICT (tbl, id) DO UPDATE SET state = excluded.state`, table, id, string(b))
}

// chunk is how many rows one multi-row statement carries (3 parameters each: far below the
// drivers' parameter limits).
const chunk = 300

func (t *sqlTx) Rows(table string, ids []string) (map[string]syncwire.RowState, error) {
	out := make(map[string]syncwire.RowState, len(ids))
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, 0, len(part)+1)
		args = append(args, table)
		for _, id := range part {
			args = append(args, id)
		}
		q := `SELECT id, state FROM rows WHERE tbl = ? AND id IN (?` + strings.Repeat(", ?", len(part)-1) + `)`
		rows, err := t.tx.QueryContext(t.ctx, t.s.d.rebind(q), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return nil, err
			}
			var r syncwire.RowState
			if err := json.Unmarshal([]byte(st), &r); err != nil {
				rows.Close()
				return nil, fmt.Errorf("row %s/%s: %w", table, id, err)
			}
			out[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *sqlTx) SaveRows(table string, rows map[string]syncwire.RowState) error {
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	sort.Strings(ids) // a stable lock order
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, 0, 3*len(part))
		for _, id := range part {
			b, err := json.Marshal(rows[id])
			if err != nil {
				return err
			}
			args = append(args, table, id, string(b))
		}
		q := `INSERT INTO rows (tbl, id, state) VALUES (?, ?, ?)` + strings.Repeat(", (?, ?, ?)", len(part)-1) +
			` ON CONFLICT (tbl, id) DO UPDATE SET state = excluded.state`
		if err := t.exec(q, args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *sqlTx) AnyRow(table string) (bool, error) {
	var one int
	err := t.row(`SELECT 1 FROM rows WHERE tbl = ? LIMIT 1`, table).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (t *sqlTx) UniqueHolder(table, column, key string) (string, bool, error) {
	var id string
	err := t.row(`SELECT id FROM uniq WHERE tbl = ? AND col = ? AND key = ?`, table, column, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return id, err == nil, err
}

func (t *sqlTx) SetUnique(table, id string, keys map[string]string) error {
	if err := t.exec(`DELETE FROM uniq WHERE tbl = ? AND id = ?`, table, id); err != nil {
		return err
	}
	cols := make([]string, 0, len(keys))
	for c := range keys {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if err := t.exec(`INSERT INTO uniq (tbl, col, key, id) VALUES (?, ?, ?, ?)`, table, c, keys[c], id); err != nil {
			return err
		}
	}
	return nil
}

func (t *sqlTx) SetMembership(rowID, userID, workspaceID string, live bool) error {
	if !live {
		return t.exec(`DELETE FROM user_ws WHERE row_id = ?`, rowID)
	}
	return t.exec(`INSERT INTO user_ws (row_id, user_id, workspace_id) VALUES (?, ?, ?)
		ON CONFLICT (row_id) DO UPDATE SET user_id = excluded.user_id, workspace_id = excluded.workspace_id`, rowID, userID, workspaceID)
}

func (t *sqlTx) UserWorkspaces(userID string) ([]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.s.d.rebind(`SELECT DISTINCT workspace_id FROM user_ws WHERE user_id = ? ORDER BY workspace_id`), userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func (t *sqlTx) LastPos() (int64, error) {
	var p int64
	err := t.row(`SELECT pos FROM log_counter WHERE id = 1`).Scan(&p)
	return p, err
}

// AppendLog takes the positions from the counter row inside this transaction: the row is
// locked until commit, so positions are handed out and become visible in order and a pull
// never skips a change that commits later with a smaller position.
func (t *sqlTx) AppendLog(changes [][]byte) (int64, error) {
	p, err := t.LastPos()
	if err != nil {
		return 0, err
	}
	for start := 0; start < len(changes); start += chunk {
		part := changes[start:min(start+chunk, len(changes))]
		args := make([]any, 0, 2*len(part))
		for _, c := range part {
			p++
			args = append(args, p, string(c))
		}
		if err := t.exec(`INSERT INTO changelog (pos, change) VALUES (?, ?)`+strings.Repeat(", (?, ?)", len(part)-1), args...); err != nil {
			return 0, err
		}
	}
	if len(changes) > 0 {
		if err := t.exec(`UPDATE log_counter SET pos = ? WHERE id = 1`, p); err != nil {
			return 0, err
		}
		if err := t.indexEnvelopes(changes, p); err != nil {
			return 0, err
		}
	}
	return p, nil
}
