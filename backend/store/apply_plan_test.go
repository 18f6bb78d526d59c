package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// TestABulkPageWithAUniqueClashKeepsTheOthers: a pulled page whose new users go in with one
// multi-row INSERT, one of them taking a username this workstation already holds: that
// statement fails as a whole, the page's other users still arrive (change by change), and
// the clashing one is kept as a conflict for a supervisor — never a stuck pull.
func TestABulkPageWithAUniqueClashKeepsTheOthers(t *testing.T) {
	db, _ := newDB(t)
	user := func(name string) map[string]any {
		return map[string]any{"username": name, "email": name + "@x.org", "first_name": "Ana", "last_name": "Núñez", "role": "agent", "profile_id": nil, "active": true}
	}
	apply(t, db, ch("users", "u-here", stamp(1, 0, "devA"), user("dup")))
	var page []store.Change
	for i := range 40 {
		name := fmt.Sprintf("user%02d", i)
		if i == 25 {
			name = "dup"
		}
		page = append(page, ch("users", fmt.Sprintf("u-%02d", i), stamp(2, i, "devB"), user(name)))
	}
	res := apply(t, db, page...)
	if res.Applied != 39 || res.Conflicts != 1 {
		t.Fatalf("applied %d, conflicts %d; want 39 and 1", res.Applied, res.Conflicts)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users`); n != 40 {
		t.Errorf("%d users, want the 39 new ones and the one here", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_conflicts WHERE row_id = 'u-25' AND code = 'conflict_unique'`); n != 1 {
		t.Errorf("the clashing user is not kept as a conflict")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH '"nunez"'`); n != 40 {
		t.Errorf("the search finds %d of 40 users", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'users' AND action = 'create'`); n != 40 {
		t.Errorf("%d History creation entries, want 40", n)
	}
}

// TestAMovedClientsEntryBelongsToBothWorkspaces: the History entry of a client moved from one
// workspace to another belongs to both (an administrator of either sees it), while its
// creation entry belongs to the workspace it was made in (migration 0061 skips creations in
// the move rule, which never placed them).
func TestAMovedClientsEntryBelongsToBothWorkspaces(t *testing.T) {
	db, _ := newDB(t)
	at := "2026-11-23T09:00:01.000Z"
	ws := func(id, name string) store.Change {
		return ch("workspaces", id, stamp(1, 0, "devA"), map[string]any{"name": name, "archived": false, "created_at": at, "updated_at": at})
	}
	apply(t, db, ws("ws-a", "Lima"), ws("ws-b", "Kraków"),
		ch("clients", "c-1", stamp(2, 0, "devA"), map[string]any{"name": "Klient", "workspace_id": "ws-a", "owner_id": nil}))
	apply(t, db, ch("clients", "c-1", stamp(3, 0, "devB"), map[string]any{"workspace_id": "ws-b"}))
	placed := func(action string) string {
		rows, err := db.Read().Query(`SELECT s.workspace_id FROM audit_workspaces s JOIN audit_log l ON l.id = s.audit_id
			WHERE l.entity_id = 'c-1' AND l.action = ? ORDER BY 1`, action)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				t.Fatal(err)
			}
			out = append(out, w)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	if got := placed("update"); got != "ws-a,ws-b" {
		t.Errorf("the move's entry belongs to %q, want both workspaces", got)
	}
	if got := placed("create"); got != "ws-a" {
		t.Errorf("the creation entry belongs to %q, want the workspace it was made in", got)
	}
}

// TestABulkPageOfClientsLeavesTheirTriggersOn: a pulled page's new clients go in with their
// per-row triggers set aside (migration 0095) and get their search entries, name order and
// portfolio counts set-based, and one History entry for the page (migration 0101); the flag that sets the triggers aside is never
// committed on, so a client created afterwards is found, ordered and counted as before.
func TestABulkPageOfClientsLeavesTheirTriggersOn(t *testing.T) {
	db, _ := newDB(t)
	at := "2026-11-23T09:00:01.000Z"
	apply(t, db, ch("workspaces", "ws-a", stamp(1, 0, "devA"), map[string]any{"name": "Lima", "archived": false, "created_at": at, "updated_at": at}))
	client := func(id string, c int) store.Change {
		return ch("clients", id, stamp(2, c, "devB"), map[string]any{"name": "Żaneta " + id, "workspace_id": "ws-a", "owner_id": nil})
	}
	var page []store.Change
	for i := range 40 {
		page = append(page, client(fmt.Sprintf("c-%02d", i), i))
	}
	if res := apply(t, db, page...); res.Applied != 40 {
		t.Fatalf("applied %d of 40", res.Applied)
	}
	apply(t, db, client("c-late", 99))
	if n := count(t, db, `SELECT COUNT(*) FROM bulk_load WHERE active <> 0`); n != 0 {
		t.Errorf("the bulk-load flag was committed on")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM clients_fts WHERE clients_fts MATCH '"zaneta"'`); n != 41 {
		t.Errorf("the search finds %d of 41 clients", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM clients c JOIN clients_sort s ON s.rid = c.rowid`); n != 41 {
		t.Errorf("%d of 41 clients have a name order", n)
	}
	if n := count(t, db, `SELECT n FROM client_portfolios WHERE owner_id = '' AND workspace_id = 'ws-a'`); n != 41 {
		t.Errorf("the portfolio counts %d of 41 clients", n)
	}
	if n := count(t, db, `SELECT clients FROM portfolio_totals WHERE id = 1`); n != 41 {
		t.Errorf("the dashboard's total counts %d of 41 clients", n)
	}
	// The page of 40 has one History entry; every client's History still shows its creation.
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'sync' AND action = 'download' AND changes = '{"rows":40,"tables":{"clients":40}}'`); n != 1 {
		t.Errorf("%d History entries for the page of 40 clients, want 1", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'clients'`); n != 1 {
		t.Errorf("%d History entries of single clients, want 1 (the one applied alone)", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_history WHERE entity = 'clients' AND action = 'create' AND workstation_id = 'devB'`); n != 41 {
		t.Errorf("the History shows the creation of %d of 41 clients", n)
	}
}
