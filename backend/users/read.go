package users

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// reader runs squirrel queries on the read pool, like store.Tx does inside a write.
type reader struct {
	ctx context.Context
	db  *sql.DB
}

// read is a querier on the read pool.
func (s *Service) read(ctx context.Context) reader { return reader{ctx: ctx, db: s.db.Read()} }

// QueryRow runs a one-row query.
func (r reader) QueryRow(q sq.Sqlizer) *sql.Row {
	query, args, err := q.ToSql()
	if err != nil {
		return r.db.QueryRowContext(r.ctx, "SELECT RAISE(ABORT, ?)", err.Error())
	}
	return r.db.QueryRowContext(r.ctx, query, args...)
}

// Query runs a query.
func (r reader) Query(q sq.Sqlizer) (*sql.Rows, error) {
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.QueryContext(r.ctx, query, args...)
}
