package store_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// recreateHistory is what the server holds, in its order: a client with a follow-up, the
// client deleted on workstation A (which never saw the follow-up), and then an edit of
// the client made on workstation C with a stamp newer than the deletion, which by the
// merge rule recreates the client. The follow-up was never deleted by anyone; a user that
// owns a client is deleted and recreated the same way.
func recreateHistory() []store.Change {
	at := "2026-11-23T09:00:01.000Z"
	return []store.Change{
		ch("workspaces", "ws-1", stamp(1, 0, "devA"), map[string]any{"name": "Lima", "archived": false, "created_at": at, "updated_at": at}),
		ch("users", "u-1", stamp(1, 1, "devA"), map[string]any{"username": "ana", "email": "a@x", "first_name": "Ana", "last_name": "B", "role": "agent"}),
		ch("clients", "c-1", stamp(2, 0, "devA"), map[string]any{"name": "Cliente", "workspace_id": "ws-1"}),
		ch("clients", "c-2", stamp(2, 1, "devA"), map[string]any{"name": "Otro", "workspace_id": "ws-1", "owner_id": "u-1"}),
		ch("followups", "f-1", stamp(3, 0, "devB"), map[string]any{"client_id": "c-1", "due_at": "2026-11-25T09:00:00.000Z", "note": "llamar"}),
		del("clients", "c-1", stamp(10, 0, "devA")),
		del("users", "u-1", stamp(10, 1, "devA")),
		// --- a page boundary may fall here ---
		ch("clients", "c-1", stamp(12, 0, "devC"), map[string]any{"name": "Cliente SA"}),
		ch("users", "u-1", stamp(12, 1, "devC"), map[string]any{"first_name": "Anita"}),
	}
}

// TestPulledRecreationBringsBackWhatItsTombstoneTook: a pull applies the history above in
// pages. When the page holding the tombstones ends, their consequences are written (the
// follow-up deleted, the other client's owner cleared, each with this workstation's own
// clock and outbox entry). When a later page recreates the client and the user, those
// consequences must be taken back while they were not pushed: otherwise this workstation
// keeps (and would push) a deletion of the follow-up that nobody made, stamped newer than
// everything, and never agrees with the server or with a workstation that pulled the same
// history in one page. Found by the long convergence run (-sync.seed=1796542169529319744).
func TestPulledRecreationBringsBackWhatItsTombstoneTook(t *testing.T) {
	hist := recreateHistory()
	onePage, _ := newDB(t)
	must(t, onePage.EnableSync(bg, "devOne", nil))
	apply(t, onePage, hist...)

	paged, _ := newDB(t)
	must(t, paged.EnableSync(bg, "devLocal", nil))
	apply(t, paged, hist[:7]...)
	if n := count(t, paged, `SELECT COUNT(*) FROM followups WHERE id = 'f-1'`); n != 0 {
		t.Fatal("the follow-up of the deleted client is still there after the first page")
	}
	if n := count(t, paged, `SELECT COUNT(*) FROM sync_outbox`); n != 2 {
		t.Fatalf("%d outbox entries after the first page, want 2 (the follow-up's deletion, the owner cleared)", n)
	}
	apply(t, paged, hist[7:]...)

	for _, db := range []*store.DB{onePage, paged} {
		if n := count(t, db, `SELECT COUNT(*) FROM followups WHERE id = 'f-1' AND client_id = 'c-1' AND note = 'llamar'`); n != 1 {
			t.Fatal("the follow-up of the recreated client is lost")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM clients WHERE id = 'c-1' AND name = 'Cliente SA'`); n != 1 {
			t.Fatal("the client was not recreated")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM clients WHERE id = 'c-2' AND owner_id = 'u-1'`); n != 1 {
			t.Fatal("the recreated user lost the client they own")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
			t.Fatalf("%d outbox entries: the workstation would push changes nobody made", n)
		}
	}
	if a, b := dump(t, onePage, true), dump(t, paged, true); a != b {
		t.Fatalf("one page and two pages differ:\n%s\n---\n%s", a, b)
	}
	if h, _ := paged.ClockOf(bg, "followups", "f-1", "note"); h != stamp(3, 0, "devB") {
		t.Fatalf("the follow-up came back with clock %s, want its own %s", h, stamp(3, 0, "devB"))
	}
	if h, _ := paged.ClockOf(bg, "clients", "c-2", "owner_id"); h != stamp(2, 1, "devA") {
		t.Fatalf("the owner came back with clock %s, want %s", h, stamp(2, 1, "devA"))
	}
}

