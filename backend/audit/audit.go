// Package audit reads the append-only audit log (F11.1): every entry newest first, paged
// from SQL with a keyset cursor, filtered by actor, entity type, one entity, action, date
// range, workstation and a search box, and exported to CSV or XLSX. The Owner sees every
// entry, an administrator the entries about their workspaces, an agent none.
package audit

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textfold"
)

// CodeCanceled is returned when the user cancels an export.
const CodeCanceled = "canceled"

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 200
	// MaxSearch caps the search box (characters), so a pasted megabyte cannot make a LIKE
	// pattern SQLite refuses.
	MaxSearch = 100
)

// Need is what reading the audit log requires: the Audit module, and the role of Owner or
// administrator (an agent profile cannot hold the module, and an agent is refused anyway).
var Need = access.Need{Module: access.ModAudit, Roles: []access.Role{access.Owner, access.Admin}}

// Entities are the entity types a filter may name (the audited tables).
var Entities = []string{"organizations", "workspaces", "profiles", "users", "user_workspaces", "settings",
	"avatars", "teams", "team_members", "campaigns", "campaign_members", "clients", "followups", "invitations",
	"password_history", "user_totp", "recovery_codes", "reset_codes", "secret_settings", "audit_log"}

// Query selects audit entries. Empty fields do not filter.
type Query struct {
	ActorID       string `json:"actorId"`
	Entity        string `json:"entity"`
	EntityID      string `json:"entityId"`
	Action        string `json:"action"`
	WorkstationID string `json:"workstationId"`
	// From and To bound the time (inclusive From, exclusive To), as RFC 3339 instants; the
	// window turns the chosen local days into them.
	From   string `json:"from"`
	To     string `json:"to"`
	Search string `json:"search"`
	// Cursor is the Next of the previous page ("" = first page).
	Cursor string `json:"cursor"`
	Limit  int    `json:"limit"`
}

// Entry is one audit entry as the page shows it.
type Entry struct {
	ID            string              `json:"id"`
	At            string              `json:"at"`
	ActorID       string              `json:"actorId"`
	ActorName     string              `json:"actorName"` // "" for the system or a deleted user
	ActorAvatarID string              `json:"actorAvatarId"`
	WorkstationID string              `json:"workstationId"`
	Entity        string              `json:"entity"`
	EntityID      string              `json:"entityId"`
	EntityName    string              `json:"entityName"` // "" when the entity is gone or has no name
	Action        string              `json:"action"`
	Changes       []store.FieldChange `json:"changes"`
}

// Page is one page of entries, newest first; Next is the cursor of the following page,
// "" at the end.
type Page struct {
	Rows []Entry `json:"rows"`
	Next string  `json:"next"`
}

// Service reads the audit log.
type Service struct {
	db *store.DB
}

// New returns the audit service.
func New(db *store.DB) *Service { return &Service{db: db} }

// List returns one page of the entries q selects that the actor may see, newest first.
func (s *Service) List(ctx context.Context, a *access.Actor, q Query) (*Page, error) {
	if err := access.Check(a, Need); err != nil {
		return nil, err
	}
	where, err := s.where(ctx, a, q)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if q.Cursor != "" {
		if _, ok := parseCursor(q.Cursor); !ok {
			return nil, apperr.Validation("cursor", "one_of")
		}
	}
	rows, err := s.fetch(ctx, a, where, q.Cursor, limit+1)
	if err != nil {
		return nil, err
	}
	page := &Page{Rows: rows}
	if len(rows) > limit {
		page.Rows = rows[:limit]
		last := page.Rows[limit-1]
		page.Next = last.At + "|" + last.ID
	}
	if err := s.names(ctx, page.Rows); err != nil {
		return nil, err
	}
	if err := s.readable(ctx, page.Rows, s.actorLanguage(ctx, a)); err != nil {
		return nil, err
	}
	return page, nil
}

