package avatar_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/avatar"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

// avatarOf reads users.avatar_id.
func avatarOf(t *testing.T, env *testutil.Env, userID string) string {
	t.Helper()
	var id string
	must(t, env.DB.Read().QueryRow(`SELECT avatar_id FROM users WHERE id = ?`, userID).Scan(&id))
	return id
}

func count(t *testing.T, env *testutil.Env, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, env.DB.Read().QueryRow(q, args...).Scan(&n))
	return n
}

func TestSetAndRemovePermissions(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := avatar.New(env.DB)
	owner, admin := env.SignIn(testutil.OwnerUsername), env.SignIn(testutil.AdminUsername)
	agentA, agentB := env.SignIn(testutil.AgentAUsername), env.SignIn(testutil.AgentBUsername)
	// An Administrator with no workspace in common with anyone.
	loneAdmin := &access.Actor{UserID: admin.UserID, SessionID: admin.SessionID, Role: access.Admin, Modules: admin.Modules}
	pic := encodeJPEG(t, halves(120, 80, red, blue))
	cases := []struct {
		name   string
		actor  *access.Actor
		target string
		code   string
	}{
		{"anonymous", nil, env.AgentA, apperr.CodeUnauthenticated},
		{"actor without user", &access.Actor{Role: access.Owner}, env.AgentA, apperr.CodeUnauthenticated},
		{"agent on self", agentA, env.AgentA, ""},
		{"agent on another agent", agentA, env.AgentB, apperr.CodePermissionDenied},
		{"agent on own admin", agentA, env.Admin, apperr.CodePermissionDenied},
		{"agent on the owner", agentB, env.Owner, apperr.CodePermissionDenied},
		{"admin on self", admin, env.Admin, ""},
		{"admin on agent in own workspace", admin, env.AgentA, ""},
		{"admin on agent in other workspace", admin, env.AgentB, apperr.CodePermissionDenied},
		{"admin without workspaces on agent", loneAdmin, env.AgentA, apperr.CodePermissionDenied},
		{"admin on the owner", admin, env.Owner, apperr.CodePermissionDenied},
		{"owner on self", owner, env.Owner, ""},
		{"owner on admin", owner, env.Admin, ""},
		{"owner on agent in any workspace", owner, env.AgentB, ""},
		{"unknown user", owner, "01900000-0000-7000-8000-000000000000", apperr.CodeNotFound},
		{"unknown user as agent", agentA, "nobody", apperr.CodeNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			audits := count(t, env, `SELECT COUNT(*) FROM audit_log`)
			id, err := svc.Set(ctx, c.actor, c.target, pic, avatar.Crop{})
			if got := apperr.CodeOf(err); got != c.code {
				t.Fatalf("Set: got %v, want %q", err, c.code)
			}
			if c.code != "" {
				if count(t, env, `SELECT COUNT(*) FROM audit_log`) != audits {
					t.Fatal("a refused Set wrote")
				}
			} else if got := avatarOf(t, env, c.target); got != id || len(id) != 64 {
				t.Fatalf("avatar_id %q, Set returned %q", got, id)
			}
			err = svc.Remove(ctx, c.actor, c.target)
			if got := apperr.CodeOf(err); got != c.code {
				t.Fatalf("Remove: got %v, want %q", err, c.code)
			}
			if c.code == "" && avatarOf(t, env, c.target) != "" {
				t.Fatal("Remove left the avatar")
			}
		})
	}
	// A refused picture is refused before anything is written.
	_, err := svc.Set(ctx, agentA, env.AgentA, []byte("GIF89a..."), avatar.Crop{})
	if e := apperr.As(err); e.Code != avatar.CodeInvalid || e.Params["reason"] != avatar.ReasonType {
		t.Fatalf("gif: %v", err)
	}
	_, err = svc.Set(ctx, agentA, env.AgentA, pic, avatar.Crop{X: 2, Size: 1})
	if apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("bad crop: %v", err)
	}
}

