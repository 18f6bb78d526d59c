package backup_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

func count(t *testing.T, path, q string) int {
	t.Helper()
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// A snapshot taken while the app runs is a whole, valid Plantel database with the data of
// that moment, and it reports its progress.
func TestSnapshotIsAValidCopyOfThatMoment(t *testing.T) {
	e := testutil.NewEnv(t)
	e.SeedClients("Cliente", e.AgentA, e.WorkspaceA, 40, false)
	dst := filepath.Join(t.TempDir(), "copy.db")
	var last [2]int
	if err := e.DB.Snapshot(context.Background(), dst, func(d, tot int) { last = [2]int{d, tot} }); err != nil {
		t.Fatal(err)
	}
	if last[0] == 0 || last[0] != last[1] {
		t.Fatalf("progress ended at %v", last)
	}
	if _, err := os.Stat(dst + ".partial"); !os.IsNotExist(err) {
		t.Fatal("partial file left behind")
	}
	if err := backup.Validate(context.Background(), dst); err != nil {
		t.Fatalf("validate snapshot: %v", err)
	}
	if n := count(t, dst, `SELECT COUNT(*) FROM clients`); n != 40 {
		t.Fatalf("snapshot holds %d clients", n)
	}
	// Later writes do not reach the snapshot.
	e.SeedClients("Nuevo", e.AgentA, e.WorkspaceA, 5, false)
	if n := count(t, dst, `SELECT COUNT(*) FROM clients`); n != 40 {
		t.Fatalf("snapshot changed to %d clients", n)
	}
	// A cancelled snapshot leaves nothing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.DB.Snapshot(ctx, filepath.Join(t.TempDir(), "c.db"), nil); err == nil {
		t.Fatal("cancelled snapshot succeeded")
	}
}

func TestValidateRefusesWhatIsNotASoundPlantelDatabaseOfThisVersion(t *testing.T) {
	e := testutil.NewEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if err := e.DB.Snapshot(ctx, good, nil); err != nil {
		t.Fatal(err)
	}
	code := func(path string) string { return apperr.CodeOf(backup.Validate(ctx, path)) }
	if c := code(good); c != "" {
		t.Fatalf("good file: %s", c)
	}
	// Not SQLite at all, and missing.
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("just some notes, not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := code(text); c != backup.CodeNotPlantel {
		t.Fatalf("text file: %s", c)
	}
	if c := code(filepath.Join(dir, "missing.db")); c != backup.CodeNotPlantel {
		t.Fatalf("missing file: %s", c)
	}
	// Another program's SQLite file.
	other := filepath.Join(dir, "other.db")
	d, _ := sql.Open("sqlite", "file:"+other)
	if _, err := d.Exec(`CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if c := code(other); c != backup.CodeNotPlantel {
		t.Fatalf("other sqlite: %s", c)
	}
	// From a newer Plantel.
	newer := filepath.Join(dir, "newer.db")
	if err := store.CopyDatabase(ctx, good, newer, nil); err != nil {
		t.Fatal(err)
	}
	d, _ = sql.Open("sqlite", "file:"+newer)
	if _, err := d.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01')`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if c := code(newer); c != backup.CodeNewer {
		t.Fatalf("newer: %s", c)
	}
	// Damaged inside its pages.
	bad := filepath.Join(dir, "bad.db")
	if err := store.CopyDatabase(ctx, good, bad, nil); err != nil {
		t.Fatal(err)
	}
	corruptPages(t, bad)
	if c := code(bad); c != backup.CodeDamaged {
		t.Fatalf("damaged: %s", c)
	}
}

// corruptPages overwrites the middle of the file (b-tree pages, not the header) with junk.
func corruptPages(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	junk := make([]byte, 4096*6)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
}

// A restore replaces the database only at the next start, keeps the previous one aside,
// and the reopened database is the restored one.
func TestStageAndFinishRestore(t *testing.T) {
	e := testutil.NewEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	snap := filepath.Join(dir, "before.db")
	if err := e.DB.Snapshot(ctx, snap, nil); err != nil {
		t.Fatal(err)
	}
	e.SeedClients("Después", e.AgentA, e.WorkspaceA, 10, false)
	dbPath := e.DB.Path()
	// A bad file is refused and stages nothing.
	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad, []byte("nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backup.Stage(ctx, bad, dbPath, nil); apperr.CodeOf(err) != backup.CodeNotPlantel || backup.Pending(dbPath) {
		t.Fatalf("stage bad: %v", err)
	}
	if err := backup.Stage(ctx, snap, dbPath, nil); err != nil || !backup.Pending(dbPath) {
		t.Fatalf("stage: %v", err)
	}
	// The running database is untouched until the restart.
	if n := count(t, dbPath, `SELECT COUNT(*) FROM clients`); n != 10 {
		t.Fatalf("live db has %d clients", n)
	}
	e.DB.Close()
	now := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	aside, err := backup.FinishRestore(dbPath, now)
	if err != nil || aside != dbPath+".before-restore-20261206-070000" {
		t.Fatalf("finish: %q %v", aside, err)
	}
	if backup.Pending(dbPath) {
		t.Fatal("still pending")
	}
	if n := count(t, aside, `SELECT COUNT(*) FROM clients`); n != 10 {
		t.Fatalf("kept-aside db has %d clients", n)
	}
	db, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Read().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("restored db has %d clients", n)
	}
	// Nothing pending: a no-op.
	if a, err := backup.FinishRestore(dbPath, now); a != "" || err != nil {
		t.Fatalf("second finish: %q %v", a, err)
	}
}

func TestDailyBackupAndRetention(t *testing.T) {
	e := testutil.NewEnv(t)
	ctx := context.Background()
	data := t.TempDir()
	if p := backup.LoadPolicy(data); p.Retention != backup.DefaultRetention {
		t.Fatalf("default retention %d", p.Retention)
	}
	if err := backup.SavePolicy(data, backup.Policy{Retention: 3}); err != nil {
		t.Fatal(err)
	}
	if err := backup.SavePolicy(data, backup.Policy{Retention: 0}); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("retention 0: %v", err)
	}
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	for day := 0; day < 5; day++ {
		at := now.Add(time.Duration(day) * 24 * time.Hour)
		b, err := backup.RunDaily(ctx, e.DB, data, at)
		if err != nil || b == nil {
			t.Fatalf("day %d: %v %v", day, b, err)
		}
		// The same day again: not due.
		if again, err := backup.RunDaily(ctx, e.DB, data, at.Add(time.Hour)); again != nil || err != nil {
			t.Fatalf("second run the same day made %v %v", again, err)
		}
	}
	list := backup.List(data)
	if len(list) != 3 || !list[0].At.Equal(now.Add(4*24*time.Hour)) {
		t.Fatalf("kept %d backups, newest %v", len(list), list)
	}
	if l := backup.Latest(data); l == nil || l.Path != list[0].Path {
		t.Fatal("latest")
	}
	if err := backup.Validate(ctx, list[0].Path); err != nil {
		t.Fatalf("daily backup invalid: %v", err)
	}
}
