package sync_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seeded is a workstation with an organization made through the real setup, its clock
// set to now (the server refuses stamps from the future).
func seeded(t *testing.T) *testutil.Env {
	env := testutil.NewEnv(t)
	env.Clock.Advance(time.Since(env.Clock.Now()))
	return env
}

// empty is a new workstation with no organization yet (the "join" way in).
func empty(t *testing.T) *store.DB {
	return testutil.OpenNew(t, filepath.Join(t.TempDir(), store.FileName), store.Options{})
}

// dumpSynced renders every synced table, for comparing two workstations.
func dumpSynced(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range store.SyncedTables() {
		rows, err := db.Read().Query("SELECT * FROM " + tbl + " ORDER BY id")
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(&b, "%s %v\n", tbl, vals)
		}
		must(t, rows.Err())
		rows.Close()
	}
	return b.String()
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, db.Read().QueryRow(q, args...).Scan(&n))
	return n
}

// enrollAndSync enrolls the workstation db with a fresh code from srv and runs its first
// sync: where most tests start.
func enrollAndSync(t *testing.T, srv *servertest.Server, db *store.DB, opt plsync.Options) *plsync.Client {
	t.Helper()
	c := plsync.New(db, opt)
	_, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, c.SyncOnce(ctx))
	return c
}

func TestEnrollUploadsTheDataAndAJoiningWorkstationDownloadsIt(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := plsync.New(a.DB, plsync.Options{BatchSize: 7}) // small batches: several pushes
	// A workstation that never had a server keeps no outbox.
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
		t.Fatalf("outbox before enrollment %d", n)
	}
	st, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	if !st.Configured || st.DeviceID == "" {
		t.Fatalf("status after enroll %+v", st)
	}
	must(t, ca.SyncOnce(ctx))
	st = ca.Status(ctx)
	if st.Pending != 0 || st.Conflicts != 0 || st.Error != "" || st.LastSync == "" {
		t.Fatalf("after first sync %+v", st)
	}
	// A second workstation joins with its own code and downloads everything.
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{PullLimit: 5})
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatalf("joined workstation differs:\n%s\nwant:\n%s", got, want)
	}
	if n, _ := b.ParkedCount(ctx); n != 0 {
		t.Fatalf("%d changes parked", n)
	}
	// One change on A reaches B at its next sync; B's History names A's device.
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentA, store.Fields{"first_name": "Agustina"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	var name, actor, ws string
	must(t, b.Read().QueryRow(`SELECT first_name FROM users WHERE id = ?`, a.AgentA).Scan(&name))
	must(t, b.Read().QueryRow(`SELECT actor_id, workstation_id FROM audit_log WHERE entity_id = ? AND action = 'update' ORDER BY id DESC LIMIT 1`, a.AgentA).Scan(&actor, &ws))
	if name != "Agustina" || actor != a.Owner || ws != a.DB.DeviceID() {
		t.Fatalf("on B: %s by %s on %s", name, actor, ws)
	}
	// B's own change goes back the other way; both outboxes end empty.
	must(t, b.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("workspaces", a.WorkspaceB, store.Fields{"name": "Arequipa"})
	}))
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatalf("after two-way changes:\n%s\nwant:\n%s", got, want)
	}
	for _, db := range []*store.DB{a.DB, b} {
		if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
			t.Fatalf("outbox left %d", n)
		}
	}
}

// TestStatusesAreNumberedInTheOrderMade: the window keeps the status with the highest seq
// (events can reach it out of order), so every status sent during a paged download carries
// a larger seq than the one before, the last one sent says the sync ended, and Status answers
// with that same number.
func TestStatusesAreNumberedInTheOrderMade(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	enrollAndSync(t, srv, a.DB, plsync.Options{})
	var mu gosync.Mutex
	var sent []plsync.Status
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{PullLimit: 5, OnStatus: func(st plsync.Status) {
		mu.Lock()
		sent = append(sent, st)
		mu.Unlock()
	}})
	mu.Lock()
	got := append([]plsync.Status(nil), sent...) // Status below sends one more
	mu.Unlock()
	pulling := 0
	for i, st := range got {
		if i > 0 && st.Seq <= got[i-1].Seq {
			t.Fatalf("status %d has seq %d after %d", i, st.Seq, got[i-1].Seq)
		}
		if st.Running && st.Pulled > 0 {
			pulling++
		}
	}
	if pulling < 2 {
		t.Fatalf("%d progress statuses during a paged download", pulling)
	}
	last := got[len(got)-1]
	if last.Running {
		t.Fatalf("the last status sent still says running: %+v", last)
	}
	if st := cb.Status(ctx); st.Seq <= last.Seq || st.Running {
		t.Fatalf("Status seq %d after the last sent %d (%+v)", st.Seq, last.Seq, st)
	}
}

