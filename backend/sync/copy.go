package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/syncwire"
)

// A workstation's first download through the organization's ready copy (docs/sync.md, "A
// workstation's first download"): a workstation that joins with an empty store, when the
// server's log is long, downloads the server's workstation-format copy (GET /v1/snapshot)
// instead of pulling and applying every change, checks it, writes its own local state into
// it (store.DB.AdoptCopy), stages it as the pending restore (backup.StageFile) and asks the
// app to restart; after the restart the usual pull brings the changes after the copy's
// cursor. Anything that keeps the copy from being used (an older server, no copy yet, a
// newer schema, a bad checksum, no space) falls back to the page pull; a download cut by
// the network is resumed (Range) by the next sync.

// DefaultCopyFrom is the server head (changes) from which a joining workstation downloads
// the organization's copy instead of pulling every change.
const DefaultCopyFrom = 20000

// copySuffix names the download beside the database file.
const copySuffix = ".snapshot.partial"

// errNoCopy: the copy cannot be used; the pull goes on page by page.
var errNoCopy = errors.New("no usable copy")

// errStaged ends a sync whose pull staged the copy: the app restarts into it.
var errStaged = errors.New("the organization's copy is staged")

// copyInfo is what the server says of its copy.
type copyInfo struct {
	cursor int64
	schema int
	size   int64
	sha    string
}

// joinFromCopy downloads, checks, adopts and stages the organization's copy when this is a
// first download into an empty store of a long log; it says whether it staged one. An
// error is a cut download (kept for the next sync to resume); any other failure returns
// false to pull page by page.
func (c *Client) joinFromCopy(ctx context.Context, cn *conn) (bool, error) {
	from := c.opt.CopyFrom
	if from == 0 {
		from = DefaultCopyFrom
	}
	if c.opt.OnCopyStaged == nil || from < 0 {
		return false, nil
	}
	var h syncwire.HeadResponse
	if _, err := cn.do(ctx, http.MethodGet, "/v1/head", nil, &h, nil); err != nil || h.Cursor < from {
		return false, nil
	}
	var users int
	if err := c.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil || users > 0 {
		return false, nil
	}
	part := c.db.Path() + copySuffix
	t0 := time.Now()
	info, err := c.downloadCopy(ctx, cn, part)
	var t1, t2 time.Time
	if err == nil {
		t1 = time.Now()
		if err = c.db.AdoptCopy(ctx, part, info.cursor); err == nil {
			t2 = time.Now()
			err = backup.StageFile(part, c.db.Path())
		}
		if err != nil {
			err = fmt.Errorf("%w: %w", errNoCopy, err)
		}
	}
	if errors.Is(err, errNoCopy) {
		c.log.Info().Err(err).Msg("sync: the organization's copy not used; pulling every change")
		c.dropCopy(ctx, part)
		c.setStatus(func(s *Status) { s.Copy, s.PullDone, s.PullTotal, s.Progress = false, 0, 0, 0 })
		return false, nil
	}
	if err != nil {
		c.setStatus(func(s *Status) { s.Pulling, s.Copy = false, false })
		return false, err // cut: the next sync resumes it
	}
	_ = c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncCopy: ""})
	c.staged.Store(true)
	c.log.Info().Int64("cursor", info.cursor).Int64("bytes", info.size).Dur("download", t1.Sub(t0)).Dur("adopt", t2.Sub(t1)).
		Dur("stage", time.Since(t2)).Msg("sync: the organization's copy is staged; restarting into it")
	c.setStatus(func(s *Status) { s.Restart, s.Progress = true, 1 })
	c.notify()
	c.opt.OnCopyStaged()
	return true, nil
}

// dropCopy forgets a download that cannot be used.
func (c *Client) dropCopy(ctx context.Context, part string) {
	for _, s := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(part + s)
	}
	_ = c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncCopy: ""})
}

