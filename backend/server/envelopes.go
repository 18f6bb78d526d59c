package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"time"

	"github.com/plantel/plantel/backend/syncwire"
)

// Key envelopes (backend/sync/keys.go) carry the organization keys sealed, as rows of
// sync_key_envelopes. Once one has done its work — the workstation it was for opened it and
// pushed it emptied, or it expired unused — nothing of its sealed content may stay in the
// server's storage, where a backup of the server database would keep it for good: the
// server rewrites every change-log entry of the envelope with the sealed columns emptied
// (scrub) in the transaction that empties it. Positions and stamps stay, so every cursor
// stays valid and every workstation still converges (the emptying change is newer).

const (
	envelopeTable  = "sync_key_envelopes"
	deviceKeyTable = "sync_device_keys"
	// systemActor is the actor of changes no user makes: a workstation emptying the envelope
	// it consumed, publishing its own device key, or the server emptying an expired envelope
	// (store.SystemActor on the workstations: History shows "system" and the device).
	systemActor = "system"
	// serverDevice is the device part of the stamps the server makes itself.
	serverDevice = "server"
)

// envelopeSecretCols are the columns of an envelope that hold (or open) its sealed content.
var envelopeSecretCols = []string{"sealed", "salt", "epk"}

// envelopeLogPrefix starts every change-log entry of an envelope (json.Marshal of
// syncwire.Change writes table first).
var envelopeLogPrefix = []byte(`{"table":"` + envelopeTable + `",`)

// emptiesEnvelope reports whether c only empties an envelope's sealed columns (the change a
// workstation pushes once it opened the envelope addressed to it).
func emptiesEnvelope(c *syncwire.Change) bool {
	if c.Table != envelopeTable || c.Deleted || len(c.Fields) == 0 {
		return false
	}
	for k, v := range c.Fields {
		switch k {
		case "sealed", "salt", "epk":
			if string(v) != `""` {
				return false
			}
		case "updated_at":
		default:
			return false
		}
	}
	return true
}

// systemMayMake reports whether the system actor may make c: only the two pieces of key
// bookkeeping a workstation does on its own.
func systemMayMake(c *syncwire.Change) bool {
	switch c.Table {
	case envelopeTable:
		return emptiesEnvelope(c)
	case deviceKeyTable:
		return c.ID == c.DeviceID && !c.Deleted
	}
	return false
}

// envelopeEmptied reports whether an envelope's merged state holds no sealed content.
func envelopeEmptied(st syncwire.RowState) bool {
	return str(st.Fields["sealed"].Value) == ""
}

