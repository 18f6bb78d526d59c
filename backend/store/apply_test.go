package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

var bg = context.Background()

func newDB(t *testing.T) (*store.DB, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	return openAt(t, filepath.Join(t.TempDir(), "p.db"), clk), clk
}

// stamp makes an HLC of device dev at second s of the test day, counter c.
func stamp(s, c int, dev string) string {
	ms := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).UnixMilli() + int64(s)*1000
	return store.HLC{Millis: ms, Counter: c, Device: dev}.String()
}

func ch(table, id, hlc string, f map[string]any) store.Change {
	raw := map[string]json.RawMessage{}
	for k, v := range f {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		raw[k] = b
	}
	return store.Change{Table: table, ID: id, HLC: hlc, Fields: raw, DeviceID: hlc[20:], ActorID: "actor-" + hlc[20:]}
}

func del(table, id, hlc string) store.Change {
	return store.Change{Table: table, ID: id, HLC: hlc, Deleted: true, Fields: map[string]json.RawMessage{}, DeviceID: hlc[20:], ActorID: "actor-" + hlc[20:]}
}

func apply(t *testing.T, db *store.DB, cs ...store.Change) store.ApplyResult {
	t.Helper()
	res, err := db.ApplyRemote(bg, cs, store.ApplyOptions{})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return res
}

// dump renders every synced table and the clocks, for comparing two databases.
func dump(t *testing.T, db *store.DB, withClocks bool) string {
	t.Helper()
	var b strings.Builder
	tables := store.SyncedTables()
	if withClocks {
		tables = append(tables, "sync_tombstones")
	}
	for _, tbl := range tables {
		q := "SELECT * FROM " + tbl + " ORDER BY 1, 2"
		if tbl == "sync_tombstones" {
			q = "SELECT tbl, row_id, hlc FROM sync_tombstones ORDER BY 1, 2"
		}
		rows, err := db.Read().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", tbl, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if withClocks {
		// Field by field clocks, whatever their layout (row clock or field clock).
		for _, tbl := range store.SyncedTables() {
			rows, err := db.Read().Query(`SELECT r.row_id, c.name, COALESCE(f.hlc, r.hlc)
				FROM sync_row_clock r JOIN pragma_table_info(r.tbl) c ON c.name <> 'id'
				LEFT JOIN sync_field_clock f ON f.tbl = r.tbl AND f.row_id = r.row_id AND f.field = c.name
				WHERE r.tbl = ? ORDER BY 1, 2`, tbl)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, col, h string
				if err := rows.Scan(&id, &col, &h); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "clock %s %s %s %s\n", tbl, id, col, h)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}
	}
	return b.String()
}

// history is a set of changes from three devices touching the same rows: creations (as the
// server delivers them: complete), concurrent edits, a deletion, a late edit older than the
// deletion, and a recreation by an edit newer than the deletion. creates says how many of
// the first changes are creations.
func history() (cs []store.Change, creates int) {
	ws1, ws2 := "ws-1", "ws-2"
	full := func(name string, s int) map[string]any {
		at := fmt.Sprintf("2026-11-23T09:00:%02d.000Z", s)
		return map[string]any{"name": name, "archived": false, "created_at": at, "updated_at": at}
	}
	return []store.Change{
		ch("workspaces", ws1, stamp(1, 0, "devA"), full("Lima", 1)),
		ch("workspaces", ws2, stamp(2, 0, "devB"), full("Quito", 2)),
		ch("workspaces", "ws-3", stamp(3, 0, "devC"), full("Kraków", 3)),
		ch("workspaces", ws1, stamp(5, 0, "devB"), map[string]any{"name": "Lima Norte"}),
		ch("workspaces", ws1, stamp(5, 0, "devC"), map[string]any{"name": "Lima Sur"}), // concurrent: devC > devB wins
		ch("workspaces", ws1, stamp(4, 0, "devA"), map[string]any{"archived": true}),
		del("workspaces", ws2, stamp(10, 0, "devA")),
		ch("workspaces", ws2, stamp(8, 0, "devC"), map[string]any{"name": "Quito Viejo"}), // older than the delete
		ch("workspaces", ws2, stamp(12, 0, "devB"), map[string]any{"archived": true}),     // newer: recreates
		del("workspaces", "ws-3", stamp(6, 0, "devB")),
	}, 3
}

