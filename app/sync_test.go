package app_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/testutil"
)

func syncAs(t *testing.T, env *testutil.Env, username string) *app.SyncService {
	t.Helper()
	core := app.NewCore(env.Accounts, nil, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewSyncService(core, nil)
}

func TestSyncServiceRulesAndFlow(t *testing.T) {
	srv := servertest.Start(t, "")
	env := testutil.NewEnv(t)
	env.Clock.Advance(time.Since(env.Clock.Now()))
	// Without a session nothing; an agent sees the status but configures nothing.
	if _, err := syncAs(t, env, "").Status(); apperr.CodeOf(err) != apperr.CodeUnauthenticated {
		t.Fatalf("status without session: %v", err)
	}
	agent := syncAs(t, env, testutil.AgentAUsername)
	if st, err := agent.Status(); err != nil || st.Configured {
		t.Fatalf("agent status %+v %v", st, err)
	}
	if _, err := agent.Enroll(srv.URL, srv.EnrollCode(t)); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent enrolls: %v", err)
	}
	if _, err := agent.Conflicts(false); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent lists conflicts: %v", err)
	}
	// The setup screen's "join" is refused once the workstation has an organization.
	if _, err := syncAs(t, env, "").Join(srv.URL, srv.EnrollCode(t)); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("join on a set-up workstation: %v", err)
	}
	owner := syncAs(t, env, testutil.OwnerUsername)
	if _, err := owner.Enroll(srv.URL, "nope"); apperr.CodeOf(err) != apperr.CodeSyncBadCode {
		t.Fatalf("bad code: %v", err)
	}
	st, err := owner.Enroll(srv.URL, srv.EnrollCode(t))
	if err != nil || !st.Configured {
		t.Fatalf("enroll %+v %v", st, err)
	}
	if st, err = owner.SyncNow(); err != nil || st.Pending != 0 || st.LastSync == "" {
		t.Fatalf("sync now %+v %v", st, err)
	}
	devs, err := owner.Devices()
	if err != nil || len(devs) != 1 {
		t.Fatalf("devices %+v %v", devs, err)
	}
	if _, err := agent.Devices(); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent devices: %v", err)
	}
	code, err := owner.NewEnrollCode()
	if err != nil || code.Code == "" {
		t.Fatalf("enroll code %+v %v", code, err)
	}
	// A new workstation joins from its setup screen with that code and downloads everything.
	fresh := testutil.NewEnvEmpty(t)
	joiner := syncAs(t, fresh, "")
	if _, err := joiner.Join(srv.URL, code.Code); err != nil {
		t.Fatalf("join: %v", err)
	}
	if st, err := joiner.SyncNow(); err != nil || st.Pending != 0 {
		t.Fatalf("download %+v %v", st, err)
	}
	if need, _ := fresh.Accounts.NeedsSetup(ctx); need {
		t.Fatal("the joined workstation still asks for setup")
	}
	// The Owner signs in there with the same password.
	syncAs(t, fresh, testutil.OwnerUsername)
	if err := owner.Disconnect(); err != nil {
		t.Fatal(err)
	}
	if st, _ := owner.Status(); st.Configured {
		t.Fatal("still configured after Disconnect")
	}
}
