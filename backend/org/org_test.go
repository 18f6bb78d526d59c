package org_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/org"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

type fataler interface {
	Helper()
	Fatal(args ...any)
}

func must(t fataler, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("code %q (%v), want %q", got, err, code)
	}
}

type fixture struct {
	env    *testutil.Env
	people *testutil.People
	o      *testutil.Org
	svc    *org.Service
	owner  *access.Actor
	admin  *access.Actor
}

func newFixture(t testing.TB) *fixture {
	env := testutil.NewEnv(t)
	p := env.SeedPeople(0)
	o := env.SeedOrg(p)
	return &fixture{env: env, people: p, o: o, svc: org.New(env.DB), owner: env.ActorFor(env.Owner), admin: env.ActorFor(env.Admin)}
}

func (f *fixture) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	must(t, f.env.DB.Read().QueryRow(query, args...).Scan(&n))
	return n
}

// TestTeamRules: names are unique per workspace, the leader must be a member, members must
// be active users of the team's workspace, archived workspaces take no team.
func TestTeamRules(t *testing.T) {
	f := newFixture(t)
	A, B := f.env.WorkspaceA, f.env.WorkspaceB
	_, err := f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: " ventas   NORTE ", WorkspaceID: A})
	wantCode(t, err, apperr.CodeConflictUnique)
	_, err = f.svc.CreateTeam(ctx, f.owner, org.TeamInput{Name: "Ventas Norte", WorkspaceID: B, MemberIDs: []string{f.env.AgentB}})
	must(t, err)
	_, err = f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Sur", WorkspaceID: A, MemberIDs: []string{f.env.AgentA}, LeaderID: f.people.AgentA2})
	wantCode(t, err, org.CodeLeaderNotMember)
	_, err = f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Sur", WorkspaceID: A, MemberIDs: []string{f.env.AgentB}})
	wantCode(t, err, org.CodeMemberNotInWorkspace)
	_, err = f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Sur", WorkspaceID: A, MemberIDs: []string{f.people.Inactive}})
	wantCode(t, err, org.CodeMemberNotInWorkspace)
	_, err = f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Sur", WorkspaceID: B})
	wantCode(t, err, apperr.CodePermissionDenied)
	_, err = f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "", WorkspaceID: A})
	wantCode(t, err, apperr.CodeValidation)

	// A user may be in several teams; the list counts members and filters.
	id, err := f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Sur", WorkspaceID: A, Active: false,
		MemberIDs: []string{f.env.AgentA, f.people.AgentA2, f.people.AgentA2}, LeaderID: f.people.AgentA2})
	must(t, err)
	list, err := f.svc.Teams(ctx, f.admin, org.TeamQuery{Active: "inactive"})
	must(t, err)
	if len(list) != 1 || list[0].ID != id || list[0].MemberCount != 2 || list[0].LeaderName != "José Núñez" || !list[0].CanEdit {
		t.Fatalf("inactive teams = %+v", list)
	}
	list, err = f.svc.Teams(ctx, f.admin, org.TeamQuery{Search: "norte"})
	must(t, err)
	if len(list) != 1 || list[0].ID != f.people.Team {
		t.Fatalf("admin search = %+v (the team of B must not show)", list)
	}

	// Archived workspaces take no new team, keep their data, and leave the pickers.
	_, err = f.svc.SetWorkspaceArchived(ctx, f.owner, B, true)
	must(t, err)
	_, err = f.svc.CreateTeam(ctx, f.owner, org.TeamInput{Name: "Nuevo", WorkspaceID: B})
	wantCode(t, err, org.CodeWorkspaceArchived)
	ws, err := f.svc.Workspaces(ctx, f.owner, false)
	must(t, err)
	if len(ws) != 1 || ws[0].ID != A {
		t.Fatalf("picker workspaces = %+v", ws)
	}
	ws, err = f.svc.Workspaces(ctx, f.owner, true)
	must(t, err)
	if len(ws) != 2 || !ws[0].Archived || ws[0].Teams != 1 || ws[0].Users != 2 {
		t.Fatalf("all workspaces = %+v", ws)
	}
}

