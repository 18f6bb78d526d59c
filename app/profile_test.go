package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

// profileActors are the six kinds of caller of the profile page's scenario table: the
// target is the actor itself for "agent", Agent A2 (workspace A) for everyone else.
var profileActors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent", testutil.AgentAUsername},
	{"agent on another user", testutil.AgentAUsername},
	{"admin of another workspace", testutil.AdminBUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

// TestProfilePagePermissions is the scenario table of the bound methods the profile page
// adds or changes: each kind of actor, with the expected error code ("" = allowed).
func TestProfilePagePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	people := env.SeedPeople(0)
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
		nf     = apperr.CodeNotFound
	)
	skills := []users.Skill{{Name: "Ventas", Level: 4}, {Name: "Inglés", Level: 0}}
	fields := []users.CustomField{{Label: "Turno", Value: "Mañana"}}
	methods := []struct {
		name string
		call func(s *app.UsersService, target string) error
		want [6]string
	}{
		{"Get", func(s *app.UsersService, id string) error { return second(s.Get(id)) }, [6]string{unauth, ok, denied, nf, ok, ok}},
		{"Update skills", func(s *app.UsersService, id string) error {
			return second(s.Update(id, users.UpdateInput{Skills: &skills}))
		}, [6]string{unauth, ok, denied, nf, ok, ok}},
		{"Update additional info", func(s *app.UsersService, id string) error {
			return second(s.Update(id, users.UpdateInput{CustomFields: &fields}))
		}, [6]string{unauth, ok, denied, nf, ok, ok}},
		{"History", func(s *app.UsersService, id string) error { return second(s.History(id, 0, 10)) }, [6]string{unauth, ok, denied, nf, ok, ok}},
		{"SignIns", func(s *app.UsersService, id string) error { return second(s.SignIns(id, 0, 10)) }, [6]string{unauth, ok, denied, nf, ok, ok}},
		{"MyPreferences", func(s *app.UsersService, _ string) error { return second(s.MyPreferences()) }, [6]string{unauth, ok, ok, ok, ok, ok}},
		{"SetMyPreferences", func(s *app.UsersService, _ string) error {
			return second(s.SetMyPreferences(accounts.WorkPreferences{NotifyFrequency: "hourly", IdleMinutes: 10}))
		}, [6]string{unauth, ok, ok, ok, ok, ok}},
	}
	services := make([]*app.UsersService, len(profileActors))
	for i, a := range profileActors {
		services[i], _ = usersAs(t, env, a.username, t.TempDir())
	}
	for _, m := range methods {
		for i, a := range profileActors {
			target := people.AgentA2
			if i == 1 {
				target = env.AgentA
			}
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				if got := apperr.CodeOf(m.call(services[i], target)); got != m.want[i] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[i])
				}
			})
		}
	}
}

