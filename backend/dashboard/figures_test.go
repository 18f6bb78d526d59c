package dashboard_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func counts(kv ...any) []dashboard.Count {
	out := []dashboard.Count{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, dashboard.Count{Key: kv[i].(string), Count: kv[i+1].(int)})
	}
	return out
}

// view is the part of Figures the exact-count table compares (names and ids of the
// campaigns and owners are checked separately).
type view struct {
	Scope                       string
	Total                       int
	ByStatus, Presence          []dashboard.Count
	Profiles                    map[string]int // profile name ("" = the Owner) → users
	Campaigns, ActiveCampaigns  int
	Staff                       map[string][2]int // campaign → agents, supervisors
	Clients, Unassigned, Owners int
	Min, Max                    int
	Median                      float64
	TopCounts                   []int
	RestOwners, RestClients     int
	Overdue, Today              int
	FollowupOwners              map[string][2]int // owner name → overdue, today
}

func viewOf(f *dashboard.Figures) view {
	v := view{Scope: f.Scope, Total: f.Users.Total, ByStatus: f.Users.ByStatus, Presence: f.Users.Presence,
		Profiles: map[string]int{}, Campaigns: f.Campaigns.Total, ActiveCampaigns: f.Campaigns.Active,
		Staff: map[string][2]int{}, Clients: f.Portfolio.Clients, Unassigned: f.Portfolio.Unassigned,
		Owners: f.Portfolio.Owners, Min: f.Portfolio.Min, Max: f.Portfolio.Max, Median: f.Portfolio.Median,
		TopCounts: []int{}, RestOwners: f.Portfolio.RestOwners, RestClients: f.Portfolio.RestClients,
		Overdue: f.Followups.Overdue, Today: f.Followups.Today, FollowupOwners: map[string][2]int{}}
	for _, p := range f.Users.ByProfile {
		v.Profiles[p.Name] += p.Count
	}
	for _, c := range f.Campaigns.Staff {
		v.Staff[c.Name] = [2]int{c.Agents, c.Supervisors}
	}
	for _, o := range f.Portfolio.Top {
		v.TopCounts = append(v.TopCounts, o.Count)
	}
	for _, o := range f.Followups.ByOwner {
		v.FollowupOwners[o.Name] = [2]int{o.Overdue, o.Today}
	}
	return v
}

