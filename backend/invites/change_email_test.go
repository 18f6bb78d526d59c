package invites_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/store"
)

// TestChangeEmailRenewsTheCode: a corrected address moves the invitation and its pending
// user to it, kills the code sent to the old one and gives a new one for 24 hours; a taken
// or malformed address and someone else's invitation are refused.
func TestChangeEmailRenewsTheCode(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Invite(ctx, f.admin, []invites.InviteRow{f.row("wrong.addres@example.test")})
	if err != nil {
		t.Fatal(err)
	}
	old := res.Invitations[0]
	f.env.Clock.Advance(3 * time.Hour)
	got, err := f.svc.ChangeEmail(ctx, f.admin, old.InvitationID, " Right.Address@Example.test ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "right.address@example.test" || got.Code == old.Code || got.ExpiresAt != store.Timestamp(f.env.Clock.Now().Add(24*time.Hour)) {
		t.Fatalf("changed: %+v", got)
	}
	var email string
	if err := f.env.DB.Read().QueryRow(`SELECT email FROM users WHERE id = ?`, old.UserID).Scan(&email); err != nil {
		t.Fatal(err)
	}
	if email != "right.address@example.test" {
		t.Fatalf("pending user's e-mail %q", email)
	}
	if _, err := f.svc.Lookup(ctx, old.Code); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("old code: %v", err)
	}
	if info, err := f.svc.Lookup(ctx, got.Code); err != nil || info.Email != "right.address@example.test" {
		t.Fatalf("new code: %+v %v", info, err)
	}
	cases := []struct {
		name, email string
		actor       string
		want        string
	}{
		{"taken by a user", "agent.a@example.test", "admin", apperr.CodeConflictUnique},
		{"malformed", "not-an-address", "admin", apperr.CodeValidation},
		{"agent", "other@example.test", "agent", apperr.CodePermissionDenied},
	}
	var taken string
	if err := f.env.DB.Read().QueryRow(`SELECT email FROM users WHERE username = 'agent.a'`).Scan(&taken); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := f.admin
			if c.actor == "agent" {
				a = f.agent
			}
			addr := c.email
			if c.name == "taken by a user" {
				addr = taken
			}
			if _, err := f.svc.ChangeEmail(ctx, a, old.InvitationID, addr); code(err) != c.want {
				t.Fatalf("got %v, want %s", err, c.want)
			}
		})
	}
}
