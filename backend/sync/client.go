// Package sync is the workstation's sync client (PRODUCT.md F12): it enrolls with a Plantel
// sync server, pushes the outbox in batches and pulls everyone else's changes into the
// store (store.ApplyRemote), in the background with backoff or on "Sync now". The wire
// format is the pinned contract (DESIGN.md, "Sync — Contract"; backend/syncwire).
package sync

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/syncwire"
)

// Error codes the client reports (backend/apperr; translated by the window: errors.sync_*).
const (
	CodeNotConfigured = apperr.CodeSyncNotConfigured
	CodeUnreachable   = apperr.CodeSyncUnreachable
	CodeRevoked       = apperr.CodeSyncRevoked
	CodeBadCode       = apperr.CodeSyncBadCode
	CodeInsecureURL   = apperr.CodeSyncInsecureURL
	CodeCertChanged   = apperr.CodeSyncCertChanged
	CodeServerError   = apperr.CodeSyncServerError
	CodeClockAhead    = apperr.CodeSyncClockAhead
	CodeAlreadyJoined = apperr.CodeSyncAlreadyJoined
)

// Options tune a Client; the zero value is right for production.
type Options struct {
	// Transport carries the requests (tests put a faulty one here); nil: a default one
	// with certificate pinning.
	Transport http.RoundTripper
	// BatchSize is how many outbox changes one push carries (default 500).
	BatchSize int
	// PullLimit is how many changes one pull asks for (default 5000, the server's cap).
	PullLimit int
	// Interval is the background loop's pause between syncs (default 30 s).
	Interval time.Duration
	Log      zerolog.Logger
	// DeviceName is what the server's device list shows (default the host name).
	DeviceName string
	// OnStatus, if set, is called after every status change (the window's status area).
	OnStatus func(Status)
	// Keys, if set, gives the organization's secrets box: enrollment codes made here carry
	// the organization keys to the workstation that joins with them (keys.go).
	Keys func(context.Context) (KeyBox, error)
	// ResealBatch is how many secrets one re-seal transaction rewrites after a key renewal
	// (default secrets.DefaultResealBatch).
	ResealBatch int
	// OnCopyStaged, when set, lets a workstation that joins with an empty store download the
	// server's ready copy of the organization instead of pulling every change (copy.go): it
	// is called once the copy is staged as the pending restore, and the app restarts into it
	// there. Without it every download is a page pull.
	OnCopyStaged func()
	// CopyFrom is the server's head (changes) from which the copy is used (default
	// DefaultCopyFrom; negative: never).
	CopyFrom int64
}

// Status is what the window's status area shows.
type Status struct {
	Configured  bool   `json:"configured"`
	ServerURL   string `json:"serverUrl"`
	DeviceID    string `json:"deviceId"`
	Fingerprint string `json:"fingerprint"`
	Connected   bool   `json:"connected"`
	Running     bool   `json:"running"`
	LastSync    string `json:"lastSync"`
	Pending     int    `json:"pending"`
	Parked      int    `json:"parked"`
	Conflicts   int    `json:"conflicts"`
	// Pulled counts the changes received in the sync under way (progress of a large pull);
	// Cursor is the server position reached.
	Pulled int   `json:"pulled"`
	Cursor int64 `json:"cursor"`
	// Pulling is true while the sync under way receives changes. HeadKnown says the server
	// told its last position (GET /v1/head; an older server does not): then PullTotal is the
	// way from where the download started (a download cut and resumed: where it first
	// started) to that position, PullDone how much of it the applied pages covered, and
	// Progress their ratio, 0..1, growing page by page. Without the head the window shows
	// only Pulled.
	Pulling   bool    `json:"pulling"`
	HeadKnown bool    `json:"headKnown"`
	PullDone  int64   `json:"pullDone"`
	PullTotal int64   `json:"pullTotal"`
	Progress  float64 `json:"progress"`
	// Snapshot is true while the first upload after enrollment is under way.
	Snapshot bool `json:"snapshot"`
	// Copy is true while the download is the organization's ready copy (a joining
	// workstation, copy.go): PullDone and PullTotal then count bytes. Restart is true once the
	// copy is staged: the app restarts into it, and the changes after it come at the next sync.
	Copy    bool `json:"copy"`
	Restart bool `json:"restart"`
	// Error is the code of the last failure ("" after a good sync).
	Error string `json:"error"`
	// ClockAhead is set when a pulled stamp was more than 5 minutes ahead of this machine's
	// clock (the clock did not follow it): the date of one workstation is wrong.
	ClockAhead bool `json:"clockAhead"`
	// Seq numbers the statuses sent to the window, in the order they were made: the window
	// keeps the newest it has seen, since events may reach it out of order (the Wails dev
	// server sends each one from its own goroutine).
	Seq uint64 `json:"seq"`
}

