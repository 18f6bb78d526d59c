package testutil

import (
	"database/sql"
)

// BulkDB is a plain connection to the env's file, for benchmark set-up that inserts tens of
// thousands of rows in one statement. It bypasses the write path (no audit, no outbox, no
// field clocks): benchmarks only, never tests of behaviour, which write through DB.Write.
// (The read pool, DB.Read(), is query-only.)
func (e *Env) BulkDB() *sql.DB {
	e.T.Helper()
	db, err := sql.Open("sqlite", "file:"+e.DB.Path()+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)")
	if err != nil {
		e.T.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	e.T.Cleanup(func() { db.Close() })
	return db
}
