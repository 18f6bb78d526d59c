package app_test

import (
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/testutil"
)

// TestTwoFactorServicePermissions is the scenario table of every TwoFactorService method
// and of SessionService.SignInSecondFactor.
func TestTwoFactorServicePermissions(t *testing.T) {
	svc := app.NewTwoFactorService
	runScenarios(t, []scenario{
		{"Status", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).Status(); return err },
			[5]string{unauth, "", "", "", ""}},
		{"Enroll", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).Enroll(); return err },
			[5]string{unauth, "", "", "", ""}},
		{"Confirm", func(t *testing.T, e *secEnv, c *app.Core) error { return e.enrolled(svc(c)) },
			[5]string{unauth, "", "", "", ""}},
		{"Confirm wrong code", func(t *testing.T, e *secEnv, c *app.Core) error {
			s := svc(c)
			if _, err := s.Enroll(); err != nil {
				return err
			}
			_, err := s.Confirm(app.CodeRequest{Code: "000000"})
			return err
		}, [5]string{unauth, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid}},
		{"Disable", func(t *testing.T, e *secEnv, c *app.Core) error {
			if err := e.enrolled(svc(c)); err != nil {
				return err
			}
			return svc(c).Disable(app.PasswordRequest{Password: testutil.Password})
		}, [5]string{unauth, "", "", "", ""}},
		{"RegenerateRecoveryCodes", func(t *testing.T, e *secEnv, c *app.Core) error {
			if err := e.enrolled(svc(c)); err != nil {
				return err
			}
			_, err := svc(c).RegenerateRecoveryCodes(app.PasswordRequest{Password: testutil.Password})
			return err
		}, [5]string{unauth, "", "", "", ""}},
		{"ResetUser", func(t *testing.T, e *secEnv, c *app.Core) error { return svc(c).ResetUser(e.target) },
			[5]string{unauth, denied, absent, "", ""}},
		{"SignInSecondFactor", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := app.NewSessionService(c).SignInSecondFactor(app.SecondFactorRequest{ChallengeID: "unknown", Code: "123456"})
			return err
		}, [5]string{accounts.CodeChallengeExpired, accounts.CodeChallengeExpired, accounts.CodeChallengeExpired, accounts.CodeChallengeExpired, accounts.CodeChallengeExpired}},
	})
}