// TestProfileActionsFollowTheGuardRails: the page's header actions and editable fields
// come from Go and follow F2.6/F2.7: an administrator manages agents only, the Owner
// transfers ownership only to an active administrator, nobody edits their own access.
func TestProfileActionsFollowTheGuardRails(t *testing.T) {
	env := testutil.NewEnv(t)
	env.SeedPeople(0)
	admin, _ := usersAs(t, env, testutil.AdminUsername, t.TempDir())
	owner, _ := usersAs(t, env, testutil.OwnerUsername, t.TempDir())
	agent, _ := usersAs(t, env, testutil.AgentAUsername, t.TempDir())
	cases := []struct {
		name   string
		svc    *app.UsersService
		target string
		can    users.ProfileActions
		edits  []string
		noEdit []string
	}{
		{"admin on agent", admin, env.AgentA, users.ProfileActions{ResetPassword: true, ResetTwoFactor: true, ChangePhoto: true},
			[]string{"email", "profileId", "skills", "customFields"}, nil},
		{"admin on self", admin, env.Admin, users.ProfileActions{ChangePhoto: true},
			[]string{"firstName", "skills"}, []string{"email", "profileId", "active"}},
		{"admin on owner", admin, env.Owner, users.ProfileActions{}, nil, []string{"firstName", "skills", "profileId"}},
		{"owner on admin", owner, env.Admin, users.ProfileActions{ResetPassword: true, ResetTwoFactor: true, ChangePhoto: true, TransferOwnership: true},
			[]string{"email", "profileId"}, nil},
		{"owner on agent", owner, env.AgentA, users.ProfileActions{ResetPassword: true, ResetTwoFactor: true, ChangePhoto: true},
			[]string{"email"}, nil},
		{"agent on self", agent, env.AgentA, users.ProfileActions{ChangePhoto: true},
			[]string{"phone", "skills", "customFields"}, []string{"email", "profileId", "active", "workspaceIds", "username"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := c.svc.Get(c.target)
			must(t, err)
			if d.Can != c.can {
				t.Fatalf("actions %+v, want %+v", d.Can, c.can)
			}
			have := strings.Join(d.Editable, ",")
			for _, f := range c.edits {
				if !strings.Contains(have, f) {
					t.Errorf("%s not editable in %s", f, have)
				}
			}
			for _, f := range c.noEdit {
				for _, e := range d.Editable {
					if e == f {
						t.Errorf("%s editable", f)
					}
				}
			}
		})
	}
	// The page's Roles tab lists the modules the profile opens.
	d, err := admin.Get(env.AgentA)
	must(t, err)
	if strings.Join(d.Modules, ",") != "clients,agenda" {
		t.Fatalf("agent modules %v", d.Modules)
	}
	// Go refuses what the page hides: the agent editing another user, the admin their own e-mail.
	if _, err := agent.Update(env.Admin, users.UpdateInput{Skills: &[]users.Skill{}}); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent on admin: %v", err)
	}
	if _, err := admin.Update(env.Admin, users.UpdateInput{Email: new("a@b.test")}); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("own e-mail: %v", err)
	}
}

// TestProfileListsAreValidatedAndStored: skills and additional info are trimmed, checked
// and read back as saved; History shows them old → new.
func TestProfileListsAreValidatedAndStored(t *testing.T) {
	env := testutil.NewEnv(t)
	admin, _ := usersAs(t, env, testutil.AdminUsername, t.TempDir())
	bad := []struct {
		in   users.UpdateInput
		rule string
	}{
		{users.UpdateInput{Skills: &[]users.Skill{{Name: " "}}}, "required"},
		{users.UpdateInput{Skills: &[]users.Skill{{Name: "Ventas", Level: 6}}}, "level"},
		{users.UpdateInput{Skills: &[]users.Skill{{Name: "Ventas"}, {Name: "VENTAS"}}}, "duplicate"},
		{users.UpdateInput{Skills: &[]users.Skill{{Name: strings.Repeat("x", 41)}}}, "too_long"},
		{users.UpdateInput{CustomFields: &[]users.CustomField{{Label: "", Value: "x"}}}, "required"},
		{users.UpdateInput{CustomFields: &[]users.CustomField{{Label: "a", Value: strings.Repeat("é", 201)}}}, "too_long"},
	}
	for _, b := range bad {
		_, err := admin.Update(env.AgentA, b.in)
		e := apperr.As(err)
		if e.Code != apperr.CodeValidation || e.Params["rule"] != b.rule {
			t.Fatalf("%+v: %v", b.in, err)
		}
	}
	d, err := admin.Update(env.AgentA, users.UpdateInput{
		Skills:       &[]users.Skill{{Name: " Cobranzas ", Level: 3}, {Name: "Português", Level: 0}},
		CustomFields: &[]users.CustomField{{Label: "Turno", Value: " Tarde "}},
	})
	must(t, err)
	if len(d.Skills) != 2 || d.Skills[0] != (users.Skill{Name: "Cobranzas", Level: 3}) || d.CustomFields[0].Value != "Tarde" {
		t.Fatalf("stored %+v %+v", d.Skills, d.CustomFields)
	}
	h, err := admin.History(env.AgentA, 0, 1)
	must(t, err)
	var skills *store.FieldChange
	for i, c := range h.Rows[0].Changes {
		if c.Field == "skills" {
			skills = &h.Rows[0].Changes[i]
		}
	}
	if skills == nil || skills.Old != "[]" || !strings.Contains(skills.New.(string), "Cobranzas") || h.Rows[0].ActorName == "" {
		t.Fatalf("history %+v", h.Rows[0])
	}
}

