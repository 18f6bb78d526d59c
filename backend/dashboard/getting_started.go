package dashboard

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
)

// GettingStarted is what the home page of a new organization needs to say what to do next:
// how many people (besides the signed-in one), custom profiles, teams, campaigns and clients
// there are in the actor's scope. Agents get nothing to set up (all zero, Applies false).
type GettingStarted struct {
	Applies        bool `json:"applies"` // the actor sets the organization up (Owner, administrator)
	People         int  `json:"people"`  // other users, pending invitations included
	CustomProfiles int  `json:"customProfiles"`
	Teams          int  `json:"teams"`
	Campaigns      int  `json:"campaigns"`
	Clients        int  `json:"clients"`
}

// GettingStarted counts, in one read, what an organization has set up: the Owner counts
// everything, an administrator their workspaces.
func (s *Service) GettingStarted(ctx context.Context, a *access.Actor) (*GettingStarted, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	g := &GettingStarted{}
	if a.Role != access.Owner && a.Role != access.Admin {
		return g, nil
	}
	g.Applies = true
	r := s.db.Reader(ctx)
	people := sq.Select("COUNT(*)").From("users u").Where(sq.NotEq{"u.id": a.UserID})
	teams := sq.Select("COUNT(*)").From("teams")
	campaigns := sq.Select("COUNT(*)").From("campaigns")
	clients := sq.Select("COUNT(*)").From("clients")
	if a.Role != access.Owner {
		ws := a.Workspaces
		if len(ws) == 0 {
			ws = []string{""}
		}
		people = people.Where(sq.Expr("EXISTS (SELECT 1 FROM user_workspaces uw WHERE uw.user_id = u.id AND uw.workspace_id IN ("+
			sq.Placeholders(len(ws))+"))", toAny(ws)...))
		teams = teams.Where(sq.Eq{"workspace_id": ws})
		campaigns = campaigns.Where(sq.Eq{"workspace_id": ws})
		clients = clients.Where(sq.Eq{"workspace_id": ws})
	}
	for _, c := range []struct {
		n *int
		q sq.SelectBuilder
	}{
		{&g.People, people},
		{&g.CustomProfiles, sq.Select("COUNT(*)").From("profiles").Where(sq.Eq{"builtin": 0})},
		{&g.Teams, teams}, {&g.Campaigns, campaigns}, {&g.Clients, clients},
	} {
		if err := r.QueryRow(c.q).Scan(c.n); err != nil {
			return nil, apperr.Internal(err)
		}
	}
	return g, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
