package access_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func code(err error) string { return apperr.CodeOf(err) }

type fixture struct {
	env                 *testutil.Env
	svc                 *access.Profiles
	owner, admin, agent *access.Actor
}

func setup(t *testing.T) *fixture {
	env := testutil.NewEnv(t)
	return &fixture{env: env, svc: access.NewProfiles(env.DB, env.Logger),
		owner: env.SignIn(testutil.OwnerUsername), admin: env.SignIn(testutil.AdminUsername), agent: env.SignIn(testutil.AgentAUsername)}
}

func TestListProfilesWithColourAndUserCount(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.List(ctx, f.agent); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent lists profiles: %v", err)
	}
	if _, err := f.svc.List(ctx, nil); code(err) != apperr.CodeUnauthenticated {
		t.Fatalf("anonymous: %v", err)
	}
	list, err := f.svc.List(ctx, f.admin)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
	admin, agent := list[0], list[1]
	if admin.Role != "admin" || admin.Color != access.ColorAdmin || admin.Icon != "shield" || !admin.Builtin || admin.Users != 1 {
		t.Fatalf("admin profile: %+v", admin)
	}
	if agent.Role != "agent" || agent.Color != access.ColorAgent || agent.Icon != "headset" || agent.Users != 2 ||
		!slices.Equal(agent.Modules, []string{"clients", "agenda"}) {
		t.Fatalf("agent profile: %+v", agent)
	}
	if _, err := f.svc.Get(ctx, f.owner, "nope"); code(err) != apperr.CodeNotFound {
		t.Fatalf("get unknown: %v", err)
	}
}

