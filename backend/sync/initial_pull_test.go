package sync_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/testutil"
)

// fixedNow is one instant for every store of a test: the audit entries a download writes
// carry the local time, and two workstations compared byte for byte must agree on it.
func fixedNow() func() time.Time {
	at := time.Now().UTC().Truncate(time.Second)
	return func() time.Time { return at }
}

func openAt(t *testing.T, name string, now func() time.Time) *store.DB {
	t.Helper()
	return testutil.OpenNew(t, filepath.Join(t.TempDir(), name), store.Options{Now: now})
}

// dumpAll renders what a user and the next sync see of a workstation: every synced row, the
// row and field clocks, the tombstones with their kept values, the search indexes and name
// orders (by row id), the portfolio sizes, the History (audit entries with actor, device,
// action and values) and the workspaces each entry belongs to, and what waits (parked,
// conflicts).
func dumpAll(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(dumpSynced(t, db))
	for _, q := range []string{
		`SELECT tbl, row_id, hlc FROM sync_row_clock ORDER BY 1, 2`,
		`SELECT tbl, row_id, field, hlc FROM sync_field_clock ORDER BY 1, 2, 3`,
		`SELECT tbl, row_id, hlc, kept FROM sync_tombstones ORDER BY 1, 2`,
		`SELECT u.id, f.display_name, f.username, f.email, f.short_id, f.filters FROM users u JOIN users_fts f ON f.rowid = u.rowid ORDER BY 1`,
		`SELECT u.id, s.sort_name FROM users u JOIN users_sort s ON s.rid = u.rowid ORDER BY 1`,
		`SELECT COUNT(*) FROM users_fts`, `SELECT COUNT(*) FROM users_sort`,
		`SELECT c.id, f.body FROM clients c JOIN clients_fts f ON f.rowid = c.rowid ORDER BY 1`,
		`SELECT c.id, s.name_key FROM clients c JOIN clients_sort s ON s.rid = c.rowid ORDER BY 1`,
		`SELECT COUNT(*) FROM clients_fts`, `SELECT COUNT(*) FROM clients_sort`,
		`SELECT owner_id, workspace_id, n FROM client_portfolios WHERE n <> 0 ORDER BY 1, 2`,
		// The History as a row's tab shows it (audit_history: a row a page created in bulk
		// shows its creation from the page's entry, without the values), and the workspaces
		// of the entries other than creations (those of a page go with its entry).
		`SELECT at, actor_id, workstation_id, entity, entity_id, action, CASE action WHEN 'create' THEN '' ELSE changes END
		 FROM audit_history WHERE entity <> 'sync' ORDER BY entity_id, action, 7`,
		`SELECT l.entity_id, l.action, s.workspace_id FROM audit_workspaces s JOIN audit_log l ON l.id = s.audit_id
		 WHERE l.action <> 'create' AND l.entity <> 'sync' ORDER BY 1, 2, 3`,
		`SELECT COUNT(*) FROM sync_parked`, `SELECT COUNT(*) FROM sync_conflicts`, `SELECT COUNT(*) FROM sync_outbox`,
	} {
		rows, err := db.Read().Query(q)
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(&b, "%.40s %v\n", q, vals)
		}
		must(t, rows.Err())
		rows.Close()
	}
	return b.String()
}

// searchFinds is how many clients and users the search boxes' indexes find for a word.
func searchFinds(t *testing.T, db *store.DB, word string) (int, int) {
	return count(t, db, `SELECT COUNT(*) FROM clients_fts WHERE clients_fts MATCH ?`, `"`+word+`"`),
		count(t, db, `SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH ?`, `"`+word+`"`)
}

// TestADownloadEqualsTheChangeByChangeApply: an empty workstation joining an organization
// downloads it page by page (new rows inserted in bulk, the next page fetched while one is
// written); the result is exactly what applying the same changes one at a time gives — the
// same rows, clocks, tombstones, search indexes and name orders, portfolio sizes, History
// entries (remote actor and device) and their workspaces — so the fast path is only faster.
func TestADownloadEqualsTheChangeByChangeApply(t *testing.T) {
	t.Parallel()
	org, fast, slow := downloadAndApply(t)
	got, want := dumpAll(t, fast), dumpAll(t, slow)
	if got != want {
		t.Fatalf("the download differs from the change-by-change apply:\n%s", diffLines(got, want))
	}
	if n := count(t, fast, `SELECT COUNT(*) FROM clients`); n != downloadClients-(downloadClients+12)/13 { // every thirteenth deleted
		t.Fatalf("%d clients after the download", n)
	}
	if n := count(t, fast, `SELECT COUNT(*) FROM audit_history WHERE workstation_id = 'dev-gen-1' AND actor_id = ? AND action = 'create'`, org.Owner); n < downloadClients {
		t.Errorf("%d creations in the History name the remote actor and device", n)
	}
	for _, w := range []string{"nunez", "zolc", "ultima", "zoe"} {
		fc, fu := searchFinds(t, fast, w)
		sc, su := searchFinds(t, slow, w)
		if fc != sc || fu != su || fc+fu == 0 {
			t.Errorf("search %q: download finds %d clients, %d users; change by change %d, %d", w, fc, fu, sc, su)
		}
	}
	if got := count(t, fast, `SELECT COUNT(*) FROM clients WHERE id = ? AND name = 'Última' AND notes = 'nota'`, org.clients[1]); got != 1 {
		t.Errorf("the older of two renames won (or the other field of it was lost)")
	}
}

