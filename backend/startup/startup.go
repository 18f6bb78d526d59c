// Package startup checks the database at start (F13.8): it tells apart a
// damaged, locked, read-only or full database from other failures, so the recovery window
// can say in plain words what is wrong and what to do, and it holds the one-instance lock
// of a data directory.
package startup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"modernc.org/sqlite"

	"github.com/plantel/plantel/backend/store"
)

// Codes of a database that cannot be used; each has its own text in the recovery window
// (errors.<code> in the locales).
const (
	// CodeCorrupt: the file is damaged (not a database, or quick_check fails).
	CodeCorrupt = "db_corrupt"
	// CodeLocked: another program holds the database.
	CodeLocked = "db_locked"
	// CodeReadOnly: the file or its folder cannot be written.
	CodeReadOnly = "db_readonly"
	// CodeDiskFull: the disk is full.
	CodeDiskFull = "disk_full"
	// CodeUnavailable: anything else (the log has the cause).
	CodeUnavailable = "db_unavailable"
)

// SQLite primary result codes (sqlite3.h).
const (
	sqlitePerm     = 3
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// Classify names what is wrong with a database that failed to open or check.
func Classify(err error) string {
	if err == nil {
		return ""
	}
	var ce *store.CheckError
	if errors.As(err, &ce) {
		return CodeCorrupt
	}
	if errors.Is(err, syscall.ENOSPC) {
		return CodeDiskFull
	}
	if errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission) {
		return CodeReadOnly
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteFull:
			return CodeDiskFull
		case sqliteCorrupt, sqliteNotADB:
			return CodeCorrupt
		case sqliteBusy, sqliteLocked:
			return CodeLocked
		case sqliteReadOnly, sqlitePerm:
			return CodeReadOnly
		case sqliteCantOpen:
			return CodeReadOnly
		case sqliteIOErr:
			// fall through to the message: an I/O error on a full disk says so.
		}
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "database or disk is full"), strings.Contains(msg, "no space left"):
		return CodeDiskFull
	case strings.Contains(msg, "malformed"), strings.Contains(msg, "not a database"), strings.Contains(msg, "corrupt"):
		return CodeCorrupt
	case strings.Contains(msg, "database is locked"), strings.Contains(msg, "database table is locked"):
		return CodeLocked
	case strings.Contains(msg, "readonly"), strings.Contains(msg, "read-only"), strings.Contains(msg, "permission denied"):
		return CodeReadOnly
	}
	return CodeUnavailable
}

// DefaultFullCheckLimit is the largest file quick_checked before the window opens. quick_check
// reads every page: about 5 ms of CPU per MB here (1.4 s for the 266 MB --small bench file,
// tens of seconds for a 4.4 GB one), so up to 64 MB it costs at most a few hundred ms;
// bigger files are checked in the background once the window is up (issue 10).
const DefaultFullCheckLimit int64 = 64 << 20

// Marker files in the data directory (beside the database).
const (
	// RunningMarker is written when the database opened and removed at a clean shutdown:
	// found at start, the previous run crashed or was killed, and the file is checked in
	// full before the window.
	RunningMarker = "plantel.running"
	// FailedMarker is written when the background quick_check failed: the next start checks
	// in full before the window, so a damaged file opens the recovery window. A full check
	// that passes (e.g. after a restore) removes it.
	FailedMarker = "plantel.check-failed"
)

// Options of Check.
type Options struct {
	Store store.Options
	// FullCheckLimit is the largest file (bytes, WAL included) quick_checked before the
	// window; 0 means DefaultFullCheckLimit.
	FullCheckLimit int64
}

// Mode says how the database was checked at start.
type Mode string

const (
	// ModeFull: quick_check ran before the window.
	ModeFull Mode = "full"
	// ModeDeferred: only the cheap checks ran (the file opened, its header and schema read);
	// Started.Verify runs quick_check in the background.
	ModeDeferred Mode = "deferred"
)

// Why a full check ran before the window.
const (
	ReasonSmall       = "small"        // the file is at most FullCheckLimit
	ReasonUnclean     = "unclean"      // the previous run did not end cleanly
	ReasonCheckFailed = "check_failed" // the previous background check failed
)

// Started is a database that passed the start-up checks.
type Started struct {
	DB     *store.DB
	Mode   Mode
	Reason string // with ModeFull, why (Reason*)
	dir    string
	path   string
}