func TestTheSameUsernameMadeTwiceOfflineIsAConflictNotAStuckQueue(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{})
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{})
	mk := func(db *store.DB, id string) {
		must(t, db.Write(ctx, a.Owner, func(tx *store.Tx) error {
			return tx.Insert("users", id, store.Fields{"username": "zed", "email": id + "@x.test", "first_name": "Zed",
				"last_name": id, "role": "agent", "profile_id": a.AgentProfile})
		}))
	}
	mk(a.DB, store.NewID())
	idB := store.NewID()
	mk(b, idB)
	must(t, b.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("workspaces", a.WorkspaceA, store.Fields{"name": "Lima Centro"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	// B's user was rejected (the server holds "zed" already): kept as a conflict; A's user,
	// pulled, cannot take the name B's local user holds: a conflict too, never a stuck
	// queue. B's other change went through and the queue is empty.
	confs, err := b.Conflicts(ctx, false, 10)
	must(t, err)
	if len(confs) != 2 || confs[0].Code != "conflict_unique" || confs[0].RowID != idB || confs[0].Source != "push" ||
		confs[1].Code != "conflict_unique" || confs[1].Source != "pull" || confs[1].Field != "username" {
		t.Fatalf("conflicts %+v", confs)
	}
	if _, secret := confs[0].Fields["password_hash"].(map[string]any); !secret {
		t.Fatalf("a secret left the store: %v", confs[0].Fields["password_hash"])
	}
	if n := count(t, b, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
		t.Fatalf("outbox %d", n)
	}
	must(t, ca.SyncOnce(ctx))
	var name string
	must(t, a.DB.Read().QueryRow(`SELECT name FROM workspaces WHERE id = ?`, a.WorkspaceA).Scan(&name))
	if name != "Lima Centro" {
		t.Fatalf("B's other change did not arrive: %s", name)
	}
	if st := cb.Status(ctx); st.Conflicts != 2 {
		t.Fatalf("status %+v", st)
	}
	// A supervisor on B renames B's user: it travels complete, and A's user, which waited
	// for the name, is applied on B. Both workstations agree again.
	must(t, b.ResolveConflictAs(ctx, a.Owner, confs[0].ID, store.ResolveRename, "zed.b"))
	if n, _ := b.OpenConflictCount(ctx); n != 0 {
		t.Fatalf("%d conflicts open after the rename", n)
	}
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatalf("after the rename:\n%s\nwant:\n%s", got, want)
	}
	if n := count(t, a.DB, `SELECT COUNT(*) FROM users WHERE username IN ('zed', 'zed.b')`); n != 2 {
		t.Fatalf("users on A %d", n)
	}
}

// lossy forwards requests to the real server and, while armed, throws the answer of a push
// away after the server committed it (as a cut connection would).
type lossy struct {
	mu      gosync.Mutex
	armed   bool
	batches []string
}

func (l *lossy) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/v1/push" && r.Body != nil {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			var p struct {
				BatchID string `json:"batch_id"`
			}
			_ = json.NewDecoder(zr).Decode(&p)
			l.mu.Lock()
			l.batches = append(l.batches, p.BatchID)
			l.mu.Unlock()
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	l.mu.Lock()
	drop := l.armed && r.URL.Path == "/v1/push"
	if drop {
		l.armed = false
	}
	l.mu.Unlock()
	if drop && err == nil {
		resp.Body.Close()
		return nil, errors.New("connection reset after the server committed")
	}
	return resp, err
}

