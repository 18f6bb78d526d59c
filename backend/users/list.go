package users

import (
	"context"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Sort fields of the user list (ListQuery.Sort.Field).
const (
	SortName       = "name"
	SortUsername   = "username"
	SortEmail      = "email"
	SortRole       = "role"
	SortProfile    = "profile"
	SortStatus     = "status"
	SortLastActive = "lastActive"
	SortCreated    = "created"
)

// Sort is a column and a direction ("asc" or "desc").
type Sort struct {
	Field string `json:"field"`
	Dir   string `json:"dir"`
}

// ListQuery is what the user list asks for: the search box, the filters (each a set of
// accepted values; empty accepts all; filters combine with AND), the sort and the page.
type ListQuery struct {
	Search     string   `json:"search"`
	Profiles   []string `json:"profiles"`   // profile ids
	Roles      []string `json:"roles"`      // owner, admin, agent
	Statuses   []string `json:"statuses"`   // active, inactive, pending
	Teams      []string `json:"teams"`      // team ids
	Campaigns  []string `json:"campaigns"`  // campaign ids
	Workspaces []string `json:"workspaces"` // workspace ids
	Presences  []string `json:"presences"`  // online, busy, away, offline
	Sort       Sort     `json:"sort"`
	Offset     int      `json:"offset"`
	Limit      int      `json:"limit"`
	// After is the Next of the previous page: the page starts right after that page's last
	// row (a keyset walk of the sort index, as fast deep in the list as at its start) and
	// Offset is ignored. A cursor made for another sort is refused (validation "after").
	After string `json:"after"`
}

// UserRow is one line of the user list (F2.1). It never holds secrets.
type UserRow struct {
	ID           string   `json:"id"`
	ShortID      string   `json:"shortId"`
	DisplayName  string   `json:"displayName"`
	FirstName    string   `json:"firstName"`
	LastName     string   `json:"lastName"`
	Username     string   `json:"username"`
	Email        string   `json:"email"`
	ProfileID    string   `json:"profileId"`
	ProfileName  string   `json:"profileName"`
	ProfileRole  string   `json:"profileRole"`
	ProfileIcon  string   `json:"profileIcon"`
	Role         string   `json:"role"`
	Extension    string   `json:"extension"`
	Status       string   `json:"status"`
	Presence     string   `json:"presence"`
	LastActiveAt string   `json:"lastActiveAt"`
	CreatedAt    string   `json:"createdAt"`
	AvatarID     string   `json:"avatarId"`
	Teams        []string `json:"teams"`
	Campaigns    []string `json:"campaigns"`
	Workspaces   []string `json:"workspaces"`
}

// Page is one page of the list and the number of rows matching in all.
type Page struct {
	Rows []UserRow `json:"rows"`
	// Total is the number of rows matching, counted for a first page (no After). A page
	// asked for with After is not counted again: Total is -1 and the window keeps the
	// total of the page it came from.
	Total int `json:"total"`
	// Next is the cursor of the page after this one ("" when this is the last).
	Next string `json:"next"`
}

// List returns one page of the users the actor may see (F2.1, F2.2): the Owner sees
// everyone, an administrator the users who share one of their workspaces; without the
// Users module it is permission_denied. Search matches name, username, e-mail and short id
// by word prefix, ignoring accents and case. The page is cut in SQL.
func (s *Service) List(ctx context.Context, a *access.Actor, q ListQuery) (*Page, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	if err := validPresences(q.Presences); err != nil {
		return nil, err
	}
	var after []any
	if q.After != "" {
		var err error
		if after, err = decodeCursor(q.After, q.Sort); err != nil {
			return nil, err
		}
	}
	where := s.listWhere(a, q)
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var (
		ids   []string
		last  []any
		total = -1
		err   error
	)
	if after == nil && searchQuery(q.Search) != "" {
		// The search drives: every match is found before the page can be sorted, so the
		// same statement counts them.
		ids, last, total, err = s.searchPageIDs(ctx, where, q.Sort, max(q.Offset, 0), limit)
	} else {
		ids, last, err = s.pageIDs(ctx, where, q.Sort, walksSortIndex(q), after, max(q.Offset, 0), limit)
	}
	if err != nil {
		return nil, err
	}
	page := &Page{Total: -1}
	if len(ids) == limit {
		page.Next = encodeCursor(q.Sort, last)
	}
	if after == nil {
		switch {
		case total >= 0:
			page.Total = total
		case q.Offset <= 0 && len(ids) < limit:
			// The whole list fits in this page: it is its own count.
			page.Total = len(ids)
		default:
			if page.Total, err = s.count(ctx, a, q, where); err != nil {
				return nil, err
			}
		}
	}
	if page.Rows, err = s.rowsByID(ctx, ids); err != nil {
		return nil, err
	}
	return page, nil
}

// count is the number of users matching a list query.
func (s *Service) count(ctx context.Context, a *access.Actor, q ListQuery, where sq.And) (int, error) {
	count := sq.Select("COUNT(*)").From("users u").Where(where)
	if ws, only := onlyWorkspaces(a, q); only {
		// The administrator's usual view: counting the workspace links of the workspaces
		// is several times faster than probing every user.
		count = sq.Select("COUNT(DISTINCT user_id)").From("user_workspaces").Where(sq.Eq{"workspace_id": ws})
	}
	var total int
	if err := s.read(ctx).QueryRow(count).Scan(&total); err != nil {
		return 0, apperr.Internal(err)
	}
	return total, nil
}

// Presences are the values of the presence filter.
var Presences = []string{"online", "busy", "away", "offline"}

// validPresences refuses a presence filter value other than online, busy, away and offline
// (validation on field "presences", rule "one_of").
func validPresences(ps []string) error {
	for _, p := range ps {
		if !slices.Contains(Presences, p) {
			return apperr.Validation("presences", "one_of").WithParam("allowed", Presences)
		}
	}
	return nil
}

// inSubquery is "col IN (sub)".
func inSubquery(col string, sub sq.SelectBuilder) sq.Sqlizer {
	query, args, err := sub.ToSql()
	if err != nil {
		return sq.Expr("0")
	}
	return sq.Expr(col+" IN ("+query+")", args...)
}

// inWorkspaces is "the user is in one of ws". Workspaces hold many users, so this is a
// correlated probe of the (user_id, workspace_id) index per candidate row rather than an
// IN list: building a list of half the users costs more than the probes, and the probe
// lets an indexed sort stop after one page. (Teams and campaigns are small: their IN
// lists drive the query instead.)
func inWorkspaces(ws []string) sq.Sqlizer {
	query, args, err := sq.Select("1").From("user_workspaces uw").
		Where(sq.Expr("uw.user_id = u.id")).Where(sq.Eq{"uw.workspace_id": ws}).ToSql()
	if err != nil {
		return sq.Expr("0")
	}
	return sq.Expr("EXISTS ("+query+")", args...)
}

// onlyWorkspaces reports whether a list query restricts users by workspace and by nothing
// else, and which workspaces then.
func onlyWorkspaces(a *access.Actor, q ListQuery) ([]string, bool) {
	if searchQuery(q.Search) != "" || len(q.Profiles)+len(q.Roles)+len(q.Statuses)+len(q.Teams)+len(q.Campaigns)+len(q.Presences) > 0 {
		return nil, false
	}
	return workspaceScope(a, q)
}

// workspaceScope is the one workspace condition of a list query, from the actor's scope and
// the workspace filter: the filtered workspaces the actor acts in. scoped is false when
// the Owner filters no workspace.
func workspaceScope(a *access.Actor, q ListQuery) (ws []string, scoped bool) {
	switch {
	case a.Role != access.Owner && len(q.Workspaces) > 0:
		return slices.DeleteFunc(slices.Clone(q.Workspaces), func(w string) bool { return !a.InWorkspace(w) }), true
	case a.Role != access.Owner:
		return a.Workspaces, true
	case len(q.Workspaces) > 0:
		return q.Workspaces, true
	}
	return nil, false
}

// listWhere is the WHERE of a list query: scope, search and filters.
//
// Which index drives the query matters more than anything at 100,000 users, and SQLite
// cannot tell without statistics that status, role and presence (three or four values)
// narrow nothing: left indexable, it scans most of users_status_idx and probes the search
// for each entry. So when something selective is there (the search, a profile, team or
// campaign filter) those three are written as +col, which no index serves, and the
// selective condition drives. With a search, the search drives, and the profile and status
// filters are part of its MATCH (searchMatch) rather than checked on each row it finds.
func (s *Service) listWhere(a *access.Actor, q ListQuery) sq.And {
	where := sq.And{}
	if ws, scoped := workspaceScope(a, q); scoped {
		where = append(where, inWorkspaces(ws))
	}
	m := searchQuery(q.Search)
	if m != "" {
		// The search drives, with the profile and status filters in the same MATCH (see
		// searchMatch): only the users it returns are read.
		where = append(where, sq.Expr("u.rowid IN (SELECT rowid FROM users_fts WHERE users_fts MATCH ?)", searchMatch(m, q)))
	}
	broad := "u."
	if m != "" || len(q.Profiles)+len(q.Teams)+len(q.Campaigns) > 0 {
		broad = "+u."
	}
	if len(q.Profiles) > 0 && m == "" {
		where = append(where, sq.Eq{"u.profile_id": q.Profiles})
	}
	if len(q.Roles) > 0 {
		where = append(where, sq.Eq{broad + "role": q.Roles})
	}
	if len(q.Statuses) > 0 && m == "" {
		where = append(where, sq.Eq{broad + "status": q.Statuses})
	}
	if len(q.Presences) > 0 {
		where = append(where, sq.Eq{broad + "presence": q.Presences})
	}
	if len(q.Teams) > 0 {
		where = append(where, inSubquery("u.id",
			sq.Select("user_id").From("team_members").Where(sq.Eq{"team_id": q.Teams})))
	}
	if len(q.Campaigns) > 0 {
		where = append(where, inSubquery("u.id",
			sq.Select("user_id").From("campaign_members").Where(sq.Eq{"campaign_id": q.Campaigns})))
	}
	return where
}

// searchMatch is the FTS5 query of a search (m, from searchQuery) with the list's profile and
// status filters: the typed words against the name, username, e-mail and short id columns,
// AND the filters' tokens in the filters column (migration 0140): one of the (status,
// profile) pair tokens when both filter, else one of the profiles' or of the statuses'. At
// 100,000 users "mar" matches 9,000 of them; intersecting posting lists in the index leaves
// the 250 active ones of two profiles before a single users row is read.
func searchMatch(m string, q ListQuery) string {
	match := "{display_name username email short_id} : (" + m + ")"
	var tokens []string
	switch {
	case len(q.Profiles) > 0 && len(q.Statuses) > 0:
		for _, st := range q.Statuses {
			for _, p := range q.Profiles {
				tokens = append(tokens, "q"+st+profileWord(p))
			}
		}
	case len(q.Profiles) > 0:
		for _, p := range q.Profiles {
			tokens = append(tokens, "p"+profileWord(p))
		}
	case len(q.Statuses) > 0:
		for _, st := range q.Statuses {
			tokens = append(tokens, "s"+st)
		}
	}
	if len(tokens) > 0 {
		// Each token is quoted as a phrase: an odd value, punctuation and all, then matches
		// exactly what the tokenizer made of the same text in a row, and never breaks the
		// query's syntax.
		for i, t := range tokens {
			tokens[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		match += " AND filters : (" + strings.Join(tokens, " OR ") + ")"
	}
	return match
}

// profileWord is a profile id as migration 0140 writes it in users_fts's filters column.
func profileWord(id string) string { return strings.ReplaceAll(id, "-", "") }

// walksSortIndex reports whether a page of q is best read by walking the name index
// (users_sort) and checking each user against the filters: the list is in name order and
// no selective condition (search, team, campaign, profile) could drive it instead. The
// page then stops after its 50 rows, wherever it is in the list.
func walksSortIndex(q ListQuery) bool {
	return (q.Sort.Field == "" || q.Sort.Field == SortName) && searchQuery(q.Search) == "" &&
		len(q.Teams)+len(q.Campaigns)+len(q.Profiles) == 0
}

// nameJoin is the join of the name order.
const nameJoin = "JOIN users_sort s ON s.rid = u.rowid"

// sortKeys are the expressions a sort orders by, the last one unique so pages are stable,
// the join they need and whether they run descending.
func sortKeys(so Sort) (keys []string, join string, desc bool) {
	tie := "u.id"
	switch so.Field {
	case SortUsername:
		keys = []string{"u.username"}
	case SortEmail:
		keys = []string{"u.email"}
	case SortRole:
		keys = []string{"u.role"}
	case SortProfile:
		keys, join = []string{"COALESCE(p.name, '') COLLATE NOCASE"}, "LEFT JOIN profiles p ON p.id = u.profile_id"
	case SortStatus:
		keys = []string{"u.status"}
	case SortLastActive:
		keys = []string{"u.last_active_at"}
	case SortCreated:
		keys = []string{"u.created_at"}
	default:
		// users_sort holds the accent-folded display name (plantel_fold, 0030_fold_function.sql).
		keys, join, tie = []string{"s.sort_name"}, nameJoin, "s.rid"
	}
	return append(keys, tie), join, so.Dir == "desc"
}

// pageIDs returns the ids of one page in order and the sort key values of its last row:
// the page after the row whose keys are after (a keyset walk of the sort index), or from
// offset when after is nil. limit < 0 returns all.
func (s *Service) pageIDs(ctx context.Context, where sq.And, so Sort, bySortIndex bool, after []any, offset, limit int) ([]string, []any, error) {
	keys, join, desc := sortKeys(so)
	base := sq.Select("u.id").From("users u")
	if bySortIndex && join == nameJoin {
		// CROSS JOIN keeps users_sort the outer loop: the name index drives.
		base, join = sq.Select("u.id").From("users_sort s CROSS JOIN users u ON u.rowid = s.rid"), ""
	}
	ids, last, err := store.KeysetPage(s.read(ctx), base.Where(where), "u.id", keys, join, desc, after, offset, limit)
	if store.IsBadCursor(err) {
		return nil, nil, apperr.Validation("after", "invalid")
	}
	return ids, last, err
}

// searchPageIDs is pageIDs for the first page of a search (no cursor), with the number of
// users matching in all (-1 when the page is empty: an offset past the end).
func (s *Service) searchPageIDs(ctx context.Context, where sq.And, so Sort, offset, limit int) ([]string, []any, int, error) {
	keys, join, desc := sortKeys(so)
	ids, last, total, err := store.KeysetPageTotal(s.read(ctx), sq.Select("u.id").From("users u").Where(where), keys, join, desc, offset, limit)
	if err != nil {
		return nil, nil, 0, err
	}
	return ids, last, total, nil
}

// listIDs returns the ids of the whole list in order (export).
func (s *Service) listIDs(ctx context.Context, where sq.And, so Sort) ([]string, error) {
	ids, _, err := s.pageIDs(ctx, where, so, false, nil, 0, -1)
	return ids, err
}

func sortName(so Sort) string { return so.Field + " " + so.Dir }

func encodeCursor(so Sort, keys []any) string { return store.EncodeCursor(sortName(so), keys) }

// decodeCursor reads a Page.Next back into the key values of the row to start after.
func decodeCursor(s string, so Sort) ([]any, error) {
	keys, err := store.DecodeCursor(s, sortName(so))
	if err != nil {
		return nil, apperr.Validation("after", "invalid")
	}
	return keys, nil
}
