package store

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// Querier runs squirrel-built reads: a write transaction (*Tx, which sees its own writes)
// or the read pool (Reader). Backend code that reads both inside and outside a write takes
// a Querier.
type Querier interface {
	QueryRow(q sq.Sqlizer) *sql.Row
	Query(q sq.Sqlizer) (*sql.Rows, error)
}

// Reader runs squirrel-built reads on the read pool.
type Reader struct {
	ctx context.Context
	db  *sql.DB
}

// Reader returns a Querier on the read pool bound to ctx.
func (db *DB) Reader(ctx context.Context) Reader { return Reader{ctx: ctx, db: db.read} }

// QueryRow runs a one-row query; a query that cannot be built fails at Scan.
func (r Reader) QueryRow(q sq.Sqlizer) *sql.Row {
	query, args, err := q.ToSql()
	if err != nil {
		return r.db.QueryRowContext(r.ctx, "SELECT RAISE(ABORT, ?)", err.Error())
	}
	return r.db.QueryRowContext(r.ctx, query, args...)
}

// Query runs a query.
func (r Reader) Query(q sq.Sqlizer) (*sql.Rows, error) {
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.QueryContext(r.ctx, query, args...)
}

// ScanOptional scans a one-row result where no row is not an error: dest keeps what it held
// (the caller's default). Any other error is returned.
func ScanOptional(row *sql.Row, dest ...any) error {
	if err := row.Scan(dest...); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// Strings runs a one-column query and returns its values (never nil).
func Strings(q Querier, b sq.Sqlizer) ([]string, error) {
	rows, err := q.Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, apperr.Internal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}
