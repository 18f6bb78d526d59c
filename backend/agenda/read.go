package agenda

import (
	"context"
	"database/sql"
	"errors"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// selectFollowups is the follow-up read with its client and owner; the last column is the
// client's owner (for the rules, not shown).
func selectFollowups(cols ...string) sq.SelectBuilder {
	if len(cols) == 0 {
		cols = []string{"f.id", "f.client_id", "c.name", "c.phone", "c.workspace_id", "COALESCE(f.owner_id, '')",
			"COALESCE(" + names.SQL("u") + ", '')", "COALESCE(u.avatar_id, '')",
			"f.due_at", "f.note", "f.done", "f.done_at", "COALESCE(c.owner_id, '')"}
	}
	return sq.Select(cols...).From("followups f").
		Join("clients c ON c.id = f.client_id").
		LeftJoin("users u ON u.id = f.owner_id")
}

type scanner interface{ Scan(...any) error }

func scanFollowup(r scanner, now time.Time) (*Followup, string, error) {
	var f Followup
	var clientOwner string
	if err := r.Scan(&f.ID, &f.ClientID, &f.ClientName, &f.ClientPhone, &f.WorkspaceID, &f.OwnerID, &f.OwnerName,
		&f.OwnerAvatarID, &f.DueAt, &f.Note, &f.Done, &f.DoneAt, &clientOwner); err != nil {
		return nil, "", err
	}
	f.Overdue = !f.Done && f.DueAt < store.Timestamp(now)
	return &f, clientOwner, nil
}

func (s *Service) collect(q store.Querier, b sq.SelectBuilder) ([]Followup, error) {
	rows, err := q.Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	now := s.now()
	out := []Followup{}
	for rows.Next() {
		f, _, err := scanFollowup(rows, now)
		if err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, *f)
	}
	return out, wrap(rows.Err())
}

// load reads follow-up id if the actor may see it; not_found otherwise (a follow-up outside
// the actor's scope does not exist for them).
func (s *Service) load(q store.Querier, a *access.Actor, id string) (*Followup, error) {
	f, clientOwner, err := scanFollowup(q.QueryRow(selectFollowups().Where(sq.Eq{"f.id": id})), s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if !seesFollowup(a, f, clientOwner) {
		return nil, apperr.NotFound()
	}
	return f, nil
}

// Get returns one follow-up the actor may see.
func (s *Service) Get(ctx context.Context, a *access.Actor, id string) (*Followup, error) {
	return s.load(s.db.Reader(ctx), a, id)
}

// RangeQuery asks for the follow-ups due on the days From up to and excluding To
// ("YYYY-MM-DD"), as calendar days in Zone (the workstation's time zone, LoadZone), of the
// given owners (none: every owner the actor sees). At most 62 days.
type RangeQuery struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	Zone     string   `json:"zone"`
	OwnerIDs []string `json:"ownerIds"`
}

// RangeResult is a calendar range: its follow-ups by due time, the UTC bounds it covered, and
// whether it held more than MaxRange.
type RangeResult struct {
	Items     []Followup `json:"items"`
	FromUTC   string     `json:"fromUtc"`
	ToUTC     string     `json:"toUtc"`
	Truncated bool       `json:"truncated"`
}

// Range returns the follow-ups due in a range of local days (the day, week and month views).
func (s *Service) Range(ctx context.Context, a *access.Actor, q RangeQuery) (*RangeResult, error) {
	loc, err := LoadZone(q.Zone)
	if err != nil {
		return nil, err
	}
	from, to, err := DaysBounds(q.From, q.To, loc)
	if err != nil {
		return nil, err
	}
	if err := checkOwnersFilter(a, q.OwnerIDs); err != nil {
		return nil, err
	}
	b := scoped(selectFollowups(), a).
		Where(sq.GtOrEq{"f.due_at": store.Timestamp(from)}).Where(sq.Lt{"f.due_at": store.Timestamp(to)}).
		OrderBy("f.due_at", "c.name", "f.id").Limit(MaxRange + 1)
	b = byOwners(b, q.OwnerIDs)
	items, err := s.collect(s.db.Reader(ctx), b)
	if err != nil {
		return nil, err
	}
	res := &RangeResult{Items: items, FromUTC: store.Timestamp(from), ToUTC: store.Timestamp(to)}
	if len(items) > MaxRange {
		res.Items, res.Truncated = items[:MaxRange], true
	}
	return res, nil
}

// Status filters the list view.
const (
	StatusOpen    = "open"    // not done, by due time (overdue first)
	StatusOverdue = "overdue" // not done and due before now
	StatusToday   = "today"   // not done and due from now to the end of today in Zone (the Counts' "due today")
	StatusDone    = "done"    // done, latest due first
	StatusAll     = "all"     // everything, latest due first
)

// ListQuery asks for one page of the list view.
type ListQuery struct {
	OwnerIDs []string `json:"ownerIds"`
	ClientID string   `json:"clientId"`
	Status   string   `json:"status"` // StatusOpen (default), StatusOverdue, StatusToday, StatusDone, StatusAll
	Zone     string   `json:"zone"`   // the workstation's time zone, for StatusToday ("" = UTC)
	Offset   int      `json:"offset"`
	Limit    int      `json:"limit"` // 1..200, default 50
}

// Page is one page of the list view and the total it is part of.
type Page struct {
	Items []Followup `json:"items"`
	Total int        `json:"total"`
}