// Check opens the database at path and checks it: in full (PRAGMA quick_check) when the
// file is small, the previous run did not end cleanly or the previous background check
// failed; otherwise only cheaply (the file opens as a database, its header is sane and its
// schema reads), leaving quick_check to Verify. On failure the database is closed and the
// error returned (Classify names it). On success the running marker is written; Finish
// removes it at a clean shutdown.
func Check(ctx context.Context, path string, opt Options) (*Started, error) {
	limit := opt.FullCheckLimit
	if limit <= 0 {
		limit = DefaultFullCheckLimit
	}
	dir := filepath.Dir(path)
	st := &Started{Mode: ModeDeferred, dir: dir, path: path}
	switch {
	case exists(filepath.Join(dir, FailedMarker)):
		st.Mode, st.Reason = ModeFull, ReasonCheckFailed
	case exists(filepath.Join(dir, RunningMarker)):
		st.Mode, st.Reason = ModeFull, ReasonUnclean
	case fileSize(path)+fileSize(path+"-wal") <= limit:
		st.Mode, st.Reason = ModeFull, ReasonSmall
	}
	if st.Mode == ModeDeferred {
		if err := checkHeader(path); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, path, opt.Store)
	if err != nil {
		return nil, err
	}
	if st.Mode == ModeFull {
		if err := db.QuickCheck(ctx); err != nil {
			db.Close()
			return nil, err
		}
		if err := removeMarker(dir, FailedMarker); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, RunningMarker), nil, 0o600); err != nil {
		db.Close()
		return nil, err
	}
	st.DB = db
	return st, nil
}

// Verify runs quick_check on a read-only connection of its own (it never holds the write
// path or the read pool) and returns nil when the file is sound. When it is not, it writes
// the failed marker, so the next start checks in full and opens the recovery window, and
// returns the error (Classify names it). A cancelled ctx (shutdown) returns ctx's error and
// records nothing. The check runs at background priority (inBackground): it yields the CPU
// and the disk to the window.
func (s *Started) Verify(ctx context.Context) error {
	err := inBackground(func() error { return quickCheckFile(ctx, s.path) })
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err == nil {
		return nil
	}
	if werr := os.WriteFile(filepath.Join(s.dir, FailedMarker), []byte(err.Error()+"\n"), 0o600); werr != nil {
		return errors.Join(err, werr)
	}
	return err
}

// Finish marks a clean shutdown (removes the running marker); call it after closing DB.
func (s *Started) Finish() error { return removeMarker(s.dir, RunningMarker) }

// checkDSN opens quick_check's connection read-only, with a page cache of 64 KiB: it reads
// every page once, so a larger cache only holds memory (~4 MB on a large file with SQLite's
// default, kept by the allocator after the connection closes).
const checkDSN = "mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)&_pragma=cache_size(-64)"

// quickCheckFile runs PRAGMA quick_check on the file at path opened read-only.
func quickCheckFile(ctx context.Context, path string) error {
	d, err := sql.Open("sqlite", "file:"+path+"?"+checkDSN)
	if err != nil {
		return err
	}
	defer d.Close()
	d.SetMaxOpenConns(1)
	rows, err := d.QueryContext(ctx, "PRAGMA quick_check(20)")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return &store.CheckError{Problems: problems}
	}
	return nil
}

// checkHeader reads the 100-byte SQLite header: a file that is not a database, or one
// cut short (its header counts more pages than the file and its WAL can hold), is damaged.
// An empty or missing file is a new database.
func checkHeader(path string) error {
	f, err := os.Open(path) // #nosec G304 -- the app's own database file
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return &store.CheckError{Problems: []string{"file shorter than a database header"}}
	}
	if string(h[:16]) != "SQLite format 3\x00" {
		return &store.CheckError{Problems: []string{"not a database"}}
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &store.CheckError{Problems: []string{"bad page size"}}
	}
	// The header's page count is valid when its change counter matches version-valid-for.
	if binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) {
		pages := int64(binary.BigEndian.Uint32(h[28:32]))
		if pages*pageSize > fi.Size()+fileSize(path+"-wal") {
			return &store.CheckError{Problems: []string{fmt.Sprintf("file cut short: %d pages of %d bytes in %d bytes", pages, pageSize, fi.Size())}}
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func removeMarker(dir, name string) error {
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// InstanceID is the single-instance id of a data directory: two launches on the same data
// directory share it, launches on different ones (a portable copy) do not.
func InstanceID(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	sum := sha256.Sum256([]byte(abs))
	return "plantel-" + hex.EncodeToString(sum[:8])
}
