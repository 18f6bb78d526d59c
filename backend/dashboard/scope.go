package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// scope is what the figures count: everything, some workspaces, or one user's own numbers.
type scope struct {
	kind       string
	workspaces []string // ScopeWorkspaces
	self       string   // ScopeOwn: the agent's id
	// holdsEveryClient: a ScopeWorkspaces whose workspaces hold every client (an
	// administrator of every workspace, say), so every follow-up too: its portfolio and
	// follow-up figures come from the Owner's tallies (0121_dashboard_scope_tallies.sql).
	holdsEveryClient bool
	// rows makes every figure of the scope grouped from the rows (tests compare the tallies
	// with it).
	rows bool
}

// setMeets is a condition on a column holding a set of workspace ids (sorted, joined by
// commas; user_set_tallies, holder_set_tallies): the set shares a workspace with the scope.
func (sc scope) setMeets(col string) sq.Sqlizer {
	or := sq.Or{}
	for _, ws := range sc.workspaces {
		or = append(or, sq.Expr("instr(',' || "+col+" || ',', ?) > 0", ","+ws+","))
	}
	if len(or) == 0 {
		return sq.Expr("0")
	}
	return or
}

// withCoverage sets holdsEveryClient of a ScopeWorkspaces from the clients per workspace.
func (sc scope) withCoverage(r store.Querier) (scope, error) {
	if sc.kind != ScopeWorkspaces || sc.rows {
		return sc, nil
	}
	var outside int
	if err := r.QueryRow(sq.Select("COUNT(*)").From("workspace_clients").Where("n > 0").
		Where(sq.NotEq{"workspace_id": sc.workspaces})).Scan(&outside); err != nil {
		return sc, apperr.Internal(err)
	}
	sc.holdsEveryClient = outside == 0
	return sc, nil
}

// scopeOf is the scope of actor a with the workspace filter ws (” = none).
func (s *Service) scopeOf(ctx context.Context, a *access.Actor, ws string) (scope, error) {
	switch {
	case a.Role == access.Agent:
		if ws != "" {
			return scope{}, apperr.NotFound().WithField("workspaceId")
		}
		return scope{kind: ScopeOwn, self: a.UserID}, nil
	case ws == "" && a.Role == access.Owner:
		return scope{kind: ScopeAll}, nil
	case ws == "":
		return scope{kind: ScopeWorkspaces, workspaces: slices.Clone(a.Workspaces)}, nil
	}
	var id string
	err := s.db.Reader(ctx).QueryRow(sq.Select("id").From("workspaces").Where(sq.Eq{"id": ws})).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.InWorkspace(ws)) {
		return scope{}, apperr.NotFound().WithField("workspaceId")
	}
	if err != nil {
		return scope{}, apperr.Internal(err)
	}
	return scope{kind: ScopeWorkspaces, workspaces: []string{ws}}, nil
}

// in is "col IN (sub)".
func in(col string, sub sq.SelectBuilder) sq.Sqlizer {
	query, args, err := sub.ToSql()
	if err != nil {
		return sq.Expr("0")
	}
	return sq.Expr(col+" IN ("+query+")", args...)
}

// usersWhere restricts users u to the scope: users linked to one of its workspaces. The
// unary + keeps SQLite from driving the query by id (one lookup per member): it scans the
// covering users_dash_idx and probes the workspace's id list instead, which is faster.
func (sc scope) usersWhere() sq.Sqlizer {
	switch sc.kind {
	case ScopeOwn:
		return sq.Eq{"u.id": sc.self}
	case ScopeWorkspaces:
		return in("+u.id", sq.Select("user_id").From("user_workspaces").Where(sq.Eq{"workspace_id": sc.workspaces}))
	}
	return sq.Expr("1")
}

// userInScope is a condition on the user whose id is the expression col: in the scope.
// Meant for a few rows (one probe each).
func (sc scope) userInScope(col string) sq.Sqlizer {
	switch sc.kind {
	case ScopeOwn:
		return sq.Expr(col+" = ?", sc.self)
	case ScopeWorkspaces:
		query, args, err := sq.Select("1").From("user_workspaces w").Where(sq.Expr("w.user_id = " + col)).
			Where(sq.Eq{"w.workspace_id": sc.workspaces}).ToSql()
		if err != nil {
			return sq.Expr("0")
		}
		return sq.Expr("EXISTS ("+query+")", args...)
	}
	return sq.Expr("1")
}

// campaignsWhere restricts campaigns c to the scope: an agent sees the campaigns they
// belong to.
func (sc scope) campaignsWhere() sq.Sqlizer {
	switch sc.kind {
	case ScopeOwn:
		return in("c.id", sq.Select("campaign_id").From("campaign_members").Where(sq.Eq{"user_id": sc.self}))
	case ScopeWorkspaces:
		return sq.Eq{"c.workspace_id": sc.workspaces}
	}
	return sq.Expr("1")
}

// portfoliosWhere restricts the portfolio sizes p (client_portfolios) to the scope.
func (sc scope) portfoliosWhere() sq.Sqlizer {
	switch sc.kind {
	case ScopeOwn:
		return sq.Eq{"p.owner_id": sc.self}
	case ScopeWorkspaces:
		return sq.Eq{"p.workspace_id": sc.workspaces}
	}
	return sq.Expr("1")
}

// followupsWhere restricts follow-ups f to the scope: those of the scope's clients, or an
// agent's own.
func (sc scope) followupsWhere() sq.Sqlizer {
	switch sc.kind {
	case ScopeOwn:
		return sq.Eq{"f.owner_id": sc.self}
	case ScopeWorkspaces:
		// One probe of the client per candidate follow-up (open, due before tomorrow): the
		// list of every client id of the workspaces, built on each load, cost twice as much
		// at 100,000 clients and grows with the clients, not the follow-ups.
		query, args, err := sq.Select("1").From("clients c").Where("c.id = f.client_id").
			Where(sq.Eq{"+c.workspace_id": sc.workspaces}).ToSql()
		if err != nil {
			return sq.Expr("0")
		}
		return sq.Expr("EXISTS ("+query+")", args...)
	}
	return sq.Expr("1")
}

// workspaceOptions are the workspaces the filter may choose: all for the Owner, their own
// for an administrator, none for an agent.
func workspaceOptions(r store.Querier, a *access.Actor) ([]Option, error) {
	b := sq.Select("id", "name").From("workspaces").Where(sq.Eq{"archived": 0}).OrderBy("name COLLATE NOCASE", "id")
	switch a.Role {
	case access.Owner:
	case access.Admin:
		b = b.Where(sq.Eq{"id": a.Workspaces})
	default:
		return []Option{}, nil
	}
	rows, err := r.Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Option{}
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, o)
	}
	return out, internal(rows.Err())
}
