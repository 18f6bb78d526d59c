package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// SystemActor is the actor id recorded for changes no signed-in user made (first-run
// setup before the Owner exists, sign-in bookkeeping).
const SystemActor = "system"

// Fields are column values of one row change.
type Fields map[string]any

// Tx is a write transaction of the one write path. Every row change made through it
// appends its audit entry and sync outbox entry in the same transaction.
type Tx struct {
	db    *DB
	tx    *cachedTx
	ctx   context.Context
	actor string
	dirty bool // an HLC was issued and must be persisted before commit
	// owesSummary is set by UpdateMany on an audited table and cleared by Audit: the
	// transaction does not commit a bulk change that no audit entry describes.
	owesSummary bool
	// Rows killed by pulled tombstones of the page being applied, removed at its end.
	pendingDel   map[string]bool
	pendingOrder [][2]string
	// applying is set while pulled changes are applied: the consequences removeDependents
	// writes then are remembered in sync_derived (see undoDerived).
	applying bool
	// derived caches whether sync_derived holds anything (0 unknown, 1 no, 2 yes).
	derived int8
	// deferSearch leaves the search entries of bulk-inserted rows to FillSearchBacklog
	// (ApplyOptions.DeferSearch).
	deferSearch bool
	// failed is the error of a nested Write's callback: the transaction never commits
	// part of a change whose inner step failed.
	failed error
	// stmts caches the prepared statements of this transaction by their SQL: a bulk write
	// (the demo's 5,000 clients, an import) runs the same few statements thousands of times,
	// and SQLite compiling each one anew was most of their cost.
	stmts map[string]*sql.Stmt
	// auditNew are the audit_ids numbers this transaction gave (DB.auditNums once committed).
	auditNew map[string]int64
}

// execSQL runs a write statement of this transaction, prepared once per transaction.
func (tx *Tx) execSQL(query string, args ...any) (sql.Result, error) {
	st, ok := tx.stmts[query]
	if !ok {
		var err error
		if st, err = tx.tx.PrepareContext(tx.ctx, query); err != nil {
			return nil, err
		}
		if tx.stmts == nil {
			tx.stmts = map[string]*sql.Stmt{}
		}
		tx.stmts[query] = st
	}
	return st.ExecContext(tx.ctx, args...)
}

// closeStmts releases the cached statements (before commit or rollback).
func (tx *Tx) closeStmts() {
	for _, st := range tx.stmts {
		_ = st.Close()
	}
	tx.stmts = nil
}

type txKey struct{}

// Write runs fn in one write transaction as actor (a user id, or SystemActor). If fn
// returns an error, or panics, nothing it wrote stays: no row, no audit entry, no outbox
// entry. A Write called with the context of an enclosing Tx (tx.Context()) joins it; if
// the nested callback fails, the enclosing Write rolls back and returns that error too.
func (db *DB) Write(ctx context.Context, actor string, fn func(tx *Tx) error) (err error) {
	if outer, ok := ctx.Value(txKey{}).(*Tx); ok && outer.db == db {
		if err := fn(outer); err != nil {
			outer.failed = err // the outer Write rolls back even if its callback ignores err
			return err
		}
		return nil
	}
	if err := db.Refusal(); err != nil {
		return err
	}
	if actor == "" {
		actor = SystemActor
	}
	defer func() {
		if err != nil && isDiskFull(err) {
			err = apperr.New(apperr.CodeDiskFull)
		}
	}()
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Internal(fmt.Errorf("begin: %w", err))
	}
	tx := &Tx{db: db, tx: newCachedTx(sqlTx), actor: actor}
	tx.ctx = context.WithValue(ctx, txKey{}, tx)
	committed := false
	defer func() {
		tx.closeStmts()
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if tx.failed != nil {
		return tx.failed
	}
	if tx.owesSummary {
		return apperr.Internalf("bulk update without a summary audit entry")
	}
	if tx.dirty {
		if err := db.setMeta(ctx, sqlTx, metaHLC, db.clock.Last().String()); err != nil {
			return apperr.Internal(err)
		}
	}
	tx.closeStmts()
	if err := sqlTx.Commit(); err != nil {
		return apperr.Internal(fmt.Errorf("commit: %w", err))
	}
	committed = true
	for id, n := range tx.auditNew {
		db.auditNums.Store(id, n)
	}
	return nil
}

