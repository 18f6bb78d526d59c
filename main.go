// Plantel: an offline-first desktop application with which contact-center supervisors
// administer their people. main wires the services and opens the window.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/demo"
	"github.com/plantel/plantel/backend/logging"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/startup"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/version"
)

//go:embed all:frontend/dist
var assets embed.FS

// config is what the command line sets.
type config struct {
	dataDir string
	demo    bool
	version bool
	// uiTiming logs the window's paint marks (the bench's window driver reads them).
	uiTiming bool
	// restartDelay is set by a relaunch on Windows, so the new process waits for the old
	// one (and its single-instance lock) to go.
	restartDelay time.Duration
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("plantel", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.dataDir, "data-dir", "", "directory for the database, logs and backups (portable install)")
	fs.BoolVar(&c.demo, "demo", false, "on an empty database, create the demo organization (Owner: owner / plantel-demo-2026)")
	fs.BoolVar(&c.uiTiming, "ui-timing", false, "log when the window paints the sign-in page, the home and the users list (plantel-bench --window)")
	fs.BoolVar(&c.version, "version", false, "print the version, commit and build date, and exit")
	fs.DurationVar(&c.restartDelay, "restart-delay", 0, "internal: wait this long before starting (relaunch)")
	// Wails' own development flags (-assetdir, -devserver, ...) may share the command line:
	// unknown flags are skipped, not fatal.
	for rest := args; len(rest) > 0; {
		err := fs.Parse(rest)
		if err == nil {
			break
		}
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		rest = fs.Args()
		if len(rest) > 0 {
			rest = rest[1:]
		}
	}
	if c.dataDir == "" && generatingBindings {
		dir, err := os.MkdirTemp("", "plantel-bindings-")
		if err != nil {
			return c, err
		}
		c.dataDir = dir
	}
	if c.dataDir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return c, fmt.Errorf("no config directory: %w (use --data-dir)", err)
		}
		c.dataDir = filepath.Join(base, "Plantel")
	}
	return c, nil
}

