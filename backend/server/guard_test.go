package server_test

import (
	"testing"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/syncwire"
)

// The server re-checks the workstation's role guard rails (backend/access.ManagesUser and
// MayGrant) on users' access fields against the change's actor, as the server knows them.
func TestRoleGuardRailsOnAccessFields(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		desk := newClient(t, o.srv, "desk")
		deny := func(actor string, ch syncwire.Change, field string) {
			t.Helper()
			ch.ActorID = actor
			if r := desk.rejected(ch); r.Code != syncwire.CodeGuardRail || r.Field != field {
				t.Fatalf("%s by %s: got %+v, want permission_denied on %q", ch.ID, actor, r, field)
			}
		}
		allow := func(actor string, ch syncwire.Change) {
			t.Helper()
			ch.ActorID = actor
			if r := desk.rejected(ch); r.Code != "" {
				t.Fatalf("%s by %s: rejected %+v", ch.ID, actor, r)
			}
		}
		c := desk
		c.mustAccept(c.as(ownerID).change("profiles", "p-agent2", map[string]any{"name": "Senior agent", "role": "agent", "modules": `["workspace","clients"]`}))
		c.mustAccept(c.as(ownerID).change("profiles", "p-agent-audit", map[string]any{"name": "Auditor", "role": "agent", "modules": `["workspace","audit"]`}))

		// An administrator manages the agents of their workspaces only...
		allow(adminID, c.change("users", agentA, map[string]any{"profile_id": "p-agent2", "role": "agent"}))
		deny(adminID, c.change("users", agentB, map[string]any{"active": false}), "active")
		// ...never makes an Owner, never gives an administrator profile or one with modules
		// they lack.
		deny(adminID, c.change("users", agentA, map[string]any{"role": "owner", "profile_id": nil}), "role")
		deny(adminID, c.change("users", agentA, map[string]any{"profile_id": "p-admin", "role": "admin"}), "profile_id")
		deny(adminID, c.change("users", agentA, map[string]any{"profile_id": "p-agent-audit"}), "profile_id")
		// ...creates agents, not administrators.
		allow(adminID, c.change("users", "u-new-agent", userFields("newagent", "agent", "p-agent")))
		deny(adminID, c.change("users", "u-new-admin", userFields("newadmin", "admin", "p-admin")), "profile_id")
		// ...and never touches the Owner.
		deny(adminID, c.change("users", ownerID, map[string]any{"active": false}), "active")

		// An agent changes nobody's access, not even their own, and creates nobody; their own
		// personal fields are theirs.
		deny(agentA, c.change("users", agentA, map[string]any{"role": "admin", "profile_id": "p-admin"}), "role")
		deny(agentA, c.change("users", agentB, map[string]any{"active": false}), "active")
		deny(agentA, c.change("users", "u-by-agent", userFields("byagent", "agent", "p-agent")), "id")
		allow(agentA, c.change("users", agentA, map[string]any{"phone": "123", "presence": "online"}))

		// Nobody deletes the Owner; the Owner deletes others.
		del := func(id string) syncwire.Change { ch := c.change("users", id, nil); ch.Deleted = true; return ch }
		deny(adminID, del(ownerID), "id")
		allow(ownerID, del("u-new-agent"))
		// A second Owner is never created.
		deny(ownerID, c.change("users", "u-owner2", userFields("owner2", "owner", nil)), "role")

		// An unknown actor, or one the Owner deactivated, makes no change at all.
		if r := c.rejected(c.as("u-ghost").change("workspaces", "w9", map[string]any{"name": "x"})); r.Code != syncwire.CodeUnknownActor {
			t.Fatalf("unknown actor: %+v", r)
		}
		allow(ownerID, c.change("users", agentB, map[string]any{"active": false}))
		if r := c.rejected(c.as(agentB).change("users", agentB, map[string]any{"phone": "1"})); r.Code != syncwire.CodeUnknownActor {
			t.Fatalf("deactivated actor: %+v", r)
		}
	})
}

