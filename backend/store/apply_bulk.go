package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/plantel/plantel/backend/apperr"
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
	var page bulkPage
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
		known, err := tx.knownIDs(table, ids)
		if err != nil {
			return nil, err
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
		for _, f := range fs {
			c := items[f.i].c
			row := make([]any, 0, len(cols)+1)
			row = append(row, c.ID)
			for _, k := range cols {
				row = append(row, f.vals[k]) // nil when absent
			}
			data = append(data, row)
		}
		// One statement per bulkRows rows, no savepoint: a statement that fails (a UNIQUE
		// index, a CHECK) is undone alone by SQLite, the rows of the statements before it
		// stay, and the rest take the change-by-change path, which sorts them out. (A
		// savepoint made the search index flush its pending terms into a new segment.)
		// The new clients and users go in with their per-row triggers standing aside (the flag
		// of migrations 0095 and 0100, on only between these statements of this transaction),
		// and their name order, portfolio counts and search index are then filled set-based
		// (the search index at the end of the download when it is deferred).
		setAside := table == "clients" || table == "users"
		var after int64
		if setAside {
			// #nosec G201 -- a table name from the registry
			if err := tx.tx.QueryRowContext(tx.ctx, fmt.Sprintf(`SELECT COALESCE(max(rowid), 0) FROM %s`, table)).Scan(&after); err != nil {
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
				if ferr := tx.deriveBulk(table, after); ferr != nil {
					return nil, ferr
				}
			}
		}
		if err != nil && n == 0 {
			continue
		}
		fs = fs[:n]
		for _, f := range fs {
			c := items[f.i].c
			g := -1
			if tables[table].Audited {
				g = page.group(c.ActorID, c.DeviceID, table)
			}
			page.clocks = append(page.clocks, pageClock{table: table, id: c.ID, hlc: c.HLC, group: g})
		}
		for _, f := range fs {
			h, _ := ParseHLC(items[f.i].c.HLC)
			if _, followed := tx.db.clock.Observe(h); !followed {
				res.ClockAhead = append(res.ClockAhead, items[f.i].c.HLC)
			}
			done[f.i] = true
		}
	}
	if err := tx.writePageClocks(&page); err != nil {
		return nil, err
	}
	return done, nil
}

// bulkPage gathers what the rows a page inserted in bulk need once all are in: their row
// clocks, and the page's History entries, one per remote actor and device.
type bulkPage struct {
	clocks []pageClock
	groups []pageGroup
}

type pageClock struct {
	table, id, hlc string
	group          int // index in groups; -1: a table without History
}

type pageGroup struct {
	actor, device string
	rows          int
	tables        map[string]int
}

// group returns the index of the History entry of the page's rows made by actor on device,
// counting one more row of table in it.
func (p *bulkPage) group(actor, device, table string) int {
	if actor == "" {
		actor = SystemActor
	}
	if device == "" {
		device = "remote"
	}
	for i := range p.groups {
		if g := &p.groups[i]; g.actor == actor && g.device == device {
			g.rows++
			g.tables[table]++
			return i
		}
	}
	p.groups = append(p.groups, pageGroup{actor: actor, device: device, rows: 1, tables: map[string]int{table: 1}})
	return len(p.groups) - 1
}

