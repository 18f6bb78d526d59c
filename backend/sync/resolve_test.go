package sync_test

import (
	"testing"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

// pair enrolls a seeded workstation A and an empty workstation B that downloads A's data.
func pair(t *testing.T) (*testutil.Env, *plsync.Client, *store.DB, *plsync.Client) {
	t.Helper()
	srv := servertest.Start(t, "")
	a := seeded(t)
	ca := plsync.New(a.DB, plsync.Options{})
	_, err := ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	b := empty(t)
	cb := plsync.New(b, plsync.Options{})
	_, err = cb.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	return a, ca, b, cb
}

func openConflicts(t *testing.T, db *store.DB) []store.Conflict {
	t.Helper()
	c, err := db.Conflicts(ctx, false, 50)
	must(t, err)
	return c
}

func userOf(t *testing.T, db *store.DB, username string) string {
	t.Helper()
	var id string
	must(t, db.Read().QueryRow(`SELECT id FROM users WHERE username = ?`, username).Scan(&id))
	return id
}

// Two workstations create "zed" offline; B's is refused. The supervisor on B merges it into
// A's zed: B's zed's workspace, client and follow-up move to A's zed, B's zed is gone, and
// after syncing both workstations hold the same rows.
func TestMergeARefusedUserIntoTheExistingOne(t *testing.T) {
	a, ca, b, cb := pair(t)
	idA, idB := store.NewID(), store.NewID()
	mk := func(db *store.DB, id, email, ws string) {
		must(t, db.Write(ctx, a.Owner, func(tx *store.Tx) error {
			if err := tx.Insert("users", id, store.Fields{"username": "zed", "email": email, "first_name": "Zed",
				"last_name": "Ortiz", "role": "agent", "profile_id": a.AgentProfile}); err != nil {
				return err
			}
			return tx.Insert("user_workspaces", "", store.Fields{"user_id": id, "workspace_id": ws})
		}))
	}
	mk(a.DB, idA, "zed@a.test", a.WorkspaceA)
	mk(b, idB, "zed@b.test", a.WorkspaceB)
	client, fu := store.NewID(), store.NewID()
	must(t, b.Write(ctx, a.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("clients", client, store.Fields{"name": "Ferretería Sol", "workspace_id": a.WorkspaceB, "owner_id": idB}); err != nil {
			return err
		}
		return tx.Insert("followups", fu, store.Fields{"client_id": client, "owner_id": idB, "due_at": "2026-12-24T10:00:00Z"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	confs := openConflicts(t, b)
	if len(confs) != 2 || confs[0].RowID != idB || confs[0].Field != "username" {
		t.Fatalf("conflicts on B %+v", confs)
	}
	// Only a refused new user can be merged, and not from the pulled side.
	if err := b.ResolveConflictAs(ctx, a.Owner, confs[1].ID, store.ResolveMerge, ""); err == nil {
		t.Fatal("merged the pulled side")
	}
	must(t, b.ResolveConflictAs(ctx, a.Owner, confs[0].ID, store.ResolveMerge, ""))
	if n := len(openConflicts(t, b)); n != 0 {
		t.Fatalf("%d conflicts open after the merge", n)
	}
	check := func(db *store.DB, where string) {
		t.Helper()
		if n := count(t, db, `SELECT COUNT(*) FROM users WHERE id = ?`, idB); n != 0 {
			t.Fatalf("%s: the refused user is still there", where)
		}
		if got := userOf(t, db, "zed"); got != idA {
			t.Fatalf("%s: zed is %s, want A's %s", where, got, idA)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM clients WHERE id = ? AND owner_id = ?`, client, idA); n != 1 {
			t.Fatalf("%s: the client did not move to A's zed", where)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM followups WHERE id = ? AND owner_id = ?`, fu, idA); n != 1 {
			t.Fatalf("%s: the follow-up did not move to A's zed", where)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM user_workspaces WHERE user_id = ? AND workspace_id IN (?, ?)`, idA, a.WorkspaceA, a.WorkspaceB); n != 2 {
			t.Fatalf("%s: A's zed is in %d of the two workspaces", where, n)
		}
	}
	check(b, "B")
	var audit string
	must(t, b.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity = 'users' AND entity_id = ? AND action = 'merge'`, idA).Scan(&audit))
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	check(a.DB, "A")
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatalf("after the merge:\n%s\nwant:\n%s", got, want)
	}
	if n := len(openConflicts(t, a.DB)); n != 0 {
		t.Fatalf("A has %d conflicts", n)
	}
}

// B changes an e-mail to one A gave someone else first: the server refuses B's edit. The
// supervisor discards it: B shows the server's e-mail again (not the refused one), A's
// change that waited for the address is applied, and both agree.
func TestDiscardingARefusedEditRestoresTheServersValue(t *testing.T) {
	a, ca, b, cb := pair(t)
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentB, store.Fields{"email": "zofia.w@contactsur.test"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx)) // B has the server's current address of agent.b
	must(t, a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentA, store.Fields{"email": "team@contactsur.test"})
	}))
	must(t, b.Write(ctx, a.Owner, func(tx *store.Tx) error {
		return tx.Update("users", a.AgentB, store.Fields{"email": "team@contactsur.test", "first_name": "Zofía"})
	}))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	confs := openConflicts(t, b)
	if len(confs) == 0 || confs[0].Source != "push" || confs[0].RowID != a.AgentB || confs[0].Field != "email" {
		t.Fatalf("conflicts on B %+v", confs)
	}
	must(t, cb.Discard(ctx, a.Owner, confs[0].ID))
	var email, first string
	must(t, b.Read().QueryRow(`SELECT email, first_name FROM users WHERE id = ?`, a.AgentB).Scan(&email, &first))
	if email != "zofia.w@contactsur.test" || first != "Zofia" {
		t.Fatalf("after discard B shows %s %s, want the server's zofia.w@contactsur.test Zofia", email, first)
	}
	if n := len(openConflicts(t, b)); n != 0 {
		t.Fatalf("%d conflicts open after discarding", n)
	}
	var emailA string
	must(t, b.Read().QueryRow(`SELECT email FROM users WHERE id = ?`, a.AgentA).Scan(&emailA))
	if emailA != "team@contactsur.test" {
		t.Fatalf("A's change did not arrive on B: %s", emailA)
	}
	must(t, cb.SyncOnce(ctx))
	must(t, ca.SyncOnce(ctx))
	must(t, cb.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); got != want {
		t.Fatalf("after the discard:\n%s\nwant:\n%s", got, want)
	}
}
