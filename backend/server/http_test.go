package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/syncwire"
)

func TestHealthz(t *testing.T) {
	srv := servertest.Start(t, "")
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", resp.StatusCode, b)
	}
}

func TestEnrollmentCodesAreOneTime(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		srv := servertest.Start(t, dsn)
		anon := &client{t: t, url: srv.URL}
		code := srv.EnrollCode(t)
		st, b := anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: code, DeviceName: "Front desk"}), nil)
		var out syncwire.EnrollResponse
		if st != 200 || json.Unmarshal(b, &out) != nil || !syncwire.ValidID(out.DeviceID) || len(out.Token) < 40 || out.OrgID == "" {
			t.Fatalf("enroll: %d %s", st, b)
		}
		// The same code again, typed in lower case: used.
		if st, b := anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: strings.ToLower(code), DeviceName: "Other"}), nil); st != 401 {
			t.Fatalf("reused code: %d %s", st, b)
		}
		if st, _ := anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: "AAAA-BBBB-CCCC-DDDD", DeviceName: "x"}), nil); st != 401 {
			t.Fatalf("unknown code: %d", st)
		}
		// A code typed with spaces instead of dashes still works.
		code2 := srv.EnrollCode(t)
		if st, b := anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: strings.ReplaceAll(code2, "-", " "), DeviceName: "Back office"}), nil); st != 200 {
			t.Fatalf("code with spaces: %d %s", st, b)
		}
		for _, bad := range []string{`{"code":"x"}`, `not json`, `{"code":"x","device_name":"d","extra":1}`} {
			if st, b := anon.do("POST", "/v1/enroll", []byte(bad), nil); st != 400 || errCode(t, b) != syncwire.CodeMalformed {
				t.Fatalf("enroll %s: %d %s", bad, st, b)
			}
		}
		// The device works with its token; the org id is the server's, the same for everyone.
		c := &client{t: t, url: srv.URL, token: out.Token, dev: out.DeviceID}
		if r := c.pull(0, 10); len(r.Changes) != 0 || r.More {
			t.Fatalf("empty server pull: %+v", r)
		}
	})
}

func TestUnknownAndRevokedTokensGet401(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		other := newClient(t, o.srv, "second desk").as(adminID)
		for _, c := range []*client{{t: t, url: o.srv.URL}, {t: t, url: o.srv.URL, token: "not-a-token"}} {
			if st, b := c.do("GET", "/v1/pull?after=0", nil, nil); st != 401 || errCode(t, b) != syncwire.CodeUnauthenticated {
				t.Fatalf("pull without a valid token: %d %s", st, b)
			}
			if st, _ := c.pushRaw(newBatch()); st != 401 {
				t.Fatalf("push without a valid token: %d", st)
			}
		}
		// The Owner revokes the second desk: it gets 401 and nothing more.
		hdr := map[string]string{syncwire.ActorHeader: ownerID}
		if st, b := o.owner.do("POST", "/v1/devices/"+other.dev+"/revoke", nil, hdr); st != 200 {
			t.Fatalf("revoke: %d %s", st, b)
		}
		if st, b := other.do("GET", "/v1/pull?after=0", nil, nil); st != 401 || bytes.Contains(b, []byte("users")) {
			t.Fatalf("revoked device pulled: %d %s", st, b)
		}
		if st, _ := other.pushRaw(newBatch(), other.change("workspaces", "w9", map[string]any{"name": "x"})); st != 401 {
			t.Fatalf("revoked device pushed: %d", st)
		}
		if _, all := o.owner.pullAll(); len(all) != 11 {
			t.Fatalf("a revoked device's push left changes: %d", len(all))
		}
	})
}

