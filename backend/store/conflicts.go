package store

import (
	"context"
	"encoding/json"

	"github.com/plantel/plantel/backend/apperr"
)

// Conflict is one change that could not be merged, for the Conflicts view. Secret fields
// are removed from Fields before it leaves the store.
type Conflict struct {
	ID         int64          `json:"id"`
	Source     string         `json:"source"` // "push": the server rejected it; "pull": a local index did
	Table      string         `json:"table"`
	RowID      string         `json:"rowId"`
	HLC        string         `json:"hlc"`
	Code       string         `json:"code"`
	Field      string         `json:"field"`
	Deleted    bool           `json:"deleted"`
	Fields     map[string]any `json:"fields"`
	ActorID    string         `json:"actorId"`
	DeviceID   string         `json:"deviceId"`
	CreatedAt  string         `json:"createdAt"`
	ResolvedAt string         `json:"resolvedAt"`
	Resolution string         `json:"resolution"`
}

// OpenConflictCount is how many conflicts wait for a supervisor.
func (db *DB) OpenConflictCount(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at = ''`).Scan(&n)
	return n, err
}

// Conflicts lists the open conflicts (all of them with resolved too), oldest first.
func (db *DB) Conflicts(ctx context.Context, withResolved bool, limit int) ([]Conflict, error) {
	q := `SELECT id, source, tbl, row_id, hlc, code, field, change, created_at, resolved_at, resolution FROM sync_conflicts`
	if !withResolved {
		q += ` WHERE resolved_at = ''`
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		var c Conflict
		var raw string
		if err := rows.Scan(&c.ID, &c.Source, &c.Table, &c.RowID, &c.HLC, &c.Code, &c.Field, &raw, &c.CreatedAt, &c.ResolvedAt, &c.Resolution); err != nil {
			return nil, apperr.Internal(err)
		}
		var ch Change
		if json.Unmarshal([]byte(raw), &ch) == nil {
			c.Deleted, c.ActorID, c.DeviceID = ch.Deleted, ch.ActorID, ch.DeviceID
			c.Fields = map[string]any{}
			spec := tables[c.Table]
			for k, v := range ch.Fields {
				if spec.Secret[k] {
					c.Fields[k] = map[string]any{"secret": true}
					continue
				}
				var x any
				_ = json.Unmarshal(v, &x)
				c.Fields[k] = x
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveConflict marks conflict id resolved with how ("discarded", "renamed", "merged").
// The data fix itself (renaming the user, merging into the existing one) is made by the
// caller through the write path in the same transaction, so it syncs like any change.
func (tx *Tx) ResolveConflict(id int64, how string) error {
	res, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at = ''`, tx.Now(), how, id)
	if err != nil {
		return apperr.Internal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound()
	}
	return tx.Audit("sync_conflicts", "", "resolve", map[string]any{"conflict": id, "resolution": how})
}

