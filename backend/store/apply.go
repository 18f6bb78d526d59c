package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/syncwire"
)

// ApplyOptions tune ApplyRemote.
type ApplyOptions struct {
	// Cursor, when set, is saved as local_meta sync_cursor in the same transaction as the
	// last page of changes: the cursor never runs ahead of what was applied.
	Cursor *int64
	// DeferSearch leaves the search index entries of the rows inserted in bulk to
	// FillSearchBacklog (the sync client calls it when its pull ends): one pass over a whole
	// download instead of one per page. The rows wait in search_backlog meanwhile.
	DeferSearch bool
}

// ApplyResult says what ApplyRemote did.
type ApplyResult struct {
	Applied   int // changes merged (including those that changed nothing: older stamps)
	Parked    int // changes parked in this call because their parent row is still missing
	Unparked  int // parked changes applied at last
	Conflicts int // changes kept in sync_conflicts (a local UNIQUE index, an invalid value)
	// ClockAhead lists stamps more than MaxRemoteAhead past this machine's clock: applied,
	// but the local clock did not follow them.
	ClockAhead []string
}

// applyPage is how many changes one transaction applies: a whole pull page (5,000, the
// server's cap), whose search entries a download fills at its end (DeferSearch), so a commit
// no longer flushes the search index; the write lock a local edit waits for stays well under
// a second.
const applyPage = 5000

// Conflict codes of changes kept in sync_conflicts.
const (
	ConflictUnique  = "conflict_unique"
	ConflictInvalid = "invalid_change"
	ConflictUnknown = "unknown_field"
)

// ApplyRemote merges changes pulled from the sync server into the database, by the merge
// rule of the sync contract: per field the value with the greatest HLC wins; a tombstone wins
// over every field change with a smaller HLC; a field change newer than a tombstone
// recreates the row from the values kept with the tombstone. Every field keeps its register
// (value and HLC), visible or not, so applying the same changes twice or in any order gives
// the same rows. Remote changes write no outbox entry; the audit log names the remote actor
// and device. Pages of changes are applied in their own transactions with deferred foreign
// keys; a change whose parent row is still missing is parked (sync_parked) and retried
// after each page, never dropped; a change that breaks a local UNIQUE index or is invalid
// is kept in sync_conflicts and never blocks the rest. The HLC observes every stamp in the
// same transaction.
func (db *DB) ApplyRemote(ctx context.Context, changes []Change, opt ApplyOptions) (ApplyResult, error) {
	var res ApplyResult
	for start := 0; ; start += applyPage {
		end := min(start+applyPage, len(changes))
		var cursor *int64
		if end == len(changes) {
			cursor = opt.Cursor
		}
		items := make([]applyItem, 0, end-start)
		for _, c := range changes[start:end] {
			items = append(items, applyItem{c: c})
		}
		if err := db.applyItems(ctx, items, cursor, opt.DeferSearch, &res); err != nil {
			return res, err
		}
		if err := db.retryParked(ctx, &res); err != nil {
			return res, err
		}
		if end == len(changes) {
			return res, nil
		}
	}
}

// ApplyPulled applies one page of a pull from the sync server, as every puller does (a
// workstation's sync client and the server's snapshot builder: backend/server/snapshot.go):
// the page's changes and the cursor it ends at in one transaction, the search entries of the
// new rows left to FillSearchBacklog, which the puller calls once when its pull ends.
func (db *DB) ApplyPulled(ctx context.Context, changes []Change, cursor int64) (ApplyResult, error) {
	return db.ApplyRemote(ctx, changes, ApplyOptions{Cursor: &cursor, DeferSearch: true})
}

