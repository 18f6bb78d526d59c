// Package startup checks the database before the window opens (F13.8): it tells apart a
// damaged, locked, read-only or full database from other failures, so the recovery window
// can say in plain words what is wrong and what to do, and it holds the one-instance lock
// of a data directory.
package startup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
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

// Check opens the database at path and runs quick_check; on failure the database is
// closed and the error returned (Classify names it).
func Check(ctx context.Context, path string, opt store.Options) (*store.DB, error) {
	db, err := store.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	if err := db.QuickCheck(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
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
