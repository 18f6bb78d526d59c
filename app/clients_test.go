package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/testutil"
)

// clientsAs returns a ClientsService on a fresh core signed in as username ("" =
// anonymous), whose file dialogs answer from dir.
func clientsAs(t *testing.T, env *testutil.Env, username, dir string) (*app.ClientsService, *app.ScriptedRuntime) {
	t.Helper()
	rt := app.NewScriptedRuntime(dir, nil)
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewClientsService(core), rt
}

// clientActors are the six kinds of caller of the clients scenario table. The calls act
// on clients of Agent A: "agent" is Agent A on their own clients, "agent on another's"
// is Agent A2 on Agent A's.
var clientActors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent", testutil.AgentAUsername},
	{"agent on another's clients", testutil.AgentA2Username},
	{"admin of another workspace", testutil.AdminBUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

// TestClientsServicePermissions is the scenario table: every bound method of the clients
// service, called by each kind of actor, with the expected error code ("" = allowed).
func TestClientsServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(1)
	target := people.Clients[0] // Agent A's
	n := 0
	fresh := func() string {
		n++
		return env.SeedClients(fmt.Sprintf("Fresh %d", n), env.AgentA, env.WorkspaceA, 1, true)[0]
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "clients.csv"), []byte("name,workspace\nRita Ruiz,Lima\n"), 0o600))
	importRows := func() []clients.ImportRow {
		rows, err := clients.ParseImport([]byte("name,workspace\nRita Ruiz,Lima\n"), "csv")
		must(t, err)
		return rows
	}
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
		nf     = apperr.CodeNotFound
		inval  = apperr.CodeValidation
	)
	type codes [6]string
	mine := clients.Input{Name: "Cliente Nuevo", WorkspaceID: env.WorkspaceA, OwnerID: env.AgentA}
	methods := []struct {
		name string
		call func(*app.ClientsService) error
		want codes
	}{
		{"List", func(s *app.ClientsService) error { return second(s.List(clients.ListQuery{})) }, codes{unauth, ok, ok, ok, ok, ok}},
		{"Options", func(s *app.ClientsService) error { return second(s.Options()) }, codes{unauth, ok, ok, ok, ok, ok}},
		{"Get", func(s *app.ClientsService) error { return second(s.Get(target)) }, codes{unauth, ok, nf, nf, ok, ok}},
		{"Create", func(s *app.ClientsService) error { return second(s.Create(mine)) }, codes{unauth, ok, denied, denied, ok, ok}},
		{"Update", func(s *app.ClientsService) error {
			in := mine
			in.Name = "Client 000"
			return second(s.Update(target, in))
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"Delete", func(s *app.ClientsService) error { return s.Delete(fresh()) }, codes{unauth, denied, nf, nf, ok, ok}},
		{"Transfer", func(s *app.ClientsService) error {
			return second(s.Transfer(clients.MoveRequest{ClientIDs: []string{fresh()}, ToUserIDs: []string{people.AgentA3}}))
		}, codes{unauth, denied, denied, nf, ok, ok}},
		{"Cancel", func(s *app.ClientsService) error { return s.Cancel() }, codes{unauth, ok, ok, ok, ok, ok}},
		{"SaveImportTemplate", func(s *app.ClientsService) error { return second(s.SaveImportTemplate()) }, codes{unauth, denied, denied, ok, ok, ok}},
		{"Export", func(s *app.ClientsService) error { return second(s.Export(clients.ListQuery{}, "xlsx")) }, codes{unauth, ok, ok, ok, ok, ok}},
		{"PreviewImport", func(s *app.ClientsService) error { return second(s.PreviewImport()) }, codes{unauth, denied, denied, ok, ok, ok}},
		// The admin of B may import, but not into Lima (workspace A): the row is invalid.
		{"Import", func(s *app.ClientsService) error { return second(s.Import(importRows(), clients.ImportOptions{})) }, codes{unauth, denied, denied, inval, ok, ok}},
	}
	services := make([]*app.ClientsService, len(clientActors))
	for i, a := range clientActors {
		services[i], _ = clientsAs(t, env, a.username, dir)
	}
	for _, m := range methods {
		for i, a := range clientActors {
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				if got := apperr.CodeOf(m.call(services[i])); got != m.want[i] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[i])
				}
			})
		}
	}
}

// TestClientsServiceAgentSeesOnlyOwn: through the bound service, an agent's list holds
// only their own portfolio, whatever filter they send.
func TestClientsServiceAgentSeesOnlyOwn(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(3)
	svc, _ := clientsAs(t, env, testutil.AgentA2Username, t.TempDir())
	for _, q := range []clients.ListQuery{{}, {OwnerIDs: []string{env.AgentA}}, {Unassigned: true}, {Workspaces: []string{env.WorkspaceA}}} {
		p, err := svc.List(q)
		must(t, err)
		for _, r := range p.Rows {
			if r.OwnerID != people.AgentA2 {
				t.Fatalf("agent A2 sees %+v with %+v", r, q)
			}
		}
	}
}

func TestClientsServiceTransferAndImportThroughDialogs(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	env.SeedClients("Big", env.AgentA, env.WorkspaceA, 700, true)
	dir := t.TempDir()
	svc, rt := clientsAs(t, env, testutil.AdminUsername, dir)
	res, err := svc.Transfer(clients.MoveRequest{FromUserID: env.AgentA, ToUserIDs: []string{people.AgentA2, people.AgentA3, people.AgentA4}})
	must(t, err)
	if res.Clients != 700 || res.Followups != 700 || !strings.HasPrefix(res.Summary, "Transferred 700 clients from Jan Kowalski to ") {
		t.Fatalf("transfer %+v", res)
	}
	var events []app.Progress
	for _, e := range rt.Events() {
		if e.Name == app.EventClientsTransferProgress {
			events = append(events, e.Data[0].(app.Progress))
		}
	}
	// Progress comes per chunk of rows (500), at most about a hundred events, ending at the total.
	for i := 1; i < len(events); i++ {
		if events[i].Done < events[i-1].Done {
			t.Fatalf("progress went back: %+v", events)
		}
	}
	if len(events) < 3 || len(events) > 102 || events[len(events)-1] != (app.Progress{Done: 1400, Total: 1400}) {
		t.Fatalf("%d progress events, last %+v", len(events), events[len(events)-1])
	}
	// The template goes where the save dialog says; the import reads what the open dialog says.
	tpl, err := svc.SaveImportTemplate()
	must(t, err)
	raw, err := os.ReadFile(tpl.Path)
	must(t, err)
	if !strings.HasPrefix(string(raw), "\ufeffname,document_id,phone,email,workspace,tags,notes,owner") {
		t.Fatalf("template %q", raw)
	}
	must(t, os.WriteFile(filepath.Join(dir, "mine.csv"), []byte("name,owner\nRita Ruiz,agent.a2\nRaúl Rojas,\n,agent.a\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, ".open"), []byte("mine.csv"), 0o600))
	f, err := svc.PreviewImport()
	must(t, err)
	if f.FileName != "mine.csv" || f.Preview.Valid != 2 || f.Preview.Invalid != 1 {
		t.Fatalf("preview %+v", f)
	}
	r, err := svc.Import(f.Preview.Rows, clients.ImportOptions{OnlyValid: true})
	must(t, err)
	if r.Created != 2 || r.Skipped != 1 {
		t.Fatalf("import %+v", r)
	}
	// A cancelled dialog is not an error.
	rt.Answer("")
	if f, err := svc.PreviewImport(); err != nil || !f.Cancelled {
		t.Fatalf("cancelled preview %+v %v", f, err)
	}
}