// TestAgentSeesOnlyOwnTeams: an agent whose profile has the Teams and Campaigns modules
// reads only the teams and campaigns they belong to and changes none.
func TestAgentSeesOnlyOwnTeams(t *testing.T) {
	f := newFixture(t)
	other, err := f.svc.CreateTeam(ctx, f.owner, org.TeamInput{Name: "Otro", WorkspaceID: f.env.WorkspaceA, MemberIDs: []string{f.people.AgentA2}})
	must(t, err)
	agent := f.env.ActorFor(f.env.AgentA)
	agent.Modules = append(agent.Modules, access.ModTeams, access.ModCampaigns)
	list, err := f.svc.Teams(ctx, agent, org.TeamQuery{})
	must(t, err)
	if len(list) != 1 || list[0].ID != f.people.Team || list[0].CanEdit {
		t.Fatalf("agent teams = %+v", list)
	}
	_, err = f.svc.GetTeam(ctx, agent, other)
	wantCode(t, err, apperr.CodeNotFound)
	wantCode(t, f.svc.UpdateTeam(ctx, agent, f.people.Team, org.TeamInput{Name: "X", WorkspaceID: f.env.WorkspaceA}), apperr.CodePermissionDenied)
	cs, err := f.svc.Campaigns(ctx, agent, org.CampaignQuery{})
	must(t, err)
	if len(cs) != 1 || cs[0].CanEdit {
		t.Fatalf("agent campaigns = %+v", cs)
	}
}

