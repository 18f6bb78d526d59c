package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

// Whatever a device sends to /v1/push, the server answers 200 with a well-formed answer or a
// coded 4xx, never a 5xx, and a repeated body gets the same answer.
func FuzzPushHandler(f *testing.F) {
	st, err := server.OpenStorage(context.Background(), "sqlite:"+filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	h := server.New(server.Config{Storage: st, Log: zerolog.Nop()})
	code, _, _ := server.NewEnrollCode(context.Background(), st, time.Now())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/enroll", strings.NewReader(`{"code":"`+code+`","device_name":"fuzz"}`)))
	var dev syncwire.EnrollResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &dev); err != nil {
		f.Fatal(err)
	}
	hlc := syncwire.HLC{Millis: time.Now().UnixMilli(), Device: dev.DeviceID}.String()
	ch := func(table, id, fields string, deleted bool) string {
		d := "false"
		if deleted {
			d = "true"
		}
		return `{"table":"` + table + `","id":"` + id + `","hlc":"` + hlc + `","deleted":` + d + `,"fields":` + fields + `,"device_id":"` + dev.DeviceID + `","actor_id":"u1"}`
	}
	f.Add([]byte(`{"batch_id":"b1","changes":[` + ch("users", "u1", `{"username":"a","email":"a@x","first_name":"A","last_name":"B","role":"owner","profile_id":null,"active":true}`, false) + `]}`))
	f.Add([]byte(`{"batch_id":"b2","changes":[` + ch("clients", "c1", `{"name":"x","workspace_id":"w"}`, false) + `,` + ch("clients", "c1", `{}`, true) + `]}`))
	f.Add([]byte(`{"batch_id":"b3","changes":[` + ch("users", "u2", `{"username":"A","active":"x","idle_minutes":1.5}`, false) + `]}`))
	f.Add([]byte(`{"batch_id":"b4","changes":[` + ch("avatars", "sha256:1", `{"mime":"image/png","large":"AAE=","small":"!!"}`, false) + `]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		send := func() (int, []byte) {
			req := httptest.NewRequest("POST", "/v1/push", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+dev.Token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code, rec.Body.Bytes()
		}
		st1, b1 := send()
		if st1 >= 500 {
			t.Fatalf("%d %s", st1, b1)
		}
		if st1 != http.StatusOK {
			var e syncwire.ErrorResponse
			if json.Unmarshal(b1, &e) != nil || e.Code == "" {
				t.Fatalf("%d without a coded error: %s", st1, b1)
			}
			return
		}
		var r syncwire.PushResponse
		if err := json.Unmarshal(b1, &r); err != nil || r.Rejected == nil {
			t.Fatalf("answer %s: %v", b1, err)
		}
		if st2, b2 := send(); st2 != 200 || !bytes.Equal(b1, b2) {
			t.Fatalf("repeat answered %d %s, first %s", st2, b2, b1)
		}
	})
}
