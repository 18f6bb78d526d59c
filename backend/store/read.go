package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"

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

// Reader runs squirrel-built reads on the read pool, each statement prepared once per
// connection and kept (the lists and the dashboard run the same few statements again and
// again: preparing them anew cost a good part of a page).
type Reader struct {
	ctx   context.Context
	db    *sql.DB
	stmts *stmtCache
}

// Reader returns a Querier on the read pool bound to ctx.
func (db *DB) Reader(ctx context.Context) Reader {
	return Reader{ctx: ctx, db: db.read, stmts: &db.readStmts}
}

// QueryRow runs a one-row query; a query that cannot be built fails at Scan.
func (r Reader) QueryRow(q sq.Sqlizer) *sql.Row {
	query, args, err := q.ToSql()
	if err != nil {
		return r.db.QueryRowContext(r.ctx, "SELECT RAISE(ABORT, ?)", err.Error())
	}
	if st := r.stmts.get(r.ctx, r.db, query); st != nil {
		return st.QueryRowContext(r.ctx, args...)
	}
	return r.db.QueryRowContext(r.ctx, query, args...)
}

// Query runs a query.
func (r Reader) Query(q sq.Sqlizer) (*sql.Rows, error) {
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	if st := r.stmts.get(r.ctx, r.db, query); st != nil {
		return st.QueryContext(r.ctx, args...)
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

// maxReadStmts bounds the kept statements: queries whose text varies (IN lists of every
// length) stop being kept once it is reached, and simply run unprepared.
const maxReadStmts = 512

// stmtCache keeps prepared statements of the read pool by SQL text.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get returns the kept statement of query, preparing it first if there is room; nil when
// it is not kept (the caller runs the query directly).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= maxReadStmts {
		return nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the direct run reports the error
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st
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
