package main

import (
	"context"

	"github.com/plantel/plantel/backend/users"
)

// deepPageQuery is the query of the page starting at row deep of q's list, as the window
// asks for it after reaching the page before: with that page's Next (keyset paging).
func deepPageQuery(ctx context.Context, e *Env, q users.ListQuery, deep int) (users.ListQuery, error) {
	if deep == 0 {
		return q, nil
	}
	prev := q
	prev.Offset = max(deep-q.Limit, 0)
	p, err := e.Users.List(ctx, e.Owner, prev)
	if err != nil {
		return q, err
	}
	q.Offset, q.After = deep, p.Next
	return q, nil
}
