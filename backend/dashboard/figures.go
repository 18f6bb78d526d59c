// Package dashboard computes the figures of the dashboard (PRODUCT.md F11.2): users by
// status and profile, presence now, campaign staffing, portfolio sizes and follow-ups due,
// each as one SQL aggregate over the actor's scope, so it stays fast on 100,000 users and
// 100,000 clients.
package dashboard

import (
	"context"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// DefaultTop is how many owners the portfolio and follow-up figures name one by one.
const DefaultTop = 10

// MaxTop bounds Query.Top.
const MaxTop = 50

// Scopes of the figures (Figures.Scope).
const (
	ScopeAll        = "all"        // the Owner without a workspace filter: everything
	ScopeWorkspaces = "workspaces" // one or more workspaces (an administrator's, or the filter)
	ScopeOwn        = "own"        // an agent with the Reports module: only their own numbers
)

// Query is what the dashboard asks for: an optional workspace filter (” = every workspace
// the actor acts in) and how many owners to name in the portfolio and follow-up figures.
type Query struct {
	WorkspaceID string `json:"workspaceId"`
	Top         int    `json:"top"`
}

// Option is a workspace the filter may choose.
type Option struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Count is one bar or slice: a key (a status, a presence) and how many.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// ProfileCount is how many users of the scope have one profile. The Owner, who has no
// profile, is counted under ID "" and role "owner".
type ProfileCount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"` // owner, admin, agent: the window colours admin light blue, agent orange
	Icon string `json:"icon"`
	// Builtin marks the two built-in profiles, whose names the window shows in its language.
	Builtin bool `json:"builtin"`
	Count   int  `json:"count"`
}

// UsersFigures are the users of the scope by status, profile and presence.
type UsersFigures struct {
	Total     int            `json:"total"`
	ByStatus  []Count        `json:"byStatus"`  // active, inactive, pending (always all three)
	ByProfile []ProfileCount `json:"byProfile"` // largest first
	// Presence counts the active users only (online, busy, away, offline, always all four).
	Presence []Count `json:"presence"`

	activeAgents int // for the portfolio figures' owners without clients
}

// CampaignStaff is the staffing of one campaign.
type CampaignStaff struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	WorkspaceID string `json:"workspaceId"`
	Active      bool   `json:"active"`
	Agents      int    `json:"agents"`
	Supervisors int    `json:"supervisors"`
}

// CampaignFigures are the campaigns of the scope with their members per campaign role.
type CampaignFigures struct {
	Total  int             `json:"total"`
	Active int             `json:"active"`
	Staff  []CampaignStaff `json:"staff"` // active first, then by name
}

// OwnerCount is the portfolio size of one user.
type OwnerCount struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
	Count  int    `json:"count"`
}

// PortfolioFigures are the client portfolios of the scope. Owners are every user holding
// a client of the scope plus every active agent of the scope holding none (size 0).
type PortfolioFigures struct {
	Clients     int          `json:"clients"`     // clients of the scope
	Unassigned  int          `json:"unassigned"`  // of them, in nobody's portfolio
	Owners      int          `json:"owners"`      // users counted below
	Top         []OwnerCount `json:"top"`         // the Top largest portfolios, largest first
	RestOwners  int          `json:"restOwners"`  // owners not in Top
	RestClients int          `json:"restClients"` // their clients
	Min         int          `json:"min"`
	Median      float64      `json:"median"`
	Max         int          `json:"max"`
}

// OwnerFollowups is how many open follow-ups of one user are overdue or due today.
type OwnerFollowups struct {
	UserID  string `json:"userId"` // '' = nobody's (the client is unassigned)
	Name    string `json:"name"`
	Overdue int    `json:"overdue"`
	Today   int    `json:"today"`
}

// FollowupFigures count open follow-ups of the scope's clients as the agenda does: overdue
// (due before now) and due today (from now to the end of the workstation's local day).
type FollowupFigures struct {
	Overdue    int              `json:"overdue"`
	Today      int              `json:"today"`
	ByOwner    []OwnerFollowups `json:"byOwner"` // the Top owners with most overdue + today
	RestOwners int              `json:"restOwners"`
}

// Figures is everything the dashboard shows, in one answer.
type Figures struct {
	Scope       string           `json:"scope"`
	WorkspaceID string           `json:"workspaceId"` // the filter applied ('' = none)
	Workspaces  []Option         `json:"workspaces"`  // what the filter may choose
	Today       string           `json:"today"`       // YYYY-MM-DD, the local day of the follow-up figures
	Users       UsersFigures     `json:"users"`
	Campaigns   CampaignFigures  `json:"campaigns"`
	Portfolio   PortfolioFigures `json:"portfolio"`
	Followups   FollowupFigures  `json:"followups"`
}

// Service computes the dashboard.
type Service struct {
	db  *store.DB
	loc *time.Location
}

// New builds the dashboard service on db; days are those of the workstation's time zone.
func New(db *store.DB) *Service { return &Service{db: db, loc: time.Local} }

// WithLocation returns a copy that counts days in loc (tests).
func (s *Service) WithLocation(loc *time.Location) *Service { c := *s; c.loc = loc; return &c }

// Figures returns the dashboard of actor a. It needs the Reports module
// (permission_denied otherwise). The Owner sees every workspace, an administrator their
// workspaces, an agent only their own numbers; a workspace filter outside the actor's
// workspaces is not_found (an agent may not filter).
func (s *Service) Figures(ctx context.Context, a *access.Actor, q Query) (*Figures, error) {
	if err := access.Check(a, access.Need{Module: access.ModReports}); err != nil {
		return nil, err
	}
	sc, err := s.scopeOf(ctx, a, q.WorkspaceID)
	if err != nil {
		return nil, err
	}
	top := q.Top
	if top <= 0 {
		top = DefaultTop
	}
	top = min(top, MaxTop)
	r := s.db.Reader(ctx)
	if sc, err = sc.withCoverage(r); err != nil {
		return nil, err
	}
	now := s.db.Now().In(s.loc)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.loc)
	f := &Figures{Scope: sc.kind, WorkspaceID: q.WorkspaceID, Today: day.Format(time.DateOnly)}
	if f.Workspaces, err = workspaceOptions(r, a); err != nil {
		return nil, err
	}
	if f.Users, err = usersFigures(r, sc); err != nil {
		return nil, err
	}
	if f.Campaigns, err = campaignFigures(r, sc); err != nil {
		return nil, err
	}
	if f.Portfolio, err = portfolioFigures(r, sc, top, f.Users.activeAgents); err != nil {
		return nil, err
	}
	if sc.kind == ScopeAll || sc.holdsEveryClient {
		if err := s.keepCutoffNear(ctx, now); err != nil {
			return nil, err
		}
		f.Followups, err = s.followupFiguresAll(ctx, now, day, top)
	} else {
		f.Followups, err = followupFigures(r, sc, now, day, top)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// internal wraps a read error.
func internal(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*apperr.Error); ok {
		return err
	}
	return apperr.Internal(err)
}