// generatingBindings is set in the build wails generate module runs (main_bindings.go).
var generatingBindings bool

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "plantel:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	if cfg.version {
		fmt.Println(version.String("plantel"))
		return nil
	}
	time.Sleep(cfg.restartDelay)
	if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
		return err
	}
	log, closer, err := logging.New(logging.Options{Dir: cfg.dataDir, Console: devMode, Debug: devMode})
	if err != nil {
		return err
	}
	defer closer.Close()

	// One instance per data directory (issue 12.6): Wails' lock focuses the running window
	// and ends this process; the file lock covers Linux without a D-Bus session bus.
	instance := &options.SingleInstanceLock{UniqueId: startup.InstanceID(cfg.dataDir)}
	release, err := startup.Lock(cfg.dataDir)
	if errors.Is(err, startup.ErrRunning) {
		log.Warn().Msg("another Plantel runs on this data directory; focusing it")
		return secondInstance(instance)
	}
	if err != nil {
		return err
	}
	defer release()

	ctx := context.Background()
	sys := &app.System{DataDir: cfg.dataDir, DBPath: filepath.Join(cfg.dataDir, store.FileName), Log: log,
		Runtime: app.RuntimeFromEnv(app.WailsRuntime{}), UITiming: cfg.uiTiming, SyncCopyFrom: syncCopyFrom()}
	sys.Mark("go_main")
	// A restore chosen before the restart is put in place before the store opens.
	if aside, err := backup.FinishRestore(sys.DBPath, time.Now()); err != nil {
		log.Error().Err(err).Msg("finish restore")
	} else if aside != "" {
		log.Info().Str("previous", aside).Msg("backup restored; previous database kept aside")
	}
	var wctx context.Context
	var restart atomic.Bool
	sys.Restart = func() {
		restart.Store(true)
		if wctx != nil {
			wruntime.Quit(wctx)
		}
	}
	instance.OnSecondInstanceLaunch = func(options.SecondInstanceData) {
		if wctx != nil {
			wruntime.WindowUnminimise(wctx)
			wruntime.Show(wctx)
		}
	}

	// Opened and checked cheaply; quick_check in full before the window only when the file
	// is small or the last run warrants it, otherwise in the background (issue 10, F13.8).
	started, err := startup.Check(ctx, sys.DBPath, startup.Options{})
	if err != nil {
		// The recovery window: no services but start-up and About (issue 12.7).
		sys.Failure = startup.Classify(err)
		log.Error().Err(err).Str("code", sys.Failure).Msg("open database")
		err := wails.Run(windowOptions(log, []any{app.NewStartupService(sys), app.NewAboutService(sys)},
			func(ctx context.Context) { wctx = ctx }, nil, instance))
		release()
		if err == nil && restart.Load() {
			return relaunch(args, log)
		}
		return err
	}
	db := started.DB
	sys.DB = db
	defer func() {
		db.Close()
		if err := started.Finish(); err != nil {
			log.Error().Err(err).Msg("clean shutdown marker")
		}
	}()
	sys.Mark("go_db_checked")
	checkInBackground := started.Mode == startup.ModeDeferred
	if checkInBackground {
		sys.SetCheck(app.CheckChecking)
	} else {
		sys.SetCheck(app.CheckOK)
	}
	log.Info().Str("db", db.Path()).Str("workstation_id", db.WorkstationID()).Str("version", version.Version).
		Str("commit", version.Commit).Str("check", string(started.Mode)).Str("check_reason", started.Reason).Msg("starting")

	acc := accounts.New(db, auth.Hasher{}, log)
	// The TOTP secrets and the SMTP password are sealed with a key outside the database file:
	// the OS credential store, else <data dir>/keys/secrets.key (backend/secrets, docs/security.md).
	if box, err := secrets.Open(ctx, db, secrets.LocalKey(cfg.dataDir, db.WorkstationID())); err != nil {
		log.Error().Err(err).Msg("open secrets")
	} else {
		acc.UseSecrets(box)
		log.Info().Str("key", box.Where()).Int("locked_keys", box.Locked()).Msg("secrets")
	}
	if err := acc.EndDanglingSessions(ctx); err != nil {
		log.Error().Err(err).Msg("end dangling sessions")
	}
	if cfg.demo {
		if sum, err := demo.New(db, auth.Hasher{}, log).Bootstrap(ctx, acc, "es"); err != nil {
			log.Error().Err(err).Msg("demo organization")
		} else if sum != nil {
			log.Info().Str("owner", demo.OwnerUsername).Msg("demo organization ready")
		}
	}
	core := app.NewCore(acc, sys.Runtime, log)
	avatars := avatar.New(db)
	assetHandler = avatar.Handler(avatars)
	services := app.Services(core, avatars, sys)

	sys.Mark("go_ready")
	opts := windowOptions(log, services, func(ctx context.Context) { wctx = ctx; core.Start(ctx); sys.Mark("go_startup") }, core.Shutdown, instance)
	// The window's context is never cancelled: the check's is, when the window closes.
	var checkOnce sync.Once
	checkCtx, stopCheck := context.WithCancel(context.Background())
	opts.OnDomReady = func(ctx context.Context) {
		sys.Mark("go_dom_ready")
		if checkInBackground {
			checkOnce.Do(func() {
				ctx, cancel := context.WithCancel(ctx)
				context.AfterFunc(checkCtx, cancel)
				go sys.RunCheck(ctx, backgroundCheck(started, core))
			})
		}
	}
	setupWebKit() // memory: WebKit's cache model, JavaScriptCore's heap growth (webkit_linux.go)
	err = wails.Run(opts)
	stopCheck()
	if err == nil && restart.Load() {
		core.Shutdown(ctx)
		db.Close()
		_ = started.Finish()
		release()
		return relaunch(args, log)
	}
	return err
}

