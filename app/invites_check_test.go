package app_test

import (
	"fmt"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
)

// TestInvitesCheckPasswordAndChangeEmailScenarios: ChangeEmail follows the invitation rules; the accept
// form's password check needs no session
// (the code is the credential), so every actor gets the same verdict.
func TestInvitesCheckPasswordAndChangeEmailScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{"CheckPassword", func(t *testing.T, e *secEnv, c *app.Core) error {
			rep, err := invitesSvc(e, c).CheckPassword(e.invitation(t).Code, accounts.PasswordCheck{Password: "orchid tunnel seventy two"})
			if err == nil && !rep.OK {
				t.Errorf("report: %+v", rep)
			}
			return err
		}, [5]string{"", "", "", "", ""}},
		{"CheckPassword wrong code", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).CheckPassword("AAAA-BBBB-CCCC-DDDD", accounts.PasswordCheck{Password: "orchid tunnel seventy two"})
			return err
		}, [5]string{accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid}},
		{"ChangeEmail", func(t *testing.T, e *secEnv, c *app.Core) error {
			inv, err := invitesSvc(e, c).ChangeEmail(e.invitation(t).InvitationID, fmt.Sprintf("moved%d@example.test", e.unique()))
			if err == nil && inv.Code == "" {
				t.Errorf("no new code: %+v", inv)
			}
			return err
		}, [5]string{unauth, denied, absent, "", ""}},
	})
}
