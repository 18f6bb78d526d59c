// Package store opens Plantel's SQLite file, applies the embedded migrations and owns the
// one write path: every row change goes through DB.Write, which writes the row, its audit
// entry and its sync outbox entry in one transaction.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"github.com/plantel/plantel/backend/apperr"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/plantel/plantel/backend/textfold"
)

// FoldFunction is the SQL function the search indexes and name orders are computed with
// (migration 0030_fold_function.sql): plantel_fold(text) is textfold.Fold, the folding the
// backend applies to typed search words. It is registered for every connection of the
// "sqlite" driver in this process.
const FoldFunction = "plantel_fold"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(FoldFunction, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return textfold.Fold(v), nil
		case []byte:
			return textfold.Fold(string(v)), nil
		default:
			return v, nil
		}
	})
}

// FileName is the database file inside the data directory.
const FileName = "plantel.db"

// Options tune Open; the zero value is right for production.
type Options struct {
	// Now is the wall clock; tests pass a fake one.
	Now func() time.Time
}

// DB is an open Plantel database: a single-connection write pool and a read pool on the
// same file, plus the workstation's hybrid logical clock.
type DB struct {
	write         *sql.DB
	read          *sql.DB
	path          string
	now           func() time.Time
	clock         *Clock
	localID       string // the id this database gave itself at creation
	devMu         sync.RWMutex
	workstationID string // localID, or the device id the sync server gave at enrollment
	syncOn        atomic.Bool
	refused       atomic.Bool // Refuse: the file was found damaged; nothing more is written
	cols          map[string]map[string]bool
	colOrder      map[string][]string       // columns of each registered table, sorted
	defaults      map[string]map[string]any // schema default of each column (nil: NULL or none)
	notNull       map[string]map[string]bool
	colType       map[string]map[string]string // declared type, upper case
	children      map[string][]fkey            // by parent table
	parents       map[string][]fkey            // by child table
	readStmts     stmtCache                    // prepared statements of Reader (read.go)
	auditNums     sync.Map                     // audit_ids: id → n, committed numbers (write.go auditNum)
}

// Page cache of each connection, in KiB (PRAGMA cache_size, negative: KiB). SQLite's default
// is 2,000 KiB, and through modernc.org's allocator each 4 KiB page costs an 8 KiB slot, so a
// connection that has read 2 MB of pages holds ~4.3 MB of the app's memory: five of them
// (four readers and the writer) on a large file are ~20 MB that a supervisor walking a list
// gains and never gets back. The pages live in the operating system's file cache anyway; a
// miss here is one pread from it. plantel-bench --window on the full dataset (2.07 GB file;
// issue 10, app_memory_growth): over the whole 2,001-page walk of the users list the Go
// process grew 25.4 MB with SQLite's default, 12.2 MB with these (and quick_check's 64 KiB,
// startup.checkDSN); a --small bench kept every list and write target.
const (
	ReadCacheKiB  = 256
	WriteCacheKiB = 512
)

// dsn builds the modernc.org/sqlite DSN with the pragmas in the order STYLE.md asks for.
// The write pool's transactions start IMMEDIATE; the read pool's connections are
// query_only, so nothing but DB.Write can change the file (SQLITE_READONLY otherwise).
func dsn(path string, write bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if write {
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", WriteCacheKiB))
		q.Add("_txlock", "immediate")
	} else {
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", ReadCacheKiB))
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database file at path, migrates it, and loads the
// workstation id and clock.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	db := &DB{write: w, read: r, path: path, now: opt.Now}
	if err := db.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) init(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("open %s: %w", db.path, err)
	}
	if err := Migrate(ctx, db.write); err != nil {
		return err
	}
	id, err := db.meta(ctx, metaWorkstationID)
	if err != nil {
		return err
	}
	if id == "" {
		id = NewID()
		if err := db.setMeta(ctx, db.write, metaWorkstationID, id); err != nil {
			return err
		}
	}
	db.localID = id
	db.workstationID = id
	if dev, err := db.meta(ctx, MetaSyncDeviceID); err != nil {
		return err
	} else if dev != "" {
		db.workstationID = dev
	}
	if on, err := db.meta(ctx, MetaSyncEnabled); err != nil {
		return err
	} else {
		db.syncOn.Store(on == "1")
	}
	if err := db.loadColumns(ctx); err != nil {
		return err
	}
	if err := db.loadForeignKeys(ctx); err != nil {
		return err
	}
	last, err := db.meta(ctx, metaHLC)
	if err != nil {
		return err
	}
	db.clock, err = NewClock(db.workstationID, db.now, last)
	return err
}

// setDevice switches the device id that new HLC stamps, outbox entries and audit entries
// carry (at enrollment: the id the server gave).
func (db *DB) setDevice(dev string) {
	db.devMu.Lock()
	db.workstationID = dev
	db.devMu.Unlock()
	if db.clock != nil {
		db.clock.SetDevice(dev)
	}
}

// Refuse stops every write to the file from now on: the background check found it damaged,
// and a write could spread the damage (F13.8). Writes through the store answer
// database_damaged; the write connection is also made query_only, so that no path of the
// store writes by mistake. Reading goes on (the window can still show what it has).
func (db *DB) Refuse(ctx context.Context) error {
	db.refused.Store(true)
	if _, err := db.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// Refusal is the error of a write to a refused file (database_damaged), else nil.
func (db *DB) Refusal() error {
	if db.refused.Load() {
		return apperr.New(apperr.CodeDatabaseDamaged)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.write.Close(), db.read.Close())
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// WorkstationID is this database's stable workstation id (sessions are bound to it).
func (db *DB) WorkstationID() string { return db.localID }

// DeviceID is the id new HLC stamps, outbox entries and audit entries carry: the device id
// the sync server gave at enrollment, or the workstation id before.
func (db *DB) DeviceID() string {
	db.devMu.RLock()
	defer db.devMu.RUnlock()
	return db.workstationID
}

// Now is the store's wall clock (fake in tests).
func (db *DB) Now() time.Time { return db.now() }

// Clock is the workstation's hybrid logical clock.
func (db *DB) Clock() *Clock { return db.clock }

// Read is the read pool, for queries outside a write. Its connections are query_only: any
// INSERT, UPDATE, DELETE or DDL through it fails; every change goes through Write.
func (db *DB) Read() *sql.DB { return db.read }

// NewID returns a new UUIDv7 string: sortable by creation time, unique without coordination.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ShortID is the short form of an id shown in lists: the last 8 hex digits, which are random
// in a UUIDv7 and so tell apart users created in the same millisecond.
func ShortID(id string) string {
	if len(id) < 8 {
		return id
	}
	return id[len(id)-8:]
}

// Timestamp formats t the way every *_at column stores it (UTC, RFC 3339 with ms).
func Timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// ParseTimestamp reads a *_at column; the empty string gives the zero time.
func ParseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02T15:04:05.000Z", s)
}
