package app_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/backup"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/testutil"
)

// The setup screen's Join on a large organization: the workstation downloads the server's
// ready copy, stages it as a restore and asks the app to restart into it (the window then
// shows the sign-in); its status says so. Without the copy it would pull every change.
func TestJoiningALargeOrganizationRestartsIntoTheServersCopy(t *testing.T) {
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
	code, err := owner.NewEnrollCode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Snapshots.Build(ctx); err != nil {
		t.Fatal(err)
	}

	b := testutil.NewEnvEmpty(t)
	b.Clock.Advance(time.Since(b.Clock.Now()))
	sys := &app.System{SyncCopyFrom: 1}
	syncB := app.NewSyncService(app.NewCore(b.Accounts, nil, b.Logger), sys)
	if _, err := syncB.Join(srv.URL, code.Code); err != nil {
		t.Fatal(err)
	}
	st, err := syncB.SyncNow()
	if err != nil {
		t.Fatal(err)
	}
	if !st.Restart || !sys.Restarted() || !backup.Pending(b.DB.Path()) {
		t.Fatalf("status %+v, restart asked %v", st, sys.Restarted())
	}
}
