package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
)

// The sync operations of issue #9: the first download of the whole dataset into an empty
// workstation (rows/s) and one change made on A reaching B through the server (p50).
func init() {
	SyncOps = append(SyncOps,
		Op{"sync_initial_pull", "≥ 50,000 rows/s, ≤ 4× bare", opSyncInitialPull},
		Op{"sync_one_change", "p50 ≤ 50 ms", opSyncOneChange},
	)
}

// syncRun is the sync server of a bench run, seeded with the dataset (uploaded by the
// bench's own workstation, e.DB), and the workstations the operations made.
type syncRun struct {
	url    string
	st     server.Storage
	snap   *server.Snapshots
	built  time.Duration // the server's one-off build of its copy of the organization
	hs     *http.Server
	a, b   *store.DB // a: the dataset's workstation (the uploader); b: a downloaded one
	ca, cb *plsync.Client
}

var syncRuns = map[*Env]*syncRun{}

// startSync starts a server on 127.0.0.1 with a SQLite file in the run's directory and
// uploads the dataset to it through the client's real push (not measured).
func (e *Env) startSync(ctx context.Context) (*syncRun, error) {
	if r := syncRuns[e]; r != nil {
		return r, nil
	}
	st, err := server.OpenStorage(ctx, "sqlite:"+filepath.Join(e.Dir, "server.db"))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		return nil, err
	}
	snap := server.NewSnapshots(st, server.SnapshotConfig{Dir: filepath.Join(e.Dir, "server.db.snapshots")}, zerolog.Nop())
	hs := server.NewHTTPServer(server.New(server.Config{Storage: st, Log: zerolog.Nop(), Snapshots: snap}))
	go func() { _ = hs.Serve(ln) }()
	r := &syncRun{url: "http://" + ln.Addr().String(), st: st, snap: snap, hs: hs, a: e.DB}
	syncRuns[e] = r
	start := time.Now()
	fmt.Fprintf(e.Log, "  uploading the dataset to a sync server on %s...\n", r.url)
	r.ca = plsync.New(e.DB, plsync.Options{BatchSize: 5000, DeviceName: "bench A"})
	if _, err := r.enroll(ctx, r.ca); err != nil {
		return nil, err
	}
	if err := r.ca.Upload(ctx); err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if s := r.ca.Status(ctx); s.Pending > 0 || s.Conflicts > 0 {
		return nil, fmt.Errorf("upload left %d changes waiting, %d refused", s.Pending, s.Conflicts)
	}
	fmt.Fprintf(e.Log, "  uploaded in %s\n", time.Since(start).Round(time.Second))
	// The server's ready copy of the organization, which a joining workstation downloads:
	// built once, as plantel-server does in the background after pushes.
	start = time.Now()
	info, err := snap.Build(ctx)
	if err != nil || info == nil {
		return nil, fmt.Errorf("the server's copy: %v %w", info, err)
	}
	r.built = time.Since(start)
	fmt.Fprintf(e.Log, "  the server built its copy of the organization in %s (%d MB)\n", r.built.Round(time.Millisecond), info.Size>>20)
	return r, nil
}

func (r *syncRun) enroll(ctx context.Context, c *plsync.Client) (plsync.Status, error) {
	code, _, err := server.NewEnrollCode(ctx, r.st, time.Now())
	if err != nil {
		return plsync.Status{}, err
	}
	return c.Enroll(ctx, r.url, code)
}

func (r *syncRun) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = r.hs.Shutdown(ctx)
	if r.b != nil {
		r.b.Close()
	}
	_ = r.snap.Close()
	r.st.Close()
}

