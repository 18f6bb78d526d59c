package users_test

import (
	"slices"
	"testing"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

func usernames(p *users.Page) []string {
	out := []string{}
	for _, r := range p.Rows {
		out = append(out, r.Username)
	}
	return out
}

func list(t *testing.T, f *fixture, q users.ListQuery) *users.Page {
	t.Helper()
	p, err := f.Svc.List(ctx, f.OwnerA, q)
	must(t, err)
	return p
}

func TestListSearch(t *testing.T) {
	f := newFixture(t, 1)
	short := store.ShortID(f.P.AgentA4)
	cases := []struct {
		search string
		want   []string
	}{
		{"jos", []string{testutil.AgentA2Username}},                           // prefix, accent-insensitive (José)
		{"NUÑEZ", []string{testutil.AgentA2Username, testutil.OwnerUsername}}, // case and ñ
		{"nunez jo", []string{testutil.AgentA2Username}},                      // words combine with AND
		{"lukasz", []string{testutil.AgentA4Username}},                        // Ł folds to L
		{"zolc", []string{testutil.AgentA4Username}},                          // Żółć
		{"orsted", []string{testutil.InactiveUsername}},                       // Ø folds to O
		{"agent.b@contactsur", []string{testutil.AgentBUsername}},             // e-mail
		{"admin.a", []string{testutil.AdminUsername}},                         // username
		{short[:5], []string{testutil.AgentA4Username}},                       // short id prefix
		{short, []string{testutil.AgentA4Username}},                           // whole short id
		{"nobody-like-this", []string{}},
		{`"*`, nil}, // only punctuation: no search at all
	}
	for _, c := range cases {
		p := list(t, f, users.ListQuery{Search: c.search, Sort: users.Sort{Field: users.SortUsername}})
		got := usernames(p)
		if c.want == nil {
			if p.Total != 9 {
				t.Errorf("search %q: total %d, want all 9", c.search, p.Total)
			}
			continue
		}
		if !slices.Equal(got, c.want) || p.Total != len(c.want) {
			t.Errorf("search %q: got %v (total %d), want %v", c.search, got, p.Total, c.want)
		}
	}
	// The index follows renames.
	newName := "Zdzisław"
	must(t, f.Svc.Update(ctx, f.OwnerA, f.P.AgentA2, users.UpdateInput{FirstName: &newName}))
	if got := usernames(list(t, f, users.ListQuery{Search: "zdzislaw"})); !slices.Equal(got, []string{testutil.AgentA2Username}) {
		t.Errorf("after rename: %v", got)
	}
	if got := usernames(list(t, f, users.ListQuery{Search: "jos"})); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
}

func TestListFilters(t *testing.T) {
	f := newFixture(t, 1)
	cases := []struct {
		name string
		q    users.ListQuery
		want []string
	}{
		{"role admin", users.ListQuery{Roles: []string{"admin"}}, []string{testutil.AdminUsername, testutil.AdminBUsername}},
		{"role owner", users.ListQuery{Roles: []string{"owner"}}, []string{testutil.OwnerUsername}},
		{"profile admin", users.ListQuery{Profiles: []string{f.AdminProfile}}, []string{testutil.AdminUsername, testutil.AdminBUsername}},
		{"status inactive", users.ListQuery{Statuses: []string{"inactive"}}, []string{testutil.InactiveUsername}},
		{"team", users.ListQuery{Teams: []string{f.P.Team}}, []string{testutil.AgentAUsername}},
		{"campaign", users.ListQuery{Campaigns: []string{f.P.Campaign}}, []string{testutil.AgentAUsername}},
		{"workspace B", users.ListQuery{Workspaces: []string{f.WorkspaceB}}, []string{testutil.AdminBUsername, testutil.AgentBUsername}},
		{"combined", users.ListQuery{Workspaces: []string{f.WorkspaceA}, Roles: []string{"agent"}, Statuses: []string{"active"}, Search: "a"},
			[]string{testutil.AgentAUsername, testutil.AgentA2Username, testutil.AgentA3Username, testutil.AgentA4Username}},
		{"two values", users.ListQuery{Roles: []string{"owner", "admin"}, Workspaces: []string{f.WorkspaceA}},
			[]string{testutil.AdminUsername, testutil.OwnerUsername}},
	}
	for _, c := range cases {
		c.q.Sort = users.Sort{Field: users.SortUsername}
		p := list(t, f, c.q)
		if got := usernames(p); !slices.Equal(got, c.want) || p.Total != len(c.want) {
			t.Errorf("%s: got %v (total %d), want %v", c.name, got, p.Total, c.want)
		}
	}
}

// The presence filter (the dashboard's presence chart links to it) lists the users with
// that presence; a value other than online, busy, away or offline is refused.
func TestListPresenceFilter(t *testing.T) {
	f := newFixture(t, 1)
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		for id, p := range map[string]string{f.AgentA: "online", f.P.AgentA2: "busy", f.AgentB: "online", f.Admin: "away"} {
			if err := tx.Update("users", id, store.Fields{"presence": p}); err != nil {
				return err
			}
		}
		return nil
	}))
	q := users.ListQuery{Presences: []string{"online"}, Sort: users.Sort{Field: users.SortUsername}}
	p := list(t, f, q)
	if got := usernames(p); !slices.Equal(got, []string{testutil.AgentAUsername, testutil.AgentBUsername}) || p.Total != 2 {
		t.Errorf("online: got %v (total %d)", got, p.Total)
	}
	// The administrator of workspace A sees only their workspace's online users.
	p, err := f.Svc.List(ctx, f.AdminA, q)
	must(t, err)
	if got := usernames(p); !slices.Equal(got, []string{testutil.AgentAUsername}) || p.Total != 1 {
		t.Errorf("online, admin A: got %v (total %d)", got, p.Total)
	}
	q.Presences = []string{"busy", "away"}
	if got := usernames(list(t, f, q)); !slices.Equal(got, []string{testutil.AdminUsername, testutil.AgentA2Username}) {
		t.Errorf("busy or away: got %v", got)
	}
	for _, bad := range []string{"ONLINE", "sleeping", ""} {
		_, err := f.Svc.List(ctx, f.OwnerA, users.ListQuery{Presences: []string{bad}})
		if code(err) != "validation" || field(err) != "presences" {
			t.Errorf("presence %q: %v", bad, err)
		}
		_, err = f.Svc.Export(ctx, f.OwnerA, users.ListQuery{Presences: []string{bad}}, users.FormatCSV)
		if code(err) != "validation" || field(err) != "presences" {
			t.Errorf("export presence %q: %v", bad, err)
		}
	}
}

