package store_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// TestJoiningAWorkspaceFilesOnlyThatUsersEntries: when a user joins a workspace, the entries
// about that user (and only those) are filed under it for the audit page, and the trigger
// doing it (migration 0060) finds them from the entity_id index: its lookup reads that
// user's few entries, not every users entry of the log (with the entity index SQLite had
// chosen, building 10,000 users took 3.6× bare inserts and grew with the square of the users).
func TestJoiningAWorkspaceFilesOnlyThatUsersEntries(t *testing.T) {
	db, _ := newDB(t)
	user := func(username string) store.Fields {
		return store.Fields{"username": username, "email": username + "@x.org", "first_name": "Ana", "last_name": "Núñez",
			"role": "agent", "active": int64(1)}
	}
	err := db.Write(bg, "", func(tx *store.Tx) error {
		if err := tx.Insert("workspaces", "ws-k", store.Fields{"name": "Kraków"}); err != nil {
			return err
		}
		for _, u := range []string{"u-1", "u-2"} {
			if err := tx.Insert("users", u, user("user"+u[2:])); err != nil {
				return err
			}
		}
		return tx.Update("users", "u-1", store.Fields{"first_name": "Łucja"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Write(bg, "", func(tx *store.Tx) error {
		return tx.Insert("user_workspaces", "", store.Fields{"user_id": "u-1", "workspace_id": "ws-k"})
	}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Read().QueryContext(bg, `SELECT l.entity_id, l.action FROM audit_workspaces w
		JOIN audit_entries l ON l.id = w.audit_id WHERE w.workspace_id = 'ws-k' AND l.entity = 'users' ORDER BY l.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, action string
		if err := rows.Scan(&id, &action); err != nil {
			t.Fatal(err)
		}
		got = append(got, id+" "+action)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := "u-1 create,u-1 update"; strings.Join(got, ",") != want {
		t.Errorf("users entries filed under the joined workspace: %q, want %q", got, want)
	}

	// The trigger's lookup, as SQLite plans it inside the trigger.
	var body string
	if err := db.Read().QueryRowContext(bg, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_workspaces_member'`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?is)\bSELECT\b.*?;`).FindString(body)
	if m == "" {
		t.Fatalf("no SELECT in the trigger: %s", body)
	}
	q := strings.NewReplacer("NEW.workspace_id", "'ws-k'", "NEW.user_id", "'u-1'").Replace(strings.TrimSuffix(m, ";"))
	plan, err := db.Read().QueryContext(bg, "EXPLAIN QUERY PLAN "+q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer plan.Close()
	var steps []string
	for plan.Next() {
		var id, parent, notused int
		var detail string
		if err := plan.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := plan.Err(); err != nil {
		t.Fatal(err)
	}
	if p := strings.Join(steps, "; "); !strings.Contains(p, "USING INDEX audit_entity_idx (entity_id=?)") {
		t.Errorf("the trigger's lookup of a user's entries is planned as %q, want a search of audit_entity_idx by entity_id", p)
	}
}
