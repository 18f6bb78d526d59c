// Command foreignclient speaks the sync wire protocol as another vendor's client would: only
// net/http and encoding/json, nothing of Plantel, and only the contract's pinned users
// columns. It enrolls with a code, pushes the first Owner, pulls it back and prints the
// pulled row.
//
//	go run ./backend/server/testdata/foreignclient SERVER_URL ENROLLMENT_CODE
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func call(method, url, token string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "foreignclient: "+format+"\n", a...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: foreignclient URL CODE")
	}
	base, code := os.Args[1], os.Args[2]
	var enrolled struct {
		DeviceID string `json:"device_id"`
		Token    string `json:"token"`
		OrgID    string `json:"org_id"`
	}
	if err := call("POST", base+"/v1/enroll", "", map[string]string{"code": code, "device_name": "Other vendor"}, &enrolled); err != nil {
		fail("enroll: %v", err)
	}
	userID := "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
	hlc := fmt.Sprintf("%013d-%05d-%s", time.Now().UnixMilli(), 0, enrolled.DeviceID)
	change := map[string]any{
		"table": "users", "id": userID, "hlc": hlc, "deleted": false,
		"fields": map[string]any{
			"username": "Maria", "email": "maria@example.org", "first_name": "María", "last_name": "Pérez",
			"role": "owner", "profile_id": nil, "active": true,
		},
		"device_id": enrolled.DeviceID, "actor_id": userID,
	}
	var pushed struct {
		Accepted int               `json:"accepted"`
		Rejected []json.RawMessage `json:"rejected"`
		Cursor   int64             `json:"cursor"`
	}
	if err := call("POST", base+"/v1/push", enrolled.Token, map[string]any{"batch_id": "0190a1b2-0000-7000-8000-000000000001", "changes": []any{change}}, &pushed); err != nil {
		fail("push: %v", err)
	}
	if pushed.Accepted != 1 || len(pushed.Rejected) != 0 {
		fail("push answer: accepted %d, rejected %s", pushed.Accepted, pushed.Rejected)
	}
	var pulled struct {
		Changes []struct {
			Table    string                     `json:"table"`
			ID       string                     `json:"id"`
			HLC      string                     `json:"hlc"`
			Deleted  bool                       `json:"deleted"`
			Fields   map[string]json.RawMessage `json:"fields"`
			DeviceID string                     `json:"device_id"`
			ActorID  string                     `json:"actor_id"`
		} `json:"changes"`
		Cursor int64 `json:"cursor"`
		More   bool  `json:"more"`
	}
	if err := call("GET", base+"/v1/pull?after=0&limit=100", enrolled.Token, nil, &pulled); err != nil {
		fail("pull: %v", err)
	}
	if len(pulled.Changes) != 1 || pulled.More || pulled.Cursor != pushed.Cursor {
		fail("pull: %d changes, more %v, cursor %d (push said %d)", len(pulled.Changes), pulled.More, pulled.Cursor, pushed.Cursor)
	}
	got := pulled.Changes[0]
	if got.Table != "users" || got.ID != userID || got.HLC != hlc || got.DeviceID != enrolled.DeviceID || got.ActorID != userID {
		fail("pulled change %+v", got)
	}
	out, _ := json.Marshal(got.Fields)
	fmt.Printf("OK org=%s fields=%s\n", enrolled.OrgID, out)
}