func TestPushPullRoundTripWithPagingAndCursor(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		b := newClient(t, o.srv, "desk b").as(adminID)
		r1 := b.pull(0, 4)
		if len(r1.Changes) != 4 || !r1.More || r1.Cursor == 0 {
			t.Fatalf("first page: %d changes, more=%v cursor=%d", len(r1.Changes), r1.More, r1.Cursor)
		}
		// The Owner's row came first although it was not first in the batch.
		if r1.Changes[0].Table != "users" || r1.Changes[0].ID != ownerID {
			t.Fatalf("first change %s/%s", r1.Changes[0].Table, r1.Changes[0].ID)
		}
		r2 := b.pull(r1.Cursor, 100)
		if len(r2.Changes) != 7 || r2.More {
			t.Fatalf("second page: %d changes, more=%v", len(r2.Changes), r2.More)
		}
		if r3 := b.pull(r2.Cursor, 100); len(r3.Changes) != 0 || r3.More || r3.Cursor != r2.Cursor {
			t.Fatalf("after the end: %+v", r3)
		}
		// Limits: capped, at least 1; cursor must be a non-negative integer.
		for _, q := range []string{"after=-1", "after=x", "limit=0", "limit=abc"} {
			if st, body := b.do("GET", "/v1/pull?"+q, nil, nil); st != 400 || errCode(t, body) != syncwire.CodeMalformed {
				t.Fatalf("pull?%s: %d %s", q, st, body)
			}
		}
		if r := b.pull(0, 1000000); len(r.Changes) != 11 {
			t.Fatalf("huge limit: %d", len(r.Changes))
		}
		// A change from b reaches the owner's desk, with b's device and actor.
		b.mustAccept(b.change("users", agentA, map[string]any{"phone": "+34 600 000 000"}))
		rep, all := o.owner.pullAll()
		last := all[len(all)-1]
		if last.DeviceID != b.dev || last.ActorID != adminID || string(rep["users/"+agentA].Fields["phone"].Value) != `"+34 600 000 000"` {
			t.Fatalf("change from b: %+v", last)
		}
	})
}

func TestPartialInsertGetsSchemaDefaultsAndHLCTimes(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		ch := c.change("users", "u-partial", userFields("partial", "agent", "p-agent"))
		c.mustAccept(ch)
		h, _ := syncwire.ParseHLC(ch.HLC)
		rep, _ := c.pullAll()
		got := rep["users/u-partial"].Values()
		want := map[string]string{"created_at": string(enc(syncwire.TimeText(h.Time()))), "updated_at": string(enc(syncwire.TimeText(h.Time()))),
			"language": `"es"`, "theme": `"system"`, "status": `"active"`, "presence": `"offline"`, "must_change_password": "false",
			"invited": "false", "idle_minutes": "0", "password_hash": `""`, "skills": `"[]"`, "username": `"partial"`, "active": "true"}
		for k, v := range want {
			if string(got[k]) != v {
				t.Errorf("%s = %s, want %s", k, got[k], v)
			}
		}
		users, _ := syncwire.LookupTable("users")
		if len(got) != len(users.Columns) {
			t.Errorf("pulled row has %d columns, the schema %d", len(got), len(users.Columns))
		}
		// A creating change that lacks a column without default is rejected, naming it.
		if r := c.rejected(c.change("users", "u-nameless", map[string]any{"username": "nameless", "role": "agent"})); r.Code != syncwire.CodeRequired || r.Field != "email" {
			t.Fatalf("missing columns: %+v", r)
		}
		// A later partial update does not reset the other columns to defaults.
		c.mustAccept(c.change("users", "u-partial", map[string]any{"language": "pl"}))
		rep, _ = c.pullAll()
		if v := rep["users/u-partial"].Values(); string(v["language"]) != `"pl"` || string(v["username"]) != `"partial"` {
			t.Fatalf("after update: %s %s", v["language"], v["username"])
		}
	})
}

