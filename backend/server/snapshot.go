package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/startup"
	"github.com/plantel/plantel/backend/store"
)

// The organization's ready copy (docs/sync.md, "A workstation's first download"): the server
// keeps a workstation-format SQLite file (backend/store, the same migrations) current from
// its own change log, applying Storage.Pull pages with the very store code a workstation
// pulls with (store.DB.ApplyPulled, then FillSearchBacklog), and publishes an immutable copy
// of it, snapshot-<cursor>.db, for GET /v1/snapshot. A joining workstation downloads that
// file and pulls only the changes after its cursor. The copy is a cache derived from the
// storage: nothing in it is not in the change log, so each server process (several may share
// one PostgreSQL) may build its own, and a lost directory is rebuilt from the log.

// SnapshotDirEnv overrides where the copies are kept (the command line is pinned).
const SnapshotDirEnv = "PLANTEL_SERVER_SNAPSHOT_DIR"

// Defaults of SnapshotConfig.
const (
	DefaultSnapshotMinGrowth = 5000
	DefaultSnapshotFraction  = 0.10
	DefaultSnapshotDebounce  = 10 * time.Second
	DefaultSnapshotEvery     = 5 * time.Minute
)

// SnapshotConfig tunes Snapshots; zero fields take the defaults.
type SnapshotConfig struct {
	// Dir holds the builder's file (build.db), the published copies and their descriptions.
	Dir string
	// A new copy is published when the log grew by at least max(MinGrowth, Fraction × the
	// last copy's cursor) changes since the last copy (the first copy: as soon as there is
	// one change). Writing a copy costs a read of the whole file, so a large organization
	// publishes less often; a joining workstation pulls the tail.
	MinGrowth int64
	Fraction  float64
	// Debounce is how long Run waits after a push before it catches up (pushes in a row
	// make one catch-up); Every is how often it looks anyway (pushes to another server
	// process on the same PostgreSQL).
	Debounce, Every time.Duration
}

