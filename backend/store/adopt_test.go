package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// copyOf writes a builder's database holding n workspaces and returns the path of its
// published copy (store.DB.Snapshot, as the sync server makes it).
func copyOf(t *testing.T, n int) (string, *store.DB) {
	t.Helper()
	dir := t.TempDir()
	builder := openAt(t, filepath.Join(dir, "build.db"), &fakeClock{t: time.Now().Add(time.Minute)})
	if err := builder.Write(context.Background(), store.SystemActor, func(tx *store.Tx) error {
		for i := range n {
			if err := insertWorkspace(tx, fmt.Sprintf("ws-%05d", i), fmt.Sprintf("Workspace %d %s", i, strings.Repeat("x", 200))); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "copy.db")
	if err := builder.Snapshot(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	return path, builder
}

// A workstation adopting the server's copy keeps its own settings (server, token, device,
// workstation id), takes the copy's cursor, and its clock goes past every stamp in the copy
// with its own device id; the copy's rows stay.
func TestAdoptCopyTakesTheWorkstationsOwnState(t *testing.T) {
	ctx := context.Background()
	path, builder := copyOf(t, 20)
	ws := openAt(t, filepath.Join(t.TempDir(), store.FileName), &fakeClock{t: time.Now()})
	if err := ws.EnableSync(ctx, "dev-joining", map[string]string{store.MetaSyncURL: "https://sync.test", store.MetaSyncToken: "tok", store.MetaSyncCursor: "0"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.AdoptCopy(ctx, path, 42); err != nil {
		t.Fatal(err)
	}
	got := openAt(t, path, &fakeClock{t: time.Now()})
	for k, want := range map[string]string{store.MetaSyncURL: "https://sync.test", store.MetaSyncToken: "tok", store.MetaSyncCursor: "42", store.MetaSyncDeviceID: "dev-joining"} {
		if v, _ := got.LocalMeta(ctx, k); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
	if got.WorkstationID() != ws.WorkstationID() {
		t.Errorf("workstation id %s, want the workstation's %s", got.WorkstationID(), ws.WorkstationID())
	}
	if h := got.Clock().Now(); h.String() <= builder.Clock().Last().String() || h.Device != "dev-joining" {
		t.Errorf("clock %s after the copy's %s", h, builder.Clock().Last())
	}
	if n := count(t, got, `SELECT COUNT(*) FROM workspaces`); n != 20 {
		t.Errorf("%d workspaces in the adopted copy", n)
	}
}

// A damaged copy, or one from a newer schema, is refused.
func TestAdoptCopyRefusesADamagedOrNewerFile(t *testing.T) {
	ctx := context.Background()
	ws := openAt(t, filepath.Join(t.TempDir(), store.FileName), &fakeClock{t: time.Now()})

	path, _ := copyOf(t, 3000)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	garbage := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	if _, err := f.WriteAt(garbage, (fi.Size()/2)&^4095); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := ws.AdoptCopy(ctx, path, 1); err == nil {
		t.Fatal("a damaged copy was adopted")
	}

	path, _ = copyOf(t, 1)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, 'future.sql', '')`, store.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if err := ws.AdoptCopy(ctx, path, 1); !errors.Is(err, store.ErrCopyNewer) {
		t.Fatalf("a copy of a newer schema: %v", err)
	}
}
