package store

import (
	"database/sql"
	"encoding/json"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// bulkChunk is how many rows UpdateMany changes per statement.
const bulkChunk = 500

// UpdateMany sets the same columns f on every row of ids, for bulk work such as a
// portfolio transfer of 100,000 clients. Each row whose values really change gets what
// Update gives it — the new values, updated_at, and its own sync outbox entry and field
// clocks (sync needs every row) — but NO audit entry per row: for an audited table the
// caller must describe the whole change in one readable summary entry with tx.Audit,
// appended after its last UpdateMany; Write refuses to commit (internal error, nothing
// written) while one is owed. Rows that already hold the values and ids that do not exist
// are left alone. progress, if not nil, is called after each chunk with the number of ids
// handled so far; an error from it stops the update (the caller's Write then rolls back).
// It returns the number of rows changed.
func (tx *Tx) UpdateMany(table string, ids []string, f Fields, progress func(done int) error) (int, error) {
	t, err := tx.spec(table, f)
	if err != nil {
		return 0, err
	}
	if len(f) == 0 {
		return 0, apperr.Internalf("UpdateMany of %s without fields", table)
	}
	row := normalize(f)
	keys := sortedKeys(row)
	set := map[string]any(row)
	synced := Fields{}
	for k, v := range row {
		synced[k] = v
	}
	if _, ok := row["updated_at"]; !ok && tx.db.cols[table]["updated_at"] {
		now := tx.Now()
		set = map[string]any{"updated_at": now}
		for k, v := range row {
			set[k] = v
		}
		synced["updated_at"] = now
	}
	// "differs" is written as IS NOT so NULL compares like a value.
	differs := sq.Or{}
	for _, k := range keys {
		differs = append(differs, sq.Expr(k+" IS NOT ?", row[k]))
	}
	// The outbox entries and field clocks of a chunk are written by one statement each
	// from a JSON list of [row id, HLC] pairs: a statement per row costs several times more.
	var outbox, clock *sql.Stmt
	var fieldsJSON, keysJSON string
	if t.Synced {
		b, err := json.Marshal(synced)
		if err != nil {
			return 0, apperr.Internal(err)
		}
		fieldsJSON = string(b)
		if b, err = json.Marshal(sortedKeys(synced)); err != nil {
			return 0, apperr.Internal(err)
		}
		keysJSON = string(b)
		if outbox, err = tx.tx.PrepareContext(tx.ctx,
			`INSERT INTO sync_outbox(tbl, row_id, hlc, deleted, fields, actor_id, device_id)
			 SELECT ?, j.value ->> 0, j.value ->> 1, 0, ?, ?, ? FROM json_each(?) j ORDER BY j.key`); err != nil {
			return 0, apperr.Internal(err)
		}
		defer outbox.Close()
		if clock, err = tx.tx.PrepareContext(tx.ctx,
			`INSERT INTO sync_field_clock(tbl, row_id, field, hlc)
			 SELECT ?, j.value ->> 0, k.value, j.value ->> 1 FROM json_each(?) j, json_each(?) k WHERE true
			 ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`); err != nil {
			return 0, apperr.Internal(err)
		}
		defer clock.Close()
	}
	changed := 0
	for start := 0; start < len(ids); start += bulkChunk {
		chunk := ids[start:min(start+bulkChunk, len(ids))]
		query, args, err := sq.Update(table).SetMap(set).Where(sq.Eq{"id": chunk}).Where(differs).
			Suffix("RETURNING id").ToSql()
		if err != nil {
			return changed, apperr.Internal(err)
		}
		rows, err := tx.tx.QueryContext(tx.ctx, query, args...)
		if err != nil {
			return changed, apperr.Internal(err)
		}
		var done []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return changed, apperr.Internal(err)
			}
			done = append(done, id)
		}
		if err := rows.Close(); err != nil {
			return changed, apperr.Internal(err)
		}
		if err := rows.Err(); err != nil {
			return changed, apperr.Internal(err)
		}
		changed += len(done)
		if t.Synced && len(done) > 0 {
			pairs := make([][2]string, len(done))
			for i, id := range done {
				pairs[i] = [2]string{id, tx.db.clock.Now().String()}
			}
			tx.dirty = true
			b, err := json.Marshal(pairs)
			if err != nil {
				return changed, apperr.Internal(err)
			}
			if tx.db.syncOn.Load() {
				if _, err := outbox.ExecContext(tx.ctx, t.Name, fieldsJSON, tx.actor, tx.db.DeviceID(), string(b)); err != nil {
					return changed, apperr.Internal(err)
				}
			}
			if _, err := clock.ExecContext(tx.ctx, t.Name, string(b), keysJSON); err != nil {
				return changed, apperr.Internal(err)
			}
		}
		if len(done) > 0 && t.Audited {
			tx.owesSummary = true
		}
		if progress != nil {
			if err := progress(start + len(chunk)); err != nil {
				return changed, err
			}
		}
	}
	return changed, nil
}
