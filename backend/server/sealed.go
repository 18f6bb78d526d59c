package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/plantel/plantel/backend/syncwire"
)

// Sealed secrets (backend/secrets: the TOTP secrets, the SMTP password) travel sealed with
// the organization key. When a change makes a new value of one the row's winning value — a
// secret changed, or re-sealed under a key renewed after a revocation (backend/sync/reseal.go)
// — the server rewrites the older change-log entries of that row with the superseded value
// emptied (scrub), in the same transaction: a value sealed under an old key, which a
// revoked workstation still holds, does not stay in the server's storage. As for key
// envelopes (envelopes.go), positions and stamps stay, and the winning entry is newer than
// every scrubbed one, so every workstation converges.

// sealedCols maps each table with a sealed column to that column (secrets.Columns; the
// server does not import the workstation's key store).
var sealedCols = map[string]string{"user_totp": "secret", "secret_settings": "value"}

// sealedLogPrefixes start the change-log entries of those tables.
var sealedLogPrefixes = func() [][]byte {
	var out [][]byte
	for t := range sealedCols {
		out = append(out, []byte(`{"table":"`+t+`",`))
	}
	return out
}()

// sealedEntry reports whether a change-log entry is one of a table with a sealed column.
func sealedEntry(c []byte) bool {
	for _, p := range sealedLogPrefixes {
		if bytes.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// sealedScrub is a scrub a batch owes: the entries of row id of table older than keep.
type sealedScrub struct {
	table, id, col string
	keep           syncwire.FieldState
}

// ScrubSealed rewrites the change-log entries of row id of table whose value of col loses to
// keep (the row's winning value) with that value emptied.
func (t *sqlTx) ScrubSealed(table, id, col string, keep syncwire.FieldState) error {
	es, err := t.secretEntries(id)
	if err != nil {
		return err
	}
	for _, e := range es {
		var c syncwire.Change
		if err := json.Unmarshal([]byte(e.raw), &c); err != nil {
			return err
		}
		v, ok := c.Fields[col]
		if c.Table != table || c.ID != id || !ok || string(v) == `""` || string(v) == "null" {
			continue
		}
		if !syncwire.Wins(keep, syncwire.FieldState{Value: v, HLC: c.HLC}) {
			continue // the winning entry itself
		}
		c.Fields[col] = json.RawMessage(`""`)
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if err := t.exec(`UPDATE changelog SET change = ? WHERE pos = ?`, string(b), e.pos); err != nil {
			return err
		}
		t.scrubbed = true
	}
	return nil
}

// indexOldSealed fills secret_log once with the sealed tables' entries of a change log
// written before the server indexed them, and scrubs what their rows' values superseded.
func (s *sqlStore) indexOldSealed(ctx context.Context, tx *sql.Tx) error {
	var done string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'secret_log_sealed'`).Scan(&done)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	t := &sqlTx{s: s, tx: tx, ctx: ctx}
	for table, col := range sealedCols {
		ids, err := s.indexLogOf(ctx, tx, table)
		if err != nil {
			return err
		}
		for id := range ids {
			st, ok, err := t.Row(table, id)
			if err != nil {
				return err
			}
			if f, set := st.Fields[col]; ok && set {
				if err := t.ScrubSealed(table, id, col, f); err != nil {
					return err
				}
			}
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('secret_log_sealed', '1') ON CONFLICT (key) DO NOTHING`)
	return err
}

// SealedColumns is a copy of the sealed columns the server scrubs, table → column.
func SealedColumns() map[string]string {
	out := map[string]string{}
	for t, c := range sealedCols {
		out[t] = c
	}
	return out
}
