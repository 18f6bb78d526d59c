// Package backup keeps the database safe (F13.2, F13.8): snapshots on demand and daily
// into <data dir>/backups with a retention, validation of a file before it may replace the
// database, and the restore itself, done at start-up so no open connection sees the swap.
//
// A restore is crash-safe by construction: the chosen file is validated, copied next to
// the database as plantel.db.restoring (written as .partial, synced, then renamed, so the
// name only ever holds a complete copy) and the app restarts. At start, before the store
// opens, FinishRestore moves the current database aside as
// plantel.db.before-restore-<time> and renames plantel.db.restoring to plantel.db. Each
// step is one rename; a crash between them is finished by the next start, so the database
// is always wholly the old one or wholly the restored one.
package backup

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Coded errors of a file that cannot be restored.
const (
	// CodeNotPlantel: the file is not a Plantel database (not SQLite, or no Plantel tables).
	CodeNotPlantel = "backup_not_plantel"
	// CodeNewer: the file comes from a newer Plantel (its schema is newer than this build).
	CodeNewer = "backup_newer"
	// CodeDamaged: the file is a Plantel database but fails integrity_check.
	CodeDamaged = "backup_damaged"
)

// DirName is the folder of automatic backups inside the data directory.
const DirName = "backups"

// DefaultRetention is how many automatic backups are kept.
const DefaultRetention = 7

// Interval is how old the newest automatic backup may get before another is made.
const Interval = 24 * time.Hour

const (
	restoringSuffix = ".restoring"
	beforePrefix    = ".before-restore-"
	autoPrefix      = "plantel-"
	autoSuffix      = ".db"
	stampLayout     = "20060102-150405"
)

// Dir is the automatic backups folder of data directory dataDir.
func Dir(dataDir string) string { return filepath.Join(dataDir, DirName) }

