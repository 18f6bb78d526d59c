package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// sqliteStorage keeps the organization in one SQLite file (modernc, no cgo): one write
// connection that begins IMMEDIATE transactions (the file's write lock is the
// organization-wide lock) and a read pool on the same WAL file.
type sqliteStorage struct{ sqlStore }

func sqliteDSN(path string, immediate bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Deleted and overwritten cell content is zeroed in its page (a scrubbed key envelope
	// must not stay readable in a page's free space: envelopes.go). FAST adds no I/O (log
	// compaction deletes many rows); envelope entries are small, never on overflow pages.
	q.Add("_pragma", "secure_delete(FAST)")
	if immediate {
		q.Add("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// OpenSQLite opens (creating) the server database at path.
func OpenSQLite(ctx context.Context, path string) (Storage, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	s := &sqliteStorage{sqlStore{d: dialect{name: "sqlite", rebind: func(q string) string { return q }, bigType: "INTEGER", afterScrub: `PRAGMA wal_checkpoint(TRUNCATE)`}, write: w, read: r}}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return s, nil
}
