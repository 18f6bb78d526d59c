package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/plantel/plantel/backend/syncwire"
)

// reg is one field's register in the merge: its wire value and the HLC of the write that
// set it (syncwire's merge rule works on these).
type reg = syncwire.FieldState

// rowClocks reads the clocks of a live row: its row clock and the fields' own clocks.
func (tx *Tx) rowClocks(table, id string) (string, map[string]string, error) {
	var rc string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT hlc FROM sync_row_clock WHERE tbl = ? AND row_id = ?`, table, id).Scan(&rc)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", nil, err
	}
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT field, hlc FROM sync_field_clock WHERE tbl = ? AND row_id = ?`, table, id)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	fc := map[string]string{}
	for rows.Next() {
		var f, h string
		if err := rows.Scan(&f, &h); err != nil {
			return "", nil, err
		}
		fc[f] = h
	}
	return rc, fc, rows.Err()
}

// tombstone replaces a deleted row's clocks by its tombstone at hs, keeping every field's
// last value and clock for a later recreation.
func (tx *Tx) tombstone(table, id, hs string, values Fields) error {
	rc, fc, err := tx.rowClocks(table, id)
	if err != nil {
		return err
	}
	regs := map[string]reg{}
	for k, v := range values {
		h, own := fc[k]
		if !own {
			h = rc
		}
		raw, err := toWire(table, k, v)
		if err != nil {
			continue // a column the wire does not know: nothing to keep
		}
		regs[k] = reg{Value: raw, HLC: h}
	}
	return tx.writeTombstone(table, id, hs, regs)
}

func (tx *Tx) writeTombstone(table, id, hs string, regs map[string]reg) error {
	b, err := json.Marshal(regs)
	if err != nil {
		return err
	}
	// A row a download created in bulk has its creation in the History through its row
	// clock (origin, migration 0101): the row clock goes, so the creation gets its own entry.
	if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO audit_rows(at, actor, ws, entity, action, entity_id, changes)
		SELECT e.at, e.actor, e.ws, plantel_audit_word_key(r.tbl), plantel_audit_word_key('create'), plantel_audit_id_key(r.row_id),
			plantel_audit_pack('{}') FROM sync_row_clock r JOIN audit_rows e ON e.id = r.origin
		WHERE r.tbl = ? AND r.row_id = ? AND r.origin IS NOT NULL`, table, id); err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_row_clock WHERE tbl = ? AND row_id = ?`, table, id); err != nil {
		return err
	}
	if _, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_field_clock WHERE tbl = ? AND row_id = ?`, table, id); err != nil {
		return err
	}
	_, err = tx.tx.ExecContext(tx.ctx,
		`INSERT INTO sync_tombstones(tbl, row_id, hlc, kept) VALUES (?, ?, ?, ?)
		 ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = max(hlc, excluded.hlc), kept = excluded.kept`,
		table, id, hs, string(b))
	return err
}

// loadTombstone reads a tombstone's stamp and kept registers ("" and nil when none).
func (tx *Tx) loadTombstone(table, id string) (string, map[string]reg, error) {
	var h, kept string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT hlc, kept FROM sync_tombstones WHERE tbl = ? AND row_id = ?`, table, id).Scan(&h, &kept)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	regs := map[string]reg{}
	if err := json.Unmarshal([]byte(kept), &regs); err != nil {
		return "", nil, err
	}
	return h, regs, nil
}

// ClockOf returns the HLC of one field of a synced row ("" when the row has no clock).
func (db *DB) ClockOf(ctx context.Context, table, id, field string) (string, error) {
	var h string
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(
		(SELECT hlc FROM sync_field_clock WHERE tbl = ?1 AND row_id = ?2 AND field = ?3),
		(SELECT hlc FROM sync_row_clock WHERE tbl = ?1 AND row_id = ?2), '')`, table, id, field).Scan(&h)
	return h, err
}
