package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/agenda"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/testutil"
)

// agendaAs returns an AgendaService on a fresh core signed in as username ("" = anonymous),
// with the runtime that records its events.
func agendaAs(t *testing.T, env *testutil.Env, username string) (*app.AgendaService, *app.ScriptedRuntime, *app.Core) {
	t.Helper()
	rt := app.NewScriptedRuntime("", nil)
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatalf("sign in %s: %v", username, err)
		}
	}
	return app.NewAgendaService(core), rt, core
}

// agendaActors are the kinds of caller of the agenda's scenario table; the follow-ups acted
// on belong to Agent A, on Agent A's clients.
var agendaActors = []struct{ name, username string }{
	{"anonymous", ""},
	{"agent (own)", testutil.AgentAUsername},
	{"agent on another's", testutil.AgentA2Username},
	{"admin of another workspace", testutil.AdminBUsername},
	{"admin", testutil.AdminUsername},
	{"owner", testutil.OwnerUsername},
}

// TestAgendaServicePermissions is the scenario table: every bound method of the agenda, by
// each kind of actor, with the expected error code ("" = allowed). For reads, not_found
// also stands for "the follow-up (or client) is not in the answer".
func TestAgendaServicePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	p := env.SeedPeople(2)
	target := p.OpenFollowups[0]
	due := env.Clock.Now().Add(24 * time.Hour) // SeedPeople's due time
	day := due.UTC().Format(time.DateOnly)
	nextDay := due.UTC().Add(24 * time.Hour).Format(time.DateOnly)
	fresh := func() string { return env.SeedFollowup(p.Clients[1], env.AgentA, due, "fresh") }
	// Due in an hour, still today in UTC: the "today" list shows it, not the target (tomorrow).
	soon := env.SeedFollowup(p.Clients[0], env.AgentA, env.Clock.Now().Add(time.Hour), "soon")
	has := func(items []agenda.Followup, id string) bool {
		for _, f := range items {
			if f.ID == id {
				return true
			}
		}
		return false
	}
	const (
		ok     = ""
		unauth = apperr.CodeUnauthenticated
		denied = apperr.CodePermissionDenied
		nf     = apperr.CodeNotFound
	)
	visible := func(found bool, err error) error {
		if err == nil && !found {
			return apperr.NotFound()
		}
		return err
	}
	type codes [6]string
	methods := []struct {
		name string
		call func(*app.AgendaService) error
		want codes
	}{
		{"Range", func(s *app.AgendaService) error {
			r, err := s.Range(agenda.RangeQuery{From: day, To: nextDay, Zone: "UTC"})
			return visible(err == nil && has(r.Items, target), err)
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"Range/owner filter", func(s *app.AgendaService) error {
			r, err := s.Range(agenda.RangeQuery{From: day, To: nextDay, Zone: "Europe/Warsaw", OwnerIDs: []string{env.AgentA}})
			return visible(err == nil && has(r.Items, target), err)
		}, codes{unauth, ok, denied, nf, ok, ok}},
		{"List", func(s *app.AgendaService) error {
			r, err := s.List(agenda.ListQuery{Status: agenda.StatusAll, Limit: 200})
			return visible(err == nil && has(r.Items, target), err)
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"List/today", func(s *app.AgendaService) error {
			r, err := s.List(agenda.ListQuery{Status: agenda.StatusToday, Zone: "UTC", Limit: 200})
			return visible(err == nil && has(r.Items, soon) && !has(r.Items, target), err)
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"Counts", func(s *app.AgendaService) error {
			return second(s.Counts("America/Sao_Paulo", nil))
		}, codes{unauth, ok, ok, ok, ok, ok}},
		{"Get", func(s *app.AgendaService) error { return second(s.Get(target)) }, codes{unauth, ok, nf, nf, ok, ok}},
		{"SearchClients", func(s *app.AgendaService) error {
			r, err := s.SearchClients("Client 000", 10)
			return visible(err == nil && len(r) == 1 && r[0].ID == p.Clients[0], err)
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"Create", func(s *app.AgendaService) error {
			return second(s.Create(agenda.Input{ClientID: p.Clients[0], DueAt: "2026-11-30T09:00:00Z", Note: "nuevo"}))
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"Update", func(s *app.AgendaService) error {
			return second(s.Update(target, agenda.Edit{Note: new("otra nota")}))
		}, codes{unauth, ok, nf, nf, ok, ok}},
		{"SetDone", func(s *app.AgendaService) error { return second(s.SetDone(target, true)) }, codes{unauth, ok, nf, nf, ok, ok}},
		{"SetDone/undo", func(s *app.AgendaService) error { return second(s.SetDone(target, false)) }, codes{unauth, ok, nf, nf, ok, ok}},
		{"Delete", func(s *app.AgendaService) error { return s.Delete(fresh()) }, codes{unauth, ok, nf, nf, ok, ok}},
	}
	services := make([]*app.AgendaService, len(agendaActors))
	for i, a := range agendaActors {
		services[i], _, _ = agendaAs(t, env, a.username)
	}
	for _, m := range methods {
		for i, a := range agendaActors {
			t.Run(m.name+"/"+a.name, func(t *testing.T) {
				if got := apperr.CodeOf(m.call(services[i])); got != m.want[i] {
					t.Fatalf("%s as %s: code %q, want %q", m.name, a.name, got, m.want[i])
				}
			})
		}
	}
}

// TestAgendaRemindersReachTheWindowOnce: the signed-in user's follow-up that comes due is
// emitted once as agenda:due with its client; nobody else's, and nothing when signed out.
func TestAgendaRemindersReachTheWindowOnce(t *testing.T) {
	env := testutil.NewEnv(t)
	client := env.SeedClient("Cliente Uno", "+34 600 111 222", env.WorkspaceA, env.AgentA)
	f := env.SeedFollowup(client, env.AgentA, env.Clock.Now().Add(time.Minute), "llamar")
	env.SeedFollowup(client, env.Admin, env.Clock.Now().Add(time.Minute), "not Agent A's")
	svc, rt, core := agendaAs(t, env, testutil.AgentAUsername)
	svc.RemindNow()
	if n := len(rt.Events()); n != 0 {
		t.Fatalf("events before due: %d", n)
	}
	env.Clock.Advance(time.Minute)
	svc.RemindNow()
	svc.RemindNow()
	ev := rt.Events()
	if len(ev) != 1 || ev[0].Name != app.EventAgendaDue {
		t.Fatalf("events %+v", ev)
	}
	items := ev[0].Data[0].([]agenda.Followup)
	if len(items) != 1 || items[0].ID != f || items[0].ClientName != "Cliente Uno" || items[0].ClientPhone != "+34 600 111 222" {
		t.Fatalf("reminder %+v", items)
	}
	// Signed out: the ticker finds nobody to remind.
	must(t, app.NewSessionService(core).SignOut())
	env.SeedFollowup(client, env.AgentA, env.Clock.Now(), "while signed out")
	svc.RemindNow()
	if n := len(rt.Events()); n != 1 {
		t.Fatalf("events while signed out: %d", n)
	}
}

// TestAgendaReminderTickerStartsWithTheApp: the ticker registered by NewAgendaService runs
// from the core's start and stops with its context.
func TestAgendaReminderTickerStartsWithTheApp(t *testing.T) {
	env := testutil.NewEnv(t)
	client := env.SeedClient("Cliente Uno", "", env.WorkspaceA, env.AgentA)
	env.SeedFollowup(client, env.AgentA, env.Clock.Now().Add(time.Minute), "")
	svc, rt, core := agendaAs(t, env, testutil.AgentAUsername)
	svc.SetReminderInterval(10 * time.Millisecond)
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	app.StartCore(core, c)
	env.Clock.Advance(2 * time.Minute)
	deadline := time.Now().Add(5 * time.Second)
	for len(rt.Events()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(rt.Events()); n != 1 {
		t.Fatalf("ticker events: %d", n)
	}
}
