package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/plantel/plantel/backend/apperr"
)

// EnableSync switches this workstation to sync with a server that gave it deviceID: the
// stamps this workstation made before carry its local id, so they are rewritten to carry
// deviceID (the server accepts only stamps of the pushing device; the order among them does
// not change), new stamps carry deviceID, the outbox is written from now on, and a snapshot
// of every synced row with its clocks is queued for upload (FillSnapshot). kv holds the
// other local settings to save in the same transaction (server URL, token, org id...).
func (db *DB) EnableSync(ctx context.Context, deviceID string, kv map[string]string) error {
	if !ValidID(deviceID) {
		return apperr.Validation("device_id", "invalid")
	}
	oldDev := db.DeviceID()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Internal(err)
	}
	defer tx.Rollback()
	if oldDev != deviceID {
		suffix := "-" + oldDev
		n := len(suffix)
		for _, q := range []string{
			`UPDATE sync_row_clock SET hlc = substr(hlc, 1, length(hlc) - ?1) || ?3 WHERE substr(hlc, -?1) = ?2`,
			`UPDATE sync_field_clock SET hlc = substr(hlc, 1, length(hlc) - ?1) || ?3 WHERE substr(hlc, -?1) = ?2`,
			`UPDATE sync_tombstones SET hlc = substr(hlc, 1, length(hlc) - ?1) || ?3 WHERE substr(hlc, -?1) = ?2`,
			`UPDATE sync_tombstones SET kept = replace(kept, ?2 || '"', ?3 || '"') WHERE instr(kept, ?2) > 0`,
		} {
			if _, err := tx.ExecContext(ctx, q, n, suffix, "-"+deviceID); err != nil {
				return apperr.Internal(err)
			}
		}
	}
	all := map[string]string{MetaSyncEnabled: "1", MetaSyncDeviceID: deviceID, MetaSyncSnapshot: "start"}
	for k, v := range kv {
		all[k] = v
	}
	for k, v := range all {
		if err := db.setMeta(ctx, tx, k, v); err != nil {
			return apperr.Internal(err)
		}
	}
	db.setDevice(deviceID)
	if err := db.setMeta(ctx, tx, metaHLC, db.clock.Last().String()); err != nil {
		return apperr.Internal(err)
	}
	if err := tx.Commit(); err != nil {
		return apperr.Internal(err)
	}
	db.syncOn.Store(true)
	return nil
}

// DisableSync forgets the server: the outbox stops and is emptied, the local settings of
// sync are removed. The data stays.
func (db *DB) DisableSync(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Internal(err)
	}
	defer tx.Rollback()
	for _, k := range []string{MetaSyncEnabled, MetaSyncToken, MetaSyncURL, MetaSyncCursor, MetaSyncCertPin, MetaSyncSnapshot, MetaSyncOrgID, MetaSyncLastErr, MetaSyncPullFrom, MetaSyncCopy} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM local_meta WHERE key = ?`, k); err != nil {
			return apperr.Internal(err)
		}
	}
	for _, q := range []string{`DELETE FROM sync_outbox`, `DELETE FROM sync_derived`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return apperr.Internal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return apperr.Internal(err)
	}
	db.syncOn.Store(false)
	return nil
}

// OutboxCount is how many changes wait to be pushed (snapshot rows not yet queued aside).
func (db *DB) OutboxCount(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_outbox`).Scan(&n)
	return n, err
}

// SnapshotPending says whether the enrollment snapshot still has rows to queue.
func (db *DB) SnapshotPending(ctx context.Context) (bool, error) {
	v, err := db.LocalMeta(ctx, MetaSyncSnapshot)
	return v != "", err
}

