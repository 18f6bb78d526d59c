package store

import (
	"context"
	"database/sql"
)

// cachedTx is a write transaction that prepares each distinct statement once: SQLite spends
// more time parsing a statement than running a one-row INSERT, and bulk writes (a pulled
// page, an import) run the same few statements thousands of times. The statements close
// with the transaction.
type cachedTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func newCachedTx(tx *sql.Tx) *cachedTx { return &cachedTx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

func (c *cachedTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) > 200 { // statements built from varying column sets: keep the cache small
		for k, old := range c.stmts {
			old.Close()
			delete(c.stmts, k)
		}
	}
	c.stmts[query] = s
	return s, nil
}

func (c *cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (c *cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return c.Tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return s.QueryRowContext(ctx, args...)
}
