// Package audit reads the append-only audit log (F11.1): every entry newest first, paged
// from SQL with a keyset cursor, filtered by actor, entity type, one entity, action, date
// range, workstation and a search box, and exported to CSV or XLSX. The Owner sees every
// entry, an administrator the entries about their workspaces, an agent none.
package audit

import (
	"context"
	"database/sql"
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
	where, err := s.where(a, q)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if q.Cursor != "" {
		if _, _, ok := parseCursor(q.Cursor); !ok {
			return nil, apperr.Validation("cursor", "one_of")
		}
	}
	rows, err := s.fetch(ctx, a, where, q.EntityID != "", q.Cursor, limit+1)
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

// where builds the filter of q inside the actor's scope.
func (s *Service) where(a *access.Actor, q Query) (sq.And, error) {
	where := sq.And{}
	if q.ActorID != "" {
		where = append(where, sq.Eq{"l.actor_id": q.ActorID})
	}
	// Entity, entity id, action, workstation and time are compared in the form audit_rows
	// stores them (migration 0120), so each filter walks its index.
	if q.Entity != "" {
		if !contains(Entities, q.Entity) {
			return nil, apperr.Validation("entity", "one_of").WithParam("allowed", Entities)
		}
		where = append(where, sq.Eq{"l.entity_key": store.AuditWordKey(q.Entity)})
	}
	if q.EntityID != "" {
		// Both id columns, as a row's History asks audit_history (users/history.go): its audit
		// log branch seeks with entity_key_id, its branch of downloaded rows' creations with
		// entity_id (the row clock's key, migration 0150); each checks the other.
		where = append(where, sq.Eq{"l.entity_key_id": store.AuditIDKey(q.EntityID)}, sq.Eq{"l.entity_id": q.EntityID})
	}
	if q.Action != "" {
		where = append(where, sq.Eq{"l.action_key": store.AuditWordKey(q.Action)})
	}
	if q.WorkstationID != "" {
		where = append(where, sq.Expr("l.ws_key = (SELECT n FROM audit_ids WHERE id = ?)", q.WorkstationID))
	}
	for _, b := range []struct {
		field, value, op string
	}{{"from", q.From, ">="}, {"to", q.To, "<"}} {
		if b.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, b.value)
		if err != nil {
			return nil, apperr.Validation(b.field, "date")
		}
		where = append(where, sq.Expr("l.at_key "+b.op+" ?", store.AuditTimeKey(store.Timestamp(t))))
	}
	search, err := cleanSearch(q.Search)
	if err != nil {
		return nil, err
	}
	if search != "" {
		like := "%" + escapeLike(search) + "%"
		where = append(where, sq.Or{
			sq.Eq{"l.entity_key_id": store.AuditIDKey(search)},
			sq.Eq{"l.actor_id": search},
			sq.Expr(`l.changes LIKE ? ESCAPE '\'`, like),
			sq.Expr(`l.actor_id IN (SELECT id FROM users WHERE first_name || ' ' || last_name LIKE ? ESCAPE '\' OR username LIKE ? ESCAPE '\')`, like, like),
		})
	}
	return where, nil
}

// fetch reads up to limit entries matching where, newest first, after cursor ("" = from
// the newest), inside the actor's scope. The Owner's come from one walk of the log's
// (at, id) index. An administrator's come from audit_scope (migrations 0051, 0120: which
// workspaces each entry is about), one index walk per workspace of theirs, merged here.
//
// one (where names one entity id) adds the creation of that row when a download created it
// in bulk: such a row has no entry of its own, only its row clock naming the page's entry
// (migrations 0101, 0150), which audit_history turns into a 'create' entry, as a row's
// History shows it. Filtering by that id must show it too.
func (s *Service) fetch(ctx context.Context, a *access.Actor, where sq.And, one bool, cursor string, limit int) ([]Entry, error) {
	if a.Role == access.Owner {
		w := append(sq.And{}, where...)
		if at, id, ok := parseCursor(cursor); ok {
			w = append(w, sq.Expr("(l.at_key, l.id) < (?, ?)", store.AuditTimeKey(at), id))
		}
		from := "audit_read l"
		if one {
			from = "audit_history l"
		}
		return s.query(ctx, sq.Select().From(from), w, "l.at_key DESC, l.id DESC", limit)
	}
	var all []Entry
	if one {
		created, err := s.downloadedCreations(ctx, a, where, cursor, limit)
		if err != nil {
			return nil, err
		}
		all = append(all, created...)
	}
	for _, ws := range a.Workspaces {
		w := append(sq.And{sq.Expr("s.ws = (SELECT n FROM audit_ids WHERE id = ?)", ws)}, where...)
		if at, id, ok := parseCursor(cursor); ok {
			w = append(w, sq.Expr("(s.at, s.audit_id) < (?, ?)", store.AuditTimeKey(at), id))
		}
		rows, err := s.query(ctx, sq.Select().From("audit_scope s").Join("audit_read l ON l.id = s.audit_id"),
			w, "s.at DESC, s.audit_id DESC", limit)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].At != all[j].At {
			return all[i].At > all[j].At
		}
		return entryNum(all[i].ID) > entryNum(all[j].ID)
	})
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