// Context carries this transaction, so nested DB.Write calls join it.
func (tx *Tx) Context() context.Context { return tx.ctx }

// Actor is the id of the user making this change.
func (tx *Tx) Actor() string { return tx.actor }

// Now is the store clock's current time.
func (tx *Tx) Now() string { return Timestamp(tx.db.now()) }

// QueryRow runs a read inside the transaction (it sees the transaction's own writes).
func (tx *Tx) QueryRow(q sq.Sqlizer) *sql.Row {
	query, args, err := q.ToSql()
	if err != nil {
		return tx.tx.QueryRowContext(tx.ctx, "SELECT RAISE(ABORT, ?)", err.Error())
	}
	return tx.tx.QueryRowContext(tx.ctx, query, args...)
}

// Query runs a read inside the transaction.
func (tx *Tx) Query(q sq.Sqlizer) (*sql.Rows, error) {
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return tx.tx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) spec(table string, f Fields) (Table, error) {
	t, ok := tables[table]
	if !ok {
		return t, apperr.Internalf("write to unregistered table %q", table)
	}
	cols := tx.db.cols[table]
	for k := range f {
		if k == "id" || !cols[k] {
			return t, apperr.Internalf("write to unknown column %s.%s", table, k)
		}
	}
	return t, nil
}

// Insert adds a row with the given id. created_at and updated_at are filled in when the
// table has them and f does not set them; the other columns f does not set take the
// schema's defaults (written out, so the change that travels creates the same row
// everywhere). For a membership or per-user table (PairKey) the id is always
// PairID of the row's pair, whatever id is passed: the same fact made twice is one row.
func (tx *Tx) Insert(table, id string, f Fields) error {
	t, err := tx.spec(table, f)
	if err != nil {
		return err
	}
	row := normalize(f)
	given := sortedKeys(row)
	now := tx.Now()
	for _, c := range []string{"created_at", "updated_at"} {
		if _, set := row[c]; !set && tx.db.cols[table][c] {
			row[c] = now // the audit entry's own time says it: not repeated in it
		}
	}
	if pk := pairKeys[table]; pk != nil {
		parts := make([]string, len(pk))
		for i, c := range pk {
			v, _ := row[c].(string)
			if v == "" {
				return apperr.Internalf("insert into %s without %s", table, c)
			}
			parts[i] = v
		}
		id = PairID(table, parts...)
	}
	if t.Synced {
		for _, c := range tx.db.colOrder[table] {
			if _, set := row[c]; !set && c != "id" {
				if d, ok := tx.db.defaults[table][c]; ok {
					row[c] = d
				} else if !tx.db.notNull[table][c] {
					row[c] = nil
				}
			}
		}
	}
	keys := sortedKeys(row)
	vals := make([]any, 0, len(keys)+1)
	vals = append(vals, id)
	for _, k := range keys {
		vals = append(vals, row[k])
	}
	q := sq.Insert(table).Columns(append([]string{"id"}, keys...)...).Values(vals...)
	if err := tx.exec(table, q); err != nil {
		return err
	}
	// Creation entries are audited compactly: {"col": value} (secrets: only that they were set).
	changes := map[string]any{}
	for _, k := range given {
		if t.Secret[k] {
			changes[k] = map[string]any{"secret": true}
		} else {
			changes[k] = row[k]
		}
	}
	return tx.record(t, id, "create", changes, row, false)
}

