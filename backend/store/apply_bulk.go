package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/plantel/plantel/backend/syncwire"
)

// bulkMin is how many new rows of one table a page needs before they are inserted in bulk.
const bulkMin = 16

// applyBulk inserts, with a few statements per table, the changes of a page that create rows
// this workstation has never seen (no row, no tombstone): most of an initial download. Each
// gets what the change-by-change path gives it — the row with the schema's defaults, its
// row clock, its audit entry naming the remote actor and device — without a statement per
// row. It returns the indexes it applied; the others (and any group whose bulk insert fails,
// e.g. on a UNIQUE index) take the change-by-change path.
func (tx *Tx) applyBulk(items []applyItem, skip map[int]string, res *ApplyResult) (map[int]bool, error) {
	done := map[int]bool{}
	byTable := map[string][]int{}
	seen := map[string]bool{}
	for i, it := range items {
		c := it.c
		k := c.Table + "\x00" + c.ID
		first := !seen[k]
		seen[k] = true
		if _, ok := skip[i]; ok || it.parked != 0 || c.Deleted || !first {
			continue
		}
		t, ok := tables[c.Table]
		if !ok || !t.Synced {
			continue
		}
		byTable[c.Table] = append(byTable[c.Table], i)
	}
	for _, table := range sortedKeys(byTable) {
		idx := byTable[table]
		if len(idx) < bulkMin {
			continue
		}
		wt, ok := syncwire.LookupTable(table)
		if !ok {
			continue
		}
		hasBlob := false
		for _, col := range wt.Columns {
			hasBlob = hasBlob || col.Type == syncwire.Blob
		}
		if hasBlob {
			continue
		}
		// Which of them exist here already (row or tombstone)?
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = items[i].c.ID
		}
		idsJSON, _ := json.Marshal(ids)
		rows, err := tx.tx.QueryContext(tx.ctx, fmt.Sprintf(`SELECT id FROM %s WHERE id IN (SELECT value FROM json_each(?1))
			UNION ALL SELECT row_id FROM sync_tombstones WHERE tbl = ?2 AND row_id IN (SELECT value FROM json_each(?1))`, table), string(idsJSON), table)
		if err != nil {
			return nil, err
		}
		known := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			known[id] = true
		}
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			return nil, rerr
		}
		// Complete each creation as the server does, and check its values: each decoded once
		// into what SQLite stores (as the change-by-change path's canonical form then
		// fromWire gives it).
		type fresh struct {
			i    int
			vals map[string]any
		}
		var fs []fresh
		colSet := map[string]bool{}
		for _, i := range idx {
			c := items[i].c
			if known[c.ID] || !ValidID(c.ID) {
				continue
			}
			h, err := syncwire.ParseHLC(c.HLC)
			if err != nil {
				continue
			}
			vals := make(map[string]any, len(wt.Columns))
			have := make(map[string]json.RawMessage, len(c.Fields))
			okc := true
			for k, raw := range c.Fields {
				col, ok := wt.Column(k)
				if !ok || !tx.db.cols[table][k] {
					okc = false
					break
				}
				v, err := sqlValue(col, raw)
				if err != nil {
					okc = false
					break
				}
				vals[k], have[k] = v, raw
			}
			if !okc {
				continue
			}
			fill, missing := wt.Defaults(h, have)
			if len(missing) > 0 {
				continue
			}
			for k, raw := range fill {
				if tx.db.cols[table][k] {
					col, _ := wt.Column(k)
					v, err := sqlValue(col, raw)
					if err != nil {
						okc = false
						break
					}
					vals[k] = v
				}
			}
			if !okc {
				continue
			}
			for k := range vals {
				colSet[k] = true
			}
			fs = append(fs, fresh{i, vals})
		}
		if len(fs) < bulkMin {
			continue
		}
		cols := sortedKeys(colSet)
		// One row of values per change: id, then the columns (booleans as 0/1, null kept).
		data := make([][]any, 0, len(fs))
		clocks := make([][]any, 0, len(fs))
		audits := make([][4]string, 0, len(fs))
		spec := tables[table]
		for _, f := range fs {
			c := items[f.i].c
			row := make([]any, 0, len(cols)+1)
			row = append(row, c.ID)
			audit := make(map[string]any, len(cols))
			for _, k := range cols {
				v, ok := f.vals[k]
				if !ok {
					row = append(row, nil)
					continue
				}
				row = append(row, v)
				switch {
				case k == "created_at" || k == "updated_at":
				case spec.Secret[k]:
					audit[k] = map[string]any{"secret": true}
				default:
					audit[k] = v
				}
			}
			data = append(data, row)
			clocks = append(clocks, []any{table, c.ID, c.HLC})
			if spec.Audited {
				b, _ := json.Marshal(audit)
				actor, dev := c.ActorID, c.DeviceID
				if actor == "" {
					actor = SystemActor
				}
				if dev == "" {
					dev = "remote"
				}
				audits = append(audits, [4]string{actor, dev, c.ID, string(b)})
			}
		}
		// One statement per bulkRows rows, no savepoint: a statement that fails (a UNIQUE
		// index, a CHECK) is undone alone by SQLite, the rows of the statements before it
		// stay, and the rest take the change-by-change path, which sorts them out. (A
		// savepoint made the search index flush its pending terms into a new segment.)
		// The new clients go in with their per-row triggers standing aside (the flag of
		// migration 0095, on only between these statements of this transaction), and their
		// search index, name order and portfolio counts are then filled set-based.
		setAside := table == "clients"
		var after int64
		if setAside {
			if err := tx.tx.QueryRowContext(tx.ctx, `SELECT COALESCE(max(rowid), 0) FROM clients`).Scan(&after); err != nil {
				return nil, err
			}
			if err := tx.setBulkLoad(true); err != nil {
				return nil, err
			}
		}
		n, err := tx.insertRows(fmt.Sprintf(`INSERT INTO %s(id, %s)`, table, strings.Join(cols, ", ")), len(cols)+1, data, "")
		if setAside {
			if ferr := tx.setBulkLoad(false); ferr != nil {
				return nil, ferr
			}
			if n > 0 {
				if ferr := tx.deriveClients(after); ferr != nil {
					return nil, ferr
				}
			}
		}
		if err != nil && n == 0 {
			continue
		}
		fs, clocks = fs[:n], clocks[:n]
		if len(audits) > n {
			audits = audits[:n]
		}
		if _, err := tx.insertRows(`INSERT INTO sync_row_clock(tbl, row_id, hlc)`, 3, clocks,
			` ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = excluded.hlc`); err != nil {
			return nil, err
		}
		if len(audits) > 0 {
			at := tx.Now()
			num := map[string]int64{}
			for _, a := range audits {
				for _, id := range a[:2] {
					if _, ok := num[id]; ok {
						continue
					}
					var n int64
					if err := tx.tx.QueryRowContext(tx.ctx, `INSERT INTO audit_ids(id) VALUES (?)
						ON CONFLICT(id) DO UPDATE SET id = excluded.id RETURNING n`, id).Scan(&n); err != nil {
						return nil, err
					}
					num[id] = n
				}
			}
			for _, a := range audits {
				tx.bulkAudit = append(tx.bulkAudit, []any{at, num[a[0]], num[a[1]], table, a[2], "create", a[3]})
			}
		}
		for _, f := range fs {
			h, _ := ParseHLC(items[f.i].c.HLC)
			if _, followed := tx.db.clock.Observe(h); !followed {
				res.ClockAhead = append(res.ClockAhead, items[f.i].c.HLC)
			}
			done[f.i] = true
		}
	}
	return done, nil
}

