package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/syncwire"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// eachStorage runs fn against a fresh SQLite database and a fresh PostgreSQL database.
func eachStorage(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "") })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.NewDatabase(t)) })
}

// client speaks the wire protocol as a workstation would.
type client struct {
	t      testing.TB
	url    string
	token  string
	dev    string
	actor  string
	seq    atomic.Int64
	offset time.Duration // clock skew of this "workstation"
}

func newClient(t testing.TB, srv *servertest.Server, name string) *client {
	dev, tok := srv.Enroll(t, name)
	return &client{t: t, url: srv.URL, token: tok, dev: dev}
}

func (c *client) hlc() string {
	return syncwire.HLC{Millis: time.Now().Add(c.offset).UnixMilli(), Counter: int(c.seq.Add(1) % 100000), Device: c.dev}.String()
}

func enc(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// change makes a change of this device by actor (c.actor when "").
func (c *client) change(table, id string, fields map[string]any) syncwire.Change {
	f := map[string]json.RawMessage{}
	for k, v := range fields {
		f[k] = enc(v)
	}
	return syncwire.Change{Table: table, ID: id, HLC: c.hlc(), Fields: f, DeviceID: c.dev, ActorID: c.actor}
}

func (c *client) as(actor string) *client { c.actor = actor; return c }

func (c *client) do(method, path string, body []byte, hdr map[string]string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, b
}

var batchSeq atomic.Int64

func newBatch() string { return fmt.Sprintf("batch-%d-%d", time.Now().UnixNano(), batchSeq.Add(1)) }

// pushRaw sends a push and returns the status and body.
func (c *client) pushRaw(batchID string, changes ...syncwire.Change) (int, []byte) {
	c.t.Helper()
	if changes == nil {
		changes = []syncwire.Change{}
	}
	return c.do("POST", "/v1/push", enc(syncwire.PushRequest{BatchID: batchID, Changes: changes}), nil)
}

// push sends a batch that must be answered 200.
func (c *client) push(changes ...syncwire.Change) syncwire.PushResponse {
	c.t.Helper()
	st, b := c.pushRaw(newBatch(), changes...)
	if st != 200 {
		c.t.Fatalf("push: %d %s", st, b)
	}
	var r syncwire.PushResponse
	if err := json.Unmarshal(b, &r); err != nil {
		c.t.Fatal(err)
	}
	return r
}

// mustAccept pushes and fails on any rejection.
func (c *client) mustAccept(changes ...syncwire.Change) {
	c.t.Helper()
	r := c.push(changes...)
	if len(r.Rejected) != 0 || r.Accepted != len(changes) {
		c.t.Fatalf("push rejected: %+v", r)
	}
}

// rejected pushes one change and returns its rejection ("" code when accepted).
func (c *client) rejected(ch syncwire.Change) syncwire.Rejected {
	c.t.Helper()
	r := c.push(ch)
	if len(r.Rejected) == 0 {
		return syncwire.Rejected{}
	}
	return r.Rejected[0]
}

func (c *client) pull(after int64, limit int) syncwire.PullResponse {
	c.t.Helper()
	st, b := c.do("GET", fmt.Sprintf("/v1/pull?after=%d&limit=%d", after, limit), nil, nil)
	if st != 200 {
		c.t.Fatalf("pull: %d %s", st, b)
	}
	var r syncwire.PullResponse
	if err := json.Unmarshal(b, &r); err != nil {
		c.t.Fatal(err)
	}
	return r
}

// pullAll pulls until more is false and merges every change into a replica.
func (c *client) pullAll() (map[string]syncwire.RowState, []syncwire.Change) {
	c.t.Helper()
	rep := map[string]syncwire.RowState{}
	var all []syncwire.Change
	cursor := int64(0)
	for {
		r := c.pull(cursor, 500)
		for _, ch := range r.Changes {
			k := ch.Table + "/" + ch.ID
			rep[k] = syncwire.Apply(rep[k], ch)
			all = append(all, ch)
		}
		if r.Cursor < cursor {
			c.t.Fatalf("cursor went back from %d to %d", cursor, r.Cursor)
		}
		cursor = r.Cursor
		if !r.More {
			return rep, all
		}
	}
}

func errCode(t testing.TB, b []byte) string {
	var e syncwire.ErrorResponse
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("error body %q: %v", b, err)
	}
	return e.Code
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		panic(err) // into memory: cannot fail
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// org is an organization on a server: the Owner, two workspaces, an administrator profile
// and an agent profile, an administrator in w1, agents in w1 and w2.
type org struct {
	srv   *servertest.Server
	owner *client
}

const (
	ownerID = "u-owner"
	adminID = "u-admin"
	agentA  = "u-agent-a" // in w1, the administrator's workspace
	agentB  = "u-agent-b" // in w2
)

func userFields(username, role string, profile any) map[string]any {
	return map[string]any{"username": username, "email": username + "@example.org", "first_name": strings.ToUpper(username[:1]) + username[1:],
		"last_name": "Test", "role": role, "profile_id": profile, "active": true}
}

func newOrg(t *testing.T, dsn string) *org { return newOrgTB(t, dsn) }

func newOrgTB(t testing.TB, dsn string) *org { return newOrgOpts(t, dsn, servertest.Options{}) }

func newOrgOpts(t testing.TB, dsn string, opts servertest.Options) *org {
	srv := servertest.StartWith(t, dsn, opts)
	o := &org{srv: srv, owner: newClient(t, srv, "owner desk").as(ownerID)}
	c := o.owner
	c.mustAccept(
		c.change("users", ownerID, userFields("owner", "owner", nil)),
		c.change("workspaces", "w1", map[string]any{"name": "North"}),
		c.change("workspaces", "w2", map[string]any{"name": "South"}),
		c.change("profiles", "p-admin", map[string]any{"name": "Administrator", "role": "admin", "modules": `["users","workspace","clients"]`, "builtin": true}),
		c.change("profiles", "p-agent", map[string]any{"name": "Agent", "role": "agent", "modules": `["workspace","clients"]`, "builtin": true}),
		c.change("users", adminID, userFields("admin", "admin", "p-admin")),
		c.change("users", agentA, userFields("agenta", "agent", "p-agent")),
		c.change("users", agentB, userFields("agentb", "agent", "p-agent")),
		c.change("user_workspaces", "uw-admin-w1", map[string]any{"user_id": adminID, "workspace_id": "w1"}),
		c.change("user_workspaces", "uw-a-w1", map[string]any{"user_id": agentA, "workspace_id": "w1"}),
		c.change("user_workspaces", "uw-b-w2", map[string]any{"user_id": agentB, "workspace_id": "w2"}),
	)
	return o
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
