package app_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/mail/mailtest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var bg = context.Background()

// The five kinds of caller of every scenario table (STYLE.md 7).
var callers = []string{"anonymous", "agent", "adminOther", "admin", "owner"}

// secEnv is the test environment of the security services: the seeded users, an
// administrator of workspace B only ("admin of another workspace"), an agent of workspace A
// that administrative actions target, and SMTP pointing at a real test server.
type secEnv struct {
	env        *testutil.Env
	adminOther string
	target     string
	mail       *mailtest.Server
	seq        atomic.Int64
}

const (
	adminOtherUsername = "admin.other"
	targetUsername     = "agent.t"
)

func newSecEnv(t *testing.T) *secEnv {
	t.Helper()
	e := &secEnv{env: testutil.NewEnv(t), adminOther: store.NewID(), target: store.NewID()}
	var hash string
	if err := e.env.DB.Read().QueryRow(`SELECT password_hash FROM users WHERE id = ?`, e.env.Admin).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	err := e.env.DB.Write(bg, e.env.Owner, func(tx *store.Tx) error {
		for _, u := range []struct{ id, name, role, profile, ws string }{
			{e.adminOther, adminOtherUsername, "admin", e.env.AdminProfile, e.env.WorkspaceB},
			{e.target, targetUsername, "agent", e.env.AgentProfile, e.env.WorkspaceA},
		} {
			if err := tx.Insert("users", u.id, store.Fields{"username": u.name, "email": u.name + "@contactsur.test",
				"first_name": "Test", "last_name": u.name, "role": u.role, "profile_id": u.profile, "active": true,
				"status": "active", "password_hash": hash, "language": "es"}); err != nil {
				return err
			}
			if err := tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": u.id, "workspace_id": u.ws}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.mail = mailtest.Start(t, mailtest.Options{})
	cfg := e.mail.Config()
	owner, _ := e.env.Accounts.Actor(bg, e.session(t, e.env.Owner))
	if _, err := e.env.Accounts.SetSMTP(bg, owner, accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS,
		From: "noreply@contactsur.test"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.env.Accounts.WaitMail)
	return e
}

// userOf maps a caller kind to its user id ("" for anonymous).
func (e *secEnv) userOf(who string) string {
	return map[string]string{"agent": e.env.AgentA, "adminOther": e.adminOther, "admin": e.env.Admin, "owner": e.env.Owner}[who]
}

// session opens a session for user on this workstation, a millisecond after anything
// before it (so an earlier revocation does not cover it).
func (e *secEnv) session(t *testing.T, userID string) string {
	t.Helper()
	e.env.Clock.Advance(time.Millisecond)
	id := store.NewID()
	if err := e.env.DB.Write(bg, userID, func(tx *store.Tx) error {
		return tx.Insert("sessions", id, store.Fields{"user_id": userID, "workstation_id": e.env.DB.WorkstationID(),
			"created_at": tx.Now(), "last_seen_at": tx.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

// core is a window signed in as who.
func (e *secEnv) core(t *testing.T, who string) *app.Core {
	// Save dialogs answer a file in a temp dir.
	c := app.NewCore(e.env.Accounts, app.NewScriptedRuntime(t.TempDir(), nil), e.env.Logger)
	if u := e.userOf(who); u != "" {
		c.SetSessionForTest(e.session(t, u))
	}
	return c
}

// actor is the backend actor of a fresh session of user.
func (e *secEnv) actor(t *testing.T, userID string) *access.Actor {
	a, err := e.env.Accounts.Actor(bg, e.session(t, userID))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// unique returns a new number for names that must not repeat.
func (e *secEnv) unique() int64 { return e.seq.Add(1) }

// invitation makes an open invitation to the agent profile in workspace A and returns it.
func (e *secEnv) invitation(t *testing.T) invites.Invited {
	t.Helper()
	svc := invites.New(e.env.Accounts, testutil.FastHasher, e.env.Logger)
	res, err := svc.Invite(bg, e.actor(t, e.env.Owner), []invites.InviteRow{{Emails: []string{fmt.Sprintf("inv%d@example.test", e.unique())},
		ProfileID: e.env.AgentProfile, WorkspaceIDs: []string{e.env.WorkspaceA}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Invitations[0]
}

// enrolled sets TOTP up through the bound service.
func (e *secEnv) enrolled(svc *app.TwoFactorService) error {
	en, err := svc.Enroll()
	if err != nil {
		return err
	}
	c, _ := totp.GenerateCode(en.Secret, e.env.Clock.Now())
	_, err = svc.Confirm(app.CodeRequest{Code: c})
	return err
}

// scenario is one bound method called by each kind of caller, with the expected code
// ("" = allowed). Each method gets a fresh environment so its rows do not interfere.
type scenario struct {
	name string
	call func(t *testing.T, e *secEnv, c *app.Core) error
	want [5]string // in the order of callers
}

func runScenarios(t *testing.T, table []scenario) {
	for _, s := range table {
		t.Run(s.name, func(t *testing.T) {
			e := newSecEnv(t)
			for i, who := range callers {
				if got := apperr.CodeOf(s.call(t, e, e.core(t, who))); got != s.want[i] {
					t.Errorf("%s as %s: code %q, want %q", s.name, who, got, s.want[i])
				}
			}
		})
	}
}

const (
	unauth = apperr.CodeUnauthenticated
	denied = apperr.CodePermissionDenied
	absent = apperr.CodeNotFound
)