func TestALostPushAnswerIsResentWithTheSameBatchID(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	tr := &lossy{}
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{Transport: tr})
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentB, store.Fields{"last_name": "Quispe"})
	}))
	tr.mu.Lock()
	tr.armed, tr.batches = true, nil
	tr.mu.Unlock()
	if err := ca.SyncOnce(ctx); plsync.CodeOf(err) != plsync.CodeUnreachable {
		t.Fatalf("lost answer: %v", err)
	}
	// The change stays queued until the server's answer arrives.
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_outbox`); n != 1 {
		t.Fatalf("outbox after a lost answer %d", n)
	}
	must(t, ca.SyncOnce(ctx))
	if len(tr.batches) != 2 || tr.batches[0] != tr.batches[1] || tr.batches[0] == "" {
		t.Fatalf("batch ids sent %v", tr.batches)
	}
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
		t.Fatalf("outbox after the resend %d", n)
	}
	// A second workstation sees the change once.
	b := empty(t)
	enrollAndSync(t, srv, b, plsync.Options{})
	var ln string
	must(t, b.Read().QueryRow(`SELECT last_name FROM users WHERE id = ?`, a.AgentB).Scan(&ln))
	if ln != "Quispe" {
		t.Fatalf("last name on B %s", ln)
	}
}

func TestCompactionSendsOnlyTheLatestValueOfEachField(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{})
	// Presence flips at every sign-in; a portfolio moves back and forth offline.
	for i, p := range []string{"online", "away", "online", "offline", "busy"} {
		must(t, a.DB.Write(ctx, a.AgentA, func(tx *store.Tx) error {
			return tx.Update("users", a.AgentA, store.Fields{"presence": p, "extension": fmt.Sprint(100 + i%2)})
		}))
	}
	b, err := a.DB.NextBatch(ctx, 100)
	must(t, err)
	if len(b.Changes) != 1 {
		t.Fatalf("%d changes travel for one row, want 1: %+v", len(b.Changes), b.Changes)
	}
	if string(b.Changes[0].Fields["presence"]) != `"busy"` || string(b.Changes[0].Fields["extension"]) != `"100"` {
		t.Fatalf("latest values: %s", b.Changes[0].Fields)
	}
	// The batch was stamped before sending: asking again gives the same batch.
	again, err := a.DB.NextBatch(ctx, 100)
	must(t, err)
	if again.ID != b.ID {
		t.Fatalf("batch id changed: %s %s", b.ID, again.ID)
	}
	must(t, ca.SyncOnce(ctx))
	if n := count(t, a.DB, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
		t.Fatalf("outbox %d", n)
	}
}

func TestARevokedWorkstationGetsNothingMore(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{})
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{})
	devs, err := ca.Devices(ctx, a.Owner)
	must(t, err)
	if len(devs) != 2 {
		t.Fatalf("devices %+v", devs)
	}
	_, err = ca.Revoke(ctx, a.Owner, b.DeviceID())
	must(t, err)
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentA, store.Fields{"first_name": "Secreta"})
	}))
	must(t, ca.SyncOnce(ctx))
	if err := cb.SyncOnce(ctx); plsync.CodeOf(err) != plsync.CodeRevoked {
		t.Fatalf("revoked device: %v", err)
	}
	if st := cb.Status(ctx); st.Error != plsync.CodeRevoked || st.Connected {
		t.Fatalf("status %+v", st)
	}
	if n := count(t, b, `SELECT COUNT(*) FROM users WHERE first_name = 'Secreta'`); n != 0 {
		t.Fatal("a revoked workstation received a change")
	}
	// An agent is no Owner: the device list is refused.
	if _, err := ca.Devices(ctx, a.AgentA); err == nil {
		t.Fatal("an agent listed the devices")
	}
}

// A workstation whose file the background check found damaged (store.DB.Refuse) neither
// downloads nor sends: its sync answers database_damaged, in its status too, and the
// change another workstation made does not reach the damaged file.
func TestADamagedWorkstationStopsSyncing(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{})
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{})
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentA, store.Fields{"first_name": "Dañada"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, b.Refuse(ctx))
	if err := cb.SyncOnce(ctx); plsync.CodeOf(err) != apperr.CodeDatabaseDamaged {
		t.Fatalf("sync of a damaged file: %v", err)
	}
	if st := cb.Status(ctx); st.Error != apperr.CodeDatabaseDamaged {
		t.Fatalf("status %+v", st)
	}
	if n := count(t, b, `SELECT COUNT(*) FROM users WHERE first_name = 'Dañada'`); n != 0 {
		t.Fatal("a damaged file received a change")
	}
}

func TestEnrollRefusesPlainHTTPOffLoopbackAndBadCodes(t *testing.T) {
	srv := servertest.Start(t, "")
	db := empty(t)
	c := plsync.New(db, plsync.Options{})
	if _, err := c.Enroll(ctx, "http://192.0.2.10:8443", "x"); plsync.CodeOf(err) != plsync.CodeInsecureURL {
		t.Fatalf("plain http off loopback: %v", err)
	}
	if _, err := c.Enroll(ctx, srv.URL, "WRONG-CODE"); plsync.CodeOf(err) != plsync.CodeBadCode {
		t.Fatalf("bad code: %v", err)
	}
	if db.SyncEnabled() {
		t.Fatal("enabled after failures")
	}
	code := srv.EnrollCode(t)
	_, err := c.Enroll(ctx, srv.URL, code)
	must(t, err)
	// A code works once.
	d2 := plsync.New(empty(t), plsync.Options{})
	if _, err := d2.Enroll(ctx, srv.URL, code); plsync.CodeOf(err) != plsync.CodeBadCode {
		t.Fatalf("used code: %v", err)
	}
}

func TestAnAvatarTravelsWithItsUser(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := enrollAndSync(t, srv, a.DB, plsync.Options{})
	b := empty(t)
	cb := enrollAndSync(t, srv, b, plsync.Options{})
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for x := 0; x < 96; x++ {
		for y := 0; y < 64; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 3), 120, 255})
		}
	}
	var buf bytes.Buffer
	must(t, jpeg.Encode(&buf, img, nil))
	id, err := avatar.New(a.DB).Set(ctx, a.ActorFor(a.AgentA), a.AgentA, buf.Bytes(), avatar.Crop{})
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	var got string
	must(t, b.Read().QueryRow(`SELECT avatar_id FROM users WHERE id = ?`, a.AgentA).Scan(&got))
	if got != id {
		t.Fatalf("avatar_id on B %q, want %q", got, id)
	}
	var la, lb []byte
	must(t, a.DB.Read().QueryRow(`SELECT large FROM avatars WHERE id = ?`, id).Scan(&la))
	must(t, b.Read().QueryRow(`SELECT large FROM avatars WHERE id = ?`, id).Scan(&lb))
	if len(lb) == 0 || !bytes.Equal(la, lb) {
		t.Fatalf("picture on B: %d bytes, on A %d", len(lb), len(la))
	}
}