// ConflictChange returns the change kept with conflict id.
func (tx *Tx) ConflictChange(id int64) (Change, error) {
	var raw string
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT change FROM sync_conflicts WHERE id = ?`, id).Scan(&raw); err != nil {
		return Change{}, apperr.NotFound()
	}
	return DecodeChange([]byte(raw))
}

// Resolutions of a conflict.
const (
	ResolveDiscard = "discard" // drop this workstation's change (a rejected new row is deleted here)
	ResolveRename  = "rename"  // give the row a free value for the conflicting field and send it again
)

// ResolveConflictAs resolves conflict id as actor: merge folds a refused new user into the
// user who holds its username or e-mail (conflicts_resolve.go); discard deletes the rejected row on this
// workstation (when the server refused its creation) or keeps the server's say for a
// rejected edit; rename sets field to value (for users: a free username or e-mail) and
// queues the whole row again so the server receives it complete. Then every open pulled
// conflict is tried again (a pulled row may have been waiting for the name this one held).
func (db *DB) ResolveConflictAs(ctx context.Context, actor string, id int64, how, value string) error {
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if how == ResolveMerge {
			return tx.resolveMerge(id)
		}
		var src, field, tbl, rowID, h string
		if err := tx.tx.QueryRowContext(tx.ctx, `SELECT source, field, tbl, row_id, hlc FROM sync_conflicts WHERE id = ? AND resolved_at = ''`, id).
			Scan(&src, &field, &tbl, &rowID, &h); err != nil {
			return apperr.NotFound()
		}
		var rc string
		_ = tx.tx.QueryRowContext(tx.ctx, `SELECT hlc FROM sync_row_clock WHERE tbl = ? AND row_id = ?`, tbl, rowID).Scan(&rc)
		creation := rc != "" && rc == h
		switch how {
		case ResolveDiscard:
			if src == "push" && creation {
				if err := tx.Delete(tbl, rowID); err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
					return err
				}
			}
		case ResolveRename:
			if src != "push" || field == "" || value == "" {
				return apperr.Validation("resolution", "invalid")
			}
			if err := tx.Update(tbl, rowID, Fields{field: value}); err != nil {
				return err
			}
			if creation {
				if err := tx.requeueRow(tbl, rowID); err != nil {
					return err
				}
			}
		default:
			return apperr.Validation("resolution", "invalid")
		}
		return tx.ResolveConflict(id, how)
	})
	if err != nil {
		return err
	}
	return db.afterResolve(ctx)
}

// afterResolve applies again what waited for a resolution: the pulled changes kept as
// conflicts (a name is free now) and the parked changes (their parent arrived).
func (db *DB) afterResolve(ctx context.Context) error {
	if _, err := db.RetryPulledConflicts(ctx); err != nil {
		return err
	}
	return db.retryParked(ctx, &ApplyResult{})
}

// RetryPulledConflicts applies again the open conflicts that came from pulled changes; those
// that now merge are marked resolved ("applied"). It returns how many did.
func (db *DB) RetryPulledConflicts(ctx context.Context) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, change FROM sync_conflicts WHERE source = 'pull' AND resolved_at = '' ORDER BY id`)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	type item struct {
		id int64
		c  Change
	}
	var items []item
	for rows.Next() {
		var it item
		var raw string
		if err := rows.Scan(&it.id, &raw); err != nil {
			rows.Close()
			return 0, apperr.Internal(err)
		}
		if it.c, err = DecodeChange([]byte(raw)); err == nil {
			items = append(items, it)
		}
	}
	rerr := rows.Err()
	rows.Close()
	if rerr != nil {
		return 0, apperr.Internal(rerr)
	}
	done := 0
	for _, it := range items {
		before, _ := db.OpenConflictCount(ctx)
		if _, err := db.ApplyRemote(ctx, []Change{it.c}, ApplyOptions{}); err != nil {
			return done, err
		}
		after, _ := db.OpenConflictCount(ctx)
		// Applied without a new conflict: this one is settled. (A new one was recorded
		// otherwise: drop the duplicate so the list shows it once.)
		if _, err := db.write.ExecContext(ctx, `DELETE FROM sync_conflicts WHERE id > ? AND source = 'pull' AND resolved_at = '' AND tbl = ? AND row_id = ? AND hlc = ?`,
			it.id, it.c.Table, it.c.ID, it.c.HLC); err != nil {
			return done, apperr.Internal(err)
		}
		if after == before {
			if _, err := db.write.ExecContext(ctx, `UPDATE sync_conflicts SET resolved_at = ?, resolution = 'applied' WHERE id = ?`, Timestamp(db.now()), it.id); err != nil {
				return done, apperr.Internal(err)
			}
			done++
		}
	}
	return done, nil
}

// requeueRow queues the whole row again, stamped anew, so the server receives it complete
// (after it refused its creation; nobody else has it).
func (tx *Tx) requeueRow(table, id string) error {
	if !tx.db.syncOn.Load() {
		return nil
	}
	cols := tx.db.colOrder[table]
	vals, err := tx.load(table, id, cols)
	if err != nil {
		return err
	}
	all := Fields{}
	for _, c := range cols {
		if c != "id" {
			all[c] = vals[c]
		}
	}
	// Stamp it anew so it sorts after the refused attempt.
	hs := tx.db.clock.Now().String()
	tx.dirty = true
	if err := tx.writeClocks(table, id, "create", hs, all); err != nil {
		return err
	}
	return tx.outboxEntry(table, id, hs, false, true, all)
}
