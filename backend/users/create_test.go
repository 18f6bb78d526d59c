package users_test

import (
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

func TestProposeUsername(t *testing.T) {
	f := newFixture(t, 0)
	// Take jnunez and jnunez2 so the next one is jnunez3.
	for _, u := range []string{"jnunez", "jnunez2", "ab1"} {
		_, err := f.Svc.Create(ctx, f.OwnerA, users.CreateInput{FirstName: "X", LastName: "Y", Username: u, Email: u + "@x.test",
			ProfileID: f.AgentProfile, WorkspaceIDs: []string{f.WorkspaceA}, Active: true, MustSetPassword: true})
		must(t, err)
	}
	cases := []struct{ first, last, want string }{
		{"José", "Núñez", "jnunez3"},
		{"Łukasz", "Żółć", "lzolc"},
		{"María José", "de la Cruz-Pérez", "mdelacruzperez"},
		{"Søren", "Ødegård", "sodegard"},
		{"Ana", "O'Brien", "aobrien"},
		{"  zoë ", " SMITH  ", "zsmith"},
		{"A", "B", "ab2"}, // too short alone; ab1 is taken
		{"Иван", "Петров", "user"},
		{"", "Kowalski", "kowalski"},
		{"Jan", "Wolfeschlegelsteinhausenbergerdorff", "jwolfeschlegelsteinhausenber"},
		{"Olga", "Núñez", "onunez"},
		{"Ana", "García", "agarcia"},
	}
	for _, c := range cases {
		got, err := f.Svc.ProposeUsername(ctx, c.first, c.last)
		must(t, err)
		if got != c.want {
			t.Errorf("ProposeUsername(%q, %q) = %q, want %q", c.first, c.last, got, c.want)
		}
	}
}

func TestStripAccents(t *testing.T) {
	for in, want := range map[string]string{"José Núñez": "Jose Nunez", "Łukasz Żółć": "Lukasz Zolc", "Straße": "Strasse", "ação": "acao"} {
		if got := users.StripAccents(in); got != want {
			t.Errorf("StripAccents(%q) = %q, want %q", in, got, want)
		}
	}
}

func newAgent(f *fixture) users.CreateInput {
	return users.CreateInput{FirstName: "Inés", LastName: "Gonçalves", Email: "ines@contactsur.test", Phone: "+51 999 888 777",
		Extension: "2041", Language: "pt", ProfileID: f.AgentProfile, WorkspaceIDs: []string{f.WorkspaceA}, Active: true,
		Password: "violet tiger river morning 7"}
}

func TestCreateByAdmin(t *testing.T) {
	f := newFixture(t, 0)
	id, err := f.Svc.Create(ctx, f.AdminA, newAgent(f))
	must(t, err)
	var username, role, status, hash, lang string
	var must_ int
	must(t, f.DB.Read().QueryRow(`SELECT username, role, status, password_hash, language, must_change_password FROM users WHERE id = ?`, id).
		Scan(&username, &role, &status, &hash, &lang, &must_))
	if username != "igoncalves" || role != "agent" || status != "active" || !strings.HasPrefix(hash, "$argon2id$") || lang != "pt" || must_ != 0 {
		t.Fatalf("created %s %s %s %.12s %s %d", username, role, status, hash, lang, must_)
	}
	if ok, _, _ := testutil.FastHasher.Verify(hash, "violet tiger river morning 7"); !ok {
		t.Fatal("password does not verify")
	}
	if n := count(t, f, `SELECT COUNT(*) FROM user_workspaces WHERE user_id = ? AND workspace_id = ?`, id, f.WorkspaceA); n != 1 {
		t.Fatalf("workspace links %d", n)
	}
	// One write: the row, its link, their audit entries; the hash never in the audit.
	var changes string
	must(t, f.DB.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity = 'users' AND entity_id = ? AND action = 'create'`, id).Scan(&changes))
	if strings.Contains(changes, "argon2") || !strings.Contains(changes, `"password_hash":{"secret":true}`) {
		t.Fatalf("audit %s", changes)
	}
	// The list finds the new user at once.
	p, err := f.Svc.List(ctx, f.AdminA, users.ListQuery{Search: "ines gonc"})
	must(t, err)
	if p.Total != 1 || p.Rows[0].ID != id {
		t.Fatalf("search after create: %+v", p)
	}
}

func TestCreateRules(t *testing.T) {
	f := newFixture(t, 0)
	narrow := store.NewID()
	// A custom agent profile with the Reports module, which the built-in Administrator
	// profile has, and one with Settings, which it has not.
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		return tx.Insert("profiles", narrow, store.Fields{"name": "Agent+Settings", "role": "agent",
			"modules": `["workspace","clients","settings"]`})
	}))
	cases := []struct {
		name  string
		edit  func(*users.CreateInput)
		code  string
		field string
	}{
		{"admin creates an agent", func(*users.CreateInput) {}, "", ""},
		{"admin cannot create an admin", func(in *users.CreateInput) { in.ProfileID = f.AdminProfile }, "permission_denied", "profileId"},
		{"admin cannot grant a module they lack", func(in *users.CreateInput) { in.ProfileID = narrow }, "permission_denied", "profileId"},
		{"admin only in their workspaces", func(in *users.CreateInput) { in.WorkspaceIDs = []string{f.WorkspaceB} }, "permission_denied", "workspaceIds"},
		{"unknown workspace", func(in *users.CreateInput) { in.WorkspaceIDs = []string{store.NewID()} }, "validation", "workspaceIds"},
		{"no workspace", func(in *users.CreateInput) { in.WorkspaceIDs = nil }, "validation", "workspaceIds"},
		{"unknown profile", func(in *users.CreateInput) { in.ProfileID = store.NewID() }, "validation", "profileId"},
		{"taken username", func(in *users.CreateInput) { in.Username = testutil.AgentBUsername }, "conflict_unique", "username"},
		{"taken e-mail, other case", func(in *users.CreateInput) { in.Email = "Agent.B@ContactSur.test" }, "conflict_unique", "email"},
		{"bad e-mail", func(in *users.CreateInput) { in.Email = "not-an-email" }, "validation", "email"},
		{"bad username", func(in *users.CreateInput) { in.Username = "a b" }, "validation", "username"},
		{"missing first name", func(in *users.CreateInput) { in.FirstName = " " }, "validation", "firstName"},
		{"bad language", func(in *users.CreateInput) { in.Language = "xx" }, "validation", "language"},
		{"bad phone", func(in *users.CreateInput) { in.Phone = "call me" }, "validation", "phone"},
		{"bad extension", func(in *users.CreateInput) { in.Extension = "12a" }, "validation", "extension"},
		{"short password", func(in *users.CreateInput) { in.Password = "short" }, "password_policy", "password"},
		{"password with the name", func(in *users.CreateInput) { in.Password = "gonçalves and more words" }, "password_policy", "password"},
		{"no password and not must-set", func(in *users.CreateInput) { in.Password = "" }, "validation", "password"},
	}
	for i, c := range cases {
		in := newAgent(f)
		in.Email = strings.Replace(in.Email, "@", string(rune('a'+i))+"@", 1)
		in.Username = ""
		c.edit(&in)
		if c.name != "taken username" && in.Username == "" {
			in.Username = "new" + string(rune('a'+i)) + "x"
		}
		_, err := f.Svc.Create(ctx, f.AdminA, in)
		if code(err) != c.code || field(err) != c.field {
			t.Errorf("%s: got %v (field %q), want %q %q", c.name, err, field(err), c.code, c.field)
		}
	}
	// The Owner creates administrators; agents and admins of no module create nobody.
	in := newAgent(f)
	in.ProfileID, in.Email, in.Username = f.AdminProfile, "boss@contactsur.test", "boss"
	if _, err := f.Svc.Create(ctx, f.OwnerA, in); err != nil {
		t.Fatalf("owner creates admin: %v", err)
	}
	in.Email, in.Username = "x@contactsur.test", "xagent"
	in.ProfileID = f.AgentProfile
	if _, err := f.Svc.Create(ctx, f.AgentAA, in); code(err) != "permission_denied" {
		t.Fatalf("agent creates: %v", err)
	}
	if _, err := f.Svc.Create(ctx, nil, in); code(err) != "unauthenticated" {
		t.Fatalf("anonymous creates: %v", err)
	}
	// Must set password: pending, no hash; inactive: inactive.
	in.Password, in.MustSetPassword = "", true
	id, err := f.Svc.Create(ctx, f.AdminA, in)
	must(t, err)
	if s := str(t, f, `SELECT status || ':' || must_change_password || ':' || password_hash FROM users WHERE id = ?`, id); s != "pending:1:" {
		t.Fatalf("must-set user: %s", s)
	}
	in.Email, in.Username, in.Active = "y@contactsur.test", "yagent", false
	id, err = f.Svc.Create(ctx, f.AdminA, in)
	must(t, err)
	if s := str(t, f, `SELECT status || ':' || active FROM users WHERE id = ?`, id); s != "inactive:0" {
		t.Fatalf("inactive user: %s", s)
	}
	// No owner can be created: profiles have no owner role, and the one-owner index holds.
	if n := count(t, f, `SELECT COUNT(*) FROM users WHERE role = 'owner'`); n != 1 {
		t.Fatalf("owners %d", n)
	}
}
