package app_test

import (
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/demo"
	"github.com/plantel/plantel/backend/testutil"
)

var demoForm = accounts.SetupInput{OrgName: "Prueba", WorkspaceName: "Madrid", FirstName: "Rosa", LastName: "Vidal",
	Username: "rvidal", Email: "rosa@prueba.test", Password: testutil.Password, Language: "es"}

// TestDemoServicePermissions: once an organization exists, nobody (signed in or not) may run
// the demo first run; on an empty database anyone at the window may, once.
func TestDemoServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	env.SeedPeople(0)
	for _, a := range peopleActors {
		t.Run(a.name, func(t *testing.T) {
			core := app.NewCore(env.Accounts, nil, env.Logger)
			if a.username != "" {
				if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: a.username, Password: testutil.Password}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := app.NewDemoService(core).Setup(demoForm); apperr.CodeOf(err) != apperr.CodeAlreadySetup {
				t.Fatalf("code %q, want already_setup", apperr.CodeOf(err))
			}
		})
	}
}

// TestDemoServiceSetup: the first run with demo data signs the Owner in on a full
// organization whose dashboard counts the demo.
//
// It is the one whole demo this package builds (backend/demo tests the demo's content and
// Bootstrap, the --demo flag). Under -race it took 108 s of CI for code that starts no
// goroutine (Setup, the demo, the sign-in, one after the other), so it runs without the
// detector (NO_RACE_TESTS); TestDemoServicePermissions calls the same Setup under it.
func TestDemoServiceSetup(t *testing.T) {
	t.Parallel()
	if raceOn {
		t.Skip("a whole demo: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	db := openFresh(t, t.TempDir())
	acc := accounts.New(db, auth.Hasher{}, testutil.NewEnvLogger())
	core := app.NewCore(acc, nil, testutil.NewEnvLogger())
	res, err := app.NewDemoService(core).Setup(demoForm)
	if err != nil {
		t.Fatal(err)
	}
	if res.Session.User.Username != "rvidal" || res.Session.User.Role != "owner" {
		t.Fatalf("signed in as %+v", res.Session.User)
	}
	if res.Demo.Users != demo.Users || res.Demo.Clients != demo.Clients || res.Demo.Password != demo.Password {
		t.Fatalf("summary %+v", res.Demo)
	}
	t.Logf("demo created in %d ms", res.Demo.ElapsedMs)
	f, err := app.NewDashboardService(core).Figures(dashboard.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Users.Total != demo.Users+1 || f.Portfolio.Clients != demo.Clients || f.Campaigns.Total != demo.Campaigns || len(f.Workspaces) != 3 {
		t.Fatalf("dashboard: %d users, %d clients, %d campaigns, %d workspaces", f.Users.Total, f.Portfolio.Clients,
			f.Campaigns.Total, len(f.Workspaces))
	}
	if _, err := app.NewDemoService(core).Setup(demoForm); apperr.CodeOf(err) != apperr.CodeAlreadySetup {
		t.Fatalf("second demo setup: %v", err)
	}
	// A demo administrator signs in with the demo password.
	if _, err := app.NewSessionService(app.NewCore(acc, nil, testutil.NewEnvLogger())).SignIn(
		app.SignInRequest{Login: res.Demo.AdminLogin, Password: demo.Password}); err != nil {
		t.Fatalf("demo admin sign-in: %v", err)
	}
}
