package invites_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/invites"
)

// TestCheckPasswordWithTheInvitationCode: the accept form's live check works without a
// session, counts the invitation's e-mail and the typed names as personal data, and refuses
// a wrong, used or expired code like Accept.
func TestCheckPasswordWithTheInvitationCode(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Invite(ctx, f.owner, []invites.InviteRow{f.row("lucia.romero@example.test")})
	if err != nil {
		t.Fatal(err)
	}
	inv := res.Invitations[0]
	cases := []struct {
		name, code string
		in         accounts.PasswordCheck
		ok         bool
		failure    string
		err        string
	}{
		{"good password", inv.Code, accounts.PasswordCheck{Password: chosen, FirstName: "Lucía", LastName: "Romero"}, true, "", ""},
		{"too short", inv.Code, accounts.PasswordCheck{Password: "short"}, false, "too_short", ""},
		{"contains the proposed username", inv.Code, accounts.PasswordCheck{Password: "lucia.romero-orchid-tunnel-77"}, false, "contains_personal", ""},
		{"contains the typed last name", inv.Code, accounts.PasswordCheck{Password: "orchid-Romero-tunnel-seventy", LastName: "Romero"}, false, "contains_personal", ""},
		{"wrong code", "AAAA-BBBB-CCCC-DDDD", accounts.PasswordCheck{Password: chosen}, false, "", "code_invalid"},
		{"empty code", "", accounts.PasswordCheck{Password: chosen}, false, "", "validation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := f.svc.CheckPassword(ctx, c.code, c.in)
			if code(err) != c.err {
				t.Fatalf("error %v, want %q", err, c.err)
			}
			if c.err != "" {
				return
			}
			if rep.OK != c.ok {
				t.Fatalf("report %+v", rep)
			}
			if c.failure != "" && (len(rep.Failures) == 0 || rep.Failures[0].Code != c.failure) {
				t.Fatalf("failures %+v, want %s first", rep.Failures, c.failure)
			}
		})
	}
	if _, err := f.svc.Accept(ctx, inv.Code, accept("Lucía")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CheckPassword(ctx, inv.Code, accounts.PasswordCheck{Password: chosen}); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("used code: %v", err)
	}
	res, _ = f.svc.Invite(ctx, f.owner, []invites.InviteRow{f.row("late@example.test")})
	f.env.Clock.Advance(25 * time.Hour)
	if _, err := f.svc.CheckPassword(ctx, res.Invitations[0].Code, accounts.PasswordCheck{Password: chosen}); code(err) != accounts.CodeCodeExpired {
		t.Fatalf("expired code: %v", err)
	}
}
