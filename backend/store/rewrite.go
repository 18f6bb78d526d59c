package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/plantel/plantel/backend/apperr"
)

// RewriteOutboxField replaces, in every sync outbox entry of table that carries field, the
// field's value by what fn returns (same HLC, same entry). It is for a change of a column's
// stored form that must not leave the old form in the outbox — secrets sealed in place
// (backend/secrets, issue #12 item 8) — and returns how many entries changed.
func (tx *Tx) RewriteOutboxField(table, field string, fn func(rowID string, old any) (any, error)) (int, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT seq, row_id, fields FROM sync_outbox WHERE tbl = ?`, table)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	type entry struct {
		seq    int64
		rowID  string
		fields map[string]any
	}
	var todo []entry
	for rows.Next() {
		var e entry
		var raw string
		if err := rows.Scan(&e.seq, &e.rowID, &raw); err != nil {
			rows.Close()
			return 0, apperr.Internal(err)
		}
		if err := json.Unmarshal([]byte(raw), &e.fields); err != nil {
			rows.Close()
			return 0, apperr.Internal(fmt.Errorf("outbox entry %d: %w", e.seq, err))
		}
		if _, ok := e.fields[field]; ok {
			todo = append(todo, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Internal(err)
	}
	n := 0
	for _, e := range todo {
		old := e.fields[field]
		v, err := fn(e.rowID, old)
		if err != nil {
			return n, err
		}
		if equalValue(old, v) {
			continue
		}
		e.fields[field] = v
		b, err := json.Marshal(e.fields)
		if err != nil {
			return n, apperr.Internal(err)
		}
		if _, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_outbox SET fields = ? WHERE seq = ?`, string(b), e.seq); err != nil {
			return n, apperr.Internal(err)
		}
		n++
	}
	return n, nil
}

// Compact rewrites the database file without free pages (VACUUM) and empties the WAL, so the
// bytes of values overwritten in place (secrets sealed from clear) do not stay in the file.
func (db *DB) Compact(ctx context.Context) error {
	for _, q := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return apperr.Internal(fmt.Errorf("compact: %s: %w", q, err))
		}
	}
	return nil
}
