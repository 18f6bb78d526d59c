package app_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

// usersAs returns a UsersService on a fresh core signed in as username ("" = anonymous),
// whose file dialogs answer from dir.
func usersAs(t *testing.T, env *testutil.Env, username, dir string) (*app.UsersService, *app.ScriptedRuntime) {
	t.Helper()
	rt := app.NewScriptedRuntime(dir, nil)
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewUsersService(core), rt
}

// peopleActors are the five kinds of caller of the scenario table.
var peopleActors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent", testutil.AgentAUsername},
	{"admin of another workspace", testutil.AdminBUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

// codes is the expected code per actor, in peopleActors order.
type codes [5]string

// TestUsersServicePermissions is the scenario table: every bound method of the users
// service, called by each kind of actor, with the expected error code ("" = allowed).
// Methods that remove a user act on a fresh agent of workspace A for each call.
func TestUsersServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(1)
	owner := users.New(env.Accounts, testutil.FastHasher, env.Logger)
	ownerActor := env.ActorFor(env.Owner)
	n := 0
	freshAgent := func(active bool) string {
		t.Helper()
		n++
		u := "victim" + string(rune('a'+n%26)) + strings.Repeat("x", n/26)
		id, err := owner.Create(ctx, ownerActor, users.CreateInput{FirstName: "Víctor", LastName: "Tima", Username: u,
			Email: u + "@contactsur.test", ProfileID: env.AgentProfile, WorkspaceIDs: []string{env.WorkspaceA},
			Active: active, MustSetPassword: true})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "people.csv"), []byte("first_name,last_name,email,profile,workspaces\nRita,Ruiz,rita@contactsur.test,Agent,Lima\n"), 0o600))
	importRows := func() []users.ImportRow {
		rows, err := users.ParseImport([]byte("first_name,last_name,email,profile,workspaces\nRita,Ruiz,rita"+
			string(rune('a'+n%26))+"@contactsur.test,Agent,Lima\n"), "csv")
		must(t, err)
		n++
		return rows
	}
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
		nf     = apperr.CodeNotFound
		inval  = apperr.CodeValidation
	)
	methods := []struct {
		name string
		call func(*app.UsersService) error
		want codes
	}{
		{"List", func(s *app.UsersService) error { return second(s.List(users.ListQuery{})) }, codes{unauth, denied, ok, ok, ok}},
		{"Options", func(s *app.UsersService) error { return second(s.Options()) }, codes{unauth, denied, ok, ok, ok}},
		{"ProposeUsername", func(s *app.UsersService) error { return second(s.ProposeUsername("José", "Núñez")) }, codes{unauth, denied, ok, ok, ok}},
		{"Create", func(s *app.UsersService) error {
			n++
			u := "created" + strings.Repeat("y", n)
			return second(s.Create(users.CreateInput{FirstName: "Nu", LastName: "Evo", Username: u, Email: u + "@contactsur.test",
				ProfileID: env.AgentProfile, WorkspaceIDs: []string{env.WorkspaceA}, Active: true, MustSetPassword: true}))
		}, codes{unauth, denied, denied, ok, ok}},
		{"Get", func(s *app.UsersService) error { return second(s.Get(people.AgentA2)) }, codes{unauth, denied, nf, ok, ok}},
		{"Update", func(s *app.UsersService) error {
			return second(s.Update(people.AgentA2, users.UpdateInput{Phone: new("+51 1 000 0000")}))
		}, codes{unauth, denied, nf, ok, ok}},
		{"History", func(s *app.UsersService) error { return second(s.History(people.AgentA2, 0, 10)) }, codes{unauth, denied, nf, ok, ok}},
		{"Deactivate", func(s *app.UsersService) error {
			return second(s.Deactivate(freshAgent(true), users.Handover{ToUserIDs: []string{people.AgentA3}}))
		}, codes{unauth, denied, nf, ok, ok}},
		{"Reactivate", func(s *app.UsersService) error { return s.Reactivate(freshAgent(false)) }, codes{unauth, denied, nf, ok, ok}},
		{"PreviewOffboard", func(s *app.UsersService) error { return second(s.PreviewOffboard(people.AgentA2)) }, codes{unauth, denied, nf, ok, ok}},
		{"Delete", func(s *app.UsersService) error {
			id := freshAgent(true)
			var username string
			must(t, env.DB.Read().QueryRow(`SELECT username FROM users WHERE id = ?`, id).Scan(&username))
			return second(s.Delete(id, username, users.Handover{}))
		}, codes{unauth, denied, nf, ok, ok}},
		{"Export", func(s *app.UsersService) error { return second(s.Export(users.ListQuery{}, "csv")) }, codes{unauth, denied, ok, ok, ok}},
		{"SaveImportTemplate", func(s *app.UsersService) error { return second(s.SaveImportTemplate()) }, codes{unauth, denied, ok, ok, ok}},
		{"PreviewImport", func(s *app.UsersService) error { return second(s.PreviewImport()) }, codes{unauth, denied, ok, ok, ok}},
		// The admin of B may import, but not into workspace A: the row is invalid.
		{"Import", func(s *app.UsersService) error { return second(s.Import(importRows(), users.ImportOptions{})) }, codes{unauth, denied, inval, ok, ok}},
		{"CancelImport", func(s *app.UsersService) error { return s.CancelImport() }, codes{unauth, denied, ok, ok, ok}},
		// Ownership goes only to an administrator, as the window offers it (issue 12).
		{"TransferOwnership to an agent", func(s *app.UsersService) error { return s.TransferOwnership(people.AgentA3) }, codes{unauth, denied, denied, denied, inval}},
		// Last: the Owner's call succeeds and makes the administrator the Owner.
		{"TransferOwnership", func(s *app.UsersService) error { return s.TransferOwnership(env.Admin) }, codes{unauth, denied, denied, denied, ok}},
	}
	services := make([]*app.UsersService, len(peopleActors))
	for i, a := range peopleActors {
		services[i], _ = usersAs(t, env, a.username, dir)
	}
	for _, m := range methods {
		for i, a := range peopleActors {
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				if got := apperr.CodeOf(m.call(services[i])); got != m.want[i] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[i])
				}
			})
		}
	}
}

