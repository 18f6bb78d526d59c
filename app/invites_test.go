package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/testutil"
)

// invitesSvc is the bound service with the fast test hasher; rt answers its save dialog.
func invitesSvc(e *secEnv, c *app.Core) *app.InvitesService {
	return app.NewInvitesService(c, invites.New(e.env.Accounts, testutil.FastHasher, e.env.Logger))
}

// TestInvitesServicePermissions is the scenario table of every InvitesService method.
func TestInvitesServicePermissions(t *testing.T) {
	row := func(e *secEnv) []invites.InviteRow {
		return []invites.InviteRow{{Emails: []string{fmt.Sprintf("new%d@example.test", e.unique())}, ProfileID: e.env.AgentProfile,
			WorkspaceIDs: []string{e.env.WorkspaceA}}}
	}
	accept := invites.AcceptInput{FirstName: "Rita", LastName: "Lobo", Password: "orchid tunnel seventy two", Repeat: "orchid tunnel seventy two"}
	runScenarios(t, []scenario{
		{"Invite", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).Invite(row(e))
			return err
		},
			[5]string{unauth, denied, denied, "", ""}},
		{"List", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := invitesSvc(e, c).List(); return err },
			[5]string{unauth, denied, "", "", ""}},
		{"Edit", func(t *testing.T, e *secEnv, c *app.Core) error {
			return invitesSvc(e, c).Edit(e.invitation(t).InvitationID, invites.EditInput{ProfileID: e.env.AgentProfile, WorkspaceIDs: []string{e.env.WorkspaceA}})
		}, [5]string{unauth, denied, absent, "", ""}},
		{"Resend", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).Resend(e.invitation(t).InvitationID)
			return err
		}, [5]string{unauth, denied, absent, "", ""}},
		{"Delete", func(t *testing.T, e *secEnv, c *app.Core) error {
			return invitesSvc(e, c).Delete(e.invitation(t).InvitationID)
		},
			[5]string{unauth, denied, absent, "", ""}},
		{"Lookup", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).Lookup(e.invitation(t).Code)
			return err
		},
			[5]string{"", "", "", "", ""}},
		{"Accept", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).Accept(e.invitation(t).Code, accept)
			return err
		}, [5]string{"", "", "", "", ""}},
		{"PreviewPattern", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := invitesSvc(e, c).PreviewPattern("agent{n:3}@office.test", 1, 10)
			return err
		}, [5]string{unauth, denied, "", "", ""}},
		{"Bulk", func(t *testing.T, e *secEnv, c *app.Core) error {
			res, err := invitesSvc(e, c).Bulk(invites.BulkInput{ProfileID: e.env.AgentProfile, WorkspaceIDs: []string{e.env.WorkspaceA},
				Count: 2, Pattern: fmt.Sprintf("b%d.{n}@office.test", e.unique())})
			if err == nil && (res.Cancelled || res.Path == "" || len(res.Result.Accounts) != 2) {
				t.Errorf("bulk result: %+v", res)
			}
			return err
		}, [5]string{unauth, denied, denied, "", ""}},
		{"CancelBulk", func(t *testing.T, e *secEnv, c *app.Core) error { return invitesSvc(e, c).CancelBulk() },
			[5]string{unauth, denied, "", "", ""}},
	})
}

// TestBulkWritesTheCredentialsFileThroughTheSaveDialog: the save dialog comes first (closing
// it creates nothing), progress events reach the window, and the file holds every password.
func TestBulkWritesTheCredentialsFileThroughTheSaveDialog(t *testing.T) {
	e := newSecEnv(t)
	dir := t.TempDir()
	rt := app.NewScriptedRuntime("", nil)
	c := app.NewCore(e.env.Accounts, rt, e.env.Logger)
	c.SetSessionForTest(e.session(t, e.env.Admin))
	svc := invitesSvc(e, c)
	in := invites.BulkInput{ProfileID: e.env.AgentProfile, WorkspaceIDs: []string{e.env.WorkspaceA}, Count: 30, Pattern: "agent{n:3}@office.test"}
	rt.Answer("")
	got, err := svc.Bulk(in)
	if err != nil || !got.Cancelled || got.Result != nil {
		t.Fatalf("cancelled dialog: %+v %v", got, err)
	}
	var n int
	if err := e.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM users WHERE email LIKE '%@office.test'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("accounts created although the dialog was closed")
	}
	path := filepath.Join(dir, "creds.txt")
	rt.Answer(path)
	got, err = svc.Bulk(in)
	if err != nil || got.Path != path || len(got.Result.Accounts) != 30 {
		t.Fatalf("bulk: %+v %v", got, err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != got.Result.Text || !strings.Contains(string(b), got.Result.Accounts[29].Password) {
		t.Fatalf("file: %v", err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v", info.Mode())
	}
	events := rt.Events()
	if len(events) == 0 || events[len(events)-1].Name != app.EventBulkProgress ||
		events[len(events)-1].Data[0].(app.BulkProgress) != (app.BulkProgress{Done: 30, Total: 30}) {
		t.Fatalf("progress events: %+v", events)
	}
}
