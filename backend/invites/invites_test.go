package invites_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/mail/mailtest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

const chosen = "river lantern velvet 2031 moss"

func code(err error) string { return apperr.CodeOf(err) }

type fixture struct {
	env                 *testutil.Env
	svc                 *invites.Service
	owner, admin, agent *access.Actor
}

func setup(t testing.TB) *fixture {
	env := testutil.NewEnv(t)
	return &fixture{env: env, svc: invites.New(env.Accounts, testutil.FastHasher, env.Logger),
		owner: env.SignIn(testutil.OwnerUsername), admin: env.SignIn(testutil.AdminUsername), agent: env.SignIn(testutil.AgentAUsername)}
}

func (f *fixture) row(emails ...string) invites.InviteRow {
	return invites.InviteRow{Emails: emails, ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA}}
}

func accept(name string) invites.AcceptInput {
	return invites.AcceptInput{FirstName: name, LastName: "Souza", Phone: "+55 11 5555-0101", Language: "pt", Password: chosen, Repeat: chosen}
}

func TestInviteCreatesPendingUsersAndSingleUseCodes(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Invite(ctx, f.admin, []invites.InviteRow{
		f.row("Maria.Souza@Example.test", "joao@example.test"),
		{Emails: []string{"ana@example.test"}, ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA}, Language: "pl"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.MailConfigured || len(res.Invitations) != 3 {
		t.Fatalf("result: %+v", res)
	}
	first := res.Invitations[0]
	if first.Email != "maria.souza@example.test" || first.Username != "maria.souza" || len(first.Code) != 19 || first.Emailed ||
		first.ExpiresAt != store.Timestamp(f.env.Clock.Now().Add(24*time.Hour)) {
		t.Fatalf("first invitation: %+v", first)
	}
	var status, role, hash, lang string
	var active, invited bool
	var links int
	if err := f.env.DB.Read().QueryRow(`SELECT status, role, password_hash, active, invited, language, (SELECT COUNT(*) FROM user_workspaces WHERE user_id = users.id)
		FROM users WHERE id = ?`, first.UserID).Scan(&status, &role, &hash, &active, &invited, &lang, &links); err != nil {
		t.Fatal(err)
	}
	if status != "pending" || role != "agent" || hash != "" || active || !invited || lang != "en" || links != 1 {
		t.Fatalf("pending user: %s %s %q %v %v %s %d", status, role, hash, active, invited, lang, links)
	}
	if err := f.env.DB.Read().QueryRow(`SELECT language FROM users WHERE id = ?`, res.Invitations[2].UserID).Scan(&lang); err != nil {
		t.Fatal(err)
	}
	if lang != "pl" {
		t.Fatalf("row language: %s", lang)
	}
	// The pending user cannot sign in; the code is stored only as its hash.
	if _, err := f.env.Accounts.SignIn(ctx, "maria.souza", first.Code); code(err) != apperr.CodeInvalidCredentials {
		t.Fatalf("pending sign-in: %v", err)
	}
	var stored string
	if err := f.env.DB.Read().QueryRow(`SELECT code_hash FROM invitations WHERE id = ?`, first.InvitationID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != accounts.HashCode(first.Code) || strings.Contains(stored, first.Code) {
		t.Fatal("code not stored as its hash")
	}
	info, err := f.svc.Lookup(ctx, strings.ToLower(first.Code))
	if err != nil || info.Email != first.Email || info.Username != "maria.souza" || info.OrgName != "Contact Sur" || info.ProfileName != "Agent" {
		t.Fatalf("lookup: %+v %v", info, err)
	}
	got, err := f.svc.Accept(ctx, first.Code, accept("Maria"))
	if err != nil || got.Username != "maria.souza" {
		t.Fatalf("accept: %+v %v", got, err)
	}
	var first_, phone string
	var must bool
	if err := f.env.DB.Read().QueryRow(`SELECT status, active, invited, first_name, phone, language, must_change_password FROM users WHERE id = ?`, first.UserID).
		Scan(&status, &active, &invited, &first_, &phone, &lang, &must); err != nil {
		t.Fatal(err)
	}
	if status != "active" || !active || !invited || first_ != "Maria" || phone != "+55 11 5555-0101" || lang != "pt" || must {
		t.Fatalf("accepted user: %s %v %v %s %s %s %v", status, active, invited, first_, phone, lang, must)
	}
	if _, err := f.env.Accounts.SignIn(ctx, "maria.souza@example.test", chosen); err != nil {
		t.Fatalf("sign-in after accept: %v", err)
	}
	if _, err := f.svc.Accept(ctx, first.Code, accept("Maria")); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("second accept: %v", err)
	}
	if _, err := f.svc.Lookup(ctx, "ZZZZ-ZZZZ-ZZZZ-ZZZZ"); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("unknown code: %v", err)
	}
}

func TestInviteRules(t *testing.T) {
	f := setup(t)
	cases := []struct {
		name  string
		actor *access.Actor
		rows  []invites.InviteRow
		code  string
		field string
	}{
		{"anonymous", nil, []invites.InviteRow{f.row("a@x.test")}, apperr.CodeUnauthenticated, ""},
		{"agent", f.agent, []invites.InviteRow{f.row("a@x.test")}, apperr.CodePermissionDenied, ""},
		{"admin to an admin profile", f.admin, []invites.InviteRow{{Emails: []string{"a@x.test"}, ProfileID: f.env.AdminProfile,
			WorkspaceIDs: []string{f.env.WorkspaceA}}}, apperr.CodePermissionDenied, "profileId"},
		{"admin into another workspace", f.admin, []invites.InviteRow{{Emails: []string{"a@x.test"}, ProfileID: f.env.AgentProfile,
			WorkspaceIDs: []string{f.env.WorkspaceB}}}, apperr.CodePermissionDenied, "workspaceIds"},
		{"e-mail of a user", f.admin, []invites.InviteRow{f.row("agent.b@contactsur.test")}, apperr.CodeConflictUnique, "emails"},
		{"e-mail twice", f.admin, []invites.InviteRow{f.row("a@x.test"), f.row("A@X.test")}, apperr.CodeConflictUnique, "emails"},
		{"bad e-mail", f.admin, []invites.InviteRow{f.row("not-an-address")}, apperr.CodeValidation, "emails"},
		{"no workspace", f.admin, []invites.InviteRow{{Emails: []string{"a@x.test"}, ProfileID: f.env.AgentProfile}}, apperr.CodeValidation, "workspaceIds"},
		{"unknown profile", f.owner, []invites.InviteRow{{Emails: []string{"a@x.test"}, ProfileID: "nope", WorkspaceIDs: []string{f.env.WorkspaceA}}}, apperr.CodeValidation, "profileId"},
		{"no rows", f.owner, nil, apperr.CodeValidation, "emails"},
	}
	for _, c := range cases {
		_, err := f.svc.Invite(ctx, c.actor, c.rows)
		if code(err) != c.code || apperr.As(err).Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// A failed call writes nothing, even its valid rows.
	_, err := f.svc.Invite(ctx, f.admin, []invites.InviteRow{f.row("fine@x.test"), f.row("agent.a@contactsur.test")})
	if code(err) != apperr.CodeConflictUnique || apperr.As(err).Params["row"] != 1 || apperr.As(err).Params["email"] != "agent.a@contactsur.test" {
		t.Fatalf("conflict in row 1: %v", err)
	}
	var n int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM users WHERE email = 'fine@x.test'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("half an invite call was written")
	}
	// The Owner invites an administrator into workspace B.
	if _, err := f.svc.Invite(ctx, f.owner, []invites.InviteRow{{Emails: []string{"boss@x.test"}, ProfileID: f.env.AdminProfile,
		WorkspaceIDs: []string{f.env.WorkspaceB}}}); err != nil {
		t.Fatal(err)
	}
}

func TestInvitationExpiresAfter24Hours(t *testing.T) {
	f := setup(t)
	res, _ := f.svc.Invite(ctx, f.admin, []invites.InviteRow{f.row("late@example.test")})
	inv := res.Invitations[0]
	f.env.Clock.Advance(24*time.Hour - time.Second)
	if _, err := f.svc.Lookup(ctx, inv.Code); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	f.env.Clock.Advance(time.Second)
	if _, err := f.svc.Lookup(ctx, inv.Code); code(err) != accounts.CodeCodeExpired {
		t.Fatalf("lookup at expiry: %v", err)
	}
	if _, err := f.svc.Accept(ctx, inv.Code, accept("Late")); code(err) != accounts.CodeCodeExpired {
		t.Fatalf("accept at expiry: %v", err)
	}
	list, _ := f.svc.List(ctx, f.admin)
	if len(list) != 1 || !list[0].Expired {
		t.Fatalf("list: %+v", list)
	}
	// Resend: a new code for 24 hours more; the old one is dead.
	again, err := f.svc.Resend(ctx, f.admin, inv.InvitationID)
	if err != nil || again.Code == inv.Code || again.ExpiresAt != store.Timestamp(f.env.Clock.Now().Add(24*time.Hour)) {
		t.Fatalf("resend: %+v %v", again, err)
	}
	if _, err := f.svc.Accept(ctx, inv.Code, accept("Late")); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("old code after resend: %v", err)
	}
	if _, err := f.svc.Accept(ctx, again.Code, accept("Late")); err != nil {
		t.Fatalf("new code: %v", err)
	}
	if list, _ := f.svc.List(ctx, f.admin); len(list) != 0 {
		t.Fatalf("accepted invitation still listed: %+v", list)
	}
	if _, err := f.svc.Resend(ctx, f.admin, inv.InvitationID); code(err) != apperr.CodeNotFound {
		t.Fatalf("resend an accepted invitation: %v", err)
	}
}