// ParkedCount is how many pulled changes wait for their parent row.
func (db *DB) ParkedCount(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_parked`).Scan(&n)
	return n, err
}

type applyItem struct {
	c      Change
	parked int64 // sync_parked.seq when the change comes from there
}

type outcome int

const (
	outApplied outcome = iota
	outConflict
	outPark
)

func (db *DB) retryParked(ctx context.Context, res *ApplyResult) error {
	rows, err := db.write.QueryContext(ctx, `SELECT seq, change FROM sync_parked ORDER BY seq`)
	if err != nil {
		return apperr.Internal(err)
	}
	var items []applyItem
	for rows.Next() {
		var it applyItem
		var raw string
		if err := rows.Scan(&it.parked, &raw); err != nil {
			rows.Close()
			return apperr.Internal(err)
		}
		if it.c, err = DecodeChange([]byte(raw)); err != nil {
			rows.Close()
			return apperr.Internal(err)
		}
		items = append(items, it)
	}
	rerr := rows.Err()
	rows.Close()
	if rerr != nil {
		return apperr.Internal(rerr)
	}
	if len(items) == 0 {
		return nil
	}
	before := res.Parked
	if err := db.applyItems(ctx, items, nil, false, res); err != nil {
		return err
	}
	// Still-parked changes were counted again: they are not new.
	res.Parked = before
	return nil
}

// DecodeChange reads one wire Change, keeping numbers exact.
func DecodeChange(b []byte) (Change, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var c Change
	err := dec.Decode(&c)
	return c, err
}

// applyItems applies items in one transaction. A change whose parent row is missing at the
// end makes the transaction start again without it (it is parked), until every applied
// change has its parents.
func (db *DB) applyItems(ctx context.Context, items []applyItem, cursor *int64, deferSearch bool, res *ApplyResult) error {
	park := map[int]string{}
	for {
		r := ApplyResult{}
		missing, err := db.applyOnce(ctx, items, park, cursor, deferSearch, &r)
		if err != nil {
			return err
		}
		if len(missing) == 0 {
			res.Applied += r.Applied
			res.Parked += r.Parked
			res.Unparked += r.Unparked
			res.Conflicts += r.Conflicts
			res.ClockAhead = append(res.ClockAhead, r.ClockAhead...)
			return nil
		}
		for i, why := range missing {
			park[i] = why
		}
	}
}

func (db *DB) applyOnce(ctx context.Context, items []applyItem, park map[int]string, cursor *int64, deferSearch bool, res *ApplyResult) (map[int]string, error) {
	if err := db.Refusal(); err != nil {
		return nil, err
	}
	rawTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rawTx.Rollback()
	tx := &Tx{db: db, tx: newCachedTx(rawTx), ctx: ctx, actor: SystemActor, applying: true, deferSearch: deferSearch}
	sqlTx := tx.tx
	tx.ctx = context.WithValue(ctx, txKey{}, tx)
	if _, err := sqlTx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return nil, apperr.Internal(err)
	}
	alive := map[string]map[string]int{} // rows left alive by an applied change → its index
	setAlive := func(table, id string, i int, live bool) {
		if live {
			if alive[table] == nil {
				alive[table] = map[string]int{}
			}
			alive[table][id] = i
		} else if alive[table] != nil {
			delete(alive[table], id)
		}
	}
	if err := tx.pruneDerived(); err != nil {
		return nil, err
	}
	now := Timestamp(db.now())
	bulk, err := tx.applyBulk(items, park, res)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	for i := range bulk {
		res.Applied++
		setAlive(items[i].c.Table, items[i].c.ID, i, true)
	}
	for i, it := range items {
		if bulk[i] {
			continue
		}
		if why, ok := park[i]; ok {
			if it.parked == 0 {
				if err := tx.parkChange(it.c, why, now); err != nil {
					return nil, err
				}
				res.Parked++
			}
			continue
		}
		out, why, live, err := tx.applyChange(it.c, res)
		if err != nil {
			return nil, err
		}
		switch out {
		case outPark:
			park[i] = why
			if it.parked == 0 {
				if err := tx.parkChange(it.c, why, now); err != nil {
					return nil, err
				}
				res.Parked++
			}
			continue
		case outConflict:
			if err := tx.addConflict("pull", it.c, why, now); err != nil {
				return nil, err
			}
			res.Conflicts++
		case outApplied:
			res.Applied++
			setAlive(it.c.Table, it.c.ID, i, live)
		}
		if it.parked != 0 {
			if _, err := sqlTx.ExecContext(ctx, `DELETE FROM sync_parked WHERE seq = ?`, it.parked); err != nil {
				return nil, apperr.Internal(err)
			}
			res.Unparked++
		}
	}
	if err := tx.finishDeletes(); err != nil {
		return nil, err
	}
	// Every row an applied change left alive must have its parents now (in this page or
	// before it); the others are parked and the page is applied again without them.
	missing, err := tx.missingParents(alive)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if len(missing) > 0 {
		return missing, nil
	}
	if cursor != nil {
		if err := db.setMeta(ctx, sqlTx, MetaSyncCursor, strconv.FormatInt(*cursor, 10)); err != nil {
			return nil, apperr.Internal(err)
		}
	}
	if err := db.setMeta(ctx, sqlTx, metaHLC, db.clock.Last().String()); err != nil {
		return nil, apperr.Internal(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return nil, apperr.Internal(fmt.Errorf("commit pulled changes: %w", err))
	}
	return nil, nil
}

func (tx *Tx) parkChange(c Change, why, now string) error {
	b, err := json.Marshal(c)
	if err != nil {
		return apperr.Internal(err)
	}
	_, err = tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_parked(tbl, row_id, hlc, change, reason, parked_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Table, c.ID, c.HLC, string(b), why, now)
	return wrapInternal(err)
}

// addConflict keeps a change that could not be merged for the Conflicts view. why is
// "code" or "code:field".
func (tx *Tx) addConflict(source string, c Change, why, now string) error {
	code, field, _ := strings.Cut(why, ":")
	b, err := json.Marshal(c)
	if err != nil {
		return apperr.Internal(err)
	}
	_, err = tx.tx.ExecContext(tx.ctx,
		`INSERT INTO sync_conflicts(source, tbl, row_id, hlc, code, field, change, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		source, c.Table, c.ID, c.HLC, code, field, string(b), now)
	return wrapInternal(err)
}

