package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	gosync "sync"
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

// heldPull is a real HTTP relay on 127.0.0.1 in front of the server: it asks the server for
// pages of at most `limit` changes (a large download in many pages, at test size) and holds
// the first page request from position `from` on until release is closed, saying so on held.
// (Positions are the server's change-log positions.)
type heldPull struct {
	from    int64
	heldAt  int64 // the position the held request starts after (set before held closes)
	held    chan struct{}
	release chan struct{}
	once    gosync.Once
}

func (h *heldPull) start(t *testing.T, target string, limit int) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/pull" {
			q := r.URL.Query()
			q.Set("limit", strconv.Itoa(limit))
			r.URL.RawQuery = q.Encode()
			if after, _ := strconv.ParseInt(q.Get("after"), 10, 64); after >= h.from {
				first := false
				h.once.Do(func() { first = true })
				if first {
					h.heldAt = after
					close(h.held)
					select {
					case <-h.release:
					case <-r.Context().Done():
						return
					}
				}
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// "The UI usable meanwhile": a workstation joining an organization downloads it in many
// pages; while the download is under way (held by the server half-way, so it cannot end
// before), the window signs in there and lists users, clients and the dashboard through the
// bound methods, and gets its answers. Had a read or the sign-in's write waited for the
// download (one long write transaction, a lock held across pages), the download could never
// end and the reads never answer: the test fails on its deadlock guard.
func TestTheWindowAnswersWhileALargeDownloadRuns(t *testing.T) {
	srv := servertest.Start(t, "")
	a := testutil.NewEnv(t)
	a.Clock.Advance(time.Since(a.Clock.Now()))
	owner := syncAs(t, a, testutil.OwnerUsername)
	if _, err := owner.Enroll(srv.URL, srv.EnrollCode(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.SyncNow(); err != nil {
		t.Fatal(err)
	}
	_, seedEnd, _, err := srv.Storage.Pull(ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	const nClients = 300
	if err := a.DB.Write(ctx, a.Owner, func(tx *store.Tx) error {
		for i := range nClients {
			if err := tx.Insert("clients", store.NewID(), store.Fields{"name": fmt.Sprintf("Cliente %03d", i), "workspace_id": a.WorkspaceA}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.SyncNow(); err != nil {
		t.Fatal(err)
	}
	code, err := owner.NewEnrollCode()
	if err != nil {
		t.Fatal(err)
	}
	var before int
	if err := a.DB.Read().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&before); err != nil {
		t.Fatal(err)
	}

	// B joins through the relay: pages of 40 changes; the first page past the organization's
	// seed (its users are there by then) waits until the window has had its answers.
	h := &heldPull{from: seedEnd, held: make(chan struct{}), release: make(chan struct{})}
	relay := h.start(t, srv.URL, 40)
	b := testutil.NewEnvEmpty(t)
	b.Clock.Advance(time.Since(b.Clock.Now()))
	coreB := app.NewCore(b.Accounts, nil, b.Logger)
	syncB := app.NewSyncService(coreB, nil)
	if _, err := syncB.Join(relay, code.Code); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := syncB.SyncNow()
		done <- err
	}()
	t.Cleanup(func() {
		select {
		case <-h.release:
		default:
			close(h.release)
		}
	})
	guard := time.After(2 * time.Minute) // a deadlock guard, not a speed threshold
	select {
	case <-h.held:
	case err := <-done:
		t.Fatalf("the download ended (%v) before reaching its held page", err)
	case <-guard:
		t.Fatal("the download never reached the page past the seed")
	}

	// The pages before the held one are applied (the fetcher asks for the next page while
	// the store writes the current one): wait for the cursor to reach the held position.
	for {
		cur, err := b.DB.LocalMeta(ctx, store.MetaSyncCursor)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := strconv.ParseInt(cur, 10, 64); n >= h.heldAt {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the download ended (%v) while its page was held", err)
		case <-guard:
			t.Fatal("the pages before the held one were never applied")
		case <-time.After(5 * time.Millisecond):
		}
	}
	type answer struct {
		users, clients int
		running        bool
		err            error
	}
	answered := make(chan answer, 1)
	go func() {
		var ans answer
		defer func() { answered <- ans }()
		if _, ans.err = app.NewSessionService(coreB).SignIn(app.SignInRequest{Login: testutil.OwnerUsername, Password: testutil.Password}); ans.err != nil {
			return
		}
		up, err := app.NewUsersService(coreB).List(users.ListQuery{Limit: 50})
		if ans.err = err; err != nil {
			return
		}
		ans.users = up.Total
		cp, err := app.NewClientsService(coreB).List(clients.ListQuery{Limit: 50})
		if ans.err = err; err != nil {
			return
		}
		ans.clients = cp.Total
		if _, ans.err = app.NewDashboardService(coreB).Figures(dashboard.Query{}); ans.err != nil {
			return
		}
		st, err := syncB.Status()
		ans.err, ans.running = err, st.Running
	}()
	var ans answer
	select {
	case ans = <-answered:
	case err := <-done:
		t.Fatalf("the download ended (%v) while its page was held", err)
	case <-guard:
		t.Fatal("the window's sign-in and lists waited for the download")
	}
	if ans.err != nil {
		t.Fatalf("the window during the download: %v", ans.err)
	}
	if ans.users < 4 || !ans.running || ans.clients >= before {
		t.Fatalf("during the download: %d users, %d of %d clients, running %v", ans.users, ans.clients, before, ans.running)
	}
	close(h.release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("download: %v", err)
		}
	case <-guard:
		t.Fatal("the download did not end once released")
	}
	var after int
	if err := b.DB.Read().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("after the download B has %d clients, A %d", after, before)
	}
}