// Validate checks that the file at path may replace the database: a SQLite file with
// Plantel's tables and schema_migrations, whose newest migration this build knows, and
// that passes integrity_check. It never writes to the file.
func Validate(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return apperr.New(CodeNotPlantel)
	}
	head := make([]byte, 16)
	_, err = f.Read(head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		return apperr.New(CodeNotPlantel)
	}
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return apperr.New(CodeNotPlantel)
	}
	defer d.Close()
	var tables int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')
		AND name IN ('schema_migrations', 'organizations', 'users', 'audit_log', 'meta')`).Scan(&tables); err != nil {
		if isCorrupt(err) {
			return apperr.New(CodeDamaged)
		}
		return apperr.New(CodeNotPlantel)
	}
	if tables < 4 {
		return apperr.New(CodeNotPlantel)
	}
	var version int
	if err := d.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return apperr.New(CodeDamaged)
	}
	if version > store.SchemaVersion() {
		return apperr.New(CodeNewer).WithParam("version", version)
	}
	if err := store.IntegrityCheck(ctx, path); err != nil {
		return apperr.New(CodeDamaged)
	}
	return nil
}

func isCorrupt(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "malformed") || strings.Contains(s, "corrupt")
}

// Stage validates src and copies it beside the database at dbPath as the pending restore
// (dbPath + ".restoring"); FinishRestore, at the next start, puts it in place. Nothing
// else is touched, so a failure leaves the database as it was.
func Stage(ctx context.Context, src, dbPath string, progress func(done, total int)) error {
	if err := Validate(ctx, src); err != nil {
		return err
	}
	if err := store.CopyDatabase(ctx, src, dbPath+restoringSuffix, progress); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// StageFile makes the database file at src, already checked by whoever made it (the sync
// client's downloaded copy of the organization, store.DB.AdoptCopy: quick_check, schema),
// the pending restore of the database at dbPath by one rename; src must be in the same
// directory. FinishRestore puts it in place at the next start.
func StageFile(src, dbPath string) error {
	if err := os.Rename(src, dbPath+restoringSuffix); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dbPath))
}

// Pending reports whether a restore waits for the next start.
func Pending(dbPath string) bool {
	_, err := os.Stat(dbPath + restoringSuffix)
	return err == nil
}

// FinishRestore completes a staged restore before the store opens: the current database
// (with its -wal and -shm, if a crash left them) moves aside as
// <db>.before-restore-<now>, then the staged copy becomes the database. It returns the
// path the previous database was kept at ("" when no restore was pending). Safe to call at
// every start and after a crash at any point.
func FinishRestore(dbPath string, now time.Time) (string, error) {
	staged := dbPath + restoringSuffix
	if _, err := os.Stat(staged); err != nil {
		return "", nil
	}
	aside := ""
	if _, err := os.Stat(dbPath); err == nil {
		aside = dbPath + beforePrefix + now.UTC().Format(stampLayout)
		// The companions first: a -wal left beside the restored file would be replayed
		// into it. The main file last, so until then the old database stays whole.
		for _, s := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(dbPath + s); err == nil {
				if err := os.Rename(dbPath+s, aside+s); err != nil {
					return "", err
				}
			}
		}
		if err := os.Rename(dbPath, aside); err != nil {
			return "", err
		}
	} else {
		// A crash after the old file moved aside: its companions may still be here.
		for _, s := range []string{"-wal", "-shm"} {
			_ = os.Remove(dbPath + s)
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return "", err
	}
	return aside, syncDir(filepath.Dir(dbPath))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	_ = d.Sync()
	return d.Close()
}

// Info is one automatic backup.
type Info struct {
	Path string    `json:"path"`
	At   time.Time `json:"at"`
	Size int64     `json:"size"`
}

// List returns the automatic backups in dataDir, newest first.
func List(dataDir string) []Info {
	entries, err := os.ReadDir(Dir(dataDir))
	if err != nil {
		return nil
	}
	var out []Info
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, autoPrefix) || !strings.HasSuffix(name, autoSuffix) {
			continue
		}
		at, err := time.ParseInLocation(stampLayout, strings.TrimSuffix(strings.TrimPrefix(name, autoPrefix), autoSuffix), time.UTC)
		if err != nil {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, Info{Path: filepath.Join(Dir(dataDir), name), At: at, Size: fi.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

// Latest is the newest automatic backup, or nil.
func Latest(dataDir string) *Info {
	l := List(dataDir)
	if len(l) == 0 {
		return nil
	}
	return &l[0]
}

// Policy is the workstation's automatic backup setting, kept in <backups>/policy.json.
type Policy struct {
	// Retention is how many automatic backups are kept (1–90).
	Retention int `json:"retention"`
}

// MaxRetention bounds the retention setting.
const MaxRetention = 90

// LoadPolicy reads the policy of dataDir; a missing or unreadable file gives the default.
func LoadPolicy(dataDir string) Policy {
	p := Policy{Retention: DefaultRetention}
	b, err := os.ReadFile(filepath.Join(Dir(dataDir), "policy.json"))
	if err == nil {
		_ = json.Unmarshal(b, &p)
	}
	if p.Retention < 1 || p.Retention > MaxRetention {
		p.Retention = DefaultRetention
	}
	return p
}

// SavePolicy validates and stores the policy, and prunes to the new retention.
func SavePolicy(dataDir string, p Policy) error {
	if p.Retention < 1 || p.Retention > MaxRetention {
		return apperr.Validation("retention", "range").WithParam("min", 1).WithParam("max", MaxRetention)
	}
	if err := os.MkdirAll(Dir(dataDir), 0o700); err != nil {
		return apperr.Internal(err)
	}
	b, _ := json.Marshal(p)
	if err := os.WriteFile(filepath.Join(Dir(dataDir), "policy.json"), b, 0o600); err != nil {
		return apperr.Internal(err)
	}
	return Prune(dataDir, p.Retention)
}

// Prune deletes the automatic backups beyond the newest keep.
func Prune(dataDir string, keep int) error {
	var errs []error
	for i, b := range List(dataDir) {
		if i >= keep {
			errs = append(errs, os.Remove(b.Path))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// RunDaily makes an automatic backup when the newest is older than Interval (or there is
// none), then prunes to the retention. It returns the new backup, or nil when none was due.
func RunDaily(ctx context.Context, db *store.DB, dataDir string, now time.Time) (*Info, error) {
	if l := Latest(dataDir); l != nil && now.Sub(l.At) < Interval {
		return nil, nil
	}
	path := filepath.Join(Dir(dataDir), autoPrefix+now.UTC().Format(stampLayout)+autoSuffix)
	if err := db.Snapshot(ctx, path, nil); err != nil {
		return nil, apperr.Internal(err)
	}
	if err := Prune(dataDir, LoadPolicy(dataDir).Retention); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return &Info{Path: path, At: now.UTC().Truncate(time.Second), Size: fi.Size()}, nil
}

// ErrNoBackup is returned by RestoreLatest when there is no automatic backup.
var ErrNoBackup = fmt.Errorf("no automatic backup")
