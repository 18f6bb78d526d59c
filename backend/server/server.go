// Package server is Plantel's central sync server: the HTTP API of the sync contract
// (DESIGN.md "Sync — Contract"; docs/sync.md) over a Storage (SQLite or PostgreSQL).
package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/syncwire"
)

// Limits of the API.
const (
	DefaultPullLimit = 1000
	MaxPullLimit     = 5000
	// MaxCompressedBody caps a request body as sent; syncwire.MaxBodyBytes caps it decompressed.
	MaxCompressedBody = 32 << 20
	// EnrollCodeTTL is how long a new enrollment code stays usable.
	EnrollCodeTTL = 7 * 24 * time.Hour
	// touchEvery is how stale a device's last-seen time may get before a request rewrites it.
	touchEvery = 30 * time.Second
)

// Config is what New needs.
type Config struct {
	Storage Storage
	Log     zerolog.Logger
	// Now is the server clock; tests fake it. Defaults to time.Now.
	Now func() time.Time
	// MaxBody and MaxInflated cap a request body as sent and decompressed (defaults
	// MaxCompressedBody and syncwire.MaxBodyBytes).
	MaxBody, MaxInflated int64
	// Snapshots, when set, serves the organization's ready copy (GET /v1/snapshot) and is
	// told of every applied push (its builder catches up after a debounce).
	Snapshots *Snapshots
}

// Server is the HTTP API; it holds no state besides its Storage, so several Servers (in
// several processes) can share one PostgreSQL database.
type Server struct {
	st                   Storage
	log                  zerolog.Logger
	now                  func() time.Time
	mux                  *http.ServeMux
	maxBody, maxInflated int64
	snap                 *Snapshots
}

// New builds the server.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = MaxCompressedBody
	}
	if cfg.MaxInflated <= 0 {
		cfg.MaxInflated = syncwire.MaxBodyBytes
	}
	s := &Server{st: cfg.Storage, log: cfg.Log, now: cfg.Now, mux: http.NewServeMux(), maxBody: cfg.MaxBody, maxInflated: cfg.MaxInflated, snap: cfg.Snapshots}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("POST /v1/enroll", s.enroll)
	s.mux.HandleFunc("POST /v1/push", s.authed(s.push))
	s.mux.HandleFunc("GET /v1/pull", s.authed(s.pull))
	s.mux.HandleFunc("GET /v1/head", s.authed(s.head))
	s.mux.HandleFunc("GET /v1/snapshot", s.authed(s.snapshot))
	s.mux.HandleFunc("POST /v1/enroll-codes", s.authed(s.ownerOnly(s.enrollCodes)))
	s.mux.HandleFunc("GET /v1/devices", s.authed(s.ownerOnly(s.devices)))
	s.mux.HandleFunc("POST /v1/devices/{id}/revoke", s.authed(s.ownerOnly(s.revoke)))
	return s
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	device string
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (the copy's longer deadline).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// snapshotWriteTime is how long one answer of GET /v1/snapshot may take to send (the
// server's write timeout, 5 minutes, is for JSON answers; a cut download resumes anyway).
const snapshotWriteTime = time.Hour

// ServeHTTP logs every request (method, path, status, time, device; never a token, a
// code or a body) and recovers from panics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: 200}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error().Str("path", r.URL.Path).Str("panic", fmt.Sprint(p)).Msg("panic")
			writeErr(sw, r, http.StatusInternalServerError, "internal", "", "internal error")
		}
		s.log.Info().Str("method", r.Method).Str("path", r.URL.Path).Int("status", sw.status).
			Str("device", sw.device).Dur("dur", time.Since(start)).Msg("request")
	}()
	s.mux.ServeHTTP(sw, r)
}

