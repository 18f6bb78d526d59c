package clients

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Sort fields of the client list (ListQuery.Sort.Field).
const (
	SortName      = "name"
	SortDocument  = "documentId"
	SortPhone     = "phone"
	SortEmail     = "email"
	SortOwner     = "owner"
	SortWorkspace = "workspace"
	SortCreated   = "created"
)

// Sort is a column and a direction ("asc" or "desc").
type Sort struct {
	Field string `json:"field"`
	Dir   string `json:"dir"`
}

// ListQuery is what the client list asks for: the search box, the filters (combined with
// AND; within owners, "unassigned" is one more accepted owner), the sort and the page.
type ListQuery struct {
	Search     string   `json:"search"`
	OwnerIDs   []string `json:"ownerIds"`   // clients of these users
	Unassigned bool     `json:"unassigned"` // clients of nobody (with OwnerIDs: either)
	Workspaces []string `json:"workspaces"` // workspace ids
	Tags       []string `json:"tags"`       // clients with any of these tags
	Sort       Sort     `json:"sort"`
	Offset     int      `json:"offset"`
	Limit      int      `json:"limit"`
	// After is the Next of the previous page: the page starts right after that page's last
	// row (keyset, as fast deep in the list as at its start) and Offset is ignored.
	After string `json:"after"`
}

// Client is one client as the list and the form show it.
type Client struct {
	ID            string   `json:"id"`
	ShortID       string   `json:"shortId"`
	Name          string   `json:"name"`
	DocumentID    string   `json:"documentId"`
	Phone         string   `json:"phone"`
	Email         string   `json:"email"`
	WorkspaceID   string   `json:"workspaceId"`
	WorkspaceName string   `json:"workspaceName"`
	Tags          []string `json:"tags"`
	Notes         string   `json:"notes"`
	OwnerID       string   `json:"ownerId"` // "" = unassigned
	OwnerName     string   `json:"ownerName"`
	OwnerUsername string   `json:"ownerUsername"`
	OwnerAvatarID string   `json:"ownerAvatarId"`
	OpenFollowups int      `json:"openFollowups"`
	CreatedAt     string   `json:"createdAt"`
	UpdatedAt     string   `json:"updatedAt"`
}

// Page is one page of the list and the number of clients matching in all.
type Page struct {
	Rows []Client `json:"rows"`
	// Total counts the matching clients for a first page (no After); a page asked for with
	// After is not counted again (-1: the window keeps the total it has).
	Total int `json:"total"`
	// Next is the cursor of the page after this one ("" when this is the last).
	Next string `json:"next"`
}

// List returns one page of the clients the actor may see (F8.1, F8.3, F8.4): searched,
// filtered, sorted and cut in SQL.
func (s *Service) List(ctx context.Context, a *access.Actor, q ListQuery) (*Page, error) {
	if err := access.Check(a, need); err != nil {
		return nil, err
	}
	var after []any
	if q.After != "" {
		var err error
		if after, err = store.DecodeCursor(q.After, q.Sort.Field+" "+q.Sort.Dir); err != nil {
			return nil, apperr.Validation("after", "invalid")
		}
	}
	where := listWhere(a, q)
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	keys, join, desc := sortKeys(q.Sort)
	base := sq.Select("c.id").From("clients c").Where(where)
	page := &Page{Total: -1}
	var ids []string
	var last []any
	var err error
	if after == nil && portfolioOnly(a, q) && searchWhere(q.Search, true) != nil {
		// One portfolio's search: one pass gives the page and the count.
		ids, last, page.Total, err = store.KeysetPageCounted(s.read(ctx), base, keys, join, desc, max(q.Offset, 0), limit)
	} else {
		ids, last, err = store.KeysetPage(s.read(ctx), base, "c.id", keys, join, desc, after, max(q.Offset, 0), limit)
	}
	if err != nil {
		if store.IsBadCursor(err) {
			return nil, apperr.Validation("after", "invalid")
		}
		return nil, err
	}
	if len(ids) == limit {
		page.Next = store.EncodeCursor(q.Sort.Field+" "+q.Sort.Dir, last)
	}
	if after == nil && page.Total < 0 {
		if q.Offset <= 0 && len(ids) < limit {
			page.Total = len(ids)
		} else if err := s.read(ctx).QueryRow(sq.Select("COUNT(*)").From("clients c").Where(where)).Scan(&page.Total); err != nil {
			return nil, apperr.Internal(err)
		}
	}
	if page.Rows, err = clientsByID(s.read(ctx), ids); err != nil {
		return nil, err
	}
	return page, nil
}

// portfolioOnly reports whether a list query is narrowed to portfolios: an agent's own, or
// an owner filter without unassigned clients.
func portfolioOnly(a *access.Actor, q ListQuery) bool {
	return a.Role == access.Agent || (len(q.OwnerIDs) > 0 && !q.Unassigned)
}

