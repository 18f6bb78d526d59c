package app_test

import (
	"strings"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/org"
	"github.com/plantel/plantel/backend/users"
)

// Every search box takes any text: a NUL byte or a megabyte used to reach SQLite and come
// back as internal ("LIKE pattern too complex", an FTS5 syntax error).
func TestSearchBoxesTakeAnyText(t *testing.T) {
	e := newSecEnv(t)
	c := e.core(t, "owner")
	// A row of each, so every LIKE is evaluated (SQLite refuses a pattern over 50,000 bytes).
	if _, err := app.NewTeamsService(c).Create(org.TeamInput{Name: "Ventas", WorkspaceID: e.env.WorkspaceA}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewCampaignsService(c).Create(org.CampaignInput{Name: "Q4", WorkspaceID: e.env.WorkspaceA}); err != nil {
		t.Fatal(err)
	}
	e.env.SeedClient("Cliente Uno", "", e.env.WorkspaceA, e.target)
	huge := strings.Repeat("%_a\\", 1<<18) // 1 MB of LIKE wildcards
	for _, typed := range []string{"ana\x00lópez", "\"*) OR (\"", huge + "\x00"} {
		calls := map[string]error{}
		_, calls["users"] = app.NewUsersService(c).List(users.ListQuery{Search: typed})
		_, calls["teams"] = app.NewTeamsService(c).List(org.TeamQuery{Search: typed})
		_, calls["campaigns"] = app.NewCampaignsService(c).List(org.CampaignQuery{Search: typed})
		_, calls["clients"] = app.NewClientsService(c).List(clients.ListQuery{Search: typed})
		_, calls["agenda clients"] = app.NewAgendaService(c).SearchClients(typed, 20)
		for name, err := range calls {
			if err != nil {
				t.Errorf("%s search %.12q…: %v", name, typed, err)
			}
		}
	}
}

// Names and notes refuse NUL and control characters with a coded error, through one
// validator; the SMTP sender name refuses CR/LF (it used to be accepted, then every e-mail
// failed).
func TestNamesAndNotesRefuseControlCharacters(t *testing.T) {
	e := newSecEnv(t)
	owner := e.core(t, "owner")
	control := func(what string, err error, field string) {
		t.Helper()
		if ae := apperr.As(err); ae == nil || ae.Code != apperr.CodeValidation || ae.Params["rule"] != "control_chars" || ae.Field != field {
			t.Errorf("%s: want validation %s/control_chars, got %v", what, field, apperr.JSON(err))
		}
	}
	_, err := app.NewTeamsService(owner).Create(org.TeamInput{Name: "Ventas\x00", WorkspaceID: e.env.WorkspaceA})
	control("team name", err, "name")
	_, err = app.NewCampaignsService(owner).Create(org.CampaignInput{Name: "Q4\x1b[2J", WorkspaceID: e.env.WorkspaceA})
	control("campaign name", err, "name")
	_, err = app.NewClientsService(owner).Create(clients.Input{Name: "Ana", WorkspaceID: e.env.WorkspaceA, Notes: "call\x00back"})
	control("client notes", err, "notes")
	_, err = app.NewClientsService(owner).Create(clients.Input{Name: "Ana\u0007", WorkspaceID: e.env.WorkspaceA})
	control("client name", err, "name")
	_, err = app.NewPasswordsService(owner).SetSMTP(accounts.SMTPInput{Host: "smtp.example.test", Port: 587, TLS: "starttls",
		From: "noreply@contactsur.test", FromName: "Plantel\r\nBcc: everyone@example.test"})
	control("SMTP sender name", err, "fromName")
	// Line breaks stay allowed in notes.
	if _, err := app.NewClientsService(owner).Create(clients.Input{Name: "Ana Paz", WorkspaceID: e.env.WorkspaceA, Notes: "line one\nline two"}); err != nil {
		t.Fatalf("multi-line notes: %v", err)
	}
}