// writeJSON answers with v (or raw JSON bytes), gzipped when the client accepts it and the
// body is worth it.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var body []byte
	switch b := v.(type) {
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			status, body = http.StatusInternalServerError, []byte(`{"code":"internal"}`)
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding")
	if len(body) > 1024 && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		gz, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		_, _ = gz.Write(body) // the client went away: nothing to do
		_ = gz.Close()
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client went away: nothing to do
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}

func writeErr(w http.ResponseWriter, r *http.Request, status int, code, field, msg string) {
	writeJSON(w, r, status, syncwire.ErrorResponse{Code: code, Field: field, Message: msg})
}

// body returns the request body, decompressed when it is gzip, capped before and after.
func (s *Server) body(w http.ResponseWriter, r *http.Request) (io.Reader, error) {
	var rd io.Reader = http.MaxBytesReader(w, r.Body, s.maxBody)
	switch strings.ToLower(r.Header.Get("Content-Encoding")) {
	case "", "identity":
	case "gzip":
		gz, err := gzip.NewReader(rd)
		if err != nil {
			return nil, err
		}
		rd = gz
	default:
		return nil, fmt.Errorf("content-encoding %q", r.Header.Get("Content-Encoding"))
	}
	return &limitReader{r: rd, n: s.maxInflated, limit: s.maxInflated}, nil
}

// limitReader fails (instead of ending quietly) past n bytes, so an over-long body is an
// error and not a truncated JSON.
type limitReader struct {
	r        io.Reader
	n, limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, &http.MaxBytesError{Limit: l.limit}
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, 200, map[string]string{"status": "ok"})
}

// HashSecret is how tokens and enrollment codes are stored: hex SHA-256 (they are long
// random strings, so no salt or slow hash is needed).
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// authed lets through requests whose bearer token names an enrolled, unrevoked device.
func (s *Server) authed(next func(http.ResponseWriter, *http.Request, DeviceRec)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		tok = strings.TrimSpace(tok)
		if !ok || tok == "" {
			writeErr(w, r, http.StatusUnauthorized, syncwire.CodeUnauthenticated, "", "device token required")
			return
		}
		dev, err := s.st.DeviceByTokenHash(r.Context(), HashSecret(tok))
		if errors.Is(err, ErrNotFound) || (err == nil && !dev.RevokedAt.IsZero()) {
			writeErr(w, r, http.StatusUnauthorized, syncwire.CodeUnauthenticated, "", "unknown or revoked device")
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if sw, ok := w.(*statusWriter); ok {
			sw.device = dev.ID
		}
		if now := s.now(); now.Sub(dev.LastSeenAt) > touchEvery {
			if err := s.st.TouchDevice(r.Context(), dev.ID, now); err != nil {
				s.log.Warn().Err(err).Str("device", dev.ID).Msg("last-seen not saved")
			}
		}
		next(w, r, dev)
	}
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error().Err(err).Str("path", r.URL.Path).Msg("internal error")
	writeErr(w, r, http.StatusInternalServerError, "internal", "", "internal error")
}

// normalizeCode folds what a person typed (syncwire.NormalizeCode, shared with the
// workstation, which derives the key envelope from the same form).
func normalizeCode(s string) string { return syncwire.NormalizeCode(s) }