func TestApplyRemoteIsIdempotentAndOrderIndependent(t *testing.T) {
	want := ""
	for round := 0; round < 6; round++ {
		db, _ := newDB(t)
		cs, n := history()
		// Creations reach a workstation before the edits made on them (the editor had
		// pulled the row); everything else comes in any order, and twice.
		r := rand.New(rand.NewSource(int64(round)))
		r.Shuffle(n, func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		rest := cs[n:]
		r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
		if round%2 == 1 {
			for _, c := range cs {
				apply(t, db, c)
				apply(t, db, c)
			}
		} else {
			apply(t, db, cs...)
			apply(t, db, cs...)
		}
		got := dump(t, db, true)
		if round == 0 {
			want = got
			continue
		}
		if got != want {
			t.Fatalf("round %d differs:\n%s\nwant:\n%s", round, got, want)
		}
	}
	// The merge rule itself, field by field.
	db, _ := newDB(t)
	cs, _ := history()
	apply(t, db, cs...)
	var name string
	var archived int
	must(t, db.Read().QueryRow(`SELECT name, archived FROM workspaces WHERE id = 'ws-1'`).Scan(&name, &archived))
	if name != "Lima Sur" || archived != 1 {
		t.Fatalf("ws-1 = %s %d", name, archived)
	}
	// ws-2: deleted at 10, recreated by the edit at 12 from the values kept with the
	// tombstone: the name edit at 8 (older than the delete) is the newest name.
	must(t, db.Read().QueryRow(`SELECT name, archived FROM workspaces WHERE id = 'ws-2'`).Scan(&name, &archived))
	if name != "Quito Viejo" || archived != 1 {
		t.Fatalf("ws-2 = %s %d", name, archived)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM workspaces WHERE id = 'ws-3'`); n != 0 {
		t.Fatal("ws-3 resurrected")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_tombstones WHERE row_id = 'ws-3'`); n != 1 {
		t.Fatal("ws-3 has no tombstone")
	}
	// Remote changes never enter the outbox, even on an enrolled workstation.
	db2, _ := newDB(t)
	must(t, db2.EnableSync(bg, "devZ", nil))
	apply(t, db2, cs...)
	if n := count(t, db2, `SELECT COUNT(*) FROM sync_outbox`); n != 0 {
		t.Fatalf("%d outbox entries from remote changes", n)
	}
	// An edit of a row this workstation does not have yet waits (parked) for its creation.
	db3, _ := newDB(t)
	res := apply(t, db3, cs[5])
	if res.Parked != 1 {
		t.Fatalf("edit before creation: %+v", res)
	}
	res = apply(t, db3, cs[0])
	if n, _ := db3.ParkedCount(bg); n != 0 || res.Unparked != 1 {
		t.Fatalf("parked edit not applied after the creation: %+v", res)
	}
}

func TestApplyRemoteFillsDefaultsAndAuditsTheRemoteActor(t *testing.T) {
	db, _ := newDB(t)
	h := stamp(30, 2, "devA")
	c := ch("users", "u-1", h, map[string]any{"username": "ana", "email": "ana@x.org", "first_name": "Ana",
		"last_name": "Lopez", "role": "agent", "profile_id": nil, "active": true})
	res := apply(t, db, c)
	if res.Applied != 1 {
		t.Fatalf("%+v", res)
	}
	var lang, created, updated, theme string
	var active int
	must(t, db.Read().QueryRow(`SELECT language, created_at, updated_at, theme, active FROM users WHERE id = 'u-1'`).Scan(&lang, &created, &updated, &theme, &active))
	if lang != "es" || theme != "system" || active != 1 || created != "2026-11-23T09:00:30.000Z" || updated != created {
		t.Fatalf("defaults: %s %s %s %s %d", lang, theme, created, updated, active)
	}
	var actor, ws, action, changes string
	must(t, db.Read().QueryRow(`SELECT actor_id, workstation_id, action, changes FROM audit_log WHERE entity = 'users' AND entity_id = 'u-1'`).Scan(&actor, &ws, &action, &changes))
	if actor != "actor-devA" || ws != "devA" || action != "create" || !strings.Contains(changes, `"username":"ana"`) {
		t.Fatalf("audit %s %s %s %s", actor, ws, action, changes)
	}
	// An edit names its actor and device too, old → new.
	apply(t, db, ch("users", "u-1", stamp(40, 0, "devB"), map[string]any{"first_name": "Ana María"}))
	must(t, db.Read().QueryRow(`SELECT actor_id, workstation_id, changes FROM audit_log WHERE entity_id = 'u-1' AND action = 'update'`).Scan(&actor, &ws, &changes))
	if actor != "actor-devB" || ws != "devB" || !strings.Contains(changes, `"first_name":{"new":"Ana María","old":"Ana"}`) {
		t.Fatalf("update audit %s %s %s", actor, ws, changes)
	}
	// The field changed after creation has its own clock; the others share the row clock.
	if n := count(t, db, `SELECT COUNT(*) FROM sync_field_clock WHERE row_id = 'u-1'`); n < 1 {
		t.Fatal("no field clock for the edited field")
	}
	if h2, _ := db.ClockOf(bg, "users", "u-1", "first_name"); h2 != stamp(40, 0, "devB") {
		t.Fatalf("clock of first_name %s", h2)
	}
	// The local clock observed the remote stamps: the next local stamp sorts after them.
	var next string
	must(t, db.Write(bg, "u", func(tx *store.Tx) error { return insertWorkspace(tx, "w-local", "x") }))
	next, _ = db.ClockOf(bg, "workspaces", "w-local", "name")
	if next <= stamp(40, 0, "devB")[:19] {
		t.Fatalf("local stamp %s not after the remote one", next)
	}
}

func TestApplyRemoteParksChildrenUntilTheirParentArrives(t *testing.T) {
	db, _ := newDB(t)
	team := ch("teams", "t-1", stamp(2, 0, "devA"), map[string]any{"name": "Norte", "workspace_id": "ws-1"})
	ws := ch("workspaces", "ws-1", stamp(1, 0, "devA"), map[string]any{"name": "Lima"})
	user := ch("users", "u-1", stamp(1, 1, "devA"), map[string]any{"username": "ana", "email": "a@x", "first_name": "A", "last_name": "B", "role": "agent"})
	memberID := store.PairID("team_members", "t-1", "u-1")
	member := ch("team_members", memberID, stamp(3, 0, "devA"), map[string]any{"team_id": "t-1", "user_id": "u-1"})
	// The membership and the team arrive first (their user and workspace are on a later page).
	res := apply(t, db, member, team)
	if res.Parked != 2 {
		t.Fatalf("parked %+v", res)
	}
	if n, _ := db.ParkedCount(bg); n != 2 {
		t.Fatalf("parked rows %d", n)
	}
	// An unrelated change in the same page is applied anyway.
	res = apply(t, db, ws)
	if res.Unparked != 1 { // the team has its workspace now; the membership still waits
		t.Fatalf("after workspace %+v", res)
	}
	res = apply(t, db, user)
	if res.Unparked != 1 {
		t.Fatalf("after user %+v", res)
	}
	if n, _ := db.ParkedCount(bg); n != 0 {
		t.Fatalf("%d changes still parked", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM team_members WHERE id = ? AND team_id = 't-1' AND user_id = 'u-1'`, memberID); n != 1 {
		t.Fatal("membership not applied")
	}
	// Inside one page the order does not matter (deferred foreign keys).
	db2, _ := newDB(t)
	res = apply(t, db2, member, team, user, ws)
	if res.Parked != 0 || res.Applied != 4 {
		t.Fatalf("one page %+v", res)
	}
}

func TestApplyRemoteUniqueConflictNeverBlocksTheQueue(t *testing.T) {
	db, _ := newDB(t)
	must(t, db.Write(bg, "u", func(tx *store.Tx) error {
		return tx.Insert("users", "u-local", store.Fields{"username": "ana", "email": "ana@x", "first_name": "A", "last_name": "L", "role": "agent"})
	}))
	dup := ch("users", "u-remote", stamp(5, 0, "devB"), map[string]any{"username": "ana", "email": "other@x", "first_name": "B", "last_name": "M", "role": "agent"})
	ok := ch("workspaces", "ws-9", stamp(5, 1, "devB"), map[string]any{"name": "Cusco"})
	res := apply(t, db, dup, ok)
	if res.Conflicts != 1 || res.Applied != 1 {
		t.Fatalf("%+v", res)
	}
	var code, field, src string
	must(t, db.Read().QueryRow(`SELECT code, field, source FROM sync_conflicts WHERE row_id = 'u-remote'`).Scan(&code, &field, &src))
	if code != "conflict_unique" || field != "username" || src != "pull" {
		t.Fatalf("conflict %s %s %s", code, field, src)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM workspaces WHERE id = 'ws-9'`); n != 1 {
		t.Fatal("the next change was blocked")
	}
	// Unknown tables and columns are conflicts too, not errors.
	res = apply(t, db, ch("nope", "x", stamp(6, 0, "devB"), map[string]any{}), ch("workspaces", "ws-9", stamp(6, 1, "devB"), map[string]any{"color": "red"}))
	if res.Conflicts != 2 {
		t.Fatalf("%+v", res)
	}
}

func TestRemoteDeletionWritesItsConsequencesExplicitly(t *testing.T) {
	db, _ := newDB(t)
	apply(t, db,
		ch("workspaces", "ws-1", stamp(1, 0, "devA"), map[string]any{"name": "Lima"}),
		ch("users", "u-1", stamp(1, 1, "devA"), map[string]any{"username": "ana", "email": "a@x", "first_name": "A", "last_name": "B", "role": "agent"}),
		ch("teams", "t-1", stamp(2, 0, "devA"), map[string]any{"name": "Norte", "workspace_id": "ws-1", "leader_id": "u-1"}),
	)
	must(t, db.EnableSync(bg, "devLocal", nil))
	// This workstation gave the user a client and a team membership offline.
	must(t, db.Write(bg, "u", func(tx *store.Tx) error {
		if err := tx.Insert("clients", "c-1", store.Fields{"name": "Cliente", "workspace_id": "ws-1", "owner_id": "u-1"}); err != nil {
			return err
		}
		return tx.Insert("team_members", "", store.Fields{"team_id": "t-1", "user_id": "u-1"})
	}))
	before := count(t, db, `SELECT COUNT(*) FROM sync_outbox`)
	apply(t, db, del("users", "u-1", stamp(50, 0, "devB")))
	if n := count(t, db, `SELECT COUNT(*) FROM users WHERE id = 'u-1'`); n != 0 {
		t.Fatal("user not deleted")
	}
	// The client keeps existing without owner, the team without leader, the membership is
	// gone: each with its own clock and outbox entry, so the server learns it.
	if n := count(t, db, `SELECT COUNT(*) FROM clients WHERE id = 'c-1' AND owner_id IS NULL`); n != 1 {
		t.Fatal("client owner not cleared")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM teams WHERE id = 't-1' AND leader_id IS NULL`); n != 1 {
		t.Fatal("team leader not cleared")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_tombstones WHERE tbl = 'team_members'`); n != 1 {
		t.Fatal("no membership tombstone")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sync_outbox`) - before; n != 3 {
		t.Fatalf("%d outbox entries for the consequences, want 3", n)
	}
	if h, _ := db.ClockOf(bg, "clients", "c-1", "owner_id"); !strings.HasSuffix(h, "-devLocal") || h <= stamp(50, 0, "devB")[:19] {
		t.Fatalf("owner_id clock %s", h)
	}
}

func TestRemoteDeactivationEndsLocalSessionsBeganBeforeIt(t *testing.T) {
	db, clk := newDB(t)
	apply(t, db, ch("users", "u-1", stamp(1, 0, "devA"), map[string]any{"username": "ana", "email": "a@x", "first_name": "A", "last_name": "B", "role": "agent"}))
	must(t, db.Write(bg, "u-1", func(tx *store.Tx) error {
		if err := tx.Insert("sessions", "s-old", store.Fields{"user_id": "u-1", "workstation_id": "w", "created_at": "2026-11-23T09:00:10.000Z", "last_seen_at": "x"}); err != nil {
			return err
		}
		return tx.Insert("sessions", "s-new", store.Fields{"user_id": "u-1", "workstation_id": "w", "created_at": "2026-11-23T09:02:00.000Z", "last_seen_at": "x"})
	}))
	clk.Add(5 * time.Minute)
	apply(t, db, ch("users", "u-1", stamp(60, 0, "devB"), map[string]any{"active": false, "status": "inactive"}))
	var oldEnd, newEnd string
	must(t, db.Read().QueryRow(`SELECT ended_at FROM sessions WHERE id = 's-old'`).Scan(&oldEnd))
	must(t, db.Read().QueryRow(`SELECT ended_at FROM sessions WHERE id = 's-new'`).Scan(&newEnd))
	if oldEnd == "" || newEnd != "" {
		t.Fatalf("sessions ended: old %q new %q", oldEnd, newEnd)
	}
}

func TestPairIDMakesTheSameMembershipOneRow(t *testing.T) {
	a := store.PairID("team_members", "t", "u")
	if a != store.PairID("team_members", "t", "u") || a == store.PairID("team_members", "u", "t") || a == store.PairID("campaign_members", "t", "u") {
		t.Fatal("PairID is not a function of table and ordered pair")
	}
	db, _ := newDB(t)
	apply(t, db,
		ch("workspaces", "ws-1", stamp(1, 0, "devA"), map[string]any{"name": "Lima"}),
		ch("users", "u", stamp(1, 1, "devA"), map[string]any{"username": "ana", "email": "a@x", "first_name": "A", "last_name": "B", "role": "agent"}),
		ch("teams", "t", stamp(2, 0, "devA"), map[string]any{"name": "Norte", "workspace_id": "ws-1"}),
	)
	// Whatever id a caller passes, the row gets the pair's id.
	must(t, db.Write(bg, "x", func(tx *store.Tx) error {
		return tx.Insert("team_members", store.NewID(), store.Fields{"team_id": "t", "user_id": "u"})
	}))
	if n := count(t, db, `SELECT COUNT(*) FROM team_members WHERE id = ?`, a); n != 1 {
		t.Fatal("membership id is not PairID")
	}
	// The same membership made on another workstation merges into the same row.
	res := apply(t, db, ch("team_members", a, stamp(3, 0, "devB"), map[string]any{"team_id": "t", "user_id": "u"}))
	if res.Conflicts != 0 || count(t, db, `SELECT COUNT(*) FROM team_members`) != 1 {
		t.Fatalf("%+v", res)
	}
}
