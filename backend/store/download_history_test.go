package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestARowsHistorySeeksItsRowClock: a row's History (audit_history, migration 0101) reads the
// creation of a downloaded row from its row clock by (table, id) — a seek, whatever the number
// of row clocks — because the view names every synced, audited table; a table missing from it
// would lose its downloaded rows' creations, a plan without the seek would read a million row
// clocks for each History tab opened.
func TestARowsHistorySeeksItsRowClock(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var view string
	if err := db.read.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'audit_history'`).Scan(&view); err != nil {
		t.Fatal(err)
	}
	for name, tb := range tables {
		if tb.Synced && tb.Audited && !strings.Contains(view, "'"+name+"'") {
			t.Errorf("audit_history does not name %s", name)
		}
	}
	rows, err := db.read.Query(`EXPLAIN QUERY PLAN SELECT l.id, l.at, l.actor_id, l.action FROM audit_history l
		WHERE l.entity_id = ? AND (l.entity = 'users' OR (l.entity = 'clients' AND l.action = 'transfer'))
		ORDER BY l.at DESC, l.id DESC LIMIT 10`, "u-1")
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
	p := strings.Join(plan, "\n")
	if !strings.Contains(p, "SEARCH r USING PRIMARY KEY (tbl=? AND row_id=?)") || strings.Contains(p, "SCAN r") {
		t.Errorf("a row's History does not seek its row clock:\n%s", p)
	}
}
