package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/version"
)

func backupAs(t *testing.T, env *testutil.Env, username string, rt *app.ScriptedRuntime) (*app.BackupService, *app.System) {
	t.Helper()
	core := app.NewCore(env.Accounts, rt, env.Logger)
	if username != "" {
		if _, err := app.NewSessionService(core).SignIn(app.SignInRequest{Login: username, Password: testutil.Password}); err != nil {
			t.Fatal(err)
		}
	}
	sys := &app.System{DataDir: env.Dir, DBPath: env.DB.Path(), Log: env.Logger, Runtime: rt}
	return app.NewBackupService(core, sys), sys
}

// The Owner backs up to the chosen file and restores from one (validated, staged, restart
// asked); administrators and agents may do neither.
func TestBackupServiceOwnerOnly(t *testing.T) {
	env := testutil.NewEnv(t)
	out := t.TempDir()
	for _, u := range []string{"", testutil.AdminUsername, testutil.AgentAUsername} {
		svc, _ := backupAs(t, env, u, app.NewScriptedRuntime(out, nil))
		want := apperr.CodePermissionDenied
		if u == "" {
			want = apperr.CodeUnauthenticated
		}
		if _, err := svc.BackupNow(); apperr.CodeOf(err) != want {
			t.Fatalf("%q backup: %v", u, err)
		}
		if _, err := svc.Restore(); apperr.CodeOf(err) != want {
			t.Fatalf("%q restore: %v", u, err)
		}
		if _, err := svc.Status(); apperr.CodeOf(err) != want {
			t.Fatalf("%q status: %v", u, err)
		}
	}
	rt := app.NewScriptedRuntime(out, nil)
	svc, sys := backupAs(t, env, testutil.OwnerUsername, rt)
	res, err := svc.BackupNow()
	if err != nil || res.Cancelled {
		t.Fatalf("backup now: %v %v", res, err)
	}
	if err := backup.Validate(t.Context(), res.Path); err != nil {
		t.Fatalf("the saved backup is not valid: %v", err)
	}
	if evs := rt.Events(); len(evs) == 0 || evs[len(evs)-1].Name != app.EventBackupProgress {
		t.Fatalf("no progress: %v", evs)
	}
	// A file that is not a backup: refused, nothing staged, no restart.
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	rt.Answer(junk)
	if _, err := svc.Restore(); apperr.CodeOf(err) != backup.CodeNotPlantel || backup.Pending(env.DB.Path()) || sys.Restarted() {
		t.Fatalf("restore junk: %v", err)
	}
	rt.Answer(res.Path)
	if _, err := svc.Restore(); err != nil || !backup.Pending(env.DB.Path()) || !sys.Restarted() {
		t.Fatalf("restore: %v pending=%v restarted=%v", err, backup.Pending(env.DB.Path()), sys.Restarted())
	}
	// Retention and the daily backup line.
	st, err := svc.SetRetention(3)
	if err != nil || st.Retention != 3 || st.LastAuto != nil {
		t.Fatalf("retention: %+v %v", st, err)
	}
	svc.RunDaily(t.Context())
	if st, _ := svc.Status(); st.LastAuto == nil || st.Count != 1 {
		t.Fatalf("after the daily run: %+v", st)
	}
	if _, err := svc.SetRetention(0); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("retention 0: %v", err)
	}
}

func TestStartupAndAboutServices(t *testing.T) {
	dir := t.TempDir()
	sys := &app.System{DataDir: dir, DBPath: filepath.Join(dir, "plantel.db")}
	st := app.NewStartupService(sys)
	if s := st.Status(); !s.OK || s.Code != "" {
		t.Fatalf("healthy status: %+v", s)
	}
	if err := st.RestoreLatest(); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("restore latest while healthy: %v", err)
	}
	// The recovery window: the failure and the latest backup are offered.
	env := testutil.NewEnv(t)
	if _, err := backup.RunDaily(t.Context(), env.DB, dir, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sys.DBPath, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	sys.Failure = "db_corrupt"
	s := st.Status()
	if s.OK || s.Code != "db_corrupt" || s.LatestBackup == nil || s.DBPath != sys.DBPath {
		t.Fatalf("failed status: %+v", s)
	}
	if err := st.RestoreLatest(); err != nil || !backup.Pending(sys.DBPath) || !sys.Restarted() {
		t.Fatalf("restore latest: %v", err)
	}
	info := app.NewAboutService(sys).Info()
	if info.Version != version.Version || info.DataDir != dir || info.LogDir != filepath.Join(dir, "logs") {
		t.Fatalf("about: %+v", info)
	}
	var opened []string
	sys.OpenFolder = func(p string) error { opened = append(opened, p); return nil }
	ab := app.NewAboutService(sys)
	if ab.OpenLogFolder() != nil || ab.OpenDataFolder() != nil || len(opened) != 2 || opened[1] != dir {
		t.Fatalf("open folders: %v", opened)
	}
}

// The window's paint marks reach the log only with --ui-timing (the bench's window driver
// reads them, issue 10), carry the Go clock's time, and only known names are accepted.
func TestAboutMarkLogsOnlyWithUITiming(t *testing.T) {
	var buf bytes.Buffer
	sys := &app.System{DataDir: t.TempDir(), Log: zerolog.New(&buf)}
	ab := app.NewAboutService(sys)
	if logs, err := ab.Mark("signin_painted", 812.5, 0, 0); err != nil || logs || buf.Len() != 0 {
		t.Fatalf("without --ui-timing: err %v, log %q", err, buf.String())
	}
	sys.UITiming = true
	before := time.Now().UnixMilli()
	if logs, err := ab.Mark("users_rows_painted", 1520.25, 3, 200); err != nil || !logs {
		t.Fatal(err)
	}
	var line struct {
		Mark  string  `json:"mark"`
		AtMs  int64   `json:"at_ms"`
		UIMs  float64 `json:"ui_ms"`
		Page  int     `json:"page"`
		Pages int     `json:"pages"`
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log line %q: %v", buf.String(), err)
	}
	if line.Mark != "users_rows_painted" || line.AtMs < before || line.AtMs > time.Now().UnixMilli() ||
		line.UIMs != 1520.25 || line.Page != 3 || line.Pages != 200 {
		t.Fatalf("mark line: %+v", line)
	}
	buf.Reset()
	if _, err := ab.Mark("anything else", 1, 0, 0); apperr.CodeOf(err) != apperr.CodeValidation || buf.Len() != 0 {
		t.Fatalf("unknown mark: err %v, log %q", err, buf.String())
	}
}