// TestProfileHistoryPagesAndHidesSecrets: the History tab pages from Go, newest first,
// leaves presence bookkeeping out, and shows a password reset only as "changed".
func TestProfileHistoryPagesAndHidesSecrets(t *testing.T) {
	env := testutil.NewEnv(t)
	admin, _ := usersAs(t, env, testutil.AdminUsername, t.TempDir())
	adminCore := app.NewCore(env.Accounts, nil, env.Logger)
	_, err := app.NewSessionService(adminCore).SignIn(app.SignInRequest{Login: testutil.AdminUsername, Password: testutil.Password})
	must(t, err)
	// The agent signs in and out: presence changes, which History leaves out.
	agentCore := app.NewCore(env.Accounts, nil, env.Logger)
	sess := app.NewSessionService(agentCore)
	_, err = sess.SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: testutil.Password})
	must(t, err)
	_, err = sess.SetPresence(app.PresenceRequest{Presence: "busy"})
	must(t, err)
	must(t, sess.SignOut())
	before, err := admin.History(env.AgentA, 0, 100)
	must(t, err)
	for i := 1; i <= 5; i++ {
		env.Clock.Advance(1000000000)
		_, err := admin.Update(env.AgentA, users.UpdateInput{Phone: new("+51 1 000 000" + string(rune('0'+i)))})
		must(t, err)
	}
	res, err := app.NewPasswordsService(adminCore).ResetUser(app.ResetPasswordRequest{UserID: env.AgentA, Generate: true})
	must(t, err)
	all, err := admin.History(env.AgentA, 0, 100)
	must(t, err)
	// 5 edits, and the reset: its event, the new hash, the ended sessions.
	if all.Total != before.Total+8 || len(all.Rows) != all.Total {
		for _, e := range all.Rows {
			t.Logf("%s %+v", e.Action, e.Changes)
		}
		t.Fatalf("totals %d → %d", before.Total, all.Total)
	}
	for _, e := range all.Rows {
		for _, c := range e.Changes {
			if c.Field == "presence" {
				t.Fatalf("presence bookkeeping in history: %+v", e)
			}
		}
	}
	// Pages of 2 put together are the whole list, in the same order.
	var paged []string
	for off := 0; off < all.Total; off += 2 {
		p, err := admin.History(env.AgentA, off, 2)
		must(t, err)
		if p.Total != all.Total || len(p.Rows) > 2 {
			t.Fatalf("page at %d: %d rows of %d", off, len(p.Rows), p.Total)
		}
		for _, e := range p.Rows {
			paged = append(paged, e.ID)
		}
	}
	for i, e := range all.Rows {
		if paged[i] != e.ID {
			t.Fatalf("page order differs at %d", i)
		}
		if i > 0 && all.Rows[i-1].At < e.At {
			t.Fatalf("not newest first at %d", i)
		}
	}
	// The reset is there, as "changed": no hash, no generated password anywhere.
	raw, err := json.Marshal(all)
	must(t, err)
	if strings.Contains(string(raw), "argon2") || strings.Contains(string(raw), res.Password) || strings.Contains(string(raw), "session_id") {
		t.Fatal("a secret in the history output")
	}
	found := false
	for _, e := range all.Rows {
		for _, c := range e.Changes {
			if c.Field == "password_hash" {
				found = c.Secret && c.Old == nil && c.New == nil
			}
		}
	}
	if !found {
		t.Fatal("the password reset is not shown as changed")
	}
	// The agent signs in with it and chooses their own: an event whose audit entry carries the
	// session id, which the history leaves out.
	env.Clock.Advance(1000000000)
	_, err = sess.SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: res.Password})
	must(t, err)
	_, err = app.NewPasswordsService(agentCore).ChangeOwn(accounts.ChangePasswordInput{Current: res.Password,
		Password: "Lantern-Quarry-6620-meadow", Repeat: "Lantern-Quarry-6620-meadow"})
	must(t, err)
	if countActions(t, admin, env.AgentA, "password_changed") != 1 {
		t.Fatal("the own password change is not in the history")
	}
	after, err := admin.History(env.AgentA, 0, 500)
	must(t, err)
	raw, err = json.Marshal(after)
	must(t, err)
	if strings.Contains(string(raw), "session_id") || strings.Contains(string(raw), "Lantern-Quarry") || strings.Contains(string(raw), "argon2") {
		t.Fatalf("bookkeeping or secrets in the history: %s", raw)
	}
}

