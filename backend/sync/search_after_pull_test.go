package sync_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/server/servertest"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/users"
)

// TestADownloadedOrganizationIsSearchableAndHasItsHistory: a workstation that joins an
// organization downloads it with the search indexes of the new rows filled once at the end
// of the pull (not page by page), and one History entry per page instead of one per row.
// After the sync the client and user lists' searches (the real list functions) find rows of
// the first and of the last page, and a downloaded user's History tab still shows who
// created them, on which workstation. Without the final fill the searches find nothing.
func TestADownloadedOrganizationIsSearchableAndHasItsHistory(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t, "")
	org := genOrganization(30, 400)
	seedServer(t, srv, org)
	db := openAt(t, "joined.db", time.Now)
	c := plsync.New(db, plsync.Options{PullLimit: 100})
	_, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, c.SyncOnce(ctx))
	if n, err := db.SearchBacklog(ctx); err != nil || n != 0 {
		t.Errorf("%d rows still wait for their search entries after the sync (%v)", n, err)
	}

	owner := &access.Actor{UserID: org.Owner, Role: access.Owner, Modules: access.AllModules,
		Workspaces: []string{"ws-madrid", "ws-krakow", "ws-saopaulo"}}
	log := zerolog.Nop()
	cl := clients.New(db, log)
	for _, i := range []int{3, 200, 399} {
		page, err := cl.List(ctx, owner, clients.ListQuery{Search: fmt.Sprintf("%08dK", i), Limit: 10})
		must(t, err)
		if len(page.Rows) != 1 || page.Rows[0].ID != org.clients[i] {
			t.Errorf("client search for document %08dK found %d rows, want client %d", i, len(page.Rows), i)
		}
	}
	// An accent-folded name search: every client named Núñez (a sixth of them).
	page, err := cl.List(ctx, owner, clients.ListQuery{Search: "nunez", Limit: 5})
	must(t, err)
	if want := count(t, db, `SELECT COUNT(*) FROM clients WHERE name LIKE '%Núñez%'`); page.Total != want || want == 0 {
		t.Errorf("client search 'nunez' counts %d, want %d", page.Total, want)
	}

	us := users.New(accounts.New(db, auth.Hasher{}, log), auth.Hasher{}, log)
	for _, i := range []int{1, 29} {
		up, err := us.List(ctx, owner, users.ListQuery{Search: fmt.Sprintf("user%06d", i), Limit: 10})
		must(t, err)
		if len(up.Rows) != 1 || up.Rows[0].ID != org.users[i] {
			t.Errorf("user search for user%06d found %d rows", i, len(up.Rows))
		}
	}

	// History: a page's rows share one entry; each row's History shows its creation.
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'users'`); n != 0 {
		t.Errorf("%d History entries of single users, want none (their pages have one each)", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'sync' AND action = 'download'`); n == 0 || n > len(org.Changes)/100+1 {
		t.Errorf("%d page entries for %d changes in pages of 100", n, len(org.Changes))
	}
	h, err := us.History(ctx, owner, org.users[7], 0, 10)
	must(t, err)
	// Besides the memberships they were given (sentences: "Added to workspace …"), one entry:
	// the user's own creation.
	var own []users.HistoryEntry
	for _, r := range h.Rows {
		if r.Sentence == nil {
			own = append(own, r)
		}
	}
	if len(own) != 1 || own[0].Action != "create" || own[0].ActorID != org.Owner || own[0].WorkstationID != "dev-gen-1" {
		t.Fatalf("a downloaded user's History: %+v, want their creation by the Owner on dev-gen-1", h.Rows)
	}
}