// filter is a query's conditions twice over: log on the audit log (audit_read l), created
// on the creations of rows a download made in bulk (sync_row_clock r naming its page's
// entry, audit_rows e; see created). noCreated when no such creation can match (an action
// other than create).
type filter struct {
	log       sq.And
	created   sq.And
	noCreated bool
	// oneRow: the filter names one row, whose row clock is sought by its key rather than
	// among the rows of every download page.
	oneRow bool
	// search is the search box's text ("" = none), as typed and as a LIKE pattern.
	search, like string
	// named are the users the search matches (name, username or e-mail), people those of
	// them it matches by name or username (whose entries it finds as their actor's); read
	// once, unless it matches more than sparseMatches (many: subqueries then).
	named, people []string
	many          bool
}

// usersSQL selects the users the search matches, each saying whether by name or username.
const usersSQL = `SELECT id, first_name || ' ' || last_name LIKE ?1 ESCAPE '\' OR username LIKE ?1 ESCAPE '\' FROM users
	WHERE first_name || ' ' || last_name LIKE ?1 ESCAPE '\' OR username LIKE ?1 ESCAPE '\' OR email LIKE ?1 ESCAPE '\'`

// inPeople is the condition that col is the id of a user f.people holds.
func (f filter) inPeople(col string) sq.Sqlizer {
	if f.many {
		return sq.Expr(col+` IN (SELECT id FROM users WHERE first_name || ' ' || last_name LIKE ? ESCAPE '\' OR username LIKE ? ESCAPE '\')`, f.like, f.like)
	}
	return sq.Eq{col: f.people}
}

// readUsers fills f.named and f.people (or f.many) from one pass over the users.
func (s *Service) readUsers(ctx context.Context, f *filter) error {
	rows, err := s.db.Read().QueryContext(ctx, usersSQL+" LIMIT "+strconv.Itoa(sparseMatches+1), f.like)
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var person bool
		if err := rows.Scan(&id, &person); err != nil {
			return apperr.Internal(err)
		}
		f.named = append(f.named, id)
		if person {
			f.people = append(f.people, id)
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Internal(err)
	}
	if len(f.named) > sparseMatches {
		f.named, f.people, f.many = nil, nil, true
	}
	return nil
}

// where builds the filter of q inside the actor's scope.
func (s *Service) where(ctx context.Context, a *access.Actor, q Query) (filter, error) {
	f := filter{}
	if q.ActorID != "" {
		f.log = append(f.log, sq.Eq{"l.actor_id": q.ActorID})
		f.created = append(f.created, sq.Expr("e.actor = (SELECT n FROM audit_ids WHERE id = ?)", q.ActorID))
	}
	// Entity, entity id, action, workstation and time are compared in the form audit_rows
	// stores them (migration 0120), so each filter walks its index.
	if q.Entity != "" {
		if !contains(Entities, q.Entity) {
			return f, apperr.Validation("entity", "one_of").WithParam("allowed", Entities)
		}
		f.log = append(f.log, sq.Eq{"l.entity_key": store.AuditWordKey(q.Entity)})
		f.created = append(f.created, sq.Eq{"r.tbl": q.Entity})
	}
	if q.EntityID != "" {
		f.log = append(f.log, sq.Eq{"l.entity_key_id": store.AuditIDKey(q.EntityID)})
		// The tables named let the row clock's (tbl, row_id) key seek the row.
		f.created = append(f.created, sq.Eq{"r.row_id": q.EntityID, "r.tbl": Entities})
		f.oneRow = true
	}
	if q.Action != "" {
		f.log = append(f.log, sq.Eq{"l.action_key": store.AuditWordKey(q.Action)})
		f.noCreated = q.Action != "create"
	}
	if q.WorkstationID != "" {
		f.log = append(f.log, sq.Expr("l.ws_key = (SELECT n FROM audit_ids WHERE id = ?)", q.WorkstationID))
		f.created = append(f.created, sq.Expr("e.ws = (SELECT n FROM audit_ids WHERE id = ?)", q.WorkstationID))
	}
	for _, b := range []struct {
		field, value, op string
	}{{"from", q.From, ">="}, {"to", q.To, "<"}} {
		if b.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, b.value)
		if err != nil {
			return f, apperr.Validation(b.field, "date")
		}
		at := store.AuditTimeKey(store.Timestamp(t))
		f.log = append(f.log, sq.Expr("l.at_key "+b.op+" ?", at))
		f.created = append(f.created, sq.Expr("e.at "+b.op+" ?", at))
	}
	search, err := cleanSearch(q.Search)
	if err != nil {
		return f, err
	}
	if search != "" {
		f.search, f.like = search, "%"+escapeLike(search)+"%"
		if err := s.readUsers(ctx, &f); err != nil {
			return f, err
		}
		f.log = append(f.log, sq.Or{
			sq.Eq{"l.entity_key_id": store.AuditIDKey(search)},
			sq.Eq{"l.actor_id": search},
			sq.Expr(`l.changes LIKE ? ESCAPE '\'`, f.like),
			f.inPeople("l.actor_id"),
		})
	}
	return f, nil
}

