package app_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/logging"
	"github.com/plantel/plantel/backend/testutil"
)

// as returns a SessionService on a fresh core signed in as username ("" = anonymous).
func as(t *testing.T, env *testutil.Env, username string) *app.SessionService {
	t.Helper()
	svc := app.NewSessionService(app.NewCore(env.Accounts, nil, env.Logger))
	if username != "" {
		if _, err := svc.SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return svc
}

var actors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent", testutil.AgentAUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

// TestSessionServicePermissions is the scenario table: every bound method of the session
// service, called by each kind of actor, with the expected error code ("" = allowed).
func TestSessionServicePermissions(t *testing.T) {
	setup := accounts.SetupInput{OrgName: "X", WorkspaceName: "Y", FirstName: "A", LastName: "B",
		Username: "second.owner", Email: "s@x.test", Password: testutil.Password}
	methods := []struct {
		name string
		call func(*app.SessionService) error
		want map[string]string // actor → code
	}{
		{"Boot", func(s *app.SessionService) error { _, err := s.Boot(); return err },
			map[string]string{"anonymous": "", "agent": "", "admin": "", "owner": ""}},
		{"Setup", func(s *app.SessionService) error { _, err := s.Setup(setup); return err },
			map[string]string{"anonymous": "already_setup", "agent": "already_setup", "admin": "already_setup", "owner": "already_setup"}},
		{"CheckPassword", func(s *app.SessionService) error {
			_, err := s.CheckPassword(accounts.PasswordCheck{Password: "x"})
			return err
		}, map[string]string{"anonymous": "unauthenticated", "agent": "", "admin": "", "owner": ""}},
		{"Me", func(s *app.SessionService) error { _, err := s.Me(); return err },
			map[string]string{"anonymous": "unauthenticated", "agent": "", "admin": "", "owner": ""}},
		{"SetPreferences", func(s *app.SessionService) error {
			_, err := s.SetPreferences(accounts.Preferences{Language: "pt", Theme: "light"})
			return err
		}, map[string]string{"anonymous": "unauthenticated", "agent": "", "admin": "", "owner": ""}},
		{"SetPresence", func(s *app.SessionService) error {
			_, err := s.SetPresence(app.PresenceRequest{Presence: "away"})
			return err
		}, map[string]string{"anonymous": "unauthenticated", "agent": "", "admin": "", "owner": ""}},
		{"SignOut", func(s *app.SessionService) error { return s.SignOut() },
			map[string]string{"anonymous": "", "agent": "", "admin": "", "owner": ""}},
	}
	env := testutil.NewEnv(t)
	for _, m := range methods {
		for _, a := range actors {
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				svc := as(t, env, a.username)
				if got := apperr.CodeOf(m.call(svc)); got != m.want[a.name] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[a.name])
				}
			})
		}
	}
}

func TestSignOutThenCallsAreUnauthenticated(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := as(t, env, testutil.AdminUsername)
	if err := svc.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Me(); apperr.CodeOf(err) != apperr.CodeUnauthenticated {
		t.Fatalf("Me after sign-out: %v", err)
	}
	b, err := svc.Boot()
	if err != nil || b.Session != nil || b.NeedsSetup {
		t.Fatalf("Boot after sign-out: %+v %v", b, err)
	}
}

func TestFirstRunThroughTheBoundService(t *testing.T) {
	dir := t.TempDir()
	logger := testutil.NewEnvLogger()
	db := openFresh(t, dir)
	svc := app.NewSessionService(app.NewCore(accounts.New(db, auth.Hasher{}, logger), nil, logger))
	b, err := svc.Boot()
	if err != nil || !b.NeedsSetup || b.Session != nil || b.WorkstationID == "" {
		t.Fatalf("fresh boot: %+v %v", b, err)
	}
	// Before setup, live policy feedback works without a session.
	rep, err := svc.CheckPassword(accounts.PasswordCheck{Password: "short"})
	if err != nil || rep.OK || rep.Min != 15 {
		t.Fatalf("check: %+v %v", rep, err)
	}
	info, err := svc.Setup(accounts.SetupInput{OrgName: "Centro Norte", WorkspaceName: "Bogotá", FirstName: "Lucía",
		LastName: "Pérez", Username: "lperez", Email: "lucia@norte.test", Password: testutil.Password, Language: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if info.User.DisplayName != "Lucía Pérez" || info.User.Role != "owner" || info.OrgName != "Centro Norte" || len(info.Modules) != 10 {
		t.Fatalf("after setup: %+v", info)
	}
	b, _ = svc.Boot()
	if b.NeedsSetup || b.Session == nil || b.Session.User.Username != "lperez" {
		t.Fatalf("boot after setup: %+v", b)
	}
}

func TestFormatErrorGivesCodedJSONWithoutCause(t *testing.T) {
	got := app.FormatError(apperr.Internalf("disk on fire at /secret/path"))
	s, ok := got.(string)
	if !ok || s != `{"code":"internal"}` {
		t.Fatalf("internal error formatted as %v", got)
	}
	got = app.FormatError(apperr.New(apperr.CodeAccountLocked).WithParam("minutes", 15))
	var e struct {
		Code   string         `json:"code"`
		Params map[string]any `json:"params"`
	}
	if err := json.Unmarshal([]byte(got.(string)), &e); err != nil || e.Code != "account_locked" || e.Params["minutes"] != float64(15) {
		t.Fatalf("locked formatted as %v", got)
	}
}

// TestNoSecretReachesTheLog drives setup, sign-ins (good, bad, locked) and a rehash through
// the bound layer with the real file logger, then searches the log for the passwords and
// the stored hashes.
func TestNoSecretReachesTheLog(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := logging.New(logging.Options{Dir: dir, Debug: true})
	if err != nil {
		t.Fatal(err)
	}
	db := openFresh(t, dir)
	svc := app.NewSessionService(app.NewCore(accounts.New(db, auth.Hasher{}, log), nil, log))
	const pw = "Zebra-Quokka-Lantern-Ñandú-77"
	if _, err := svc.Setup(accounts.SetupInput{OrgName: "O", WorkspaceName: "W", FirstName: "Piotr", LastName: "Zieliński",
		Username: "pzielinski", Email: "pz@o.test", Password: pw, Language: "pl"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SignOut(); err != nil {
		t.Fatal(err)
	}
	const wrong = "Wrong-Guess-Platypus-123"
	for i := 0; i < 11; i++ {
		if _, err := svc.SignIn(app.SignInRequest{Login: "pzielinski", Password: wrong}); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	}
	// Signed out, the check is refused; the password it carried must not reach the log either.
	if _, err := svc.CheckPassword(accounts.PasswordCheck{Password: pw}); apperr.CodeOf(err) != apperr.CodeUnauthenticated {
		t.Fatalf("password check while signed out: %v", err)
	}
	closer.Close()
	raw, err := os.ReadFile(logging.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	if !strings.Contains(text, "organization set up") || !strings.Contains(text, "locked") {
		t.Fatalf("the log does not hold the expected events:\n%s", text)
	}
	var hash string
	if err := db.Read().QueryRow(`SELECT password_hash FROM users`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	salt := strings.Split(hash, "$")[4]
	for _, secret := range []string{pw, wrong, hash, salt, "argon2id"} {
		if strings.Contains(text, secret) {
			t.Fatalf("the log holds a secret (%.12s...)", secret)
		}
	}
}