// listWhere is the WHERE of a list query: scope, search and filters.
func listWhere(a *access.Actor, q ListQuery) sq.And {
	where := sq.And{scope(a)}
	// An agent (scope) or an owner filter narrows the list to portfolios: the search then
	// checks those clients' search text one by one from the owner index (an agent's ~900
	// clients) instead of reading every trigram match of the whole file (~150,000 at
	// 1,000,000 clients) and keeping the few that are theirs.
	if m := searchWhere(q.Search, portfolioOnly(a, q)); m != nil {
		where = append(where, m)
	}
	owners := sq.Or{}
	if len(q.OwnerIDs) > 0 {
		owners = append(owners, sq.Eq{"c.owner_id": q.OwnerIDs})
	}
	if q.Unassigned {
		owners = append(owners, sq.Expr("c.owner_id IS NULL"))
	}
	if len(owners) > 0 {
		where = append(where, owners)
	}
	if len(q.Workspaces) > 0 {
		where = append(where, sq.Eq{"c.workspace_id": q.Workspaces})
	}
	if len(q.Tags) > 0 {
		sub, args, err := sq.Select("1").From("json_each(c.tags) t").Where(sq.Eq{"t.value": q.Tags}).ToSql()
		if err == nil {
			where = append(where, sq.Expr("EXISTS ("+sub+")", args...))
		}
	}
	return where
}

// sortKeys are the expressions a sort orders by (the last one unique, so pages are
// stable), the join they need and whether they run descending.
func sortKeys(so Sort) (keys []string, join string, desc bool) {
	tie := "c.id"
	switch so.Field {
	case SortDocument:
		keys = []string{"c.document_id"}
	case SortPhone:
		keys = []string{"c.phone"}
	case SortEmail:
		keys = []string{"c.email"}
	case SortOwner:
		// users_sort holds the accent-folded display name; unassigned last.
		keys, join = []string{"s.sort_name IS NULL", "COALESCE(s.sort_name, '')"},
			"LEFT JOIN users ou ON ou.id = c.owner_id LEFT JOIN users_sort s ON s.rid = ou.rowid"
	case SortWorkspace:
		keys, join = []string{"w.name COLLATE NOCASE"}, "JOIN workspaces w ON w.id = c.workspace_id"
	case SortCreated:
		keys = []string{"c.created_at"}
	default:
		// clients_sort holds the accent-folded name (plantel_fold); its index is (name_key, rid).
		keys, join, tie = []string{"s.name_key"}, "JOIN clients_sort s ON s.rid = c.rowid", "s.rid"
	}
	return append(keys, tie), join, so.Dir == "desc"
}

// clientsByID reads the clients of ids, in that order.
func clientsByID(q store.Querier, ids []string) ([]Client, error) {
	out := []Client{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(sq.Select("c.id", "c.name", "c.document_id", "c.phone", "c.email", "c.workspace_id",
		"COALESCE(w.name, '')", "c.tags", "c.notes", "COALESCE(c.owner_id, '')",
		"COALESCE("+names.SQL("u")+", '')", "COALESCE(u.username, '')", "COALESCE(u.avatar_id, '')",
		"(SELECT COUNT(*) FROM followups f WHERE f.client_id = c.id AND f.done = 0)", "c.created_at", "c.updated_at").
		From("clients c").LeftJoin("workspaces w ON w.id = c.workspace_id").LeftJoin("users u ON u.id = c.owner_id").
		Where(sq.Eq{"c.id": ids}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	byID := map[string]Client{}
	for rows.Next() {
		var c Client
		var tags string
		if err := rows.Scan(&c.ID, &c.Name, &c.DocumentID, &c.Phone, &c.Email, &c.WorkspaceID, &c.WorkspaceName,
			&tags, &c.Notes, &c.OwnerID, &c.OwnerName, &c.OwnerUsername, &c.OwnerAvatarID, &c.OpenFollowups,
			&c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, apperr.Internal(err)
		}
		c.Tags = parseTags(tags)
		c.ShortID = c.ID[max(0, len(c.ID)-8):]
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// Options are the choices of the list's filters and of the client form.
type Options struct {
	Workspaces []Ref    `json:"workspaces"` // the workspaces the actor acts in
	Tags       []string `json:"tags"`       // tags in use on clients the actor sees (at most 200)
}

// Ref is an id and a name.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Options returns the workspaces the actor may file clients in and the tags in use.
func (s *Service) Options(ctx context.Context, a *access.Actor) (*Options, error) {
	if err := access.Check(a, need); err != nil {
		return nil, err
	}
	o := &Options{Workspaces: []Ref{}, Tags: []string{}}
	b := sq.Select("id", "name").From("workspaces").Where(sq.Eq{"archived": 0}).OrderBy("name COLLATE NOCASE")
	if a.Role != access.Owner {
		b = b.Where(sq.Eq{"id": a.Workspaces})
	}
	rows, err := s.read(ctx).Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, apperr.Internal(err)
		}
		o.Workspaces = append(o.Workspaces, r)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	tags, err := store.Strings(s.read(ctx), sq.Select("DISTINCT t.value").From("clients c, json_each(c.tags) t").
		Where(scope(a)).OrderBy("t.value COLLATE NOCASE").Limit(200))
	if err != nil {
		return nil, err
	}
	o.Tags = tags
	return o, nil
}