// labelMatch is one table's part of the search box on the creations of downloaded rows: the
// rows of table named by the words typed.
type labelMatch struct {
	table string
	// rows selects the matching rows' ids, probe says whether row clock r's row matches;
	// some selects one row per match, as they are found (nil: rows does).
	rows, probe, some sq.Sqlizer
}

// labelMatches are the search box's matches on the rows a download created. A local
// creation's entry holds the values the row was made with, and the search finds it by any
// of them; a downloaded row's creation holds none (one page entry stands for its rows), so
// the search reads the row itself: the words it is named by (a user's name, username and
// e-mail; a client's name, document, phone and e-mail, through the clients' search index,
// ignoring case and accents; a team's, campaign's, workspace's, profile's or organization's
// name; users: readUsers). The row's id and the actor are matched as for any entry
// (createdSearch).
func labelMatches(f filter) []labelMatch {
	like := f.like
	var out []labelMatch
	// The clients' search index holds folded text; LIKE wildcards are not searchable there
	// (backend/clients searchWhere).
	if w := strings.NewReplacer("%", "", "_", "", `\`, "").Replace(textfold.Fold(f.search)); w != "" {
		out = append(out, labelMatch{table: "clients",
			rows:  sq.Expr(`SELECT id FROM clients WHERE rowid IN (SELECT rowid FROM clients_fts WHERE body LIKE ?)`, "%"+w+"%"),
			probe: sq.Expr(`(SELECT f.body LIKE ? FROM clients c JOIN clients_fts f ON f.rowid = c.rowid WHERE c.id = r.row_id)`, "%"+w+"%"),
			some:  sq.Expr(`SELECT rowid FROM clients_fts WHERE body LIKE ?`, "%"+w+"%")})
	}
	for _, t := range []string{"teams", "campaigns", "workspaces", "profiles", "organizations"} {
		out = append(out, labelMatch{table: t, rows: sq.Expr(`SELECT id FROM `+t+` WHERE name LIKE ? ESCAPE '\'`, like),
			probe: sq.Expr(`EXISTS (SELECT 1 FROM `+t+` x WHERE x.id = r.row_id AND x.name LIKE ? ESCAPE '\')`, like)})
	}
	return out
}

// sparseMatches is how many rows of a table the search may match for created to read them
// by their keys and sort them; with more, it walks the download pages' rows in order and
// checks each, which finds a page of them soon.
var sparseMatches = 5000