// Client syncs one store with its server.
type Client struct {
	db   *store.DB
	opt  Options
	log  zerolog.Logger
	kick chan struct{}

	runMu    gosync.Mutex // one sync at a time
	mu       gosync.Mutex
	notifyMu gosync.Mutex
	status   Status
	// keysArrived is how many organization keys the last key envelope brought (AwaitKeys).
	keysArrived atomic.Int64
	// staged: the organization's copy waits for the restart; this database syncs no more.
	staged atomic.Bool
}

// New makes a client for db.
func New(db *store.DB, opt Options) *Client {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.PullLimit <= 0 {
		opt.PullLimit = 5000
	}
	if opt.Interval <= 0 {
		opt.Interval = 30 * time.Second
	}
	return &Client{db: db, opt: opt, log: opt.Log, kick: make(chan struct{}, 1)}
}

// Error is a sync failure with a code the window translates.
type Error struct {
	Code  string
	Cause error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Code + ": " + e.Cause.Error()
	}
	return e.Code
}
func (e *Error) Unwrap() error { return e.Cause }

func fail(code string, cause error) error { return &Error{Code: code, Cause: cause} }

// CodeOf returns the code of a sync error ("" for nil).
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return apperr.CodeOf(err)
}

// isLoopback says whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// normalizeURL checks a server address: https, or plain http on loopback only (the secrets
// of the organization travel over it).
func normalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", apperr.Validation("server_url", "invalid")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return "", fail(CodeInsecureURL, nil)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// httpClient is the HTTP client for the configured server: certificates are pinned on
// first use (the fingerprint seen at enrollment must be seen again), so a server with its
// own certificate works without a public CA and a swapped one is refused.
func (c *Client) httpClient(pin string, seen *string) *http.Client {
	if c.opt.Transport != nil {
		return &http.Client{Transport: c.opt.Transport, Timeout: 2 * time.Minute}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{
		MinVersion: tls.VersionTLS12,
		// #nosec G402 -- the chain is not checked against a CA: VerifyConnection below checks
		// the certificate against the fingerprint pinned at enrollment instead.
		InsecureSkipVerify: true,
		// VerifyConnection (not VerifyPeerCertificate) also runs for a resumed session.
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("no certificate")
			}
			fp := Fingerprint(cs.PeerCertificates[0].Raw)
			if seen != nil {
				*seen = fp
			}
			if pin != "" && fp != pin {
				return fail(CodeCertChanged, nil)
			}
			return nil
		},
	}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}
}

// Fingerprint is the SHA-256 of a certificate (DER), as hex pairs joined by ':'.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

type conn struct {
	base, token string
	hc          *http.Client
}

// do sends one request; body is JSON-encoded and gzipped; out is decoded from a 200.
func (cn *conn) do(ctx context.Context, method, path string, body, out any, hdr map[string]string) (int, error) {
	var rd io.Reader
	if body != nil {
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		if err := json.NewEncoder(gz).Encode(body); err != nil {
			return 0, err
		}
		if err := gz.Close(); err != nil {
			return 0, err
		}
		rd = &buf
	}
	req, err := http.NewRequestWithContext(ctx, method, cn.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
	}
	if cn.token != "" {
		req.Header.Set("Authorization", "Bearer "+cn.token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := cn.hc.Do(req)
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return 0, se
		}
		return 0, fail(CodeUnreachable, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return resp.StatusCode, fail(CodeUnreachable, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e syncwire.ErrorResponse
		_ = json.Unmarshal(b, &e)
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			return resp.StatusCode, fail(CodeRevoked, nil)
		}
		return resp.StatusCode, fail(CodeServerError, fmt.Errorf("%d %s %s", resp.StatusCode, e.Code, e.Field))
	}
	if out != nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(out); err != nil {
			return resp.StatusCode, fail(CodeServerError, err)
		}
	}
	return resp.StatusCode, nil
}

