package audit

import (
	"context"
	"encoding/json"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// memberships are the audited link tables: an entry about one names the person and the
// group (team, campaign, workspace) it links, not the link row's id.
var memberships = store.MemberLinks

// looksLikeID: Plantel ids are UUIDs (36 characters with dashes at fixed places).
func looksLikeID(s string) bool {
	return len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'
}

// listValue reads a value stored as a JSON array in a text column (channels, skills ids…)
// as the list it is; other values are returned unchanged.
func listValue(v any) any {
	s, ok := v.(string)
	if !ok || !strings.HasPrefix(s, "[") {
		return v
	}
	var l []any
	if json.Unmarshal([]byte(s), &l) != nil {
		return v
	}
	for _, e := range l {
		if _, ok := e.(string); !ok {
			return v // a list of objects (skills, custom fields) is the window's to say
		}
	}
	return l
}

func collectIDs(v any, set map[string]bool) {
	switch x := v.(type) {
	case string:
		if looksLikeID(x) {
			set[x] = true
		}
	case []any:
		for _, e := range x {
			collectIDs(e, set)
		}
	}
}

func named(v any, n map[string]string) any {
	switch x := v.(type) {
	case string:
		if name, ok := n[x]; ok {
			return name
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = named(e, n)
		}
		return out
	}
	return v
}

// actorLanguage is the reader's interface language (built-in profile names are said in it).
func (s *Service) actorLanguage(ctx context.Context, a *access.Actor) string {
	lang := "es"
	if a != nil {
		_ = sq.Select("language").From("users").Where(sq.Eq{"id": a.UserID}).RunWith(s.db.Read()).QueryRowContext(ctx).Scan(&lang)
	}
	return lang
}

// readable replaces the ids in the entries' changes by names (people, profiles — built-in
// ones in lang —, workspaces, teams, campaigns, clients), reads JSON-array texts as lists,
// names a membership entry "person · group" and a follow-up by its client. An id whose row
// is gone is named as its deletion entry knew it, else stays as it is.
func (s *Service) readable(ctx context.Context, rows []Entry, lang string) error {
	r := s.db.Reader(ctx)
	clientOf, err := followupClients(r, rows)
	if err != nil {
		return err
	}
	ids := map[string]bool{}
	for _, c := range clientOf {
		ids[c] = true
	}
	for i := range rows {
		for j := range rows[i].Changes {
			c := &rows[i].Changes[j]
			c.Old, c.New = listValue(c.Old), listValue(c.New)
			collectIDs(c.Old, ids)
			collectIDs(c.New, ids)
		}
		if rows[i].Entity == "profiles" {
			ids[rows[i].EntityID] = true // a built-in profile is named in lang
		}
	}
	n, err := ResolveNames(r, ids, lang)
	if err != nil {
		return err
	}
	for i := range rows {
		e := &rows[i]
		if name, ok := n[clientOf[e.EntityID]]; ok && e.Entity == "followups" && e.EntityName == "" {
			e.EntityName = name
		}
		if name, ok := n[e.EntityID]; ok && e.Entity == "profiles" {
			e.EntityName = name
		}
		if groupCol, ok := memberships[e.Entity]; ok && e.EntityName == "" {
			person, group := "", ""
			for _, c := range e.Changes {
				v := c.New
				if v == nil {
					v = c.Old
				}
				id, _ := v.(string)
				switch c.Field {
				case "user_id":
					person = n[id]
				case groupCol:
					group = n[id]
				}
			}
			if person != "" || group != "" {
				e.EntityName = strings.Trim(person+" · "+group, " ·")
			}
		}
		for j := range e.Changes {
			c := &e.Changes[j]
			c.Old, c.New = named(c.Old, n), named(c.New, n)
		}
	}
	return nil
}

// followupClients maps the follow-ups among rows to their clients: from the entry (a
// creation or deletion names it), else from the follow-up itself.
func followupClients(q store.Querier, rows []Entry) (map[string]string, error) {
	out := map[string]string{}
	var ask []string
	for _, e := range rows {
		if e.Entity != "followups" || e.EntityID == "" {
			continue
		}
		for _, c := range e.Changes {
			if c.Field == "client_id" {
				if v, ok := c.New.(string); ok && v != "" {
					out[e.EntityID] = v
				} else if v, ok := c.Old.(string); ok && v != "" {
					out[e.EntityID] = v
				}
			}
		}
		if _, ok := out[e.EntityID]; !ok {
			ask = append(ask, e.EntityID)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	res, err := q.Query(sq.Select("id", "client_id").From("followups").Where(sq.Eq{"id": ask}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer res.Close()
	for res.Next() {
		var id, client string
		if err := res.Scan(&id, &client); err != nil {
			return nil, apperr.Internal(err)
		}
		out[id] = client
	}
	return out, res.Err()
}

// ResolveNames reads the names of ids on q: people (names.Display), profiles (built-in ones
// in lang), workspaces, teams, campaigns and clients. A row that is gone is named as its
// deletion entry last knew it ("Removed from team Ventas Norte" after the team was deleted);
// an id that names nothing stays unresolved. The audit page, its export and a user's History
// all name ids through it.
func ResolveNames(q store.Querier, ids map[string]bool, lang string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	pairs := func(b sq.SelectBuilder) error {
		rows, err := q.Query(b)
		if err != nil {
			return apperr.Internal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return apperr.Internal(err)
			}
			out[id] = name
		}
		return rows.Err()
	}
	if err := pairs(sq.Select("id", names.SQL("")).From("users").Where(sq.Eq{"id": list})); err != nil {
		return nil, err
	}
	for _, t := range []string{"workspaces", "teams", "campaigns", "clients"} {
		if err := pairs(sq.Select("id", "name").From(t).Where(sq.Eq{"id": list})); err != nil {
			return nil, err
		}
	}
	rows, err := q.Query(sq.Select("id", "name", "role", "builtin").From("profiles").Where(sq.Eq{"id": list}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, role string
		var builtin bool
		if err := rows.Scan(&id, &name, &role, &builtin); err != nil {
			return nil, apperr.Internal(err)
		}
		out[id] = access.ProfileDisplayName(name, access.Role(role), builtin, lang)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	rows.Close()
	return out, namesOfDeleted(q, ids, out)
}

// namesOfDeleted names the ids of ids that out has not named from the deletion entries of
// their rows (found by the log's entity_id index): the name a workspace, team, campaign,
// client or profile had, or a person's name by names.Display.
func namesOfDeleted(q store.Querier, ids map[string]bool, out map[string]string) error {
	var gone []string
	for id := range ids {
		if _, ok := out[id]; !ok {
			gone = append(gone, id)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	keys := make([]any, len(gone))
	for i, id := range gone {
		keys[i] = store.AuditIDKey(id)
	}
	// audit_read's stored columns (migration 0120), so the lookup seeks audit_rows' entity index.
	rows, err := q.Query(sq.Select("entity_id", "changes").From("audit_read").
		Where(sq.Eq{"entity_key_id": keys, "action_key": store.AuditWordKey("delete")}).OrderBy("at_key"))
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, raw string
		if err := rows.Scan(&id, &raw); err != nil {
			return apperr.Internal(err)
		}
		old := map[string]string{}
		for _, c := range (store.ChangeReader{}).Decode(raw) {
			if v, ok := c.Old.(string); ok {
				old[c.Field] = v
			}
		}
		name := old["name"]
		if name == "" {
			name = names.Display(old["first_name"], old["last_name"], old["username"], old["email"])
		}
		if name != "" {
			out[id] = name // the newest deletion, if a row was made again and deleted again
		}
	}
	return rows.Err()
}