// createdSearch splits the search box's condition on the creations of downloaded rows in
// two: sparse, the rows found by their key (the row's id, and the rows of each table the
// search matches few of), read and sorted; and walk, checked on each row of the download
// pages walked in order (the actor, a page-wide condition; the tables it matches many rows
// of). Either is nil when empty.
func (s *Service) createdSearch(ctx context.Context, f filter) (sparse, walk sq.Sqlizer, err error) {
	sp := sq.Or{sq.Eq{"r.row_id": f.search, "r.tbl": Entities}}
	wk := sq.Or{sq.Expr("e.actor IN (SELECT n FROM audit_ids WHERE ?)", sq.Or{sq.Eq{"id": f.search}, f.inPeople("id")})}
	// Users: those where read (readUsers).
	switch {
	case f.many:
		wk = append(wk, sq.Expr(`+r.tbl = 'users' AND EXISTS (SELECT 1 FROM users u WHERE u.id = r.row_id AND (u.first_name || ' ' || u.last_name LIKE ? ESCAPE '\'
			OR u.username LIKE ? ESCAPE '\' OR u.email LIKE ? ESCAPE '\'))`, f.like, f.like, f.like))
	case len(f.named) > 0:
		sp = append(sp, sq.Eq{"r.tbl": "users", "r.row_id": f.named})
	}
	for _, m := range labelMatches(f) {
		some := m.some
		if some == nil {
			some = m.rows
		}
		sub, args, err := some.ToSql()
		if err != nil {
			return nil, nil, apperr.Internal(err)
		}
		var n int
		if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+sub+" LIMIT "+strconv.Itoa(sparseMatches+1)+")", args...).Scan(&n); err != nil {
			return nil, nil, apperr.Internal(err)
		}
		switch {
		case n == 0:
		case n <= sparseMatches:
			sp = append(sp, sq.And{sq.Eq{"r.tbl": m.table}, sq.Expr("r.row_id IN (?)", m.rows)})
		default:
			wk = append(wk, sq.And{sq.Expr("+r.tbl = ?", m.table), m.probe})
		}
	}
	return sp, wk, nil
}

// key is an entry's place in the newest-first order: its time and id, and for the creation
// of a row a download made, the row (tbl, rowID; "" for an entry of the log). A page's entry
// comes before the creations of its rows, those by table and id, descending.
type key struct {
	at       string
	id       int64
	tbl, row string
}

// before reports whether k comes before o in the list (is newer).
func (k key) before(o key) bool {
	if k.at != o.at {
		return k.at > o.at
	}
	if k.id != o.id {
		return k.id > o.id
	}
	if (k.tbl == "") != (o.tbl == "") {
		return k.tbl == ""
	}
	if k.tbl != o.tbl {
		return k.tbl > o.tbl
	}
	return k.row > o.row
}

// keyOf is the place of an entry (its ID is "n" for an entry of the log, "n|tbl|row" for a
// creation, so that At|ID is its cursor).
func keyOf(e Entry) key {
	k, _ := parseCursor(e.At + "|" + e.ID)
	return k
}

