// Package testutil builds a ready test environment: a real SQLite file in a temp dir,
// migrated, with an organization, two workspaces, an Owner, an Administrator and two
// Agents, and the backend services on top. Tests call services as those actors.
package testutil

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// Tests hash with auth.TestHashParams (1 MiB, 1 pass), not the production 64 MiB: hundreds
// of sign-ins, many under -race, would otherwise cost minutes. The auth package's own tests
// and the bench (which do not load testutil) use the production parameters.
func init() { auth.UseTestHashParams() }

// Password is the password every seeded user has (it passes the default policy).
const Password = "correct horse battery staple 42"

// Clock is a settable fake wall clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a fake clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the fake time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the fake time forward (or back, with a negative d).
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// LockedBuffer is a log sink tests can read while services write to it.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LockedBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// Env is the test environment.
type Env struct {
	T        testing.TB
	Dir      string
	DB       *store.DB
	Clock    *Clock
	Log      *LockedBuffer
	Logger   zerolog.Logger
	Accounts *accounts.Service

	OrgName                      string
	WorkspaceA, WorkspaceB       string // ids
	AdminProfile, AgentProfile   string
	Owner, Admin, AgentA, AgentB string // user ids; Admin and AgentA in A, AgentB in B
}

// Usernames of the seeded users.
const (
	OwnerUsername  = "owner"
	AdminUsername  = "admin.a"
	AgentAUsername = "agent.a"
	AgentBUsername = "agent.b"
)

// start is the fake clock's time when every environment begins.
var start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// NewEnv opens a fresh database seeded through the real setup and write path. The seeded
// database is built once per test binary (migrations, Setup and the seed, with two argon2id
// hashes at full cost) and each test gets a copy of the file under a workstation id of its
// own (see template.go): the same rows, audit and outbox as building it again, in a fraction
// of the time.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	tmpl := envTemplate(t)
	e := &Env{T: t, Dir: t.TempDir(), Clock: NewClock(start), Log: &LockedBuffer{}}
	path := filepath.Join(e.Dir, store.FileName)
	if err := tmpl.copyTo(path); err != nil {
		t.Fatalf("copy the seeded database: %v", err)
	}
	_, _ = e.Log.Write([]byte(tmpl.log))
	db, err := store.Open(context.Background(), path, store.Options{Now: e.Clock.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	e.DB = db
	e.Logger = zerolog.New(e.Log).With().Timestamp().Logger()
	e.Accounts = accounts.New(db, auth.Hasher{}, e.Logger)
	e.OrgName = tmpl.env.OrgName
	e.WorkspaceA, e.WorkspaceB = tmpl.env.WorkspaceA, tmpl.env.WorkspaceB
	e.AdminProfile, e.AgentProfile = tmpl.env.AdminProfile, tmpl.env.AgentProfile
	e.Owner, e.Admin, e.AgentA, e.AgentB = tmpl.env.Owner, tmpl.env.Admin, tmpl.env.AgentA, tmpl.env.AgentB
	return e
}

// buildEnv builds the seeded database in dir from nothing; the caller closes e.DB.
func buildEnv(t testing.TB, dir string) *Env {
	t.Helper()
	e := &Env{T: t, Dir: dir, Clock: NewClock(start), Log: &LockedBuffer{}}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(e.Dir, store.FileName), store.Options{Now: e.Clock.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	e.DB = db
	e.Logger = zerolog.New(e.Log).With().Timestamp().Logger()
	e.Accounts = accounts.New(db, auth.Hasher{}, e.Logger)
	e.OrgName = "Contact Sur"
	e.Owner, err = e.Accounts.Setup(ctx, accounts.SetupInput{OrgName: e.OrgName, WorkspaceName: "Lima",
		FirstName: "Olga", LastName: "Núñez", Username: OwnerUsername, Email: "owner@contactsur.test",
		Password: Password, Language: "en"})
	if err != nil {
		db.Close()
		t.Fatalf("setup: %v", err)
	}
	e.seed(ctx)
	return e
}

func (e *Env) seed(ctx context.Context) {
	t := e.T
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, err := e.DB.Read().QueryContext(ctx, `SELECT id, role FROM profiles`)
	must(err)
	for rows.Next() {
		var id, role string
		must(rows.Scan(&id, &role))
		if role == "admin" {
			e.AdminProfile = id
		} else {
			e.AgentProfile = id
		}
	}
	must(rows.Err())
	rows.Close()
	must(e.DB.Read().QueryRowContext(ctx, `SELECT workspace_id FROM user_workspaces WHERE user_id = ?`, e.Owner).Scan(&e.WorkspaceA))
	hash, err := auth.Hasher{}.Hash(Password)
	must(err)
	e.WorkspaceB = store.NewID()
	e.Admin, e.AgentA, e.AgentB = store.NewID(), store.NewID(), store.NewID()
	must(e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("workspaces", e.WorkspaceB, store.Fields{"name": "Kraków"}); err != nil {
			return err
		}
		users := []struct{ id, username, first, last, role, profile, ws string }{
			{e.Admin, AdminUsername, "Ana", "García", "admin", e.AdminProfile, e.WorkspaceA},
			{e.AgentA, AgentAUsername, "Jan", "Kowalski", "agent", e.AgentProfile, e.WorkspaceA},
			{e.AgentB, AgentBUsername, "Zofia", "Wójcik", "agent", e.AgentProfile, e.WorkspaceB},
		}
		for _, u := range users {
			if err := tx.Insert("users", u.id, store.Fields{"username": u.username, "email": u.username + "@contactsur.test",
				"first_name": u.first, "last_name": u.last, "role": u.role, "profile_id": u.profile, "active": true,
				"status": "active", "password_hash": hash, "language": "en"}); err != nil {
				return err
			}
			if err := tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": u.id, "workspace_id": u.ws}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// SignIn signs username in with the seeded password and returns the actor.
func (e *Env) SignIn(username string) *access.Actor {
	e.T.Helper()
	ctx := context.Background()
	sid, err := e.Accounts.SignIn(ctx, username, Password)
	if err != nil {
		e.T.Fatalf("sign in %s: %v", username, err)
	}
	a, err := e.Accounts.Actor(ctx, sid)
	if err != nil {
		e.T.Fatalf("actor %s: %v", username, err)
	}
	return a
}

// NewEnvLogger is a logger that discards, for tests that build services by hand.
func NewEnvLogger() zerolog.Logger { return zerolog.Nop() }