func syncedRows(ctx context.Context, db *store.DB) (int, error) {
	n := 0
	for _, t := range store.SyncedTables() {
		var c int
		// #nosec G202 -- a table name from the store's own registry
		if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&c); err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// uploadedRows counts the rows of db that sync carries: those with a row clock. The rows the
// bench's bare comparisons INSERT into the product file around the write path have none.
func uploadedRows(ctx context.Context, db *store.DB) (int, error) {
	n := 0
	for _, t := range store.SyncedTables() {
		var c int
		// #nosec G202 -- a table name from the store's own registry
		if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t+" t JOIN sync_row_clock r ON r.tbl = ? AND r.row_id = t.id", t).Scan(&c); err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// opSyncInitialPull: a new workstation with an empty data file joins the organization over
// loopback as the product does for a large one: it downloads the server's ready copy, checks
// it, writes its own state into it and stages it; the store closes, the copy is put in place
// as the app's restart does (backup.FinishRestore), the store opens on it and pulls what
// came after the copy. Rows per second of that whole join (every synced row of the dataset,
// with its search indexes, name orders and History). The server's one-off build of the copy
// is reported apart in the note. Runs twice at the small size, once at the full and tiny
// sizes.
func opSyncInitialPull(ctx context.Context, e *Env) (Result, error) {
	r, err := e.startSync(ctx)
	if err != nil {
		return Result{}, err
	}
	runs := 1
	if e.Size.Name == SmallSize.Name {
		runs = 2
	}
	var times, bare []float64
	rows := 0
	for i := range runs {
		if r.b != nil {
			r.b.Close()
		}
		path := filepath.Join(e.Dir, fmt.Sprintf("joined-%d", i), store.FileName)
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			return Result{}, err
		}
		staged := false
		opt := plsync.Options{DeviceName: "bench B", CopyFrom: 1, OnCopyStaged: func() { staged = true }}
		r.b, r.cb = db, plsync.New(db, opt)
		code, _, err := server.NewEnrollCode(ctx, r.st, time.Now())
		if err != nil {
			return Result{}, err
		}
		t0 := time.Now()
		if _, err := r.cb.Join(ctx, r.url, code); err != nil {
			return Result{}, err
		}
		if err := r.cb.SyncOnce(ctx); err != nil {
			return Result{}, fmt.Errorf("join: %w", err)
		}
		if !staged {
			return Result{}, errors.New("join: the server's copy was not used")
		}
		db.Close()
		if _, err := backup.FinishRestore(path, time.Now()); err != nil {
			return Result{}, err
		}
		if db, err = store.Open(ctx, path, store.Options{}); err != nil {
			return Result{}, err
		}
		r.b, r.cb = db, plsync.New(db, opt)
		if err := r.cb.SyncOnce(ctx); err != nil {
			return Result{}, fmt.Errorf("pull after the copy: %w", err)
		}
		d := time.Since(t0)
		if rows, err = syncedRows(ctx, db); err != nil {
			return Result{}, err
		}
		times = append(times, ms(d))
		bd, n, err := barePull(ctx, e.Dir, db, i)
		if err != nil {
			return Result{}, fmt.Errorf("bare inserts: %w", err)
		}
		bare = append(bare, ms(bd))
		fmt.Fprintf(e.Log, "  join %d through the copy: %d rows in %s (%.0f rows/s); the same %d rows INSERTed bare: %s\n", i+1, rows,
			d.Round(time.Millisecond), float64(rows)/d.Seconds(), n, bd.Round(time.Millisecond))
	}
	want, err := uploadedRows(ctx, e.DB)
	if err != nil {
		return Result{}, err
	}
	if rows != want {
		return Result{}, fmt.Errorf("the download has %d rows, the uploader %d", rows, want)
	}
	med, bmed := quantile(times, 0.5), quantile(bare, 0.5)
	rate := float64(rows) / (med / 1000)
	return Result{MedianMs: med, P95Ms: quantile(times, 0.95), BareMedianMs: bmed, Ratio: med / bmed, Runs: runs, RowsPerSec: rate,
		Verdict: verdict(rate >= 50_000 && med/bmed <= 4),
		Note: fmt.Sprintf("%d rows (every synced row of the dataset) into an empty workstation over loopback, through the server's ready copy (downloaded, checked, adopted, staged, put in place, the store reopened, the tail pulled): %.0f rows/s (median of %d); the server's one-off build of the copy took %s (%.0f rows/s); the server is in this process; bare: the same rows with plain prepared INSERTs into an empty file of the same schema (its triggers on, foreign keys off), 5,000 per transaction, after each join; %s",
			rows, rate, runs, r.built.Round(time.Millisecond), float64(rows)/r.built.Seconds(), loadAverage())}, nil
}

// barePull INSERTs every synced row of src, table by table in rowid order, into a new file of
// the same schema with one plain prepared INSERT per table, 5,000 rows per transaction (a pull
// page), foreign keys off (the order of the tables need not follow them); the rows are read
// outside the time measured. It returns the time of the inserts and the rows inserted.
func barePull(ctx context.Context, dir string, src *store.DB, i int) (time.Duration, int, error) {
	bare, err := sql.Open("sqlite", sqliteDSN(filepath.Join(dir, fmt.Sprintf("bare-pull-%d.db", i))))
	if err != nil {
		return 0, 0, err
	}
	defer bare.Close()
	bare.SetMaxOpenConns(1)
	if err := store.Migrate(ctx, bare); err != nil {
		return 0, 0, err
	}
	if _, err := bare.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return 0, 0, err
	}
	var took time.Duration
	n := 0
	for _, t := range store.SyncedTables() {
		for after := int64(-1 << 62); ; {
			// #nosec G202 -- a table name from the store's own registry
			rows, err := src.Read().QueryContext(ctx, "SELECT rowid, * FROM "+t+" WHERE rowid > ? ORDER BY rowid LIMIT 5000", after)
			if err != nil {
				return 0, 0, err
			}
			cols, _ := rows.Columns()
			var batch [][]any
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for j := range vals {
					ptrs[j] = &vals[j]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return 0, 0, err
				}
				after = vals[0].(int64)
				batch = append(batch, vals[1:])
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, 0, err
			}
			if len(batch) == 0 {
				break
			}
			t0 := time.Now()
			tx, err := bare.BeginTx(ctx, nil)
			if err != nil {
				return 0, 0, err
			}
			st, err := tx.PrepareContext(ctx, "INSERT INTO "+t+"("+strings.Join(cols[1:], ", ")+") VALUES (?"+strings.Repeat(", ?", len(cols)-2)+")")
			if err != nil {
				tx.Rollback()
				return 0, 0, err
			}
			for _, r := range batch {
				if _, err := st.ExecContext(ctx, r...); err != nil {
					st.Close()
					tx.Rollback()
					return 0, 0, fmt.Errorf("%s: %w", t, err)
				}
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				return 0, 0, err
			}
			took += time.Since(t0)
			n += len(batch)
		}
	}
	return took, n, nil
}

