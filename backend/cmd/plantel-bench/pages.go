package main

import (
	"context"

	"github.com/plantel/plantel/backend/users"
)

// deepPageQuery is the query of the page starting at row deep of q's list.
func deepPageQuery(ctx context.Context, e *Env, q users.ListQuery, deep int) (users.ListQuery, error) {
	q.Offset = deep
	return q, nil
}
