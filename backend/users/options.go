package users

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
)

// ProfileRef is a profile as the list's filter and the user form offer it.
type ProfileRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"` // admin or agent
	Icon string `json:"icon"`
}

// FilterOptions are the values the list's filters and the user form offer the actor:
// the profiles, teams, campaigns and workspaces of the actor's scope.
type FilterOptions struct {
	Profiles   []ProfileRef `json:"profiles"`
	Teams      []Ref        `json:"teams"`
	Campaigns  []Ref        `json:"campaigns"`
	Workspaces []Ref        `json:"workspaces"`
}

// Options returns the filter and form choices for the actor (Users module).
func (s *Service) Options(ctx context.Context, a *access.Actor) (*FilterOptions, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	r := s.read(ctx)
	o := &FilterOptions{Profiles: []ProfileRef{}, Teams: []Ref{}, Campaigns: []Ref{}, Workspaces: []Ref{}}
	ps := sq.Select("id", "name", "role", "icon").From("profiles").OrderBy("role", "name")
	if a.Role != access.Owner { // the organization-wide profiles and those of the actor's workspaces
		ps = ps.Where(sq.Or{sq.Eq{"workspace_id": ""}, sq.Eq{"workspace_id": a.Workspaces}})
	}
	rows, err := r.Query(ps)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	for rows.Next() {
		var p ProfileRef
		if err := rows.Scan(&p.ID, &p.Name, &p.Role, &p.Icon); err != nil {
			rows.Close()
			return nil, apperr.Internal(err)
		}
		o.Profiles = append(o.Profiles, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	ws := sq.Select("id", "name").From("workspaces").Where(sq.Eq{"archived": 0}).OrderBy("name")
	cs := sq.Select("id", "name").From("campaigns").OrderBy("name")
	ts := sq.Select("id", "name").From("teams").OrderBy("name")
	if a.Role != access.Owner {
		// Teams are scoped like campaigns: another workspace's team names are not the actor's
		// to see (issue 12).
		ws = ws.Where(sq.Eq{"id": a.Workspaces})
		cs = cs.Where(sq.Eq{"workspace_id": a.Workspaces})
		ts = ts.Where(sq.Eq{"workspace_id": a.Workspaces})
	}
	for _, q := range []struct {
		b  sq.SelectBuilder
		to *[]Ref
	}{{ws, &o.Workspaces}, {cs, &o.Campaigns}, {ts, &o.Teams}} {
		if err := eachPair(r, q.b, func(id, name string) { *q.to = append(*q.to, Ref{ID: id, Name: name}) }); err != nil {
			return nil, err
		}
	}
	return o, nil
}