func TestCreateProfileValidation(t *testing.T) {
	f := setup(t)
	ok := access.ProfileInput{Name: "Supervisión nocturna", Role: "agent", Icon: "star", Description: "Turno de noche",
		Modules: []string{"clients", "agenda"}}
	cases := []struct {
		name  string
		edit  func(*access.ProfileInput)
		code  string
		field string
	}{
		{"name required", func(in *access.ProfileInput) { in.Name = "  " }, apperr.CodeValidation, "name"},
		{"name too long", func(in *access.ProfileInput) { in.Name = strings.Repeat("ñ", 61) }, apperr.CodeValidation, "name"},
		{"description 76 code points", func(in *access.ProfileInput) { in.Description = strings.Repeat("ł", 76) }, apperr.CodeValidation, "description"},
		{"unknown icon", func(in *access.ProfileInput) { in.Icon = "skull" }, apperr.CodeValidation, "icon"},
		{"unknown module", func(in *access.ProfileInput) { in.Modules = []string{"payroll"} }, apperr.CodeValidation, "modules"},
		{"agent with settings", func(in *access.ProfileInput) { in.Modules = []string{"settings"} }, apperr.CodeValidation, "modules"},
		{"agent with users", func(in *access.ProfileInput) { in.Modules = []string{"users"} }, apperr.CodeValidation, "modules"},
		{"bad role", func(in *access.ProfileInput) { in.Role = "owner" }, apperr.CodeValidation, "role"},
		{"name taken, other case", func(in *access.ProfileInput) { in.Name = "AGENT" }, apperr.CodeConflictUnique, "name"},
	}
	for _, c := range cases {
		in := ok
		c.edit(&in)
		_, err := f.svc.Create(ctx, f.owner, in)
		if code(err) != c.code || apperr.As(err).Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	in := ok
	in.Description = strings.Repeat("ł", 75)
	p, err := f.svc.Create(ctx, f.owner, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Modules, []string{"clients", "agenda"}) || p.Color != access.ColorAgent || p.Builtin || p.Users != 0 {
		t.Fatalf("created: %+v", p)
	}
	// An administrator profile may go without Workspace.
	adm, err := f.svc.Create(ctx, f.owner, access.ProfileInput{Name: "Auditor", Role: "admin", Modules: []string{"audit", "reports"}})
	if err != nil || !slices.Equal(adm.Modules, []string{"reports", "audit"}) || adm.Icon != "shield" || adm.Color != access.ColorAdmin {
		t.Fatalf("admin profile: %+v %v", adm, err)
	}
	// Every write went through the write path: audited and stamped for sync (its row clock).
	var audits, outbox int
	if err := f.env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM audit_log WHERE entity='profiles' AND entity_id=?),
		(SELECT COUNT(*) FROM sync_row_clock WHERE tbl='profiles' AND row_id=?)`, p.ID, p.ID).Scan(&audits, &outbox); err != nil {
		t.Fatal(err)
	}
	if audits != 1 || outbox != 1 {
		t.Fatalf("audit=%d outbox=%d", audits, outbox)
	}
}

func TestAdministratorsWriteOnlyAgentProfilesWithTheirModules(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.Create(ctx, f.agent, access.ProfileInput{Name: "X", Role: "agent"}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent creates: %v", err)
	}
	if _, err := f.svc.Create(ctx, f.admin, access.ProfileInput{Name: "Boss", Role: "admin", Modules: []string{"users"}}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin creates admin profile: %v", err)
	}
	// The Owner takes Reports away from the Administrator profile: the admin (signed in
	// already) may no longer give it.
	if _, err := f.svc.Update(ctx, f.owner, f.env.AdminProfile, access.ProfileInput{Name: "Administrator", Icon: "shield",
		Modules: []string{"users", "profiles", "teams", "campaigns", "clients", "agenda"}}); err != nil {
		t.Fatal(err)
	}
	admin, err := f.env.Accounts.Actor(ctx, f.admin.SessionID)
	if err != nil || admin.Can(access.ModReports) {
		t.Fatalf("admin still has reports: %+v %v", admin, err)
	}
	_, err = f.svc.Create(ctx, admin, access.ProfileInput{Name: "Analyst", Role: "agent", Modules: []string{"clients", "reports"}})
	if code(err) != apperr.CodePermissionDenied || apperr.As(err).Params["module"] != "reports" {
		t.Fatalf("admin grants reports: %v", err)
	}
	p, err := f.svc.Create(ctx, admin, access.ProfileInput{Name: "Closer", Role: "agent", Icon: "trophy", Modules: []string{"clients", "campaigns"}})
	if err != nil {
		t.Fatal(err)
	}
	// The Owner adds Reports to it; the admin may still edit it, keeping or dropping Reports.
	if _, err := f.svc.Update(ctx, f.owner, p.ID, access.ProfileInput{Name: "Closer", Icon: "trophy", Modules: []string{"clients", "reports"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Update(ctx, admin, p.ID, access.ProfileInput{Name: "Closers", Icon: "trophy", Modules: []string{"clients", "reports", "agenda"}}); err != nil {
		t.Fatalf("admin edits a profile holding a module they lack: %v", err)
	}
	if _, err := f.svc.Update(ctx, admin, f.env.AdminProfile, access.ProfileInput{Name: "Admins", Icon: "shield", Modules: []string{"users"}}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin edits the admin profile: %v", err)
	}
	if err := f.svc.Delete(ctx, admin, f.env.AdminProfile); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin deletes the admin profile: %v", err)
	}
	if err := f.svc.Delete(ctx, admin, p.ID); err != nil {
		t.Fatalf("admin deletes an unused agent profile: %v", err)
	}
}

func TestUpdateKeepsRoleAndBuiltinsAreEditable(t *testing.T) {
	f := setup(t)
	_, err := f.svc.Update(ctx, f.owner, f.env.AgentProfile, access.ProfileInput{Name: "Agent", Role: "admin"})
	if code(err) != apperr.CodeValidation || apperr.As(err).Field != "role" {
		t.Fatalf("role change: %v", err)
	}
	p, err := f.svc.Update(ctx, f.owner, f.env.AgentProfile, access.ProfileInput{Name: "Agente", Icon: "call",
		Description: "Atiende llamadas", Modules: []string{"clients"}})
	if err != nil || p.Name != "Agente" || p.Icon != "call" || !p.Builtin || !slices.Equal(p.Modules, []string{"clients"}) {
		t.Fatalf("builtin edit: %+v %v", p, err)
	}
	if _, err := f.svc.Update(ctx, f.owner, "missing", access.ProfileInput{Name: "X"}); code(err) != apperr.CodeNotFound {
		t.Fatalf("update missing: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.owner, f.env.AgentProfile, access.ProfileInput{Name: "administrator"}); code(err) != apperr.CodeConflictUnique {
		t.Fatalf("rename onto another: %v", err)
	}
}

func TestProfileInUseCannotBeDeletedUntilItsUsersMove(t *testing.T) {
	f := setup(t)
	if err := f.svc.Delete(ctx, f.owner, f.env.AgentProfile); code(err) != access.CodeProfileBuiltin {
		t.Fatalf("delete builtin: %v", err)
	}
	p, err := f.svc.Create(ctx, f.owner, access.ProfileInput{Name: "Cobranzas", Role: "agent", Modules: []string{"clients"}})
	if err != nil {
		t.Fatal(err)
	}
	move := func(profile string, users ...string) {
		t.Helper()
		if err := f.env.DB.Write(ctx, f.env.Owner, func(tx *store.Tx) error {
			for _, u := range users {
				if err := tx.Update("users", u, store.Fields{"profile_id": profile}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	move(p.ID, f.env.AgentA, f.env.AgentB)
	err = f.svc.Delete(ctx, f.owner, p.ID)
	if code(err) != access.CodeProfileInUse || apperr.As(err).Params["users"] != 2 {
		t.Fatalf("delete in use: %v", err)
	}
	b, _ := json.Marshal(apperr.As(err))
	if string(b) != `{"code":"profile_in_use","params":{"users":2}}` {
		t.Fatalf("wire form %s", b)
	}
	move(f.env.AgentProfile, f.env.AgentA, f.env.AgentB)
	if err := f.svc.Delete(ctx, f.owner, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(ctx, f.owner, p.ID); code(err) != apperr.CodeNotFound {
		t.Fatalf("deleted profile still there: %v", err)
	}
	var tomb int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM sync_tombstones WHERE tbl='profiles' AND row_id=?`, p.ID).Scan(&tomb); err != nil {
		t.Fatal(err)
	}
	if tomb != 1 {
		t.Fatal("no tombstone for the deleted profile")
	}
}