func TestUnknownTableOrColumnIsRejectedAndTheRestApplies(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		r := c.push(
			c.change("sessions", "s1", map[string]any{"user_id": ownerID}),
			c.change("users", agentA, map[string]any{"shoe_size": 42}),
			c.change("users", agentA, map[string]any{"phone": "555"}),
			c.change("users", agentA, map[string]any{"active": "yes"}),
		)
		want := []syncwire.Rejected{
			{ID: "s1", Table: "sessions", Code: syncwire.CodeUnknownField},
			{ID: agentA, Table: "users", Code: syncwire.CodeUnknownField, Field: "shoe_size"},
			{ID: agentA, Table: "users", Code: syncwire.CodeInvalidValue, Field: "active"},
		}
		if r.Accepted != 1 || len(r.Rejected) != 3 {
			t.Fatalf("answer %+v", r)
		}
		for i := range want {
			if r.Rejected[i] != want[i] {
				t.Errorf("rejected[%d] = %+v, want %+v", i, r.Rejected[i], want[i])
			}
		}
		rep, _ := c.pullAll()
		if _, ok := rep["sessions/s1"]; ok {
			t.Fatal("an unknown table's change was stored")
		}
		if v := rep["users/"+agentA].Values(); string(v["phone"]) != `"555"` || string(v["active"]) != "true" {
			t.Fatalf("agent row: phone %s active %s", v["phone"], v["active"])
		}
	})
}

func TestUsernameAndEmailUniqueCaseInsensitiveAmongLiveRows(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		dup := userFields("AgentA", "agent", "p-agent")
		dup["email"] = "new@example.org"
		if r := c.rejected(c.change("users", "u-dup", dup)); r.Code != syncwire.CodeConflictUnique || r.Field != "username" || r.ID != "u-dup" {
			t.Fatalf("duplicate username: %+v", r)
		}
		dup2 := userFields("fresh", "agent", "p-agent")
		dup2["email"] = "AGENTB@example.org"
		if r := c.rejected(c.change("users", "u-dup", dup2)); r.Code != syncwire.CodeConflictUnique || r.Field != "email" {
			t.Fatalf("duplicate email: %+v", r)
		}
		// Renaming an existing user onto another's name is the same conflict.
		if r := c.rejected(c.change("users", agentB, map[string]any{"username": "AGENTA"})); r.Code != syncwire.CodeConflictUnique {
			t.Fatalf("rename onto a taken name: %+v", r)
		}
		// Once agent A is deleted its name is free again.
		del := c.change("users", agentA, nil)
		del.Deleted = true
		c.mustAccept(del)
		c.mustAccept(c.change("users", "u-dup", dup))
		// The rejected changes left nothing behind.
		rep, _ := c.pullAll()
		if v := rep["users/"+agentB].Values(); string(v["username"]) != `"agentb"` {
			t.Fatalf("rejected rename applied: %s", v["username"])
		}
	})
}

func TestDeviceMismatchIs400AndNothingApplies(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		good := c.change("workspaces", "w3", map[string]any{"name": "East"})
		other := c.change("workspaces", "w4", map[string]any{"name": "West"})
		other.DeviceID = "someone-else"
		st, b := c.pushRaw(newBatch(), good, other)
		if st != 400 || errCode(t, b) != syncwire.CodeDeviceMismatch {
			t.Fatalf("device_id mismatch: %d %s", st, b)
		}
		// The hlc's device part must be the token's device too.
		h, _ := syncwire.ParseHLC(good.HLC)
		h.Device = "someone-else"
		stamped := c.change("workspaces", "w5", map[string]any{"name": "x"})
		stamped.HLC = h.String()
		if st, b := c.pushRaw(newBatch(), stamped); st != 400 || errCode(t, b) != syncwire.CodeDeviceMismatch {
			t.Fatalf("hlc device mismatch: %d %s", st, b)
		}
		rep, _ := c.pullAll()
		for _, k := range []string{"workspaces/w3", "workspaces/w4", "workspaces/w5"} {
			if _, ok := rep[k]; ok {
				t.Fatalf("%s applied from a refused batch", k)
			}
		}
	})
}

