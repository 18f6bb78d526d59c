package app

import (
	"context"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/logging"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/version"
)

// EventBackupProgress carries the Progress (pages) of a backup or of staging a restore.
const EventBackupProgress = "backup:progress"

// System is what the start-up, About and backup services share: where the data lives,
// whether the database opened, and how to restart the app (main quits the window and
// starts the process again; a restore is finished at that start).
type System struct {
	DataDir string
	DBPath  string
	// Failure is the startup code (startup.Code*) when the database could not be used;
	// "" when it opened and passed quick_check.
	Failure string
	Log     zerolog.Logger
	Runtime Runtime
	// Restart quits the window and relaunches the process; nil in tests.
	Restart func()
	// OpenFolder shows a folder in the system's file manager; nil uses the platform's.
	OpenFolder func(path string) error
	// UITiming (--ui-timing) logs the window's paint marks (AboutService.Mark): the bench's
	// window driver reads them from the log to time the start (issue 10).
	UITiming bool
	// DB is the open database (nil in the recovery window): a failed background check stops
	// its writes (store.DB.Refuse).
	DB *store.DB
	// SyncCopyFrom is the server head (changes) from which a joining workstation downloads
	// the organization's ready copy (0: plsync.DefaultCopyFrom; tests lower it).
	SyncCopyFrom int64

	mu        sync.Mutex
	restarted bool
	check     string // CheckChecking, CheckOK, CheckFailed; "" before main sets it (ok)
	checkCode string // with a failed background check, its code
}

func (s *System) restart() {
	s.mu.Lock()
	s.restarted = true
	s.mu.Unlock()
	if s.Restart != nil {
		go s.Restart()
	}
}

// Restarted reports whether a restart was asked for (tests).
func (s *System) Restarted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restarted
}

// BackupInfo is an automatic backup as the window shows it.
type BackupInfo struct {
	Path string `json:"path"`
	At   string `json:"at"`
	Size int64  `json:"size"`
}

func backupInfo(b *backup.Info) *BackupInfo {
	if b == nil {
		return nil
	}
	return &BackupInfo{Path: b.Path, At: b.At.UTC().Format(time.RFC3339), Size: b.Size}
}

// ----- start-up -----

// StartupStatus says whether the database is usable; when not, why (a code the window
// explains in plain words) and the latest automatic backup it can restore.
type StartupStatus struct {
	OK           bool        `json:"ok"`
	Code         string      `json:"code"`
	DataDir      string      `json:"dataDir"`
	DBPath       string      `json:"dbPath"`
	LatestBackup *BackupInfo `json:"latestBackup"`
	// Check is the state of the database check: checking (quick_check runs in the
	// background), ok, or failed.
	Check string `json:"check"`
}

// StartupService answers the window before anything else: is the database usable?
// It needs no session (nobody can sign in to a broken database).
type StartupService struct{ sys *System }

// NewStartupService binds the start-up status.
func NewStartupService(sys *System) *StartupService { return &StartupService{sys: sys} }

// Status says whether the database opened and passed quick_check, at start or in the
// background (Check: checking, ok, failed).
func (s *StartupService) Status() StartupStatus {
	state, code := s.sys.checkState()
	st := StartupStatus{OK: state != CheckFailed, Code: code, Check: state, DataDir: s.sys.DataDir, DBPath: s.sys.DBPath}
	if !st.OK {
		st.LatestBackup = backupInfo(backup.Latest(s.sys.DataDir))
	}
	return st
}

// RestoreLatest, offered only by the recovery window and the damaged-database dialog (a
// failed background check), validates the latest automatic backup, stages it and
// restarts; the damaged database is kept aside at the swap.
func (s *StartupService) RestoreLatest() error {
	if s.sys.failure() == "" {
		return apperr.PermissionDenied()
	}
	latest := backup.Latest(s.sys.DataDir)
	if latest == nil {
		return apperr.NotFound()
	}
	if err := backup.Stage(context.Background(), latest.Path, s.sys.DBPath, nil); err != nil {
		if apperr.CodeOf(err) == apperr.CodeInternal {
			s.sys.Log.Error().Err(err).Msg("stage restore")
		}
		return apperr.As(err)
	}
	s.sys.Log.Info().Str("backup", latest.Path).Msg("restore of the latest backup staged; restarting")
	s.sys.restart()
	return nil
}

