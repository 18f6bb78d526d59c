package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/org"
)

// TeamsService is bound to the window: teams and their members (F6).
type TeamsService struct {
	core *Core
	org  *org.Service
}

// NewTeamsService binds the teams service to core.
func NewTeamsService(core *Core) *TeamsService {
	return &TeamsService{core: core, org: org.New(core.Accounts.DB())}
}

var needTeams = access.Need{Module: access.ModTeams}

// List returns the teams the signed-in user sees, filtered.
func (s *TeamsService) List(q org.TeamQuery) ([]org.Team, error) {
	a, err := s.core.Actor(needTeams)
	if err != nil {
		return nil, err
	}
	t, err := s.org.Teams(s.core.Context(), a, q)
	return t, s.core.fail(err)
}

// Get returns a team with its members.
func (s *TeamsService) Get(id string) (*org.Team, error) {
	a, err := s.core.Actor(needTeams)
	if err != nil {
		return nil, err
	}
	t, err := s.org.GetTeam(s.core.Context(), a, id)
	return t, s.core.fail(err)
}

// Create adds a team with its members and returns it.
func (s *TeamsService) Create(in org.TeamInput) (*org.Team, error) {
	a, err := s.core.Actor(needTeams)
	if err != nil {
		return nil, err
	}
	id, err := s.org.CreateTeam(s.core.Context(), a, in)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Update saves a team and its whole member set and returns it.
func (s *TeamsService) Update(id string, in org.TeamInput) (*org.Team, error) {
	a, err := s.core.Actor(needTeams)
	if err != nil {
		return nil, err
	}
	if err := s.org.UpdateTeam(s.core.Context(), a, id, in); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Delete removes a team.
func (s *TeamsService) Delete(id string) error {
	a, err := s.core.Actor(needTeams)
	if err != nil {
		return err
	}
	return s.core.fail(s.org.DeleteTeam(s.core.Context(), a, id))
}