func TestMalformedBodiesAre400WithACodeAndNothingHalfApplied(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		good := c.change("workspaces", "w3", map[string]any{"name": "East"})
		badID := c.change("workspaces", "bad id", map[string]any{"name": "x"})
		badHLC := c.change("workspaces", "w6", map[string]any{"name": "x"})
		badHLC.HLC = strings.Replace(badHLC.HLC, "-0", "-+", 1)
		for name, body := range map[string][]byte{
			"not json":      []byte("{"),
			"array":         []byte("[]"),
			"no batch":      enc(map[string]any{"changes": []any{}}),
			"bad id":        enc(syncwire.PushRequest{BatchID: "b1", Changes: []syncwire.Change{good, badID}}),
			"bad hlc":       enc(syncwire.PushRequest{BatchID: "b2", Changes: []syncwire.Change{good, badHLC}}),
			"unknown key":   []byte(`{"batch_id":"b3","changes":[],"extra":true}`),
			"trailing data": []byte(`{"batch_id":"b4","changes":[]} {}`),
		} {
			st, b := c.do("POST", "/v1/push", body, nil)
			if st != 400 || errCode(t, b) != syncwire.CodeMalformed {
				t.Errorf("%s: %d %s", name, st, b)
			}
		}
		if st, b := c.do("POST", "/v1/push", []byte("not gzip"), map[string]string{"Content-Encoding": "gzip"}); st != 400 {
			t.Errorf("bad gzip: %d %s", st, b)
		}
		rep, _ := c.pullAll()
		if _, ok := rep["workspaces/w3"]; ok {
			t.Fatal("the good change of a malformed batch was applied")
		}
	})
}

func TestStampTooFarAheadIsRejected(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		c.offset = 6 * time.Minute
		if r := c.rejected(c.change("workspaces", "w-future", map[string]any{"name": "Future"})); r.Code != syncwire.CodeHLCAhead || r.Field != "hlc" {
			t.Fatalf("6 minutes ahead: %+v", r)
		}
		c.offset = 4 * time.Minute
		c.mustAccept(c.change("workspaces", "w-soon", map[string]any{"name": "Soon"}))
	})
}

func TestRepeatedBatchGetsTheSameAnswerAndChangesNothing(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		c := o.owner
		id := newBatch()
		chs := []syncwire.Change{
			c.change("workspaces", "w3", map[string]any{"name": "East"}),
			c.change("users", "u-x", map[string]any{"username": "agenta"}), // conflict
		}
		st1, b1 := c.pushRaw(id, chs...)
		_, before := c.pullAll()
		// The resend (after a lost answer) even carries other content: the stored answer wins.
		chs[0].Fields["name"] = enc("Changed")
		st2, b2 := c.pushRaw(id, chs...)
		_, after := c.pullAll()
		if st1 != 200 || st2 != 200 || !bytes.Equal(b1, b2) {
			t.Fatalf("answers differ: %d %s / %d %s", st1, b1, st2, b2)
		}
		if len(after) != len(before) {
			t.Fatalf("resend added %d changes", len(after)-len(before))
		}
		var r syncwire.PushResponse
		if err := json.Unmarshal(b1, &r); err != nil {
			t.Fatal(err)
		}
		if r.Accepted != 1 || len(r.Rejected) != 1 || r.Cursor != int64(len(before)) {
			t.Fatalf("answer %+v (log %d)", r, len(before))
		}
		// Another device may not reuse the batch id.
		d := newClient(t, o.srv, "other").as(ownerID)
		if st, b := d.pushRaw(id, d.change("workspaces", "w9", map[string]any{"name": "x"})); st != 400 {
			t.Fatalf("batch id of another device: %d %s", st, b)
		}
	})
}