// The background quick_check waits for the window to rest (app.Core.AwaitQuiet): no sooner
// than backgroundCheckDelay after the window is up (it paints its first page first), then
// for backgroundCheckQuiet without a signed-in call from the window, and no later than
// backgroundCheckLatest. A check that started at a fixed 3 s ran beside the first pages a
// quick supervisor opens and took 100-200 ms from each on a 2-core office PC, nice 19 or
// not (issue 10); a damaged file still stops taking writes within the first minute.
const (
	backgroundCheckDelay  = 3 * time.Second
	backgroundCheckQuiet  = 2 * time.Second
	backgroundCheckLatest = 60 * time.Second
)

// backgroundCheck is the background quick_check, on a read-only connection of its own, once
// the window rests.
func backgroundCheck(started *startup.Started, core *app.Core) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := core.AwaitQuiet(ctx, backgroundCheckDelay, backgroundCheckQuiet, backgroundCheckLatest); err != nil {
			return err
		}
		err := started.Verify(ctx)
		// The Go heap's garbage goes back to the OS now, while the window rests, not whenever
		// the runtime gets to it (app_memory_growth, issue 10). SQLite's page cache is not on
		// it: the check's connection keeps that small (startup.checkDSN).
		debug.FreeOSMemory()
		return err
	}
}

// webviewGPU: no GPU compositing in the web view on Linux (Wails' own default when no Linux
// options are given): a window of forms and tables does not need it, and it cost the WebKit
// process about 80 MB more at the sign-in page, 145 MB more on the users list and a quarter
// more CPU before the first paint (plantel-bench --window, issue 10).
const webviewGPU = linux.WebviewGpuPolicyNever

// windowOptions are the Wails options of the main window.
func windowOptions(log zerolog.Logger, services []any, start, shutdown func(context.Context), instance *options.SingleInstanceLock) *options.App {
	return &options.App{
		Title:              "Plantel",
		Width:              1280,
		Height:             720, // fits a 1366×768 laptop screen with its task bar (issue 14)
		MinWidth:           960,
		MinHeight:          640,
		AssetServer:        &assetserver.Options{Assets: assets, Handler: assetHandler},
		BackgroundColour:   &options.RGBA{R: 245, G: 247, B: 250, A: 255},
		OnStartup:          start,
		OnShutdown:         shutdown,
		Bind:               services,
		ErrorFormatter:     app.FormatError,
		Linux:              &linux.Options{ProgramName: "plantel", WebviewGpuPolicy: webviewGPU},
		Logger:             wailsLogger{log},
		SingleInstanceLock: instance,
	}
}

// assetHandler serves what is not an embedded asset (the avatars); nil in the recovery
// window.
var assetHandler http.Handler

// secondInstance runs only Wails' single-instance hand-over: with it, the running window
// comes to the front and this process ends inside wails.Run. Without it (Linux with no
// D-Bus session bus), the window this opens quits at once.
func secondInstance(instance *options.SingleInstanceLock) error {
	err := wails.Run(&options.App{Title: "Plantel", Width: 1, Height: 1, StartHidden: true, SingleInstanceLock: instance,
		AssetServer: &assetserver.Options{Assets: assets},
		// Quit from outside the start-up callback: called inside it, before GTK's main loop
		// runs, the request is lost.
		OnStartup: func(ctx context.Context) {
			go func() { time.Sleep(300 * time.Millisecond); wruntime.Quit(ctx) }()
		}})
	if err != nil {
		return err
	}
	return errors.New("plantel is already running for this data folder")
}

// wailsLogger sends Wails' own log lines to zerolog.
type wailsLogger struct{ l zerolog.Logger }

func (w wailsLogger) Print(m string)   { w.l.Debug().Str("src", "wails").Msg(m) }
func (w wailsLogger) Trace(m string)   { w.l.Trace().Str("src", "wails").Msg(m) }
func (w wailsLogger) Debug(m string)   { w.l.Debug().Str("src", "wails").Msg(m) }
func (w wailsLogger) Info(m string)    { w.l.Info().Str("src", "wails").Msg(m) }
func (w wailsLogger) Warning(m string) { w.l.Warn().Str("src", "wails").Msg(m) }
func (w wailsLogger) Error(m string)   { w.l.Error().Str("src", "wails").Msg(m) }
func (w wailsLogger) Fatal(m string)   { w.l.Fatal().Str("src", "wails").Msg(m) }