func TestOwnershipHandOverInOneBatch(t *testing.T) {
	o := newOrg(t, "")
	c := o.owner
	// What users.TransferOwnership writes: the Owner steps down, then the new Owner.
	c.mustAccept(
		c.change("users", ownerID, map[string]any{"role": "admin", "profile_id": "p-admin"}),
		c.change("users", adminID, map[string]any{"role": "owner", "profile_id": nil}),
	)
	// The former Owner is an administrator now: no more hand-overs from them.
	if r := c.rejected(c.as(ownerID).change("users", agentA, map[string]any{"role": "owner", "profile_id": nil})); r.Code != syncwire.CodeGuardRail {
		t.Fatalf("hand-over by a former owner: %+v", r)
	}
	// The Owner's endpoints follow the new Owner.
	if st, _ := c.do("GET", "/v1/devices", nil, map[string]string{syncwire.ActorHeader: adminID}); st != 200 {
		t.Fatalf("new owner lists devices: %d", st)
	}
	if st, _ := c.do("GET", "/v1/devices", nil, map[string]string{syncwire.ActorHeader: ownerID}); st != 403 {
		t.Fatalf("old owner lists devices: %d", st)
	}
}

func TestOnlyTheFirstPushOnAnEmptyServerMayCreateTheOwner(t *testing.T) {
	srv := servertest.Start(t, "")
	c := newClient(t, srv, "desk")
	// Work by nobody, or an Owner row whose actor is someone else, is refused.
	if r := c.rejected(c.as("u-x").change("workspaces", "w1", map[string]any{"name": "x"})); r.Code != syncwire.CodeUnknownActor {
		t.Fatalf("work on an empty server: %+v", r)
	}
	if r := c.rejected(c.as("u-x").change("users", "u-o", userFields("o", "owner", nil))); r.Code != syncwire.CodeUnknownActor {
		t.Fatalf("owner made by another: %+v", r)
	}
	// A refused Owner row authorizes nothing else in its batch.
	bad := c.as("u-o").change("users", "u-o", userFields("o", "owner", nil))
	bad.Fields["active"] = enc("yes")
	r := c.push(bad, c.change("workspaces", "w1", map[string]any{"name": "x"}))
	if r.Accepted != 0 || len(r.Rejected) != 2 || r.Rejected[1].Code != syncwire.CodeUnknownActor {
		t.Fatalf("batch with a refused owner: %+v", r)
	}
	c.mustAccept(c.change("workspaces", "w1", map[string]any{"name": "x"}), c.change("users", "u-o", userFields("o", "owner", nil)))
	// Once there is an Owner, nobody else becomes one by pushing first.
	d := newClient(t, srv, "intruder").as("u-i")
	if r := d.rejected(d.change("users", "u-i", userFields("i", "owner", nil))); r.Code != syncwire.CodeUnknownActor {
		t.Fatalf("second bootstrap: %+v", r)
	}
}

// An invited user redeeming their invitation on a workstation activates themself (what
// invites.Accept writes, as the invited user): allowed for their own row and invitation only.
func TestInviteeActivatesThemselfOnly(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		inv := userFields("invited", "agent", "p-agent")
		inv["active"], inv["status"], inv["invited"] = false, "pending", true
		c.mustAccept(c.change("users", "u-inv", inv),
			c.change("invitations", "i-1", map[string]any{"user_id": "u-inv", "email": "invited@example.org", "profile_id": "p-agent",
				"code_hash": "h", "expires_at": "2099-01-01T00:00:00.000Z", "invited_by": ownerID}),
			c.change("invitations", "i-other", map[string]any{"user_id": agentA, "email": "x@example.org", "profile_id": "p-agent",
				"code_hash": "h2", "expires_at": "2099-01-01T00:00:00.000Z", "invited_by": ownerID}))
		desk := newClient(t, o.srv, "desk").as("u-inv")
		for _, bad := range []struct {
			ch   syncwire.Change
			code string
		}{
			{desk.change("users", "u-inv", map[string]any{"role": "admin", "profile_id": "p-admin", "active": true}), syncwire.CodeGuardRail},
			{desk.change("users", agentA, map[string]any{"phone": "1"}), syncwire.CodeUnknownActor},
			{desk.change("invitations", "i-other", map[string]any{"used_at": "2026-01-01T00:00:00.000Z"}), syncwire.CodeUnknownActor},
			{desk.change("workspaces", "w1", map[string]any{"name": "mine"}), syncwire.CodeUnknownActor},
		} {
			if r := desk.rejected(bad.ch); r.Code != bad.code {
				t.Fatalf("%s/%s by the invitee: %+v, want %s", bad.ch.Table, bad.ch.ID, r, bad.code)
			}
		}
		desk.mustAccept(
			desk.change("users", "u-inv", map[string]any{"password_hash": "$argon2id$x", "must_change_password": false, "active": true, "status": "active", "first_name": "Ivy"}),
			desk.change("invitations", "i-1", map[string]any{"used_at": "2026-01-01T00:00:00.000Z"}),
		)
		// Now an active user, they act as any agent.
		desk.mustAccept(desk.change("users", "u-inv", map[string]any{"presence": "online"}))
	})
}