func TestGzipRequestAndResponse(t *testing.T) {
	o := newOrg(t, "")
	c := o.owner
	body := enc(syncwire.PushRequest{BatchID: newBatch(), Changes: []syncwire.Change{c.change("workspaces", "w-gz", map[string]any{"name": strings.Repeat("z", 3000)})}})
	if st, b := c.do("POST", "/v1/push", gz(body), map[string]string{"Content-Encoding": "gzip"}); st != 200 {
		t.Fatalf("gzip push: %d %s", st, b)
	}
	req, _ := http.NewRequest("GET", o.srv.URL+"/v1/pull?after=0", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Encoding") != "gzip" || len(raw) > 3000 {
		t.Fatalf("pull not gzipped: %q, %d bytes", resp.Header.Get("Content-Encoding"), len(raw))
	}
	// A request body over the limit is refused; so is a gzip body that inflates past its
	// limit (the limits lowered here to 1 and 2 MiB from 32 and 64 to keep the test fast).
	small := servertest.StartWith(t, "", servertest.Options{MaxBody: 1 << 20, MaxInflated: 2 << 20})
	sc := newClient(t, small, "desk")
	huge := bytes.Repeat([]byte(" "), 1<<20+1)
	if st, b := sc.do("POST", "/v1/push", huge, nil); st != 413 || errCode(t, b) != syncwire.CodeTooLarge {
		t.Fatalf("body over the limit: %d %s", st, b)
	}
	bomb := gz(append(append([]byte(`{"batch_id":"b","changes":[]`), bytes.Repeat([]byte(" "), 2<<20)...), '}'))
	if st, b := sc.do("POST", "/v1/push", bomb, map[string]string{"Content-Encoding": "gzip"}); st != 413 || errCode(t, b) != syncwire.CodeTooLarge || len(bomb) > 1<<20 {
		t.Fatalf("gzip bomb: %d %s", st, b)
	}
	// And a batch of more than 10,000 changes (at the real limits).
	many := make([]syncwire.Change, syncwire.MaxBatchChanges+1)
	for i := range many {
		many[i] = c.change("workspaces", "w-many", map[string]any{"name": "x"})
	}
	if st, b := c.pushRaw(newBatch(), many...); st != 413 || errCode(t, b) != syncwire.CodeTooLarge {
		t.Fatalf("10,001 changes: %d %s", st, b)
	}
}

func TestOwnerCreatesCodesListsAndRevokesDevices(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		owner := map[string]string{syncwire.ActorHeader: ownerID}
		st, b := o.owner.do("POST", "/v1/enroll-codes", nil, owner)
		var code syncwire.EnrollCodeResponse
		if st != 200 || json.Unmarshal(b, &code) != nil || code.Code == "" {
			t.Fatalf("enroll-codes: %d %s", st, b)
		}
		anon := &client{t: t, url: o.srv.URL}
		st, b = anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: code.Code, DeviceName: "Reception"}), nil)
		var dev syncwire.EnrollResponse
		if st != 200 || json.Unmarshal(b, &dev) != nil {
			t.Fatalf("enroll with the app's code: %d %s", st, b)
		}
		// Nobody but the active Owner: an administrator, an unknown user, no header.
		for _, h := range []map[string]string{{syncwire.ActorHeader: adminID}, {syncwire.ActorHeader: "nobody"}} {
			for _, p := range []string{"/v1/enroll-codes", "/v1/devices/" + dev.DeviceID + "/revoke"} {
				if st, _ := o.owner.do("POST", p, nil, h); st != 403 {
					t.Fatalf("%s as %v: %d", p, h, st)
				}
			}
			if st, _ := o.owner.do("GET", "/v1/devices", nil, h); st != 403 {
				t.Fatalf("devices as %v: %d", h, st)
			}
		}
		if st, _ := o.owner.do("GET", "/v1/devices", nil, nil); st != 400 {
			t.Fatalf("devices without actor: %d", st)
		}
		st, b = o.owner.do("GET", "/v1/devices", nil, owner)
		var list syncwire.DevicesResponse
		if st != 200 || json.Unmarshal(b, &list) != nil || len(list.Devices) != 2 {
			t.Fatalf("devices: %d %s", st, b)
		}
		for _, d := range list.Devices {
			if d.LastSeenAt == "" || d.Revoked || d.Name == "" {
				t.Fatalf("device %+v", d)
			}
			if bytes.Contains(b, []byte(dev.Token)) {
				t.Fatal("device list shows a token")
			}
		}
		if st, _ := o.owner.do("POST", "/v1/devices/nope/revoke", nil, owner); st != 404 {
			t.Fatalf("revoke unknown: %d", st)
		}
		if st, _ := o.owner.do("POST", "/v1/devices/"+dev.DeviceID+"/revoke", nil, owner); st != 200 {
			t.Fatalf("revoke: %d", st)
		}
		_, b = o.owner.do("GET", "/v1/devices", nil, owner)
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatal(err)
		}
		if !list.Devices[1].Revoked || list.Devices[1].RevokedAt == "" {
			t.Fatalf("revoked device listed as %+v", list.Devices[1])
		}
		revoked := &client{t: t, url: o.srv.URL, token: dev.Token}
		if st, _ := revoked.do("GET", "/v1/pull", nil, nil); st != 401 {
			t.Fatalf("revoked device: %d", st)
		}
	})
}

