package server_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/syncwire"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The server's log is JSON lines and never holds a token, an enrollment code or a value:
// not a password hash, not a TOTP secret, not even a rejected change's values.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	srv := servertest.StartWith(t, "", servertest.Options{Log: &logs})
	code := srv.EnrollCode(t)
	anon := &client{t: t, url: srv.URL}
	st, b := anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: code, DeviceName: "desk"}), nil)
	var dev syncwire.EnrollResponse
	if st != 200 || json.Unmarshal(b, &dev) != nil {
		t.Fatalf("enroll: %d", st)
	}
	c := &client{t: t, url: srv.URL, token: dev.Token, dev: dev.DeviceID, actor: ownerID}
	owner := userFields("owner", "owner", nil)
	owner["password_hash"] = "$argon2id$v=19$SECRET-HASH"
	c.mustAccept(c.change("users", ownerID, owner),
		c.change("user_totp", "t1", map[string]any{"user_id": ownerID, "secret": "TOTP-SECRET-BASE32"}))
	dup := userFields("OWNER", "agent", nil)
	dup["password_hash"] = "REJECTED-SECRET"
	c.rejected(c.change("users", "u2", dup))
	c.pull(0, 100)
	anon.do("POST", "/v1/enroll", enc(syncwire.EnrollRequest{Code: "WRONG-CODE-1234", DeviceName: "x"}), nil)
	out := logs.String()
	for _, secret := range []string{dev.Token, code, strings.ReplaceAll(code, "-", ""), "SECRET-HASH", "TOTP-SECRET", "REJECTED-SECRET", "WRONG-CODE", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not a JSON line: %s", l)
		}
	}
	if !strings.Contains(out, `"message":"push applied"`) || !strings.Contains(out, "conflict_unique") {
		t.Fatalf("the log does not say what happened:\n%s", out)
	}
}
