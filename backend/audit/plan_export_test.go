package audit

import (
	"context"

	"github.com/plantel/plantel/backend/access"
)

// CreatedSQL is the SQL and arguments of the queries the audit page reads the creations of
// downloaded rows with (createdQueries) for q, the actor and cursor, so a test can read
// their plans.
func (s *Service) CreatedSQL(ctx context.Context, a *access.Actor, q Query) ([]string, [][]any, error) {
	f, err := s.where(ctx, a, q)
	if err != nil {
		return nil, nil, err
	}
	after, hasAfter := parseCursor(q.Cursor)
	queries, err := s.createdQueries(ctx, a, f, after, hasAfter, 51)
	if err != nil {
		return nil, nil, err
	}
	var sqls []string
	var args [][]any
	for _, qs := range queries {
		sql, a, err := qs.ToSql()
		if err != nil {
			return nil, nil, err
		}
		sqls, args = append(sqls, sql), append(args, a)
	}
	return sqls, args, nil
}

// SetSparseMatches sets how many rows of a table the search may match for the audit page to
// read them by their keys (sparseMatches); the function returned puts it back.
func SetSparseMatches(n int) func() {
	old := sparseMatches
	sparseMatches = n
	return func() { sparseMatches = old }
}