// sqlValue decodes a wire value into the value SQLite stores (booleans as 0/1), as
// fromWire does.
func sqlValue(col syncwire.Column, raw json.RawMessage) (any, error) {
	v, err := syncwire.DecodeValue(col, raw)
	if err != nil {
		return nil, err
	}
	if b, ok := v.(bool); ok {
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return v, nil
}

// bulkRows caps the rows of one multi-row INSERT of a pulled page; SQLite allows 32,766
// bound values per statement. Few statements matter: each statement that may need undoing
// opens a statement savepoint, and the search index (FTS5) flushes its pending terms into a
// new segment at every savepoint — segments that its merges then rewrite.
const bulkRows = 2000

// insertRows inserts rows of width values each with multi-row INSERT statements ("prefix
// VALUES (?, ...), ... suffix"), bound values rather than a JSON array (which SQLite parsed
// again for every column of every row); each statement is prepared once per transaction.
// It returns how many rows went in: all, or those of the statements before the one that
// failed (which SQLite undid).
func (tx *Tx) insertRows(prefix string, width int, rows [][]any, suffix string) (int, error) {
	per := max(1, min(bulkRows, 32000/width))
	one := "(?" + strings.Repeat(", ?", width-1) + ")"
	args := make([]any, 0, min(per, len(rows))*width)
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		q := prefix + " VALUES " + one + strings.Repeat(", "+one, len(part)-1) + suffix
		if _, err := tx.tx.ExecContext(tx.ctx, q, args...); err != nil {
			return start, err
		}
	}
	return len(rows), nil
}