func TestSetWritesThroughTheAuditedSyncedWritePath(t *testing.T) {
	env := testutil.NewEnv(t)
	// A workstation enrolled with a sync server: changes queue in the outbox.
	must(t, env.DB.EnableSync(ctx, "ws-test", nil))
	svc := avatar.New(env.DB)
	agentA, admin := env.SignIn(testutil.AgentAUsername), env.SignIn(testutil.AdminUsername)
	pic := encodeJPEG(t, halves(120, 80, red, blue))

	id, err := svc.Set(ctx, agentA, env.AgentA, pic, avatar.Crop{})
	must(t, err)
	large, mime, err := svc.Get(ctx, id, avatar.LargeSize)
	must(t, err)
	if mime != avatar.MimeJPEG {
		t.Fatalf("mime %s", mime)
	}
	decode(t, large, avatar.LargeSize)

	// The avatar row's audit entry says the picture columns changed, without their bytes.
	var changes, actor string
	must(t, env.DB.Read().QueryRow(`SELECT changes, actor_id FROM audit_log WHERE entity = 'avatars' AND entity_id = ? AND action = 'create'`, id).Scan(&changes, &actor))
	if actor != env.AgentA || !strings.Contains(changes, `"large":{"secret":true}`) || !strings.Contains(changes, `"small":{"secret":true}`) ||
		!strings.Contains(changes, `"image/jpeg"`) || len(changes) > 1000 {
		t.Fatalf("avatar audit entry by %s: %s", actor, changes)
	}
	// The pictures travel in the outbox as base64; no audit entry holds them.
	b64 := base64.StdEncoding.EncodeToString(large[:48])
	if n := count(t, env, `SELECT COUNT(*) FROM audit_log WHERE instr(changes, ?) > 0`, b64); n != 0 {
		t.Fatalf("%d audit entries hold picture bytes", n)
	}
	if n := count(t, env, `SELECT COUNT(*) FROM sync_outbox WHERE instr(fields, ?) > 0`, b64); n != 1 {
		t.Fatalf("the picture is in %d outbox entries, want 1", n)
	}
	must(t, env.DB.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity = 'users' AND entity_id = ? ORDER BY at DESC, id DESC LIMIT 1`, env.AgentA).Scan(&changes))
	if changes != `{"avatar_id":{"new":"`+id+`","old":""}}` {
		t.Fatalf("user audit entry: %s", changes)
	}
	// Both rows travel to sync, the pictures included.
	if n := count(t, env, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'avatars' AND row_id = ? AND instr(fields, '"large":"') > 0`, id); n != 1 {
		t.Fatalf("%d outbox entries for the avatar", n)
	}
	if n := count(t, env, `SELECT COUNT(*) FROM sync_outbox WHERE tbl = 'users' AND row_id = ? AND instr(fields, ?) > 0`, env.AgentA, id); n != 1 {
		t.Fatalf("%d outbox entries for the user's avatar_id", n)
	}

	// The same picture for another user is stored once; setting it again changes nothing.
	id2, err := svc.Set(ctx, admin, env.AgentA, pic, avatar.Crop{})
	must(t, err)
	id3, err := svc.Set(ctx, admin, env.Admin, pic, avatar.Crop{})
	must(t, err)
	if id2 != id || id3 != id || count(t, env, `SELECT COUNT(*) FROM avatars`) != 1 {
		t.Fatalf("ids %s %s %s, %d rows", id, id2, id3, count(t, env, `SELECT COUNT(*) FROM avatars`))
	}
	if n := count(t, env, `SELECT COUNT(*) FROM audit_log WHERE entity = 'users' AND entity_id = ? AND instr(changes, 'avatar_id') > 0`, env.AgentA); n != 1 {
		t.Fatalf("setting the same avatar again was audited: %d entries", n)
	}

	// Removing is an audited write too; the shared picture stays for the admin.
	must(t, svc.Remove(ctx, agentA, env.AgentA))
	must(t, env.DB.Read().QueryRow(`SELECT changes FROM audit_log WHERE entity = 'users' AND entity_id = ? ORDER BY at DESC, id DESC LIMIT 1`, env.AgentA).Scan(&changes))
	if changes != `{"avatar_id":{"new":"","old":"`+id+`"}}` {
		t.Fatalf("remove audit entry: %s", changes)
	}
	if avatarOf(t, env, env.Admin) != id {
		t.Fatal("removing one user's avatar touched another's")
	}
	must(t, svc.Remove(ctx, agentA, env.AgentA)) // nothing to remove: no error, no write
}

func TestGet(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := avatar.New(env.DB)
	owner := env.SignIn(testutil.OwnerUsername)
	id, err := svc.Set(ctx, owner, env.Owner, encodePNG(t, solid(50, 50, red)), avatar.Crop{})
	must(t, err)
	small, mime, err := svc.Get(ctx, id, avatar.SmallSize)
	must(t, err)
	if mime != avatar.MimeJPEG {
		t.Fatalf("mime %s", mime)
	}
	decode(t, small, avatar.SmallSize)
	for _, c := range []struct {
		id   string
		size int
		code string
	}{
		{id, 128, apperr.CodeValidation},
		{id, 0, apperr.CodeValidation},
		{strings.Repeat("0", 64), avatar.LargeSize, apperr.CodeNotFound},
		{strings.ToUpper(id), avatar.LargeSize, apperr.CodeNotFound},
		{"../../etc/passwd", avatar.LargeSize, apperr.CodeNotFound},
		{"", avatar.SmallSize, apperr.CodeNotFound},
	} {
		if _, _, err := svc.Get(ctx, c.id, c.size); apperr.CodeOf(err) != c.code {
			t.Errorf("Get(%q, %d): %v, want %s", c.id, c.size, err, c.code)
		}
	}
}
