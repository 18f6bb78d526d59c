package secrets_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/secrets"
	"github.com/plantel/plantel/backend/testutil"
)

var ctx = context.Background()

func TestTwoBoxesOnOneFileShareTheOrganizationKey(t *testing.T) {
	env := testutil.NewEnv(t)
	keys := secrets.FileKey{Dir: filepath.Join(env.Dir, "keys")}
	one, err := secrets.Open(ctx, env.DB, keys)
	if err != nil {
		t.Fatal(err)
	}
	two, err := secrets.Open(ctx, env.DB, keys)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := env.DB.Read().QueryRow(`SELECT COUNT(*) FROM secret_keys`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d organization keys after two opens, want 1", n)
	}
	col := secrets.Column{Table: "secret_settings", Name: "value"}
	sealed, err := one.Seal(col, "smtp_password", "hunter2-but-longer")
	if err != nil || !secrets.Sealed(sealed) || strings.Contains(sealed, "hunter2") {
		t.Fatalf("seal: %q %v", sealed, err)
	}
	if v, err := two.Open(ctx, col, "smtp_password", sealed); err != nil || v != "hunter2-but-longer" {
		t.Fatalf("open in the other box: %q %v", v, err)
	}
	// Two seals of one value differ (fresh nonce); "" stays "".
	again, _ := one.Seal(col, "smtp_password", "hunter2-but-longer")
	if again == sealed {
		t.Fatal("the same nonce twice")
	}
	if s, _ := one.Seal(col, "x", ""); s != "" {
		t.Fatalf("empty sealed as %q", s)
	}
	// An altered value is secrets_locked (reason altered), not a panic or garbage.
	bad := sealed[:len(sealed)-2] + "AA"
	if bad == sealed {
		bad = sealed[:len(sealed)-2] + "BB"
	}
	_, err = two.Open(ctx, col, "smtp_password", bad)
	if e := apperr.As(err); e == nil || e.Code != secrets.CodeSecretsLocked || e.Params["reason"] != "altered" {
		t.Fatalf("altered value: %v", err)
	}
	if _, err := two.Open(ctx, col, "smtp_password", "plantel-sealed:v1:garbage"); apperr.CodeOf(err) != secrets.CodeSecretsLocked {
		t.Fatalf("malformed value: %v", err)
	}
}