// TestMembershipDiffIsAtomic: a team or campaign save whose member set has one bad entry
// writes nothing (no field, no membership, no audit, no outbox); a good one applies the
// whole difference.
func TestMembershipDiffIsAtomic(t *testing.T) {
	f := newFixture(t)
	A := f.env.WorkspaceA
	snapshot := func() [4]int {
		return [4]int{f.count(t, `SELECT COUNT(*) FROM team_members`), f.count(t, `SELECT COUNT(*) FROM campaign_members`),
			f.count(t, `SELECT COUNT(*) FROM audit_log`), f.count(t, `SELECT COUNT(*) FROM sync_outbox`)}
	}
	before := snapshot()
	err := f.svc.UpdateTeam(ctx, f.admin, f.people.Team, org.TeamInput{Name: "Renombrado", WorkspaceID: A,
		MemberIDs: []string{f.people.AgentA2, f.people.AgentA3, f.env.AgentB}, LeaderID: f.people.AgentA2})
	wantCode(t, err, org.CodeMemberNotInWorkspace)
	err = f.svc.UpdateCampaign(ctx, f.admin, f.people.Campaign, org.CampaignInput{Name: "Renombrada", WorkspaceID: A,
		Channels: []string{"sms"}, Members: []org.MemberInput{{UserID: f.env.Admin, Role: "supervisor"}, {UserID: f.people.AgentA2, Role: "boss"}}})
	wantCode(t, err, apperr.CodeValidation)
	if after := snapshot(); after != before {
		t.Fatalf("a failed save wrote: %v -> %v", before, after)
	}
	team, err := f.svc.GetTeam(ctx, f.admin, f.people.Team)
	must(t, err)
	if team.Name != "Ventas Norte" || len(team.Members) != 1 || team.Members[0].ID != f.env.AgentA {
		t.Fatalf("team after failed save = %+v", team)
	}

	must(t, f.svc.UpdateTeam(ctx, f.admin, f.people.Team, org.TeamInput{Name: "Renombrado", WorkspaceID: A, Active: true,
		MemberIDs: []string{f.people.AgentA2, f.people.AgentA3}, LeaderID: f.people.AgentA2}))
	team, err = f.svc.GetTeam(ctx, f.admin, f.people.Team)
	must(t, err)
	ids := []string{}
	for _, m := range team.Members {
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	want := []string{f.people.AgentA2, f.people.AgentA3}
	slices.Sort(want)
	if !slices.Equal(ids, want) || team.LeaderID != f.people.AgentA2 {
		t.Fatalf("team after save = %+v", team)
	}
	// One removal and two additions, each audited and synced.
	if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE entity = 'team_members'`); n != 4 {
		t.Fatalf("team_members audit entries = %d, want 4 (seed + 1 removal + 2 additions)", n)
	}
}

// TestCampaignF73: an administrator sees the campaigns of their workspaces but changes only
// those they are a member of; one who creates a campaign becomes its supervisor; the Owner
// changes all.
func TestCampaignF73(t *testing.T) {
	f := newFixture(t)
	A := f.env.WorkspaceA
	out := f.env.ActorFor(f.o.AdminOut)
	list, err := f.svc.Campaigns(ctx, out, org.CampaignQuery{})
	must(t, err)
	if len(list) != 1 || list[0].CanEdit || list[0].IsMember {
		t.Fatalf("outsider's list = %+v", list)
	}
	in := org.CampaignInput{Name: "Verano 2027", WorkspaceID: A, Channels: []string{"voice"}}
	wantCode(t, f.svc.UpdateCampaign(ctx, out, f.people.Campaign, in), org.CodeCampaignNotMember)
	wantCode(t, f.svc.DeleteCampaign(ctx, out, f.people.Campaign), org.CodeCampaignNotMember)
	id, err := f.svc.CreateCampaign(ctx, out, org.CampaignInput{Name: "Propia", WorkspaceID: A, Active: true, Channels: []string{"sms", "voice"}})
	must(t, err)
	c, err := f.svc.GetCampaign(ctx, out, id)
	must(t, err)
	if !c.CanEdit || len(c.Members) != 1 || c.Members[0].ID != f.o.AdminOut || c.Members[0].CampaignRole != org.RoleSupervisor ||
		!slices.Equal(c.Members[0].Channels, []string{"voice", "sms"}) {
		t.Fatalf("created campaign = %+v", c)
	}
	// The Administrator (a member) and the Owner (not a member) both may.
	in.Members = []org.MemberInput{{UserID: f.env.Admin, Role: org.RoleSupervisor, Channels: []string{"voice"}}}
	must(t, f.svc.UpdateCampaign(ctx, f.admin, f.people.Campaign, in))
	must(t, f.svc.UpdateCampaign(ctx, f.owner, id, org.CampaignInput{Name: "Propia", WorkspaceID: A, Channels: []string{"sms"}}))
	// Dates: end on or after start.
	in.StartsOn, in.EndsOn = "2027-01-10", "2027-01-09"
	wantCode(t, f.svc.UpdateCampaign(ctx, f.admin, f.people.Campaign, in), org.CodeCampaignDates)
	in.EndsOn = "2027-01-10"
	must(t, f.svc.UpdateCampaign(ctx, f.admin, f.people.Campaign, in))
}

// TestAddTeam adds a team's active members who are not in the campaign yet, and keeps the
// role and channels of those already in.
func TestAddTeam(t *testing.T) {
	f := newFixture(t)
	A := f.env.WorkspaceA
	team, err := f.svc.CreateTeam(ctx, f.admin, org.TeamInput{Name: "Tarde", WorkspaceID: A,
		MemberIDs: []string{f.env.AgentA, f.people.AgentA2, f.people.AgentA3}})
	must(t, err)
	n, err := f.svc.AddTeam(ctx, f.admin, f.people.Campaign, team)
	must(t, err)
	if n != 2 {
		t.Fatalf("added %d, want 2 (Agent A is in already)", n)
	}
	c, err := f.svc.GetCampaign(ctx, f.admin, f.people.Campaign)
	must(t, err)
	for _, m := range c.Members {
		if m.ID == f.env.AgentA && !slices.Equal(m.Channels, []string{"voice", "whatsapp"}) {
			t.Fatalf("Agent A's channels changed: %v", m.Channels)
		}
		if m.ID == f.people.AgentA2 && (m.CampaignRole != org.RoleAgent || !slices.Equal(m.Channels, c.Channels)) {
			t.Fatalf("added member = %+v", m)
		}
	}
	if len(c.Members) != 4 {
		t.Fatalf("members = %d, want 4", len(c.Members))
	}
}

// TestChannelSubsetInvariant (property): whatever sequence of campaign saves, member
// changes and team additions, every member's channels are a subset of the campaign's.
func TestChannelSubsetInvariant(t *testing.T) {
	f := newFixture(t)
	A := f.env.WorkspaceA
	users := []string{f.env.Admin, f.env.AgentA, f.people.AgentA2, f.people.AgentA3, f.people.AgentA4}
	subset := rapid.SliceOfDistinct(rapid.SampledFrom(org.Channels), rapid.ID[string])
	rapid.Check(t, func(rt *rapid.T) {
		switch rapid.IntRange(0, 2).Draw(rt, "op") {
		case 0:
			in := org.CampaignInput{Name: "Verano 2027", WorkspaceID: A, Active: true, Channels: subset.Draw(rt, "channels")}
			for i, u := range users {
				if i == 0 || rapid.Bool().Draw(rt, "in") {
					in.Members = append(in.Members, org.MemberInput{UserID: u, Role: rapid.SampledFrom([]string{"agent", "supervisor"}).Draw(rt, "role"),
						Channels: subset.Draw(rt, "memberChannels")})
				}
			}
			must(rt, f.svc.UpdateCampaign(ctx, f.admin, f.people.Campaign, in))
		case 1:
			must(rt, f.svc.SetMember(ctx, f.admin, f.people.Campaign, org.MemberInput{UserID: rapid.SampledFrom(users[1:]).Draw(rt, "user"),
				Role: "agent", Channels: subset.Draw(rt, "memberChannels")}))
		case 2:
			_, err := f.svc.AddTeam(ctx, f.admin, f.people.Campaign, f.people.Team)
			must(rt, err)
		}
		var cch string
		must(rt, f.env.DB.Read().QueryRow(`SELECT channels FROM campaigns WHERE id = ?`, f.people.Campaign).Scan(&cch))
		var campaign []string
		must(rt, json.Unmarshal([]byte(cch), &campaign))
		rows, err := f.env.DB.Read().Query(`SELECT channels FROM campaign_members WHERE campaign_id = ?`, f.people.Campaign)
		must(rt, err)
		defer rows.Close()
		for rows.Next() {
			var mch string
			must(rt, rows.Scan(&mch))
			var member []string
			must(rt, json.Unmarshal([]byte(mch), &member))
			for _, c := range member {
				if !slices.Contains(campaign, c) {
					rt.Fatalf("member channel %q not in campaign channels %v", c, campaign)
				}
			}
		}
	})
}

// TestUserCampaignsTab: a user's Campaigns tab lists their campaigns with role and channels,
// offers only campaigns the actor may change in the user's workspaces, and narrows the
// channels a member is given to the campaign's.
func TestUserCampaignsTab(t *testing.T) {
	f := newFixture(t)
	A := f.env.WorkspaceA
	other, err := f.svc.CreateCampaign(ctx, f.owner, org.CampaignInput{Name: "Otra", WorkspaceID: A, Active: true, Channels: []string{"sms"}})
	must(t, err)
	_, err = f.svc.CreateCampaign(ctx, f.owner, org.CampaignInput{Name: "En B", WorkspaceID: f.env.WorkspaceB, Channels: []string{"sms"}})
	must(t, err)
	tab, err := f.svc.CampaignsOfUser(ctx, f.owner, f.env.AgentA)
	must(t, err)
	if len(tab.Campaigns) != 1 || tab.Campaigns[0].Role != "agent" || !slices.Equal(tab.Campaigns[0].Channels, []string{"voice", "whatsapp"}) {
		t.Fatalf("tab = %+v", tab.Campaigns)
	}
	if len(tab.Available) != 1 || tab.Available[0].ID != other {
		t.Fatalf("available = %+v (only the open campaign of A)", tab.Available)
	}
	// The Administrator is not a member of "Otra": they may not offer it.
	tab, err = f.svc.CampaignsOfUser(ctx, f.admin, f.env.AgentA)
	must(t, err)
	if len(tab.Available) != 0 || !tab.Campaigns[0].CanEdit {
		t.Fatalf("admin's tab = %+v", tab)
	}
	must(t, f.svc.SetMember(ctx, f.owner, other, org.MemberInput{UserID: f.env.AgentA, Role: "supervisor", Channels: []string{"voice", "sms"}}))
	c, err := f.svc.GetCampaign(ctx, f.owner, other)
	must(t, err)
	if len(c.Members) != 1 || !slices.Equal(c.Members[0].Channels, []string{"sms"}) || c.Members[0].CampaignRole != "supervisor" {
		t.Fatalf("members = %+v", c.Members)
	}
	wantCode(t, f.svc.SetMember(ctx, f.owner, other, org.MemberInput{UserID: f.env.AgentB}), org.CodeMemberNotInWorkspace)
	must(t, f.svc.RemoveMember(ctx, f.owner, other, f.env.AgentA))
	wantCode(t, f.svc.RemoveMember(ctx, f.owner, other, f.env.AgentA), apperr.CodeNotFound)
	// Another agent's tab is not found for an agent; their own is.
	agent := f.env.ActorFor(f.env.AgentA)
	_, err = f.svc.CampaignsOfUser(ctx, agent, f.people.AgentA2)
	wantCode(t, err, apperr.CodeNotFound)
}

// TestWorkspaceNames: names are trimmed, required and unique without regard to case.
func TestWorkspaceNames(t *testing.T) {
	f := newFixture(t)
	w, err := f.svc.CreateWorkspace(ctx, f.owner, "  Sede   Norte ")
	must(t, err)
	if w.Name != "Sede Norte" || w.Archived {
		t.Fatalf("created %+v", w)
	}
	_, err = f.svc.CreateWorkspace(ctx, f.owner, "sede norte")
	wantCode(t, err, apperr.CodeConflictUnique)
	_, err = f.svc.RenameWorkspace(ctx, f.owner, w.ID, "LIMA")
	wantCode(t, err, apperr.CodeConflictUnique)
	_, err = f.svc.RenameWorkspace(ctx, f.owner, w.ID, " ")
	wantCode(t, err, apperr.CodeValidation)
	_, err = f.svc.RenameWorkspace(ctx, f.owner, "nope", "X")
	wantCode(t, err, apperr.CodeNotFound)
	_, err = f.svc.SetWorkspaceArchived(ctx, f.admin, f.env.WorkspaceA, true)
	wantCode(t, err, apperr.CodePermissionDenied)
	// Others list only their own open workspaces.
	list, err := f.svc.Workspaces(ctx, f.admin, true)
	must(t, err)
	if len(list) != 1 || list[0].ID != f.env.WorkspaceA || list[0].ActiveCampaigns != 1 {
		t.Fatalf("admin's workspaces = %+v", list)
	}
}