// opSyncOneChange: a user renamed on workstation A (the dataset's) is pushed by A's sync and
// pulled by B's (the downloaded workstation); the time from A's "Sync now" until B holds
// the new name. A's cursor is put where B's is: everything before it is A's own upload.
func opSyncOneChange(ctx context.Context, e *Env) (Result, error) {
	r, err := e.startSync(ctx)
	if err != nil {
		return Result{}, err
	}
	defer func() {
		r.close()
		delete(syncRuns, e)
	}()
	if r.b == nil {
		return Result{}, errors.New("no downloaded workstation (sync_initial_pull runs first)")
	}
	cur, err := r.b.LocalMeta(ctx, store.MetaSyncCursor)
	if err != nil {
		return Result{}, err
	}
	if err := r.a.SetLocalMeta(ctx, map[string]string{store.MetaSyncCursor: cur}); err != nil {
		return Result{}, err
	}
	if _, err := strconv.ParseInt(cur, 10, 64); err != nil {
		return Result{}, fmt.Errorf("cursor %q", cur)
	}
	user := e.plan.users[len(e.plan.users)/2].id
	n := max(e.Size.Reps/2, 5)
	var times []float64
	for i := range n {
		name := fmt.Sprintf("Renombrada %d", i)
		if err := r.a.Write(ctx, e.Owner.UserID, func(tx *store.Tx) error {
			return tx.Update("users", user, store.Fields{"first_name": name})
		}); err != nil {
			return Result{}, err
		}
		t0 := time.Now()
		if err := r.ca.SyncOnce(ctx); err != nil {
			return Result{}, fmt.Errorf("sync of A: %w", err)
		}
		if err := r.cb.SyncOnce(ctx); err != nil {
			return Result{}, fmt.Errorf("sync of B: %w", err)
		}
		times = append(times, ms(time.Since(t0)))
		var got string
		if err := r.b.Read().QueryRowContext(ctx, `SELECT first_name FROM users WHERE id = ?`, user).Scan(&got); err != nil {
			return Result{}, err
		}
		if got != name {
			return Result{}, fmt.Errorf("workstation B has %q, A wrote %q", got, name)
		}
	}
	p50 := quantile(times, 0.5)
	return Result{MedianMs: p50, P95Ms: quantile(times, 0.95), Runs: n, Verdict: verdict(p50 <= 50),
		Note: "A pushes (its sync: push, then pull) and B pulls, each a full sync over loopback; " + loadAverage()}, nil
}

// loadAverage says how busy the machine was (Linux), since the figures wait for a CPU.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "load average unknown"
	}
	return "load average " + strings.Join(f[:3], " ")
}
