package agenda_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/agenda"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func code(err error) string { return apperr.CodeOf(err) }

func ids(items []agenda.Followup) map[string]bool {
	out := map[string]bool{}
	for _, f := range items {
		out[f.ID] = true
	}
	return out
}

// TestFollowupRulesByRole: who may plan, see, change and delete which follow-ups (F9.1, F8.4, F10).
func TestFollowupRulesByRole(t *testing.T) {
	env := testutil.NewEnv(t)
	p := env.SeedPeople(2)
	svc := agenda.New(env.DB)
	agentA, agentA2 := env.ActorFor(env.AgentA), env.ActorFor(p.AgentA2)
	admin, adminB, owner := env.ActorFor(env.Admin), env.ActorFor(p.AdminB), env.ActorFor(env.Owner)
	due := "2026-11-24T10:00:00+01:00"

	// An agent plans on their own client; the follow-up is theirs, in UTC.
	f, err := svc.Create(ctx, agentA, agenda.Input{ClientID: p.Clients[0], DueAt: due, Note: "  llamar  "})
	if err != nil || f.OwnerID != env.AgentA || f.DueAt != "2026-11-24T09:00:00.000Z" || f.Note != "llamar" || f.ClientName != "Client 000" {
		t.Fatalf("agent create %+v %v", f, err)
	}
	// Not on another agent's client (it does not exist for them), not for someone else.
	if _, err := svc.Create(ctx, agentA, agenda.Input{ClientID: p.OtherClient, DueAt: due}); code(err) != apperr.CodeNotFound {
		t.Fatalf("agent on other's client: %v", err)
	}
	if _, err := svc.Create(ctx, agentA, agenda.Input{ClientID: p.Clients[0], OwnerID: p.AgentA2, DueAt: due}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent for another: %v", err)
	}
	// Another agent neither sees nor changes it.
	for name, err := range map[string]error{
		"get":    second(svc.Get(ctx, agentA2, f.ID)),
		"update": second(svc.Update(ctx, agentA2, f.ID, agenda.Edit{Note: new("x")})),
		"done":   second(svc.SetDone(ctx, agentA2, f.ID, true)),
		"delete": svc.Delete(ctx, agentA2, f.ID),
		"adminB": second(svc.Get(ctx, adminB, f.ID)),
	} {
		if code(err) != apperr.CodeNotFound {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The administrator of A plans on any client of A, given to the client's owner by default.
	g, err := svc.Create(ctx, admin, agenda.Input{ClientID: p.OtherClient, DueAt: due})
	if err != nil || g.OwnerID != p.AgentA2 {
		t.Fatalf("admin create %+v %v", g, err)
	}
	// ... but not to a user outside the client's workspace, and not on B's clients.
	if _, err := svc.Create(ctx, admin, agenda.Input{ClientID: p.OtherClient, OwnerID: env.AgentB, DueAt: due}); code(err) != apperr.CodeValidation {
		t.Fatalf("admin for user of B: %v", err)
	}
	clientB := env.SeedClient("Klient B", "+48 600 000 000", env.WorkspaceB, env.AgentB)
	if _, err := svc.Create(ctx, admin, agenda.Input{ClientID: clientB, DueAt: due}); code(err) != apperr.CodeNotFound {
		t.Fatalf("admin on B's client: %v", err)
	}
	// An unassigned client's follow-up goes to whoever plans it.
	loose := env.SeedClient("Sin dueño", "", env.WorkspaceA, "")
	if h, err := svc.Create(ctx, admin, agenda.Input{ClientID: loose, DueAt: due}); err != nil || h.OwnerID != env.Admin {
		t.Fatalf("unassigned %+v %v", h, err)
	}
	// The Owner changes everything; done records when.
	if d, err := svc.SetDone(ctx, owner, g.ID, true); err != nil || !d.Done || d.DoneAt == "" {
		t.Fatalf("owner done %+v %v", d, err)
	}
	if d, err := svc.SetDone(ctx, admin, g.ID, false); err != nil || d.Done || d.DoneAt != "" {
		t.Fatalf("admin undone %+v %v", d, err)
	}
	if d, err := svc.Update(ctx, admin, g.ID, agenda.Edit{OwnerID: new(p.AgentA3), DueAt: new("2026-11-25T08:00:00Z")}); err != nil || d.OwnerID != p.AgentA3 || d.DueAt != "2026-11-25T08:00:00.000Z" {
		t.Fatalf("admin hand over %+v %v", d, err)
	}
	// An agent whose client went to someone else loses sight of the follow-ups on it.
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Update("clients", p.Clients[0], store.Fields{"owner_id": p.AgentA2})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(ctx, agentA, f.ID); code(err) != apperr.CodeNotFound {
		t.Fatalf("after transfer: %v", err)
	}
	if err := svc.Delete(ctx, owner, f.ID); err != nil {
		t.Fatal(err)
	}
	// Every change is audited.
	var n int
	if err := env.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'followups' AND entity_id = ?`, g.ID).Scan(&n); err != nil || n != 4 {
		t.Fatalf("audit entries %d %v", n, err)
	}
}

func TestFollowupInputIsChecked(t *testing.T) {
	env := testutil.NewEnv(t)
	p := env.SeedPeople(1)
	svc := agenda.New(env.DB)
	a := env.ActorFor(env.AgentA)
	cases := []struct {
		in          agenda.Input
		field, rule string
	}{
		{agenda.Input{DueAt: "2026-11-24T10:00:00Z"}, "clientId", "required"},
		{agenda.Input{ClientID: p.Clients[0]}, "dueAt", "required"},
		{agenda.Input{ClientID: p.Clients[0], DueAt: "24/11/2026 10:00"}, "dueAt", "required"},
		{agenda.Input{ClientID: p.Clients[0], DueAt: "2026-11-24T10:00:00Z", Note: strings.Repeat("ñ", 1001)}, "note", "too_long"},
	}
	for _, c := range cases {
		_, err := svc.Create(ctx, a, c.in)
		e := apperr.As(err)
		if e == nil || e.Code != apperr.CodeValidation || e.Field != c.field || e.Params["rule"] != c.rule {
			t.Errorf("%+v: %v", c.in, err)
		}
	}
	if _, err := svc.Create(ctx, a, agenda.Input{ClientID: p.Clients[0], DueAt: "2026-11-24T10:00:00Z", Note: strings.Repeat("ñ", 1000)}); err != nil {
		t.Fatalf("1000 characters: %v", err)
	}
}

// TestRangeListAndCountsInTheWorkstationsZone: the day, week and month views, the list and
// the badges count local days, not UTC days.
func TestRangeListAndCountsInTheWorkstationsZone(t *testing.T) {
	env := testutil.NewEnv(t) // now: 2026-11-23 09:00 UTC = 10:00 in Warsaw, 06:00 in São Paulo
	svc := agenda.New(env.DB)
	c := env.SeedClient("Cliente Uno", "+34 600 111 222", env.WorkspaceA, env.AgentA)
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	late := env.SeedFollowup(c, env.AgentA, at("2026-11-22T23:30:00Z"), "") // 23 Nov 00:30 Warsaw; 22 Nov in São Paulo
	early := env.SeedFollowup(c, env.AgentA, at("2026-11-23T08:00:00Z"), "")
	later := env.SeedFollowup(c, env.AgentA, at("2026-11-23T22:30:00Z"), "") // 23:30 Warsaw; 19:30 São Paulo
	tomorrow := env.SeedFollowup(c, env.AgentA, at("2026-11-24T12:00:00Z"), "")
	a := env.ActorFor(env.AgentA)

	day, err := svc.Range(ctx, a, agenda.RangeQuery{From: "2026-11-23", To: "2026-11-24", Zone: "Europe/Warsaw"})
	if err != nil || len(day.Items) != 3 || day.Items[0].ID != late || day.Items[2].ID != later || !day.Items[0].Overdue || day.Items[2].Overdue {
		t.Fatalf("Warsaw day %+v %v", day, err)
	}
	day, _ = svc.Range(ctx, a, agenda.RangeQuery{From: "2026-11-23", To: "2026-11-24", Zone: "America/Sao_Paulo"})
	if got := ids(day.Items); len(got) != 2 || !got[early] || !got[later] {
		t.Fatalf("São Paulo day %+v", day.Items)
	}
	week, _ := svc.Range(ctx, a, agenda.RangeQuery{From: "2026-11-23", To: "2026-11-30", Zone: "Europe/Warsaw", OwnerIDs: []string{env.AgentA}})
	if len(week.Items) != 4 || week.FromUTC != "2026-11-22T23:00:00.000Z" {
		t.Fatalf("week %+v", week)
	}
	if _, err := svc.Range(ctx, a, agenda.RangeQuery{From: "2026-11-23", To: "2026-11-30", OwnerIDs: []string{env.Admin}}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent asks for another's agenda: %v", err)
	}
	// Warsaw: late and early are overdue; later is due today; tomorrow is not counted.
	if n, err := svc.Counts(ctx, a, "Europe/Warsaw", nil); err != nil || n.Overdue != 2 || n.DueToday != 1 {
		t.Fatalf("Warsaw counts %+v %v", n, err)
	}
	// In São Paulo "today" ends at 03:00 UTC on the 24th: the same one is due today.
	if n, _ := svc.Counts(ctx, a, "America/Sao_Paulo", nil); n.Overdue != 2 || n.DueToday != 1 {
		t.Fatalf("São Paulo counts %+v", n)
	}
	if _, err := svc.SetDone(ctx, a, early, true); err != nil {
		t.Fatal(err)
	}
	open, _ := svc.List(ctx, a, agenda.ListQuery{Limit: 2})
	if open.Total != 3 || len(open.Items) != 2 || open.Items[0].ID != late {
		t.Fatalf("open list %+v", open)
	}
	rest, _ := svc.List(ctx, a, agenda.ListQuery{Limit: 2, Offset: 2})
	if len(rest.Items) != 1 || rest.Items[0].ID != tomorrow {
		t.Fatalf("second page %+v", rest)
	}
	if done, _ := svc.List(ctx, a, agenda.ListQuery{Status: agenda.StatusDone}); done.Total != 1 || done.Items[0].ID != early {
		t.Fatalf("done list %+v", done)
	}
	if od, _ := svc.List(ctx, a, agenda.ListQuery{Status: agenda.StatusOverdue}); od.Total != 1 {
		t.Fatalf("overdue list %+v", od)
	}
	// The "today" list is the Counts' due today: open, from now to the end of the day in the zone.
	if td, err := svc.List(ctx, a, agenda.ListQuery{Status: agenda.StatusToday, Zone: "Europe/Warsaw"}); err != nil || td.Total != 1 || td.Items[0].ID != later {
		t.Fatalf("Warsaw today list %+v %v", td, err)
	}
	if td, _ := svc.List(ctx, a, agenda.ListQuery{Status: agenda.StatusToday, Zone: "America/Sao_Paulo"}); td.Total != 1 || td.Items[0].ID != later {
		t.Fatalf("São Paulo today list %+v", td)
	}
	if _, err := svc.List(ctx, a, agenda.ListQuery{Status: agenda.StatusToday, Zone: "Mars/Olympus"}); code(err) != apperr.CodeValidation {
		t.Fatalf("today list, unknown zone: %v", err)
	}
	// Administrators of another workspace see none of it.
	env.SeedPeople(0)
	other, _ := svc.List(ctx, env.ActorFor(env.AgentB), agenda.ListQuery{Status: agenda.StatusAll})
	if other.Total != 0 {
		t.Fatalf("agent B sees %+v", other)
	}
}

func TestSearchClientsIsScoped(t *testing.T) {
	env := testutil.NewEnv(t)
	p := env.SeedPeople(3)
	env.SeedClient("Klient Kraków", "+48 12 000", env.WorkspaceB, env.AgentB)
	svc := agenda.New(env.DB)
	for _, c := range []struct {
		who   string
		query string
		want  int
	}{
		{env.AgentA, "", 3}, {env.AgentA, "client 00", 3}, {env.AgentA, "other", 0},
		{env.Admin, "", 4}, {env.Admin, "kraków", 0}, {p.AdminB, "", 1}, {env.Owner, "", 5}, {env.Owner, "+48", 1},
		{env.Owner, "100%", 0},
	} {
		got, err := svc.SearchClients(ctx, env.ActorFor(c.who), c.query, 0)
		if err != nil || len(got) != c.want {
			t.Errorf("%s %q: %d %v, want %d", c.who, c.query, len(got), err, c.want)
		}
	}
}

// TestRemindersComeOnceWithAFakeClock: a follow-up that comes due reminds once, never again
// (not even after a restart), a done one never, a rescheduled one again at its new time.
func TestRemindersComeOnceWithAFakeClock(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := agenda.New(env.DB)
	c := env.SeedClient("Cliente Uno", "+34 600 111 222", env.WorkspaceA, env.AgentA)
	now := env.Clock.Now()
	soon := env.SeedFollowup(c, env.AgentA, now.Add(5*time.Minute), "call")
	doneOne := env.SeedFollowup(c, env.AgentA, now.Add(5*time.Minute), "done already")
	env.SeedFollowup(c, env.Admin, now.Add(5*time.Minute), "someone else's")
	env.SeedFollowup(c, env.AgentA, now.Add(-48*time.Hour), "long overdue")
	if _, err := svc.SetDone(ctx, env.ActorFor(env.AgentA), doneOne, true); err != nil {
		t.Fatal(err)
	}
	check := func(s *agenda.Service, want ...string) {
		t.Helper()
		got, err := s.DueReminders(ctx, env.AgentA)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("reminders %+v, want %v", got, want)
		}
		for i := range want {
			if got[i].ID != want[i] || got[i].ClientName != "Cliente Uno" || got[i].ClientPhone == "" {
				t.Fatalf("reminder %d = %+v, want %s", i, got[i], want[i])
			}
		}
	}
	check(svc) // not due yet
	env.Clock.Advance(5 * time.Minute)
	check(svc, soon)
	check(svc)
	env.Clock.Advance(time.Hour)
	check(agenda.New(env.DB)) // a restart: the same database, a new service
	// Moved to later: it reminds again when the new time comes.
	if _, err := svc.Update(ctx, env.ActorFor(env.AgentA), soon, agenda.Edit{DueAt: new(store.Timestamp(env.Clock.Now().Add(time.Minute)))}); err != nil {
		t.Fatal(err)
	}
	check(svc)
	env.Clock.Advance(time.Minute)
	check(svc, soon)
	check(svc)
	// Reminders are workstation-local: no audit entry, no sync outbox entry.
	var n int
	if err := env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM audit_log WHERE entity = 'followup_reminders') +
		(SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'followup_reminders')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("reminders audited or synced: %d %v", n, err)
	}
}

func second[T any](_ T, err error) error { return err }

// TestCountsAndRangeOnDaylightSavingDays: with the clock on the day the clocks change, "today"
// and a day's range follow the real local day, not a fixed offset.
func TestCountsAndRangeOnDaylightSavingDays(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := agenda.New(env.DB)
	c := env.SeedClient("Cliente Uno", "", env.WorkspaceA, env.AgentA)
	a := env.ActorFor(env.AgentA)
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	// Warsaw, Sunday 2026-03-29 (23 hours): 21:30Z is 23:30 today; 22:30Z is 00:30 tomorrow,
	// although under the morning's +01:00 it would still look like today.
	env.Clock.Advance(at("2026-03-29T08:00:00Z").Sub(env.Clock.Now()))
	lastToday := env.SeedFollowup(c, env.AgentA, at("2026-03-29T21:30:00Z"), "")
	env.SeedFollowup(c, env.AgentA, at("2026-03-29T22:30:00Z"), "")
	if n, err := svc.Counts(ctx, a, "Europe/Warsaw", nil); err != nil || n.DueToday != 1 || n.Overdue != 0 {
		t.Fatalf("Warsaw counts %+v %v", n, err)
	}
	day, err := svc.Range(ctx, a, agenda.RangeQuery{From: "2026-03-29", To: "2026-03-30", Zone: "Europe/Warsaw"})
	if err != nil || len(day.Items) != 1 || day.Items[0].ID != lastToday {
		t.Fatalf("Warsaw short day %+v %v", day, err)
	}
	// São Paulo, 2018-11-04: midnight did not exist; 02:30Z was still 23:30 on the 3rd.
	env.Clock.Advance(at("2018-11-04T12:00:00Z").Sub(env.Clock.Now()))
	env.SeedFollowup(c, env.AgentA, at("2018-11-04T02:30:00Z"), "")
	first := env.SeedFollowup(c, env.AgentA, at("2018-11-04T03:00:00Z"), "") // 01:00 -02, the day's first instant
	if n, _ := svc.Counts(ctx, a, "America/Sao_Paulo", nil); n.Overdue != 2 || n.DueToday != 0 {
		t.Fatalf("São Paulo counts %+v", n)
	}
	day, _ = svc.Range(ctx, a, agenda.RangeQuery{From: "2018-11-04", To: "2018-11-05", Zone: "America/Sao_Paulo"})
	if len(day.Items) != 1 || day.Items[0].ID != first {
		t.Fatalf("São Paulo day without midnight %+v", day.Items)
	}
}
