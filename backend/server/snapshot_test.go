package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/syncwire"
)

// GET /v1/snapshot (outside the pinned contract) serves the organization's ready copy to an
// enrolled device: 404 before one is published, the file with its cursor, schema version,
// size and SHA-256 after, a Range request answered with that part only (a cut download
// resumes), and 401 to no token, an unknown one or a revoked device.
func TestTheSnapshotIsServedToEnrolledDevicesOnly(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		b := newClient(t, o.srv, "desk b").as(adminID)
		if st, body := b.do("GET", "/v1/snapshot", nil, nil); st != 404 || errCode(t, body) != "not_found" {
			t.Fatalf("before any copy: %d %s", st, body)
		}
		info, err := o.srv.Snapshots.Build(context.Background())
		if err != nil || info == nil {
			t.Fatalf("build: %v %v", info, err)
		}
		if info.Cursor != 11 || info.Schema != store.SchemaVersion() {
			t.Fatalf("copy at cursor %d, schema %d; want 11, %d", info.Cursor, info.Schema, store.SchemaVersion())
		}
		st, body := b.do("GET", "/v1/snapshot", nil, nil)
		if st != 200 || int64(len(body)) != info.Size || !bytes.HasPrefix(body, []byte("SQLite format 3\x00")) {
			t.Fatalf("snapshot: %d, %d bytes (want %d)", st, len(body), info.Size)
		}
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != info.SHA256 {
			t.Fatalf("the file served is not the one described")
		}
		resp := getSnapshot(t, o.srv.URL, b.token, map[string]string{"Range": "bytes=4096-"})
		if resp.status != 206 || !bytes.Equal(resp.body, body[4096:]) {
			t.Fatalf("range: %d, %d bytes", resp.status, len(resp.body))
		}
		for k, want := range map[string]string{
			syncwire.SnapshotCursorHeader: "11", syncwire.SnapshotSchemaHeader: strconv.Itoa(store.SchemaVersion()),
			syncwire.SnapshotSizeHeader: strconv.FormatInt(info.Size, 10), syncwire.SnapshotSHA256Header: info.SHA256,
			"ETag": `"` + info.SHA256 + `"`, "Content-Encoding": "",
		} {
			if got := resp.hdr.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
		for _, c := range []*client{{t: t, url: o.srv.URL}, {t: t, url: o.srv.URL, token: "not-a-token"}} {
			if st, body := c.do("GET", "/v1/snapshot", nil, nil); st != 401 || errCode(t, body) != syncwire.CodeUnauthenticated {
				t.Fatalf("snapshot without a valid token: %d %s", st, body)
			}
		}
		if st, body := o.owner.do("POST", "/v1/devices/"+b.dev+"/revoke", nil, map[string]string{syncwire.ActorHeader: ownerID}); st != 200 {
			t.Fatalf("revoke: %d %s", st, body)
		}
		if st, body := b.do("GET", "/v1/snapshot", nil, nil); st != 401 || bytes.HasPrefix(body, []byte("SQLite")) {
			t.Fatalf("a revoked device read the copy: %d", st)
		}
	})
}

// The builder catches up from the cursor kept in its own file, publishes a new copy only
// when the log grew enough since the last one, and keeps the newest two.
func TestTheSnapshotCatchesUpAndKeepsTwoCopies(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrgOpts(t, dsn, servertest.Options{Snapshots: server.SnapshotConfig{MinGrowth: 2}})
		ctx := context.Background()
		if _, err := o.srv.Snapshots.Build(ctx); err != nil {
			t.Fatal(err)
		}
		// Below the growth threshold: caught up, nothing published.
		o.owner.mustAccept(o.owner.change("workspaces", "w3", map[string]any{"name": "East"}))
		if info, err := o.srv.Snapshots.Build(ctx); err != nil || info != nil {
			t.Fatalf("a copy for one more change: %v %v", info, err)
		}
		o.srv.Restart(t)
		// After a restart the builder goes on from its own cursor.
		build := filepath.Join(o.srv.Snapshots.Dir(), "build.db")
		if cur := metaOf(t, build, store.MetaSyncCursor); cur != "12" {
			t.Fatalf("builder cursor after a restart: %q", cur)
		}
		for i := range 3 {
			o.owner.mustAccept(o.owner.change("workspaces", "w3", map[string]any{"name": "East " + strconv.Itoa(i)}),
				o.owner.change("workspaces", "w2", map[string]any{"name": "South " + strconv.Itoa(i)}))
			info, err := o.srv.Snapshots.Build(ctx)
			if err != nil || info == nil || info.Cursor != int64(14+2*i) {
				t.Fatalf("copy %d: %+v %v", i, info, err)
			}
		}
		files, _ := filepath.Glob(filepath.Join(o.srv.Snapshots.Dir(), "snapshot-*.db"))
		if len(files) != 2 {
			t.Fatalf("copies kept: %v", files)
		}
		latest, err := o.srv.Snapshots.Latest()
		if err != nil || latest.Cursor != 18 {
			t.Fatalf("latest: %+v %v", latest, err)
		}
	})
}

func metaOf(t *testing.T, path, key string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "read.db")
	if err := store.CopyDatabase(context.Background(), path, dst, nil); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dst, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.LocalMeta(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type answer struct {
	status int
	hdr    http.Header
	body   []byte
}

func getSnapshot(t *testing.T, url, token string, hdr map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest("GET", url+"/v1/snapshot", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}
