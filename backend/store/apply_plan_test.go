package store_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestMembershipTriggerReadsOneUsersEntries: a user joining a workspace places that user's
// past audit entries (audit_workspaces_member); the lookup must walk that user's entries
// (audit_entity_idx), not every user's (audit_entity_at_idx on entity = 'users'), or the
// 100,000 memberships of an organization's first download take hours (migration 0060).
func TestMembershipTriggerReadsOneUsersEntries(t *testing.T) {
	db, _ := newDB(t)
	var body string
	if err := db.Read().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_workspaces_member'`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	sel := regexp.MustCompile(`(?s)SELECT .*?;`).FindString(body)
	if sel == "" {
		t.Fatalf("no SELECT in the trigger: %s", body)
	}
	sel = strings.NewReplacer("NEW.workspace_id", "'ws'", "NEW.user_id", "'u'").Replace(strings.TrimSuffix(sel, ";"))
	rows, err := db.Read().Query("EXPLAIN QUERY PLAN " + sel)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "audit_entity_idx (entity_id=?)") {
		t.Errorf("the membership trigger's lookup: %s; want a search of audit_entity_idx by entity_id", p)
	}
}
