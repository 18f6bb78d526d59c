package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// seedWorkspaces inserts n workspaces named "W" and returns their ids.
func seedWorkspaces(t *testing.T, db *store.DB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	must(t, db.Write(context.Background(), "seed", func(tx *store.Tx) error {
		for i := range ids {
			ids[i] = store.NewID()
			if err := insertWorkspace(tx, ids[i], "W"); err != nil {
				return err
			}
		}
		return nil
	}))
	return ids
}

func TestUpdateManyWritesRowsAndOutboxButOneSummaryAudit(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	// A workstation enrolled with a sync server: changes queue in the outbox.
	must(t, db.EnableSync(ctx, "ws-test", nil))
	ids := seedWorkspaces(t, db, 1203) // more than two chunks
	must(t, db.Write(ctx, "seed", func(tx *store.Tx) error {
		return tx.Update("workspaces", ids[0], store.Fields{"name": "Lima"}) // already holds the new value
	}))
	audit0, outbox0 := count(t, db, "SELECT COUNT(*) FROM audit_log"), count(t, db, "SELECT COUNT(*) FROM sync_outbox")
	clk.Add(time.Minute)
	var progress []int
	var changed int
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error {
		var err error
		changed, err = tx.UpdateMany("workspaces", append(ids, "missing-id"), store.Fields{"name": "Lima"}, func(done int) error {
			progress = append(progress, done)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Audit("workspaces", "", "rename_all", map[string]any{"count": changed})
	}))
	if changed != 1202 {
		t.Fatalf("changed %d, want 1202 (one already held the value, one id is missing)", changed)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces WHERE name = 'Lima'"); n != 1203 {
		t.Fatalf("renamed %d", n)
	}
	if got := []int{500, 1000, 1204}; len(progress) != 3 || progress[0] != got[0] || progress[2] != got[2] {
		t.Fatalf("progress %v, want %v", progress, got)
	}
	// One audit entry in all; one outbox entry per changed row, with its own HLC.
	if n := count(t, db, "SELECT COUNT(*) FROM audit_log") - audit0; n != 1 {
		t.Fatalf("audit entries %d, want the one summary", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sync_outbox") - outbox0; n != 1202 {
		t.Fatalf("outbox entries %d, want 1202", n)
	}
	if n := count(t, db, "SELECT COUNT(DISTINCT hlc) FROM sync_outbox"); n != count(t, db, "SELECT COUNT(*) FROM sync_outbox") {
		t.Fatal("outbox HLCs are not unique")
	}
	var fields, actor string
	must(t, db.Read().QueryRow(`SELECT fields, actor_id FROM sync_outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1`, ids[7]).Scan(&fields, &actor))
	var f map[string]any
	must(t, json.Unmarshal([]byte(fields), &f))
	if f["name"] != "Lima" || f["updated_at"] == nil || actor != "u1" {
		t.Fatalf("outbox fields %s actor %s", fields, actor)
	}
	// Field clocks follow the outbox entry, as with Update.
	var hlc, fieldHLC string
	must(t, db.Read().QueryRow(`SELECT hlc FROM sync_outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1`, ids[7]).Scan(&hlc))
	must(t, db.Read().QueryRow(`SELECT hlc FROM sync_field_clock WHERE tbl = 'workspaces' AND row_id = ? AND field = 'name'`, ids[7]).Scan(&fieldHLC))
	if hlc != fieldHLC {
		t.Fatalf("field clock %s, outbox %s", fieldHLC, hlc)
	}
	// The store's HLC was persisted: reopening issues later timestamps.
	var last string
	must(t, db.Read().QueryRow(`SELECT value FROM local_meta WHERE key = 'hlc_last'`).Scan(&last))
	if last < hlc {
		t.Fatalf("hlc_last %s before %s", last, hlc)
	}
}

func TestUpdateManyWithoutSummaryAuditDoesNotCommit(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	ids := seedWorkspaces(t, db, 10)
	outbox0 := count(t, db, "SELECT COUNT(*) FROM sync_outbox")
	err := db.Write(ctx, "u1", func(tx *store.Tx) error {
		_, err := tx.UpdateMany("workspaces", ids, store.Fields{"name": "X"}, nil)
		return err
	})
	if apperr.CodeOf(err) != apperr.CodeInternal {
		t.Fatalf("want internal, got %v", err)
	}
	// An audit entry BEFORE the bulk change does not describe it either.
	err = db.Write(ctx, "u1", func(tx *store.Tx) error {
		if err := tx.Audit("workspaces", "", "rename", nil); err != nil {
			return err
		}
		_, err := tx.UpdateMany("workspaces", ids, store.Fields{"name": "X"}, nil)
		return err
	})
	if apperr.CodeOf(err) != apperr.CodeInternal {
		t.Fatalf("audit before: want internal, got %v", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces WHERE name = 'X'"); n != 0 {
		t.Fatalf("%d rows changed without a summary", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sync_outbox"); n != outbox0 {
		t.Fatal("outbox written without a summary")
	}
	// A bulk change that changes nothing owes nothing.
	must(t, db.Write(ctx, "u1", func(tx *store.Tx) error {
		_, err := tx.UpdateMany("workspaces", ids, store.Fields{"name": "W"}, nil)
		return err
	}))
}

func TestUpdateManyStoppedByProgressLeavesNothing(t *testing.T) {
	if raceOn {
		t.Skip("1,500 rows seeded, 1,000 updated: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, filepath.Join(t.TempDir(), "p.db"), clk)
	ctx := context.Background()
	ids := seedWorkspaces(t, db, 1500)
	outbox0, audit0 := count(t, db, "SELECT COUNT(*) FROM sync_outbox"), count(t, db, "SELECT COUNT(*) FROM audit_log")
	stop := errors.New("cancelled")
	err := db.Write(ctx, "u1", func(tx *store.Tx) error {
		_, err := tx.UpdateMany("workspaces", ids, store.Fields{"name": "X"}, func(done int) error {
			if done >= 1000 {
				return stop
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Audit("workspaces", "", "rename", nil)
	})
	if !errors.Is(err, stop) {
		t.Fatalf("want the progress error, got %v", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM workspaces WHERE name = 'X'"); n != 0 {
		t.Fatalf("%d rows changed by a stopped update", n)
	}
	if count(t, db, "SELECT COUNT(*) FROM sync_outbox") != outbox0 || count(t, db, "SELECT COUNT(*) FROM audit_log") != audit0 {
		t.Fatal("a stopped update left outbox or audit entries")
	}
	// Unknown columns are refused like Update does.
	err = db.Write(ctx, "u1", func(tx *store.Tx) error {
		_, err := tx.UpdateMany("workspaces", ids, store.Fields{"nope": 1}, nil)
		return err
	})
	if apperr.CodeOf(err) != apperr.CodeInternal {
		t.Fatalf("unknown column: %v", err)
	}
}
