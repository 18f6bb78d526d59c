package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/demo"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

// empty is a new database (no organization yet) at a fixed time.
func empty(t testing.TB) *store.DB {
	t.Helper()
	clock := testutil.NewClock(time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC))
	return testutil.OpenNew(t, filepath.Join(t.TempDir(), store.FileName), store.Options{Now: clock.Now})
}

// fresh sets up an organization (Owner only, first workspace "Madrid") at a fixed time.
func fresh(t testing.TB) (*store.DB, *accounts.Service, string) {
	t.Helper()
	db := empty(t)
	acc := accounts.New(db, auth.Hasher{}, testutil.NewEnvLogger())
	owner, err := acc.Setup(ctx, accounts.SetupInput{OrgName: "Demo Contact", WorkspaceName: "Madrid", FirstName: "Olga",
		LastName: "Núñez", Username: "owner", Email: "owner@contact.test", Password: testutil.Password, Language: "es"})
	if err != nil {
		t.Fatal(err)
	}
	return db, acc, owner
}

func create(t testing.TB, db *store.DB, owner string) *demo.Summary {
	t.Helper()
	sum, err := demo.New(db, testutil.FastHasher, testutil.NewEnvLogger()).WithLocation(time.UTC).Create(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func count(t testing.TB, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestDemoCreate(t *testing.T) {
	t.Parallel() // each on databases of its own
	if raceOn {
		// 120 s under -race in CI. demo.Create starts no goroutine and the store's write path
		// has none either: the detector has nothing to watch in a whole demo, and the write path
		// runs under it in every other package's tests.
		t.Skip("a whole demo: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	db, acc, owner := fresh(t)
	sum := create(t, db, owner)
	t.Logf("demo created in %d ms: %+v", sum.ElapsedMs, *sum)
	checks := []struct {
		what  string
		query string
		want  int
	}{
		{"staff", `SELECT COUNT(*) FROM users WHERE role != 'owner'`, demo.Users},
		{"workspaces (Madrid reused)", `SELECT COUNT(*) FROM workspaces`, 3},
		{"teams", `SELECT COUNT(*) FROM teams`, demo.Teams},
		{"teams with a workspace", `SELECT COUNT(*) FROM teams WHERE workspace_id IS NOT NULL`, demo.Teams},
		{"teams with a leader", `SELECT COUNT(*) FROM teams WHERE leader_id IS NOT NULL`, demo.Teams},
		{"campaigns", `SELECT COUNT(*) FROM campaigns`, demo.Campaigns},
		{"clients", `SELECT COUNT(*) FROM clients`, demo.Clients},
		{"follow-ups", `SELECT COUNT(*) FROM followups`, sum.Followups},
		{"distinct usernames", `SELECT COUNT(DISTINCT username) FROM users`, demo.Users + 1},
		{"distinct e-mails", `SELECT COUNT(DISTINCT email) FROM users`, demo.Users + 1},
		{"users without a workspace", `SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_workspaces w WHERE w.user_id = u.id)`, 0},
		{"leaders not members", `SELECT COUNT(*) FROM teams t WHERE NOT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = t.leader_id)`, 0},
		{"follow-ups not of the client's owner", `SELECT COUNT(*) FROM followups f JOIN clients c ON c.id = f.client_id WHERE f.owner_id IS NOT c.owner_id`, 0},
		{"follow-ups of unassigned clients", `SELECT COUNT(*) FROM followups f JOIN clients c ON c.id = f.client_id WHERE c.owner_id IS NULL`, 0},
		{"clients of inactive or foreign owners", `SELECT COUNT(*) FROM clients c JOIN users u ON u.id = c.owner_id WHERE u.status != 'active' OR NOT EXISTS (SELECT 1 FROM user_workspaces w WHERE w.user_id = u.id AND w.workspace_id = c.workspace_id)`, 0},
		{"campaign members outside the campaign's workspace", `SELECT COUNT(*) FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE NOT EXISTS (SELECT 1 FROM user_workspaces w WHERE w.user_id = m.user_id AND w.workspace_id = c.workspace_id)`, 0},
	}
	for _, c := range checks {
		if got := count(t, db, c.query); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	// Through the write path: every row audited and stamped for sync (one row clock each).
	rows := count(t, db, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM user_workspaces) + (SELECT COUNT(*) FROM teams)
		+ (SELECT COUNT(*) FROM team_members) + (SELECT COUNT(*) FROM campaigns) + (SELECT COUNT(*) FROM campaign_members)
		+ (SELECT COUNT(*) FROM clients) + (SELECT COUNT(*) FROM followups) + (SELECT COUNT(*) FROM workspaces)
		+ (SELECT COUNT(*) FROM profiles) + 1`)
	if got := count(t, db, `SELECT COUNT(*) FROM sync_row_clock`); got != rows {
		t.Errorf("row clocks %d, rows %d", got, rows)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'create'`); got != rows {
		t.Errorf("audit entries %d, rows %d", got, rows)
	}
	// A realistic mix.
	mix := []struct {
		what     string
		query    string
		min, max int
	}{
		{"active staff", `SELECT COUNT(*) FROM users WHERE role != 'owner' AND status = 'active'`, 120, 145},
		{"inactive staff", `SELECT COUNT(*) FROM users WHERE status = 'inactive'`, 3, 20},
		{"pending staff", `SELECT COUNT(*) FROM users WHERE status = 'pending'`, 1, 12},
		{"administrators", `SELECT COUNT(*) FROM users WHERE role = 'admin'`, 6, 20},
		{"staff in two workspaces", `SELECT COUNT(*) FROM (SELECT user_id FROM user_workspaces GROUP BY user_id HAVING COUNT(*) > 1)`, 3, 4},
		{"unassigned clients", `SELECT COUNT(*) FROM clients WHERE owner_id IS NULL`, 250, 600},
		{"overdue follow-ups", `SELECT COUNT(*) FROM followups WHERE done = 0 AND due_at < '2026-11-23T00:00:00.000Z'`, 100, 600},
		{"follow-ups today", `SELECT COUNT(*) FROM followups WHERE done = 0 AND due_at >= '2026-11-23T00:00:00.000Z' AND due_at < '2026-11-24T00:00:00.000Z'`, 100, 500},
		{"follow-ups in the next weeks", `SELECT COUNT(*) FROM followups WHERE done = 0 AND due_at >= '2026-11-24T00:00:00.000Z'`, 1500, 3000},
		{"done follow-ups", `SELECT COUNT(*) FROM followups WHERE done = 1`, 300, 900},
		{"Portuguese speakers", `SELECT COUNT(*) FROM users WHERE language = 'pt'`, 20, 30},
		{"Polish names", `SELECT COUNT(*) FROM users WHERE language = 'pl'`, 55, 65},
		{"inactive campaigns", `SELECT COUNT(*) FROM campaigns WHERE active = 0`, 2, 2},
		{"supervisors", `SELECT COUNT(*) FROM campaign_members WHERE role = 'supervisor'`, 10, 20},
		{"campaign agents", `SELECT COUNT(*) FROM campaign_members WHERE role = 'agent'`, 150, 450},
		{"online now", `SELECT COUNT(*) FROM users WHERE presence = 'online'`, 30, 90},
	}
	for _, m := range mix {
		if got := count(t, db, m.query); got < m.min || got > m.max {
			t.Errorf("%s: %d, want %d..%d", m.what, got, m.min, m.max)
		}
	}
	// Campaign members' channels are a non-empty subset of their campaign's.
	rs, err := db.Read().QueryContext(ctx, `SELECT c.channels, m.channels FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var cc, mc string
		var camp, mem []string
		if err := rs.Scan(&cc, &mc); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal([]byte(cc), &camp)
		_ = json.Unmarshal([]byte(mc), &mem)
		if len(mem) == 0 {
			t.Errorf("member without channels in %s", cc)
		}
		for _, ch := range mem {
			if !slices.Contains(camp, ch) || !slices.Contains(demo.Channels, ch) {
				t.Errorf("member channel %s not in campaign channels %s", ch, cc)
			}
		}
	}
	rs.Close()
	// Usernames follow the accounts rule.
	names, err := store.Strings(db.Reader(ctx), sqSelectUsernames{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range names {
		if _, err := accounts.CheckUsername("username", u); err != nil {
			t.Errorf("username %q breaks the rule", u)
		}
	}
	if got := count(t, db, `SELECT COUNT(DISTINCT password_hash) FROM users WHERE role != 'owner'`); got != 1 {
		t.Errorf("demo staff have %d distinct hashes, want the one demo hash", got)
	}
	// Demo staff sign in with the demo password (pending ones must change it first).
	if sum.AdminLogin == "" || sum.AgentLogin == "" {
		t.Fatalf("no sample logins: %+v", sum)
	}
	for _, login := range []string{sum.AdminLogin, sum.AgentLogin} {
		if _, err := acc.SignIn(ctx, login, demo.Password); err != nil {
			t.Errorf("sign in as %s: %v", login, err)
		}
	}
	// The demo password never reaches the log or the audit log.
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE changes LIKE ?`, "%"+demo.Password+"%"); n != 0 {
		t.Errorf("demo password in %d audit entries", n)
	}
}

// sqSelectUsernames is SELECT username FROM users.
type sqSelectUsernames struct{}

func (sqSelectUsernames) ToSql() (string, []any, error) {
	return `SELECT username FROM users`, nil, nil
}

func TestDemoPasswordPassesPolicy(t *testing.T) {
	t.Parallel() // each on databases of its own
	rep := auth.DefaultPasswordPolicy().Check(demo.Password, auth.Personal{Username: "jgarcia", Email: "jgarcia@" + demo.EmailDomain,
		FirstName: "Juan", LastName: "García"})
	if !rep.OK {
		t.Fatalf("demo password fails the policy: %+v", rep.Failures)
	}
}

// digest is a fingerprint of the demo's content, ids left out.
func digest(t *testing.T, db *store.DB) string {
	t.Helper()
	h := sha256.New()
	queries := []string{
		`SELECT username || email || first_name || last_name || role || status || presence || phone || extension || language FROM users ORDER BY username`,
		`SELECT t.name || COALESCE(u.username, '') || (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) FROM teams t LEFT JOIN users u ON u.id = t.leader_id ORDER BY t.name`,
		`SELECT c.name || c.channels || c.starts_on || c.ends_on || (SELECT group_concat(u.username || m.role || m.channels) FROM campaign_members m JOIN users u ON u.id = m.user_id WHERE m.campaign_id = c.id) FROM campaigns c ORDER BY c.name`,
		`SELECT c.name || c.document_id || c.phone || c.email || c.tags || COALESCE(u.username, '') FROM clients c LEFT JOIN users u ON u.id = c.owner_id ORDER BY c.rowid`,
		`SELECT f.due_at || f.note || f.done || c.document_id FROM followups f JOIN clients c ON c.id = f.client_id ORDER BY f.rowid`,
	}
	for _, q := range queries {
		rows, err := db.Read().QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDemoDeterministic(t *testing.T) {
	t.Parallel() // each on databases of its own
	if raceOn {
		t.Skip("three whole demos: run without -race")
	}
	db1, _, o1 := fresh(t)
	db2, _, o2 := fresh(t)
	create(t, db1, o1)
	create(t, db2, o2)
	if a, b := digest(t, db1), digest(t, db2); a != b {
		t.Fatalf("two demos with one seed differ: %s vs %s", a, b)
	}
	db3, _, o3 := fresh(t)
	if _, err := demo.New(db3, testutil.FastHasher, testutil.NewEnvLogger()).WithSeed(7).WithLocation(time.UTC).Create(ctx, o3); err != nil {
		t.Fatal(err)
	}
	if digest(t, db1) == digest(t, db3) {
		t.Fatal("another seed drew the same demo")
	}
}

// TestDemoRefusesNonEmpty: a demo only goes into an organization that holds nothing yet.
// Its second half is also the --demo flag (Bootstrap): an empty database gets the demo
// Owner and the demo, a set-up one is left alone — the one whole demo this test builds.
func TestDemoRefusesNonEmpty(t *testing.T) {
	t.Parallel() // each on databases of its own
	env := testutil.NewEnv(t)
	_, err := demo.New(env.DB, testutil.FastHasher, env.Logger).Create(ctx, env.Owner)
	if apperr.CodeOf(err) != demo.CodeNotEmpty {
		t.Fatalf("demo on a populated organization: %v, want %s", err, demo.CodeNotEmpty)
	}
	if raceOn {
		return
	}
	db := empty(t)
	acc := accounts.New(db, auth.Hasher{}, testutil.NewEnvLogger())
	svc := demo.New(db, testutil.FastHasher, testutil.NewEnvLogger()).WithLocation(time.UTC)
	sum, err := svc.Bootstrap(ctx, acc, "es")
	if err != nil || sum == nil || sum.Users != demo.Users {
		t.Fatalf("bootstrap: %+v, %v", sum, err)
	}
	if _, err := acc.SignIn(ctx, demo.OwnerUsername, demo.Password); err != nil {
		t.Fatalf("demo owner sign-in: %v", err)
	}
	if sum, err := svc.Bootstrap(ctx, acc, "es"); err != nil || sum != nil {
		t.Fatalf("second bootstrap: %+v, %v", sum, err)
	}
	var owner string
	if err := db.Read().QueryRowContext(ctx, `SELECT id FROM users WHERE role = 'owner'`).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(ctx, owner); apperr.CodeOf(err) != demo.CodeNotEmpty {
		t.Fatalf("second demo: %v, want %s", err, demo.CodeNotEmpty)
	}
}
