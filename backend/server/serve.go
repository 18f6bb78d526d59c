package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	stdlog "log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// OpenStorage opens the storage a DSN names: "sqlite:PATH" (or a bare path) or a
// postgres:// (postgresql://) URL.
func OpenStorage(ctx context.Context, dsn string) (Storage, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return OpenPostgres(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case dsn == "":
		return nil, errors.New("--db is required (sqlite:PATH or postgres://...)")
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("--db %q: want sqlite:PATH or postgres://HOST/DB", dsn)
	}
	return OpenSQLite(ctx, dsn)
}

// IsLoopback reports whether addr's host is a loopback address (127.0.0.0/8, ::1,
// localhost), where plain HTTP is allowed.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServeConfig is what Serve needs.
type ServeConfig struct {
	Addr            string
	TLSCert, TLSKey string
	Handler         http.Handler
	Log             zerolog.Logger
	// Listener, when set, is used instead of listening on Addr (tests).
	Listener net.Listener
	// Ready, when set, receives the address the server listens on.
	Ready func(addr string)
}

// NewHTTPServer sets the timeouts every Plantel server uses.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// Serve listens (TLS when a certificate is given; plain HTTP only on a loopback address)
// until ctx ends, then shuts down gracefully: requests in flight finish (up to 30 s).
func Serve(ctx context.Context, cfg ServeConfig) error {
	useTLS := cfg.TLSCert != "" || cfg.TLSKey != ""
	if useTLS && (cfg.TLSCert == "" || cfg.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if !useTLS && cfg.Listener == nil && !IsLoopback(cfg.Addr) {
		return fmt.Errorf("refusing plain HTTP on %s: give --tls-cert and --tls-key, or listen on a loopback address", cfg.Addr)
	}
	srv := NewHTTPServer(cfg.Handler)
	srv.ErrorLog = stdlog.New(cfg.Log.With().Str("source", "net/http").Logger(), "", 0)
	ln := cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return err
		}
	}
	if useTLS {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("tls: %w", err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	cfg.Log.Info().Str("addr", ln.Addr().String()).Bool("tls", useTLS).Msg("listening")
	if cfg.Ready != nil {
		cfg.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cfg.Log.Info().Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