// TestUsersServiceSelfService: without the Users module a user still sees and edits their
// own details and history, never their e-mail, and nobody else's.
func TestUsersServiceSelfService(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	svc, _ := usersAs(t, env, testutil.AgentAUsername, t.TempDir())
	d, err := svc.Get(env.AgentA)
	must(t, err)
	if d.User.Username != testutil.AgentAUsername || strings.Contains(strings.Join(d.Editable, ","), "email") {
		t.Fatalf("own detail %+v", d)
	}
	d, err = svc.Update(env.AgentA, users.UpdateInput{Signature: new("Jan, Ventas"), Language: new("pl")})
	if err != nil || d.Signature != "Jan, Ventas" || d.Language != "pl" {
		t.Fatalf("own update %+v %v", d, err)
	}
	if _, err := svc.Update(env.AgentA, users.UpdateInput{Email: new("x@y.test")}); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("own e-mail: %v", err)
	}
	h, err := svc.History(env.AgentA, 0, 10)
	if err != nil || h.Total < 2 {
		t.Fatalf("own history %+v %v", h, err)
	}
	if _, err := svc.Get(people.AgentA2); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("other's detail: %v", err)
	}
}

func TestUsersServiceExportImportThroughDialogs(t *testing.T) {
	env := testutil.NewEnv(t)
	env.SeedPeople(0)
	dir := t.TempDir()
	svc, rt := usersAs(t, env, testutil.AdminUsername, dir)
	// A cancelled dialog writes nothing and is not an error.
	rt.Answer("")
	if r, err := svc.Export(users.ListQuery{}, "csv"); err != nil || !r.Cancelled {
		t.Fatalf("cancelled export %+v %v", r, err)
	}
	r, err := svc.Export(users.ListQuery{Roles: []string{"agent"}}, "csv")
	must(t, err)
	if filepath.Dir(r.Path) != dir || !strings.HasPrefix(filepath.Base(r.Path), "users-2026-11-23") {
		t.Fatalf("export path %s", r.Path)
	}
	raw, err := os.ReadFile(r.Path)
	must(t, err)
	// The administrator works in English: English headers (another language gets its own).
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	must(t, err)
	if len(recs) != 6 || recs[0][0] != users.ExportHeaders("en")[0] || strings.Contains(string(raw), "argon2") {
		t.Fatalf("export %d lines, header %q", len(recs), recs[0])
	}
	if info, _ := os.Stat(r.Path); info.Mode().Perm() != 0o600 {
		t.Fatalf("export mode %v", info.Mode())
	}
	// Import: the open dialog picks the file named in .open.
	must(t, os.WriteFile(filepath.Join(dir, "new.csv"), []byte("first_name;last_name;email;profile;workspaces\n"+
		"Rita;Ruiz;rita@contactsur.test;Agent;Lima\nRaúl;Rojas;raul@contactsur.test;Agent;Lima\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, ".open"), []byte("new.csv\n"), 0o600))
	f, err := svc.PreviewImport()
	must(t, err)
	if f.FileName != "new.csv" || f.Preview.Valid != 2 {
		t.Fatalf("preview %+v", f)
	}
	res, err := svc.Import(f.Preview.Rows, users.ImportOptions{})
	must(t, err)
	if res.Created != 2 {
		t.Fatalf("import %+v", res)
	}
	var progress []app.ImportProgress
	for _, e := range rt.Events() {
		if e.Name == app.EventImportProgress {
			progress = append(progress, e.Data[0].(app.ImportProgress))
		}
	}
	if len(progress) != 2 || progress[1] != (app.ImportProgress{Done: 2, Total: 2}) {
		t.Fatalf("progress events %+v", progress)
	}
	// The import template is the documented header.
	tr, err := svc.SaveImportTemplate()
	must(t, err)
	raw, err = os.ReadFile(tr.Path)
	must(t, err)
	if strings.TrimSpace(strings.TrimPrefix(string(raw), "\ufeff")) != strings.Join(users.ImportColumns, ",") {
		t.Fatalf("template %q", raw)
	}
}

func TestRuntimeFromEnv(t *testing.T) {
	t.Setenv(app.EnvDialogDir, "")
	if _, ok := app.RuntimeFromEnv(app.NopRuntime{}).(app.NopRuntime); !ok {
		t.Fatal("without the variable the real runtime is kept")
	}
	dir := t.TempDir()
	t.Setenv(app.EnvDialogDir, dir)
	rt, ok := app.RuntimeFromEnv(app.NopRuntime{}).(*app.ScriptedRuntime)
	if !ok {
		t.Fatal("the variable selects the scripted runtime")
	}
	p, _ := rt.SaveFile(ctx, "t", "x/../out.csv")
	if p != filepath.Join(dir, "out.csv") {
		t.Fatalf("save answer %s", p)
	}
	if p, _ := rt.OpenFile(ctx, "t", app.FileFilter{Pattern: "*.csv"}); p != "" {
		t.Fatalf("open with an empty dir: %q", p)
	}
	must(t, os.WriteFile(filepath.Join(dir, "a.csv"), nil, 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "b.txt"), nil, 0o600))
	if p, _ := rt.OpenFile(ctx, "t", app.FileFilter{Pattern: "*.csv;*.xlsx"}); p != filepath.Join(dir, "a.csv") {
		t.Fatalf("open answer %q", p)
	}
}

var ctx = context.Background()

func second[T any](_ T, err error) error { return err }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