// SnapshotInfo describes one published copy.
type SnapshotInfo struct {
	Path   string `json:"-"`
	Cursor int64  `json:"cursor"`
	Schema int    `json:"schema"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Snapshots builds and publishes the organization's copies in one directory.
type Snapshots struct {
	st   Storage
	cfg  SnapshotConfig
	log  zerolog.Logger
	kick chan struct{}

	mu      gosync.Mutex // one build at a time
	db      *store.DB    // the builder's file, open while this process holds the directory
	release func()
	other   bool // another process on this machine holds the directory: it builds
}

// NewSnapshots keeps the copies of st's organization in cfg.Dir. Nothing happens before
// Build or Run.
func NewSnapshots(st Storage, cfg SnapshotConfig, log zerolog.Logger) *Snapshots {
	if cfg.MinGrowth <= 0 {
		cfg.MinGrowth = DefaultSnapshotMinGrowth
	}
	if cfg.Fraction <= 0 {
		cfg.Fraction = DefaultSnapshotFraction
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultSnapshotDebounce
	}
	if cfg.Every <= 0 {
		cfg.Every = DefaultSnapshotEvery
	}
	return &Snapshots{st: st, cfg: cfg, log: log, kick: make(chan struct{}, 1)}
}

// SnapshotDir is where the copies of the storage at dsn go: PLANTEL_SERVER_SNAPSHOT_DIR when
// set; beside a SQLite file, PATH.snapshots; for PostgreSQL, the user's cache directory
// (plantel-server/<organization id>), a cache of this process's machine.
func SnapshotDir(ctx context.Context, dsn string, st Storage) (string, error) {
	if d := os.Getenv(SnapshotDirEnv); d != "" {
		return d, nil
	}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		org, err := st.OrgID(ctx)
		if err != nil {
			return "", err
		}
		return filepath.Join(cache, "plantel-server", org), nil
	}
	return strings.TrimPrefix(dsn, "sqlite:") + ".snapshots", nil
}

// Dir is the directory of the copies.
func (b *Snapshots) Dir() string { return b.cfg.Dir }

// Kick asks Run to catch up after its debounce (a push was applied).
func (b *Snapshots) Kick() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// Run catches up and publishes at the start, Debounce after pushes, and every Every, until
// ctx ends. It never runs inside a request, and never holds the storage's write lock (a
// pull does not take it).
func (b *Snapshots) Run(ctx context.Context) {
	wait := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		case <-b.kick:
			select {
			case <-ctx.Done():
				return
			case <-time.After(b.cfg.Debounce):
			}
		}
		if _, err := b.Build(ctx); err != nil && ctx.Err() == nil {
			b.log.Error().Err(err).Msg("snapshot: the organization's copy not brought up to date")
		}
		wait = b.cfg.Every
	}
}

// open takes the directory (an flock: one builder per machine and directory) and opens the
// builder's file. Another process holding it leaves b.db nil: that process builds, this one
// serves what it publishes.
func (b *Snapshots) open(ctx context.Context) error {
	if b.db != nil || b.other {
		return nil
	}
	if err := os.MkdirAll(b.cfg.Dir, 0o700); err != nil {
		return err
	}
	release, err := startup.Lock(b.cfg.Dir)
	if errors.Is(err, startup.ErrRunning) {
		b.other = true
		b.log.Info().Msg("snapshot: another server process on this machine builds the copies")
		return nil
	}
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, filepath.Join(b.cfg.Dir, "build.db"), store.Options{})
	if err != nil {
		release()
		return err
	}
	b.db, b.release = db, release
	return nil
}

// Build brings the builder's file up to the change log's end and publishes a copy when the
// log grew enough since the last one; it returns the copy published (nil when none was).
func (b *Snapshots) Build(ctx context.Context) (*SnapshotInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.open(ctx); err != nil || b.db == nil {
		return nil, err
	}
	start := time.Now()
	cur, n, err := b.catchUp(ctx)
	if err != nil {
		return nil, err
	}
	last, err := b.Latest()
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	due := last == nil && cur > 0
	if last != nil {
		due = cur-last.Cursor >= max(b.cfg.MinGrowth, int64(b.cfg.Fraction*float64(last.Cursor)))
	}
	if !due {
		if n > 0 {
			b.log.Info().Int("changes", n).Int64("cursor", cur).Dur("dur", time.Since(start)).Msg("snapshot: caught up")
		}
		return nil, nil
	}
	info, err := b.publish(ctx, cur)
	if err != nil {
		return nil, err
	}
	b.log.Info().Int("changes", n).Int64("cursor", cur).Int64("bytes", info.Size).Dur("dur", time.Since(start)).Msg("snapshot: copy published")
	return info, nil
}

// catchUp applies the change log after the builder's cursor, page by page, exactly as a
// workstation's pull does; it returns the cursor reached and how many changes it applied.
func (b *Snapshots) catchUp(ctx context.Context) (int64, int, error) {
	v, err := b.db.LocalMeta(ctx, store.MetaSyncCursor)
	if err != nil {
		return 0, 0, err
	}
	cur, _ := strconv.ParseInt(v, 10, 64)
	n := 0
	defer func() {
		// However the catch-up ended, as a workstation's pull does.
		if err := b.db.FillSearchBacklog(context.WithoutCancel(ctx)); err != nil {
			b.log.Warn().Err(err).Msg("snapshot: search index of the copy not filled yet")
		}
	}()
	for {
		raw, last, more, err := b.st.Pull(ctx, cur, MaxPullLimit)
		if err != nil {
			return cur, n, err
		}
		if len(raw) > 0 {
			changes := make([]store.Change, len(raw))
			for i, r := range raw {
				if changes[i], err = store.DecodeChange(r); err != nil {
					return cur, n, fmt.Errorf("snapshot: change-log entry after %d: %w", cur, err)
				}
			}
			if _, err := b.db.ApplyPulled(ctx, changes, last); err != nil {
				return cur, n, err
			}
			n += len(raw)
		}
		cur = last
		if !more {
			return cur, n, nil
		}
	}
}

// keepCopies is how many published copies stay: the newest, and the one before it for a
// download still under way (a removed file stays readable to whoever has it open).
const keepCopies = 2

func copyName(cursor int64) string { return fmt.Sprintf("snapshot-%d.db", cursor) }

// publish writes an immutable copy of the builder's file at cursor with the store's online
// backup, describes it (size, SHA-256, schema) beside it, and publishes it with one rename;
// older copies beyond keepCopies go.
func (b *Snapshots) publish(ctx context.Context, cursor int64) (*SnapshotInfo, error) {
	staging := filepath.Join(b.cfg.Dir, fmt.Sprintf("staging-%d.db", cursor))
	if err := b.db.Snapshot(ctx, staging, nil); err != nil {
		return nil, err
	}
	defer os.Remove(staging)
	info := &SnapshotInfo{Path: filepath.Join(b.cfg.Dir, copyName(cursor)), Cursor: cursor, Schema: store.SchemaVersion()}
	f, err := os.Open(staging) // #nosec G304 -- the builder's own file in its directory
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	info.Size, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return nil, err
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	desc, _ := json.Marshal(info)
	tmp := strings.TrimSuffix(info.Path, ".db") + ".json.partial"
	if err := os.WriteFile(tmp, desc, 0o600); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, strings.TrimSuffix(info.Path, ".db")+".json"); err != nil {
		return nil, err
	}
	if err := os.Rename(staging, info.Path); err != nil {
		return nil, err
	}
	copies, err := b.copies()
	if err != nil {
		return nil, err
	}
	for i, c := range copies {
		if i >= keepCopies {
			_ = os.Remove(filepath.Join(b.cfg.Dir, copyName(c)))
			_ = os.Remove(filepath.Join(b.cfg.Dir, strings.TrimSuffix(copyName(c), ".db")+".json"))
		}
	}
	return info, nil
}

// copies lists the cursors of the published copies, newest first.
func (b *Snapshots) copies() ([]int64, error) {
	entries, err := os.ReadDir(b.cfg.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range entries {
		name := e.Name()
		v, ok := strings.CutPrefix(name, "snapshot-")
		if !ok || !strings.HasSuffix(v, ".db") {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSuffix(v, ".db"), 10, 64); err == nil && copyName(n) == name {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] > out[j] })
	return out, nil
}

// Latest is the newest published copy (read from the directory: another process on this
// machine may have published it); ErrNotFound when there is none.
func (b *Snapshots) Latest() (*SnapshotInfo, error) {
	copies, err := b.copies()
	if err != nil {
		return nil, err
	}
	for _, c := range copies {
		path := filepath.Join(b.cfg.Dir, copyName(c))
		desc, err := os.ReadFile(strings.TrimSuffix(path, ".db") + ".json")
		if err != nil {
			continue
		}
		var info SnapshotInfo
		if json.Unmarshal(desc, &info) != nil || info.Cursor != c {
			continue
		}
		info.Path = path
		return &info, nil
	}
	return nil, ErrNotFound
}

// Close closes the builder's file and lets go of the directory.
func (b *Snapshots) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var err error
	if b.db != nil {
		err = b.db.Close()
		b.release()
		b.db, b.release = nil, nil
	}
	return err
}
