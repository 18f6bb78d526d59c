// Package servertest starts a real Plantel sync server on 127.0.0.1 for tests, on a fresh
// SQLite file or on a PostgreSQL DSN (see backend/server/pgtest).
//
//	srv := servertest.Start(t, "")            // SQLite in t.TempDir()
//	srv := servertest.Start(t, pgtest.NewDatabase(t))
//	deviceID, token := srv.Enroll(t, "desk 1") // or code := srv.EnrollCode(t)
//	srv.Restart(t)                             // same address, same database
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

// Options tune StartWith.
type Options struct {
	// Now is the server's clock (default time.Now).
	Now func() time.Time
	// Log receives the server's JSON log (default: discarded; PLANTEL_TEST_SERVER_LOG=1
	// sends it to stderr).
	Log io.Writer
	// MaxBody and MaxInflated lower the request size limits (see server.Config).
	MaxBody, MaxInflated int64
	// Snapshots tunes the organization's copy (GET /v1/snapshot). Dir defaults to beside
	// the SQLite file (PATH.snapshots) or, on PostgreSQL, to a directory of the test; it
	// survives Restart. The copy is built when the test calls Server.Snapshots.Build, or in
	// the background as plantel-server does when RunSnapshots is set.
	Snapshots    server.SnapshotConfig
	RunSnapshots bool
}

// Server is one running server.
type Server struct {
	// URL is http://127.0.0.1:PORT (no trailing slash).
	URL string
	// DSN is the database the server uses.
	DSN string
	// Storage is the server's open storage (valid until Restart or Close).
	Storage server.Storage
	// Snapshots builds and publishes the organization's copy (valid until Restart or Close).
	Snapshots *server.Snapshots

	opts   Options
	addr   string
	cancel context.CancelFunc
	done   chan error
}

// Start runs a server on dsn ("" = a new SQLite file in t.TempDir()) until the test ends.
func Start(t testing.TB, dsn string) *Server { return StartWith(t, dsn, Options{}) }

// StartWith is Start with options.
func StartWith(t testing.TB, dsn string, opts Options) *Server {
	t.Helper()
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(t.TempDir(), "server.db")
	}
	if opts.Log == nil {
		opts.Log = io.Discard
		if os.Getenv("PLANTEL_TEST_SERVER_LOG") != "" {
			opts.Log = os.Stderr
		}
	}
	if opts.Snapshots.Dir == "" {
		if strings.HasPrefix(dsn, "sqlite:") {
			opts.Snapshots.Dir = strings.TrimPrefix(dsn, "sqlite:") + ".snapshots"
		} else {
			opts.Snapshots.Dir = filepath.Join(t.TempDir(), "snapshots")
		}
	}
	s := &Server{DSN: dsn, opts: opts, addr: "127.0.0.1:0"}
	s.start(t)
	t.Cleanup(s.Close)
	return s
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	st, err := server.OpenStorage(context.Background(), s.DSN)
	if err != nil {
		t.Fatalf("servertest: open %s: %v", s.DSN, err)
	}
	var ln net.Listener
	for i := 0; ; i++ {
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		if i == 50 {
			st.Close()
			t.Fatalf("servertest: listen %s: %v", s.addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.addr = ln.Addr().String()
	s.URL = "http://" + s.addr
	s.Storage = st
	log := zerolog.New(s.opts.Log).With().Timestamp().Logger()
	s.Snapshots = server.NewSnapshots(st, s.opts.Snapshots, log)
	h := server.New(server.Config{Storage: st, Log: log, Now: s.opts.Now, MaxBody: s.opts.MaxBody, MaxInflated: s.opts.MaxInflated, Snapshots: s.Snapshots})
	ctx, cancel := context.WithCancel(context.Background())
	if s.opts.RunSnapshots {
		go s.Snapshots.Run(ctx)
	}
	s.cancel, s.done = cancel, make(chan error, 1)
	go func() { s.done <- server.Serve(ctx, server.ServeConfig{Listener: ln, Handler: h, Log: log}) }()
}

// Close stops the server gracefully and closes its storage (the database stays).
func (s *Server) Close() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done //nolint:errcheck // waits for the serve loop's end; its error (a closed listener) is the expected one
	s.Snapshots.Close()
	s.Storage.Close()
	s.cancel = nil
}

// Restart stops the server and starts a new one on the same address and database, as a
// server process restarting would.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Close()
	s.start(t)
}

// EnrollCode makes a one-time enrollment code, as `plantel-server enroll-code` does.
func (s *Server) EnrollCode(t testing.TB) string {
	t.Helper()
	code, _, err := server.NewEnrollCode(context.Background(), s.Storage, time.Now())
	if err != nil {
		t.Fatalf("servertest: enrollment code: %v", err)
	}
	return code
}

// Enroll enrolls a device over HTTP and returns its id and token.
func (s *Server) Enroll(t testing.TB, name string) (deviceID, token string) {
	t.Helper()
	b, _ := json.Marshal(syncwire.EnrollRequest{Code: s.EnrollCode(t), DeviceName: name})
	resp, err := http.Post(s.URL+"/v1/enroll", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("servertest: enroll: %v", err)
	}
	defer resp.Body.Close()
	var out syncwire.EnrollResponse
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&out) != nil {
		t.Fatalf("servertest: enroll: status %d", resp.StatusCode)
	}
	return out.DeviceID, out.Token
}