// List returns one page of the follow-ups the actor sees.
func (s *Service) List(ctx context.Context, a *access.Actor, q ListQuery) (*Page, error) {
	if err := checkOwnersFilter(a, q.OwnerIDs); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, 200)
	q.Offset = max(q.Offset, 0)
	now := s.now()
	var endOfDay time.Time
	if q.Status == StatusToday {
		loc, err := LoadZone(q.Zone)
		if err != nil {
			return nil, err
		}
		_, endOfDay = Today(now, loc)
	}
	filter := func(b sq.SelectBuilder) (sq.SelectBuilder, error) {
		b = byOwners(scoped(b, a), q.OwnerIDs)
		if q.ClientID != "" {
			b = b.Where(sq.Eq{"f.client_id": q.ClientID})
		}
		switch q.Status {
		case "", StatusOpen:
			b = b.Where(sq.Eq{"f.done": false})
		case StatusOverdue:
			b = b.Where(sq.Eq{"f.done": false}).Where(sq.Lt{"f.due_at": store.Timestamp(now)})
		case StatusToday:
			b = b.Where(sq.Eq{"f.done": false}).
				Where(sq.GtOrEq{"f.due_at": store.Timestamp(now)}).Where(sq.Lt{"f.due_at": store.Timestamp(endOfDay)})
		case StatusDone:
			b = b.Where(sq.Eq{"f.done": true})
		case StatusAll:
		default:
			return b, apperr.Validation("status", "one_of")
		}
		return b, nil
	}
	r := s.db.Reader(ctx)
	cb, err := filter(selectFollowups("COUNT(*)"))
	if err != nil {
		return nil, err
	}
	var p Page
	if err := r.QueryRow(cb).Scan(&p.Total); err != nil {
		return nil, apperr.Internal(err)
	}
	b, _ := filter(selectFollowups())
	if q.Status == "" || q.Status == StatusOpen || q.Status == StatusOverdue || q.Status == StatusToday {
		b = b.OrderBy("f.due_at", "f.id")
	} else {
		b = b.OrderBy("f.due_at DESC", "f.id DESC")
	}
	p.Items, err = s.collect(r, b.Offset(uint64(q.Offset)).Limit(uint64(q.Limit)))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Counts are the agenda's badges: open follow-ups due before now, and open ones due from now
// to the end of today (the workstation's day). The two never overlap.
type Counts struct {
	Overdue  int `json:"overdue"`
	DueToday int `json:"dueToday"`
}

// Counts returns the overdue and due-today counts of the given owners (none: all the actor
// sees) with "today" in zone.
func (s *Service) Counts(ctx context.Context, a *access.Actor, zone string, ownerIDs []string) (*Counts, error) {
	loc, err := LoadZone(zone)
	if err != nil {
		return nil, err
	}
	if err := checkOwnersFilter(a, ownerIDs); err != nil {
		return nil, err
	}
	now := s.now()
	_, end := Today(now, loc)
	nowS, endS := store.Timestamp(now), store.Timestamp(end)
	b := sq.Select().
		Column(sq.Expr("COALESCE(SUM(CASE WHEN f.due_at < ? THEN 1 ELSE 0 END), 0)", nowS)).
		Column(sq.Expr("COALESCE(SUM(CASE WHEN f.due_at >= ? AND f.due_at < ? THEN 1 ELSE 0 END), 0)", nowS, endS)).
		From("followups f").Join("clients c ON c.id = f.client_id").Where(sq.Eq{"f.done": false})
	b = byOwners(scoped(b, a), ownerIDs)
	var c Counts
	if err := s.db.Reader(ctx).QueryRow(b).Scan(&c.Overdue, &c.DueToday); err != nil {
		return nil, apperr.Internal(err)
	}
	return &c, nil
}

// ClientOption is a client offered in the "New follow-up" picker.
type ClientOption struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	OwnerID   string `json:"ownerId"`
	OwnerName string `json:"ownerName"`
}

// SearchClients finds up to limit (1..50, default 20) clients the actor may plan follow-ups
// on, by name, phone, e-mail or document id.
func (s *Service) SearchClients(ctx context.Context, a *access.Actor, query string, limit int) ([]ClientOption, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	b := sq.Select("c.id", "c.name", "c.phone", "COALESCE(c.owner_id, '')",
		"COALESCE("+names.SQL("u")+", '')").
		From("clients c").LeftJoin("users u ON u.id = c.owner_id").OrderBy("c.name COLLATE NOCASE", "c.id").Limit(uint64(limit))
	switch a.Role {
	case access.Owner:
	case access.Admin:
		if len(a.Workspaces) == 0 {
			return []ClientOption{}, nil
		}
		b = b.Where(sq.Eq{"c.workspace_id": a.Workspaces})
	default:
		b = b.Where(sq.Eq{"c.owner_id": a.UserID})
	}
	if like := textin.Like(query); like != "" {
		b = b.Where(sq.Or{sq.Expr(`c.name LIKE ? ESCAPE '\'`, like), sq.Expr(`c.phone LIKE ? ESCAPE '\'`, like),
			sq.Expr(`c.email LIKE ? ESCAPE '\'`, like), sq.Expr(`c.document_id LIKE ? ESCAPE '\'`, like)})
	}
	rows, err := s.db.Reader(ctx).Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []ClientOption{}
	for rows.Next() {
		var o ClientOption
		if err := rows.Scan(&o.ID, &o.Name, &o.Phone, &o.OwnerID, &o.OwnerName); err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, o)
	}
	return out, wrap(rows.Err())
}

// checkOwnersFilter: an agent may ask only for their own agenda.
func checkOwnersFilter(a *access.Actor, ownerIDs []string) error {
	if a.Role != access.Agent {
		return nil
	}
	for _, id := range ownerIDs {
		if id != a.UserID {
			return apperr.PermissionDenied()
		}
	}
	return nil
}

func byOwners(b sq.SelectBuilder, ownerIDs []string) sq.SelectBuilder {
	if len(ownerIDs) == 0 {
		return b
	}
	return b.Where(sq.Eq{"f.owner_id": ownerIDs})
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}
