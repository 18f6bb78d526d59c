package server_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/syncwire"
)

// The same storage suite runs against both implementations.
func TestStorageSuite(t *testing.T) {
	open := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "s.db") },
		"postgres": func(t *testing.T) string { return pgtest.NewDatabase(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := open[name](t)
			ctx := context.Background()
			st, err := server.OpenStorage(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			t.Run("migrate is idempotent and keeps the org id", func(t *testing.T) {
				org, _ := st.OrgID(ctx)
				again, err := server.OpenStorage(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				org2, _ := again.OrgID(ctx)
				again.Close()
				if org == "" || org != org2 {
					t.Fatalf("org id %q then %q", org, org2)
				}
			})
			t.Run("rows, unique keys, memberships and the log", func(t *testing.T) { storageRows(t, st) })
			t.Run("a failed write leaves nothing", func(t *testing.T) { storageRollback(t, st) })
			t.Run("enrollment codes are one-time under races", func(t *testing.T) { storageEnrollRace(t, st) })
			t.Run("concurrent writers get gap-free positions", func(t *testing.T) { storagePositions(t, st) })
			t.Run("the head is the last committed position", func(t *testing.T) { storageHead(t, st) })
			t.Run("key envelopes are scrubbed on upgrade and on expiry", func(t *testing.T) { storageEnvelopes(t, st, dsn) })
			t.Run("superseded sealed values are scrubbed on upgrade", func(t *testing.T) { storageSealed(t, st, dsn) })
		})
	}
}