// fetch reads up to limit entries matching f, newest first, after cursor ("" = from the
// newest), inside the actor's scope: the audit log's entries and the creations of rows a
// download made in bulk (created), merged. The Owner's log entries come from one walk of
// the log's (at, id) index. An administrator's come from audit_scope (migrations 0051,
// 0120: which workspaces each entry is about), one index walk per workspace of theirs.
func (s *Service) fetch(ctx context.Context, a *access.Actor, f filter, cursor string, limit int) ([]Entry, error) {
	after, hasAfter := parseCursor(cursor)
	var all []Entry
	if !f.noCreated {
		created, err := s.created(ctx, a, f, after, hasAfter, limit)
		if err != nil {
			return nil, err
		}
		all = append(all, created...)
	}
	if a.Role == access.Owner {
		w := append(sq.And{}, f.log...)
		if hasAfter {
			w = append(w, sq.Expr("(l.at_key, l.id) < (?, ?)", store.AuditTimeKey(after.at), after.id))
		}
		rows, err := s.query(ctx, sq.Select().From("audit_read l"), w, "l.at_key DESC, l.id DESC", limit)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
	}
	for _, ws := range scopes(a) {
		w := append(sq.And{sq.Expr("s.ws = (SELECT n FROM audit_ids WHERE id = ?)", ws)}, f.log...)
		if hasAfter {
			w = append(w, sq.Expr("(s.at, s.audit_id) < (?, ?)", store.AuditTimeKey(after.at), after.id))
		}
		rows, err := s.query(ctx, sq.Select().From("audit_scope s").Join("audit_read l ON l.id = s.audit_id"),
			w, "s.at DESC, s.audit_id DESC", limit)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
	}
	keys := make(map[string]key, len(all))
	for _, e := range all {
		keys[e.ID] = keyOf(e)
	}
	sort.Slice(all, func(i, j int) bool { return keys[all[i].ID].before(keys[all[j].ID]) })
	out := make([]Entry, 0, min(len(all), limit))
	for i, e := range all {
		if len(out) == limit {
			break
		}
		if i > 0 && all[i-1].ID == e.ID {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// createdScope is where on the creations of downloaded rows (e: the page's entry, r: the
// row's clock) inside the actor's scope; false when the actor may see none.
func createdScope(a *access.Actor, f filter) (sq.And, bool) {
	// The page entries' index drives, unless the rows are sought by their key: one row, or
	// the few a search matches (+ keeps a column from the index choice).
	plus := ""
	if f.oneRow {
		plus = "+"
	}
	w := append(sq.And{
		sq.Expr(plus+"e.entity = ?", store.AuditWordKey(store.AuditDownloadEntity)),
		sq.Expr(plus+"e.action = ?", store.AuditWordKey(store.AuditDownloadAction)),
		sq.Expr("r.origin IS NOT NULL"),
	}, f.created...)
	if a.Role == access.Owner {
		return w, true
	}
	if len(a.Workspaces) == 0 {
		return nil, false
	}
	// +r.tbl: the table is no way in to the row clocks (its rows are many).
	marks := sq.Placeholders(len(a.Workspaces))
	place := sq.Or{}
	for _, t := range slices.Sorted(maps.Keys(creationPlace)) {
		place = append(place, sq.Expr("+r.tbl = '"+t+"' AND EXISTS ("+fmt.Sprintf(creationPlace[t], marks)+")", anys(a.Workspaces)...))
	}
	return append(w, place), true
}

// scopes are the workspaces whose entries an administrator's list walks (none for the Owner,
// whose list walks the whole log).
func scopes(a *access.Actor) []string {
	if a.Role == access.Owner {
		return nil
	}
	return a.Workspaces
}

// creationPlace gives, per table, the condition that row r's creation entry is about one of
// the workspaces IN (%s) — what the placing triggers of migration 0120 say for a 'create'
// entry (users: their workspaces, as a user joining one brings their past entries into it) —
// read for a row a download created in bulk, whose creation has no entry to place. A row of
// another table is about no workspace: only the Owner sees its creation.
var creationPlace = map[string]string{
	"users":            `SELECT 1 FROM user_workspaces WHERE user_id = r.row_id AND workspace_id IN (%s)`,
	"clients":          `SELECT 1 FROM clients WHERE id = r.row_id AND workspace_id IN (%s)`,
	"workspaces":       `SELECT 1 WHERE r.row_id IN (%s)`,
	"teams":            `SELECT 1 FROM teams WHERE id = r.row_id AND workspace_id IN (%s)`,
	"campaigns":        `SELECT 1 FROM campaigns WHERE id = r.row_id AND workspace_id IN (%s)`,
	"team_members":     `SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.id = r.row_id AND t.workspace_id IN (%s)`,
	"campaign_members": `SELECT 1 FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = r.row_id AND c.workspace_id IN (%s)`,
	"followups":        `SELECT 1 FROM followups f JOIN clients c ON c.id = f.client_id WHERE f.id = r.row_id AND c.workspace_id IN (%s)`,
}

// created reads up to limit creations of rows a download created in bulk that match where,
// newest first, after the cursor's place. Such a row has no entry of its own, only its row
// clock naming its page's entry (origin, migrations 0101, 0170); as audit_history turns it
// into a 'create' entry for a row's History, this lists it on the audit page with the
// page's time, actor and workstation, so every filter and the search find it as they find
// a local creation. The walk goes over the pages' entries newest first (the log's entity
// index) and, for each, seeks its rows (sync_row_clock_origin_idx), never over every row
// clock. An administrator gets the creations of rows in their workspaces (creationPlace).
func (s *Service) created(ctx context.Context, a *access.Actor, f filter, after key, hasAfter bool, limit int) ([]Entry, error) {
	queries, err := s.createdQueries(ctx, a, f, after, hasAfter, limit)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, q := range queries {
		rows, err := s.scan(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// createdQueries are the queries of created: without a search, one (two when the cursor
// names a creation: the rest of its page, then the pages after it); with a search, those
// of each part of createdSearch. fetch merges what they read.
func (s *Service) createdQueries(ctx context.Context, a *access.Actor, f filter, after key, hasAfter bool, limit int) ([]sq.SelectBuilder, error) {
	// Each part: its condition, and whether its rows are sought by their key.
	type part struct {
		cond sq.Sqlizer
		seek bool
	}
	parts := []part{{nil, f.oneRow}}
	if f.search != "" {
		sparse, walk, err := s.createdSearch(ctx, f)
		if err != nil {
			return nil, err
		}
		parts = []part{{sparse, true}, {walk, f.oneRow}}
	}
	var out []sq.SelectBuilder
	for _, p := range parts {
		g := f
		if p.cond != nil {
			g.created = append(append(sq.And{}, f.created...), p.cond)
		}
		g.oneRow = p.seek
		if hasAfter && after.tbl != "" {
			rest, ok := createdQuery(a, g, after, true, true, limit)
			if !ok {
				return nil, nil
			}
			out = append(out, rest)
		}
		next, ok := createdQuery(a, g, after, hasAfter, false, limit)
		if !ok {
			return nil, nil
		}
		out = append(out, next)
	}
	return out, nil
}

// createdQuery is the query of created: up to limit creations after the cursor's place
// (hasAfter), in the cursor's page after its row (rest: the cursor names a creation), else in
// the pages after it. False when the actor may see none.
func createdQuery(a *access.Actor, where filter, after key, hasAfter, rest bool, limit int) (sq.SelectBuilder, bool) {
	w, ok := createdScope(a, where)
	if !ok {
		return sq.SelectBuilder{}, false
	}
	switch {
	case rest:
		w = append(w, sq.Eq{"e.id": after.id}, sq.Expr("(r.tbl, r.row_id) < (?, ?)", after.tbl, after.row))
	case hasAfter && after.tbl != "":
		w = append(w, sq.Expr("(e.at, e.id) < (?, ?)", store.AuditTimeKey(after.at), after.id))
	case hasAfter:
		// A page's rows come after its entry: after the entry, its rows too.
		w = append(w, sq.Expr("(e.at, e.id) <= (?, ?)", store.AuditTimeKey(after.at), after.id))
	}
	return sq.Select("e.id || '|' || r.tbl || '|' || r.row_id", "plantel_audit_at(e.at)", "ac.id", "ws.id", "r.tbl", "r.row_id", "'create'", "'{}'").
		From("audit_rows e").Join("sync_row_clock r ON r.origin = e.id").
		Join("audit_ids ac ON ac.n = e.actor").Join("audit_ids ws ON ws.n = e.ws").
		Where(w).OrderBy("e.at DESC, e.id DESC, r.tbl DESC, r.row_id DESC").Limit(uint64(limit)), true
}

// query reads up to limit entries of from matching where, in order.
func (s *Service) query(ctx context.Context, from sq.SelectBuilder, where sq.And, order string, limit int) ([]Entry, error) {
	qs := from.Columns("l.id", "l.at", "l.actor_id", "l.workstation_id", "l.entity", "l.entity_id", "l.action", "l.changes").
		OrderBy(order).Limit(uint64(limit))
	if len(where) > 0 {
		qs = qs.Where(where)
	}
	return s.scan(ctx, qs)
}

// scan runs qs, whose columns are an entry's id, time, actor, workstation, entity, entity
// id, action and changes, and reads its entries.
func (s *Service) scan(ctx context.Context, qs sq.SelectBuilder) ([]Entry, error) {
	rows, err := qs.RunWith(s.db.Read()).QueryContext(ctx)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		var changes string
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.WorkstationID, &e.Entity, &e.EntityID, &e.Action, &changes); err != nil {
			return nil, apperr.Internal(err)
		}
		e.Changes = changeReader.Decode(changes)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

// nameTables are the entity types whose rows have a readable name, and its expression.
var nameTables = map[string]string{
	"users":         names.SQL(""),
	"workspaces":    "name",
	"profiles":      "name",
	"teams":         "name",
	"campaigns":     "name",
	"clients":       "name",
	"organizations": "name",
}

// names fills in the actors' names and avatars and the entities' names of a page.
func (s *Service) names(ctx context.Context, rows []Entry) error {
	ids := map[string][]string{}
	for _, e := range rows {
		if e.ActorID != store.SystemActor {
			ids["users"] = append(ids["users"], e.ActorID)
		}
		if _, ok := nameTables[e.Entity]; ok && e.EntityID != "" {
			ids[e.Entity] = append(ids[e.Entity], e.EntityID)
		}
	}
	type person struct{ name, avatar string }
	people := map[string]person{}
	named := map[string]string{}
	for table, list := range ids {
		cols := []string{"id", nameTables[table] + " AS name"}
		if table == "users" {
			cols = append(cols, "avatar_id")
		}
		res, err := sq.Select(cols...).From(table).Where(sq.Eq{"id": list}).RunWith(s.db.Read()).QueryContext(ctx)
		if err != nil {
			return apperr.Internal(err)
		}
		for res.Next() {
			var id, name string
			var avatar sql.NullString
			dest := []any{&id, &name}
			if table == "users" {
				dest = append(dest, &avatar)
			}
			if err := res.Scan(dest...); err != nil {
				res.Close()
				return apperr.Internal(err)
			}
			named[table+"/"+id] = name
			if table == "users" {
				people[id] = person{name, avatar.String}
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return apperr.Internal(err)
		}
	}
	for i := range rows {
		p := people[rows[i].ActorID]
		rows[i].ActorName, rows[i].ActorAvatarID = p.name, p.avatar
		rows[i].EntityName = named[rows[i].Entity+"/"+rows[i].EntityID]
	}
	return nil
}

// changeReader reads entries for the audit page: a session id identifies a signed-in
// window and no reader needs it; secret columns never show their values, whatever an old
// entry holds.
var changeReader = store.ChangeReader{
	Hidden: map[string]bool{"session_id": true},
	Secret: map[string]bool{"password_hash": true, "code_hash": true, "hash": true, "secret": true},
}

// cleanSearch trims the search box and refuses control characters and overlong input.
func cleanSearch(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > MaxSearch {
		return "", apperr.Validation("search", "too_long").WithParam("max", MaxSearch)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return "", apperr.Validation("search", "one_of")
	}
	return s, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// parseCursor reads a page cursor, At|ID of the last entry of the previous page: "at|id",
// the time and the integer id (audit_rows.id) of an entry of the log, or "at|id|tbl|row"
// for the creation of a row a download made (created).
func parseCursor(c string) (k key, ok bool) {
	parts := strings.Split(c, "|")
	if (len(parts) != 2 && len(parts) != 4) || validTime(parts[0]) != nil {
		return key{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return key{}, false
	}
	k = key{at: parts[0], id: id}
	if len(parts) == 4 {
		if parts[2] == "" || parts[3] == "" {
			return key{}, false
		}
		k.tbl, k.row = parts[2], parts[3]
	}
	return k, true
}

func validTime(s string) error {
	_, err := store.ParseTimestamp(s)
	return err
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
