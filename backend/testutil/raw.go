package testutil

import (
	"context"
	"database/sql"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// The read pool of store.DB is query_only and every change goes through store.DB.Write, which
// writes the row, its audit entry and its outbox entry together. The two helpers below are
// the only way tests write around it, and they do it on a connection of their own to the
// database file, so nothing in the app's pools can. Rows they write have NO audit entry,
// NO outbox entry and no field clocks.

// RawExec runs one statement on a connection of its own, outside the write path. Only for
// what the write path must never do: inject a fault (a trigger that fails the next change),
// break a rule on purpose to see that SQLite refuses it, or stand in for a writer Plantel
// does not have yet (a sync merge replacing a row in place).
func RawExec(tb testing.TB, db *store.DB, query string, args ...any) error {
	tb.Helper()
	var err error
	rawConn(tb, db, func(c *sql.DB) { _, err = c.ExecContext(context.Background(), query, args...) })
	return err
}

// BulkSeed runs fn in one transaction on a connection of its own and then ANALYZEs, for
// benchmarks that need 100,000 rows to read: they measure reads, so the rows skip the write
// path (no audit, no outbox). Tests that check behaviour seed through store.DB.Write instead
// (NewEnv, SeedPeople, SeedClients, ...).
func BulkSeed(tb testing.TB, db *store.DB, fn func(ctx context.Context, tx *sql.Tx) error) {
	tb.Helper()
	rawConn(tb, db, func(c *sql.DB) {
		rawTx(tb, c, fn)
		if _, err := c.ExecContext(context.Background(), `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	})
}

// RawWrite runs each fn in a transaction of its own, one after the other, on one connection
// of its own (synchronous NORMAL, as the store's): the bare side of a benchmark that compares
// the write path with the plainest INSERTs of the same rows.
func RawWrite(tb testing.TB, db *store.DB, fns ...func(ctx context.Context, tx *sql.Tx) error) {
	tb.Helper()
	rawConn(tb, db, func(c *sql.DB) {
		if _, err := c.ExecContext(context.Background(), `PRAGMA synchronous = NORMAL`); err != nil {
			tb.Fatal(err)
		}
		for _, fn := range fns {
			rawTx(tb, c, fn)
		}
	})
}

func rawTx(tb testing.TB, c *sql.DB, fn func(ctx context.Context, tx *sql.Tx) error) {
	tb.Helper()
	ctx := context.Background()
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(ctx, tx); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func rawConn(tb testing.TB, db *store.DB, fn func(c *sql.DB)) {
	tb.Helper()
	c, err := sql.Open("sqlite", "file:"+db.Path()+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)")
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	fn(c)
}
