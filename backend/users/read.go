package users

import (
	"context"

	"github.com/plantel/plantel/backend/store"
)

// read is a querier on the read pool.
func (s *Service) read(ctx context.Context) store.Reader { return s.db.Reader(ctx) }
