package users_test

import (
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

// portfolio counts clients per owner ("-" for unassigned).
func portfolio(t *testing.T, f *fixture) map[string]int {
	t.Helper()
	rows, err := f.DB.Read().Query(`SELECT COALESCE(owner_id, '-'), COUNT(*) FROM clients GROUP BY 1`)
	must(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		must(t, rows.Scan(&o, &n))
		out[o] = n
	}
	must(t, rows.Err())
	return out
}

func TestDeactivateHandsEverythingToOne(t *testing.T) {
	f := newFixture(t, 5)
	// A workstation enrolled with a sync server: every change queues in the outbox.
	must(t, f.DB.EnableSync(ctx, "ws-test", nil))
	sid, err := f.Accounts.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	must(t, err)
	f.Clock.Advance(time.Second)
	res, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2}})
	must(t, err)
	if res.Clients != 5 || res.Followups != 5 || res.Teams != 1 || res.Campaigns != 1 || res.Sessions != 1 || res.Recipients != 1 {
		t.Fatalf("result %+v", res)
	}
	if p := portfolio(t, f); p[f.P.AgentA2] != 6 || p[f.AgentA] != 0 {
		t.Fatalf("portfolio %v", p)
	}
	// Open follow-ups went with their clients; the done one stays as history.
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE owner_id = ? AND done = 0`, f.P.AgentA2); n != 5 {
		t.Fatalf("open follow-ups moved %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE owner_id = ? AND done = 1`, f.AgentA); n != 1 {
		t.Fatalf("done follow-ups kept %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM team_members WHERE user_id = ?`, f.AgentA) +
		count(t, f, `SELECT COUNT(*) FROM campaign_members WHERE user_id = ?`, f.AgentA); n != 0 {
		t.Fatalf("memberships left %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM teams WHERE leader_id = ?`, f.AgentA); n != 0 {
		t.Fatal("still leads the team")
	}
	if s := str(t, f, `SELECT status || active || presence FROM users WHERE id = ?`, f.AgentA); s != "inactive0offline" {
		t.Fatalf("user %s", s)
	}
	// The session ended, and sessions_revoked_at ends it on every workstation.
	if _, err := f.Accounts.Actor(ctx, sid); code(err) != "unauthenticated" {
		t.Fatalf("session still valid: %v", err)
	}
	if s := str(t, f, `SELECT sessions_revoked_at FROM users WHERE id = ?`, f.AgentA); s == "" {
		t.Fatal("sessions_revoked_at not set")
	}
	if _, err := f.Accounts.SignIn(ctx, testutil.AgentAUsername, testutil.Password); code(err) != "account_inactive" {
		t.Fatalf("sign-in while inactive: %v", err)
	}
	// Every change went through the write path: in the outbox, row by row; the clients'
	// bulk hand-over is described by the deactivate entry (clients.Distribute).
	if n := count(t, f, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'clients' AND json_extract(fields, '$.name') IS NULL AND json_extract(fields, '$.owner_id') = ?`, f.P.AgentA2); n != 5 {
		t.Fatalf("client outbox entries %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'team_members' AND deleted = 1`); n != 1 {
		t.Fatalf("membership tombstones %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND action = 'deactivate'`, f.AgentA); n != 1 {
		t.Fatal("no deactivate audit entry")
	}

	// Reactivate: active again, can sign in, gets nothing back.
	must(t, f.Svc.Reactivate(ctx, f.AdminA, f.AgentA))
	f.Clock.Advance(time.Second)
	if s := str(t, f, `SELECT status || active FROM users WHERE id = ?`, f.AgentA); s != "active1" {
		t.Fatalf("reactivated %s", s)
	}
	sid, err = f.Accounts.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	must(t, err)
	if _, err := f.Accounts.Actor(ctx, sid); err != nil {
		t.Fatalf("session after reactivation: %v", err)
	}
	if p := portfolio(t, f); p[f.AgentA] != 0 {
		t.Fatalf("portfolio came back: %v", p)
	}
}

func TestDeactivateSpreadsEvenlyOverThree(t *testing.T) {
	f := newFixture(t, 10)
	to := []string{f.P.AgentA2, f.P.AgentA3, f.P.AgentA4}
	res, err := f.Svc.Deactivate(ctx, f.OwnerA, f.AgentA, users.Handover{ToUserIDs: to, Spread: true})
	must(t, err)
	if res.Clients != 10 || res.Recipients != 3 {
		t.Fatalf("result %+v", res)
	}
	p := portfolio(t, f)
	// Agent A2 already had one client: count only the 10 moved.
	got := []int{p[f.P.AgentA2] - 1, p[f.P.AgentA3], p[f.P.AgentA4]}
	lo, hi, sum := got[0], got[0], 0
	for _, n := range got {
		lo, hi, sum = min(lo, n), max(hi, n), sum+n
	}
	if sum != 10 || hi-lo > 1 || p["-"] != 0 {
		t.Fatalf("spread %v (portfolio %v)", got, p)
	}
	// Each open follow-up follows its client.
	if n := count(t, f, `SELECT COUNT(*) FROM followups fu JOIN clients c ON c.id = fu.client_id
		WHERE fu.done = 0 AND fu.owner_id IS NOT c.owner_id`); n != 0 {
		t.Fatalf("%d follow-ups not with their client", n)
	}
}

func TestDeactivateWithoutRecipientsUnassigns(t *testing.T) {
	f := newFixture(t, 3)
	res, err := f.Svc.Deactivate(ctx, f.OwnerA, f.AgentA, users.Handover{})
	must(t, err)
	if res.Unassigned != 3 || portfolio(t, f)["-"] != 3 {
		t.Fatalf("result %+v portfolio %v", res, portfolio(t, f))
	}
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE done = 0 AND owner_id IS NULL`); n != 3 {
		t.Fatalf("unowned open follow-ups %d", n)
	}
}

func TestDeactivateAndDeleteGuardRails(t *testing.T) {
	f := newFixture(t, 1)
	to := users.Handover{ToUserIDs: []string{f.P.AgentA2}}
	cases := []struct {
		name  string
		actor *access.Actor
		id    string
		h     users.Handover
		code  string
		field string
	}{
		{"not oneself", f.AdminA, f.Admin, to, "permission_denied", ""},
		{"not the Owner", f.AdminA, f.Owner, to, "permission_denied", ""},
		{"owner not oneself", f.OwnerA, f.Owner, to, "permission_denied", ""},
		{"admin not outside their workspaces", f.AdminA, f.AgentB, to, "not_found", ""},
		{"admin B not in A", f.AdminBA, f.AgentA, to, "not_found", ""},
		{"agent never", f.AgentAA, f.P.AgentA2, users.Handover{}, "permission_denied", ""},
		{"anonymous", nil, f.AgentA, to, "unauthenticated", ""},
		{"recipient inactive", f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.Inactive}}, "validation", "handover"},
		{"recipient is the user", f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.AgentA}}, "validation", "handover"},
		{"recipient unknown", f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{store.NewID()}}, "validation", "handover"},
		{"recipient outside the admin's workspaces", f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.AgentB}}, "validation", "handover"},
		{"recipient outside the clients' workspace (even for the Owner)", f.OwnerA, f.AgentA, users.Handover{ToUserIDs: []string{f.AgentB}}, "validation", "handover"},
		{"several without spread", f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2, f.P.AgentA3}}, "validation", "handover"},
	}
	before := snapshot(t, f)
	for _, c := range cases {
		_, err := f.Svc.Deactivate(ctx, c.actor, c.id, c.h)
		if code(err) != c.code || field(err) != c.field {
			t.Errorf("deactivate, %s: %v (field %q), want %s %q", c.name, err, field(err), c.code, c.field)
		}
		username := str(t, f, `SELECT COALESCE((SELECT username FROM users WHERE id = ?), '')`, c.id)
		_, err = f.Svc.Delete(ctx, c.actor, c.id, username, c.h)
		if code(err) != c.code || field(err) != c.field {
			t.Errorf("delete, %s: %v (field %q), want %s %q", c.name, err, field(err), c.code, c.field)
		}
		want := c.code
		if want == "validation" {
			want = "" // reactivation takes no hand-over: reactivating an active user changes nothing
		}
		if err := f.Svc.Reactivate(ctx, c.actor, c.id); code(err) != want {
			t.Errorf("reactivate, %s: %v, want %q", c.name, err, want)
		}
	}
	// An admin may not deactivate another admin.
	if _, err := f.Svc.Deactivate(ctx, f.AdminA, f.P.AdminB, to); code(err) != "not_found" {
		t.Errorf("admin deactivates admin of B: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
}

func TestDeleteNeedsTypedConfirmation(t *testing.T) {
	f := newFixture(t, 2)
	// A workstation enrolled with a sync server: every change queues in the outbox.
	must(t, f.DB.EnableSync(ctx, "ws-test", nil))
	before := snapshot(t, f)
	for _, confirm := range []string{"", "agent.b", "agent"} {
		_, err := f.Svc.Delete(ctx, f.AdminA, f.AgentA, confirm, users.Handover{ToUserIDs: []string{f.P.AgentA2}})
		if code(err) != "validation" || field(err) != "confirmUsername" {
			t.Fatalf("confirm %q: %v", confirm, err)
		}
	}
	sameSnapshot(t, before, snapshot(t, f))

	res, err := f.Svc.Delete(ctx, f.AdminA, f.AgentA, "Agent.A", users.Handover{ToUserIDs: []string{f.P.AgentA2}})
	must(t, err)
	if res.Clients != 2 {
		t.Fatalf("result %+v", res)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM users WHERE id = ?`, f.AgentA); n != 0 {
		t.Fatal("user row still there")
	}
	for _, q := range []string{`SELECT COUNT(*) FROM user_workspaces WHERE user_id = ?`, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`,
		`SELECT COUNT(*) FROM followups WHERE owner_id = ?`, `SELECT COUNT(*) FROM clients WHERE owner_id = ?`,
		`SELECT COUNT(*) FROM team_members WHERE user_id = ?`} {
		if n := count(t, f, q, f.AgentA); n != 0 {
			t.Errorf("%s: %d left", q, n)
		}
	}
	// Rows of other features keyed by the user go through the write path with tombstones.
	if n := count(t, f, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'user_workspaces' AND deleted = 1`); n != 1 {
		t.Fatalf("workspace link tombstones %d", n)
	}
	// The done follow-up keeps the client's history without an owner; the tombstone travels.
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE id = ? AND owner_id IS NULL`, f.P.DoneFollowups[0]); n != 1 {
		t.Fatal("done follow-up lost")
	}
	if n := count(t, f, `SELECT COUNT(*) FROM sync_tombstones WHERE tbl = 'users' AND row_id = ?`, f.AgentA); n != 1 {
		t.Fatal("no tombstone")
	}
	// The audit keeps what was deleted, never the hash; search no longer finds them.
	changes := str(t, f, `SELECT changes FROM audit_log WHERE entity_id = ? AND action = 'delete'`, f.AgentA)
	if !containsAll(changes, `"username":{"new":null,"old":"agent.a"}`, `"password_hash":{"secret":true}`) {
		t.Fatalf("delete audit %s", changes)
	}
	if p, _ := f.Svc.List(ctx, f.OwnerA, users.ListQuery{Search: "kowalski"}); p.Total != 0 {
		t.Fatal("deleted user still found")
	}
	if _, err := f.Svc.Delete(ctx, f.AdminA, f.AgentA, "agent.a", users.Handover{}); code(err) != "not_found" {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestFailureMidwayChangesNothing(t *testing.T) {
	f := newFixture(t, 4)
	// A failure at the very last step, after clients, follow-ups and memberships moved.
	// The fault is injected outside the write path (testutil.RawExec): a trigger that fails.
	err := testutil.RawExec(t, f.DB, `CREATE TRIGGER fail_deactivation BEFORE UPDATE OF status ON users
		WHEN new.status = 'inactive' BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
	must(t, err)
	before := snapshot(t, f)
	if _, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2, f.P.AgentA3}, Spread: true}); code(err) != "internal" {
		t.Fatalf("deactivate: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
	err = testutil.RawExec(t, f.DB, `DROP TRIGGER fail_deactivation`)
	must(t, err)
	err = testutil.RawExec(t, f.DB, `CREATE TRIGGER fail_delete BEFORE DELETE ON users BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
	must(t, err)
	if _, err := f.Svc.Delete(ctx, f.AdminA, f.AgentA, "agent.a", users.Handover{ToUserIDs: []string{f.P.AgentA2}}); code(err) != "internal" {
		t.Fatalf("delete: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
	// And the hand-over to an inactive user is refused before anything moves.
	if _, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2, f.P.Inactive}, Spread: true}); code(err) != "validation" {
		t.Fatalf("inactive recipient: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// The deactivation dialog says how many clients and follow-ups will move before they move:
// the preview counts exactly what Deactivate then moves, and changes nothing.
func TestPreviewOffboardCountsWhatMoves(t *testing.T) {
	f := newFixture(t, 5)
	p, err := f.Svc.PreviewOffboard(ctx, f.AdminA, f.AgentA)
	must(t, err)
	before := snapshot(t, f)
	if p.Clients != 5 || p.Teams != 1 || p.Campaigns != 1 {
		t.Fatalf("preview %+v", p)
	}
	sameSnapshot(t, before, snapshot(t, f))
	res, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2}})
	must(t, err)
	if res.Clients != p.Clients || res.Followups != p.Followups || res.Teams != p.Teams || res.Campaigns != p.Campaigns {
		t.Fatalf("preview %+v, moved %+v", p, res)
	}
	if _, err := f.Svc.PreviewOffboard(ctx, f.AdminA, f.AdminA.UserID); code(err) != "permission_denied" {
		t.Fatalf("own preview: %v", err)
	}
	if _, err := f.Svc.PreviewOffboard(ctx, f.AgentAA, f.P.AgentA2); code(err) != "permission_denied" {
		t.Fatalf("agent preview: %v", err)
	}
}