func TestAcceptValidation(t *testing.T) {
	f := setup(t)
	res, _ := f.svc.Invite(ctx, f.admin, []invites.InviteRow{f.row("pat@example.test")})
	c := res.Invitations[0].Code
	cases := []struct {
		name  string
		edit  func(*invites.AcceptInput)
		code  string
		field string
	}{
		{"no first name", func(in *invites.AcceptInput) { in.FirstName = " " }, apperr.CodeValidation, "firstName"},
		{"bad username", func(in *invites.AcceptInput) { in.Username = "a b" }, apperr.CodeValidation, "username"},
		{"taken username", func(in *invites.AcceptInput) { in.Username = testutil.AgentBUsername }, apperr.CodeConflictUnique, "username"},
		{"bad phone", func(in *invites.AcceptInput) { in.Phone = "call me" }, apperr.CodeValidation, "phone"},
		{"bad language", func(in *invites.AcceptInput) { in.Language = "de" }, apperr.CodeValidation, "language"},
		{"short password", func(in *invites.AcceptInput) { in.Password, in.Repeat = "short", "short" }, apperr.CodePasswordPolicy, "password"},
		{"own name in password", func(in *invites.AcceptInput) { in.Password = "patricia souza rocks 1"; in.Repeat = in.Password }, apperr.CodePasswordPolicy, "password"},
		{"repeat differs", func(in *invites.AcceptInput) { in.Repeat = "other" }, apperr.CodeValidation, "repeat"},
	}
	for _, k := range cases {
		in := accept("Patricia")
		k.edit(&in)
		if _, err := f.svc.Accept(ctx, c, in); code(err) != k.code || apperr.As(err).Field != k.field {
			t.Errorf("%s: %v", k.name, err)
		}
	}
	in := accept("Patricia")
	in.Username = "Pat.Souza"
	got, err := f.svc.Accept(ctx, c, in)
	if err != nil || got.Username != "pat.souza" {
		t.Fatalf("accept with own username: %+v %v", got, err)
	}
}

