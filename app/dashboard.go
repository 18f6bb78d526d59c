package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/dashboard"
)

// DashboardService is bound to the window: the figures of the dashboard (F11.2).
type DashboardService struct {
	core *Core
	dash *dashboard.Service
}

// NewDashboardService binds the dashboard service to core.
func NewDashboardService(core *Core) *DashboardService {
	return &DashboardService{core: core, dash: dashboard.New(core.Accounts.DB())}
}

// Figures returns every figure of the dashboard for the signed-in user's scope (Owner:
// all workspaces; administrator: theirs; agent with the Reports module: their own), with an
// optional workspace filter.
func (s *DashboardService) Figures(q dashboard.Query) (*dashboard.Figures, error) {
	a, err := s.core.Actor(access.Need{Module: access.ModReports})
	if err != nil {
		return nil, err
	}
	f, err := s.dash.Figures(s.core.Context(), a, q)
	return f, s.core.fail(err)
}

// GettingStarted says what a new organization has set up, for the home page's "what to do
// next" (people, profiles, teams, campaigns, clients); any signed-in user may ask, agents get
// an empty answer.
func (s *DashboardService) GettingStarted() (*dashboard.GettingStarted, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	g, err := s.dash.GettingStarted(s.core.Context(), a)
	return g, s.core.fail(err)
}
