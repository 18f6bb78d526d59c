package sync_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	gosync "sync"
	"testing"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/syncwire"
	"github.com/plantel/plantel/backend/testutil"
)

var (
	longSim = flag.Bool("sync.long", false, "run the long convergence simulation (more workstations and steps)")
	simSeed = flag.Int64("sync.seed", 0, "seed of the convergence simulation (0: from the time)")
)

// chaos is a transport between one workstation and the real server that drops requests,
// loses answers after the server committed, sends requests twice and delays them.
type chaos struct {
	mu       gosync.Mutex
	r        *rand.Rand
	reliable bool
}

var errChaos = errors.New("chaos: connection lost")

func (c *chaos) roll() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reliable {
		return 1
	}
	return c.r.Float64()
}

func (c *chaos) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	send := func() (*http.Response, error) {
		req := r.Clone(r.Context())
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
		}
		return http.DefaultTransport.RoundTrip(req)
	}
	p := c.roll()
	switch {
	case p < 0.08: // never reaches the server
		return nil, errChaos
	case p < 0.16: // the server commits, the answer is lost
		if resp, err := send(); err == nil {
			resp.Body.Close()
		}
		return nil, errChaos
	case p < 0.24: // sent twice (a retrying proxy): the second answer arrives
		if resp, err := send(); err == nil {
			resp.Body.Close()
		}
	case p < 0.32: // delayed: other workstations overtake it
		time.Sleep(time.Duration(1+int(p*100)%5) * time.Millisecond)
	}
	return send()
}

// ws is one simulated workstation.
type ws struct {
	name  string
	db    *store.DB
	c     *plsync.Client
	tr    *chaos
	seen  int64 // outbox seq captured so far
	cur   int64
	clock *skewed
}

type skewed struct{ off time.Duration }

func (s *skewed) Now() time.Time { return time.Now().Add(s.off) }

// world is the simulation's shared knowledge: the ids that exist somewhere, and every
// change any workstation made (the oracle merges them).
type world struct {
	r       *rand.Rand
	owner   string
	wsA     string
	users   []string
	clients []string
	teams   []string
	changes []store.Change
}

func (w *world) pick(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[w.r.Intn(len(ids))]
}

// capture records the changes a workstation queued since the last capture (before a push
// compacts them).
func (w *world) capture(t *testing.T, x *ws) {
	t.Helper()
	rows, err := x.db.Read().Query(`SELECT seq, tbl, row_id, hlc, deleted, fields, actor_id, device_id FROM sync_outbox WHERE seq > ? ORDER BY seq`, x.seen)
	must(t, err)
	defer rows.Close()
	for rows.Next() {
		var c store.Change
		var f string
		must(t, rows.Scan(&x.seen, &c.Table, &c.ID, &c.HLC, &c.Deleted, &f, &c.ActorID, &c.DeviceID))
		var raw map[string]json.RawMessage
		must(t, json.Unmarshal([]byte(f), &raw))
		c.Fields = map[string]json.RawMessage{}
		for k, v := range raw {
			col, _ := wireCol(c.Table, k)
			if col.Type == syncwire.Bool {
				switch string(v) {
				case "0":
					v = json.RawMessage("false")
				case "1":
					v = json.RawMessage("true")
				}
			}
			c.Fields[k] = v
		}
		w.changes = append(w.changes, c)
	}
	must(t, rows.Err())
}

func wireCol(table, col string) (syncwire.Column, bool) {
	t, ok := syncwire.LookupTable(table)
	if !ok {
		return syncwire.Column{}, false
	}
	return t.Column(col)
}

