package testutil

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// Under -race, store.Open of a new file runs every migration in 2.5-3.5 s; reopening a
// migrated file takes about 0.5 s. Tests that need a new, empty database (no organization yet)
// start from a copy of one migrated file instead (OpenNew); TestMigrationsApplyToEmptyFileAndAreIdempotent
// (backend/store) still migrates an empty file itself, as building the template does.
var (
	migratedOnce sync.Once
	migratedPath string
)

// MigratedTemplate returns a closed database file that store.Open migrated from empty, with
// its workstation id taken out (store.Open makes a new one for each copy). It is built once
// per test binary; its directory is left in the system temp dir (a test binary has no hook
// to remove it, as the seeded template of NewEnv).
func MigratedTemplate(t testing.TB) string {
	t.Helper()
	migratedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "plantel-migrated-")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, store.FileName)
		if err := buildMigrated(path); err != nil {
			t.Fatalf("the migrated template: %v", err)
		}
		migratedPath = path
	})
	if migratedPath == "" {
		t.Fatal("testutil: the migrated template could not be built (see the first test that failed)")
	}
	return migratedPath
}

func buildMigrated(path string) error {
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	var leftovers int
	_, err = raw.Exec(`DELETE FROM local_meta WHERE key = 'workstation_id'`)
	if err == nil {
		err = raw.QueryRow(`SELECT COUNT(*) FROM local_meta`).Scan(&leftovers)
	}
	if cerr := raw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if leftovers != 0 {
		return errors.New("it keeps local_meta rows besides the workstation id")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return errors.New("it was not checkpointed on close")
	}
	return nil
}

// CopyMigrated puts a copy of the migrated template at path, when there is no file there yet:
// store.Open then finds the schema of a new file and gives it a workstation id of its own.
func CopyMigrated(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return
	}
	if err := copyFile(MigratedTemplate(t), path); err != nil {
		t.Fatalf("copy the migrated template: %v", err)
	}
}

// OpenNew is store.Open of a new database at path (a copy of the migrated template, see
// CopyMigrated), closed at cleanup.
func OpenNew(t testing.TB, path string, opts store.Options) *store.DB {
	t.Helper()
	CopyMigrated(t, path)
	db, err := store.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
