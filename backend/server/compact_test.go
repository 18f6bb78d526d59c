package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

func stateJSON(t *testing.T, rep map[string]syncwire.RowState) string {
	t.Helper()
	b, err := json.Marshal(rep) // map keys sorted: a canonical form
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCompactionKeepsEveryCursorConverging: after the change log is compacted, a replica
// that pulls from the start and one that resumes from a cursor older than the compaction
// both reach exactly the state of a replica that pulled the whole log before it; entries
// that set a unique column, deletions and each row's creation stay; a second compaction
// finds nothing more; positions never move, so the old cursor stays valid.
func TestCompactionKeepsEveryCursorConverging(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		o := newOrg(t, dsn)
		c := o.owner
		old, _ := c.pullAll()
		oldCursor := c.pull(0, 5000).Cursor

		// Sign-ins (presence), a client renamed and moved many times, a client made and
		// deleted, a username changed twice: each its own batch, as workstations send them.
		for i := 0; i < 12; i++ {
			c.mustAccept(c.change("users", agentA, map[string]any{"presence": []string{"online", "away", "offline"}[i%3]}))
		}
		c.mustAccept(c.change("clients", "c1", map[string]any{"name": "Client", "workspace_id": "w1", "owner_id": agentA}))
		for i := 0; i < 8; i++ {
			c.mustAccept(c.change("clients", "c1", map[string]any{"name": fmt.Sprintf("Client %d", i)}))
		}
		c.mustAccept(c.change("clients", "c2", map[string]any{"name": "Gone", "workspace_id": "w1"}))
		c.mustAccept(c.change("clients", "c2", map[string]any{"name": "Gone soon"}))
		d := c.change("clients", "c2", nil)
		d.Deleted, d.Fields = true, map[string]json.RawMessage{}
		c.mustAccept(d)
		c.mustAccept(c.change("users", agentB, map[string]any{"username": "agentb2"}))
		c.mustAccept(c.change("users", agentB, map[string]any{"username": "agentb3"}))

		full, before := c.pullAll()
		st := o.srv.Storage
		cs, err := st.CompactLog(ctx, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		fresh, after := c.pullAll()
		t.Logf("log: %d entries before, %d after (%+v)", len(before), len(after), cs)
		// The presence changes but the last (11) and the renames but the last (7); c2's last
		// name stays with its tombstone (a newer field change would recreate the row from it).
		if cs.Dropped != 18 || len(after) != len(before)-18 {
			t.Fatalf("compaction dropped %d entries (log %d → %d), want 18", cs.Dropped, len(before), len(after))
		}
		if stateJSON(t, fresh) != stateJSON(t, full) {
			t.Fatal("a replica pulling the compacted log from the start differs from one that pulled it whole")
		}
		// The replica synced before all of it resumes from its old cursor.
		for cur := oldCursor; ; {
			r := c.pull(cur, 3)
			for _, ch := range r.Changes {
				k := ch.Table + "/" + ch.ID
				old[k] = syncwire.Apply(old[k], ch)
			}
			if r.Cursor < cur {
				t.Fatalf("cursor went back from %d to %d", cur, r.Cursor)
			}
			cur = r.Cursor
			if !r.More {
				break
			}
		}
		if stateJSON(t, old) != stateJSON(t, full) {
			t.Fatal("a replica resuming from a cursor older than the compaction differs")
		}
		names := 0
		for _, ch := range after {
			if ch.Table == "users" && ch.ID == agentB {
				if _, ok := ch.Fields["username"]; ok {
					names++
				}
			}
			if ch.Table == "clients" && ch.ID == "c2" && ch.Deleted {
				names += 10
			}
		}
		if names != 13 {
			t.Fatalf("the creation, both username changes and the deletion must stay (%d)", names)
		}
		if cs2, err := st.CompactLog(ctx, time.Now().Add(time.Hour)); err != nil || cs2.Dropped != 0 {
			t.Fatalf("second compaction: %+v %v", cs2, err)
		}
		// Entries stamped after the horizon are left alone.
		c.mustAccept(c.change("users", agentA, map[string]any{"presence": "busy"}))
		c.mustAccept(c.change("users", agentA, map[string]any{"presence": "away"}))
		if cs3, err := st.CompactLog(ctx, time.Now().Add(-time.Hour)); err != nil || cs3.Dropped != 0 || cs3.Scanned != 0 {
			t.Fatalf("compaction before an hour ago: %+v %v", cs3, err)
		}
	})
}

// TestBatchAnswersArePrunedAfterTheirRetention: a batch repeated within the retention gets
// the same answer and changes nothing; answers older than it are pruned.
func TestBatchAnswersArePrunedAfterTheirRetention(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		o := newOrg(t, dsn)
		c := o.owner
		id := newBatch()
		ch := c.change("clients", "c9", map[string]any{"name": "Nine", "workspace_id": "w1"})
		st1, a1 := c.pushRaw(id, ch)
		if st1 != 200 {
			t.Fatalf("push %d %s", st1, a1)
		}
		_, log1 := c.pullAll()
		n, err := o.srv.Storage.PruneBatches(ctx, time.Now().Add(-server.DefaultBatchRetention))
		if err != nil || n != 0 {
			t.Fatalf("pruned %d within the retention (%v)", n, err)
		}
		st2, a2 := c.pushRaw(id, ch)
		if st2 != 200 || !bytes.Equal(a1, a2) {
			t.Fatalf("repeat: %d %s, first answer %s", st2, a2, a1)
		}
		if _, log2 := c.pullAll(); len(log2) != len(log1) {
			t.Fatalf("the repeated batch changed the log: %d → %d", len(log1), len(log2))
		}
		n, err = o.srv.Storage.PruneBatches(ctx, time.Now().Add(time.Second))
		if err != nil || n < 2 { // the org's batch and this one
			t.Fatalf("pruned %d past the retention (%v)", n, err)
		}
		if err := server.MaintainOnce(ctx, o.srv.Storage, server.Maintenance{CompactAfter: time.Hour, BatchRetention: time.Hour}, time.Now(), zerolog.Nop()); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMaintenanceIsTunedByTheEnvironment: the pinned command line has no flag for the
// housekeeping, so the environment tunes it; a value that is not a duration keeps the
// default.
func TestMaintenanceIsTunedByTheEnvironment(t *testing.T) {
	t.Setenv("PLANTEL_SERVER_COMPACT_AFTER", "240h")
	t.Setenv("PLANTEL_SERVER_BATCH_RETENTION", "soon")
	t.Setenv("PLANTEL_SERVER_MAINTENANCE_EVERY", "0s")
	m := server.MaintenanceFromEnv(zerolog.Nop())
	if m.CompactAfter != 240*time.Hour || m.BatchRetention != server.DefaultBatchRetention || m.Every != 0 {
		t.Fatalf("%+v", m)
	}
}