// A user's workspaces are access too: given and taken only inside the actor's workspaces, for
// users the actor manages (as users.Update and users.Create check them).
func TestWorkspaceMembershipGuardRails(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		c.mustAccept(c.change("workspaces", "w3", map[string]any{"name": "East"}),
			c.change("user_workspaces", "uw-admin-w3", map[string]any{"user_id": adminID, "workspace_id": "w3"}))
		desk := newClient(t, o.srv, "desk")
		try := func(actor string, ch syncwire.Change) syncwire.Rejected {
			t.Helper()
			ch.ActorID = actor
			return desk.rejected(ch)
		}
		// The administrator gives agent A (theirs) w3, then takes w1 away.
		if r := try(adminID, desk.change("user_workspaces", "uw-a-w3", map[string]any{"user_id": agentA, "workspace_id": "w3"})); r.Code != "" {
			t.Fatalf("admin gives w3 to agent A: %+v", r)
		}
		del := desk.change("user_workspaces", "uw-a-w1", nil)
		del.Deleted = true
		if r := try(adminID, del); r.Code != "" {
			t.Fatalf("admin takes w1 from agent A: %+v", r)
		}
		// Not a workspace the administrator is out of, not an agent who is not theirs, not
		// themself.
		if r := try(adminID, desk.change("user_workspaces", "uw-a-w2", map[string]any{"user_id": agentA, "workspace_id": "w2"})); r.Code != syncwire.CodeGuardRail || r.Field != "workspace_id" {
			t.Fatalf("admin gives w2: %+v", r)
		}
		if r := try(adminID, desk.change("user_workspaces", "uw-b-w3", map[string]any{"user_id": agentB, "workspace_id": "w3"})); r.Code != syncwire.CodeGuardRail || r.Field != "user_id" {
			t.Fatalf("admin gives w3 to agent B: %+v", r)
		}
		if r := try(adminID, desk.change("user_workspaces", "uw-admin-w1b", map[string]any{"user_id": adminID, "workspace_id": "w1"})); r.Code != syncwire.CodeGuardRail {
			t.Fatalf("admin gives themself a workspace: %+v", r)
		}
		if r := try(agentB, desk.change("user_workspaces", "uw-b-w1", map[string]any{"user_id": agentB, "workspace_id": "w1"})); r.Code != syncwire.CodeGuardRail {
			t.Fatalf("agent gives themself a workspace: %+v", r)
		}
		// Deleting agent A (now in w3 and, given by the Owner, w2) removes every link, also
		// the one outside the administrator's workspaces.
		desk.actor = ownerID
		desk.mustAccept(desk.change("user_workspaces", "uw-a-w2", map[string]any{"user_id": agentA, "workspace_id": "w2"}))
		var gone []syncwire.Change
		for _, id := range []string{"uw-a-w3", "uw-a-w2"} {
			d := desk.as(adminID).change("user_workspaces", id, nil)
			d.Deleted = true
			gone = append(gone, d)
		}
		u := desk.change("users", agentA, nil)
		u.Deleted = true
		desk.mustAccept(append(gone, u)...)
		// A new agent made by the administrator gets their first workspaces.
		desk.actor = adminID
		desk.mustAccept(desk.change("users", "u-new", userFields("newbie", "agent", "p-agent")),
			desk.change("user_workspaces", "uw-new-w1", map[string]any{"user_id": "u-new", "workspace_id": "w1"}),
			desk.change("user_workspaces", "uw-new-w3", map[string]any{"user_id": "u-new", "workspace_id": "w3"}))
	})
}