// A compacted outbox may send a row's later edit before its creation: the server applies a
// batch in hlc order, so the creation is still recognised as one.
func TestBatchAppliesInHLCOrder(t *testing.T) {
	o := newOrg(t, "")
	c := o.owner
	create := c.change("clients", "c-late", map[string]any{"name": "Late", "workspace_id": "w1"})
	edit := c.change("clients", "c-late", map[string]any{"notes": "called"})
	r := c.push(edit, create)
	if r.Accepted != 2 || len(r.Rejected) != 0 {
		t.Fatalf("edit before create: %+v", r)
	}
	rep, _ := c.pullAll()
	if v := rep["clients/c-late"].Values(); string(v["notes"]) != `"called"` || string(v["name"]) != `"Late"` {
		t.Fatalf("row %v", v)
	}
}

// GET /v1/head (outside the pinned contract) answers the change log's last position: the
// cursor of the last push, and where a pull from 0 ends; a device it does not know, or one
// revoked, gets 401 and no position.
func TestHeadIsTheLastPushedPosition(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		o := newOrg(t, dsn)
		b := newClient(t, o.srv, "desk b").as(adminID)
		head := func(c *client) int64 {
			t.Helper()
			st, body := c.do("GET", "/v1/head", nil, nil)
			if st != 200 {
				t.Fatalf("head: %d %s", st, body)
			}
			var h syncwire.HeadResponse
			if err := json.Unmarshal(body, &h); err != nil {
				t.Fatal(err)
			}
			return h.Cursor
		}
		r := b.push(b.change("users", agentA, map[string]any{"phone": "+34 600 000 001"}),
			b.change("users", agentA, map[string]any{"phone": "+34 600 000 002"}))
		if got := head(o.owner); got != r.Cursor || got != 13 {
			t.Fatalf("head %d after a push answered cursor %d (want 13)", got, r.Cursor)
		}
		last := int64(0)
		for more := true; more; {
			p := b.pull(last, 5)
			last, more = p.Cursor, p.More
		}
		if got := head(b); got != last {
			t.Fatalf("head %d, a pull from 0 ends at %d", got, last)
		}
		r = o.owner.push(o.owner.change("workspaces", "w3", map[string]any{"name": "East"}))
		if got := head(b); got != r.Cursor || got != 14 {
			t.Fatalf("head %d after the next push answered cursor %d", got, r.Cursor)
		}
		for _, c := range []*client{{t: t, url: o.srv.URL}, {t: t, url: o.srv.URL, token: "not-a-token"}} {
			if st, body := c.do("GET", "/v1/head", nil, nil); st != 401 || errCode(t, body) != syncwire.CodeUnauthenticated {
				t.Fatalf("head without a valid token: %d %s", st, body)
			}
		}
		if st, body := o.owner.do("POST", "/v1/devices/"+b.dev+"/revoke", nil, map[string]string{syncwire.ActorHeader: ownerID}); st != 200 {
			t.Fatalf("revoke: %d %s", st, body)
		}
		if st, body := b.do("GET", "/v1/head", nil, nil); st != 401 || bytes.Contains(body, []byte("cursor")) {
			t.Fatalf("a revoked device read the head: %d %s", st, body)
		}
	})
}