// applyChange merges one change inside a savepoint. It reports whether the change was
// applied (and whether its row is alive after it), is a conflict (why = code[:field]), or
// must be parked (why = reason).
func (tx *Tx) applyChange(c Change, res *ApplyResult) (outcome, string, bool, error) {
	t, ok := tables[c.Table]
	wt, wok := syncwire.LookupTable(c.Table)
	if !ok || !t.Synced || !wok {
		return outConflict, ConflictUnknown, false, nil
	}
	h, err := ParseHLC(c.HLC)
	if err != nil || !ValidID(c.ID) {
		return outConflict, ConflictInvalid, false, nil
	}
	fields := make(map[string]json.RawMessage, len(c.Fields))
	for k, raw := range c.Fields {
		col, ok := wt.Column(k)
		if !ok || !tx.db.cols[c.Table][k] {
			return outConflict, ConflictUnknown + ":" + k, false, nil
		}
		v, err := syncwire.CanonicalValue(col, raw)
		if err != nil {
			return outConflict, ConflictInvalid + ":" + k, false, nil
		}
		fields[k] = v
	}
	c.Fields = fields
	if _, followed := tx.db.clock.Observe(h); !followed {
		res.ClockAhead = append(res.ClockAhead, c.HLC)
	}
	tx.actor = c.ActorID
	if tx.actor == "" {
		tx.actor = SystemActor
	}
	// No savepoint per change (its sub-journal doubled the cost of a bulk pull): the
	// statement that can fail (the row's INSERT or UPDATE: a UNIQUE, NOT NULL or CHECK
	// constraint) is the change's first write, and SQLite undoes a failed statement alone.
	live, why, err := tx.merge(t, wt, c)
	if err == nil && why == "" {
		return outApplied, "", live, nil
	}
	if why != "" {
		return outPark, why, false, nil
	}
	msg := err.Error()
	switch {
	case apperr.CodeOf(err) == apperr.CodeConflictUnique:
		return outConflict, ConflictUnique + ":" + apperr.As(err).Field, false, nil
	case strings.Contains(msg, "NOT NULL constraint failed"):
		return outPark, "row incomplete", false, nil
	case strings.Contains(msg, "CHECK constraint failed"), strings.Contains(msg, "datatype mismatch"):
		return outConflict, ConflictInvalid, false, nil
	}
	return 0, "", false, err
}

