package app_test

import (
	"os"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/apperr"
)

// TestSaveRecoveryCodesPermissions is the scenario table of TwoFactorService.SaveRecoveryCodes:
// every signed-in user saves their own codes.
func TestSaveRecoveryCodesPermissions(t *testing.T) {
	runScenarios(t, []scenario{
		{"SaveRecoveryCodes", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := app.NewTwoFactorService(c).SaveRecoveryCodes(app.SaveRecoveryCodesRequest{Codes: []string{"7KQ2-M9XD-4R1B-0000"}})
			return err
		}, [5]string{unauth, "", "", "", ""}},
	})
}

// TestSaveRecoveryCodesWritesTheFile: the codes shown once land in the file the save dialog
// names, readable by the user only; malformed codes are refused and nothing is written.
func TestSaveRecoveryCodesWritesTheFile(t *testing.T) {
	e := newSecEnv(t)
	dir := t.TempDir()
	c := app.NewCore(e.env.Accounts, app.NewScriptedRuntime(dir, nil), e.env.Logger)
	c.SetSessionForTest(e.session(t, e.env.AgentA))
	svc := app.NewTwoFactorService(c)
	codes := []string{"7KQ2-M9XD-4R1B-ZZ00", "ABCD-EFGH-JKMN-PQRS"}

	saved, err := svc.SaveRecoveryCodes(app.SaveRecoveryCodesRequest{Heading: "Códigos de recuperación", Codes: codes})
	if err != nil || saved.Cancelled || !strings.HasPrefix(saved.Path, dir) || !strings.HasSuffix(saved.Path, ".txt") {
		t.Fatalf("save: %+v %v", saved, err)
	}
	b, err := os.ReadFile(saved.Path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Códigos de recuperación\n\n7KQ2-M9XD-4R1B-ZZ00\nABCD-EFGH-JKMN-PQRS\n"; string(b) != want {
		t.Fatalf("file:\n%s", b)
	}
	if st, _ := os.Stat(saved.Path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}

	for _, bad := range [][]string{nil, {"not a code"}, {"7KQ2-M9XD\n/etc/passwd"}} {
		if _, err := svc.SaveRecoveryCodes(app.SaveRecoveryCodesRequest{Codes: bad}); apperr.CodeOf(err) != apperr.CodeValidation {
			t.Errorf("%q: %v", bad, err)
		}
	}

	// A closed dialog writes nothing.
	rt := app.NewScriptedRuntime(dir, nil)
	rt.Answer("")
	c2 := app.NewCore(e.env.Accounts, rt, e.env.Logger)
	c2.SetSessionForTest(e.session(t, e.env.AgentA))
	if saved, err := app.NewTwoFactorService(c2).SaveRecoveryCodes(app.SaveRecoveryCodesRequest{Codes: codes}); err != nil || !saved.Cancelled {
		t.Fatalf("cancelled: %+v %v", saved, err)
	}
}