// Enroll joins this workstation to the server at serverURL with a one-time code: the
// server's answer (device id, token, organization) is kept in local_meta, the certificate
// fingerprint of an https server is pinned, new stamps carry the device id, and the
// snapshot of this workstation's data is queued for upload (the first sync sends it).
func (c *Client) Enroll(ctx context.Context, serverURL, code string) (Status, error) {
	if c.db.SyncEnabled() {
		return c.Status(ctx), fail(CodeAlreadyJoined, nil)
	}
	base, err := normalizeURL(serverURL)
	if err != nil {
		return Status{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return Status{}, apperr.Validation("code", "required")
	}
	var seen string
	cn := &conn{base: base, hc: c.httpClient("", &seen)}
	var out syncwire.EnrollResponse
	name := c.opt.DeviceName
	if name == "" {
		name = "Plantel workstation"
	}
	status, err := cn.do(ctx, http.MethodPost, "/v1/enroll", syncwire.EnrollRequest{Code: code, DeviceName: name}, &out, nil)
	if status == http.StatusUnauthorized {
		return Status{}, fail(CodeBadCode, nil)
	}
	if err != nil {
		return Status{}, err
	}
	if !syncwire.ValidID(out.DeviceID) || out.Token == "" {
		return Status{}, fail(CodeServerError, errors.New("enroll answer without device id or token"))
	}
	if err := c.db.EnableSync(ctx, out.DeviceID, map[string]string{
		store.MetaSyncURL: base, store.MetaSyncToken: out.Token, store.MetaSyncOrgID: out.OrgID,
		store.MetaSyncCertPin: seen, store.MetaSyncCursor: "0",
	}); err != nil {
		return Status{}, err
	}
	c.log.Info().Str("server", base).Str("device_id", out.DeviceID).Msg("sync: enrolled")
	c.Kick()
	return c.Status(ctx), nil
}

// Join enrolls a new workstation (the setup screen's way in) and keeps the code, sealed,
// until the key envelope made with it arrives: after the download the workstation then
// opens the secrets sealed with the organization keys (two-step sign-in, SMTP).
func (c *Client) Join(ctx context.Context, serverURL, code string) (Status, error) {
	st, err := c.Enroll(ctx, serverURL, code)
	if err != nil {
		return st, err
	}
	if err := c.rememberCode(ctx, code); err != nil {
		c.log.Warn().Err(err).Msg("sync: the organization keys cannot be awaited")
	}
	return st, nil
}

// Disconnect forgets the server: sync stops, the outbox is emptied; the data stays.
func (c *Client) Disconnect(ctx context.Context) error {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	if err := c.db.DisableSync(ctx); err != nil {
		return err
	}
	// A download cut before its end left rows out of the search; no later sync will fill them.
	if err := c.db.FillSearchBacklog(ctx); err != nil {
		return err
	}
	c.setStatus(func(s *Status) { *s = Status{} })
	return nil
}

func (c *Client) connect(ctx context.Context) (*conn, error) {
	if !c.db.SyncEnabled() {
		return nil, fail(CodeNotConfigured, nil)
	}
	base, _ := c.db.LocalMeta(ctx, store.MetaSyncURL)
	token, _ := c.db.LocalMeta(ctx, store.MetaSyncToken)
	pin, _ := c.db.LocalMeta(ctx, store.MetaSyncCertPin)
	if base == "" || token == "" {
		return nil, fail(CodeNotConfigured, nil)
	}
	return &conn{base: base, token: token, hc: c.httpClient(pin, nil)}, nil
}

// SyncOnce pushes everything waiting, then pulls until the server has nothing more. A
// failure leaves what was not acknowledged in place for the next try (a resent batch keeps
// its batch_id; the cursor only moves with applied changes).
func (c *Client) SyncOnce(ctx context.Context) error {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	c.setStatus(func(s *Status) {
		s.Running, s.Pulled = true, 0
		s.Pulling, s.HeadKnown, s.PullDone, s.PullTotal, s.Progress, s.Copy = false, false, 0, 0, 0, false
	})
	err := c.syncOnce(ctx)
	now := store.Timestamp(c.db.Now())
	if err == nil {
		_ = c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncLastSync: now, store.MetaSyncLastErr: ""})
	} else if c.db.SyncEnabled() {
		_ = c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncLastErr: CodeOf(err)})
		c.log.Warn().Str("code", CodeOf(err)).Err(err).Msg("sync failed")
	}
	c.setStatus(func(s *Status) {
		s.Running = false
		s.Connected = err == nil
		s.Error = CodeOf(err)
		if err == nil {
			s.LastSync = now
		}
	})
	c.refresh(ctx)
	return err
}

