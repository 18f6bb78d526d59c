// Command plantel-server is Plantel's central sync server (DESIGN.md "Sync — Contract"):
//
//	plantel-server serve --addr HOST:PORT --db DSN [--tls-cert FILE --tls-key FILE]
//	plantel-server enroll-code --db DSN
//	plantel-server --version
//
// DSN is sqlite:PATH (the default kind) or a postgres:// URL. It links no GUI library and
// builds with CGO_ENABLED=0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/version"
)

// defaultDSN is the database when --db is not given: a SQLite file in the working directory.
const defaultDSN = "sqlite:plantel-server.db"

const usage = `usage:
  plantel-server serve --addr HOST:PORT --db DSN [--tls-cert FILE --tls-key FILE]
  plantel-server enroll-code --db DSN
  plantel-server --version
DSN: sqlite:PATH (default sqlite:plantel-server.db) or postgres://user@host:port/db
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	log := zerolog.New(stderr).With().Timestamp().Str("app", "plantel-server").Logger()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "--version", "-version", "version":
		// The one version of every Plantel binary: backend/version (the Makefile sets it).
		fmt.Fprintln(stdout, version.String("plantel-server"))
		return 0
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(stderr)
		addr := fs.String("addr", "127.0.0.1:8443", "HOST:PORT to listen on")
		dsn := fs.String("db", defaultDSN, "sqlite:PATH or postgres:// URL")
		cert := fs.String("tls-cert", "", "TLS certificate (PEM)")
		key := fs.String("tls-key", "", "TLS private key (PEM)")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		if *cert == "" && *key == "" && !server.IsLoopback(*addr) {
			log.Error().Str("addr", *addr).Msg("refusing plain HTTP on a non-loopback address: give --tls-cert and --tls-key")
			return 1
		}
		st, err := server.OpenStorage(ctx, *dsn)
		if err != nil {
			log.Error().Err(err).Msg("cannot open the database")
			return 1
		}
		defer st.Close()
		log.Info().Str("version", version.Version).Str("commit", version.Commit).Str("date", version.Date).Msg("starting")
		// The organization's ready copy for joining workstations (GET /v1/snapshot): a cache
		// of the storage in a directory of this machine (server.SnapshotDir).
		var snap *server.Snapshots
		if dir, err := server.SnapshotDir(ctx, *dsn, st); err != nil {
			log.Warn().Err(err).Msg("no directory for the organization's copy; workstations that join pull every change")
		} else {
			snap = server.NewSnapshots(st, server.SnapshotConfig{Dir: dir}, log)
			defer snap.Close()
			go snap.Run(ctx)
		}
		h := server.New(server.Config{Storage: st, Log: log, Snapshots: snap})
		go server.RunMaintenance(ctx, st, server.MaintenanceFromEnv(log), log)
		err = server.Serve(ctx, server.ServeConfig{Addr: *addr, TLSCert: *cert, TLSKey: *key, Handler: h, Log: log})
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Error().Err(err).Msg("server stopped")
			return 1
		}
		log.Info().Msg("stopped")
		return 0
	case "enroll-code":
		fs := flag.NewFlagSet("enroll-code", flag.ContinueOnError)
		fs.SetOutput(stderr)
		dsn := fs.String("db", defaultDSN, "sqlite:PATH or postgres:// URL")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		st, err := server.OpenStorage(ctx, *dsn)
		if err != nil {
			log.Error().Err(err).Msg("cannot open the database")
			return 1
		}
		defer st.Close()
		code, exp, err := server.NewEnrollCode(ctx, st, time.Now())
		if err != nil {
			log.Error().Err(err).Msg("cannot create an enrollment code")
			return 1
		}
		fmt.Fprintf(stdout, "One-time enrollment code, valid until %s:\n%s\n", exp.UTC().Format(time.RFC3339), code)
		return 0
	}
	fmt.Fprint(stderr, usage)
	return 2
}
