package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// ResolveMerge merges a refused new user into the user who already holds the username or
// e-mail on the server: the refused user's memberships, clients and follow-ups move to that
// user, and the refused row is discarded.
const ResolveMerge = "merge"

// conflictRow is one open conflict as the resolutions read it.
type conflictRow struct {
	source, field, table, rowID, hlc string
	change                           Change
	creation                         bool // the refused change created its row (nobody else has it)
}

func (tx *Tx) openConflict(id int64) (conflictRow, error) {
	var c conflictRow
	var raw string
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT source, field, tbl, row_id, hlc, change FROM sync_conflicts WHERE id = ? AND resolved_at = ''`, id).
		Scan(&c.source, &c.field, &c.table, &c.rowID, &c.hlc, &raw); err != nil {
		return c, apperr.NotFound()
	}
	c.change, _ = DecodeChange([]byte(raw))
	var rc string
	_ = tx.tx.QueryRowContext(tx.ctx, `SELECT hlc FROM sync_row_clock WHERE tbl = ? AND row_id = ?`, c.table, c.rowID).Scan(&rc)
	c.creation = rc != "" && rc == c.hlc
	return c, nil
}

// IsRefusedEdit reports whether conflict id is an open, server-refused change to a row that
// exists elsewhere (not its creation): discarding it must take the server's value back.
func (db *DB) IsRefusedEdit(ctx context.Context, id int64) (table, rowID string, edit bool, err error) {
	var src, h, raw, rc string
	if err := db.read.QueryRowContext(ctx, `SELECT source, tbl, row_id, hlc, change FROM sync_conflicts WHERE id = ? AND resolved_at = ''`, id).
		Scan(&src, &table, &rowID, &h, &raw); err != nil {
		return "", "", false, apperr.NotFound()
	}
	_ = db.read.QueryRowContext(ctx, `SELECT hlc FROM sync_row_clock WHERE tbl = ? AND row_id = ?`, table, rowID).Scan(&rc)
	ch, _ := DecodeChange([]byte(raw))
	return table, rowID, src == "push" && rc != h && !ch.Deleted, nil
}

// ResolveDiscardEdit discards a refused edit and puts back the server's current values of
// its fields: server holds every change the server has of that row (sync fetches them).
// Only fields still showing the refused value (their clock is the refused change's) are
// taken back; a later local edit of the same field stays. The restored values are merged
// like pulled changes (no outbox entry; the audit names the server's actors), and the
// resolution is audited, all in one transaction.
func (db *DB) ResolveDiscardEdit(ctx context.Context, actor string, id int64, server []Change) error {
	if err := db.resolveDiscardEdit(ctx, actor, id, server); err != nil {
		return err
	}
	return db.afterResolve(ctx)
}

func (db *DB) resolveDiscardEdit(ctx context.Context, actor string, id int64, server []Change) error {
	return db.Write(ctx, actor, func(tx *Tx) error {
		c, err := tx.openConflict(id)
		if err != nil {
			return err
		}
		if c.source != "push" || c.creation {
			return apperr.Validation("resolution", "invalid")
		}
		rc, fc, err := tx.rowClocks(c.table, c.rowID)
		if err != nil {
			return apperr.Internal(err)
		}
		for f := range c.change.Fields {
			h, own := fc[f]
			if !own {
				h = rc
			}
			if h != c.hlc {
				continue // changed again here since: that value stays
			}
			// The refused value loses to every value the server holds.
			if _, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO sync_field_clock(tbl, row_id, field, hlc) VALUES (?, ?, ?, '')
				ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = ''`, c.table, c.rowID, f); err != nil {
				return apperr.Internal(err)
			}
		}
		sort.Slice(server, func(i, j int) bool { return server[i].HLC < server[j].HLC })
		prev := tx.actor
		for _, ch := range server {
			if ch.Table != c.table || ch.ID != c.rowID {
				continue
			}
			if _, _, _, err := tx.applyChange(ch, &ApplyResult{}); err != nil {
				return err
			}
		}
		tx.actor = prev
		if err := tx.finishDeletes(); err != nil {
			return err
		}
		return tx.ResolveConflict(id, ResolveDiscard)
	})
}

// memberTables are the rows that tie a user to a team, campaign or workspace (the user in
// user_id; ids are PairID of the pair).
var memberTables = []string{"user_workspaces", "team_members", "campaign_members"}

