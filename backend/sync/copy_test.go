package sync_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/syncwire"
	"github.com/plantel/plantel/backend/testutil"
)

// dumpData is dumpAll without the times of the History (a download's entries carry the
// local time of the machine that applied it: here the server's builder) but with who made
// each entry, where and on what.
func dumpData(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(dumpAll(t, db), "\n") {
		if !strings.HasPrefix(line, "SELECT at, actor_id") {
			b.WriteString(line + "\n")
		}
	}
	rows, err := db.Read().Query(`SELECT actor_id, workstation_id, entity, entity_id, action FROM audit_history
		WHERE entity <> 'sync' ORDER BY entity_id, action, actor_id, workstation_id`)
	must(t, err)
	defer rows.Close()
	for rows.Next() {
		var a, w, e, id, act string
		must(t, rows.Scan(&a, &w, &e, &id, &act))
		b.WriteString(strings.Join([]string{"history", a, w, e, id, act}, " ") + "\n")
	}
	must(t, rows.Err())
	return b.String()
}

// restartInto closes db, puts the staged copy in place as the app's next start does
// (backup.FinishRestore) and opens the database again.
func restartInto(t *testing.T, db *store.DB, now func() time.Time) *store.DB {
	t.Helper()
	path := db.Path()
	must(t, db.Close())
	if !backup.Pending(path) {
		t.Fatal("no copy staged")
	}
	if _, err := backup.FinishRestore(path, time.Now()); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(ctx, path, store.Options{Now: now})
	must(t, err)
	t.Cleanup(func() { db2.Close() })
	return db2
}

func TestAWorkstationJoinsFromTheServersCopy(t *testing.T) {
	t.Parallel()
	joinFromCopy(t, "")
}

func TestAWorkstationJoinsFromTheServersCopyPostgres(t *testing.T) {
	t.Parallel()
	joinFromCopy(t, pgtest.NewDatabase(t))
}

// copyClients: the organization joined from the copy, kept small as this runs under -race
// (300 clients took about 30 s there, once per server): still more than bulkMin (16) new
// clients, users and memberships in the builder's pages, with every kind of edit after.
const copyClients = 80

// B joins an organization whose server published its ready copy: B downloads the copy
// (no page pull), stages it and asks for a restart; after the restart it pulls only the
// changes made after the copy. B then equals a workstation that applied every change one

// serverWithCopy starts a server holding a generated organization, builds its copy (of
// every change so far) and then pushes every kind of edit of genOrg.edit after it: what a
// workstation joining through the copy must still pull.
func serverWithCopy(t *testing.T, dsn string, users, clients int) (*servertest.Server, genOrg) {
	t.Helper()
	srv := servertest.Start(t, dsn)
	org := genOrganization(users, clients)
	seedServer(t, srv, org)
	info, err := srv.Snapshots.Build(ctx)
	if err != nil || info == nil || info.Cursor != int64(len(org.Changes)) {
		t.Fatalf("copy: %+v %v", info, err)
	}
	n0 := len(org.Changes)
	org.edit()
	seedServer(t, srv, genOrg{Changes: org.Changes[n0:]})
	return srv, org
}

