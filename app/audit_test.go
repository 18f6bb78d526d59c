package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/audit"
	"github.com/plantel/plantel/backend/testutil"
)

func auditAs(t *testing.T, env *testutil.Env, username, dir string) (*app.AuditService, *app.ScriptedRuntime) {
	t.Helper()
	rt := app.NewScriptedRuntime(dir, nil)
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewAuditService(core), rt
}

// Who may read and export the audit log through the window: the Owner and an
// administrator, never an agent or nobody; the export goes where the save dialog says,
// with progress events.
func TestAuditServicePermissionsAndExport(t *testing.T) {
	env := testutil.NewEnv(t)
	dir := t.TempDir()
	for _, c := range []struct {
		username string
		code     string
	}{{"", apperr.CodeUnauthenticated}, {testutil.AgentAUsername, apperr.CodePermissionDenied},
		{testutil.AdminUsername, ""}, {testutil.OwnerUsername, ""}} {
		svc, rt := auditAs(t, env, c.username, dir)
		p, err := svc.List(audit.Query{})
		if apperr.CodeOf(err) != c.code {
			t.Fatalf("%q list: %v", c.username, err)
		}
		_, xerr := svc.Export(audit.Query{}, "csv")
		if apperr.CodeOf(xerr) != c.code {
			t.Fatalf("%q export: %v", c.username, xerr)
		}
		if c.code != "" {
			continue
		}
		if len(p.Rows) == 0 {
			t.Fatalf("%q sees no entry", c.username)
		}
		evs := rt.Events()
		if len(evs) == 0 || evs[len(evs)-1].Name != app.EventAuditExportProgress {
			t.Fatalf("%q: no progress events: %v", c.username, evs)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "audit-*.csv"))
		if len(files) != 1 {
			t.Fatalf("export files: %v", files)
		}
		b, _ := os.ReadFile(files[0])
		if !strings.Contains(string(b), ",Signed in,") { // the action in the exporter's words
			t.Fatalf("%q export misses the sign-in: %s", c.username, b)
		}
		os.Remove(files[0])
	}
	svc, _ := auditAs(t, env, testutil.OwnerUsername, dir)
	if _, err := svc.Export(audit.Query{}, "pdf"); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("pdf: %v", err)
	}
}
