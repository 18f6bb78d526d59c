package accounts_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func code(err error) string { return apperr.CodeOf(err) }

func freshService(t *testing.T) (*accounts.Service, *testutil.Clock, string) {
	t.Helper()
	clk := testutil.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), store.FileName)
	db := testutil.OpenNew(t, path, store.Options{Now: clk.Now})
	return accounts.New(db, auth.Hasher{}, testutil.NewEnvLogger()), clk, path
}

func validSetup() accounts.SetupInput {
	return accounts.SetupInput{OrgName: "Contact Sur", WorkspaceName: "Lima", FirstName: "José", LastName: "Núñez",
		Username: "JNunez", Email: "Jose@ContactSur.test", Password: testutil.Password, Language: "es"}
}

func TestSetupCreatesOrganizationWorkspaceAndTheOneOwner(t *testing.T) {
	svc, _, _ := freshService(t)
	needs, err := svc.NeedsSetup(ctx)
	if err != nil || !needs {
		t.Fatalf("fresh db: needsSetup=%v err=%v", needs, err)
	}
	owner, err := svc.Setup(ctx, validSetup())
	if err != nil {
		t.Fatal(err)
	}
	db := svc.DB()
	var username, email, role, hash string
	if err := db.Read().QueryRow(`SELECT username, email, role, password_hash FROM users WHERE id=?`, owner).Scan(&username, &email, &role, &hash); err != nil {
		t.Fatal(err)
	}
	if username != "jnunez" || email != "jose@contactsur.test" || role != "owner" || !strings.HasPrefix(hash, defaultPHCPrefix()) {
		t.Fatalf("owner row: %s %s %s %.30s", username, email, role, hash)
	}
	var users, orgs, wss, links, profiles int
	if err := db.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM organizations), (SELECT COUNT(*) FROM workspaces),
		(SELECT COUNT(*) FROM user_workspaces), (SELECT COUNT(*) FROM profiles)`).Scan(&users, &orgs, &wss, &links, &profiles); err != nil {
		t.Fatal(err)
	}
	if users != 1 || orgs != 1 || wss != 1 || links != 1 || profiles != 2 {
		t.Fatalf("users=%d orgs=%d workspaces=%d links=%d profiles=%d", users, orgs, wss, links, profiles)
	}
	if needs, _ := svc.NeedsSetup(ctx); needs {
		t.Fatal("still needs setup")
	}
	// A second setup is refused and writes nothing: no second owner, ever.
	in := validSetup()
	in.Username, in.Email = "other", "other@contactsur.test"
	if _, err := svc.Setup(ctx, in); code(err) != apperr.CodeAlreadySetup {
		t.Fatalf("second setup: %v", err)
	}
	if err := db.Read().QueryRow(`SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != 1 {
		t.Fatalf("second setup left %d users", users)
	}
	// Every setup write went through the write path: audited and stamped for sync (one row
	// clock per row; no outbox while no sync server is configured).
	var audits, outbox int
	if err := db.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM sync_row_clock)`).Scan(&audits, &outbox); err != nil {
		t.Fatal(err)
	}
	if audits != 6 || outbox != 6 {
		t.Fatalf("audit=%d outbox=%d, want 6 each", audits, outbox)
	}
}

func TestSetupValidatesEveryField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*accounts.SetupInput)
		code  string
		field string
	}{
		{"no org", func(i *accounts.SetupInput) { i.OrgName = "  " }, apperr.CodeValidation, "orgName"},
		{"no workspace", func(i *accounts.SetupInput) { i.WorkspaceName = "" }, apperr.CodeValidation, "workspaceName"},
		{"long first name", func(i *accounts.SetupInput) { i.FirstName = strings.Repeat("ł", 81) }, apperr.CodeValidation, "firstName"},
		{"no last name", func(i *accounts.SetupInput) { i.LastName = "" }, apperr.CodeValidation, "lastName"},
		{"bad username", func(i *accounts.SetupInput) { i.Username = "jo sé" }, apperr.CodeValidation, "username"},
		{"short username", func(i *accounts.SetupInput) { i.Username = "jn" }, apperr.CodeValidation, "username"},
		{"bad email", func(i *accounts.SetupInput) { i.Email = "jose@" }, apperr.CodeValidation, "email"},
		{"email with name", func(i *accounts.SetupInput) { i.Email = "José <jose@x.test>" }, apperr.CodeValidation, "email"},
		{"bad language", func(i *accounts.SetupInput) { i.Language = "xx" }, apperr.CodeValidation, "language"},
		{"short password", func(i *accounts.SetupInput) { i.Password = "Short1!" }, apperr.CodePasswordPolicy, "password"},
		{"password has username", func(i *accounts.SetupInput) { i.Password = "my name is jnunez and more" }, apperr.CodePasswordPolicy, "password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc, _, _ := freshService(t)
			in := validSetup()
			c.edit(&in)
			_, err := svc.Setup(ctx, in)
			e := apperr.As(err)
			if err == nil || e.Code != c.code || e.Field != c.field {
				t.Fatalf("got %v, want %s on %s", err, c.code, c.field)
			}
			var n int
			if err := svc.DB().Read().QueryRow(`SELECT COUNT(*) FROM organizations`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("a refused setup wrote an organization")
			}
		})
	}
}

func TestSignInByUsernameOrEmailAnyCase(t *testing.T) {
	env := testutil.NewEnv(t)
	for _, login := range []string{"owner", "OWNER", " owner@ContactSur.test "} {
		sid, err := env.Accounts.SignIn(ctx, login, testutil.Password)
		if err != nil {
			t.Fatalf("%q: %v", login, err)
		}
		a, err := env.Accounts.Actor(ctx, sid)
		if err != nil || a.UserID != env.Owner {
			t.Fatalf("%q: actor %v %v", login, a, err)
		}
	}
}

func TestWrongPasswordAndUnknownAccountLookTheSame(t *testing.T) {
	env := testutil.NewEnv(t)
	_, err1 := env.Accounts.SignIn(ctx, "owner", "not the password at all")
	_, err2 := env.Accounts.SignIn(ctx, "nobody.here", "not the password at all")
	if apperr.JSON(err1) != apperr.JSON(err2) || code(err1) != apperr.CodeInvalidCredentials {
		t.Fatalf("wrong password %s vs unknown account %s", apperr.JSON(err1), apperr.JSON(err2))
	}
}

func TestLockoutAfterTenFailuresSurvivesRestartAndExpires(t *testing.T) {
	svc, clk, path := freshService(t)
	if _, err := svc.Setup(ctx, validSetup()); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 9; i++ {
		if _, err := svc.SignIn(ctx, "jnunez", "wrong password number x"); code(err) != apperr.CodeInvalidCredentials {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := svc.SignIn(ctx, "jose@contactsur.test", "wrong password number x")
	if e := apperr.As(err); e.Code != apperr.CodeAccountLocked || e.Params["minutes"] != 15 {
		t.Fatalf("10th failure (by e-mail): %v", err)
	}
	// The app restarts: the counter is in the database, the lock holds, even for the right password.
	svc.DB().Close()
	db2, err := store.Open(ctx, path, store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	svc2 := accounts.New(db2, auth.Hasher{}, testutil.NewEnvLogger())
	clk.Advance(5 * time.Minute)
	_, err = svc2.SignIn(ctx, "jnunez", testutil.Password)
	if e := apperr.As(err); e.Code != apperr.CodeAccountLocked || e.Params["minutes"] != 10 {
		t.Fatalf("after restart: %v", err)
	}
	clk.Advance(10*time.Minute + time.Second)
	if _, err := svc2.SignIn(ctx, "jnunez", testutil.Password); err != nil {
		t.Fatalf("after the lock ran out: %v", err)
	}
	// A success clears the counter: nine more failures do not lock.
	for i := 0; i < 9; i++ {
		if _, err := svc2.SignIn(ctx, "jnunez", "wrong password number x"); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	}
	if _, err := svc2.SignIn(ctx, "jnunez", testutil.Password); err != nil {
		t.Fatalf("counter was not reset by the success: %v", err)
	}
}

func TestUnknownLoginsLockToo(t *testing.T) {
	env := testutil.NewEnv(t)
	var err error
	for i := 0; i < 10; i++ {
		_, err = env.Accounts.SignIn(ctx, "ghost", "whatever it is typed")
	}
	if code(err) != apperr.CodeAccountLocked {
		t.Fatalf("an unknown login must lock like a real one, got %v", err)
	}
}

// defaultPHCPrefix is the start of a hash made with the default parameters in force.
func defaultPHCPrefix() string {
	p := auth.DefaultHashParams()
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", p.Memory, p.Iterations, p.Parallelism)
}

func TestSignInUpgradesWeakHashParameters(t *testing.T) {
	env := testutil.NewEnv(t)
	// Weaker than the defaults in force (the cheap test parameters: backend/testutil).
	weak := auth.Hasher{Params: auth.HashParams{Memory: 256, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}
	h, err := weak.Hash(testutil.Password)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Update("users", env.AgentA, store.Fields{"password_hash": h})
	}); err != nil {
		t.Fatal(err)
	}
	env.SignIn(testutil.AgentAUsername)
	var now string
	if err := env.DB.Read().QueryRow(`SELECT password_hash FROM users WHERE id=?`, env.AgentA).Scan(&now); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(now, defaultPHCPrefix()) {
		t.Fatalf("hash not upgraded: %.40s", now)
	}
	env.SignIn(testutil.AgentAUsername) // and the upgraded hash verifies
}

func TestInactiveAccountCannotSignIn(t *testing.T) {
	env := testutil.NewEnv(t)
	a := env.SignIn(testutil.AgentAUsername)
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Update("users", env.AgentA, store.Fields{"active": false, "status": "inactive"})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Accounts.Actor(ctx, a.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatalf("session of a deactivated user still valid: %v", err)
	}
	if _, err := env.Accounts.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != apperr.CodeAccountInactive {
		t.Fatalf("inactive sign-in: %v", err)
	}
	if _, err := env.Accounts.SignIn(ctx, testutil.AgentAUsername, "a wrong password here"); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("inactive with wrong password must not reveal the state: %v", err)
	}
}

func TestRevokedSessionsEnd(t *testing.T) {
	env := testutil.NewEnv(t)
	a := env.SignIn(testutil.AgentAUsername)
	env.Clock.Advance(time.Second)
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Update("users", env.AgentA, store.Fields{"sessions_revoked_at": tx.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Accounts.Actor(ctx, a.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatalf("revoked session still valid: %v", err)
	}
	env.Clock.Advance(time.Second)
	env.SignIn(testutil.AgentAUsername) // a new sign-in after the revocation works
}

func TestSignOutEndsSessionAndRecordsHistory(t *testing.T) {
	env := testutil.NewEnv(t)
	a := env.SignIn(testutil.AdminUsername)
	var presence string
	if err := env.DB.Read().QueryRow(`SELECT presence FROM users WHERE id=?`, env.Admin).Scan(&presence); err != nil {
		t.Fatal(err)
	}
	if presence != "online" {
		t.Fatalf("presence after sign-in = %s", presence)
	}
	if err := env.Accounts.SignOut(ctx, a, "sign_out"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Accounts.Actor(ctx, a.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatalf("session still valid after sign-out: %v", err)
	}
	if err := env.DB.Read().QueryRow(`SELECT presence FROM users WHERE id=?`, env.Admin).Scan(&presence); err != nil {
		t.Fatal(err)
	}
	if presence != "offline" {
		t.Fatalf("presence after sign-out = %s", presence)
	}
	if _, err := env.Accounts.SignIn(ctx, testutil.AdminUsername, "wrong wrong wrong wrong"); err == nil {
		t.Fatal("a wrong password was accepted")
	}
	rows, _ := env.DB.Read().Query(`SELECT action, workstation_id FROM audit_log WHERE entity='users' AND entity_id=? AND action LIKE 'sign%' ORDER BY at, id`, env.Admin)
	var got []string
	for rows.Next() {
		var action, ws string
		if err := rows.Scan(&action, &ws); err != nil {
			t.Fatal(err)
		}
		if ws != env.DB.WorkstationID() {
			t.Fatalf("history entry without this workstation: %s", ws)
		}
		got = append(got, action)
	}
	rows.Close()
	if strings.Join(got, ",") != "sign_in,sign_out,sign_in_failed" {
		t.Fatalf("sign-in history = %v", got)
	}
}

func TestDanglingSessionsEndAtStart(t *testing.T) {
	env := testutil.NewEnv(t)
	a := env.SignIn(testutil.AgentBUsername)
	if err := env.Accounts.EndDanglingSessions(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Accounts.Actor(ctx, a.SessionID); code(err) != apperr.CodeUnauthenticated {
		t.Fatal("session survived the restart clean-up")
	}
}

func TestPreferencesAndPresenceValidated(t *testing.T) {
	env := testutil.NewEnv(t)
	a := env.SignIn(testutil.AgentAUsername)
	if err := env.Accounts.SetPreferences(ctx, a, accounts.Preferences{Language: "pl", Theme: "dark"}); err != nil {
		t.Fatal(err)
	}
	info, err := env.Accounts.Session(ctx, a)
	if err != nil || info.User.Language != "pl" || info.User.Theme != "dark" {
		t.Fatalf("prefs not saved: %+v %v", info, err)
	}
	for _, bad := range []accounts.Preferences{{Language: "de", Theme: "dark"}, {Language: "es", Theme: "neon"}} {
		if err := env.Accounts.SetPreferences(ctx, a, bad); code(err) != apperr.CodeValidation {
			t.Fatalf("%+v accepted: %v", bad, err)
		}
	}
	if err := env.Accounts.SetPresence(ctx, a, "busy"); err != nil {
		t.Fatal(err)
	}
	if err := env.Accounts.SetPresence(ctx, a, "asleep"); code(err) != apperr.CodeValidation {
		t.Fatalf("bad presence: %v", err)
	}
}

func TestSessionInfoShowsModulesByRole(t *testing.T) {
	env := testutil.NewEnv(t)
	cases := map[string]string{
		testutil.OwnerUsername:  "users,profiles,teams,campaigns,clients,agenda,reports,settings,sync,audit",
		testutil.AdminUsername:  "users,profiles,teams,campaigns,clients,agenda,reports,sync,audit",
		testutil.AgentAUsername: "clients,agenda",
	}
	for username, want := range cases {
		info, err := env.Accounts.Session(ctx, env.SignIn(username))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(info.Modules, ","); got != want {
			t.Errorf("%s modules = %s, want %s", username, got, want)
		}
		if info.OrgName != env.OrgName || info.User.ShortID != store.ShortID(info.User.ID) {
			t.Errorf("%s info = %+v", username, info)
		}
	}
	owner, _ := env.Accounts.Session(ctx, env.SignIn(testutil.OwnerUsername))
	agentB, _ := env.Accounts.Session(ctx, env.SignIn(testutil.AgentBUsername))
	if len(owner.Workspaces) != 2 || len(agentB.Workspaces) != 1 || agentB.Workspaces[0].Name != "Kraków" {
		t.Fatalf("workspaces: owner %v agentB %v", owner.Workspaces, agentB.Workspaces)
	}
}