// op makes one random change on x, offline, as the Owner.
func (w *world) op(t *testing.T, x *ws) {
	t.Helper()
	r := w.r
	err := x.db.Write(ctx, w.owner, func(tx *store.Tx) error {
		exists := func(table, id string) bool {
			var n int
			_ = tx.QueryRow(sqSelectOne(table, id)).Scan(&n)
			return n == 1
		}
		switch k := r.Intn(10); {
		case k < 2:
			id := store.NewID()
			w.clients = append(w.clients, id)
			f := store.Fields{"name": fmt.Sprintf("Cliente %d", r.Intn(1000)), "workspace_id": w.wsA}
			if u := w.pick(w.users); u != "" && exists("users", u) {
				f["owner_id"] = u
			}
			return tx.Insert("clients", id, f)
		case k < 4:
			id := w.pick(w.clients)
			if id == "" || !exists("clients", id) {
				return nil
			}
			f := store.Fields{}
			switch r.Intn(3) {
			case 0:
				f["name"] = fmt.Sprintf("Cliente %d", r.Intn(1000))
			case 1:
				f["phone"] = fmt.Sprintf("+51 9%08d", r.Intn(1e8))
			default:
				if u := w.pick(w.users); exists("users", u) {
					f["owner_id"] = u
				} else {
					f["owner_id"] = nil
				}
			}
			return tx.Update("clients", id, f)
		case k < 5:
			id := w.pick(w.clients)
			if id == "" || !exists("clients", id) {
				return nil
			}
			return tx.Delete("clients", id)
		case k < 6:
			id := w.pick(w.clients)
			if id == "" || !exists("clients", id) {
				return nil
			}
			return tx.Insert("followups", store.NewID(), store.Fields{"client_id": id, "due_at": store.Timestamp(time.Now().Add(48 * time.Hour)), "note": "llamar"})
		case k < 7:
			if len(w.teams) < 3 || r.Intn(4) == 0 {
				id := store.NewID()
				w.teams = append(w.teams, id)
				return tx.Insert("teams", id, store.Fields{"name": fmt.Sprintf("Equipo %d", r.Intn(100)), "workspace_id": w.wsA})
			}
			team, u := w.pick(w.teams), w.pick(w.users)
			if !exists("teams", team) || !exists("users", u) {
				return nil
			}
			mid := store.PairID("team_members", team, u)
			if exists("team_members", mid) {
				return tx.Delete("team_members", mid)
			}
			return tx.Insert("team_members", mid, store.Fields{"team_id": team, "user_id": u})
		case k < 9:
			u := w.pick(w.users)
			if !exists("users", u) {
				return nil
			}
			if r.Intn(2) == 0 {
				return tx.Update("users", u, store.Fields{"first_name": fmt.Sprintf("Nombre%d", r.Intn(100))})
			}
			// An access change: (de)activation by the Owner.
			var active int
			_ = tx.QueryRow(sqActive(u)).Scan(&active)
			st := "active"
			if active == 1 {
				st = "inactive"
			}
			return tx.Update("users", u, store.Fields{"active": active == 0, "status": st})
		default:
			u := w.pick(w.users)
			if !exists("users", u) {
				return nil
			}
			return tx.Update("users", u, store.Fields{"presence": []string{"online", "away", "busy", "offline"}[r.Intn(4)]})
		}
	})
	must(t, err)
}

// oracle is the merge of every change made, per row.
func (w *world) oracle() map[string]syncwire.RowState {
	out := map[string]syncwire.RowState{}
	for _, c := range w.changes {
		k := c.Table + "/" + c.ID
		out[k] = syncwire.Apply(out[k], c)
	}
	return out
}

func TestMain(m *testing.M) {
	if os.Getenv(envCrashChild) != "" {
		os.Exit(crashChild()) // a workstation the crash test kills (crash_test.go)
	}
	os.Exit(pgtest.Main(m))
}

// TestConvergence runs the simulation against a server on SQLite; TestConvergencePostgres
// against one on a real PostgreSQL (started by pgtest for this package).
func TestConvergence(t *testing.T) { converge(t, "") }

func TestConvergencePostgres(t *testing.T) { converge(t, pgtest.NewDatabase(t)) }