// merge applies one valid change to its row by syncwire's merge rule and writes the row,
// its clocks or tombstone, its audit entry and the explicit consequences of a deletion. A
// non-empty why means the change must wait (parked): it creates a row without the columns
// that have no default (its creation is still to come).
func (tx *Tx) merge(t Table, wt *syncwire.Table, c Change) (bool, string, error) {
	table, id := t.Name, c.ID
	cols := tx.db.colOrder[table]
	if err := tx.absorbDerived(table, id, c); err != nil {
		return false, "", err
	}
	old, err := tx.load(table, id, cols)
	existed := err == nil
	if err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
		return false, "", err
	}
	// A row a tombstone of this page killed is still in its table until the page ends
	// (pendingDelete): its state is the tombstone's.
	pk := table + "\x00" + id
	pending := existed && tx.pendingDel[pk]
	if pending {
		existed = false
	}
	before := syncwire.RowState{Fields: map[string]reg{}}
	rc := ""
	tomb, kept, err := tx.loadTombstone(table, id)
	if err != nil {
		return false, "", apperr.Internal(err)
	}
	before.Tomb = tomb
	if existed {
		var fc map[string]string
		if rc, fc, err = tx.rowClocks(table, id); err != nil {
			return false, "", apperr.Internal(err)
		}
		for _, k := range cols {
			if _, ok := wt.Column(k); !ok {
				continue
			}
			hk, own := fc[k]
			if !own {
				hk = rc
			}
			raw, err := toWire(table, k, old[k])
			if err != nil {
				return false, "", apperr.Internal(err)
			}
			before.Fields[k] = reg{Value: raw, HLC: hk}
		}
	} else {
		for k, r := range kept {
			before.Fields[k] = r
		}
	}
	// A change that brings a row into existence gets the schema's defaults for the columns
	// it lacks (created_at/updated_at: its hlc's time), as the server completes it.
	if !c.Deleted && len(before.Fields) == 0 {
		h, _ := syncwire.ParseHLC(c.HLC)
		fill, missing := wt.Defaults(h, c.Fields)
		if len(missing) > 0 {
			return false, "row incomplete (" + missing[0] + ")", nil
		}
		full := make(map[string]json.RawMessage, len(c.Fields)+len(fill))
		for k, v := range c.Fields {
			full[k] = v
		}
		for k, v := range fill {
			if tx.db.cols[table][k] {
				full[k] = v
			}
		}
		c.Fields = full
	}
	after := syncwire.Apply(before, c)
	live := after.Live()
	vals := map[string]any{}
	if live {
		for k, r := range after.Fields {
			v, err := fromWire(table, k, r.Value)
			if err != nil {
				return false, "", apperr.Internal(err)
			}
			vals[k] = v
		}
	}
	switch {
	case live && existed:
		changed := map[string]any{}
		audit := map[string]any{}
		for k, v := range vals {
			if !equalValue(old[k], v) || (old[k] == nil) != (v == nil) {
				changed[k] = v
				audit[k] = change(t, k, old[k], v)
			}
		}
		if len(changed) > 0 {
			if err := tx.exec(table, sq.Update(table).SetMap(changed).Where(sq.Eq{"id": id})); err != nil {
				return false, "", err
			}
		}
		for k, r := range after.Fields {
			if r.HLC == before.Fields[k].HLC {
				continue
			}
			if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)
				ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`, table, id, k, r.HLC); err != nil {
				return false, "", apperr.Internal(err)
			}
		}
		if len(changed) > 0 {
			if t.Audited {
				if err := tx.appendAuditFrom(table, id, "update", audit, c.DeviceID); err != nil {
					return false, "", err
				}
			}
			if table == "users" {
				if err := tx.endSessionsAfter(id, changed, c.HLC); err != nil {
					return false, "", err
				}
			}
		}
		return true, "", nil
	case live:
		// A new row, or one recreated from its tombstone's registers.
		keys := sortedKeys(vals)
		vs := []any{id}
		for _, k := range keys {
			vs = append(vs, vals[k])
		}
		if pending {
			// Recreated within the page that killed it: it never left, nothing cascades.
			set := map[string]any{}
			for _, k := range keys {
				set[k] = vals[k]
			}
			if err := tx.exec(table, sq.Update(table).SetMap(set).Where(sq.Eq{"id": id})); err != nil {
				return false, "", err
			}
			delete(tx.pendingDel, pk)
		} else if err := tx.exec(table, sq.Insert(table).Columns(append([]string{"id"}, keys...)...).Values(vs...)); err != nil {
			return false, "", err
		}
		// The row clock is the stamp most fields carry; the others get their own.
		freq := map[string]int{}
		for _, r := range after.Fields {
			freq[r.HLC]++
		}
		base := ""
		for hs, n := range freq {
			if n > freq[base] || (n == freq[base] && hs > base) {
				base = hs
			}
		}
		if _, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM sync_tombstones WHERE tbl = ? AND row_id = ?`, table, id); err != nil {
			return false, "", apperr.Internal(err)
		}
		if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_row_clock(tbl, row_id, hlc) VALUES (?, ?, ?)
			ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = excluded.hlc, origin = NULL`, table, id, base); err != nil {
			return false, "", apperr.Internal(err)
		}
		for _, k := range keys {
			if r := after.Fields[k]; r.HLC != base {
				if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)
					ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`, table, id, k, r.HLC); err != nil {
					return false, "", apperr.Internal(err)
				}
			}
		}
		if t.Audited {
			// The creation entry with the values, without created_at/updated_at (a page's
			// rows inserted in bulk share one entry instead: applyBulk).
			audit := map[string]any{}
			for _, k := range keys {
				if k == "created_at" || k == "updated_at" {
					continue
				}
				if t.Secret[k] {
					audit[k] = map[string]any{"secret": true}
				} else {
					audit[k] = vals[k]
				}
			}
			if err := tx.appendAuditFrom(table, id, "create", audit, c.DeviceID); err != nil {
				return false, "", err
			}
		}
		if !pending && tomb != "" {
			// Recreated from its tombstone: what that tombstone made happen here and has
			// not been sent is taken back.
			if err := tx.undoDerived(table, id); err != nil {
				return false, "", err
			}
		}
		return true, "", nil
	}
	// Deleted: the tombstone wins. The row leaves at the end of the page (finishDeletes), so
	// a later change of the same page that recreates it makes no consequence happen.
	if existed {
		if tx.pendingDel == nil {
			tx.pendingDel = map[string]bool{}
		}
		tx.pendingDel[pk] = true
		tx.pendingOrder = append(tx.pendingOrder, [2]string{table, id})
		if t.Audited {
			audit := map[string]any{}
			for _, k := range cols {
				if k != "id" {
					audit[k] = change(t, k, old[k], nil)
				}
			}
			if err := tx.appendAuditFrom(table, id, "delete", audit, c.DeviceID); err != nil {
				return false, "", err
			}
		}
	}
	return false, "", wrapInternal(tx.writeTombstone(table, id, after.Tomb, after.Fields))
}