// by one and one that pulled page by page, its History naming who created each row.
func joinFromCopy(t *testing.T, dsn string) {
	srv, org := serverWithCopy(t, dsn, 20, copyClients)
	now := fixedNow()

	b := openAt(t, store.FileName, now)
	var staged atomic.Int32
	tr := &countTransport{}
	opt := plsync.Options{Transport: tr, CopyFrom: 100, OnCopyStaged: func() { staged.Add(1) }}
	cb := plsync.New(b, opt)
	_, err := cb.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	if staged.Load() != 1 || tr.pulls.Load() != 0 || count(t, b, `SELECT COUNT(*) FROM users`) != 0 {
		t.Fatalf("staged %d times after %d pulls; %d users in the old file", staged.Load(), tr.pulls.Load(), count(t, b, `SELECT COUNT(*) FROM users`))
	}
	if st := cb.Status(ctx); !st.Restart || st.Error != "" {
		t.Fatalf("status after staging: %+v", st)
	}
	must(t, cb.SyncOnce(ctx)) // a sync before the restart touches nothing
	if tr.pulls.Load() != 0 {
		t.Fatal("pulled into the file being replaced")
	}

	b = restartInto(t, b, now)
	cb = plsync.New(b, opt)
	must(t, cb.SyncOnce(ctx))
	if staged.Load() != 1 || tr.pulls.Load() != 1 {
		t.Fatalf("after the restart: staged %d times, %d pulls (want the tail in one)", staged.Load(), tr.pulls.Load())
	}
	if cur, _ := b.LocalMeta(ctx, store.MetaSyncCursor); cur != strconv.Itoa(len(org.Changes)) {
		t.Fatalf("cursor %s after the tail, want %d", cur, len(org.Changes))
	}
	if url, _ := b.LocalMeta(ctx, store.MetaSyncURL); url != srv.URL || b.DeviceID() == "" || !strings.HasSuffix(b.Clock().Now().String(), b.DeviceID()) {
		t.Fatalf("the workstation's own settings and clock did not follow the copy: %q %q", url, b.Clock().Now())
	}

	slow := openAt(t, "slow.db", now)
	for _, ch := range org.Changes {
		_, err := slow.ApplyRemote(ctx, []store.Change{ch}, store.ApplyOptions{})
		must(t, err)
	}
	if got, want := dumpData(t, b), dumpData(t, slow); got != want {
		t.Fatalf("the workstation joined from the copy differs from the change-by-change apply:\n%s", diffLines(got, want))
	}
	pages := openAt(t, "pages.db", now)
	cp := plsync.New(pages, plsync.Options{})
	_, err = cp.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cp.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, pages); got != want {
		t.Fatalf("the workstation joined from the copy differs from one that pulled pages:\n%s", diffLines(got, want))
	}
	if n := count(t, b, `SELECT COUNT(*) FROM audit_history WHERE workstation_id = 'dev-gen-1' AND actor_id = ? AND action = 'create'`, org.Owner); n < copyClients {
		t.Errorf("%d creations in the History name the remote actor and device", n)
	}
	if fc, fu := searchFinds(t, b, "ultima"); fc+fu == 0 {
		t.Error("a client renamed after the copy is not found by its new name")
	}
	if fc, _ := searchFinds(t, b, "nunez"); fc == 0 {
		t.Error("the copy's clients are not searchable")
	}
}

// countTransport counts the pulls and copy requests; cut, when set, ends the copy's body
// after that many bytes the first time (a cable pulled out), and fake rewrites the copy's
// answer headers.
type countTransport struct {
	pulls, copies atomic.Int32
	ranges        []string
	cut           int64
	fake          map[string]string
}

func (c *countTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Path {
	case "/v1/pull":
		c.pulls.Add(1)
	case "/v1/snapshot":
		c.copies.Add(1)
		c.ranges = append(c.ranges, r.Header.Get("Range"))
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.URL.Path != "/v1/snapshot" {
		return resp, err
	}
	for k, v := range c.fake {
		resp.Header.Set(k, v)
	}
	if c.cut > 0 && resp.StatusCode == 200 {
		resp.Body = &cutBody{r: resp.Body, left: c.cut}
		c.cut = 0
	}
	return resp, nil
}

type cutBody struct {
	r    io.ReadCloser
	left int64
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errors.New("connection reset (test)")
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cutBody) Close() error { return b.r.Close() }

// A download of the copy cut in the middle fails that sync; the next one asks only for the
// rest (Range) and stages the copy.
func TestACutCopyDownloadResumes(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t, "")
	org := genOrganization(10, 200)
	seedServer(t, srv, org)
	info, err := srv.Snapshots.Build(ctx)
	must(t, err)
	b := empty(t)
	var staged atomic.Int32
	tr := &countTransport{cut: info.Size / 3}
	cb := plsync.New(b, plsync.Options{Transport: tr, CopyFrom: 1, OnCopyStaged: func() { staged.Add(1) }})
	_, err = cb.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	if err := cb.SyncOnce(ctx); plsync.CodeOf(err) != plsync.CodeUnreachable {
		t.Fatalf("a cut download: %v", err)
	}
	fi, err := os.Stat(b.Path() + ".snapshot.partial")
	if err != nil || fi.Size() != info.Size/3 {
		t.Fatalf("the cut download was not kept: %v", err)
	}
	if st := cb.Status(ctx); st.Pulling || st.Restart {
		t.Fatalf("status after the cut: %+v", st)
	}
	must(t, cb.SyncOnce(ctx))
	if staged.Load() != 1 || tr.pulls.Load() != 0 {
		t.Fatalf("staged %d, %d pulls", staged.Load(), tr.pulls.Load())
	}
	if want := "bytes=" + strconv.FormatInt(info.Size/3, 10) + "-"; len(tr.ranges) != 2 || tr.ranges[1] != want {
		t.Fatalf("requests of the copy: %q, want the second from %s", tr.ranges, want)
	}
	b = restartInto(t, b, time.Now)
	must(t, plsync.New(b, plsync.Options{}).SyncOnce(ctx))
	if n := count(t, b, `SELECT COUNT(*) FROM clients`); n != 200 {
		t.Fatalf("%d clients after the resumed copy", n)
	}
}