func storageRows(t *testing.T, st server.Storage) {
	ctx := context.Background()
	row := syncwire.RowState{Tomb: "", Fields: map[string]syncwire.FieldState{"username": {Value: enc("ana"), HLC: "1"}}}
	err := st.Write(ctx, func(tx server.Tx) error {
		if any, _ := tx.AnyRow("users"); any {
			t.Error("AnyRow on an empty table")
		}
		if err := tx.SaveRow("users", "u1", row); err != nil {
			return err
		}
		got, found, err := tx.Row("users", "u1")
		if err != nil || !found || !syncwire.Equal(got, row) {
			t.Errorf("Row = %+v %v %v", got, found, err)
		}
		if _, found, _ := tx.Row("users", "u2"); found {
			t.Error("unknown row found")
		}
		many := map[string]syncwire.RowState{}
		var ids []string
		for i := 0; i < 700; i++ { // more than one multi-row statement
			id := fmt.Sprintf("c%03d", i)
			ids = append(ids, id)
			many[id] = syncwire.RowState{Tomb: fmt.Sprint(i), Fields: map[string]syncwire.FieldState{"name": {Value: enc(id), HLC: "2"}}}
		}
		if err := tx.SaveRows("clients", many); err != nil {
			return err
		}
		all, err := tx.Rows("clients", append(ids, "missing"))
		if err != nil || len(all) != 700 || !syncwire.Equal(all["c650"], many["c650"]) {
			t.Errorf("Rows: %d rows, %v", len(all), err)
		}
		if err := tx.SetUnique("users", "u1", map[string]string{"username": "ana", "email": "a@x"}); err != nil {
			return err
		}
		if id, ok, _ := tx.UniqueHolder("users", "email", "a@x"); !ok || id != "u1" {
			t.Errorf("UniqueHolder = %q %v", id, ok)
		}
		if err := tx.SetUnique("users", "u1", nil); err != nil {
			return err
		}
		if _, ok, _ := tx.UniqueHolder("users", "email", "a@x"); ok {
			t.Error("key kept after SetUnique(nil)")
		}
		if err := tx.SetMembership("m1", "u1", "w2", true); err != nil {
			return err
		}
		if err := tx.SetMembership("m2", "u1", "w1", true); err != nil {
			return err
		}
		if err := tx.SetMembership("m3", "u9", "w3", true); err != nil {
			return err
		}
		if err := tx.SetMembership("m3", "u9", "w3", false); err != nil {
			return err
		}
		if ws, _ := tx.UserWorkspaces("u1"); fmt.Sprint(ws) != "[w1 w2]" {
			t.Errorf("UserWorkspaces = %v", ws)
		}
		if ws, _ := tx.UserWorkspaces("u9"); len(ws) != 0 {
			t.Errorf("forgotten membership: %v", ws)
		}
		last, err := tx.AppendLog([][]byte{[]byte(`{"n":1}`), []byte(`{"n":2}`), []byte(`{"n":3}`)})
		if err != nil || last != 3 {
			t.Errorf("AppendLog = %d %v", last, err)
		}
		return tx.SaveBatch("b1", "d1", []byte(`{"accepted":3}`), time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	ch, last, more, err := st.Pull(ctx, 1, 1)
	if err != nil || len(ch) != 1 || string(ch[0]) != `{"n":2}` || last != 2 || !more {
		t.Fatalf("Pull(1,1) = %s %d %v %v", ch, last, more, err)
	}
	ch, last, more, _ = st.Pull(ctx, 2, 10)
	if len(ch) != 1 || last != 3 || more {
		t.Fatalf("Pull(2,10) = %s %d %v", ch, last, more)
	}
	if err := st.Write(ctx, func(tx server.Tx) error {
		dev, ans, found, _ := tx.Batch("b1")
		if !found || dev != "d1" || string(ans) != `{"accepted":3}` {
			t.Errorf("Batch = %q %s %v", dev, ans, found)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func storageRollback(t *testing.T, st server.Storage) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.Write(ctx, func(tx server.Tx) error {
		if err := tx.SaveRow("workspaces", "w-rb", syncwire.RowState{Fields: map[string]syncwire.FieldState{"name": {Value: enc("x"), HLC: "1"}}}); err != nil {
			return err
		}
		if err := tx.SetUnique("users", "u-rb", map[string]string{"username": "rb"}); err != nil {
			return err
		}
		if _, err := tx.AppendLog([][]byte{[]byte(`{"rb":1}`)}); err != nil {
			return err
		}
		if err := tx.SaveBatch("b-rb", "d1", []byte(`{}`), time.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v", err)
	}
	if err := st.Write(ctx, func(tx server.Tx) error {
		if _, found, _ := tx.Row("workspaces", "w-rb"); found {
			t.Error("row of a failed write kept")
		}
		if _, ok, _ := tx.UniqueHolder("users", "username", "rb"); ok {
			t.Error("unique key of a failed write kept")
		}
		if _, _, found, _ := tx.Batch("b-rb"); found {
			t.Error("batch of a failed write kept")
		}
		if p, _ := tx.LastPos(); p != 3 {
			t.Errorf("log position %d after a failed write, want 3", p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func storageEnrollRace(t *testing.T, st server.Storage) {
	ctx := context.Background()
	now := time.Now()
	if err := st.AddEnrollCode(ctx, "hash-race", now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.AddEnrollCode(ctx, "hash-old", now.Add(-2*time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := st.Enroll(ctx, "hash-race", now, server.DeviceRec{ID: fmt.Sprintf("d-race-%d", i), Name: "x", TokenHash: fmt.Sprintf("tok-race-%d", i), CreatedAt: now})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d enrollments with one code", ok)
	}
	if err := st.Enroll(ctx, "hash-old", now, server.DeviceRec{ID: "d-old", Name: "x", TokenHash: "tok-old", CreatedAt: now}); !errors.Is(err, server.ErrNotFound) {
		t.Fatalf("expired code: %v", err)
	}
	devs, _ := st.Devices(ctx)
	var id string
	for _, d := range devs {
		if d.Name == "x" {
			id = d.ID
		}
	}
	if d, err := st.DeviceByTokenHash(ctx, "tok-race-"+id[len("d-race-"):]); err != nil || d.ID != id || !d.RevokedAt.IsZero() {
		t.Fatalf("DeviceByTokenHash = %+v %v", d, err)
	}
	if err := st.RevokeDevice(ctx, id, now); err != nil {
		t.Fatal(err)
	}
	if d, _ := st.DeviceByTokenHash(ctx, "tok-race-"+id[len("d-race-"):]); d.RevokedAt.IsZero() {
		t.Fatal("revocation not stored")
	}
	if err := st.RevokeDevice(ctx, "nope", now); !errors.Is(err, server.ErrNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
}

// Writers racing on the same database get consecutive positions, and a reader polling
// meanwhile never sees a position appear behind one it already passed.
func storagePositions(t *testing.T, st server.Storage) {
	ctx := context.Background()
	_, start, _, _ := st.Pull(ctx, 0, 1<<20)
	stop := make(chan struct{})
	var seen []int64
	readerDone := make(chan error, 1)
	go func() {
		cursor := start
		for {
			ch, last, _, err := st.Pull(ctx, cursor, 1000)
			if err != nil {
				readerDone <- err
				return
			}
			for i := range ch {
				seen = append(seen, cursor+int64(i)+1)
			}
			if len(ch) > 0 && last != cursor+int64(len(ch)) {
				readerDone <- fmt.Errorf("gap: after %d got %d changes up to %d", cursor, len(ch), last)
				return
			}
			cursor = last
			select {
			case <-stop:
				if ch, _, _, _ := st.Pull(ctx, cursor, 1); len(ch) == 0 {
					readerDone <- nil
					return
				}
			default:
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if err := st.Write(ctx, func(tx server.Tx) error {
					_, err := tx.AppendLog([][]byte{[]byte(`{}`), []byte(`{}`)})
					return err
				}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	if err := <-readerDone; err != nil {
		t.Fatal(err)
	}
	if len(seen) != 80 {
		t.Fatalf("reader saw %d of 80 changes", len(seen))
	}
}

// storageHead: Head is the last position a committed write appended — not one a failed write
// took, nor one a write still open holds (read while it holds the write lock, without
// waiting for it) — and where a pull from 0 ends.
func storageHead(t *testing.T, st server.Storage) {
	ctx := context.Background()
	before, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := st.Write(ctx, func(tx server.Tx) error {
		if _, err := tx.AppendLog([][]byte{[]byte(`{}`), []byte(`{}`)}); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("write: %v", err)
	}
	var inside, appended int64
	if err := st.Write(ctx, func(tx server.Tx) error {
		p, err := tx.AppendLog([][]byte{[]byte(`{}`), []byte(`{}`), []byte(`{}`)})
		appended = p
		if err != nil {
			return err
		}
		hctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		inside, err = st.Head(hctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	after, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, _, err := st.Pull(ctx, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if inside != before || after != before+3 || after != appended || after != last {
		t.Fatalf("head %d, during the write %d, after it %d (appended up to %d, a pull ends at %d)", before, inside, after, appended, last)
	}
}