func TestListRowContents(t *testing.T) {
	f := newFixture(t, 1)
	p := list(t, f, users.ListQuery{Search: "kowalski"})
	if len(p.Rows) != 1 {
		t.Fatalf("rows %v", usernames(p))
	}
	r := p.Rows[0]
	if r.ID != f.AgentA || r.ShortID != store.ShortID(f.AgentA) || r.DisplayName != "Jan Kowalski" || r.ProfileName != "Agent" ||
		r.ProfileRole != "agent" || r.ProfileIcon != "headset" || r.Role != "agent" || r.Status != "active" ||
		!slices.Equal(r.Teams, []string{"Ventas Norte"}) || !slices.Equal(r.Campaigns, []string{"Verano 2027"}) ||
		!slices.Equal(r.Workspaces, []string{"Lima"}) || r.CreatedAt == "" {
		t.Fatalf("row %+v", r)
	}
}

func TestListSortAndPaging(t *testing.T) {
	f := newFixture(t, 0)
	sorts := []struct {
		s     users.Sort
		first string
	}{
		{users.Sort{Field: users.SortName}, testutil.AdminUsername},                  // Ana García
		{users.Sort{Field: users.SortName, Dir: "desc"}, testutil.AgentBUsername},    // Zofia Wójcik
		{users.Sort{Field: users.SortUsername, Dir: "desc"}, testutil.OwnerUsername}, // owner
		{users.Sort{Field: users.SortEmail}, testutil.AdminUsername},
		{users.Sort{Field: users.SortRole}, testutil.AdminUsername}, // admin < agent < owner, then id
		{users.Sort{Field: users.SortStatus, Dir: "desc"}, testutil.InactiveUsername},
		{users.Sort{Field: users.SortCreated}, testutil.OwnerUsername},
	}
	for _, c := range sorts {
		p := list(t, f, users.ListQuery{Sort: c.s})
		if p.Rows[0].Username != c.first {
			t.Errorf("sort %+v: first %s, want %s (%v)", c.s, p.Rows[0].Username, c.first, usernames(p))
		}
	}
	// Profile sort: the owner has no profile and comes first ascending.
	p := list(t, f, users.ListQuery{Sort: users.Sort{Field: users.SortProfile}})
	if p.Rows[0].Username != testutil.OwnerUsername || p.Rows[1].ProfileName != "Administrator" || p.Rows[8].ProfileName != "Agent" {
		t.Errorf("profile sort: %v", usernames(p))
	}
	// Names sort without regard to accents: Łukasz Żółć between José and María.
	byName := usernames(list(t, f, users.ListQuery{Sort: users.Sort{Field: users.SortName}}))
	wantNames := []string{testutil.AdminUsername, testutil.AdminBUsername, testutil.AgentAUsername, testutil.AgentA2Username,
		testutil.AgentA4Username, testutil.AgentA3Username, testutil.InactiveUsername, testutil.OwnerUsername, testutil.AgentBUsername}
	if !slices.Equal(byName, wantNames) {
		t.Errorf("name sort %v, want %v", byName, wantNames)
	}
	// Pages of 4 cover everyone once, in order.
	all := usernames(list(t, f, users.ListQuery{Sort: users.Sort{Field: users.SortUsername}}))
	var paged []string
	for off := 0; off < 12; off += 4 {
		p := list(t, f, users.ListQuery{Sort: users.Sort{Field: users.SortUsername}, Offset: off, Limit: 4})
		if p.Total != 9 {
			t.Fatalf("total %d", p.Total)
		}
		paged = append(paged, usernames(p)...)
	}
	if !slices.Equal(all, paged) || len(all) != 9 {
		t.Fatalf("paged %v, want %v", paged, all)
	}
	if !slices.IsSorted(all) {
		t.Fatalf("username sort: %v", all)
	}
}