// downloadAndApply gives an organization (20 users, 300 clients, edited after), a workstation
// that downloaded it from a server (pages of 150 changes, new rows inserted in bulk) and one
// that applied the same changes one at a time, at the same instant.
// downloadClients: 130 clients in pages of 60 (three pages, the last one partial), with
// every kind of edit of genOrg.edit; kept small, as this runs under -race (300 took about
// 90 s there).
const downloadClients = 130 // the download tests run in parallel (t.Parallel), on the second core

func downloadAndApply(t *testing.T) (org genOrg, fast, slow *store.DB) {
	t.Helper()
	srv := servertest.Start(t, "")
	org = genOrganization(20, downloadClients)
	org.edit()
	seedServer(t, srv, org)
	now := fixedNow()

	fast = openAt(t, "fast.db", now)
	c := plsync.New(fast, plsync.Options{PullLimit: 60})
	_, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, c.SyncOnce(ctx))

	slow = openAt(t, "slow.db", now)
	for _, ch := range org.Changes {
		_, err := slow.ApplyRemote(ctx, []store.Change{ch}, store.ApplyOptions{})
		must(t, err)
	}
	return org, fast, slow
}

// cutter passes requests to the server until cut, then fails every pull (a cable pulled
// out in the middle of a download); cancel, when set, is called at the cut too.
type cutter struct {
	after  int32 // pulls let through
	n      atomic.Int32
	cancel context.CancelFunc
}

func (c *cutter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/v1/pull" && c.n.Add(1) > c.after {
		if c.cancel != nil {
			c.cancel()
		}
		return nil, errors.New("connection cut")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestACutDownloadResumesWhereItStopped: a download cut in the middle (the network fails;
// or the app closes and cancels it) keeps every page it applied, with the cursor of the last
// one committed with it — never a page half written — and the next sync goes on from there
// to the same end as a download that was never cut.
func TestACutDownloadResumesWhereItStopped(t *testing.T) {
	t.Parallel()
	// Pages of 50, cut after the fourth: the log's first 200 entries are creations (one row
	// each), every page has enough new clients to be inserted in bulk (the first one too:
	// its search entries are deferred), and more follows. Kept small, as this runs under
	// -race (450 clients in pages of 100 took about 75 s there).
	const limit = 50
	srv := servertest.Start(t, "")
	org := genOrganization(10, 200)
	org.edit()
	seedServer(t, srv, org)
	now := fixedNow()

	whole := openAt(t, "whole.db", now)
	cw := plsync.New(whole, plsync.Options{PullLimit: limit})
	_, err := cw.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cw.SyncOnce(ctx))
	want := dumpAll(t, whole)

	for _, how := range []string{"network", "cancel"} {
		t.Run(how, func(t *testing.T) {
			db := openAt(t, "cut.db", now)
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			cut := &cutter{after: 4}
			if how == "cancel" {
				cut.cancel = cancel
			}
			c := plsync.New(db, plsync.Options{PullLimit: limit, Transport: cut})
			_, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
			must(t, err)
			if err := c.SyncOnce(cctx); err == nil {
				t.Fatal("the cut download reported success")
			}
			cur, err := db.LocalMeta(ctx, store.MetaSyncCursor)
			must(t, err)
			pos, _ := strconv.Atoi(cur)
			// The log starts with one creation per row: as many rows as the cursor says.
			rows := 0
			for _, tbl := range store.SyncedTables() {
				rows += count(t, db, "SELECT COUNT(*) FROM "+tbl)
			}
			if pos == 0 || pos > 4*limit || pos%limit != 0 || rows != pos {
				t.Fatalf("after the cut: cursor %d, %d rows (want whole pages of %d, as many rows as the cursor)", pos, rows, limit)
			}
			// The pages' search entries are filled when the pull ends, however it ends; an
			// app closing (the context cancelled) leaves them to the next sync.
			backlog, err := db.SearchBacklog(ctx)
			must(t, err)
			if how == "network" && backlog != 0 || how == "cancel" && backlog == 0 {
				t.Errorf("after the cut (%s), %d rows wait for their search entries", how, backlog)
			}
			c2 := plsync.New(db, plsync.Options{PullLimit: limit})
			must(t, c2.SyncOnce(ctx))
			if got := dumpAll(t, db); got != want {
				t.Fatalf("the resumed download differs from the uncut one:\n%s", diffLines(got, want))
			}
		})
	}
}