// Retry restarts the app, to try the database again (after freeing space, closing the
// other program, fixing permissions).
func (s *StartupService) Retry() error {
	if s.sys.failure() == "" {
		return apperr.PermissionDenied()
	}
	s.sys.restart()
	return nil
}

// ----- About -----

// AboutInfo is the About dialog (F13.6).
type AboutInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	DataDir string `json:"dataDir"`
	LogDir  string `json:"logDir"`
	OS      string `json:"os"`
}

// AboutService is the About dialog. It needs no session, so it works in the recovery
// window too.
type AboutService struct{ sys *System }

// NewAboutService binds the About dialog.
func NewAboutService(sys *System) *AboutService { return &AboutService{sys: sys} }

// Info returns the version, commit, build date and folders.
func (s *AboutService) Info() AboutInfo {
	return AboutInfo{Version: version.Version, Commit: version.Commit, Date: version.Date, DataDir: s.sys.DataDir,
		LogDir: filepath.Dir(logging.Path(s.sys.DataDir)), OS: goruntime.GOOS + "/" + goruntime.GOARCH}
}

// OpenLogFolder shows the log folder in the file manager.
func (s *AboutService) OpenLogFolder() error {
	return s.open(filepath.Dir(logging.Path(s.sys.DataDir)))
}

// OpenDataFolder shows the data folder in the file manager.
func (s *AboutService) OpenDataFolder() error { return s.open(s.sys.DataDir) }

// uiMarks are the moments the window reports (frontend/src/utils/uiMark.ts), each once the
// frame that shows it has been painted.
var uiMarks = map[string]bool{"signin_painted": true, "home_painted": true, "users_rows_painted": true}

// Mark records that the window painted a moment of its start (the sign-in page, the home,
// a page of the users list: page of pages): with --ui-timing it logs the Go clock's time
// ("at_ms", unix milliseconds) and the page's own clock (performance.now, "ui_ms"), and
// the bench's window driver (backend/cmd/plantel-bench, issue 10) reads the log. Without
// the flag it does nothing. It needs no session (the sign-in page reports too) and carries
// nothing but a known name and numbers. It answers whether it logs: a window told false
// stops reporting, so an ordinary run crosses the bridge once for this.
func (s *AboutService) Mark(name string, uiMs float64, page, pages int) (bool, error) {
	if !uiMarks[name] {
		return false, apperr.Validation("name", "unknown")
	}
	s.sys.mark(name, uiMs, page, pages)
	return s.sys.UITiming, nil
}

// Mark logs a moment of the start on the Go side (go_main, go_db_ready, ...) when the app
// runs with --ui-timing, in the window's marks' format.
func (s *System) Mark(name string) { s.mark(name, 0, 0, 0) }

func (s *System) mark(name string, uiMs float64, page, pages int) {
	if !s.UITiming {
		return
	}
	s.Log.Info().Str("mark", name).Int64("at_ms", time.Now().UnixMilli()).Float64("ui_ms", uiMs).
		Int("page", page).Int("pages", pages).Msg("ui mark")
}

func (s *AboutService) open(dir string) error {
	open := s.sys.OpenFolder
	if open == nil {
		open = openFolder
	}
	if err := open(dir); err != nil {
		s.sys.Log.Error().Err(err).Str("dir", dir).Msg("open folder")
		return apperr.Internal(err)
	}
	return nil
}

