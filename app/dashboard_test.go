package app_test

import (
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/testutil"
)

// dashboardAs returns a DashboardService on a fresh core signed in as username ("" = anonymous).
func dashboardAs(t *testing.T, env *testutil.Env, username string) *app.DashboardService {
	t.Helper()
	core := app.NewCore(env.Accounts, nil, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewDashboardService(core)
}

// TestDashboardServicePermissions is the scenario table of DashboardService.Figures: who
// may see it, with which scope and which total of users, and which workspace filters.
func TestDashboardServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(2)
	seed := env.SeedDashboard(people)
	env.SetProfile(people.AgentA4, seed.ReportsProfile) // an agent with the Reports module
	actors := append(peopleActors[:len(peopleActors):len(peopleActors)], struct{ name, username string }{"agent with Reports", testutil.AgentA4Username})
	type want struct {
		code  string
		scope string
		users int
	}
	cases := []struct {
		name string
		q    dashboard.Query
		want []want // per actor
	}{
		{"no filter", dashboard.Query{}, []want{
			{apperr.CodeUnauthenticated, "", 0},
			{apperr.CodePermissionDenied, "", 0},
			{"", dashboard.ScopeWorkspaces, 3}, // admin of B: B's users
			{"", dashboard.ScopeWorkspaces, 7}, // admin of A: A's users
			{"", dashboard.ScopeAll, 10},
			{"", dashboard.ScopeOwn, 1},
		}},
		{"filter A", dashboard.Query{WorkspaceID: env.WorkspaceA}, []want{
			{apperr.CodeUnauthenticated, "", 0},
			{apperr.CodePermissionDenied, "", 0},
			{apperr.CodeNotFound, "", 0},
			{"", dashboard.ScopeWorkspaces, 7},
			{"", dashboard.ScopeWorkspaces, 7},
			{apperr.CodeNotFound, "", 0},
		}},
		{"filter B", dashboard.Query{WorkspaceID: env.WorkspaceB}, []want{
			{apperr.CodeUnauthenticated, "", 0},
			{apperr.CodePermissionDenied, "", 0},
			{"", dashboard.ScopeWorkspaces, 3},
			{apperr.CodeNotFound, "", 0},
			{"", dashboard.ScopeWorkspaces, 3},
			{apperr.CodeNotFound, "", 0},
		}},
	}
	services := make([]*app.DashboardService, len(actors))
	for i, a := range actors {
		services[i] = dashboardAs(t, env, a.username)
	}
	for _, c := range cases {
		for i, a := range actors {
			t.Run(c.name+"/"+a.name, func(t *testing.T) {
				f, err := services[i].Figures(c.q)
				w := c.want[i]
				if got := apperr.CodeOf(err); got != w.code {
					t.Fatalf("code %q, want %q", got, w.code)
				}
				if err == nil && (f.Scope != w.scope || f.Users.Total != w.users) {
					t.Fatalf("scope %s with %d users, want %s with %d", f.Scope, f.Users.Total, w.scope, w.users)
				}
			})
		}
	}
}
