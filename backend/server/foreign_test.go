package server_test

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/server/servertest"
)

// A client written from the contract alone (testdata/foreignclient: net/http and
// encoding/json, no Plantel import) enrolls, pushes a users row with only the pinned
// columns, and pulls it back completed with the schema's defaults.
func TestForeignClientSpeaksTheWireProtocol(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "foreignclient")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/foreignclient").CombinedOutput(); err != nil {
		t.Fatalf("build foreignclient: %v\n%s", err, out)
	}
	eachStorage(t, func(t *testing.T, dsn string) {
		srv := servertest.Start(t, dsn)
		out, err := exec.Command(bin, srv.URL, srv.EnrollCode(t)).CombinedOutput()
		if err != nil {
			t.Fatalf("foreignclient: %v\n%s", err, out)
		}
		line := strings.TrimSpace(string(out))
		_, fields, ok := strings.Cut(line, " fields=")
		if !strings.HasPrefix(line, "OK org=") || !ok {
			t.Fatalf("output %q", line)
		}
		var f map[string]any
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
			t.Fatal(err)
		}
		if f["username"] != "Maria" || f["first_name"] != "María" || f["active"] != true || f["profile_id"] != nil ||
			f["language"] != "es" || f["must_change_password"] != false || f["created_at"] == "" || f["created_at"] != f["updated_at"] {
			t.Fatalf("pulled fields %v", f)
		}
	})
}
