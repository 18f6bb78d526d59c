package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"modernc.org/sqlite"
)

// snapshotStep is how many pages one backup step copies between progress reports.
const snapshotStep = 256

// Snapshot writes a consistent copy of the whole database to path with SQLite's online
// backup API, through the write connection: while it runs no write can start, so the copy
// is one moment of the database. It writes path+".partial", syncs it and renames it into
// place, so path is either absent or complete. progress (may be nil) gets pages done of
// total after each step; a cancelled ctx stops it and leaves no file.
func (db *DB) Snapshot(ctx context.Context, path string, progress func(done, total int)) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	defer conn.Close()
	return snapshotConn(ctx, conn, path, progress)
}

// CopyDatabase copies the SQLite database at src to dst with the backup API (a clean,
// single-file copy: no -wal beside it), the same way as Snapshot. src is opened read-only.
func CopyDatabase(ctx context.Context, src, dst string, progress func(done, total int)) error {
	sdb, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer sdb.Close()
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return snapshotConn(ctx, conn, dst, progress)
}

func snapshotConn(ctx context.Context, conn *sql.Conn, path string, progress func(done, total int)) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	err := conn.Raw(func(dc any) error {
		b, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("snapshot: driver has no backup API")
		}
		bk, err := b.NewBackup(tmp)
		if err != nil {
			return err
		}
		for {
			if err := ctx.Err(); err != nil {
				_ = bk.Finish()
				return err
			}
			more, err := bk.Step(snapshotStep)
			if err != nil {
				_ = bk.Finish()
				return err
			}
			total := bk.PageCount()
			progress(total-bk.Remaining(), total)
			if !more {
				break
			}
		}
		return bk.Finish()
	})
	if err != nil {
		removeDB(tmp)
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		removeDB(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		removeDB(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// removeDB removes a database file and its -wal, -shm and -journal companions.
func removeDB(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + s)
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	_ = d.Sync() // not supported everywhere (Windows); best effort
	return d.Close()
}

// QuickCheck runs PRAGMA quick_check and returns nil when it says "ok", or an error that
// lists the first problems it found.
func (db *DB) QuickCheck(ctx context.Context) error {
	return check(ctx, db.write, "quick_check")
}

// IntegrityCheck runs PRAGMA integrity_check on the database file at path (opened
// read-only) and returns nil when it says "ok".
func IntegrityCheck(ctx context.Context, path string) error {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer d.Close()
	return check(ctx, d, "integrity_check")
}

func check(ctx context.Context, d *sql.DB, pragma string) error {
	return checkWith(ctx, d, "PRAGMA "+pragma+"(20)")
}

// checkWith runs a check statement whose rows say "ok" or list problems.
func checkWith(ctx context.Context, d *sql.DB, stmt string) error {
	rows, err := d.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return &CheckError{Problems: problems}
	}
	return nil
}

// CheckError is a failed quick_check or integrity_check.
type CheckError struct{ Problems []string }

func (e *CheckError) Error() string {
	return fmt.Sprintf("database check failed: %v", e.Problems)
}

// SchemaVersion is the newest migration this build knows.
func SchemaVersion() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// isDiskFull reports whether err comes from a full disk (SQLITE_FULL, ENOSPC).
func isDiskFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == 13 {
		return true
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left on device")
}
