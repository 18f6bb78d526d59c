package startup_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/startup"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// seeded returns the path of a copy of a seeded Plantel database in dir.
func seeded(t *testing.T, dir string) string {
	t.Helper()
	e := testutil.NewEnv(t)
	e.SeedClients("Cliente", e.AgentA, e.WorkspaceA, 30, false)
	path := filepath.Join(dir, store.FileName)
	if err := e.DB.Snapshot(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHealthyDatabaseOpensAndPassesQuickCheck(t *testing.T) {
	path := seeded(t, t.TempDir())
	st, err := startup.Check(context.Background(), path, startup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A small file is checked in full before the window.
	if st.Mode != startup.ModeFull || st.Reason != startup.ReasonSmall {
		t.Fatalf("small file: mode %q reason %q", st.Mode, st.Reason)
	}
	st.DB.Close()
}

// A file damaged inside its pages opens (SQLite reads pages lazily) but quick_check
// catches it; a file that is not a database at all fails at once. Both say db_corrupt.
func TestCorruptDatabaseIsCaughtAtStart(t *testing.T) {
	dir := t.TempDir()
	path := seeded(t, dir)
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	fi, _ := f.Stat()
	junk := make([]byte, 4096*4)
	for i := range junk {
		junk[i] = byte(i*13 + 5)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err := startup.Check(context.Background(), path, startup.Options{})
	if err == nil || startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("damaged pages: %v → %q", err, startup.Classify(err))
	}
	garbage := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(garbage, []byte(strings.Repeat("this is not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = startup.Check(context.Background(), garbage, startup.Options{})
	if startup.Classify(err) != startup.CodeCorrupt {
		t.Fatalf("garbage file: %v → %q", err, startup.Classify(err))
	}
}

// Another program holding an exclusive lock: db_locked (after the store's busy timeout).
func TestLockedDatabase(t *testing.T) {
	path := seeded(t, t.TempDir())
	holder, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	holder.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, _ := holder.Conn(ctx)
	defer conn.Close()
	for _, q := range []string{`PRAGMA journal_mode=DELETE`, `PRAGMA locking_mode=EXCLUSIVE`, `BEGIN EXCLUSIVE`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	start := time.Now()
	_, err = startup.Check(ctx, path, startup.Options{})
	if startup.Classify(err) != startup.CodeLocked {
		t.Fatalf("locked: %v → %q (after %s)", err, startup.Classify(err), time.Since(start))
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
}

// mountTmpfs mounts a small tmpfs at dir (root only); the test is skipped elsewhere.
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs (read-only and full-disk cases)")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if err := exec.Command("umount", "-l", dir).Run(); err != nil {
			t.Logf("umount %s: %v", dir, err)
		}
	})
}

func TestReadOnlyDatabase(t *testing.T) {
	src := seeded(t, t.TempDir())
	dir := t.TempDir()
	mountTmpfs(t, dir, "16m")
	b, _ := os.ReadFile(src)
	path := filepath.Join(dir, store.FileName)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	_, err := startup.Check(context.Background(), path, startup.Options{})
	if startup.Classify(err) != startup.CodeReadOnly {
		t.Fatalf("read-only: %v → %q", err, startup.Classify(err))
	}
}

// A full disk gets its own code, at start and when a write fills it.
func TestFullDisk(t *testing.T) {
	src := seeded(t, t.TempDir())
	dir := t.TempDir()
	fi, _ := os.Stat(src)
	mountTmpfs(t, dir, fmt.Sprint(fi.Size()+256*1024))
	b, _ := os.ReadFile(src)
	path := filepath.Join(dir, store.FileName)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := startup.Check(ctx, path, startup.Options{})
	if err != nil {
		if startup.Classify(err) != startup.CodeDiskFull {
			t.Fatalf("open on a full disk: %v → %q", err, startup.Classify(err))
		}
		return
	}
	db := st.DB
	defer db.Close()
	var werr error
	for i := 0; i < 200 && werr == nil; i++ {
		werr = db.Write(ctx, store.SystemActor, func(tx *store.Tx) error {
			return tx.Audit("users", "", "filler", map[string]any{"pad": strings.Repeat("x", 64*1024)})
		})
	}
	if werr == nil {
		t.Fatal("the disk never filled")
	}
	// The write path says disk_full, not internal.
	if apperr.CodeOf(werr) != apperr.CodeDiskFull {
		t.Fatalf("write on a full disk: %v", werr)
	}
}

func TestInstanceLockAndID(t *testing.T) {
	dir := t.TempDir()
	release, err := startup.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := startup.Lock(dir); !errors.Is(err, startup.ErrRunning) {
		t.Fatalf("second lock: %v", err)
	}
	release()
	again, err := startup.Lock(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
	if startup.InstanceID(dir) != startup.InstanceID(dir+"/.") || startup.InstanceID(dir) == startup.InstanceID(t.TempDir()) {
		t.Fatal("instance ids")
	}
}
