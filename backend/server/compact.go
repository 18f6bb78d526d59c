package server

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/syncwire"
)

// CompactStats says what one CompactLog did.
type CompactStats struct {
	Scanned int   // entries looked at (those before the horizon)
	Dropped int   // entries removed
	Horizon int64 // the last position looked at
}

// compactChunk is how many log entries one compaction transaction handles: pushes wait
// for the write lock only that long.
const compactChunk = 500

// guardedCols are the columns whose every value a workstation must see in the server's
// order: they take part in a workstation's UNIQUE indexes (username, e-mail, the one
// owner, membership pairs), and a value skipped could make the next one collide there.
var guardedCols = map[string]map[string]bool{
	"users":            {"username": true, "email": true, "role": true},
	"team_members":     {"team_id": true, "user_id": true},
	"campaign_members": {"campaign_id": true, "user_id": true},
	"user_workspaces":  {"user_id": true, "workspace_id": true},
	"user_totp":        {"user_id": true},
	"invitations":      {"code_hash": true},
}

type logEntry struct {
	Table   string                     `json:"table"`
	ID      string                     `json:"id"`
	HLC     string                     `json:"hlc"`
	Deleted bool                       `json:"deleted"`
	Fields  map[string]json.RawMessage `json:"fields"`
}

// CompactLog removes the change-log entries that no longer decide anything, so the log
// stops growing with every sign-in's presence change. Positions never change and the
// entries left keep their order, so every cursor stays valid; a workstation pulling from
// any cursor, even the oldest, still reaches the same final state, because the merge is a
// join and these entries always stay:
//   - every entry that holds the winning register of some field of its row, or its
//     winning tombstone (the row's merged state names it by hlc);
//   - the first entry of every row (its creation: a workstation that has never seen the
//     row gets it whole, never a partial row it would have to park);
//   - every deletion, and every entry that sets a column of a workstation's UNIQUE index
//     (guardedCols): skipping one could make a workstation hold a value longer than the
//     server did and refuse the next holder of it.
//
// What goes are the intermediate values of other fields (presence, names, a portfolio
// moved ten times): a workstation pulling late shows the last of them in its History, not
// each step. Only entries before the first one stamped at or after before are looked at.
func (s *sqlStore) CompactLog(ctx context.Context, before time.Time) (CompactStats, error) {
	var st CompactStats
	cutoff := syncwire.HLC{Millis: before.UnixMilli()}.String()[:13]
	seen := map[string]bool{}
	after := int64(0)
	for done := false; !done; {
		err := s.Write(ctx, func(t Tx) error {
			tx := t.(*sqlTx)
			rows, err := tx.tx.QueryContext(ctx, s.d.rebind(`SELECT pos, change FROM changelog WHERE pos > ? ORDER BY pos LIMIT ?`), after, compactChunk)
			if err != nil {
				return err
			}
			type ent struct {
				pos int64
				e   logEntry
			}
			var es []ent
			n := 0
			for rows.Next() {
				n++
				var x ent
				var raw string
				if err := rows.Scan(&x.pos, &raw); err != nil {
					rows.Close()
					return err
				}
				if err := json.Unmarshal([]byte(raw), &x.e); err != nil || len(x.e.HLC) < 13 {
					after = x.pos // not a change this server wrote: left alone
					continue
				}
				if x.e.HLC[:13] >= cutoff {
					done = true
					break
				}
				es = append(es, x)
				after = x.pos
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if n < compactChunk {
				done = true
			}
			ids := map[string][]string{}
			for _, x := range es {
				ids[x.e.Table] = append(ids[x.e.Table], x.e.ID)
			}
			states := map[string]map[string]syncwire.RowState{}
			for table, list := range ids {
				if states[table], err = tx.Rows(table, list); err != nil {
					return err
				}
			}
			var drop []any
			for _, x := range es {
				st.Scanned++
				k := x.e.Table + "\x00" + x.e.ID
				if !seen[k] {
					seen[k] = true
					continue
				}
				row, ok := states[x.e.Table][x.e.ID]
				if !ok || x.e.Deleted || decides(row, x.e.HLC) {
					continue
				}
				guarded := false
				for f := range x.e.Fields {
					guarded = guarded || guardedCols[x.e.Table][f]
				}
				if !guarded {
					drop = append(drop, x.pos)
				}
			}
			for start := 0; start < len(drop); start += chunk {
				part := drop[start:min(start+chunk, len(drop))]
				if err := tx.exec(`DELETE FROM changelog WHERE pos IN (?`+strings.Repeat(", ?", len(part)-1)+`)`, part...); err != nil {
					return err
				}
			}
			st.Dropped += len(drop)
			return nil
		})
		if err != nil {
			return st, err
		}
	}
	st.Horizon = after
	return st, nil
}

// decides reports whether the write stamped hlc holds a winning register of row (or its
// tombstone).
func decides(row syncwire.RowState, hlc string) bool {
	if row.Tomb == hlc {
		return true
	}
	for _, f := range row.Fields {
		if f.HLC == hlc {
			return true
		}
	}
	return false
}

func (s *sqlStore) PruneBatches(ctx context.Context, before time.Time) (int, error) {
	r, err := s.write.ExecContext(ctx, s.d.rebind(`DELETE FROM batches WHERE created_at < ?`), ts(before))
	if err != nil {
		return 0, err
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}
