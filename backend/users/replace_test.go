package users_test

import (
	"testing"

	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

// TestSearchIndexSurvivesReplace: a row replaced in place (as a sync merge may do) stays
// searchable under its new values and no longer under the old ones.
func TestSearchIndexSurvivesReplace(t *testing.T) {
	f := newFixture(t, 0)
	// Plantel has no such writer yet: a raw statement outside the write path stands in for it.
	err := testutil.RawExec(t, f.DB, `INSERT OR REPLACE INTO users(id, username, email, first_name, last_name, role, profile_id, created_at, updated_at)
		SELECT id, username, email, 'Renata', 'Remplazo', role, profile_id, created_at, updated_at FROM users WHERE id = ?`, f.P.AgentA3)
	must(t, err)
	for search, want := range map[string]int{"renata": 1, "maria perez": 0} {
		p, err := f.Svc.List(ctx, f.OwnerA, users.ListQuery{Search: search})
		must(t, err)
		if p.Total != want {
			t.Errorf("%q: %d", search, p.Total)
		}
	}
	p, err := f.Svc.List(ctx, f.OwnerA, users.ListQuery{})
	must(t, err)
	if p.Total != 9 || len(p.Rows) != 9 {
		t.Fatalf("list after replace: total %d rows %d", p.Total, len(p.Rows))
	}
}