// Upload pushes everything waiting (after enrollment: the snapshot of this workstation's
// data) without pulling: an office seeding a new server from the workstation that holds its
// data, which needs nothing back (the bench command seeds its server this way).
func (c *Client) Upload(ctx context.Context) error {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	cn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	err = c.push(ctx, cn)
	c.refresh(ctx)
	return err
}

func (c *Client) syncOnce(ctx context.Context) error {
	// A file found damaged takes no download and sends nothing (store.DB.Refuse).
	if err := c.db.Refusal(); err != nil {
		return err
	}
	if c.staged.Load() {
		return nil // the app restarts into the staged copy
	}
	cn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	// The public half of this workstation's device key goes with the first push: a key
	// renewed after a revocation is sealed to it (keys.go).
	if err := c.publishDeviceKey(ctx); err != nil {
		c.log.Warn().Err(err).Msg("sync: device key not published")
	}
	if err := c.push(ctx, cn); err != nil {
		return err
	}
	if err := c.pull(ctx, cn); errors.Is(err, errStaged) {
		return nil
	} else if err != nil {
		return err
	}
	// A workstation that joined with a code made in the app waits for its key envelope,
	// and a key renewed after a revocation arrives sealed to its device key; once opened,
	// the emptied envelopes go back at once.
	n, err := c.receiveKeys(ctx)
	if err != nil {
		c.log.Warn().Err(err).Msg("sync: organization keys not received")
	}
	nd, err := c.receiveDeviceKeys(ctx)
	if err != nil {
		c.log.Warn().Err(err).Msg("sync: renewed organization keys not received")
	}
	// The workstation that renewed the key after a revocation seals it to the workstations
	// whose device key arrived since, and re-seals what older keys sealed (reseal.go).
	nw, err := c.sealToWaiting(ctx)
	if err != nil {
		c.log.Warn().Err(err).Msg("sync: renewed key not sealed to the waiting workstations")
	}
	nr, err := c.resealOld(ctx)
	if err != nil {
		c.log.Warn().Err(err).Msg("sync: secrets not re-sealed yet; the next sync continues")
	}
	if n+nd+nw+nr > 0 {
		return c.push(ctx, cn)
	}
	return nil
}

