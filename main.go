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
	"os"
	"path/filepath"

	"github.com/rs/zerolog"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/demo"
	"github.com/plantel/plantel/backend/logging"
	"github.com/plantel/plantel/backend/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// config is what the command line sets.
type config struct {
	dataDir string
	demo    bool
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("plantel", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.dataDir, "data-dir", "", "directory for the database, logs and backups (portable install)")
	fs.BoolVar(&c.demo, "demo", false, "on an empty database, create the demo organization (Owner: owner / plantel-demo-2026)")
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
	if c.dataDir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return c, fmt.Errorf("no config directory: %w (use --data-dir)", err)
		}
		c.dataDir = filepath.Join(base, "Plantel")
	}
	return c, nil
}

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
	if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
		return err
	}
	log, closer, err := logging.New(logging.Options{Dir: cfg.dataDir, Console: devMode, Debug: devMode})
	if err != nil {
		return err
	}
	defer closer.Close()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(cfg.dataDir, store.FileName), store.Options{})
	if err != nil {
		log.Error().Err(err).Msg("open database")
		return err
	}
	defer db.Close()
	log.Info().Str("db", db.Path()).Str("workstation_id", db.WorkstationID()).Str("version", app.Version).Msg("starting")

	acc := accounts.New(db, auth.Hasher{}, log)
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
	core := app.NewCore(acc, app.RuntimeFromEnv(app.WailsRuntime{}), log)
	avatars := avatar.New(db)
	services := []any{
		app.NewSessionService(core),
		app.NewUsersService(core),
		app.NewProfilesService(core),
		app.NewPasswordsService(core),
		app.NewInvitesService(core, nil),
		app.NewTwoFactorService(core),
		app.NewAvatarsService(core, avatars),
		app.NewAgendaService(core),
		app.NewWorkspacesService(core),
		app.NewTeamsService(core),
		app.NewCampaignsService(core),
		app.NewClientsService(core),
		app.NewDashboardService(core),
		app.NewDemoService(core),
		app.NewSyncService(core),
	}

	return wails.Run(&options.App{
		Title:            "Plantel",
		Width:            1280,
		Height:           820,
		MinWidth:         960,
		MinHeight:        640,
		AssetServer:      &assetserver.Options{Assets: assets, Handler: avatar.Handler(avatars)},
		BackgroundColour: &options.RGBA{R: 245, G: 247, B: 250, A: 255},
		OnStartup:        core.Start,
		OnShutdown:       core.Shutdown,
		Bind:             services,
		ErrorFormatter:   app.FormatError,
		Linux:            &linux.Options{ProgramName: "plantel"},
		Logger:           wailsLogger{log},
	})
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