func TestEditListAndDeleteInvitations(t *testing.T) {
	f := setup(t)
	res, _ := f.svc.Invite(ctx, f.owner, []invites.InviteRow{f.row("a1@example.test"),
		{Emails: []string{"b1@example.test"}, ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceB}}})
	inA, inB := res.Invitations[0], res.Invitations[1]
	list, err := f.svc.List(ctx, f.admin)
	if err != nil || len(list) != 1 || list[0].ID != inA.InvitationID || list[0].Color != access.ColorAgent || list[0].InvitedName != "Olga Núñez" {
		t.Fatalf("admin's list: %+v %v", list, err)
	}
	b, _ := json.Marshal(list)
	if strings.Contains(string(b), inA.Code) || strings.Contains(string(b), accounts.HashCode(inA.Code)) {
		t.Fatal("the list holds a code")
	}
	if all, _ := f.svc.List(ctx, f.owner); len(all) != 2 {
		t.Fatalf("owner's list: %d", len(all))
	}
	if _, err := f.svc.List(ctx, f.agent); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent lists: %v", err)
	}
	edit := invites.EditInput{ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA}}
	if err := f.svc.Edit(ctx, f.admin, inB.InvitationID, edit); code(err) != apperr.CodeNotFound {
		t.Fatalf("admin edits an invitation of another workspace: %v", err)
	}
	if err := f.svc.Edit(ctx, f.admin, inA.InvitationID, invites.EditInput{ProfileID: f.env.AdminProfile, WorkspaceIDs: []string{f.env.WorkspaceA}}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin makes an invitee admin: %v", err)
	}
	// The Owner moves invitation A to the admin profile and both workspaces.
	if err := f.svc.Edit(ctx, f.owner, inA.InvitationID, invites.EditInput{ProfileID: f.env.AdminProfile,
		WorkspaceIDs: []string{f.env.WorkspaceA, f.env.WorkspaceB}}); err != nil {
		t.Fatal(err)
	}
	var role, ws string
	var links int
	if err := f.env.DB.Read().QueryRow(`SELECT u.role, i.workspace_ids, (SELECT COUNT(*) FROM user_workspaces WHERE user_id = u.id)
		FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.id = ?`, inA.InvitationID).Scan(&role, &ws, &links); err != nil {
		t.Fatal(err)
	}
	if role != "admin" || links != 2 || !strings.Contains(ws, f.env.WorkspaceB) {
		t.Fatalf("after edit: %s %s %d", role, ws, links)
	}
	// Now it is an administrator's invitation: the admin sees it but may not touch it.
	if err := f.svc.Delete(ctx, f.admin, inA.InvitationID); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin deletes an admin invitation: %v", err)
	}
	if err := f.svc.Delete(ctx, f.owner, inA.InvitationID); err != nil {
		t.Fatal(err)
	}
	var users, invs, tomb int
	if err := f.env.DB.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM users WHERE id = ?), (SELECT COUNT(*) FROM invitations WHERE id = ?),
		(SELECT COUNT(*) FROM sync_tombstones WHERE row_id IN (?, ?))`, inA.UserID, inA.InvitationID, inA.UserID, inA.InvitationID).Scan(&users, &invs, &tomb); err != nil {
		t.Fatal(err)
	}
	if users != 0 || invs != 0 || tomb != 2 {
		t.Fatalf("after delete: users=%d invitations=%d tombstones=%d", users, invs, tomb)
	}
	if _, err := f.svc.Accept(ctx, inA.Code, accept("Gone")); code(err) != accounts.CodeCodeInvalid {
		t.Fatalf("accept a withdrawn invitation: %v", err)
	}
}

// TestInvitationEmailedInTheInviteesLanguage: a real SMTP server receives the invitation,
// in Portuguese, with the code that was returned.
func TestInvitationEmailedInTheInviteesLanguage(t *testing.T) {
	f := setup(t)
	srv := mailtest.Start(t, mailtest.Options{})
	cfg := srv.Config()
	if _, err := f.env.Accounts.SetSMTP(ctx, f.owner, accounts.SMTPInput{Host: cfg.Host, Port: cfg.Port, TLS: cfg.TLS,
		From: "noreply@contactsur.test"}); err != nil {
		t.Fatal(err)
	}
	row := f.row("luiza@example.test")
	row.Language = "pt"
	res, err := f.svc.Invite(ctx, f.admin, []invites.InviteRow{row})
	if err != nil || !res.MailConfigured || !res.Invitations[0].Emailed {
		t.Fatalf("invite: %+v %v", res, err)
	}
	m := srv.Wait(t, 1, 5*time.Second)[0]
	if m.To[0] != "luiza@example.test" || m.Subject != "Convite para Contact Sur no Plantel" ||
		!strings.Contains(m.Text, res.Invitations[0].Code) || !strings.Contains(m.Text, "Ana García convida você") {
		t.Fatalf("mail: %q\n%s", m.Subject, m.Text)
	}
	again, _ := f.svc.Resend(ctx, f.admin, res.Invitations[0].InvitationID)
	m = srv.Wait(t, 2, 5*time.Second)[1]
	if !again.Emailed || !strings.Contains(m.Text, again.Code) || m.Subject != "Convite para Contact Sur no Plantel" {
		t.Fatalf("resent mail: %+v\n%s", again, m.Text)
	}
	if strings.Contains(f.env.Log.String(), again.Code) || strings.Contains(f.env.Log.String(), res.Invitations[0].Code) {
		t.Fatal("an invitation code is in the log")
	}
	var audit string
	if err := f.env.DB.Read().QueryRow(`SELECT group_concat(changes, ' ') FROM audit_log`).Scan(&audit); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(audit, accounts.HashCode(again.Code)) || strings.Contains(audit, again.Code) {
		t.Fatal("an invitation code or hash is in the audit log")
	}
}