func TestListScope(t *testing.T) {
	f := newFixture(t, 0)
	p, err := f.Svc.List(ctx, f.AdminA, users.ListQuery{Sort: users.Sort{Field: users.SortUsername}})
	must(t, err)
	want := []string{testutil.AdminUsername, testutil.AgentAUsername, testutil.AgentA2Username, testutil.AgentA3Username,
		testutil.AgentA4Username, testutil.InactiveUsername, testutil.OwnerUsername}
	if got := usernames(p); !slices.Equal(got, want) || p.Total != 7 {
		t.Errorf("admin A sees %v", got)
	}
	p, err = f.Svc.List(ctx, f.AdminBA, users.ListQuery{Sort: users.Sort{Field: users.SortUsername}})
	must(t, err)
	if got := usernames(p); !slices.Equal(got, []string{testutil.AdminBUsername, testutil.AgentBUsername}) {
		t.Errorf("admin B sees %v", got)
	}
	// A filter cannot widen the scope.
	p, err = f.Svc.List(ctx, f.AdminBA, users.ListQuery{Workspaces: []string{f.WorkspaceA}})
	must(t, err)
	if p.Total != 0 {
		t.Errorf("admin B with filter A sees %v", usernames(p))
	}
	if _, err := f.Svc.List(ctx, f.AgentAA, users.ListQuery{}); code(err) != "permission_denied" {
		t.Errorf("agent: %v", err)
	}
	if _, err := f.Svc.List(ctx, nil, users.ListQuery{}); code(err) != "unauthenticated" {
		t.Errorf("anonymous: %v", err)
	}
}

func TestOptions(t *testing.T) {
	f := newFixture(t, 0)
	o, err := f.Svc.Options(ctx, f.AdminBA)
	must(t, err)
	// The one team is workspace A's: admin B does not get its name (issue 12).
	if len(o.Profiles) != 2 || len(o.Workspaces) != 1 || o.Workspaces[0].Name != "Kraków" || len(o.Campaigns) != 0 || len(o.Teams) != 0 {
		t.Fatalf("admin B options %+v", o)
	}
	o, err = f.Svc.Options(ctx, f.OwnerA)
	must(t, err)
	if len(o.Workspaces) != 2 || len(o.Campaigns) != 1 {
		t.Fatalf("owner options %+v", o)
	}
	if _, err := f.Svc.Options(ctx, f.AgentAA); code(err) != "permission_denied" {
		t.Fatalf("agent options: %v", err)
	}
}

// Walking the list page by page with Next (keyset paging, as the window does) gives every
// user once, in the same order as one whole page, for every sort and direction; pages after
// the first are not counted again; a cursor made for another sort is refused.
func TestListKeysetPaging(t *testing.T) {
	f := newFixture(t, 0)
	fields := []string{users.SortName, users.SortUsername, users.SortEmail, users.SortRole, users.SortProfile,
		users.SortStatus, users.SortLastActive, users.SortCreated}
	for _, field := range fields {
		for _, dir := range []string{"asc", "desc"} {
			so := users.Sort{Field: field, Dir: dir}
			all := usernames(list(t, f, users.ListQuery{Sort: so}))
			first := list(t, f, users.ListQuery{Sort: so, Limit: 2})
			if first.Total != 9 || first.Next == "" {
				t.Fatalf("%+v: first page total %d next %q", so, first.Total, first.Next)
			}
			walked := usernames(first)
			for next, n := first.Next, 0; next != "" && n < 10; n++ {
				p := list(t, f, users.ListQuery{Sort: so, Limit: 2, After: next})
				if p.Total != -1 {
					t.Errorf("%+v: a page after a cursor counted again (%d)", so, p.Total)
				}
				walked = append(walked, usernames(p)...)
				next = p.Next
			}
			if !slices.Equal(walked, all) {
				t.Errorf("%+v: walked %v, want %v", so, walked, all)
			}
		}
	}
	// With a filter, and a cursor of another sort.
	q := users.ListQuery{Statuses: []string{"active"}, Sort: users.Sort{Field: users.SortName}, Limit: 3}
	all := usernames(list(t, f, users.ListQuery{Statuses: q.Statuses, Sort: q.Sort}))
	p := list(t, f, q)
	q.After = p.Next
	rest := list(t, f, q)
	if got := append(usernames(p), usernames(rest)...); !slices.Equal(got, all[:min(6, len(all))]) {
		t.Errorf("filtered walk %v, want %v", got, all)
	}
	q.Sort = users.Sort{Field: users.SortEmail}
	if _, err := f.Svc.List(ctx, f.OwnerA, q); code(err) != "validation" || field(err) != "after" {
		t.Errorf("a cursor of another sort: %v", err)
	}
	q.After = "not a cursor"
	if _, err := f.Svc.List(ctx, f.OwnerA, q); code(err) != "validation" || field(err) != "after" {
		t.Errorf("a broken cursor: %v", err)
	}
}