// resolveMerge merges the user a refused creation made into the user who holds the same
// username or e-mail on the server (a live user here, or the pulled user that waits as a
// conflict for the name), inside tx.
func (tx *Tx) resolveMerge(id int64) error {
	c, err := tx.openConflict(id)
	if err != nil {
		return err
	}
	if c.source != "push" || c.table != "users" || (c.field != "username" && c.field != "email") || !c.creation {
		return apperr.Validation("resolution", "invalid")
	}
	var value string
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT `+c.field+` FROM users WHERE id = ?`, c.rowID).Scan(&value); err != nil {
		return apperr.NotFound()
	}
	value = strings.ToLower(value)
	target, pulledID, pulled, err := tx.mergeTarget(c.field, value, c.rowID)
	if err != nil {
		return err
	}
	if target == "" {
		return apperr.Validation("resolution", "no_target")
	}
	// The target may arrive only at the end of this transaction (it waits for the name).
	if _, err := tx.tx.ExecContext(tx.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return apperr.Internal(err)
	}
	if err := tx.moveUserRefs(c.rowID, target); err != nil {
		return err
	}
	if err := tx.Delete("users", c.rowID); err != nil {
		return err
	}
	if pulledID != 0 {
		prev := tx.actor
		out, why, _, err := tx.applyChange(pulled, &ApplyResult{})
		tx.actor = prev
		if err != nil {
			return err
		}
		if out != outApplied {
			return apperr.Conflict(strings.TrimPrefix(why, ConflictUnique+":"))
		}
		if _, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_conflicts SET resolved_at = ?, resolution = 'applied' WHERE id = ?`, tx.Now(), pulledID); err != nil {
			return apperr.Internal(err)
		}
	}
	if err := tx.ResolveConflict(id, ResolveMerge); err != nil {
		return err
	}
	return tx.Audit("users", target, "merge", map[string]any{"merged": c.rowID, "field": c.field})
}

// mergeTarget finds who holds value in field: a live user here, else an open pulled
// conflict creating a user with it (returned with its id and change).
func (tx *Tx) mergeTarget(field, value, except string) (string, int64, Change, error) {
	var target string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT id FROM users WHERE lower(`+field+`) = ? AND id <> ? LIMIT 1`, value, except).Scan(&target)
	if err == nil {
		return target, 0, Change{}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", 0, Change{}, apperr.Internal(err)
	}
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT id, change FROM sync_conflicts WHERE source = 'pull' AND tbl = 'users' AND resolved_at = '' ORDER BY id`)
	if err != nil {
		return "", 0, Change{}, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var raw string
		if err := rows.Scan(&cid, &raw); err != nil {
			return "", 0, Change{}, apperr.Internal(err)
		}
		ch, err := DecodeChange([]byte(raw))
		if err != nil || ch.Deleted || ch.ID == except {
			continue
		}
		var v string
		if json.Unmarshal(ch.Fields[field], &v) == nil && strings.ToLower(v) == value {
			return ch.ID, cid, ch, nil
		}
	}
	if err := rows.Err(); err != nil {
		return "", 0, Change{}, apperr.Internal(err)
	}
	return "", 0, Change{}, nil
}

// moveUserRefs gives from's memberships, clients and follow-ups to to, each through the
// write path (audit, clocks, outbox). A membership to already has is simply dropped.
func (tx *Tx) moveUserRefs(from, to string) error {
	for _, table := range memberTables {
		cols := tx.db.colOrder[table]
		ids, err := tx.idsWhere(table, sq.Eq{"user_id": from})
		if err != nil {
			return err
		}
		for _, id := range ids {
			vals, err := tx.load(table, id, cols)
			if err != nil {
				return err
			}
			f := Fields{}
			for _, col := range cols {
				if col != "id" && col != "created_at" && col != "updated_at" {
					f[col] = vals[col]
				}
			}
			f["user_id"] = to
			if err := tx.Delete(table, id); err != nil {
				return err
			}
			where := sq.Eq{}
			for _, k := range pairKeys[table] {
				where[k] = f[k]
			}
			have, err := tx.idsWhere(table, where)
			if err != nil {
				return err
			}
			if len(have) == 0 {
				if err := tx.Insert(table, "", f); err != nil {
					return err
				}
			}
		}
	}
	for _, table := range []string{"clients", "followups"} {
		ids, err := tx.idsWhere(table, sq.Eq{"owner_id": from})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.Update(table, id, Fields{"owner_id": to}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (tx *Tx) idsWhere(table string, where sq.Eq) ([]string, error) {
	rows, err := tx.Query(sq.Select("id").From(table).Where(where).OrderBy("id"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Internal(err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
