package store_test

import (
	"testing"
)

// TestPulledRowsKeepTheDerivedTablesRight: rows a pull creates (the bulk insert of a page),
// changes and deletes go through the same triggers as local writes, so the user search
// (users_fts, users_sort), the client search and order (clients_fts, clients_sort), the
// portfolio sizes (client_portfolios, migration 0031) and the audit scope (audit_workspaces,
// migration 0051) answer for pulled data exactly as for data written here.
func TestPulledRowsKeepTheDerivedTablesRight(t *testing.T) {
	db, _ := newDB(t)
	at := "2026-11-23T09:00:01.000Z"
	user := func(id, user, first, last string) map[string]any {
		return map[string]any{"username": user, "email": user + "@x.org", "first_name": first, "last_name": last,
			"role": "agent", "profile_id": nil, "active": true}
	}
	client := func(name, owner string) map[string]any {
		return map[string]any{"name": name, "workspace_id": "ws-k", "owner_id": owner, "phone": "+48 12 555-0101"}
	}
	// One page, as the server sends it: parents and children together, created in bulk.
	res := apply(t, db,
		ch("workspaces", "ws-k", stamp(1, 0, "devA"), map[string]any{"name": "Kraków", "archived": false, "created_at": at, "updated_at": at}),
		ch("users", "u-1", stamp(1, 1, "devA"), user("u-1", "lucja", "Łucja", "Wiśniewska")),
		ch("users", "u-2", stamp(1, 2, "devA"), user("u-2", "jose", "José", "Núñez")),
		ch("user_workspaces", "uw-1", stamp(1, 3, "devA"), map[string]any{"user_id": "u-1", "workspace_id": "ws-k"}),
		ch("clients", "c-1", stamp(1, 4, "devA"), client("Klient Wisła", "u-1")),
		ch("clients", "c-2", stamp(1, 5, "devA"), client("Ąbc Spółka", "u-1")),
		ch("clients", "c-3", stamp(1, 6, "devA"), client("Zeta", "u-2")),
	)
	if res.Applied != 7 {
		t.Fatalf("applied %+v", res)
	}
	// Then a page of changes: a rename, a portfolio move, a deletion.
	apply(t, db,
		ch("users", "u-2", stamp(2, 0, "devB"), map[string]any{"first_name": "Joaquín"}),
		ch("clients", "c-3", stamp(2, 1, "devB"), map[string]any{"owner_id": "u-1", "name": "Żółw"}),
		del("clients", "c-2", stamp(2, 2, "devB")),
		ch("users", "u-2", stamp(2, 3, "devB"), map[string]any{"status": "pending"}),
	)

	// The user search finds pulled users by their folded names, old names are gone.
	for q, want := range map[string]int{`"lucja"`: 1, `"wisniewska"`: 1, `"joaquin"`: 1, `"jose"`: 1 /* username */, `"nunez"`: 1} {
		if n := count(t, db, `SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH ?`, q); n != want {
			t.Errorf("users_fts MATCH %s: %d, want %d", q, n, want)
		}
	}
	// The status tokens of the filtered search (migration 0140) follow the pulled status.
	for q, want := range map[string]int{`"sactive"`: 1, `"spending"`: 1, `"nunez" AND filters : "spending"`: 1, `"nunez" AND filters : "sactive"`: 0} {
		if n := count(t, db, `SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH ?`, q); n != want {
			t.Errorf("users_fts MATCH %s: %d, want %d", q, n, want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users_fts WHERE display_name MATCH '"jose"'`); n != 0 {
		t.Errorf("the renamed user is still found by the old first name")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users u JOIN users_sort s ON s.rid = u.rowid AND s.sort_name = plantel_fold(u.first_name || ' ' || u.last_name)`); n != 2 {
		t.Errorf("users_sort right for %d of 2 users", n)
	}
	// The client search and order: the folded names, the phone's digits alone.
	for q, want := range map[string]int{`"wisla"`: 1, `"zolw"`: 1, `"spolka"`: 0, `"zeta"`: 0, `"48125550101"`: 2} {
		if n := count(t, db, `SELECT COUNT(*) FROM clients_fts WHERE clients_fts MATCH ?`, q); n != want {
			t.Errorf("clients_fts MATCH %s: %d, want %d", q, n, want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM clients c JOIN clients_sort s ON s.rid = c.rowid AND s.name_key = plantel_fold(c.name)`); n != 2 {
		t.Errorf("clients_sort right for %d of 2 clients", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM clients_sort`); n != 2 {
		t.Errorf("clients_sort has %d rows for 2 clients", n)
	}
	// Portfolio sizes: Łucja holds Wisła and Żółw, José nothing any more.
	for owner, want := range map[string]int{"u-1": 2, "u-2": 0} {
		if n := count(t, db, `SELECT COALESCE(SUM(n), 0) FROM client_portfolios WHERE owner_id = ? AND workspace_id = 'ws-k'`, owner); n != want {
			t.Errorf("portfolio of %s: %d, want %d", owner, n, want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM (SELECT COALESCE(owner_id, '') o, workspace_id w, COUNT(*) n FROM clients GROUP BY 1, 2) c
		LEFT JOIN client_portfolios p ON p.owner_id = c.o AND p.workspace_id = c.w WHERE p.n IS NOT c.n`); n != 0 {
		t.Errorf("%d portfolio sizes differ from a count of the clients", n)
	}
	// The dashboard's tallies (migration 0075): users per workspace and owners' portfolios
	// equal a count of the rows.
	if n := count(t, db, `SELECT COUNT(*) FROM (
			SELECT '' w, status s, presence p, role r, COALESCE(profile_id, '') f, COUNT(*) n FROM users GROUP BY 2, 3, 4, 5
			UNION ALL SELECT x.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), COUNT(*)
			FROM user_workspaces x JOIN users u ON u.id = x.user_id GROUP BY 1, 2, 3, 4, 5) c
		FULL JOIN (SELECT * FROM user_tallies WHERE n <> 0) t
		ON t.workspace_id = c.w AND t.status = c.s AND t.presence = c.p AND t.role = c.r AND t.profile_id = c.f
		WHERE t.n IS NOT c.n`); n != 0 {
		t.Errorf("%d user tallies differ from a count of the users", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM (SELECT COALESCE(owner_id, '') o, COUNT(*) n FROM clients GROUP BY 1) c
		FULL JOIN (SELECT * FROM owner_portfolios WHERE n <> 0) p ON p.owner_id = c.o WHERE p.n IS NOT c.n`); n != 0 {
		t.Errorf("%d owners' portfolio sizes differ from a count of the clients", n)
	}
	if n := count(t, db, `SELECT clients * 100 + owners * 10 + agents FROM portfolio_totals`); n != 211 {
		t.Errorf("portfolio totals %d, want 2 clients, 1 owner, 1 active agent holding some: 211)", n)
	}
	// The pulled audit entries about the workspace's clients and its member belong to it.
	if n := count(t, db, `SELECT COUNT(DISTINCT l.entity_id) FROM audit_workspaces s JOIN audit_log l ON l.id = s.audit_id
		WHERE s.workspace_id = 'ws-k' AND l.entity IN ('clients', 'users')`); n < 4 {
		t.Errorf("audit_workspaces places %d pulled entities in the workspace, want at least 4 (3 clients, Łucja)", n)
	}
}
