package startup_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/backend/startup"
)

// large makes the seeded files of these tests count as large: over the limit, only the
// cheap checks run before the window and quick_check is left to Verify.
var large = startup.Options{FullCheckLimit: 1}

// damage overwrites four pages in the middle of the file: SQLite opens it (it reads pages
// lazily) and only a full read (quick_check) finds them.
func damage(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	junk := make([]byte, 4096*4)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
}

func marker(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

// A large file damaged in the middle: the start does not read it all (it opens, in
// deferred mode); the background check then finds the damage, says db_corrupt and leaves
// the marker, and the next start checks in full and goes to the recovery window.
func TestLargeDamagedFileIsCaughtInTheBackgroundAndRecoveryOpensNextStart(t *testing.T) {
	dir := t.TempDir()
	path := seeded(t, dir)
	damage(t, path)
	ctx := context.Background()

	st, err := startup.Check(ctx, path, large)
	if err != nil {
		t.Fatalf("the start read the whole damaged file: %v", err)
	}
	if st.Mode != startup.ModeDeferred {
		t.Fatalf("large file checked in full before the window: %q (%s)", st.Mode, st.Reason)
	}
	if !marker(dir, startup.RunningMarker) || marker(dir, startup.FailedMarker) {
		t.Fatal("markers after a start")
	}
	// The app keeps working on its pools while the check reads on a connection of its own.
	if err := st.DB.Read().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(new(int)); err != nil {
		t.Fatal(err)
	}
	err = st.Verify(ctx)
	if startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("background check: %v → %q", err, startup.Classify(err))
	}
	if !marker(dir, startup.FailedMarker) {
		t.Fatal("no marker after the failed background check")
	}
	st.DB.Close()
	if err := st.Finish(); err != nil || marker(dir, startup.RunningMarker) {
		t.Fatalf("clean shutdown: %v", err)
	}

	// The next start: the marker sends the large file through the full check → recovery.
	if _, err := startup.Check(ctx, path, large); startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("next start: %v → %q", err, startup.Classify(err))
	}
	// (Without the marker the same start would open it again: the marker is what decides.)
	if err := os.Remove(filepath.Join(dir, startup.FailedMarker)); err != nil {
		t.Fatal(err)
	}
	st, err = startup.Check(ctx, path, large)
	if err != nil || st.Mode != startup.ModeDeferred {
		t.Fatalf("without the marker: %v", err)
	}
	st.DB.Close()
}

// A sound large file passes the background check and leaves no marker; a full check that
// passes (after a restore, say) clears the marker of an earlier failure.
func TestBackgroundCheckPassesAndFullCheckClearsTheMarker(t *testing.T) {
	dir := t.TempDir()
	path := seeded(t, dir)
	ctx := context.Background()
	if err := os.WriteFile(filepath.Join(dir, startup.FailedMarker), []byte("earlier failure\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := startup.Check(ctx, path, large)
	if err != nil || st.Mode != startup.ModeFull || st.Reason != startup.ReasonCheckFailed {
		t.Fatalf("after a failed background check: %v %+v", err, st)
	}
	if marker(dir, startup.FailedMarker) {
		t.Fatal("a passing full check left the failure marker")
	}
	st.DB.Close()
	if err := st.Finish(); err != nil {
		t.Fatal(err)
	}
	st, err = startup.Check(ctx, path, large)
	if err != nil || st.Mode != startup.ModeDeferred {
		t.Fatalf("clean restart: %v %+v", err, st)
	}
	if err := st.Verify(ctx); err != nil || marker(dir, startup.FailedMarker) {
		t.Fatalf("sound file: %v", err)
	}
	st.DB.Close()
}

// A run that did not end cleanly (crash, power cut: the running marker stays) makes the
// next start check the large file in full before the window.
func TestUncleanPreviousRunForcesTheFullCheck(t *testing.T) {
	dir := t.TempDir()
	path := seeded(t, dir)
	ctx := context.Background()
	st, err := startup.Check(ctx, path, large)
	if err != nil || st.Mode != startup.ModeDeferred {
		t.Fatalf("first start: %v", err)
	}
	st.DB.Close() // no Finish: the process died
	st, err = startup.Check(ctx, path, large)
	if err != nil || st.Mode != startup.ModeFull || st.Reason != startup.ReasonUnclean {
		t.Fatalf("after a crash: %v %+v", err, st)
	}
	st.DB.Close() // died again, and the file got damaged
	damage(t, path)
	if _, err := startup.Check(ctx, path, large); startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("damaged after a crash: %v → %q", err, startup.Classify(err))
	}
}

// The cheap checks of a large file still catch a file that is not a database or that was
// cut short, before the window.
func TestLargeFileCheapChecks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := seeded(t, dir)
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	if _, err := startup.Check(ctx, path, large); startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("cut short: %v → %q", err, startup.Classify(err))
	}
	garbage := filepath.Join(t.TempDir(), "plantel.db")
	b := make([]byte, 64*1024)
	for i := range b {
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(garbage, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := startup.Check(ctx, garbage, large); startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("garbage: %v → %q", err, startup.Classify(err))
	}
	// A new database (no file yet) opens.
	st, err := startup.Check(ctx, filepath.Join(t.TempDir(), "plantel.db"), large)
	if err != nil {
		t.Fatal(err)
	}
	st.DB.Close()
}