func converge(t *testing.T, dsn string) {
	seed := *simSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	n, steps := 3, 160
	if *longSim {
		n, steps = 8, 2500
	}
	defer func() {
		if t.Failed() {
			t.Logf("convergence simulation failed with -sync.seed=%d (workstations %d, steps %d)", seed, n, steps)
		}
	}()
	r := rand.New(rand.NewSource(seed))
	srv := servertest.Start(t, dsn)
	w := &world{r: r}

	// Workstation 0 has the organization (made through the real setup) and uploads it.
	env := testutil.NewEnv(t)
	env.Clock.Advance(time.Since(env.Clock.Now()))
	w.owner, w.wsA = env.Owner, env.WorkspaceA
	w.users = []string{env.Admin, env.AgentA, env.AgentB}
	var all []*ws
	mk := func(name string, db *store.DB, clk *skewed) *ws {
		tr := &chaos{r: rand.New(rand.NewSource(r.Int63())), reliable: true}
		x := &ws{name: name, db: db, tr: tr, clock: clk,
			c: plsync.New(db, plsync.Options{Transport: tr, BatchSize: 1 + r.Intn(20), PullLimit: 1 + r.Intn(30)})}
		_, err := x.c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
		must(t, err)
		must(t, x.c.SyncOnce(ctx))
		all = append(all, x)
		return x
	}
	mk("ws0", env.DB, nil)
	for i := 1; i < n; i++ {
		// Clocks skewed by up to ±90 s (less than the server's 5 minutes).
		clk := &skewed{off: time.Duration(r.Intn(180)-90) * time.Second}
		db := testutil.OpenNew(t, filepath.Join(t.TempDir(), store.FileName), store.Options{Now: clk.Now})
		mk(fmt.Sprintf("ws%d", i), db, clk)
	}
	for _, x := range all {
		x.tr.reliable = false
	}

	syncWS := func(x *ws) error {
		w.capture(t, x)
		err := x.c.SyncOnce(ctx)
		cur, _ := x.db.LocalMeta(ctx, store.MetaSyncCursor)
		var c int64
		if cur != "" {
			if _, serr := fmt.Sscan(cur, &c); serr != nil {
				t.Fatalf("%s: cursor %q: %v", x.name, cur, serr)
			}
		}
		if c < x.cur {
			t.Fatalf("%s: cursor went back from %d to %d", x.name, x.cur, c)
		}
		x.cur = c
		return err
	}
	for step := 0; step < steps; step++ {
		x := all[r.Intn(len(all))]
		if step == steps/2 {
			srv.Restart(t)
		}
		if r.Float64() < 0.7 {
			w.op(t, x)
		} else {
			_ = syncWS(x) // failures are expected; the next sync retries
		}
	}
	// Everyone syncs over a reliable network until nothing moves.
	for _, x := range all {
		x.tr.mu.Lock()
		x.tr.reliable = true
		x.tr.mu.Unlock()
	}
	quiet := false
	for round := 0; round < 12 && !quiet; round++ {
		quiet = true
		for _, x := range all {
			before := x.cur
			must(t, syncWS(x))
			if n := count(t, x.db, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
				quiet = false
			}
			if x.cur != before {
				quiet = false
			}
		}
	}
	if !quiet {
		t.Fatal("workstations did not become quiet")
	}
	// A workstation joining at the end downloads the server's state.
	late := empty(t)
	cl := plsync.New(late, plsync.Options{})
	_, err := cl.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cl.SyncOnce(ctx))
	want := dumpSynced(t, late)
	for _, x := range all {
		if n, _ := x.db.OpenConflictCount(ctx); n != 0 {
			confs, _ := x.db.Conflicts(ctx, false, 5)
			t.Fatalf("%s: %d conflicts: %+v", x.name, n, confs)
		}
	}
	for _, x := range all {
		if got := dumpSynced(t, x.db); got != want {
			d := diffLines(got, want)
			for _, l := range strings.Split(d, "\n") {
				f := strings.Fields(strings.Trim(l, "+- "))
				if len(f) < 2 {
					continue
				}
				id := strings.TrimPrefix(f[1], "[")
				for _, y := range append([]*store.DB{late}, x.db) {
					var rc, tomb, kept string
					if err := y.Read().QueryRow(`SELECT COALESCE((SELECT hlc FROM sync_row_clock WHERE row_id = ?1), ''),
						COALESCE((SELECT hlc FROM sync_tombstones WHERE row_id = ?1), ''), COALESCE((SELECT kept FROM sync_tombstones WHERE row_id = ?1), '')`, id).Scan(&rc, &tomb, &kept); err != nil {
						t.Logf("%s: clocks: %v", id, err)
					}
					t.Logf("%s: row clock %q tombstone %q kept %.300s", id, rc, tomb, kept)
				}
				for _, y := range all {
					rows, _ := y.db.Read().Query(`SELECT action, workstation_id, at FROM audit_log WHERE entity_id = ? ORDER BY id`, id)
					for rows != nil && rows.Next() {
						var a, wsid, at string
						if err := rows.Scan(&a, &wsid, &at); err != nil {
							t.Logf("  %s audit: %v", y.name, err)
							continue
						}
						t.Logf("  %s (%s) audit: %s on %s at %s", y.name, y.db.DeviceID(), a, wsid, at)
					}
					if rows != nil {
						_ = rows.Err() // (a diagnostic print on failure)
						rows.Close()
					}
				}
				for _, c := range w.changes {
					if c.ID == id {
						t.Logf("made: %s deleted=%v by %s fields %d %s", c.HLC, c.Deleted, c.DeviceID, len(c.Fields), fmtFields(c.Fields))
					}
				}
			}
			t.Fatalf("%s differs from the server's state:\n%s", x.name, d)
		}
		if n, _ := x.db.ParkedCount(ctx); n != 0 {
			t.Fatalf("%s: %d changes still parked", x.name, n)
		}
		if n, _ := x.db.OpenConflictCount(ctx); n != 0 {
			confs, _ := x.db.Conflicts(ctx, false, 5)
			t.Fatalf("%s: %d conflicts: %+v", x.name, n, confs)
		}
	}
	// Every field equals the acknowledged write with the greatest hlc; a deleted row stays
	// deleted unless a newer write recreated it.
	checked := 0
	for k, st := range w.oracle() {
		table, id, _ := strings.Cut(k, "/")
		vals := map[string]any{}
		cols := make([]string, 0, len(st.Fields))
		for c := range st.Fields {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		q := "SELECT COUNT(*) FROM " + table + " WHERE id = ?"
		exists := count(t, late, q, id) == 1
		if st.Deleted() {
			if exists {
				t.Fatalf("%s resurrected without a newer write", k)
			}
			continue
		}
		if !exists {
			t.Fatalf("%s lost (oracle: live)", k)
		}
		for _, c := range cols {
			var v any
			must(t, late.Read().QueryRow("SELECT "+c+" FROM "+table+" WHERE id = ?", id).Scan(&v))
			col, _ := wireCol(table, c)
			if col.Type == syncwire.Bool {
				v = v == int64(1)
			}
			got, err := syncwire.EncodeValue(col, v)
			must(t, err)
			if !bytes.Equal(got, st.Fields[c].Value) {
				t.Fatalf("%s.%s = %s, oracle %s (hlc %s)", k, c, got, st.Fields[c].Value, st.Fields[c].HLC)
			}
			vals[c] = v
			checked++
		}
	}
	t.Logf("seed %d: %d workstations, %d steps, %d changes made, %d fields checked against the oracle", seed, n, steps, len(w.changes), checked)
}

func diffLines(got, want string) string {
	g, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	gs := map[string]bool{}
	for _, l := range g {
		gs[l] = true
	}
	ws := map[string]bool{}
	for _, l := range wl {
		ws[l] = true
	}
	var b strings.Builder
	for _, l := range g {
		if !ws[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	for _, l := range wl {
		if !gs[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	return b.String()
}

func sqSelectOne(table, id string) sq.Sqlizer {
	return sq.Expr("SELECT COUNT(*) FROM "+table+" WHERE id = ?", id)
}

func sqActive(id string) sq.Sqlizer { return sq.Expr("SELECT active FROM users WHERE id = ?", id) }

func fmtFields(f map[string]json.RawMessage) string { b, _ := json.Marshal(f); return string(b) }
