package app_test

import (
	"fmt"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/org"
	"github.com/plantel/plantel/backend/testutil"
)

// orgActors are the six kinds of caller of the organisation scenario tables.
var orgActors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent", testutil.AgentAUsername},
	{"admin of another workspace", testutil.AdminBUsername},
	{"admin not in the campaign", testutil.AdminOutUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

type orgCodes [6]string

// orgServices signs each orgActor in on its own core and returns the three services.
type orgServices struct {
	ws *app.WorkspacesService
	tm *app.TeamsService
	cp *app.CampaignsService
}

func orgAs(t *testing.T, env *testutil.Env, username string) orgServices {
	t.Helper()
	core := app.NewCore(env.Accounts, app.NewScriptedRuntime(t.TempDir(), nil), env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return orgServices{app.NewWorkspacesService(core), app.NewTeamsService(core), app.NewCampaignsService(core)}
}

// TestOrgServicesPermissions is the scenario table of every bound method of the
// workspaces, teams and campaigns services: each kind of actor, the expected code ("" =
// allowed). Methods that change or remove act on a fresh row per call.
func TestOrgServicesPermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	env.SeedOrg(people)
	owner := org.New(env.DB)
	oa := env.ActorFor(env.Owner)
	n := 0
	next := func() string { n++; return fmt.Sprintf("%03d", n) }
	freshWorkspace := func() string {
		w, err := owner.CreateWorkspace(ctx, oa, "Sede "+next())
		must(t, err)
		return w.ID
	}
	freshTeam := func() string {
		id, err := owner.CreateTeam(ctx, oa, org.TeamInput{Name: "Equipo " + next(), WorkspaceID: env.WorkspaceA,
			Active: true, MemberIDs: []string{env.AgentA, people.AgentA2}, LeaderID: env.AgentA})
		must(t, err)
		return id
	}
	// A fresh campaign of workspace A with the Administrator as supervisor and Agent A as agent.
	freshCampaign := func() string {
		id, err := owner.CreateCampaign(ctx, oa, org.CampaignInput{Name: "Campaña " + next(), WorkspaceID: env.WorkspaceA,
			Active: true, Channels: []string{"voice", "email"}, Members: []org.MemberInput{
				{UserID: env.Admin, Role: org.RoleSupervisor, Channels: []string{"voice"}},
				{UserID: env.AgentA, Role: org.RoleAgent, Channels: []string{"voice", "email"}}}})
		must(t, err)
		return id
	}
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
		nf     = apperr.CodeNotFound
		notMem = org.CodeCampaignNotMember
	)
	methods := []struct {
		name string
		call func(orgServices) error
		want orgCodes
	}{
		{"Workspaces.List", func(s orgServices) error { return second(s.ws.List(true)) }, orgCodes{unauth, ok, ok, ok, ok, ok}},
		{"Workspaces.Create", func(s orgServices) error { return second(s.ws.Create("Nueva " + next())) }, orgCodes{unauth, denied, denied, denied, denied, ok}},
		{"Workspaces.Rename", func(s orgServices) error { return second(s.ws.Rename(freshWorkspace(), "Otra "+next())) }, orgCodes{unauth, denied, denied, denied, denied, ok}},
		{"Workspaces.SetArchived", func(s orgServices) error { return second(s.ws.SetArchived(freshWorkspace(), true)) }, orgCodes{unauth, denied, denied, denied, denied, ok}},
		{"Workspaces.Users", func(s orgServices) error { return second(s.ws.Users(env.WorkspaceA)) }, orgCodes{unauth, denied, nf, ok, ok, ok}},

		{"Teams.List", func(s orgServices) error { return second(s.tm.List(org.TeamQuery{})) }, orgCodes{unauth, denied, ok, ok, ok, ok}},
		{"Teams.Get", func(s orgServices) error { return second(s.tm.Get(people.Team)) }, orgCodes{unauth, denied, nf, ok, ok, ok}},
		{"Teams.Create", func(s orgServices) error {
			return second(s.tm.Create(org.TeamInput{Name: "Nuevo " + next(), WorkspaceID: env.WorkspaceA, Active: true,
				MemberIDs: []string{people.AgentA3}, LeaderID: people.AgentA3}))
		}, orgCodes{unauth, denied, denied, ok, ok, ok}},
		{"Teams.Update", func(s orgServices) error {
			return second(s.tm.Update(freshTeam(), org.TeamInput{Name: "Cambiado " + next(), WorkspaceID: env.WorkspaceA,
				MemberIDs: []string{people.AgentA3}}))
		}, orgCodes{unauth, denied, nf, ok, ok, ok}},
		{"Teams.Delete", func(s orgServices) error { return s.tm.Delete(freshTeam()) }, orgCodes{unauth, denied, nf, ok, ok, ok}},

		{"Campaigns.List", func(s orgServices) error { return second(s.cp.List(org.CampaignQuery{})) }, orgCodes{unauth, denied, ok, ok, ok, ok}},
		{"Campaigns.Get", func(s orgServices) error { return second(s.cp.Get(people.Campaign)) }, orgCodes{unauth, denied, nf, ok, ok, ok}},
		{"Campaigns.Create", func(s orgServices) error {
			return second(s.cp.Create(org.CampaignInput{Name: "Nueva " + next(), WorkspaceID: env.WorkspaceA, Active: true,
				Channels: []string{"sms"}}))
		}, orgCodes{unauth, denied, denied, ok, ok, ok}},
		{"Campaigns.Update", func(s orgServices) error {
			return second(s.cp.Update(freshCampaign(), org.CampaignInput{Name: "Editada " + next(), WorkspaceID: env.WorkspaceA,
				Channels: []string{"voice"}, Members: []org.MemberInput{{UserID: env.Admin, Role: org.RoleSupervisor}}}))
		}, orgCodes{unauth, denied, nf, notMem, ok, ok}},
		{"Campaigns.Delete", func(s orgServices) error { return s.cp.Delete(freshCampaign()) }, orgCodes{unauth, denied, nf, notMem, ok, ok}},
		{"Campaigns.AddTeam", func(s orgServices) error { return second(s.cp.AddTeam(freshCampaign(), people.Team)) }, orgCodes{unauth, denied, nf, notMem, ok, ok}},
		{"Campaigns.TeamMembers", func(s orgServices) error { return second(s.cp.TeamMembers(people.Team, env.WorkspaceA)) }, orgCodes{unauth, denied, nf, ok, ok, ok}},
		{"Campaigns.OfUser", func(s orgServices) error { return second(s.cp.OfUser(people.AgentA2)) }, orgCodes{unauth, nf, nf, ok, ok, ok}},
		{"Campaigns.SetMember", func(s orgServices) error {
			return s.cp.SetMember(freshCampaign(), org.MemberInput{UserID: people.AgentA2, Role: org.RoleAgent, Channels: []string{"email"}})
		}, orgCodes{unauth, denied, nf, notMem, ok, ok}},
		{"Campaigns.RemoveMember", func(s orgServices) error { return s.cp.RemoveMember(freshCampaign(), env.AgentA) }, orgCodes{unauth, denied, nf, notMem, ok, ok}},
	}
	services := make([]orgServices, len(orgActors))
	for i, a := range orgActors {
		services[i] = orgAs(t, env, a.username)
	}
	for _, m := range methods {
		for i, a := range orgActors {
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				if got := apperr.CodeOf(m.call(services[i])); got != m.want[i] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[i])
				}
			})
		}
	}
}

// TestCampaignsServiceOwnTab: an agent sees their own Campaigns tab (without the Campaigns
// module) but nothing to add themself to.
func TestCampaignsServiceOwnTab(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	env.SeedOrg(people)
	s := orgAs(t, env, testutil.AgentAUsername)
	got, err := s.cp.OfUser(env.AgentA)
	must(t, err)
	if len(got.Campaigns) != 1 || got.Campaigns[0].CampaignID != people.Campaign || got.Campaigns[0].CanEdit || len(got.Available) != 0 {
		t.Fatalf("own tab = %+v", got)
	}
}