// flushBulkAudit writes the History entries of the page's bulk-inserted rows. It runs when
// every row of the page is in (and before the page's deletions leave): the audit scope's
// triggers then place a member's entry through its team or campaign, a follow-up's through its
// client, even when the parent arrived later in the page or change by change.
func (tx *Tx) flushBulkAudit() error {
	if len(tx.bulkAudit) == 0 {
		return nil
	}
	// The entries go in with the clients' and users' History-scope triggers standing aside,
	// and their scope is then filled set-based (the entries are those after the last id).
	var last int64
	if err := tx.tx.QueryRowContext(tx.ctx, `SELECT COALESCE(max(id), 0) FROM audit_entries`).Scan(&last); err != nil {
		return err
	}
	if err := tx.setBulkLoad(true); err != nil {
		return err
	}
	_, err := tx.insertRows(`INSERT INTO audit_entries(at, actor, ws, entity, entity_id, action, changes)`, 7, tx.bulkAudit, "")
	tx.bulkAudit = nil
	if ferr := tx.setBulkLoad(false); ferr != nil {
		return ferr
	}
	if err != nil {
		return err
	}
	// CROSS JOIN and the unary + keep the new entries (a rowid range) the outer loop.
	for _, q := range []string{
		`INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
		 SELECT a.id, c.workspace_id, a.at FROM audit_entries a CROSS JOIN clients c ON c.id = a.entity_id
		 WHERE a.id > ? AND +a.entity = 'clients'`,
		`INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
		 SELECT a.id, uw.workspace_id, a.at FROM audit_entries a CROSS JOIN user_workspaces uw ON uw.user_id = a.entity_id
		 WHERE a.id > ? AND +a.entity IN ('users', 'clients')`,
	} {
		if _, err := tx.tx.ExecContext(tx.ctx, q, last); err != nil {
			return err
		}
	}
	return nil
}

// setBulkLoad turns the bulk-load flag of migration 0095 on or off. It is only ever on
// between statements of one write transaction (a crash rolls it back; a commit never sees it on).
func (tx *Tx) setBulkLoad(on bool) error {
	v := 0
	if on {
		v = 1
	}
	_, err := tx.tx.ExecContext(tx.ctx, `UPDATE bulk_load SET active = ? WHERE id = 1`, v)
	return err
}

// deriveClients fills, set-based, what the clients' insert triggers of migration 0095 leave
// out while the bulk-load flag is on: the rows' search index entries (in rowid order, so the
// index's pending terms are not flushed between rows), name order and portfolio counts.
func (tx *Tx) deriveClients(after int64) error {
	// The new rows are those above the largest rowid before them (SQLite gives a new row the
	// largest rowid plus one): a range, in clients as in its search index, where a list of ids
	// would have the planner scan the whole table in rowid order, or the whole index.
	const sel = `rowid > ?`
	for _, q := range []string{
		`INSERT OR REPLACE INTO clients_sort(rid, name_key) SELECT rowid, plantel_fold(name) FROM clients
		 WHERE ` + sel + ` ORDER BY rowid`,
		`DELETE FROM clients_fts WHERE ` + sel,
		`INSERT INTO clients_fts(rowid, body) SELECT rowid, plantel_fold(name || ' ' || document_id || ' ' ||
		    phone || ' ' ||
		    replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
		    || ' ' || email)
		 FROM clients WHERE ` + sel + ` ORDER BY rowid`,
		`INSERT INTO client_portfolios(owner_id, workspace_id, n)
		 SELECT COALESCE(owner_id, ''), workspace_id, count(*) FROM clients WHERE ` + sel + `
		 GROUP BY 1, 2 ORDER BY 1, 2
		 ON CONFLICT(owner_id, workspace_id) DO UPDATE SET n = n + excluded.n`,
	} {
		if _, err := tx.tx.ExecContext(tx.ctx, q, after); err != nil {
			return err
		}
	}
	return nil
}

// missingParents returns, for the rows left alive in a page (table → id → item index), the
// items whose row references a parent row that does not exist: one query per foreign key.
func (tx *Tx) missingParents(alive map[string]map[string]int) (map[int]string, error) {
	missing := map[int]string{}
	tbls := make([]string, 0, len(alive))
	for t := range alive {
		tbls = append(tbls, t)
	}
	sort.Strings(tbls)
	for _, t := range tbls {
		ids := make([]string, 0, len(alive[t]))
		for id := range alive[t] {
			ids = append(ids, id)
		}
		idsJSON, _ := json.Marshal(ids)
		for _, fk := range tx.db.parents[t] {
			rows, err := tx.tx.QueryContext(tx.ctx, fmt.Sprintf(
				`SELECT c.id FROM %[3]s c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.%[1]s IS NOT NULL
				 AND NOT EXISTS (SELECT 1 FROM %[2]s p WHERE p.id = c.%[1]s)`, fk.col, fk.parent, t), string(idsJSON))
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return nil, err
				}
				if _, already := missing[alive[t][id]]; !already {
					missing[alive[t][id]] = "parent " + fk.parent + " missing (" + fk.col + ")"
				}
			}
			rerr := rows.Err()
			rows.Close()
			if rerr != nil {
				return nil, rerr
			}
		}
	}
	return missing, nil
}