// openFolder asks the platform's file manager to show dir.
func openFolder(dir string) error {
	var cmd *exec.Cmd
	switch goruntime.GOOS {
	case "windows":
		cmd = exec.Command("explorer", dir)
	case "darwin":
		cmd = exec.Command("open", dir)
	default:
		cmd = exec.Command("xdg-open", dir)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// ----- backup and restore -----

// BackupStatus is the backup section of Settings.
type BackupStatus struct {
	LastAuto  *BackupInfo `json:"lastAuto"`
	Count     int         `json:"count"`
	Retention int         `json:"retention"`
	Dir       string      `json:"dir"`
}

// BackupService is Settings → Backup (F13.2): the Owner's, since a backup holds every
// workspace.
type BackupService struct {
	core *Core
	sys  *System
	busy sync.Mutex
}

// NewBackupService binds backups and starts the daily automatic backup (checked at start
// and every hour while the app runs).
func NewBackupService(core *Core, sys *System) *BackupService {
	s := &BackupService{core: core, sys: sys}
	core.OnStart(func(ctx context.Context) { go s.daily(ctx, time.Hour) })
	return s
}

func (s *BackupService) daily(ctx context.Context, every time.Duration) {
	for {
		s.runDaily(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// runDaily makes the automatic backup when one is due. Unexported: every exported method
// is bound to the page, and this one has no gate (tests reach it through export_backup_test.go).
func (s *BackupService) runDaily(ctx context.Context) {
	if !s.busy.TryLock() {
		return
	}
	defer s.busy.Unlock()
	db := s.core.Accounts.DB()
	b, err := backup.RunDaily(ctx, db, s.sys.DataDir, db.Now())
	switch {
	case err != nil:
		s.core.Log.Error().Err(err).Msg("automatic backup")
	case b != nil:
		s.core.Log.Info().Str("path", b.Path).Int64("bytes", b.Size).Msg("automatic backup")
	}
}

// Status says when the last automatic backup ran and the retention.
func (s *BackupService) Status() (*BackupStatus, error) {
	if _, err := s.core.Actor(needOwner); err != nil {
		return nil, err
	}
	list := backup.List(s.sys.DataDir)
	st := &BackupStatus{Count: len(list), Retention: backup.LoadPolicy(s.sys.DataDir).Retention, Dir: backup.Dir(s.sys.DataDir)}
	if len(list) > 0 {
		st.LastAuto = backupInfo(&list[0])
	}
	return st, nil
}

// SetRetention sets how many automatic backups are kept (1–90) and prunes the older ones.
func (s *BackupService) SetRetention(n int) (*BackupStatus, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	if err := backup.SavePolicy(s.sys.DataDir, backup.Policy{Retention: n}); err != nil {
		return nil, s.core.fail(err)
	}
	s.core.Log.Info().Str("actor_id", a.UserID).Int("retention", n).Msg("backup retention set")
	return s.Status()
}

// BackupNow saves a consistent snapshot of the whole database where the user chooses,
// emitting backup:progress.
func (s *BackupService) BackupNow() (*FileResult, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	db := s.core.Accounts.DB()
	name := "plantel-backup-" + db.Now().Format("2006-01-02-1504") + ".db"
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Back up Plantel", name,
		FileFilter{DisplayName: "Plantel backup (*.db)", Pattern: "*.db"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	if filepath.Clean(path) == filepath.Clean(db.Path()) {
		return nil, apperr.Validation("path", "one_of")
	}
	s.busy.Lock()
	defer s.busy.Unlock()
	if err := db.Snapshot(s.core.Context(), path, s.progress()); err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	s.core.Log.Info().Str("actor_id", a.UserID).Str("path", path).Msg("backup saved")
	return &FileResult{Path: path}, nil
}

// Restore lets the user choose a backup file, validates it (a Plantel database, not from
// a newer version, integrity_check passes) before anything is replaced, stages it and
// restarts the app, which puts it in place and keeps the previous database aside as
// plantel.db.before-restore-<time>.
func (s *BackupService) Restore() (*FileResult, error) {
	a, err := s.core.Actor(needOwner)
	if err != nil {
		return nil, err
	}
	path, err := s.core.Runtime.OpenFile(s.core.Context(), "Restore Plantel",
		FileFilter{DisplayName: "Plantel backup (*.db)", Pattern: "*.db"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &FileResult{Cancelled: true}, nil
	}
	s.busy.Lock()
	defer s.busy.Unlock()
	if err := backup.Stage(s.core.Context(), path, s.core.Accounts.DB().Path(), s.progress()); err != nil {
		return nil, s.core.fail(err)
	}
	s.core.Log.Info().Str("actor_id", a.UserID).Str("path", path).Msg("restore staged; restarting")
	s.sys.restart()
	return &FileResult{Path: path}, nil
}

func (s *BackupService) progress() func(done, total int) {
	last := -1
	return func(done, total int) {
		if pct := done * 100 / max(total, 1); pct != last || done == total {
			last = pct
			s.core.Runtime.Emit(s.core.Context(), EventBackupProgress, Progress{Done: done, Total: total})
		}
	}
}