// creationPlace gives, per table, the workspaces a row's creation entry is about — what the
// placing triggers of migration 0120 say for a 'create' entry (users: their workspaces, as a
// user joining one brings their past entries into it) — read for a row a download created in
// bulk, whose creation has no entry to place.
var creationPlace = map[string]string{
	"users":            `SELECT workspace_id FROM user_workspaces WHERE user_id = ?`,
	"clients":          `SELECT workspace_id FROM clients WHERE id = ?`,
	"workspaces":       `SELECT id FROM workspaces WHERE id = ?`,
	"teams":            `SELECT workspace_id FROM teams WHERE id = ? AND workspace_id IS NOT NULL`,
	"campaigns":        `SELECT workspace_id FROM campaigns WHERE id = ?`,
	"team_members":     `SELECT t.workspace_id FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.id = ? AND t.workspace_id IS NOT NULL`,
	"campaign_members": `SELECT c.workspace_id FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = ?`,
	"followups":        `SELECT c.workspace_id FROM followups f JOIN clients c ON c.id = f.client_id WHERE f.id = ?`,
}

// downloadedCreations reads, for an administrator, the creations of the one row where names
// that a download created in bulk (audit_history's second branch: no stored changes), and
// keeps those about one of the administrator's workspaces.
func (s *Service) downloadedCreations(ctx context.Context, a *access.Actor, where sq.And, cursor string, limit int) ([]Entry, error) {
	w := append(sq.And{sq.Expr("l.changes_key IS NULL")}, where...)
	if at, id, ok := parseCursor(cursor); ok {
		w = append(w, sq.Expr("(l.at_key, l.id) < (?, ?)", store.AuditTimeKey(at), id))
	}
	rows, err := s.query(ctx, sq.Select().From("audit_history l"), w, "l.at_key DESC, l.id DESC", limit)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, ws := range a.Workspaces {
		mine[ws] = true
	}
	out := rows[:0]
	for _, e := range rows {
		q, ok := creationPlace[e.Entity]
		if !ok {
			continue
		}
		in, err := s.inWorkspaces(ctx, q, e.EntityID, mine)
		if err != nil {
			return nil, err
		}
		if in {
			out = append(out, e)
		}
	}
	return out, nil
}

// inWorkspaces says whether the workspaces query q gives for id include one of mine.
func (s *Service) inWorkspaces(ctx context.Context, q, id string, mine map[string]bool) (bool, error) {
	rows, err := s.db.Read().QueryContext(ctx, q, id)
	if err != nil {
		return false, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ws string
		if err := rows.Scan(&ws); err != nil {
			return false, apperr.Internal(err)
		}
		if mine[ws] {
			return true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return false, apperr.Internal(err)
	}
	return false, nil
}

// query reads up to limit entries of from matching where, in order.
func (s *Service) query(ctx context.Context, from sq.SelectBuilder, where sq.And, order string, limit int) ([]Entry, error) {
	qs := from.Columns("l.id", "l.at", "l.actor_id", "l.workstation_id", "l.entity", "l.entity_id", "l.action", "l.changes").
		OrderBy(order).Limit(uint64(limit))
	if len(where) > 0 {
		qs = qs.Where(where)
	}
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

// parseCursor reads a page cursor "at|id": the time and the integer id (audit_entries.id,
// migration 0020) of the last entry of the previous page.
func parseCursor(c string) (at string, id int64, ok bool) {
	at, n, found := strings.Cut(c, "|")
	if !found || validTime(at) != nil {
		return "", 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		return "", 0, false
	}
	return at, id, true
}

// entryNum is the number of an entry's id (ids are integers, compared as numbers).
func entryNum(id string) int64 {
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
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
