package app_test

import (
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/testutil"
)

const freshPassword = "saffron harbour kettle 2029"

// TestPasswordsServicePermissions is the scenario table of every PasswordsService method.
func TestPasswordsServicePermissions(t *testing.T) {
	svc := app.NewPasswordsService
	runScenarios(t, []scenario{
		{"ChangeOwn", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).ChangeOwn(accounts.ChangePasswordInput{Current: testutil.Password, Password: freshPassword, Repeat: freshPassword})
			return err
		}, [5]string{unauth, "", "", "", ""}},
		{"ResetUser", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).ResetUser(app.ResetPasswordRequest{UserID: e.target, Generate: true})
			return err
		}, [5]string{unauth, denied, absent, "", ""}},
		{"ResetUser of an administrator", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).ResetUser(app.ResetPasswordRequest{UserID: e.adminOther, Password: freshPassword, Repeat: freshPassword})
			return err
		}, [5]string{unauth, denied, denied, absent, ""}},
		{"GenerateNew", func(t *testing.T, e *secEnv, c *app.Core) error {
			r, err := svc(c).GenerateNew()
			if err == nil && len([]rune(r.Password)) < 15 {
				t.Fatalf("generated %d characters", len([]rune(r.Password)))
			}
			return err
		}, [5]string{unauth, denied, "", "", ""}},
		{"GetPolicy", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).GetPolicy(); return err },
			[5]string{unauth, denied, "", "", ""}},
		{"SetPolicy", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).SetPolicy(accounts.SecurityPolicy{Password: accounts.SecurityPolicy{}.Password, Lockout: accounts.DefaultLockoutPolicy()})
			return err
		}, [5]string{unauth, denied, denied, denied, ""}},
		{"GetSMTP", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).GetSMTP(); return err },
			[5]string{unauth, denied, denied, denied, ""}},
		{"SetSMTP", func(t *testing.T, e *secEnv, c *app.Core) error {
			cfg := e.mail.Config()
			_, err := svc(c).SetSMTP(accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS, From: "it@contactsur.test"})
			return err
		}, [5]string{unauth, denied, denied, denied, ""}},
		{"SendTestMail", func(t *testing.T, e *secEnv, c *app.Core) error {
			return svc(c).SendTestMail(app.SendTestMailRequest{To: "olga@contactsur.test"})
		}, [5]string{unauth, denied, denied, denied, ""}},
		{"MailConfigured", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).MailConfigured(); return err },
			[5]string{"", "", "", "", ""}},
		{"RequestResetCode", func(t *testing.T, e *secEnv, c *app.Core) error {
			return svc(c).RequestResetCode(app.RequestResetRequest{Login: targetUsername})
		}, [5]string{"", "", "", "", ""}},
		{"ResetWithCode", func(t *testing.T, e *secEnv, c *app.Core) error {
			return svc(c).ResetWithCode(accounts.ResetWithCodeInput{Login: targetUsername, Code: "AAAA-BBBB-CCCC", Password: freshPassword, Repeat: freshPassword})
		}, [5]string{accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid, accounts.CodeCodeInvalid}},
	})
}
