package sync_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
)

// TestCompactedLogStillConverges: after the server compacts its change log, a workstation
// that joins then and one that resumes from a cursor older than the compaction both end
// byte for byte equal to the workstation that made the changes, with nothing parked and
// no conflict.
func TestCompactedLogStillConverges(t *testing.T) { compactConverge(t, "") }

func TestCompactedLogStillConvergesPostgres(t *testing.T) { compactConverge(t, pgtest.NewDatabase(t)) }

func compactConverge(t *testing.T, dsn string) {
	srv := servertest.Start(t, dsn)
	env := seeded(t)
	a := plsync.New(env.DB, plsync.Options{BatchSize: 3})
	_, err := a.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, a.SyncOnce(ctx))
	old := empty(t)
	oc := plsync.New(old, plsync.Options{PullLimit: 7})
	_, err = oc.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, oc.SyncOnce(ctx))

	write := func(f func(tx *store.Tx) error) {
		t.Helper()
		must(t, env.DB.Write(ctx, env.Owner, f))
		must(t, a.SyncOnce(ctx)) // each its own push: nothing compacted on the way
	}
	c1, c2, f1 := store.NewID(), store.NewID(), store.NewID()
	write(func(tx *store.Tx) error {
		return tx.Insert("clients", c1, store.Fields{"name": "Cliente", "workspace_id": env.WorkspaceA, "owner_id": env.AgentA})
	})
	write(func(tx *store.Tx) error {
		return tx.Insert("clients", c2, store.Fields{"name": "Otro", "workspace_id": env.WorkspaceA})
	})
	write(func(tx *store.Tx) error {
		return tx.Insert("followups", f1, store.Fields{"client_id": c2, "due_at": store.Timestamp(time.Now().Add(time.Hour)), "note": "llamar"})
	})
	for i := 0; i < 8; i++ {
		write(func(tx *store.Tx) error {
			if err := tx.Update("users", env.AgentA, store.Fields{"presence": []string{"online", "away", "busy"}[i%3]}); err != nil {
				return err
			}
			return tx.Update("clients", c1, store.Fields{"name": fmt.Sprintf("Cliente %d", i), "owner_id": []string{env.AgentA, env.AgentB}[i%2]})
		})
	}
	write(func(tx *store.Tx) error { return tx.Delete("clients", c2) })
	write(func(tx *store.Tx) error { return tx.Update("users", env.AgentB, store.Fields{"first_name": "Beatriz"}) })

	cs, err := srv.Storage.CompactLog(ctx, time.Now().Add(time.Hour))
	must(t, err)
	if cs.Dropped < 14 {
		t.Fatalf("compaction dropped %d entries, want at least 14 (%+v)", cs.Dropped, cs)
	}
	late := empty(t)
	lc := plsync.New(late, plsync.Options{PullLimit: 5})
	_, err = lc.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, lc.SyncOnce(ctx))
	must(t, oc.SyncOnce(ctx))
	want := dumpSynced(t, env.DB)
	for name, db := range map[string]*store.DB{"joined after": late, "old cursor": old} {
		if got := dumpSynced(t, db); got != want {
			t.Fatalf("%s the compaction differs from the writer:\n%s", name, diffLines(got, want))
		}
		if n, _ := db.ParkedCount(ctx); n != 0 {
			t.Fatalf("%s: %d changes parked", name, n)
		}
		if n, _ := db.OpenConflictCount(ctx); n != 0 {
			t.Fatalf("%s: %d conflicts", name, n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
			t.Fatalf("%s: %d changes to push after a pull", name, n)
		}
	}
	if n := count(t, late, `SELECT COUNT(*) FROM clients WHERE id = ? AND name = 'Cliente 7' AND owner_id = ?`, c1, env.AgentB); n != 1 {
		t.Fatal("the last name and owner of the client are not there")
	}
}