func (c *Client) push(ctx context.Context, cn *conn) error {
	for {
		pending, err := c.db.SnapshotPending(ctx)
		if err != nil {
			return err
		}
		c.setStatus(func(s *Status) { s.Snapshot = pending })
		if pending {
			if n, _ := c.db.OutboxCount(ctx); n < c.opt.BatchSize {
				if _, err := c.db.FillSnapshot(ctx, c.opt.BatchSize); err != nil {
					return err
				}
			}
		}
		b, err := c.db.NextBatch(ctx, c.opt.BatchSize)
		if err != nil {
			return err
		}
		if b.ID == "" {
			if pending {
				continue
			}
			return nil
		}
		var out syncwire.PushResponse
		status, err := cn.do(ctx, http.MethodPost, "/v1/push", syncwire.PushRequest{BatchID: b.ID, Changes: b.Changes}, &out, nil)
		if status == http.StatusBadRequest {
			// The server refuses the whole batch (a change it cannot read): keep every
			// change of it as a conflict to look at, so the queue moves on.
			rej := make([]store.Rejected, 0, len(b.Changes))
			for _, ch := range b.Changes {
				rej = append(rej, store.Rejected{ID: ch.ID, Table: ch.Table, Code: "rejected_batch"})
			}
			c.log.Error().Err(err).Str("batch_id", b.ID).Msg("sync: batch refused; kept as conflicts")
			if err := c.db.AckBatch(ctx, b.ID, rej); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		rej := make([]store.Rejected, 0, len(out.Rejected))
		for _, r := range out.Rejected {
			rej = append(rej, store.Rejected{ID: r.ID, Table: r.Table, Code: r.Code, Field: r.Field})
		}
		if err := c.db.AckBatch(ctx, b.ID, rej); err != nil {
			return err
		}
		if len(rej) > 0 {
			c.log.Warn().Int("rejected", len(rej)).Msg("sync: changes rejected by the server; see Conflicts")
		}
		c.refresh(ctx)
	}
}

// pullAhead is how many pages the fetcher may hold, decoded, ahead of the page being
// applied: the next page travels and is decoded while the store writes this one.
const pullAhead = 2

// pulledPage is one answer of GET /v1/pull, decoded (or the error that ended the fetching).
type pulledPage struct {
	changes []syncwire.Change
	cursor  int64
	more    bool
	err     error
}

// pull applies the server's changes after the stored cursor until the server has no more.
// A fetcher goroutine requests page N+1 (from the cursor page N ends at) while page N is
// being applied; each page's cursor commits with its changes, so a cut anywhere resumes
// from the last applied page.
func (c *Client) pull(ctx context.Context, cn *conn) error {
	cur, err := c.db.LocalMeta(ctx, store.MetaSyncCursor)
	if err != nil {
		return err
	}
	after, _ := strconv.ParseInt(cur, 10, 64)
	if after == 0 {
		if staged, err := c.joinFromCopy(ctx, cn); err != nil {
			return err
		} else if staged {
			return errStaged
		}
	}
	pr := c.startProgress(ctx, cn, after)
	outer := ctx
	ctx, cancel := context.WithCancel(ctx)
	pages := make(chan pulledPage, pullAhead)
	go c.fetchPages(ctx, cn, after, pages)
	defer func() {
		cancel()
		for range pages { // let the fetcher end before returning
		}
		c.setStatus(func(s *Status) { s.Pulling = false })
		// The pages' new rows went in without their search entries (DeferSearch): one pass
		// over the whole download fills them, however the pull ended. An app that closes
		// first leaves them to its next sync (search_backlog).
		if err := c.db.FillSearchBacklog(outer); err != nil {
			c.log.Warn().Err(err).Msg("sync: search index of the downloaded rows not filled yet")
		}
	}()
	for p := range pages {
		if p.err != nil {
			return p.err
		}
		next := p.cursor
		res, err := c.db.ApplyPulled(ctx, p.changes, next)
		if err != nil {
			return err
		}
		if len(res.ClockAhead) > 0 {
			c.log.Warn().Strs("hlc", res.ClockAhead[:min(3, len(res.ClockAhead))]).
				Msg("sync: changes stamped more than 5 minutes ahead of this machine's clock; the clock did not follow them")
		}
		c.setStatus(func(s *Status) {
			s.Pulled += len(p.changes)
			s.Cursor = next
			s.ClockAhead = s.ClockAhead || len(res.ClockAhead) > 0
			pr.show(s, next, !p.more)
		})
		c.notify()
		if !p.more {
			if err := pr.finish(outer, c.db); err != nil {
				c.log.Warn().Err(err).Msg("sync: the start of the finished download not forgotten")
			}
			return nil
		}
	}
	return ctx.Err()
}

// pullProgress is how far a pull is: from the cursor its download started at to the server's
// head when it began (head < 0: unknown).
type pullProgress struct {
	from, head int64
	stored     bool // from is kept in local_meta until the download reaches the end
}

// startProgress asks the server's head (GET /v1/head, outside the pinned contract) once at
// the start of a pull and shows the pull's progress from there. A server that does not
// answer it (an older one: 404) costs nothing but the percentage. A download cut before its
// end left where it started in local_meta: its progress goes on from there.
func (c *Client) startProgress(ctx context.Context, cn *conn, after int64) *pullProgress {
	pr := &pullProgress{from: after, head: -1}
	var h syncwire.HeadResponse
	if _, err := cn.do(ctx, http.MethodGet, "/v1/head", nil, &h, nil); err != nil {
		c.log.Debug().Str("code", CodeOf(err)).Msg("sync: the server does not tell its head; the pull shows no percentage")
	} else {
		pr.head = h.Cursor
	}
	if v, _ := c.db.LocalMeta(ctx, store.MetaSyncPullFrom); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n <= after {
			pr.from, pr.stored = n, true
		}
	}
	if !pr.stored && pr.head > after {
		if err := c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncPullFrom: strconv.FormatInt(after, 10)}); err == nil {
			pr.stored = true
		}
	}
	c.setStatus(func(s *Status) {
		s.Pulling = true
		pr.show(s, after, false)
	})
	c.notify()
	return pr
}

// show sets the status's progress at cursor cur (end: the server said no more).
func (pr *pullProgress) show(s *Status, cur int64, end bool) {
	s.HeadKnown = pr.head >= 0
	if !s.HeadKnown {
		return
	}
	s.PullTotal = max(pr.head-pr.from, 0)
	s.PullDone = min(max(cur-pr.from, 0), s.PullTotal)
	switch {
	case end || s.PullTotal == 0:
		// Compacted entries at the end of the log leave the last cursor below the head.
		s.PullDone, s.Progress = s.PullTotal, 1
	default:
		s.Progress = float64(s.PullDone) / float64(s.PullTotal)
	}
}

