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
