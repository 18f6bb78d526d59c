package audit

import (
	"github.com/plantel/plantel/backend/access"
)

// CreatedSQL is the SQL and arguments of the queries the audit page reads the creations of
// downloaded rows with (createdQuery), for q, the actor and cursor, so a test can read their
// plans.
func CreatedSQL(a *access.Actor, q Query) (string, []any, error) {
	f, err := (&Service{}).where(a, q)
	if err != nil {
		return "", nil, err
	}
	after, hasAfter := parseCursor(q.Cursor)
	qs, _ := createdQuery(a, f, after, hasAfter, hasAfter && after.tbl != "", 51)
	return qs.ToSql()
}