// downloadCopy fetches the server's copy into part, going on from what a cut download left
// there when it is the same copy (Range, If-Range), and checks its size and SHA-256. The
// status shows the bytes received.
func (c *Client) downloadCopy(ctx context.Context, cn *conn, part string) (copyInfo, error) {
	var have int64
	etag, _ := c.db.LocalMeta(ctx, store.MetaSyncCopy)
	if fi, err := os.Stat(part); err == nil && etag != "" {
		have = fi.Size()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cn.base+"/v1/snapshot", nil)
	if err != nil {
		return copyInfo{}, err
	}
	req.Header.Set("Authorization", "Bearer "+cn.token)
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
		req.Header.Set("If-Range", `"`+etag+`"`)
	}
	hc := *cn.hc
	hc.Timeout = 0 // a large file: the context bounds it, not a request timeout
	resp, err := hc.Do(req)
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return copyInfo{}, se
		}
		return copyInfo{}, fail(CodeUnreachable, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		have = 0
	case http.StatusPartialContent:
		if !strings.HasPrefix(resp.Header.Get("Content-Range"), fmt.Sprintf("bytes %d-", have)) {
			return copyInfo{}, fmt.Errorf("%w: content range %q", errNoCopy, resp.Header.Get("Content-Range"))
		}
	case http.StatusUnauthorized:
		return copyInfo{}, fail(CodeRevoked, nil)
	default:
		return copyInfo{}, fmt.Errorf("%w: status %d", errNoCopy, resp.StatusCode)
	}
	info, err := copyHeaders(resp.Header)
	if err != nil {
		return copyInfo{}, err
	}
	if resp.StatusCode == http.StatusPartialContent && info.sha != etag {
		return copyInfo{}, fmt.Errorf("%w: the copy changed under a resumed download", errNoCopy)
	}
	if err := c.db.SetLocalMeta(ctx, map[string]string{store.MetaSyncCopy: info.sha}); err != nil {
		return copyInfo{}, fmt.Errorf("%w: %w", errNoCopy, err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if have > 0 {
		flags = os.O_WRONLY | os.O_APPEND
	}
	// The SHA-256 is computed as the file is written (a resumed download hashes what it kept
	// first): one pass over the file fewer than reading it again.
	h := sha256.New()
	if have > 0 {
		if err := hashInto(h, part); err != nil {
			return copyInfo{}, fmt.Errorf("%w: %w", errNoCopy, err)
		}
	}
	f, err := os.OpenFile(part, flags, 0o600) // #nosec G304 -- beside the app's own database file
	if err != nil {
		return copyInfo{}, fmt.Errorf("%w: %w", errNoCopy, err)
	}
	done, werr, rerr := c.receive(io.MultiWriter(f, h), resp.Body, have, info.size)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		return copyInfo{}, fmt.Errorf("%w: %w", errNoCopy, err) // no space, a bad disk
	}
	if rerr != nil || done < info.size {
		return copyInfo{}, fail(CodeUnreachable, fmt.Errorf("the copy's download stopped at %d of %d bytes: %v", done, info.size, rerr))
	}
	if done != info.size {
		return copyInfo{}, fmt.Errorf("%w: %d bytes, the server said %d", errNoCopy, done, info.size)
	}
	if hex.EncodeToString(h.Sum(nil)) != info.sha {
		return copyInfo{}, fmt.Errorf("%w: checksum mismatch", errNoCopy)
	}
	return info, nil
}

// receive writes body to f, from byte have of a file of size bytes, showing the progress;
// it returns the size reached, a write error and a read error.
func (c *Client) receive(f io.Writer, body io.Reader, have, size int64) (int64, error, error) {
	show := func(done int64) {
		c.setStatus(func(s *Status) {
			s.Copy, s.Pulling, s.HeadKnown = true, true, true
			s.PullDone, s.PullTotal = min(done, size), size
			s.Progress = float64(s.PullDone) / float64(max(size, 1))
		})
		c.notify()
	}
	show(have)
	buf := make([]byte, 1<<20)
	shown := have
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			if _, err := f.Write(buf[:n]); err != nil {
				return have, err, nil
			}
			have += int64(n)
			if have-shown >= size/100 || have == size {
				show(have)
				shown = have
			}
		}
		if errors.Is(rerr, io.EOF) {
			return have, nil, nil
		}
		if rerr != nil {
			return have, nil, rerr
		}
	}
}

// copyHeaders reads what the server says of its copy; a copy this build cannot open (a
// newer schema) or an answer without them (not a copy) is errNoCopy.
func copyHeaders(h http.Header) (copyInfo, error) {
	var info copyInfo
	var err1, err2, err3 error
	info.cursor, err1 = strconv.ParseInt(h.Get(syncwire.SnapshotCursorHeader), 10, 64)
	info.schema, err2 = strconv.Atoi(h.Get(syncwire.SnapshotSchemaHeader))
	info.size, err3 = strconv.ParseInt(h.Get(syncwire.SnapshotSizeHeader), 10, 64)
	info.sha = h.Get(syncwire.SnapshotSHA256Header)
	if err := errors.Join(err1, err2, err3); err != nil || len(info.sha) != 64 || info.cursor < 0 || info.size <= 0 {
		return copyInfo{}, fmt.Errorf("%w: no description of the copy", errNoCopy)
	}
	if info.schema > store.SchemaVersion() {
		return copyInfo{}, fmt.Errorf("%w: schema %d is newer than this build's %d", errNoCopy, info.schema, store.SchemaVersion())
	}
	return info, nil
}

// hashInto feeds the file at path to h.
func hashInto(h io.Writer, path string) error {
	f, err := os.Open(path) // #nosec G304 -- the download beside the app's own database file
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	return err
}
