package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/syncwire"
)

// A pulled tombstone's consequences (removeDependents: children deleted, references
// cleared) are written with this workstation's own stamps, newer than anything pulled, and
// queued for the server. When a later pulled change recreates the parent (a field change
// newer than the tombstone: a later page of the same pull, or a later pull), those
// consequences were never anybody's intent: while their outbox entry has not been sent they
// are taken back, so that what a workstation holds after a pull does not depend on where the
// server's pages happened to end. Once sent, a consequence is a change like any other.

// derivedBefore is what a consequence is about to overwrite.
type derivedBefore struct {
	Tomb string         `json:"t,omitempty"` // deleted row: its tombstone stamp before
	Regs map[string]reg `json:"r,omitempty"` // cleared fields: their registers before
}

func (tx *Tx) hasDerived() bool {
	if tx.derived == 0 {
		var n int
		_ = tx.tx.QueryRowContext(tx.ctx, `SELECT EXISTS(SELECT 1 FROM sync_derived)`).Scan(&n)
		tx.derived = 1 + int8(n)
	}
	return tx.derived == 2
}

// derivedBefore reads what deleting row id (del) or clearing its column col is about to
// replace: the tombstone stamp, or the registers of col and updated_at.
func (tx *Tx) derivedBefore(table, id string, del bool, col string) (derivedBefore, error) {
	var b derivedBefore
	if del {
		h, _, err := tx.loadTombstone(table, id)
		b.Tomb = h
		return b, wrapInternal(err)
	}
	cols := []string{col}
	if tx.db.cols[table]["updated_at"] && col != "updated_at" {
		cols = append(cols, "updated_at")
	}
	old, err := tx.load(table, id, cols)
	if err != nil {
		return b, err
	}
	rc, fc, err := tx.rowClocks(table, id)
	if err != nil {
		return b, apperr.Internal(err)
	}
	b.Regs = map[string]reg{}
	for _, k := range cols {
		raw, err := toWire(table, k, old[k])
		if err != nil {
			continue
		}
		h, own := fc[k]
		if !own {
			h = rc
		}
		b.Regs[k] = reg{Value: raw, HLC: h}
	}
	return b, nil
}

// noteDerived remembers the consequence just written on row id of table (its newest
// outbox entry) as caused by the pulled tombstone of parent pid of ptable.
func (tx *Tx) noteDerived(table, id string, del bool, ptable, pid string, before derivedBefore) error {
	var hs, fields string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT hlc, fields FROM sync_outbox WHERE tbl = ? AND row_id = ? AND batch_id = ''
		ORDER BY seq DESC LIMIT 1`, table, id).Scan(&hs, &fields)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // sync is off: nothing will travel
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if !del {
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
			return apperr.Internal(err)
		}
		for k := range before.Regs {
			if _, ok := f[k]; !ok {
				delete(before.Regs, k)
			}
		}
	}
	b, err := json.Marshal(before)
	if err != nil {
		return apperr.Internal(err)
	}
	_, err = tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_derived(tbl, row_id, hlc, deleted, parent_tbl, parent_id, prev) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(tbl, row_id, hlc) DO UPDATE SET deleted = excluded.deleted, parent_tbl = excluded.parent_tbl, parent_id = excluded.parent_id, prev = excluded.prev`,
		table, id, hs, del, ptable, pid, string(b))
	tx.derived = 2
	return wrapInternal(err)
}

type derivedRec struct {
	table, id, hlc string
	deleted        bool
	before         derivedBefore
}

func (tx *Tx) derivedRecs(where string, args ...any) ([]derivedRec, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT tbl, row_id, hlc, deleted, prev FROM sync_derived WHERE `+where, args...)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	var out []derivedRec
	for rows.Next() {
		var r derivedRec
		var prev string
		if err := rows.Scan(&r.table, &r.id, &r.hlc, &r.deleted, &prev); err != nil {
			return nil, apperr.Internal(err)
		}
		if err := json.Unmarshal([]byte(prev), &r.before); err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, r)
	}
	return out, wrapInternal(rows.Err())
}

// pruneDerived forgets consequences whose outbox entry was sent (or is gone).
func (tx *Tx) pruneDerived() error {
	if !tx.hasDerived() {
		return nil
	}
	_, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_derived WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o
		WHERE o.tbl = sync_derived.tbl AND o.row_id = sync_derived.row_id AND o.hlc = sync_derived.hlc AND o.batch_id = '')`)
	tx.derived = 0
	return wrapInternal(err)
}

