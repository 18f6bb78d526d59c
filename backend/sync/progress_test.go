package sync_test

import (
	"net/http"
	gosync "sync"
	"testing"

	"github.com/plantel/plantel/backend/server/servertest"
	plsync "github.com/plantel/plantel/backend/sync"
)

// progressLog keeps the pull progress of the statuses a client reports.
type progressLog struct {
	mu   gosync.Mutex
	seen []plsync.Status
}

func (l *progressLog) on(s plsync.Status) {
	if s.Pulling {
		l.mu.Lock()
		l.seen = append(l.seen, s)
		l.mu.Unlock()
	}
}

func (l *progressLog) statuses() []plsync.Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]plsync.Status(nil), l.seen...)
}

// noHead sends the server's head request to a path it does not serve (an older server
// answers 404 there) and everything else as it is.
type noHead struct{ rt http.RoundTripper }

func (n noHead) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/v1/head" {
		r = r.Clone(r.Context())
		r.URL.Path = "/v1/head-of-a-newer-server"
	}
	return n.rt.RoundTrip(r)
}

// TestAPullShowsItsProgressAndResumesItAfterACut: a download of many pages reports, page by
// page, how far it is from where it started to the server's head (GET /v1/head), a fraction
// that only grows; cut in the middle, the next sync goes on from the fraction it had reached
// (not from zero) up to exactly 1 at the end. A server without the head endpoint syncs the
// same, showing only the count of changes received.
func TestAPullShowsItsProgressAndResumesItAfterACut(t *testing.T) {
	t.Parallel()
	// Pages of 20, cut after the fourth, and at least six pages after it: kept small, as this
	// runs under -race (450 clients in pages of 50 took about 37 s there).
	const limit = 20
	srv := servertest.Start(t, "")
	org := genOrganization(10, 160)
	seedServer(t, srv, org)
	db := openAt(t, "cut.db", fixedNow())

	var first progressLog
	cut := &cutter{after: 4}
	c := plsync.New(db, plsync.Options{PullLimit: limit, Transport: cut, OnStatus: first.on})
	_, err := c.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	if err := c.SyncOnce(ctx); err == nil {
		t.Fatal("the cut download reported success")
	}
	head, err := srv.Storage.Head(ctx)
	must(t, err)
	got := first.statuses()
	if len(got) < 5 {
		t.Fatalf("%d progress statuses before the cut (want the start and one per applied page)", len(got))
	}
	prev := -1.0
	for _, s := range got {
		if !s.HeadKnown || s.PullTotal != head || s.Progress < prev || s.Progress < 0 || s.Progress > 1 ||
			s.PullDone != s.Cursor || s.Progress != float64(s.PullDone)/float64(s.PullTotal) {
			t.Fatalf("progress before the cut: %+v (head %d, previous %v)", s, head, prev)
		}
		prev = s.Progress
	}
	reached := got[len(got)-1]
	if reached.PullDone != 4*limit || reached.Progress >= 1 {
		t.Fatalf("at the cut: %d of %d (%v), want the 4 pages of %d applied", reached.PullDone, reached.PullTotal, reached.Progress, limit)
	}
	if st := c.Status(ctx); st.Pulling {
		t.Fatal("still pulling after the sync ended")
	}

	var second progressLog
	c2 := plsync.New(db, plsync.Options{PullLimit: limit, OnStatus: second.on})
	must(t, c2.SyncOnce(ctx))
	got = second.statuses()
	if len(got) == 0 || got[0].Progress != reached.Progress || got[0].PullTotal != head {
		t.Fatalf("the resumed pull starts at %+v, want where the cut one stopped (%v of head %d)", got, reached.Progress, head)
	}
	prev = reached.Progress
	for _, s := range got {
		if s.Progress < prev {
			t.Fatalf("progress went back from %v to %v", prev, s.Progress)
		}
		prev = s.Progress
	}
	if end := got[len(got)-1]; end.Progress != 1 || end.PullDone != head || end.Cursor != head {
		t.Fatalf("at the end: %+v (head %d)", end, head)
	}
	if len(got) < 6 {
		t.Fatalf("%d progress statuses for the %d pages left", len(got), (head-reached.PullDone+limit-1)/limit)
	}

	// A later pull counts from where it starts: nothing downloaded again, nothing left over.
	var third progressLog
	c3 := plsync.New(db, plsync.Options{PullLimit: limit, OnStatus: third.on})
	must(t, c3.SyncOnce(ctx))
	for _, s := range third.statuses() {
		if s.PullTotal != 0 || s.Progress != 1 {
			t.Fatalf("a pull with nothing new shows %+v", s)
		}
	}

	// A server without GET /v1/head: the download works, the count of changes is shown.
	old := openAt(t, "old.db", fixedNow())
	var oldLog progressLog
	co := plsync.New(old, plsync.Options{PullLimit: limit, Transport: noHead{http.DefaultTransport}, OnStatus: oldLog.on})
	_, err = co.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, co.SyncOnce(ctx))
	got = oldLog.statuses()
	if len(got) == 0 || got[len(got)-1].Pulled < int(head) {
		t.Fatalf("without the head: %+v", got)
	}
	for _, s := range got {
		if s.HeadKnown || s.PullTotal != 0 || s.Progress != 0 {
			t.Fatalf("a progress without the head: %+v", s)
		}
	}
}