// A server without a copy (404), a copy of a newer schema, or one whose checksum does not
// match: the workstation pulls page by page, as before, and nothing is staged.
func TestAnUnusableCopyFallsBackToThePagePull(t *testing.T) {
	t.Parallel()
	// One server without a copy, one with a copy whose answer each case fakes (a server and
	// its copy per case took about 4 s each under -race).
	org := genOrganization(5, 50)
	bare, built := servertest.Start(t, ""), servertest.Start(t, "")
	seedServer(t, bare, org)
	seedServer(t, built, org)
	_, err := built.Snapshots.Build(ctx)
	must(t, err)
	for name, fake := range map[string]map[string]string{
		"none":      nil,
		"newer":     {syncwire.SnapshotSchemaHeader: strconv.Itoa(store.SchemaVersion() + 1)},
		"bad hash":  {syncwire.SnapshotSHA256Header: strings.Repeat("ab", 32)},
		"bad size":  {syncwire.SnapshotSizeHeader: "12"},
		"no header": {syncwire.SnapshotCursorHeader: ""},
	} {
		t.Run(name, func(t *testing.T) {
			srv := bare
			if fake != nil {
				srv = built
			}
			b := empty(t)
			var staged atomic.Int32
			tr := &countTransport{fake: fake}
			cb := plsync.New(b, plsync.Options{Transport: tr, CopyFrom: 1, OnCopyStaged: func() { staged.Add(1) }})
			_, err := cb.Join(ctx, srv.URL, srv.EnrollCode(t))
			must(t, err)
			must(t, cb.SyncOnce(ctx))
			if staged.Load() != 0 || backup.Pending(b.Path()) || tr.copies.Load() != 1 || tr.pulls.Load() == 0 {
				t.Fatalf("staged %d, %d copy requests, %d pulls", staged.Load(), tr.copies.Load(), tr.pulls.Load())
			}
			if n := count(t, b, `SELECT COUNT(*) FROM clients`); n != 50 {
				t.Fatalf("%d clients after the fallback", n)
			}
			if _, err := os.Stat(b.Path() + ".snapshot.partial"); err == nil {
				t.Fatal("the unusable copy was left behind")
			}
		})
	}
}