// writePageClocks writes the History entries of the rows a page created in bulk — one per
// remote actor and device, "downloaded N changes", instead of one per row — and the rows'
// row clocks, each naming its entry (origin, migration 0101): a row's History shows its
// creation by that actor on that device from it (the audit_history view).
func (tx *Tx) writePageClocks(p *bulkPage) error {
	if len(p.clocks) == 0 {
		return nil
	}
	ids := make([]int64, len(p.groups))
	at := tx.Now()
	for i, g := range p.groups {
		b, err := json.Marshal(map[string]any{"rows": g.rows, "tables": g.tables})
		if err != nil {
			return err
		}
		an, err := tx.auditNum(g.actor)
		if err != nil {
			return err
		}
		wn, err := tx.auditNum(g.device)
		if err != nil {
			return err
		}
		if err := tx.tx.QueryRowContext(tx.ctx, `INSERT INTO audit_rows(at, actor, ws, entity, action, entity_id, changes)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			auditTimeKey(at), an, wn, auditWordCode(AuditDownloadEntity), auditWordCode(AuditDownloadAction), auditIDKey(""),
			packAuditChanges(string(b))).Scan(&ids[i]); err != nil {
			return err
		}
	}
	rows := make([][]any, len(p.clocks))
	for i, c := range p.clocks {
		var origin any
		if c.group >= 0 {
			origin = ids[c.group]
		}
		rows[i] = []any{c.table, c.id, c.hlc, origin}
	}
	_, err := tx.insertRows(`INSERT INTO sync_row_clock(tbl, row_id, hlc, origin)`, 4, rows,
		` ON CONFLICT(tbl, row_id) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin`)
	return err
}

// The History entry of a page of downloaded rows: entity "sync", no entity id, action
// "download", changes {"rows": N, "tables": {table: n}}.
const (
	AuditDownloadEntity = "sync"
	AuditDownloadAction = "download"
)

// knownIDs returns which of ids have a row or a tombstone in table. A download's pages mostly
// bring rows whose ids (UUIDv7, time-ordered) are all above the largest id the table holds,
// with no tombstone of the table anywhere: two index seeks answer for the whole page then,
// instead of one lookup per id.
func (tx *Tx) knownIDs(table string, ids []string) (map[string]bool, error) {
	known := map[string]bool{}
	if len(ids) == 0 {
		return known, nil
	}
	var top string
	var tombs int
	// #nosec G201 -- a table name from the registry
	if err := tx.tx.QueryRowContext(tx.ctx, fmt.Sprintf(`SELECT COALESCE((SELECT max(id) FROM %s), ''),
		EXISTS(SELECT 1 FROM sync_tombstones WHERE tbl = ?)`, table), table).Scan(&top, &tombs); err != nil {
		return nil, err
	}
	if tombs == 0 && slices.Min(ids) > top {
		return known, nil
	}
	idsJSON, _ := json.Marshal(ids)
	// #nosec G201 -- a table name from the registry
	rows, err := tx.tx.QueryContext(tx.ctx, fmt.Sprintf(`SELECT id FROM %s WHERE id IN (SELECT value FROM json_each(?1))
		UNION ALL SELECT row_id FROM sync_tombstones WHERE tbl = ?2 AND row_id IN (SELECT value FROM json_each(?1))`, table), string(idsJSON), table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		known[id] = true
	}
	return known, rows.Err()
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

// deriveBulk fills, set-based, what the insert triggers of clients (migration 0095) and
// users (0100) leave out while the bulk-load flag is on, for the rows inserted after rowid
// after: name order and portfolio counts now; the search index now, or, when the
// transaction defers it, later by FillSearchBacklog (the rows are noted in search_backlog).
func (tx *Tx) deriveBulk(table string, after int64) error {
	// The new rows are those above the largest rowid before them (SQLite gives a new row the
	// largest rowid plus one): a range, in the table as in its search index, where a list of
	// ids would have the planner scan the whole table in rowid order, or the whole index.
	var qs []string
	switch table {
	case "clients":
		qs = []string{
			`INSERT OR REPLACE INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys WHERE rid > ?1 ORDER BY rid`,
			`INSERT INTO client_portfolios(owner_id, workspace_id, n)
			 SELECT COALESCE(owner_id, ''), workspace_id, count(*) FROM clients WHERE rowid > ?1
			 GROUP BY 1, 2 ORDER BY 1, 2
			 ON CONFLICT(owner_id, workspace_id) DO UPDATE SET n = n + excluded.n`,
		}
	case "users":
		qs = []string{
			`INSERT OR REPLACE INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived WHERE rid > ?1 ORDER BY rid`,
		}
	}
	for _, q := range qs {
		if _, err := tx.tx.ExecContext(tx.ctx, q, after); err != nil {
			return err
		}
	}
	if tx.deferSearch {
		_, err := tx.tx.ExecContext(tx.ctx, `INSERT INTO search_backlog(tbl, after) VALUES (?, ?)
			ON CONFLICT(tbl) DO UPDATE SET after = min(after, excluded.after)`, table, after)
		return err
	}
	return tx.fillSearch(table, after, math.MaxInt64)
}

// fillSearch writes the search index entries of the rows of table whose rowid is above lo
// and at most hi, replacing those some of them have (a row changed after
// its bulk insert got its entry from its update trigger).
func (tx *Tx) fillSearch(table string, lo, hi int64) error {
	var qs []string
	switch table {
	case "clients":
		qs = []string{
			`DELETE FROM clients_fts WHERE rowid > ?1 AND rowid <= ?2`,
			`INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search WHERE rid > ?1 AND rid <= ?2 ORDER BY rid`,
		}
	case "users":
		qs = []string{
			`DELETE FROM users_fts WHERE rowid > ?1 AND rowid <= ?2`,
			`INSERT INTO users_fts(rowid, display_name, username, email, short_id, filters)
			 SELECT rid, display_name, username, email, short_id, filters FROM users_derived WHERE rid > ?1 AND rid <= ?2 ORDER BY rid`,
		}
	}
	for _, q := range qs {
		if _, err := tx.tx.ExecContext(tx.ctx, q, lo, hi); err != nil {
			return err
		}
	}
	return nil
}

// searchChunk is how many rows one transaction of FillSearchBacklog indexes: few commits
// (each flushes the index's pending terms into a segment), yet a local edit waits at most
// about a second for the write lock.
const searchChunk = 50_000

// The FTS5 'hashsize' of a search index while FillSearchBacklog writes a chunk, and its
// default (1 MiB), which every committed file keeps.
const (
	fillHashSize    = 64 << 20
	defaultHashSize = 1 << 20
)

// SearchBacklog is how many rows wait for their search index entries (a download under way
// or cut before it filled them).
func (db *DB) SearchBacklog(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT count(*) FROM clients WHERE rowid > (SELECT after FROM search_backlog WHERE tbl = 'clients')), 0) +
		COALESCE((SELECT count(*) FROM users WHERE rowid > (SELECT after FROM search_backlog WHERE tbl = 'users')), 0)`).Scan(&n)
	return n, err
}

// FillSearchBacklog writes the search index entries that downloads with DeferSearch left
// out (search_backlog), in transactions of searchChunk rows, so that the user and client
// searches find every downloaded row. The sync client calls it when a pull ends (and
// whatever way it ended); a download cut before it leaves the backlog to the next sync.
func (db *DB) FillSearchBacklog(ctx context.Context) error {
	for {
		done, err := db.fillSearchChunk(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (db *DB) fillSearchChunk(ctx context.Context) (bool, error) {
	rawTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, apperr.Internal(err)
	}
	defer rawTx.Rollback()
	tx := &Tx{db: db, tx: newCachedTx(rawTx), ctx: ctx, actor: SystemActor}
	var table string
	var after, top int64
	err = rawTx.QueryRowContext(ctx, `SELECT tbl, after FROM search_backlog ORDER BY tbl LIMIT 1`).Scan(&table, &after)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, apperr.Internal(err)
	}
	if _, ok := tables[table]; !ok || (table != "clients" && table != "users") {
		return false, apperr.Internal(fmt.Errorf("search backlog of unknown table %q", table))
	}
	// #nosec G201 -- a table name checked against the registry above
	if err := rawTx.QueryRowContext(ctx, fmt.Sprintf(`SELECT COALESCE(max(rowid), 0) FROM %s`, table)).Scan(&top); err != nil {
		return false, apperr.Internal(err)
	}
	hi := min(after+searchChunk, top)
	// The index gathers the chunk's terms in memory and writes them as one segment, instead
	// of a segment per megabyte that its merges then rewrite; the setting is put back before
	// the commit, so no committed file keeps it.
	fts := table + "_fts"
	for _, size := range []int{fillHashSize, defaultHashSize} {
		if size == defaultHashSize {
			if err := tx.fillSearch(table, after, hi); err != nil {
				return false, apperr.Internal(err)
			}
		}
		// #nosec G201 -- a table name checked against the registry above
		if _, err := rawTx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %[1]s(%[1]s, rank) VALUES ('hashsize', ?)`, fts), size); err != nil {
			return false, apperr.Internal(err)
		}
	}
	if hi >= top {
		_, err = rawTx.ExecContext(ctx, `DELETE FROM search_backlog WHERE tbl = ?`, table)
	} else {
		_, err = rawTx.ExecContext(ctx, `UPDATE search_backlog SET after = ? WHERE tbl = ?`, hi, table)
	}
	if err != nil {
		return false, apperr.Internal(err)
	}
	if err := rawTx.Commit(); err != nil {
		return false, apperr.Internal(err)
	}
	return false, nil
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