// TestPushedConsequenceIsNotTakenBack: once the consequence of a pulled tombstone was sent
// to the server it is a change like any other (other workstations may hold it): the
// recreation of its parent does not undo it, and everyone converges on it.
func TestPushedConsequenceIsNotTakenBack(t *testing.T) {
	hist := recreateHistory()
	db, _ := newDB(t)
	must(t, db.EnableSync(bg, "devLocal", nil))
	apply(t, db, hist[:7]...)
	b, err := db.NextBatch(bg, 100)
	must(t, err)
	if len(b.Changes) != 2 {
		t.Fatalf("batch of %d changes, want 2", len(b.Changes))
	}
	apply(t, db, hist[7:]...)
	if n := count(t, db, `SELECT COUNT(*) FROM followups WHERE id = 'f-1'`); n != 0 {
		t.Fatal("a deletion already sent was taken back")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox WHERE batch_id = ?`, b.ID); n != 2 {
		t.Fatalf("%d entries left in the batch in flight, want 2", n)
	}
}

// TestEditsBeforeALocalDeletionStillTravel: a client's phone changed and the client deleted
// offline, and meanwhile another workstation, whose clock runs ahead, renamed it: by the
// merge rule the rename recreates the client from the values kept with the tombstone. The
// outbox compaction used to drop the phone change because a deletion of the row followed,
// so this workstation recreated the client with the new phone and every other one with the
// old (short convergence run, -sync.seed=1796550084292879491).
func TestEditsBeforeALocalDeletionStillTravel(t *testing.T) {
	at := "2026-11-23T09:00:01.000Z"
	base := []store.Change{
		ch("workspaces", "ws-1", stamp(1, 0, "devA"), map[string]any{"name": "Lima", "archived": false, "created_at": at, "updated_at": at}),
		ch("clients", "c-1", stamp(2, 0, "devA"), map[string]any{"name": "Cliente", "workspace_id": "ws-1", "phone": "+51 900000001"}),
	}
	here, clk := newDB(t)
	other, _ := newDB(t)
	apply(t, here, base...)
	apply(t, other, base...)
	must(t, here.EnableSync(bg, "devLocal", nil))
	clk.Add(time.Minute)
	must(t, here.Write(bg, "u", func(tx *store.Tx) error {
		return tx.Update("clients", "c-1", store.Fields{"phone": "+51 900000002"})
	}))
	must(t, here.Write(bg, "u", func(tx *store.Tx) error { return tx.Delete("clients", "c-1") }))
	b, err := here.NextBatch(bg, 100)
	must(t, err)
	phone := ""
	for _, c := range b.Changes {
		if p, ok := c.Fields["phone"]; ok {
			phone = string(p)
		}
	}
	if phone != `"+51 900000002"` {
		t.Fatalf("the phone change does not travel (batch %+v)", b.Changes)
	}
	apply(t, other, b.Changes...)
	must(t, here.AckBatch(bg, b.ID, nil))
	rename := ch("clients", "c-1", stamp(3600, 0, "devC"), map[string]any{"name": "Cliente SA"})
	apply(t, here, rename)
	apply(t, other, rename)
	for _, db := range []*store.DB{here, other} {
		if n := count(t, db, `SELECT COUNT(*) FROM clients WHERE id = 'c-1' AND name = 'Cliente SA' AND phone = '+51 900000002'`); n != 1 {
			t.Fatal("the recreated client does not have the last phone on both workstations")
		}
	}
}

// TestConsequenceThatCannotBeTakenBackStands: when a row deleted as a consequence cannot
// come back (another row holds its unique value by now), the recreation of its parent is
// still applied and the consequence stands, queued like any change: never a stuck pull.
func TestConsequenceThatCannotBeTakenBackStands(t *testing.T) {
	db, _ := newDB(t)
	must(t, db.EnableSync(bg, "devLocal", nil))
	user := func(name string) map[string]any {
		return map[string]any{"username": name, "email": name + "@x", "first_name": "A", "last_name": "B", "role": "agent"}
	}
	inv := func(u string) map[string]any {
		return map[string]any{"user_id": u, "email": u + "@x", "profile_id": "p", "code_hash": "h1", "expires_at": "2026-12-01T00:00:00.000Z", "invited_by": "o"}
	}
	apply(t, db,
		ch("users", "u-1", stamp(1, 0, "devA"), user("ana")),
		ch("users", "u-2", stamp(1, 1, "devA"), user("eva")),
		ch("invitations", "i-1", stamp(2, 0, "devA"), inv("u-1")),
		del("users", "u-1", stamp(10, 0, "devA")),
	)
	apply(t, db, ch("invitations", "i-2", stamp(11, 0, "devB"), inv("u-2")))
	res := apply(t, db, ch("users", "u-1", stamp(12, 0, "devC"), map[string]any{"first_name": "Anita"}))
	if res.Applied != 1 || res.Conflicts != 0 {
		t.Fatalf("%+v", res)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users WHERE id = 'u-1' AND first_name = 'Anita'`); n != 1 {
		t.Fatal("the user was not recreated")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM invitations WHERE id = 'i-1'`); n != 0 {
		t.Fatal("the invitation came back over the other one's code")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'invitations' AND row_id = 'i-1' AND deleted = 1`); n != 1 {
		t.Fatal("the invitation's deletion does not travel")
	}
}