// TestSignInHistory: sign-ins, sign-outs, failed attempts and lockouts with time and
// workstation, visible to the user and to the administrators of their workspaces only.
func TestSignInHistory(t *testing.T) {
	env := testutil.NewEnv(t)
	env.SeedPeople(0)
	agentCore := app.NewCore(env.Accounts, nil, env.Logger)
	sess := app.NewSessionService(agentCore)
	if _, err := sess.SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: "wrong password wrong"}); apperr.CodeOf(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("wrong password: %v", err)
	}
	env.Clock.Advance(1000000000)
	_, err := sess.SignIn(app.SignInRequest{Login: testutil.AgentAUsername, Password: testutil.Password})
	must(t, err)
	env.Clock.Advance(1000000000)
	must(t, sess.SignOut())
	admin, _ := usersAs(t, env, testutil.AdminUsername, t.TempDir())
	p, err := admin.SignIns(env.AgentA, 0, 50)
	must(t, err)
	var actions []string
	for _, e := range p.Rows {
		actions = append(actions, e.Action)
		if e.WorkstationID != env.DB.WorkstationID() || e.At == "" {
			t.Fatalf("event %+v", e)
		}
	}
	if got := strings.Join(actions, ","); got != "sign_out,sign_in,sign_in_failed" || p.Total != 3 {
		t.Fatalf("events %s (%d)", got, p.Total)
	}
	if p.Rows[0].Reason != "sign_out" || p.Rows[2].Failures != 1 {
		t.Fatalf("details %+v", p.Rows)
	}
	raw, _ := json.Marshal(p)
	if strings.Contains(string(raw), "session_id") {
		t.Fatal("session ids in the sign-in history")
	}
	// The agent sees their own (with this very sign-in on top); paging works.
	agent, _ := usersAs(t, env, testutil.AgentAUsername, t.TempDir())
	own, err := agent.SignIns(env.AgentA, 1, 2)
	must(t, err)
	if own.Total != 4 || len(own.Rows) != 2 || own.Rows[0].Action != "sign_out" {
		t.Fatalf("own page %+v", own)
	}
	// Not the agent on someone else, not the admin of another workspace.
	if _, err := agent.SignIns(env.Admin, 0, 10); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent on admin: %v", err)
	}
	adminB, _ := usersAs(t, env, testutil.AdminBUsername, t.TempDir())
	if _, err := adminB.SignIns(env.AgentA, 0, 10); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Fatalf("admin of B: %v", err)
	}
}

// TestMyPreferences: notification frequency and idle minutes are stored per user and
// checked against their choices.
func TestMyPreferences(t *testing.T) {
	env := testutil.NewEnv(t)
	agent, _ := usersAs(t, env, testutil.AgentAUsername, t.TempDir())
	p, err := agent.MyPreferences()
	must(t, err)
	if *p != (accounts.WorkPreferences{NotifyFrequency: "immediately", IdleMinutes: 0}) {
		t.Fatalf("defaults %+v", p)
	}
	p, err = agent.SetMyPreferences(accounts.WorkPreferences{NotifyFrequency: "daily", IdleMinutes: 15})
	must(t, err)
	if *p != (accounts.WorkPreferences{NotifyFrequency: "daily", IdleMinutes: 15}) {
		t.Fatalf("stored %+v", p)
	}
	for _, bad := range []accounts.WorkPreferences{{NotifyFrequency: "weekly"}, {NotifyFrequency: "hourly", IdleMinutes: 7}} {
		if _, err := agent.SetMyPreferences(bad); apperr.CodeOf(err) != apperr.CodeValidation {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	admin, _ := usersAs(t, env, testutil.AdminUsername, t.TempDir())
	if p, _ := admin.MyPreferences(); p.IdleMinutes != 0 {
		t.Fatalf("per user: admin has %+v", p)
	}
}

// countActions counts the history entries of user id with action.
func countActions(t *testing.T, s *app.UsersService, id, action string) int {
	t.Helper()
	h, err := s.History(id, 0, 500)
	must(t, err)
	n := 0
	for _, e := range h.Rows {
		if e.Action == action {
			n++
		}
	}
	return n
}