// TestModuleChangeTakesEffectAtOnce: the agent's open session loses Clients the moment the
// Owner takes it off the Agent profile, and gets it back the same way.
func TestModuleChangeTakesEffectAtOnce(t *testing.T) {
	f := setup(t)
	sid := f.agent.SessionID
	need := access.Need{Module: access.ModClients}
	check := func(want string) {
		t.Helper()
		a, err := f.env.Accounts.Actor(ctx, sid)
		if err != nil {
			t.Fatal(err)
		}
		if got := code(access.Check(a, need)); got != want {
			t.Fatalf("clients check: %q, want %q", got, want)
		}
	}
	check("")
	if _, err := f.svc.Update(ctx, f.owner, f.env.AgentProfile, access.ProfileInput{Name: "Agent", Icon: "headset", Modules: []string{"agenda"}}); err != nil {
		t.Fatal(err)
	}
	check(apperr.CodePermissionDenied)
	if _, err := f.svc.Update(ctx, f.owner, f.env.AgentProfile, access.ProfileInput{Name: "Agent", Icon: "headset", Modules: []string{"agenda", "clients"}}); err != nil {
		t.Fatal(err)
	}
	check("")
}

func TestMayGrant(t *testing.T) {
	admin := &access.Actor{UserID: "a", Role: access.Admin, Modules: []access.Module{access.ModUsers, access.ModClients}}
	agentProfile := &access.ProfileRef{Role: access.Agent, Modules: []access.Module{access.ModClients}}
	if err := access.MayGrant(admin, agentProfile); err != nil {
		t.Fatalf("admin grants an agent profile they cover: %v", err)
	}
	agentProfile.Modules = append(agentProfile.Modules, access.ModAgenda)
	if err := access.MayGrant(admin, agentProfile); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin grants agenda they lack: %v", err)
	}
	if err := access.MayGrant(admin, &access.ProfileRef{Role: access.Admin}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin grants an admin profile: %v", err)
	}
	if err := access.MayGrant(&access.Actor{UserID: "o", Role: access.Owner}, &access.ProfileRef{Role: access.Admin}); err != nil {
		t.Fatalf("owner: %v", err)
	}
	// A profile of another workspace is not the administrator's to give (issue 12).
	admin.Workspaces = []string{"wa"}
	own := &access.ProfileRef{Role: access.Agent, Modules: []access.Module{access.ModClients}, WorkspaceID: "wa"}
	if err := access.MayGrant(admin, own); err != nil {
		t.Fatalf("admin grants a profile of their workspace: %v", err)
	}
	own.WorkspaceID = "wb"
	if err := access.MayGrant(admin, own); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin grants a profile of another workspace: %v", err)
	}
}

// "workspace" was a module with no screen (issue 11): a stored profile that still names it
// loses it on reading, and no profile can be given it again.
func TestRetiredWorkspaceModule(t *testing.T) {
	if got := access.ParseModules([]string{"workspace", "clients"}); !slices.Equal(got, []access.Module{access.ModClients}) {
		t.Fatalf("ParseModules = %v", got)
	}
	f := setup(t)
	_, err := f.svc.Create(ctx, f.owner, access.ProfileInput{Name: "Old", Role: "agent", Modules: []string{"clients", "workspace"}})
	if code(err) != apperr.CodeValidation {
		t.Fatalf("profile with workspace: %v", err)
	}
}
