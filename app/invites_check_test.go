package app_test

import (
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
)

// TestInvitesCheckPasswordScenarios: the accept form's password check needs no session
// (the code is the credential), so every actor gets the same verdict.
func TestInvitesCheckPasswordScenarios(t *testing.T) {
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
	})
}