// absorbDerived lets a pulled change c that loses to a pending consequence on its row
// (stamped older than it) still count: had the consequence never been written, c would
// have won over what the consequence replaced, so it replaces that in the record.
func (tx *Tx) absorbDerived(table, id string, c Change) error {
	if !tx.hasDerived() {
		return nil
	}
	recs, err := tx.derivedRecs(`tbl = ? AND row_id = ?`, table, id)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if c.HLC >= r.hlc {
			continue
		}
		changed := false
		if r.deleted {
			if c.Deleted && c.HLC > r.before.Tomb {
				r.before.Tomb, changed = c.HLC, true
			}
		} else if !c.Deleted {
			for k, v := range c.Fields {
				old, ok := r.before.Regs[k]
				if in := (reg{Value: v, HLC: c.HLC}); ok && syncwire.Wins(in, old) {
					r.before.Regs[k], changed = in, true
				}
			}
		}
		if !changed {
			continue
		}
		b, _ := json.Marshal(r.before)
		if _, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_derived SET prev = ? WHERE tbl = ? AND row_id = ? AND hlc = ?`,
			string(b), r.table, r.id, r.hlc); err != nil {
			return apperr.Internal(err)
		}
	}
	return nil
}

// undoDerived takes back the unsent consequences of the tombstone of row pid of ptable,
// which a pulled change has just recreated, and theirs in turn.
func (tx *Tx) undoDerived(ptable, pid string) error {
	if !tx.hasDerived() {
		return nil
	}
	recs, err := tx.derivedRecs(`parent_tbl = ? AND parent_id = ? ORDER BY hlc`, ptable, pid)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if _, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_derived WHERE tbl = ? AND row_id = ? AND hlc = ?`, r.table, r.id, r.hlc); err != nil {
			return apperr.Internal(err)
		}
		var seq int64
		var fields string
		err := tx.tx.QueryRowContext(tx.ctx, `SELECT seq, fields FROM sync_outbox WHERE tbl = ? AND row_id = ? AND hlc = ? AND batch_id = ''`,
			r.table, r.id, r.hlc).Scan(&seq, &fields)
		if errors.Is(err, sql.ErrNoRows) {
			continue // sent: a change like any other now
		}
		if err != nil {
			return apperr.Internal(err)
		}
		if r.deleted {
			err = tx.undoDerivedDelete(r, seq)
		} else {
			err = tx.undoDerivedFields(r, seq, fields)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parentsExist reports whether every row that vals reference exists (and is not about to
// leave with this page).
func (tx *Tx) parentsExist(table string, vals map[string]any) (bool, error) {
	for _, fk := range tx.db.parents[table] {
		v, ok := vals[fk.col]
		if !ok || v == nil {
			continue
		}
		s := fmt.Sprint(v)
		if tx.pendingDel[fk.parent+"\x00"+s] {
			return false, nil
		}
		var n int
		if err := tx.tx.QueryRowContext(tx.ctx, fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE id = ?`, fk.parent), s).Scan(&n); err != nil {
			return false, apperr.Internal(err)
		}
		if n == 0 {
			return false, nil
		}
	}
	return true, nil
}

func (tx *Tx) undoDerivedDelete(r derivedRec, seq int64) error {
	tomb, kept, err := tx.loadTombstone(r.table, r.id)
	if err != nil {
		return apperr.Internal(err)
	}
	if tomb != r.hlc {
		return nil // a newer deletion came: the row stays deleted by it
	}
	st := syncwire.RowState{Tomb: r.before.Tomb, Fields: kept}
	if !st.Live() {
		// Deleted anyway by an older pulled tombstone: keep that one, send nothing.
		if _, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_tombstones SET hlc = ? WHERE tbl = ? AND row_id = ?`, r.before.Tomb, r.table, r.id); err != nil {
			return apperr.Internal(err)
		}
		_, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_outbox WHERE seq = ?`, seq)
		return wrapInternal(err)
	}
	vals := map[string]any{}
	for k, f := range kept {
		if !tx.db.cols[r.table][k] {
			continue
		}
		v, err := fromWire(r.table, k, f.Value)
		if err != nil {
			return apperr.Internal(err)
		}
		vals[k] = v
	}
	if ok, err := tx.parentsExist(r.table, vals); err != nil || !ok {
		return err // a parent is gone too: the deletion stands and travels
	}
	keys := sortedKeys(vals)
	vs := []any{r.id}
	for _, k := range keys {
		vs = append(vs, vals[k])
	}
	if ok, err := tx.tryExec(r.table, sq.Insert(r.table).Columns(append([]string{"id"}, keys...)...).Values(vs...)); err != nil || !ok {
		return err
	}
	freq := map[string]int{}
	for _, f := range kept {
		freq[f.HLC]++
	}
	base := ""
	for hs, n := range freq {
		if n > freq[base] || (n == freq[base] && hs > base) {
			base = hs
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM sync_tombstones WHERE tbl = ? AND row_id = ?`, []any{r.table, r.id}},
		{`DELETE FROM sync_outbox WHERE seq = ?`, []any{seq}},
		{`INSERT INTO sync_row_clock(tbl, row_id, hlc) VALUES (?, ?, ?) ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = excluded.hlc`, []any{r.table, r.id, base}},
	} {
		if _, err := tx.tx.ExecContext(tx.ctx, q.sql, q.args...); err != nil {
			return apperr.Internal(err)
		}
	}
	for _, k := range keys {
		if f := kept[k]; f.HLC != base {
			if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)
				ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`, r.table, r.id, k, f.HLC); err != nil {
				return apperr.Internal(err)
			}
		}
	}
	if t := tables[r.table]; t.Audited {
		audit := map[string]any{}
		for _, k := range keys {
			if t.Secret[k] {
				audit[k] = map[string]any{"secret": true}
			} else {
				audit[k] = vals[k]
			}
		}
		if err := tx.appendAudit(r.table, r.id, "create", audit); err != nil {
			return err
		}
	}
	return tx.undoDerived(r.table, r.id)
}

func (tx *Tx) undoDerivedFields(r derivedRec, seq int64, fields string) error {
	rc, fc, err := tx.rowClocks(r.table, r.id)
	if err != nil {
		return apperr.Internal(err)
	}
	if rc == "" && len(fc) == 0 {
		return nil // the row is gone since
	}
	sent := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(fields), &sent); err != nil {
		return apperr.Internal(err)
	}
	set := map[string]any{}
	for k, f := range r.before.Regs {
		cur, own := fc[k]
		if !own {
			cur = rc
		}
		if cur != r.hlc {
			continue // changed again since: that change stands
		}
		v, err := fromWire(r.table, k, f.Value)
		if err != nil {
			return apperr.Internal(err)
		}
		set[k] = v
	}
	if ok, err := tx.parentsExist(r.table, set); err != nil || !ok || len(set) == 0 {
		return err
	}
	old, err := tx.load(r.table, r.id, sortedKeys(set))
	if err != nil {
		return err
	}
	if ok, err := tx.tryExec(r.table, sq.Update(r.table).SetMap(set).Where(sq.Eq{"id": r.id})); err != nil || !ok {
		return err
	}
	t := tables[r.table]
	audit := map[string]any{}
	for _, k := range sortedKeys(set) {
		h := r.before.Regs[k].HLC
		var err error
		if h == rc {
			_, err = tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_field_clock WHERE tbl = ? AND row_id = ? AND field = ?`, r.table, r.id, k)
		} else {
			_, err = tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)
				ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`, r.table, r.id, k, h)
		}
		if err != nil {
			return apperr.Internal(err)
		}
		delete(sent, k)
		if k != "updated_at" {
			audit[k] = change(t, k, old[k], set[k])
		}
	}
	if len(sent) == 0 {
		_, err = tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_outbox WHERE seq = ?`, seq)
	} else {
		b, _ := json.Marshal(sent)
		_, err = tx.tx.ExecContext(tx.ctx, `UPDATE sync_outbox SET fields = ? WHERE seq = ?`, string(b), seq)
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if t.Audited && len(audit) > 0 {
		return tx.appendAudit(r.table, r.id, "update", audit)
	}
	return nil
}

// tryExec runs one statement that takes a consequence back inside a savepoint: when it
// fails (a UNIQUE index another row now holds a value of), nothing of it stays and the
// consequence stands (ok false), to travel like any change.
func (tx *Tx) tryExec(table string, q sq.Sqlizer) (bool, error) {
	if _, err := tx.tx.ExecContext(tx.ctx, `SAVEPOINT undo_derived`); err != nil {
		return false, apperr.Internal(err)
	}
	if err := tx.exec(table, q); err != nil {
		if _, rerr := tx.tx.ExecContext(tx.ctx, `ROLLBACK TO undo_derived`); rerr != nil {
			return false, apperr.Internal(rerr)
		}
		_, rerr := tx.tx.ExecContext(tx.ctx, `RELEASE undo_derived`)
		return false, wrapInternal(rerr)
	}
	_, err := tx.tx.ExecContext(tx.ctx, `RELEASE undo_derived`)
	return err == nil, wrapInternal(err)
}