// FillSnapshot queues up to max rows of the enrollment snapshot into the outbox: every
// synced row as changes grouped by clock (its creation stamp for the fields still carrying
// it, then one change per later stamp), then every tombstone, skipping stamps of other
// devices (those are on the server already). Progress is saved with the rows, so a cut
// resumes where it stopped. It returns true when the snapshot is complete.
func (db *DB) FillSnapshot(ctx context.Context, max int) (bool, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, apperr.Internal(err)
	}
	defer tx.Rollback()
	var prog string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = ?`, MetaSyncSnapshot).Scan(&prog); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return true, nil
		}
		return false, apperr.Internal(err)
	}
	dev := db.DeviceID()
	var owner string
	_ = tx.QueryRowContext(ctx, `SELECT id FROM users WHERE role = 'owner'`).Scan(&owner)
	if owner == "" {
		owner = SystemActor
	}
	// The Owner first (on an empty server the first push creates the Owner, who is then
	// the actor of the rest), then parents before children, then the tombstones.
	order := append(append([]string{"~owner"}, db.parentFirst()...), "~tombstones")
	table, after := order[0], ""
	if prog != "start" {
		table, after, _ = strings.Cut(prog, "\x00")
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO sync_outbox(tbl, row_id, hlc, deleted, fields, actor_id, device_id, creates) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`)
	if err != nil {
		return false, apperr.Internal(err)
	}
	defer ins.Close()
	put := func(tbl, id, h string, deleted bool, f map[string]json.RawMessage) error {
		if !strings.HasSuffix(h, "-"+dev) {
			return nil
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		_, err = ins.ExecContext(ctx, tbl, id, h, deleted, string(b), owner, dev)
		return err
	}
	done := 0
	ti := 0
	for i, n := range order {
		if n == table {
			ti = i
		}
	}
	for ; ti < len(order) && done < max; ti, after = ti+1, "" {
		table = order[ti]
		if table == "~tombstones" {
			rows, err := tx.QueryContext(ctx, `SELECT tbl || char(0) || row_id, tbl, row_id, hlc FROM sync_tombstones WHERE tbl || char(0) || row_id > ? ORDER BY 1 LIMIT ?`, after, max-done)
			if err != nil {
				return false, apperr.Internal(err)
			}
			type tomb struct{ k, t, id, h string }
			var ts []tomb
			for rows.Next() {
				var x tomb
				if err := rows.Scan(&x.k, &x.t, &x.id, &x.h); err != nil {
					rows.Close()
					return false, apperr.Internal(err)
				}
				ts = append(ts, x)
			}
			rerr := rows.Err()
			rows.Close()
			if rerr != nil {
				return false, apperr.Internal(rerr)
			}
			for _, x := range ts {
				if err := put(x.t, x.id, x.h, true, map[string]json.RawMessage{}); err != nil {
					return false, apperr.Internal(err)
				}
				after = x.k
				done++
			}
			if done >= max {
				break
			}
			continue
		}
		real, where := table, "t.id > ?"
		if table == "~owner" {
			real, where = "users", "t.role = 'owner' AND t.id > ?"
		}
		cols := db.colOrder[real]
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT t.%s, COALESCE(r.hlc, '') FROM %s t LEFT JOIN sync_row_clock r ON r.tbl = ? AND r.row_id = t.id
			WHERE %s ORDER BY t.id LIMIT ?`, strings.Join(cols, ", t."), real, where), real, after, max-done)
		if err != nil {
			return false, apperr.Internal(err)
		}
		type rowv struct {
			vals []any
			rc   string
		}
		var rs []rowv
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols)+1)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			var rc string
			ptrs[len(cols)] = &rc
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return false, apperr.Internal(err)
			}
			rs = append(rs, rowv{vals, rc})
		}
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			return false, apperr.Internal(rerr)
		}
		for _, r := range rs {
			var id string
			groups := map[string]map[string]json.RawMessage{}
			fcs := map[string]string{}
			for i, c := range cols {
				if c == "id" {
					id = fmt.Sprint(r.vals[i])
				}
			}
			frows, err := tx.QueryContext(ctx, `SELECT field, hlc FROM sync_field_clock WHERE tbl = ? AND row_id = ?`, real, id)
			if err != nil {
				return false, apperr.Internal(err)
			}
			for frows.Next() {
				var f, h string
				if err := frows.Scan(&f, &h); err != nil {
					frows.Close()
					return false, apperr.Internal(err)
				}
				fcs[f] = h
			}
			rerr := frows.Err()
			frows.Close()
			if rerr != nil {
				return false, apperr.Internal(rerr)
			}
			for i, c := range cols {
				if c == "id" {
					continue
				}
				h, own := fcs[c]
				if !own {
					h = r.rc
				}
				if h == "" {
					continue
				}
				if groups[h] == nil {
					groups[h] = map[string]json.RawMessage{}
				}
				raw, err := toWire(real, c, r.vals[i])
				if err != nil {
					continue // not a wire column
				}
				groups[h][c] = raw
			}
			for _, h := range sortedKeys(groups) {
				if err := put(real, id, h, false, groups[h]); err != nil {
					return false, apperr.Internal(err)
				}
			}
			after = id
			done++
		}
		if done >= max {
			break
		}
	}
	next := ""
	if ti < len(order) {
		next = table + "\x00" + after
	}
	if next == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM local_meta WHERE key = ?`, MetaSyncSnapshot)
	} else {
		err = db.setMeta(ctx, tx, MetaSyncSnapshot, next)
	}
	if err != nil {
		return false, apperr.Internal(err)
	}
	if err := tx.Commit(); err != nil {
		return false, apperr.Internal(err)
	}
	return next == "", nil
}

