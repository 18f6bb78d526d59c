package invites_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/invites"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

func TestParsePattern(t *testing.T) {
	ok := []struct{ in, user, email string }{
		{"agent{n:3}@office.local", "agent017", "agent017@office.local"},
		{"Agent{n}@Office.Local", "agent17", "agent17@office.local"},
		{"ventas.{n:4}.lima@contactsur.test", "ventas.0017.lima", "ventas.0017.lima@contactsur.test"},
		{"{n:3}x@a.test", "017x", "017x@a.test"},
	}
	for _, c := range ok {
		p, err := invites.ParsePattern(c.in)
		if err != nil || p.Username(17) != c.user || p.Email(17) != c.email {
			t.Errorf("%s: %v", c.in, err)
		}
	}
	bad := map[string]string{
		"agent@office.local":                   "placeholder",
		"agent{n}{n}@office.local":             "placeholder",
		"agent{x}@office.local":                "placeholder",
		"agent{n:0}@office.local":              "placeholder",
		"agent@office{n}.local":                "placeholder_in_domain",
		"agent{n}":                             "email",
		"agent {n}@office.local":               "username",
		"agent{n}@office":                      "email",
		"_agent{n}@office.local":               "username",
		strings.Repeat("a", 30) + "{n}@x.test": "username",
	}
	for in, rule := range bad {
		if _, err := invites.ParsePattern(in); code(err) != apperr.CodeValidation || apperr.As(err).Params["rule"] != rule {
			t.Errorf("%s: %v, want rule %s", in, err, rule)
		}
	}
}

