package users_test

import (
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/users"
)

func ptr[T any](v T) *T { return &v }

func TestUpdateGuardRails(t *testing.T) {
	f := newFixture(t, 0)
	invited := store.NewID()
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("users", invited, store.Fields{"username": "invitee", "email": "invitee@contactsur.test",
			"first_name": "Irene", "last_name": "Invitada", "role": "agent", "profile_id": f.AgentProfile, "invited": true}); err != nil {
			return err
		}
		return tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": invited, "workspace_id": f.WorkspaceA})
	}))
	cases := []struct {
		name  string
		actor *access.Actor
		id    string
		in    users.UpdateInput
		code  string
		field string
	}{
		{"agent edits own name, phone, language, signature", f.AgentAA, f.AgentA, users.UpdateInput{FirstName: ptr("Janek"),
			Phone: ptr("+48 600 100 200"), Language: ptr("pl"), Signature: ptr("Pozdrawiam, Janek")}, "", ""},
		{"agent never edits own e-mail", f.AgentAA, f.AgentA, users.UpdateInput{Email: ptr("me@x.test")}, "permission_denied", "email"},
		{"agent never edits own profile", f.AgentAA, f.AgentA, users.UpdateInput{ProfileID: ptr(f.AdminProfile)}, "permission_denied", "profileId"},
		{"agent never edits own active state", f.AgentAA, f.AgentA, users.UpdateInput{Active: ptr(false)}, "permission_denied", "active"},
		{"agent never edits own workspaces", f.AgentAA, f.AgentA, users.UpdateInput{WorkspaceIDs: &[]string{f.WorkspaceB}}, "permission_denied", "workspaceIds"},
		{"agent never edits own username", f.AgentAA, f.AgentA, users.UpdateInput{Username: ptr("janek")}, "permission_denied", "username"},
		{"agent never edits anyone else", f.AgentAA, f.P.AgentA2, users.UpdateInput{FirstName: ptr("X")}, "permission_denied", ""},
		{"admin edits own name and username", f.AdminA, f.Admin, users.UpdateInput{FirstName: ptr("Anita"), Username: ptr("anita")}, "", ""},
		{"admin never edits own profile", f.AdminA, f.Admin, users.UpdateInput{ProfileID: ptr(f.AgentProfile)}, "permission_denied", "profileId"},
		{"admin never edits own e-mail", f.AdminA, f.Admin, users.UpdateInput{Email: ptr("a@x.test")}, "permission_denied", "email"},
		{"admin never deactivates self", f.AdminA, f.Admin, users.UpdateInput{Active: ptr(false)}, "permission_denied", "active"},
		{"admin edits an agent of their workspace", f.AdminA, f.P.AgentA2, users.UpdateInput{Email: ptr("jose@contactsur.test"),
			Extension: ptr("300"), LastName: ptr("Núñez Soto")}, "", ""},
		{"admin cannot edit an agent elsewhere", f.AdminA, f.AgentB, users.UpdateInput{FirstName: ptr("X")}, "not_found", ""},
		{"admin of B cannot see agent of A", f.AdminBA, f.AgentA, users.UpdateInput{FirstName: ptr("X")}, "not_found", ""},
		{"admin cannot edit the Owner", f.AdminA, f.Owner, users.UpdateInput{FirstName: ptr("X")}, "permission_denied", "firstName"},
		{"admin cannot promote an agent", f.AdminA, f.P.AgentA3, users.UpdateInput{ProfileID: ptr(f.AdminProfile)}, "permission_denied", "profileId"},
		{"admin cannot move an agent to a foreign workspace", f.AdminA, f.P.AgentA3, users.UpdateInput{WorkspaceIDs: &[]string{f.WorkspaceB}}, "permission_denied", "workspaceIds"},
		{"invited user's data is theirs", f.AdminA, invited, users.UpdateInput{FirstName: ptr("X")}, "permission_denied", "firstName"},
		{"invited user's e-mail is theirs", f.OwnerA, invited, users.UpdateInput{Email: ptr("x@x.test")}, "permission_denied", "email"},
		{"admin changes an invited user's access", f.AdminA, invited, users.UpdateInput{ProfileID: ptr(f.AgentProfile),
			WorkspaceIDs: &[]string{f.WorkspaceA}}, "", ""},
		{"invited user edits own data", f.ActorFor(invited), invited, users.UpdateInput{LastName: ptr("Invitada Ruiz")}, "", ""},
		{"owner never changes own profile", f.OwnerA, f.Owner, users.UpdateInput{ProfileID: ptr(f.AdminProfile)}, "permission_denied", "profileId"},
		{"owner never changes own e-mail", f.OwnerA, f.Owner, users.UpdateInput{Email: ptr("o@x.test")}, "permission_denied", "email"},
		{"owner promotes an agent to admin", f.OwnerA, f.P.AgentA3, users.UpdateInput{ProfileID: ptr(f.AdminProfile)}, "", ""},
		{"owner edits an admin elsewhere", f.OwnerA, f.P.AdminB, users.UpdateInput{Phone: ptr("123456")}, "", ""},
		{"taken e-mail", f.OwnerA, f.P.AdminB, users.UpdateInput{Email: ptr("agent.b@contactsur.test")}, "conflict_unique", "email"},
		{"taken username", f.OwnerA, f.P.AdminB, users.UpdateInput{Username: ptr("Agent.B")}, "conflict_unique", "username"},
		{"invalid value", f.OwnerA, f.P.AdminB, users.UpdateInput{Language: ptr("xx")}, "validation", "language"},
		{"unknown user", f.OwnerA, store.NewID(), users.UpdateInput{Phone: ptr("123456")}, "not_found", ""},
		{"anonymous", nil, f.AgentA, users.UpdateInput{Phone: ptr("123456")}, "unauthenticated", ""},
	}
	for _, c := range cases {
		err := f.Svc.Update(ctx, c.actor, c.id, c.in)
		if code(err) != c.code || field(err) != c.field {
			t.Errorf("%s: got %v (field %q), want %q %q", c.name, err, field(err), c.code, c.field)
		}
	}
	// What the allowed edits changed.
	checks := map[string]string{
		`SELECT first_name || '|' || phone || '|' || language || '|' || signature FROM users WHERE id = '` + f.AgentA + `'`:    "Janek|+48 600 100 200|pl|Pozdrawiam, Janek",
		`SELECT email || '|' || extension || '|' || last_name FROM users WHERE id = '` + f.P.AgentA2 + `'`:                     "jose@contactsur.test|300|Núñez Soto",
		`SELECT role || '|' || profile_id FROM users WHERE id = '` + f.P.AgentA3 + `'`:                                         "admin|" + f.AdminProfile,
		`SELECT username FROM users WHERE id = '` + f.Admin + `'`:                                                              "anita",
		`SELECT last_name || '|' || first_name FROM users WHERE id = '` + invited + `'`:                                        "Invitada Ruiz|Irene",
		`SELECT COUNT(*) FROM user_workspaces WHERE user_id = '` + f.P.AgentA3 + `' AND workspace_id = '` + f.WorkspaceB + `'`: "0",
	}
	for q, want := range checks {
		if got := str(t, f, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

func TestUpdateWorkspacesKeepsWhatTheAdminCannotSee(t *testing.T) {
	f := newFixture(t, 0)
	// Agent B works in B; the Owner adds A, then the admin of A takes A away again: B stays.
	must(t, f.Svc.Update(ctx, f.OwnerA, f.AgentB, users.UpdateInput{WorkspaceIDs: &[]string{f.WorkspaceA, f.WorkspaceB}}))
	if n := count(t, f, `SELECT COUNT(*) FROM user_workspaces WHERE user_id = ?`, f.AgentB); n != 2 {
		t.Fatalf("links %d", n)
	}
	if err := f.Svc.Update(ctx, f.AdminA, f.AgentB, users.UpdateInput{WorkspaceIDs: &[]string{}}); code(err) != "validation" {
		t.Fatalf("empty workspaces: %v", err)
	}
	must(t, f.Svc.Update(ctx, f.AdminA, f.AgentB, users.UpdateInput{FirstName: ptr("Zosia")}))
	must(t, f.Svc.Update(ctx, f.OwnerA, f.AgentB, users.UpdateInput{WorkspaceIDs: &[]string{f.WorkspaceB}}))
	if got := str(t, f, `SELECT group_concat(workspace_id) FROM user_workspaces WHERE user_id = ?`, f.AgentB); got != f.WorkspaceB {
		t.Fatalf("links %s", got)
	}
}

func TestUpdateActiveDeactivatesAndReactivates(t *testing.T) {
	f := newFixture(t, 2)
	must(t, f.Svc.Update(ctx, f.AdminA, f.AgentA, users.UpdateInput{Active: ptr(false)}))
	if s := str(t, f, `SELECT status || active FROM users WHERE id = ?`, f.AgentA); s != "inactive0" {
		t.Fatalf("after active=false: %s", s)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM clients WHERE owner_id IS NULL`); n != 2 {
		t.Fatalf("unassigned clients %d", n)
	}
	must(t, f.Svc.Update(ctx, f.AdminA, f.AgentA, users.UpdateInput{Active: ptr(true)}))
	if s := str(t, f, `SELECT status || active FROM users WHERE id = ?`, f.AgentA); s != "active1" {
		t.Fatalf("after active=true: %s", s)
	}
}

func TestTransferOwnership(t *testing.T) {
	f := newFixture(t, 0)
	for _, c := range []struct {
		name  string
		actor *access.Actor
		to    string
		code  string
	}{
		{"admin cannot", f.AdminA, f.AdminA.UserID, "permission_denied"},
		{"agent cannot", f.AgentAA, f.P.AgentA2, "permission_denied"},
		{"not to oneself", f.OwnerA, f.Owner, "validation"},
		{"not to an inactive user", f.OwnerA, f.P.Inactive, "validation"},
		{"not to an agent (the window offers administrators only)", f.OwnerA, f.P.AgentA2, "validation"},
		{"not to nobody", f.OwnerA, store.NewID(), "not_found"},
	} {
		if err := f.Svc.TransferOwnership(ctx, c.actor, c.to); code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	must(t, f.Svc.TransferOwnership(ctx, f.OwnerA, f.Admin))
	if s := str(t, f, `SELECT role || '|' || COALESCE(profile_id, '') FROM users WHERE id = ?`, f.Admin); s != "owner|" {
		t.Fatalf("new owner %s", s)
	}
	if s := str(t, f, `SELECT role || '|' || profile_id FROM users WHERE id = ?`, f.Owner); s != "admin|"+f.AdminProfile {
		t.Fatalf("old owner %s", s)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM users WHERE role = 'owner'`); n != 1 {
		t.Fatalf("owners %d", n)
	}
	// The old owner, now an administrator, can no longer transfer.
	if err := f.Svc.TransferOwnership(ctx, f.ActorFor(f.Owner), f.Owner); code(err) != "permission_denied" {
		t.Fatalf("old owner transfers again: %v", err)
	}
}