// ScrubEnvelope rewrites every change-log entry of envelope id with its sealed columns
// emptied (see the top of this file).
func (t *sqlTx) ScrubEnvelope(id string) error {
	es, err := t.secretEntries(id)
	if err != nil {
		return err
	}
	for _, e := range es {
		var c syncwire.Change
		if err := json.Unmarshal([]byte(e.raw), &c); err != nil {
			return err
		}
		changed := false
		for _, col := range envelopeSecretCols {
			if v, ok := c.Fields[col]; ok && string(v) != `""` {
				c.Fields[col] = json.RawMessage(`""`)
				changed = true
			}
		}
		if !changed {
			continue
		}
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

// secretEntry is a change-log entry indexed in secret_log: its position and its JSON.
type secretEntry struct {
	pos int64
	raw string
}

// secretEntries reads the change-log entries indexed in secret_log under id.
func (t *sqlTx) secretEntries(id string) ([]secretEntry, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.s.d.rebind(`SELECT l.pos, l.change FROM secret_log s JOIN changelog l ON l.pos = s.pos WHERE s.id = ?`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []secretEntry
	for rows.Next() {
		var e secretEntry
		if err := rows.Scan(&e.pos, &e.raw); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// indexEnvelopes records the positions of the envelope entries, and of the entries of the
// tables with a sealed column (sealed.go), among changes, the last of which is at position
// last.
func (t *sqlTx) indexEnvelopes(changes [][]byte, last int64) error {
	first := last - int64(len(changes)) + 1
	for i, c := range changes {
		if !bytes.HasPrefix(c, envelopeLogPrefix) && !sealedEntry(c) {
			continue
		}
		var head struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(c, &head); err != nil {
			return err
		}
		if err := t.exec(`INSERT INTO secret_log (pos, id) VALUES (?, ?)`, first+int64(i), head.ID); err != nil {
			return err
		}
	}
	return nil
}

// indexOldEnvelopes fills secret_log once from a change log written before it existed, and
// scrubs the envelopes emptied before the server scrubbed them.
func (s *sqlStore) indexOldEnvelopes(ctx context.Context, tx *sql.Tx) error {
	var done string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'secret_log'`).Scan(&done)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	ids, err := s.indexLogOf(ctx, tx, envelopeTable)
	if err != nil {
		return err
	}
	t := &sqlTx{s: s, tx: tx, ctx: ctx}
	for id := range ids {
		st, ok, err := t.Row(envelopeTable, id)
		if err != nil {
			return err
		}
		if ok && envelopeEmptied(st) {
			if err := t.ScrubEnvelope(id); err != nil {
				return err
			}
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('secret_log', '1') ON CONFLICT (key) DO NOTHING`)
	return err
}

// indexLogOf files in secret_log the change log entries of table (those written before the
// log was indexed) and returns the ids of their rows.
func (s *sqlStore) indexLogOf(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT pos, change FROM changelog WHERE change LIKE ?`), `{"table":"`+table+`",%`)
	if err != nil {
		return nil, err
	}
	found := map[int64]string{}
	for rows.Next() {
		var pos int64
		var raw string
		if err := rows.Scan(&pos, &raw); err != nil {
			rows.Close()
			return nil, err
		}
		var head struct {
			Table string `json:"table"`
			ID    string `json:"id"`
		}
		if json.Unmarshal([]byte(raw), &head) == nil && head.Table == table {
			found[pos] = head.ID
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for pos, id := range found {
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO secret_log (pos, id) VALUES (?, ?) ON CONFLICT (pos) DO NOTHING`), pos, id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, nil
}

// ExpireEnvelopes empties, as the server, every envelope still sealed whose code expired
// before now (nobody will open it), and scrubs its log entries. It returns how many.
func (s *sqlStore) ExpireEnvelopes(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.Write(ctx, func(t Tx) error {
		tx := t.(*sqlTx)
		n = 0
		rows, err := tx.tx.QueryContext(ctx, s.d.rebind(`SELECT id, state FROM rows WHERE tbl = ?`), envelopeTable)
		if err != nil {
			return err
		}
		due := map[string]syncwire.RowState{}
		for rows.Next() {
			var id, raw string
			if err := rows.Scan(&id, &raw); err != nil {
				rows.Close()
				return err
			}
			var st syncwire.RowState
			if err := json.Unmarshal([]byte(raw), &st); err != nil {
				continue // not a state this server wrote: left alone
			}
			exp := parseTS(str(st.Fields["expires_at"].Value))
			if st.Live() && !envelopeEmptied(st) && !exp.IsZero() && exp.Before(now) {
				due[id] = st
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		ids := make([]string, 0, len(due))
		for id := range due {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var log [][]byte
		for _, id := range ids {
			st := due[id]
			c := syncwire.Change{Table: envelopeTable, ID: id, HLC: serverStamp(st, now), DeviceID: serverDevice, ActorID: systemActor,
				Fields: map[string]json.RawMessage{"sealed": json.RawMessage(`""`), "salt": json.RawMessage(`""`), "epk": json.RawMessage(`""`)}}
			if err := tx.SaveRow(envelopeTable, id, syncwire.Apply(st, c)); err != nil {
				return err
			}
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			log = append(log, b)
		}
		if _, err := tx.AppendLog(log); err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.ScrubEnvelope(id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// serverStamp is a stamp of the server's own, at now and after every stamp of row st.
func serverStamp(st syncwire.RowState, now time.Time) string {
	h := syncwire.HLC{Millis: now.UnixMilli(), Device: serverDevice}
	top := st.Tomb
	for _, f := range st.Fields {
		top = max(top, f.HLC)
	}
	if p, err := syncwire.ParseHLC(top); err == nil && p.Millis >= h.Millis {
		h.Millis, h.Counter = p.Millis, p.Counter+1
	}
	return h.String()
}