// appendAuditFrom appends the audit entry of a remote change: the actor is the remote
// change's, the workstation the device that made it.
func (tx *Tx) appendAuditFrom(entity, entityID, action string, changes map[string]any, device string) error {
	changes, err := tx.withMemberLink(entity, entityID, action, changes)
	if err != nil {
		return err
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return apperr.Internal(err)
	}
	if device == "" {
		device = "remote"
	}
	return wrapInternal(tx.insertAudit(tx.Now(), tx.actor, device, entity, entityID, action, string(b)))
}

// endSessionsAfter ends this workstation's open sessions of a user when a pulled change
// deactivates them, resets their password or revokes their sessions: sessions begun before
// the change's HLC time end; one begun after it (the user signed in again since) stays.
func (tx *Tx) endSessionsAfter(userID string, changed map[string]any, hlc string) error {
	reason := ""
	switch {
	case changed["active"] == int64(0), changed["status"] != nil && changed["status"] != "active":
		reason = "deactivated"
	case changed["password_hash"] != nil:
		reason = "password_reset"
	case changed["sessions_revoked_at"] != nil && changed["sessions_revoked_at"] != "":
		reason = "revoked"
	default:
		return nil
	}
	at := hlcTime(hlc)
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT id FROM sessions WHERE user_id = ? AND ended_at = '' AND created_at <= ?`, userID, at)
	if err != nil {
		return apperr.Internal(err)
	}
	var ids []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return apperr.Internal(err)
		}
		ids = append(ids, s)
	}
	rerr := rows.Err()
	rows.Close()
	if rerr != nil {
		return apperr.Internal(rerr)
	}
	sort.Strings(ids)
	for _, s := range ids {
		if err := tx.Update("sessions", s, Fields{"ended_at": tx.Now(), "end_reason": reason}); err != nil {
			return err
		}
	}
	return nil
}

// finishDeletes removes the rows the page's tombstones killed and that no later change of
// the page recreated, writing out their consequences first (removeDependents: each with
// its own clock, audit and outbox entry), children before their parents' removal.
func (tx *Tx) finishDeletes() error {
	depth := map[string]int{}
	for i, t := range tx.db.parentFirst() {
		depth[t] = i
	}
	// Children first: a parent's removal then finds no dead child to cascade to silently.
	sort.SliceStable(tx.pendingOrder, func(i, j int) bool { return depth[tx.pendingOrder[i][0]] > depth[tx.pendingOrder[j][0]] })
	for _, p := range tx.pendingOrder {
		table, id := p[0], p[1]
		if !tx.pendingDel[table+"\x00"+id] {
			continue
		}
		delete(tx.pendingDel, table+"\x00"+id)
		if err := tx.removeDependents(table, id); err != nil {
			return err
		}
		if err := tx.exec(table, sq.Delete(table).Where(sq.Eq{"id": id})); err != nil {
			return err
		}
	}
	tx.pendingOrder = nil
	return nil
}