// parentFirst lists the synced tables so that a table comes after the tables it references
// (a workstation pulling the snapshot then parks little).
func (db *DB) parentFirst() []string {
	depth := map[string]int{}
	var d func(t string, seen map[string]bool) int
	d = func(t string, seen map[string]bool) int {
		if v, ok := depth[t]; ok {
			return v
		}
		if seen[t] {
			return 0
		}
		seen[t] = true
		m := 0
		for _, k := range db.parents[t] {
			if k.parent != t {
				m = max(m, d(k.parent, seen)+1)
			}
		}
		depth[t] = m
		return m
	}
	ts := SyncedTables()
	for _, t := range ts {
		d(t, map[string]bool{})
	}
	sort.SliceStable(ts, func(i, j int) bool { return depth[ts[i]] < depth[ts[j]] })
	return ts
}

// Batch is a group of outbox changes sent in one push under one batch_id.
type Batch struct {
	ID      string
	Changes []Change
}

// NextBatch returns the batch to push: the batch already sent and not answered, if any
// (a resend after a lost answer reuses its batch_id), else up to max changes after
// compacting the outbox (only the latest value of each field of each row travels), stamped
// with a new batch_id before they are returned. An empty outbox gives a Batch with no ID.
func (db *DB) NextBatch(ctx context.Context, max int) (Batch, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return Batch{}, apperr.Internal(err)
	}
	defer tx.Rollback()
	var open string
	err = tx.QueryRowContext(ctx, `SELECT batch_id FROM sync_outbox WHERE batch_id <> '' ORDER BY seq LIMIT 1`).Scan(&open)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Batch{}, apperr.Internal(err)
	}
	if open == "" {
		if err := compactOutbox(ctx, tx); err != nil {
			return Batch{}, apperr.Internal(err)
		}
		open = uuid.NewString()
		res, err := tx.ExecContext(ctx, `UPDATE sync_outbox SET batch_id = ? WHERE seq IN (SELECT seq FROM sync_outbox ORDER BY seq LIMIT ?)`, open, max)
		if err != nil {
			return Batch{}, apperr.Internal(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Batch{}, nil
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, hlc, deleted, fields, actor_id, device_id FROM sync_outbox WHERE batch_id = ? ORDER BY seq`, open)
	if err != nil {
		return Batch{}, apperr.Internal(err)
	}
	b := Batch{ID: open}
	for rows.Next() {
		var c Change
		var f string
		if err := rows.Scan(&c.Table, &c.ID, &c.HLC, &c.Deleted, &f, &c.ActorID, &c.DeviceID); err != nil {
			rows.Close()
			return Batch{}, apperr.Internal(err)
		}
		fields, err := db.outboxFields(c.Table, f)
		if err != nil {
			rows.Close()
			return Batch{}, apperr.Internal(err)
		}
		c.Fields = fields
		if c.ActorID == SystemActor && !systemOnWire[c.Table] {
			c.ActorID = ""
		}
		b.Changes = append(b.Changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Batch{}, apperr.Internal(err)
	}
	// The Owner acts for the workstation's own bookkeeping (sign-in presence, a pending
	// user's first password): the server needs an active user behind every change.
	var owner string
	_ = tx.QueryRowContext(ctx, `SELECT id FROM users WHERE role = 'owner'`).Scan(&owner)
	for i := range b.Changes {
		if b.Changes[i].ActorID == "" {
			b.Changes[i].ActorID = owner
		}
	}
	if err := tx.Commit(); err != nil {
		return Batch{}, apperr.Internal(err)
	}
	return b, nil
}

// outboxFields turns an outbox entry's stored fields (SQLite values as JSON: booleans as
// 0/1, blobs already base64) into wire values.
func (db *DB) outboxFields(table, raw string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, err
	}
	for k, v := range m {
		m[k] = outboxValue(table, k, v)
	}
	return m, nil
}

// compactOutbox keeps, for each (table, row, field), only the newest value waiting to be
// pushed: older entries lose the fields a newer entry of the same row carries, and entries
// left empty go. A portfolio moved ten times offline then travels once per client.
// Entries older than a deletion of their row still travel: the merge rule keeps every
// field's register under a tombstone, and a field change newer than the tombstone (made
// elsewhere) recreates the row from them; had the last values stayed here, this
// workstation would recreate the row with values no other one has.
func compactOutbox(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT seq, tbl, row_id, deleted, creates, fields FROM sync_outbox
		WHERE batch_id = '' AND (tbl, row_id) IN (SELECT tbl, row_id FROM sync_outbox WHERE batch_id = '' GROUP BY tbl, row_id HAVING COUNT(*) > 1)
		ORDER BY tbl, row_id, seq DESC`)
	if err != nil {
		return err
	}
	type entry struct {
		seq     int64
		t, id   string
		deleted bool
		creates bool
		fields  string
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.seq, &e.t, &e.id, &e.deleted, &e.creates, &e.fields); err != nil {
			rows.Close()
			return err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var seen map[string]bool
	prev := ""
	for _, e := range es {
		k := e.t + "\x00" + e.id
		if k != prev {
			prev, seen = k, map[string]bool{}
		}
		if e.deleted {
			continue
		}
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(e.fields), &f); err != nil {
			return err
		}
		drop := false
		for c := range f {
			if seen[c] && !e.creates { // a creation travels complete
				delete(f, c)
				drop = true
			} else {
				seen[c] = true
			}
		}
		switch {
		case len(f) == 0:
			_, err = tx.ExecContext(ctx, `DELETE FROM sync_outbox WHERE seq = ?`, e.seq)
		case drop:
			b, _ := json.Marshal(f)
			_, err = tx.ExecContext(ctx, `UPDATE sync_outbox SET fields = ? WHERE seq = ?`, string(b), e.seq)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Rejected is one change the server refused in a push answer.
type Rejected struct {
	ID    string `json:"id"`
	Table string `json:"table"`
	Code  string `json:"code"`
	Field string `json:"field,omitempty"`
}

// AckBatch records the server's answer to batch id: the batch's entries leave the outbox
// and every rejected change goes to sync_conflicts, in one transaction. Acknowledging a
// batch that is gone already changes nothing.
func (db *DB) AckBatch(ctx context.Context, id string, rejected []Rejected) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Internal(err)
	}
	defer tx.Rollback()
	now := Timestamp(db.now())
	for _, r := range rejected {
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, hlc, deleted, fields, actor_id, device_id FROM sync_outbox WHERE batch_id = ? AND tbl = ? AND row_id = ? ORDER BY seq`, id, r.Table, r.ID)
		if err != nil {
			return apperr.Internal(err)
		}
		var cs []Change
		for rows.Next() {
			var c Change
			var f string
			if err := rows.Scan(&c.Table, &c.ID, &c.HLC, &c.Deleted, &f, &c.ActorID, &c.DeviceID); err != nil {
				rows.Close()
				return apperr.Internal(err)
			}
			c.Fields, _ = db.outboxFields(c.Table, f)
			cs = append(cs, c)
		}
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			return apperr.Internal(rerr)
		}
		t := &Tx{db: db, tx: newCachedTx(tx), ctx: ctx}
		for _, c := range cs {
			why := r.Code
			if r.Field != "" {
				why += ":" + r.Field
			}
			if err := t.addConflict("push", c, why, now); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sync_outbox WHERE batch_id = ?`, id); err != nil {
		return apperr.Internal(err)
	}
	if err := tx.Commit(); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// systemOnWire are the tables whose system changes travel as the system actor rather than as
// the Owner: a workstation's own key bookkeeping (emptying the key envelope it opened,
// publishing its device key; backend/sync/keys.go), which no user made. The server accepts
// the system actor for exactly these changes (backend/server/envelopes.go).
var systemOnWire = map[string]bool{"sync_key_envelopes": true, "sync_device_keys": true}
