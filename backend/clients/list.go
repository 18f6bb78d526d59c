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
	Rows  []Client `json:"rows"`
	Total int      `json:"total"`
}

// List returns one page of the clients the actor may see (F8.1, F8.3, F8.4): searched,
// filtered, sorted and cut in SQL.
func (s *Service) List(ctx context.Context, a *access.Actor, q ListQuery) (*Page, error) {
	if err := access.Check(a, need); err != nil {
		return nil, err
	}
	where := listWhere(a, q)
	var total int
	if err := s.read(ctx).QueryRow(sq.Select("COUNT(*)").From("clients c").Where(where)).Scan(&total); err != nil {
		return nil, apperr.Internal(err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	cols, join := orderBy(q.Sort)
	b := sq.Select("c.id").From("clients c").Where(where).OrderBy(cols...).
		Limit(uint64(limit)).Offset(uint64(max(q.Offset, 0)))
	if join != "" {
		b = b.JoinClause(join)
	}
	ids, err := store.Strings(s.read(ctx), b)
	if err != nil {
		return nil, err
	}
	rows, err := clientsByID(s.read(ctx), ids)
	if err != nil {
		return nil, err
	}
	return &Page{Rows: rows, Total: total}, nil
}

// listWhere is the WHERE of a list query: scope, search and filters.
func listWhere(a *access.Actor, q ListQuery) sq.And {
	where := sq.And{scope(a)}
	if m := searchWhere(q.Search); m != nil {
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

// orderBy is the ORDER BY of a sort and the join it needs; every order ends with the id
// so pages are stable.
func orderBy(so Sort) (cols []string, join string) {
	dir := " ASC"
	if so.Dir == "desc" {
		dir = " DESC"
	}
	switch so.Field {
	case SortDocument:
		cols = []string{"c.document_id"}
	case SortPhone:
		cols = []string{"c.phone"}
	case SortEmail:
		cols = []string{"c.email"}
	case SortOwner:
		// users_sort holds the accent-folded display name (0003_people.sql); unassigned last.
		cols, join = []string{"s.sort_name IS NULL", "s.sort_name"}, "LEFT JOIN users ou ON ou.id = c.owner_id LEFT JOIN users_sort s ON s.rid = ou.rowid"
	case SortWorkspace:
		cols, join = []string{"w.name COLLATE NOCASE"}, "JOIN workspaces w ON w.id = c.workspace_id"
	case SortCreated:
		cols = []string{"c.created_at"}
	default:
		// clients_sort holds the accent-folded name (migration 0008_clients.sql).
		cols, join = []string{"s.name_key"}, "JOIN clients_sort s ON s.rid = c.rowid"
	}
	out := make([]string, 0, len(cols)+1)
	for _, c := range append(cols, "c.id") {
		out = append(out, c+dir)
	}
	return out, join
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