// Update changes the given columns of row id. Only columns whose value really changes are
// written, audited (old → new) and sent to sync; an update that changes nothing writes
// nothing. It returns not_found when the row does not exist.
func (tx *Tx) Update(table, id string, f Fields) error {
	t, err := tx.spec(table, f)
	if err != nil {
		return err
	}
	row := normalize(f)
	keys := sortedKeys(row)
	old, err := tx.load(table, id, keys)
	if err != nil {
		return err
	}
	changed := Fields{}
	changes := map[string]any{}
	for _, k := range keys {
		if !equalValue(old[k], row[k]) {
			changed[k] = row[k]
			changes[k] = change(t, k, old[k], row[k])
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if _, set := changed["updated_at"]; !set && tx.db.cols[table]["updated_at"] {
		changed["updated_at"] = tx.Now()
	}
	q := sq.Update(table).SetMap(map[string]any(changed)).Where(sq.Eq{"id": id})
	if err := tx.exec(table, q); err != nil {
		return err
	}
	return tx.record(t, id, "update", changes, changed, false)
}

// Delete removes row id. A synced table keeps a tombstone so the deletion travels and a
// late change cannot bring the row back. The audit entry keeps the old values.
func (tx *Tx) Delete(table, id string) error {
	t, err := tx.spec(table, nil)
	if err != nil {
		return err
	}
	cols := sortedKeys(tx.db.cols[table])
	old, err := tx.load(table, id, cols)
	if err != nil {
		return err
	}
	if err := tx.removeDependents(table, id); err != nil {
		return asCoded(err)
	}
	if err := tx.exec(table, sq.Delete(table).Where(sq.Eq{"id": id})); err != nil {
		return err
	}
	changes := map[string]any{}
	kept := Fields{}
	for _, k := range cols {
		if k != "id" {
			changes[k] = change(t, k, old[k], nil)
			kept[k] = old[k]
		}
	}
	return tx.recordDelete(t, id, changes, kept)
}

// Audit appends an audit entry that is not a row change (a sign-in, a failed sign-in, an
// export). details must hold no secret.
func (tx *Tx) Audit(entity, entityID, action string, details map[string]any) error {
	if err := tx.appendAudit(entity, entityID, action, details); err != nil {
		return err
	}
	tx.owesSummary = false
	return nil
}

func (tx *Tx) recordDelete(t Table, id string, changes map[string]any, kept Fields) error {
	if t.Audited {
		if err := tx.appendAudit(t.Name, id, "delete", changes); err != nil {
			return err
		}
	}
	if !t.Synced {
		return nil
	}
	h := tx.db.clock.Now()
	tx.dirty = true
	hs := h.String()
	if err := tx.tombstone(t.Name, id, hs, kept); err != nil {
		return apperr.Internal(err)
	}
	return tx.outbox(t.Name, id, hs, true, Fields{})
}

func (tx *Tx) record(t Table, id, action string, changes map[string]any, fields Fields, deleted bool) error {
	if t.Audited {
		if err := tx.appendAudit(t.Name, id, action, changes); err != nil {
			return err
		}
	}
	if !t.Synced {
		return nil
	}
	h := tx.db.clock.Now()
	tx.dirty = true
	hs := h.String()
	if fields == nil {
		fields = Fields{}
	}
	if err := tx.writeClocks(t.Name, id, action, hs, fields); err != nil {
		return err
	}
	return tx.outboxEntry(t.Name, id, hs, deleted, action == "create", fields)
}

// writeClocks keeps the clocks of a local change: a new row gets one row clock (its fields
// need no clock of their own until they change), a changed field its own field clock, a
// deleted row a tombstone keeping every field's last value and clock.
func (tx *Tx) writeClocks(table, id, action, hs string, fields Fields) error {
	switch action {
	case "create":
		// A row made again with the id of a deleted one (a membership re-added) is alive
		// again: its tombstone goes.
		if _, err := tx.execSQL(`DELETE FROM sync_tombstones WHERE tbl = ? AND row_id = ?`, table, id); err != nil {
			return apperr.Internal(err)
		}
		_, err := tx.execSQL(
			`INSERT INTO sync_row_clock(tbl, row_id, hlc) VALUES (?, ?, ?) ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = excluded.hlc`,
			table, id, hs)
		if err != nil {
			return apperr.Internal(err)
		}
		_, err = tx.execSQL(`DELETE FROM sync_field_clock WHERE tbl = ? AND row_id = ?`, table, id)
		return wrapInternal(err)
	case "delete":
		return wrapInternal(tx.tombstone(table, id, hs, fields))
	}
	if len(fields) == 0 {
		return nil
	}
	// One statement for every field clock of the row (its text depends only on the number of
	// fields, so it is prepared once per transaction and shape).
	args := make([]any, 0, 4*len(fields))
	for k := range fields {
		args = append(args, table, id, k, hs)
	}
	q := `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?)`, len(fields)-1) + ` ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc`
	if _, err := tx.execSQL(q, args...); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// outbox appends the change for the sync server, only while sync is configured: a
// workstation without a server keeps no outbox (enrollment uploads a snapshot instead).
func (tx *Tx) outbox(table, id, hs string, deleted bool, fields Fields) error {
	return tx.outboxEntry(table, id, hs, deleted, false, fields)
}

func (tx *Tx) outboxEntry(table, id, hs string, deleted, creates bool, fields Fields) error {
	if !tx.db.syncOn.Load() {
		return nil
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return apperr.Internal(err)
	}
	_, err = tx.execSQL(
		`INSERT INTO sync_outbox(tbl, row_id, hlc, deleted, fields, actor_id, device_id, creates) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		table, id, hs, deleted, string(b), tx.actor, tx.db.DeviceID(), creates)
	return wrapInternal(err)
}

func (tx *Tx) appendAudit(entity, entityID, action string, changes map[string]any) error {
	if changes == nil {
		changes = map[string]any{}
	}
	changes, err := tx.withMemberLink(entity, entityID, action, changes)
	if err != nil {
		return err
	}
	packed, err := packAuditMap(changes)
	if err != nil {
		return apperr.Internal(err)
	}
	return wrapInternal(tx.insertAuditStored(tx.Now(), tx.actor, tx.db.DeviceID(), entity, entityID, action, packed))
}

// MemberLinks are the audited membership tables and the group column of each (a team, a
// campaign, a workspace), the one list the audit page reads too. The audit entry of an update
// of one (a person's role or channels in a campaign) names the person and the group it links,
// as a creation's does, so that the person's History finds it (migration 0130's index reads
// user_id) and says which campaign it was.
var MemberLinks = map[string]string{"team_members": "team_id", "campaign_members": "campaign_id", "user_workspaces": "workspace_id"}

// withMemberLink adds the person and the group to the changes of a membership update (the
// row as it is now; the link columns never change).
func (tx *Tx) withMemberLink(entity, entityID, action string, changes map[string]any) (map[string]any, error) {
	col, ok := MemberLinks[entity]
	if !ok || action != "update" {
		return changes, nil
	}
	if _, has := changes["user_id"]; has {
		return changes, nil
	}
	var user, group string
	// #nosec G201 -- table and column names from MemberLinks
	err := tx.tx.QueryRowContext(tx.ctx, fmt.Sprintf(`SELECT user_id, %s FROM %s WHERE id = ?`, col, entity), entityID).Scan(&user, &group)
	if errors.Is(err, sql.ErrNoRows) {
		return changes, nil
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	out := make(map[string]any, len(changes)+2)
	for k, v := range changes {
		out[k] = v
	}
	out["user_id"], out[col] = user, group
	return out, nil
}

// insertAudit appends one audit entry: at, entity, entity id and changes (JSON text) as the
// audit_log view shows them; it stores them compactly in audit_rows (migration 0120,
// auditpack.go), with the actor and workstation ids written once in audit_ids.
func (tx *Tx) insertAudit(at, actor, ws, entity, entityID, action, changes string) error {
	return tx.insertAuditStored(at, actor, ws, entity, entityID, action, packAuditChanges(changes))
}

// insertAuditStored appends an entry whose changes are already in their stored form.
func (tx *Tx) insertAuditStored(at, actor, ws, entity, entityID, action string, changes any) error {
	an, err := tx.auditNum(actor)
	if err != nil {
		return err
	}
	wn, err := tx.auditNum(ws)
	if err != nil {
		return err
	}
	_, err = tx.execSQL(`INSERT INTO audit_rows(at, actor, ws, entity, action, entity_id, changes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		auditTimeKey(at), an, wn, auditWordCode(entity), auditWordCode(action), auditIDKey(entityID), changes)
	return err
}

// auditNum is the number audit_ids gives id, added if it has none. Numbers known to be
// committed are kept in memory (they never change); those this transaction added join
// them when it commits.
func (tx *Tx) auditNum(id string) (int64, error) {
	if n, ok := tx.db.auditNums.Load(id); ok {
		return n.(int64), nil
	}
	if n, ok := tx.auditNew[id]; ok {
		return n, nil
	}
	var n int64
	if err := tx.tx.QueryRowContext(tx.ctx, `INSERT INTO audit_ids(id) VALUES (?)
		ON CONFLICT(id) DO UPDATE SET id = excluded.id RETURNING n`, id).Scan(&n); err != nil {
		return 0, err
	}
	if tx.auditNew == nil {
		tx.auditNew = map[string]int64{}
	}
	tx.auditNew[id] = n
	return n, nil
}

// load reads the given columns of row id, or returns not_found.
func (tx *Tx) load(table, id string, cols []string) (Fields, error) {
	if len(cols) == 0 {
		cols = []string{"id"}
	}
	query, args, err := sq.Select(cols...).From(table).Where(sq.Eq{"id": id}).ToSql()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := tx.tx.QueryRowContext(tx.ctx, query, args...).Scan(ptrs...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.NotFound()
		}
		return nil, apperr.Internal(err)
	}
	out := Fields{}
	for i, c := range cols {
		out[c] = vals[i]
	}
	return out, nil
}

// exec runs a row-changing statement, turning a unique-constraint failure into a coded
// conflict naming the column.
func (tx *Tx) exec(table string, q sq.Sqlizer) error {
	query, args, err := q.ToSql()
	if err != nil {
		return apperr.Internal(err)
	}
	if _, err := tx.execSQL(query, args...); err != nil {
		msg := err.Error()
		if i := strings.Index(msg, "UNIQUE constraint failed: "); i >= 0 {
			col := strings.TrimPrefix(strings.Fields(msg[i+len("UNIQUE constraint failed: "):])[0], table+".")
			return apperr.Conflict(strings.TrimRight(col, ",)"))
		}
		return apperr.Internal(err)
	}
	return nil
}

// change is one audit value pair; secret columns only say that they changed.
func change(t Table, col string, old, new any) any {
	if t.Secret[col] {
		return map[string]any{"secret": true}
	}
	return map[string]any{"old": old, "new": new}
}

// normalize stores booleans as SQLite integers so old and new values compare equal.
func normalize(f Fields) Fields {
	out := make(Fields, len(f))
	for k, v := range f {
		switch b := v.(type) {
		case bool:
			if b {
				out[k] = int64(1)
			} else {
				out[k] = int64(0)
			}
		case int:
			out[k] = int64(b)
		default:
			out[k] = v
		}
	}
	return out
}

func equalValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// asCoded keeps a coded error as it is and turns any other into an internal one.
func asCoded(err error) error {
	var e *apperr.Error
	if errors.As(err, &e) {
		return err
	}
	return apperr.Internal(err)
}

func wrapInternal(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}
