package users

import (
	"context"
	"strings"
	"testing"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/testutil"
)

// A user's History finds their membership entries through migration 0130's index, not by
// parsing every membership entry of the log: the query must say the index's expression and
// filter as the migration wrote them, or SQLite silently scans (the History of one person in
// an organization of 100,000 would read every team, campaign and workspace change).
func TestHistoryFindsMembershipsThroughTheirIndex(t *testing.T) {
	env := testutil.NewEnv(t)
	q, args, err := sq.Select("COUNT(*)").From("audit_history l").Where(historyWhere(env.AgentA)).ToSql()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := env.DB.Read().QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(plan, "\n")
	if !strings.Contains(all, "audit_member_user_idx") || strings.Contains(all, "SCAN e") || strings.Contains(all, "SCAN r") {
		t.Fatalf("the History's query does not read membership entries by person:\n%s", all)
	}
}
