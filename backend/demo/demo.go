// Package demo creates a realistic demo organization on a freshly set-up database: three
// workspaces (Madrid, Kraków, São Paulo), 150 staff with Spanish, Polish and Portuguese
// names, 12 teams, 10 campaigns, 5,000 clients and their follow-ups. It is deterministic (a
// seeded random source) and writes through the one write path, so every row is audited
// and synced like any other.
package demo

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// Password is the password of every demo staff member (documented in the window's note
// after the demo is created, and in docs/bindings.md), so anyone trying Plantel can sign
// in as an administrator or an agent. It is hashed once per demo and never logged.
const Password = "plantel-demo-2026"

// DefaultSeed is the seed of the demo organization: every demo is the same organization.
const DefaultSeed uint64 = 20261123

// The demo organization's size.
const (
	Users     = 150
	Teams     = 12
	Campaigns = 10
	Clients   = 5000
)

// CodeNotEmpty: the demo is created only on an organization that has nobody but its Owner
// and no clients yet.
const CodeNotEmpty = "demo_not_empty"

// Summary is what Create made.
type Summary struct {
	Workspaces int    `json:"workspaces"`
	Users      int    `json:"users"`
	Teams      int    `json:"teams"`
	Campaigns  int    `json:"campaigns"`
	Clients    int    `json:"clients"`
	Followups  int    `json:"followups"`
	Password   string `json:"password"`   // the demo staff's password (Password)
	AdminLogin string `json:"adminLogin"` // a demo administrator to sign in as
	AgentLogin string `json:"agentLogin"` // a demo agent with the Reports module
	ElapsedMs  int64  `json:"elapsedMs"`
}

// Service creates demo organizations.
type Service struct {
	db     *store.DB
	hasher auth.Hasher
	log    zerolog.Logger
	seed   uint64
	loc    *time.Location
}

// New builds the demo service; hasher hashes the one demo password.
func New(db *store.DB, hasher auth.Hasher, log zerolog.Logger) *Service {
	return &Service{db: db, hasher: hasher, log: log, seed: DefaultSeed, loc: time.Local}
}

// WithSeed returns a copy drawing another organization (tests).
func (s *Service) WithSeed(seed uint64) *Service { c := *s; c.seed = seed; return &c }

// WithLocation returns a copy whose "today" is that of loc (tests).
func (s *Service) WithLocation(loc *time.Location) *Service { c := *s; c.loc = loc; return &c }

// Create fills the organization of ownerID with the demo, as ownerID. It refuses with
// demo_not_empty when anyone but the Owner, or any client, exists already.
func (s *Service) Create(ctx context.Context, ownerID string) (*Summary, error) {
	start := time.Now()
	r := s.db.Reader(ctx)
	var others, clients int
	if err := r.QueryRow(sq.Select("COUNT(*)").From("users").Where(sq.NotEq{"id": ownerID})).Scan(&others); err != nil {
		return nil, apperr.Internal(err)
	}
	if err := r.QueryRow(sq.Select("COUNT(*)").From("clients")).Scan(&clients); err != nil {
		return nil, apperr.Internal(err)
	}
	if others > 0 || clients > 0 {
		return nil, apperr.New(CodeNotEmpty)
	}
	hash, err := s.hasher.Hash(Password)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	existing, err := s.existing(ctx)
	if err != nil {
		return nil, err
	}
	wsIDs, newWS := make([]string, len(sites)), make([]bool, len(sites))
	for i, site := range sites {
		if id, ok := existing.workspaces[strings.ToLower(site.name)]; ok {
			wsIDs[i] = id
		} else {
			wsIDs[i], newWS[i] = store.NewID(), true
		}
	}
	profiles := map[string]string{"Administrator": existing.adminProfile, "Agent": existing.agentProfile}
	newProfiles := []customProfile{}
	for _, cp := range customProfiles {
		if id, ok := existing.profiles[strings.ToLower(cp.name)]; ok {
			profiles[cp.name] = id
		} else {
			profiles[cp.name] = store.NewID()
			newProfiles = append(newProfiles, cp)
		}
	}
	p := newPlan(s.seed, s.db.Now().In(s.loc), wsIDs, profiles, existing.taken)
	err = s.db.Write(ctx, ownerID, func(tx *store.Tx) error {
		for i, site := range sites {
			if newWS[i] {
				if err := tx.Insert("workspaces", wsIDs[i], store.Fields{"name": site.name}); err != nil {
					return err
				}
			}
			if !existing.ownerIn[wsIDs[i]] {
				if err := link(tx, ownerID, wsIDs[i]); err != nil {
					return err
				}
			}
		}
		for _, cp := range newProfiles {
			modules, _ := json.Marshal(cp.modules)
			if err := tx.Insert("profiles", profiles[cp.name], store.Fields{"name": cp.name, "role": cp.role,
				"icon": cp.icon, "description": cp.description, "modules": string(modules)}); err != nil {
				return err
			}
		}
		return writeUsers(tx, p, hash)
	})
	if err != nil {
		return nil, err
	}
	if err := s.db.Write(ctx, ownerID, func(tx *store.Tx) error { return writeTeamsAndCampaigns(tx, p) }); err != nil {
		return nil, err
	}
	if err := s.db.Write(ctx, ownerID, func(tx *store.Tx) error { return writeClients(tx, p) }); err != nil {
		return nil, err
	}
	sum := &Summary{Workspaces: len(sites), Users: len(p.Users), Teams: len(p.Teams), Campaigns: len(p.Campaigns),
		Clients: len(p.Clients), Followups: len(p.Followups), Password: Password,
		ElapsedMs: time.Since(start).Milliseconds()}
	for _, u := range p.Users {
		if sum.AdminLogin == "" && u.Role == "admin" && u.Status == "active" {
			sum.AdminLogin = u.Username
		}
		if sum.AgentLogin == "" && u.Profile == "Agente sénior" && u.Status == "active" {
			sum.AgentLogin = u.Username
		}
	}
	s.log.Info().Int("users", sum.Users).Int("clients", sum.Clients).Int("followups", sum.Followups).
		Int64("elapsed_ms", sum.ElapsedMs).Msg("demo organization created")
	return sum, nil
}

