package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/startup"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// A large database damaged in the middle opens (only the cheap checks run before the
// window); when the background quick_check fails, the window hears it at once
// (db:check-failed, with the recovery window's code and latest backup), Status says
// failed, and the dialog's restore of the latest backup is allowed. Before that, Status
// says checking, and the recovery actions are refused.
func TestBackgroundCheckFailureReachesTheWindow(t *testing.T) {
	env := testutil.NewEnv(t)
	env.SeedClients("Cliente", env.AgentA, env.WorkspaceA, 30, false)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	if err := env.DB.Snapshot(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	if b, err := backup.RunDaily(ctx, env.DB, dir, env.DB.Now()); err != nil || b == nil {
		t.Fatalf("backup: %v %v", b, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := make([]byte, 4096*4)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	st, err := startup.Check(ctx, path, startup.Options{FullCheckLimit: 1})
	if err != nil || st.Mode != startup.ModeDeferred {
		t.Fatalf("start: %v", err)
	}
	defer st.DB.Close()
	rt := app.NewScriptedRuntime("", nil)
	sys := &app.System{DataDir: dir, DBPath: path, Log: env.Logger, Runtime: rt, DB: st.DB}
	svc := app.NewStartupService(sys)
	sys.SetCheck(app.CheckChecking)
	rename := func(name string) error {
		return st.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
			return tx.Update("workspaces", env.WorkspaceA, store.Fields{"name": name})
		})
	}
	if err := rename("Lima Norte"); err != nil {
		t.Fatalf("a write while the check runs: %v", err)
	}
	if s := svc.Status(); !s.OK || s.Check != app.CheckChecking || s.LatestBackup != nil {
		t.Fatalf("while checking: %+v", s)
	}
	if err := svc.RestoreLatest(); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("restore while healthy: %v", err)
	}

	sys.RunCheck(ctx, st.Verify)

	evs := rt.Events()
	if len(evs) != 1 || evs[0].Name != app.EventDBCheckFailed || len(evs[0].Data) != 1 {
		t.Fatalf("events: %+v", evs)
	}
	sent, ok := evs[0].Data[0].(app.StartupStatus)
	if !ok || sent.OK || sent.Code != startup.CodeCorrupt || sent.Check != app.CheckFailed || sent.LatestBackup == nil {
		t.Fatalf("event data: %+v", evs[0].Data[0])
	}
	if s := svc.Status(); s.OK || s.Code != startup.CodeCorrupt || s.Check != app.CheckFailed || s.LatestBackup == nil {
		t.Fatalf("status after the failure: %+v", s)
	}
	if _, err := os.Stat(filepath.Join(dir, startup.FailedMarker)); err != nil {
		t.Fatalf("no marker for the next start: %v", err)
	}
	// Nothing more is written to the damaged file: a write through the store answers
	// database_damaged (the window says so), any other path is refused by SQLite itself,
	// and reading goes on.
	if err := rename("Lima Sur"); apperr.CodeOf(err) != apperr.CodeDatabaseDamaged {
		t.Fatalf("a write after the failed check: %v", err)
	}
	if err := st.DB.SetLocalMeta(ctx, map[string]string{"probe": "1"}); err == nil {
		t.Fatal("a local setting was written to the damaged file")
	}
	var name string
	if err := st.DB.Read().QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = ?`, env.WorkspaceA).Scan(&name); err != nil || name != "Lima Norte" {
		t.Fatalf("reading after the failed check: %q %v", name, err)
	}
	// The dialog offers the latest backup: staged, and the app restarts.
	if err := svc.RestoreLatest(); err != nil || !backup.Pending(path) || !sys.Restarted() {
		t.Fatalf("restore from the dialog: %v pending=%v restarted=%v", err, backup.Pending(path), sys.Restarted())
	}
}

// A sound file: the background check ends ok, no event.
func TestBackgroundCheckPasses(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	if err := env.DB.Snapshot(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	st, err := startup.Check(ctx, path, startup.Options{FullCheckLimit: 1})
	if err != nil || st.Mode != startup.ModeDeferred {
		t.Fatalf("start: %v", err)
	}
	defer st.DB.Close()
	rt := app.NewScriptedRuntime("", nil)
	sys := &app.System{DataDir: dir, DBPath: path, Log: env.Logger, Runtime: rt}
	sys.RunCheck(ctx, st.Verify)
	if s := app.NewStartupService(sys).Status(); !s.OK || s.Check != app.CheckOK || len(rt.Events()) != 0 {
		t.Fatalf("sound file: %+v %v", s, rt.Events())
	}
}

// Closing the window stops the background check: no failure, no event, no marker.
func TestBackgroundCheckStoppedAtClose(t *testing.T) {
	env := testutil.NewEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	if err := env.DB.Snapshot(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	st, err := startup.Check(context.Background(), path, startup.Options{FullCheckLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.DB.Close()
	rt := app.NewScriptedRuntime("", nil)
	sys := &app.System{DataDir: dir, DBPath: path, Log: env.Logger, Runtime: rt}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sys.RunCheck(ctx, st.Verify)
	if s := app.NewStartupService(sys).Status(); !s.OK || s.Check != app.CheckChecking || len(rt.Events()) != 0 {
		t.Fatalf("after close: %+v %v", s, rt.Events())
	}
	if _, err := os.Stat(filepath.Join(dir, startup.FailedMarker)); err == nil {
		t.Fatal("a stopped check left the failure marker")
	}
}