func TestBulkAccountsSkipTakenNamesAndMustChangePassword(t *testing.T) {
	f := setup(t)
	// agent002 exists already (as a username) and agent004's e-mail too.
	if err := f.env.DB.Write(ctx, f.env.Owner, func(tx *store.Tx) error {
		for _, u := range [][2]string{{"agent002", "x@elsewhere.test"}, {"someone", "agent004@office.local"}} {
			if err := tx.Insert("users", store.NewID(), store.Fields{"username": u[0], "email": u[1], "first_name": "", "last_name": "",
				"role": "agent", "profile_id": f.env.AgentProfile}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var reports atomic.Int64
	var last atomic.Int64
	res, err := f.svc.Bulk(ctx, f.admin, invites.BulkInput{ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA},
		Count: 50, Pattern: "agent{n:3}@office.local"}, func(done, total int) { reports.Add(1); last.Store(int64(done*1000 + total)) })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accounts) != 50 || res.Skipped != 2 || res.Accounts[0].Username != "agent001" || res.Accounts[1].Username != "agent003" ||
		res.Accounts[2].Username != "agent005" || res.Accounts[49].Email != "agent052@office.local" {
		t.Fatalf("accounts: skipped=%d first=%+v", res.Skipped, res.Accounts[:3])
	}
	if reports.Load() == 0 || last.Load() != 50*1000+50 {
		t.Fatalf("progress: %d reports, last %d", reports.Load(), last.Load())
	}
	pol := auth.DefaultPasswordPolicy()
	seen := map[string]bool{}
	for _, a := range res.Accounts {
		if !pol.Check(a.Password, auth.Personal{Username: a.Username, Email: a.Email}).OK || seen[a.Password] {
			t.Fatalf("password of %s", a.Username)
		}
		seen[a.Password] = true
	}
	lines := strings.Split(strings.TrimRight(res.Text, "\r\n"), "\r\n")
	if len(lines) != 7+50 || lines[0] != "Plantel — credentials for Contact Sur" ||
		lines[1] != "Generated on 2026-11-23 09:00 UTC by Ana García (admin.a)" || lines[2] != "Profile: Agent — 50 accounts" ||
		lines[6] != "username\te-mail\tpassword" || lines[7] != "agent001\tagent001@office.local\t"+res.Accounts[0].Password {
		t.Fatalf("text:\n%s", strings.Join(lines[:8], "\n"))
	}
	// The credentials file speaks the language of whoever makes it, the profile name too.
	if err := f.env.DB.Write(ctx, f.admin.UserID, func(tx *store.Tx) error {
		return tx.Update("users", f.admin.UserID, store.Fields{"language": "pl"})
	}); err != nil {
		t.Fatal(err)
	}
	pl, err := f.svc.Bulk(ctx, f.admin, invites.BulkInput{ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA},
		Count: 1, Pattern: "konsultant{n:3}@pl.local"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(pl.Text, "\r\n")[2]; got != "Profil: Konsultant — 1 konto" {
		t.Fatalf("polish credentials say %q", got)
	}
	if res.FileName != "plantel-credentials-2026-11-23-0900.txt" {
		t.Fatalf("file name %s", res.FileName)
	}
	var pending, mustChange, links int
	if err := f.env.DB.Read().QueryRow(`SELECT SUM(status = 'pending' AND active = 1), SUM(must_change_password), 
		(SELECT COUNT(*) FROM user_workspaces uw JOIN users u2 ON u2.id = uw.user_id WHERE u2.email LIKE '%@office.local')
		FROM users WHERE email LIKE '%@office.local' AND username LIKE 'agent0%'`).Scan(&pending, &mustChange, &links); err != nil {
		t.Fatal(err)
	}
	if pending != 50 || mustChange != 50 || links != 50 {
		t.Fatalf("rows: pending=%d must=%d links=%d", pending, mustChange, links)
	}
	// One of them signs in, is held at the password change, changes it and turns active.
	acct := res.Accounts[10]
	sid, err := f.env.Accounts.SignIn(ctx, acct.Username, acct.Password)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.env.Accounts.Actor(ctx, sid)
	if code(f.env.Accounts.Requirement(ctx, a)) != accounts.CodePasswordChangeRequired {
		t.Fatal("generated account not held at the password change")
	}
	if _, err := f.env.Accounts.ChangeOwnPassword(ctx, a, accounts.ChangePasswordInput{Current: acct.Password, Password: chosen, Repeat: chosen}); err != nil {
		t.Fatal(err)
	}
	var status string
	if err := f.env.DB.Read().QueryRow(`SELECT status FROM users WHERE id = ?`, acct.UserID).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "active" {
		t.Fatalf("status %s", status)
	}
	if strings.Contains(f.env.Log.String(), acct.Password) {
		t.Fatal("a generated password is in the log")
	}
}

func TestBulkRules(t *testing.T) {
	f := setup(t)
	in := invites.BulkInput{ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA}, Count: 2, Pattern: "a{n:2}@x.test"}
	cases := []struct {
		name  string
		edit  func(*invites.BulkInput)
		admin bool
		code  string
		field string
	}{
		{"count 0", func(b *invites.BulkInput) { b.Count = 0 }, true, apperr.CodeValidation, "count"},
		{"count 501", func(b *invites.BulkInput) { b.Count = 501 }, true, apperr.CodeValidation, "count"},
		{"bad pattern", func(b *invites.BulkInput) { b.Pattern = "nothing" }, true, apperr.CodeValidation, "pattern"},
		{"admin profile", func(b *invites.BulkInput) { b.ProfileID = f.env.AdminProfile }, true, apperr.CodePermissionDenied, "profileId"},
		{"other workspace", func(b *invites.BulkInput) { b.WorkspaceIDs = []string{f.env.WorkspaceB} }, true, apperr.CodePermissionDenied, "workspaceIds"},
		{"bad language", func(b *invites.BulkInput) { b.Language = "fr" }, true, apperr.CodeValidation, "language"},
	}
	for _, c := range cases {
		b := in
		c.edit(&b)
		if _, err := f.svc.Bulk(ctx, f.admin, b, nil); code(err) != c.code || apperr.As(err).Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := f.svc.Bulk(ctx, f.agent, in, nil); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent: %v", err)
	}
	// Cancelled while hashing: nothing is written.
	cancelled, cancel := context.WithCancel(ctx)
	defer cancel()
	in.Count = 40
	if _, err := f.svc.Bulk(cancelled, f.owner, in, func(int, int) { cancel() }); code(err) != invites.CodeCanceled {
		t.Fatalf("cancelled: %v", err)
	}
	var n int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM users WHERE email LIKE '%@x.test'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d accounts written by failed calls", n)
	}
}

// TestBulk500 makes the largest batch in one write (with the fast test hasher: the hashing
// at full cost is measured by BenchmarkBulk500).
func TestBulk500(t *testing.T) {
	f := setup(t)
	start := time.Now()
	res, err := f.svc.Bulk(ctx, f.owner, invites.BulkInput{ProfileID: f.env.AgentProfile, WorkspaceIDs: []string{f.env.WorkspaceA, f.env.WorkspaceB},
		Count: invites.MaxBulkCount, Pattern: "op{n:4}@callcenter.test", Language: "pl"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("500 accounts in %v", time.Since(start))
	var n, links int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*), (SELECT COUNT(*) FROM user_workspaces uw JOIN users u ON u.id = uw.user_id WHERE u.email LIKE '%@callcenter.test')
		FROM users WHERE email LIKE '%@callcenter.test' AND language = 'pl'`).Scan(&n, &links); err != nil {
		t.Fatal(err)
	}
	if len(res.Accounts) != 500 || n != 500 || links != 1000 || res.Accounts[499].Username != "op0500" {
		t.Fatalf("accounts=%d rows=%d links=%d", len(res.Accounts), n, links)
	}
}

// BenchmarkBulk500 creates 500 accounts with the real argon2id cost (64 MiB, 2 passes),
// hashed on every core: run with go test -bench Bulk500 -benchtime 1x ./backend/invites/
func BenchmarkBulk500(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		env := testutil.NewEnv(b)
		svc := invites.New(env.Accounts, auth.Hasher{Params: auth.ProductionHashParams()}, env.Logger)
		owner := env.SignIn(testutil.OwnerUsername)
		b.StartTimer()
		if _, err := svc.Bulk(ctx, owner, invites.BulkInput{ProfileID: env.AgentProfile, WorkspaceIDs: []string{env.WorkspaceA},
			Count: 500, Pattern: "agent{n:3}@office.local"}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