// existingState is what the demo must fit around.
type existingState struct {
	workspaces   map[string]string // lower-case name → id
	profiles     map[string]string // lower-case name → id (custom ones)
	adminProfile string            // the built-in profiles
	agentProfile string
	ownerIn      map[string]bool // workspaces the Owner is in
	taken        map[string]bool // usernames and e-mail addresses in use
}

func (s *Service) existing(ctx context.Context) (*existingState, error) {
	e := &existingState{workspaces: map[string]string{}, profiles: map[string]string{}, ownerIn: map[string]bool{},
		taken: map[string]bool{}}
	db := s.db.Read()
	scan := func(query string, fn func(a, b string)) error {
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			return apperr.Internal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				return apperr.Internal(err)
			}
			fn(a, b)
		}
		if err := rows.Err(); err != nil {
			return apperr.Internal(err)
		}
		return nil
	}
	steps := []struct {
		q  string
		fn func(a, b string)
	}{
		{`SELECT id, name FROM workspaces`, func(id, name string) { e.workspaces[strings.ToLower(name)] = id }},
		{`SELECT id, name || '|' || role || '|' || builtin FROM profiles`, func(id, v string) {
			switch parts := strings.Split(v, "|"); {
			case parts[2] == "1" && parts[1] == "admin":
				e.adminProfile = id
			case parts[2] == "1" && parts[1] == "agent":
				e.agentProfile = id
			default:
				e.profiles[strings.ToLower(parts[0])] = id
			}
		}},
		{`SELECT username, email FROM users`, func(u, m string) { e.taken[u], e.taken[m] = true, true }},
		{`SELECT uw.workspace_id, u.id FROM user_workspaces uw JOIN users u ON u.id = uw.user_id WHERE u.role = 'owner'`,
			func(ws, _ string) { e.ownerIn[ws] = true }},
	}
	for _, st := range steps {
		if err := scan(st.q, st.fn); err != nil {
			return nil, err
		}
	}
	if e.adminProfile == "" || e.agentProfile == "" {
		return nil, apperr.Internalf("demo: the built-in profiles are missing")
	}
	return e, nil
}

// The Owner of a demo organization made with --demo on an empty database (documented in
// docs/bindings.md): sign in as OwnerUsername with Password.
const (
	OwnerUsername = "owner"
	OwnerEmail    = "owner@" + EmailDomain
)

// OwnerSetup is the first-run form of a demo organization made without the setup screen.
func OwnerSetup(language string) accounts.SetupInput {
	return accounts.SetupInput{OrgName: "Plantel Demo", WorkspaceName: sites[0].name, FirstName: "Carmen",
		LastName: "Ortega", Username: OwnerUsername, Email: OwnerEmail, Password: Password, Language: language}
}

// Bootstrap sets up a demo organization on an empty database (the --demo flag): the Owner
// of OwnerSetup and the demo. On a database that is set up already it does nothing and
// returns nil.
func (s *Service) Bootstrap(ctx context.Context, acc *accounts.Service, language string) (*Summary, error) {
	needs, err := acc.NeedsSetup(ctx)
	if err != nil || !needs {
		return nil, err
	}
	owner, err := acc.Setup(ctx, OwnerSetup(language))
	if err != nil {
		return nil, err
	}
	return s.Create(ctx, owner)
}