// A user with two-step sign-in on A signs in on B, which joined from the server's copy with
// a code the Owner made in the app: the key envelope came in the copy, and the code B
// remembered opens it after the restart, as after a page pull.
func TestTheKeysOpenAfterJoiningFromTheCopy(t *testing.T) {
	srv := servertest.Start(t, "")
	a := seeded(t)
	agent := a.SignIn(testutil.AgentAUsername)
	en, err := a.Accounts.EnrollTwoFactor(ctx, agent)
	must(t, err)
	c0, _ := totp.GenerateCode(en.Secret, a.Clock.Now())
	_, err = a.Accounts.ConfirmTwoFactor(ctx, agent, c0)
	must(t, err)
	ca := plsync.New(a.DB, plsync.Options{Keys: keysOf(a.Accounts)})
	_, err = ca.Enroll(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, ca.SyncOnce(ctx))
	code, err := ca.NewEnrollCode(ctx, a.Owner)
	must(t, err)
	_, err = srv.Snapshots.Build(ctx)
	must(t, err)

	b := empty(t)
	accB := accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	var staged atomic.Int32
	cb := plsync.New(b, plsync.Options{Keys: keysOf(accB), CopyFrom: 1, OnCopyStaged: func() { staged.Add(1) }})
	_, err = cb.Join(ctx, srv.URL, code.Code)
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	if staged.Load() != 1 {
		t.Fatal("the copy was not used")
	}
	b = restartInto(t, b, time.Now)
	accB = accounts.New(b, auth.Hasher{}, testutil.NewEnvLogger())
	cb = plsync.New(b, plsync.Options{Keys: keysOf(accB)})
	must(t, cb.SyncOnce(ctx))

	_, err = accB.SignIn(ctx, testutil.AgentAUsername, testutil.Password)
	if apperr.CodeOf(err) != accounts.CodeTwoFactorRequired {
		t.Fatalf("sign-in on B: %v", err)
	}
	ch, _ := apperr.As(err).Params["challengeId"].(string)
	c1, _ := totp.GenerateCode(en.Secret, time.Now().Add(30*time.Second))
	c2, _ := totp.GenerateCode(en.Secret, time.Now())
	sid, err := accB.SignInSecondFactor(ctx, ch, c2)
	if err != nil && c1 != c2 {
		sid, err = accB.SignInSecondFactor(ctx, ch, c1)
	}
	if err != nil {
		t.Fatalf("TOTP sign-in on B: %v (secrets_locked: the key did not arrive)", err)
	}
	if got, err := accB.Actor(ctx, sid); err != nil || got.UserID != a.AgentA {
		t.Fatalf("session on B: %v", err)
	}
	if kept, _ := b.LocalMeta(ctx, "sync_key_code"); kept != "" {
		t.Fatal("the code is still kept after the keys arrived")
	}
	must(t, cb.SyncOnce(ctx)) // the sign-in's changes go to A
	must(t, ca.SyncOnce(ctx))
	if got, want := dumpSynced(t, b), dumpSynced(t, a.DB); !bytes.Equal([]byte(got), []byte(want)) {
		t.Fatalf("B differs from A:\n%s", diffLines(got, want))
	}
}

// After the restart into the copy, the background loop brings the changes made since the
// copy at once, not an Interval (here an hour) later.
func TestTheTailArrivesAtOnceAfterTheRestartIntoTheCopy(t *testing.T) {
	srv, org := serverWithCopy(t, "", 3, 20)
	now := fixedNow()

	b := openAt(t, store.FileName, now)
	var staged atomic.Int32
	cb := plsync.New(b, plsync.Options{CopyFrom: 1, OnCopyStaged: func() { staged.Add(1) }})
	_, err := cb.Join(ctx, srv.URL, srv.EnrollCode(t))
	must(t, err)
	must(t, cb.SyncOnce(ctx))
	if staged.Load() != 1 {
		t.Fatal("the copy was not staged")
	}
	b = restartInto(t, b, now)
	want := strconv.Itoa(len(org.Changes))
	if cur, _ := b.LocalMeta(ctx, store.MetaSyncCursor); cur == want {
		t.Fatalf("the copy already holds the tail (cursor %s): nothing to test", cur)
	}

	ended := make(chan struct{}, 1) // a sync ended (or the status changed while none ran)
	cb = plsync.New(b, plsync.Options{CopyFrom: 1, OnCopyStaged: func() { staged.Add(1) }, Interval: time.Hour,
		OnStatus: func(st plsync.Status) {
			if !st.Running {
				select {
				case ended <- struct{}{}:
				default:
				}
			}
		}})
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	go cb.Run(rctx)
	timeout := time.After(30 * time.Second)
	for {
		if cur, _ := b.LocalMeta(ctx, store.MetaSyncCursor); cur == want {
			break
		}
		select {
		case <-ended:
		case <-timeout:
			cur, _ := b.LocalMeta(ctx, store.MetaSyncCursor)
			t.Fatalf("cursor %s, want %s: the background loop did not sync at its start (it waits for its interval)", cur, want)
		}
	}
	if staged.Load() != 1 {
		t.Fatalf("staged %d times", staged.Load())
	}
}