func TestFigures(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(3)
	seed := env.SeedDashboard(people)
	env.SetProfile(people.AgentA4, seed.ReportsProfile)
	env.SetProfile(env.AgentA, seed.ReportsProfile)
	svc := dashboard.New(env.DB).WithLocation(time.UTC)

	all := view{Scope: dashboard.ScopeAll, Total: 10,
		ByStatus:  counts("active", 8, "inactive", 1, "pending", 1),
		Presence:  counts("online", 1, "busy", 1, "away", 1, "offline", 5),
		Profiles:  map[string]int{"": 1, "Administrator": 2, "Agent": 5, "Senior": 2},
		Campaigns: 2, ActiveCampaigns: 1, Staff: map[string][2]int{"Verano 2027": {1, 0}, "Kampania": {1, 1}},
		// Agent A 3, Agent B 3, Agent A2 1, unassigned 2; A3 holds none (A4 neither).
		Clients: 9, Unassigned: 2, Owners: 5, Min: 0, Median: 1, Max: 3, TopCounts: []int{3, 3},
		RestOwners: 3, RestClients: 1, Overdue: 3, Today: 1,
		FollowupOwners: map[string][2]int{"Jan Kowalski": {2, 0}, "Zofia Wójcik": {1, 1}}}
	wsA := view{Scope: dashboard.ScopeWorkspaces, Total: 7,
		ByStatus:  counts("active", 6, "inactive", 1, "pending", 0),
		Presence:  counts("online", 1, "busy", 1, "away", 0, "offline", 4),
		Profiles:  map[string]int{"": 1, "Administrator": 1, "Agent": 3, "Senior": 2},
		Campaigns: 1, ActiveCampaigns: 1, Staff: map[string][2]int{"Verano 2027": {1, 0}},
		Clients: 6, Unassigned: 2, Owners: 4, Min: 0, Median: 0.5, Max: 3, TopCounts: []int{3, 1},
		RestOwners: 2, RestClients: 0, Overdue: 2, Today: 0,
		FollowupOwners: map[string][2]int{"Jan Kowalski": {2, 0}}}
	wsB := view{Scope: dashboard.ScopeWorkspaces, Total: 3,
		ByStatus:  counts("active", 2, "inactive", 0, "pending", 1),
		Presence:  counts("online", 0, "busy", 0, "away", 1, "offline", 1),
		Profiles:  map[string]int{"Administrator": 1, "Agent": 2},
		Campaigns: 1, ActiveCampaigns: 0, Staff: map[string][2]int{"Kampania": {1, 1}},
		Clients: 3, Unassigned: 0, Owners: 1, Min: 3, Median: 3, Max: 3, TopCounts: []int{3},
		RestOwners: 0, RestClients: 0, Overdue: 1, Today: 1,
		FollowupOwners: map[string][2]int{"Zofia Wójcik": {1, 1}}}
	ownA := view{Scope: dashboard.ScopeOwn, Total: 1,
		ByStatus:  counts("active", 1, "inactive", 0, "pending", 0),
		Presence:  counts("online", 1, "busy", 0, "away", 0, "offline", 0),
		Profiles:  map[string]int{"Senior": 1},
		Campaigns: 1, ActiveCampaigns: 1, Staff: map[string][2]int{"Verano 2027": {1, 0}},
		Clients: 3, Owners: 1, Min: 3, Median: 3, Max: 3, TopCounts: []int{3},
		Overdue: 2, Today: 0, FollowupOwners: map[string][2]int{"Jan Kowalski": {2, 0}}}
	ownA4 := view{Scope: dashboard.ScopeOwn, Total: 1,
		ByStatus: counts("active", 1, "inactive", 0, "pending", 0),
		Presence: counts("online", 0, "busy", 0, "away", 0, "offline", 1),
		Profiles: map[string]int{"Senior": 1}, Staff: map[string][2]int{},
		Owners: 1, TopCounts: []int{}, RestOwners: 1, FollowupOwners: map[string][2]int{}}

	cases := []struct {
		name  string
		actor *access.Actor
		q     dashboard.Query
		want  view
		code  string
	}{
		{"anonymous", nil, dashboard.Query{}, view{}, apperr.CodeUnauthenticated},
		{"agent without Reports", env.ActorFor(env.AgentB), dashboard.Query{}, view{}, apperr.CodePermissionDenied},
		{"agent with Reports: own numbers", env.ActorFor(env.AgentA), dashboard.Query{Top: 2}, ownA, ""},
		{"agent with Reports and no clients", env.ActorFor(people.AgentA4), dashboard.Query{}, ownA4, ""},
		{"agent may not filter", env.ActorFor(env.AgentA), dashboard.Query{WorkspaceID: env.WorkspaceA}, view{}, apperr.CodeNotFound},
		{"admin of A", env.ActorFor(env.Admin), dashboard.Query{Top: 2}, wsA, ""},
		{"admin of A filters A", env.ActorFor(env.Admin), dashboard.Query{WorkspaceID: env.WorkspaceA, Top: 2}, wsA, ""},
		{"admin of A filters B", env.ActorFor(env.Admin), dashboard.Query{WorkspaceID: env.WorkspaceB}, view{}, apperr.CodeNotFound},
		{"admin of B", env.ActorFor(people.AdminB), dashboard.Query{Top: 2}, wsB, ""},
		{"owner", env.ActorFor(env.Owner), dashboard.Query{Top: 2}, all, ""},
		{"owner filters B", env.ActorFor(env.Owner), dashboard.Query{WorkspaceID: env.WorkspaceB, Top: 2}, wsB, ""},
		{"owner filters an unknown workspace", env.ActorFor(env.Owner), dashboard.Query{WorkspaceID: "nope"}, view{}, apperr.CodeNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := svc.Figures(ctx, c.actor, c.q)
			if apperr.CodeOf(err) != c.code {
				t.Fatalf("code %q (%v), want %q", apperr.CodeOf(err), err, c.code)
			}
			if c.code != "" {
				return
			}
			got, _ := json.Marshal(viewOf(f))
			want, _ := json.Marshal(c.want)
			if string(got) != string(want) {
				t.Errorf("figures\n got %s\nwant %s", got, want)
			}
			if f.Today != "2026-11-23" {
				t.Errorf("today %s", f.Today)
			}
		})
	}

	// The top owners are named, largest first; the workspace filter lists the actor's workspaces.
	f, err := svc.Figures(ctx, env.ActorFor(env.Admin), dashboard.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if top := f.Portfolio.Top; len(top) != 2 || top[0].Name != "Jan Kowalski" || top[0].UserID != env.AgentA || top[1].Name != "José Núñez" {
		t.Errorf("portfolio top: %+v", top)
	}
	if len(f.Workspaces) != 1 || f.Workspaces[0].ID != env.WorkspaceA {
		t.Errorf("admin's workspaces: %+v", f.Workspaces)
	}
	for _, p := range f.Users.ByProfile {
		if p.Name == "Administrator" && (p.ID != env.AdminProfile || p.Role != "admin" || p.Icon != "shield" || !p.Builtin) {
			t.Errorf("profile: %+v", p)
		}
		if p.Name == "" && (p.Role != "owner" || p.Builtin) {
			t.Errorf("owner bucket: %+v", p)
		}
	}
	f, err = svc.Figures(ctx, env.ActorFor(env.Owner), dashboard.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Workspaces) != 2 {
		t.Errorf("owner's workspaces: %+v", f.Workspaces)
	}
	f, err = svc.Figures(ctx, env.ActorFor(env.AgentA), dashboard.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Workspaces) != 0 {
		t.Errorf("agent's workspaces: %+v", f.Workspaces)
	}

	// At midnight, the rest of today's follow-ups are overdue and tomorrow's are due.
	env.Clock.Advance(15 * time.Hour)
	f, err = svc.Figures(ctx, env.ActorFor(env.Owner), dashboard.Query{WorkspaceID: env.WorkspaceB})
	if err != nil {
		t.Fatal(err)
	}
	if f.Followups.Overdue != 2 || f.Followups.Today != 1 {
		t.Errorf("at midnight in B: overdue %d today %d, want 2 and 1", f.Followups.Overdue, f.Followups.Today)
	}
}