// NewEnrollCode stores a new one-time enrollment code (only its hash) and returns it.
func NewEnrollCode(ctx context.Context, st Storage, now time.Time) (string, time.Time, error) {
	code, err := syncwire.NewCode()
	if err != nil {
		return "", time.Time{}, err
	}
	exp := now.Add(EnrollCodeTTL)
	if err := st.AddEnrollCode(ctx, HashSecret(normalizeCode(code)), now, exp); err != nil {
		return "", time.Time{}, err
	}
	return code, exp, nil
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	rd, err := s.body(w, r)
	if err != nil {
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "", "unreadable body")
		return
	}
	var req syncwire.EnrollRequest
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "", "body: want {code, device_name}")
		return
	}
	name := strings.TrimSpace(req.DeviceName)
	if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "device_name", "device_name: 1-100 characters")
		return
	}
	code := normalizeCode(req.Code)
	if code == "" {
		writeErr(w, r, http.StatusUnauthorized, syncwire.CodeUnauthenticated, "", "unknown or used code")
		return
	}
	id, err := uuid.NewV7()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	var tb [32]byte
	if _, err := rand.Read(tb[:]); err != nil {
		s.internal(w, r, err)
		return
	}
	token := base64.RawURLEncoding.EncodeToString(tb[:])
	now := s.now()
	err = s.st.Enroll(r.Context(), HashSecret(code), now, DeviceRec{ID: id.String(), Name: name, TokenHash: HashSecret(token), CreatedAt: now})
	if errors.Is(err, ErrNotFound) {
		s.log.Warn().Msg("enrollment with an unknown, used or expired code")
		writeErr(w, r, http.StatusUnauthorized, syncwire.CodeUnauthenticated, "", "unknown or used code")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	org, err := s.st.OrgID(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.log.Info().Str("device", id.String()).Str("name", name).Msg("device enrolled")
	writeJSON(w, r, 200, syncwire.EnrollResponse{DeviceID: id.String(), Token: token, OrgID: org})
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, dev DeviceRec) {
	q := r.URL.Query()
	after, limit := int64(0), DefaultPullLimit
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "after", "after: a cursor (integer >= 0)")
			return
		}
		after = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "limit", "limit: an integer >= 1")
			return
		}
		limit = min(n, MaxPullLimit)
	}
	changes, last, more, err := s.st.Pull(r.Context(), after, limit)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	var b bytes.Buffer
	b.Grow(64 + len(changes)*256)
	b.WriteString(`{"changes":[`)
	for i, c := range changes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(c)
	}
	fmt.Fprintf(&b, `],"cursor":%d,"more":%t}`, last, more)
	writeJSON(w, r, 200, b.Bytes())
}

// head answers the change log's last position (GET /v1/head, outside the pinned contract):
// a workstation shows a pull's progress as its cursor's way from where it started to there.
func (s *Server) head(w http.ResponseWriter, r *http.Request, _ DeviceRec) {
	pos, err := s.st.Head(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, 200, syncwire.HeadResponse{Cursor: pos})
}

// snapshot serves the organization's newest ready copy (GET /v1/snapshot, outside the pinned
// contract; snapshot.go): the file as it is (never compressed on the fly: a SQLite file
// would cost CPU for little), with http.ServeContent so a Range request resumes a cut
// download. It holds what a pull from 0 to its cursor hands over, to an enrolled device.
func (s *Server) snapshot(w http.ResponseWriter, r *http.Request, _ DeviceRec) {
	if s.snap == nil {
		writeErr(w, r, http.StatusNotFound, "not_found", "", "no copy of the organization")
		return
	}
	info, err := s.snap.Latest()
	if errors.Is(err, ErrNotFound) {
		writeErr(w, r, http.StatusNotFound, "not_found", "", "no copy of the organization yet")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	f, err := os.Open(info.Path)
	if errors.Is(err, os.ErrNotExist) { // replaced by a newer one meanwhile
		writeErr(w, r, http.StatusNotFound, "not_found", "", "no copy of the organization yet")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.internal(w, r, err)
		return
	}
	// A large file over a slow link: more than the write timeout of a JSON answer.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(snapshotWriteTime))
	h := w.Header()
	h.Set("Content-Type", "application/vnd.sqlite3")
	h.Set("Cache-Control", "no-store")
	h.Set("ETag", `"`+info.SHA256+`"`)
	h.Set(syncwire.SnapshotCursorHeader, strconv.FormatInt(info.Cursor, 10))
	h.Set(syncwire.SnapshotSchemaHeader, strconv.Itoa(info.Schema))
	h.Set(syncwire.SnapshotSizeHeader, strconv.FormatInt(info.Size, 10))
	h.Set(syncwire.SnapshotSHA256Header, info.SHA256)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}