// finish forgets where the download started, once it reached the server's end (a start kept
// by mistake only shows the next pulls as further along than they are).
func (pr *pullProgress) finish(ctx context.Context, db *store.DB) error {
	if !pr.stored {
		return nil
	}
	return db.SetLocalMeta(ctx, map[string]string{store.MetaSyncPullFrom: ""})
}

// fetchPages requests pages from after on until the server says no more, an error, or ctx
// ends; it closes pages when it stops.
func (c *Client) fetchPages(ctx context.Context, cn *conn, after int64, pages chan<- pulledPage) {
	defer close(pages)
	for {
		var out syncwire.PullResponse
		p := pulledPage{}
		if _, err := cn.do(ctx, http.MethodGet, fmt.Sprintf("/v1/pull?after=%d&limit=%d", after, c.opt.PullLimit), nil, &out, nil); err != nil {
			p.err = err
		} else if out.Cursor < after {
			p.err = fail(CodeServerError, fmt.Errorf("server cursor went back from %d to %d", after, out.Cursor))
		} else {
			p = pulledPage{changes: out.Changes, cursor: out.Cursor, more: out.More}
		}
		select {
		case pages <- p:
		case <-ctx.Done():
			return
		}
		if p.err != nil || !p.more {
			return
		}
		after = p.cursor
	}
}

// Kick asks the background loop to sync now.
func (c *Client) Kick() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Run syncs in the background until ctx ends: at once when it starts (a workstation that
// restarted into the organization's copy, or was closed a while, brings in what changed
// since without waiting an Interval), then every Interval, at once on Kick, and after a
// failure again with a growing pause (up to 5 minutes) so an unreachable server is not
// hammered.
func (c *Client) Run(ctx context.Context) {
	backoff := time.Duration(0)
	for first := true; ; first = false {
		wait := c.opt.Interval
		if backoff > 0 {
			wait = backoff
		}
		if first {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		case <-time.After(wait):
		}
		if !c.db.SyncEnabled() {
			continue
		}
		err := c.SyncOnce(ctx)
		switch {
		case err == nil:
			backoff = 0
		case CodeOf(err) == CodeRevoked:
			backoff = 5 * time.Minute
		default:
			backoff = min(max(2*backoff, 2*time.Second), 5*time.Minute)
		}
	}
}

func (c *Client) setStatus(f func(*Status)) {
	c.mu.Lock()
	f(&c.status)
	c.mu.Unlock()
}

func (c *Client) notify() {
	if c.opt.OnStatus != nil {
		// One at a time, copy and send together: two goroutines (the background loop, a
		// Status call) must not send their copies out of order, or the window keeps a stale
		// "syncing" after the sync ended.
		c.notifyMu.Lock()
		defer c.notifyMu.Unlock()
		c.mu.Lock()
		c.status.Seq++
		s := c.status
		c.mu.Unlock()
		c.opt.OnStatus(s)
	}
}

// refresh re-reads the counts and settings the status shows.
func (c *Client) refresh(ctx context.Context) {
	pending, _ := c.db.OutboxCount(ctx)
	parked, _ := c.db.ParkedCount(ctx)
	conflicts, _ := c.db.OpenConflictCount(ctx)
	url, _ := c.db.LocalMeta(ctx, store.MetaSyncURL)
	pin, _ := c.db.LocalMeta(ctx, store.MetaSyncCertPin)
	last, _ := c.db.LocalMeta(ctx, store.MetaSyncLastSync)
	lastErr, _ := c.db.LocalMeta(ctx, store.MetaSyncLastErr)
	dev := ""
	if c.db.SyncEnabled() {
		dev = c.db.DeviceID()
	}
	c.setStatus(func(s *Status) {
		s.Configured = c.db.SyncEnabled()
		s.ServerURL, s.Fingerprint, s.DeviceID = url, pin, dev
		s.Pending, s.Parked, s.Conflicts = pending, parked, conflicts
		s.LastSync = last
		if !s.Running {
			s.Error = lastErr
			if err := c.db.Refusal(); err != nil {
				s.Error = CodeOf(err) // the file takes no note of it: it is read-only now
			}
		}
	})
	c.notify()
}

// Status returns the current sync status.
func (c *Client) Status(ctx context.Context) Status {
	c.refresh(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}
