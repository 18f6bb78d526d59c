package access_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/backend/access"
)

// The Go table of built-in profile names must say what the window says in each language
// (frontend/src/i18n/locales/access/<lang>.json, profiles.builtin.<role>), so an import in
// Spanish accepts "Agente" exactly as the Spanish window shows it.
func TestBuiltinProfileNamesMatchTheLocales(t *testing.T) {
	for lang, byRole := range access.BuiltinProfileNames {
		b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "i18n", "locales", "access", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Profiles struct {
				Builtin map[string]string `json:"builtin"`
			} `json:"profiles"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Profiles.Builtin) != 2 {
			t.Fatalf("%s: profiles.builtin has %v", lang, doc.Profiles.Builtin)
		}
		for _, role := range []access.Role{access.Admin, access.Agent} {
			if got, want := byRole[role], doc.Profiles.Builtin[string(role)]; got != want {
				t.Errorf("%s %s: Go says %q, the window %q", lang, role, got, want)
			}
		}
	}
	if len(access.BuiltinProfileNames) != 4 {
		t.Fatalf("languages %d", len(access.BuiltinProfileNames))
	}
}

func TestBuiltinProfileNameInEveryLanguage(t *testing.T) {
	for _, c := range []struct {
		in   string
		role access.Role
	}{{"Agente", access.Agent}, {"agent", access.Agent}, {" KONSULTANT ", access.Agent},
		{"Administrador", access.Admin}, {"administrator", access.Admin}} {
		if r, ok := access.BuiltinRoleByName(c.in); !ok || r != c.role {
			t.Errorf("%q: %v %v", c.in, r, ok)
		}
	}
	if _, ok := access.BuiltinRoleByName("Supervisor"); ok {
		t.Error("Supervisor is not built in")
	}
	if got := access.ProfileDisplayName("Agent", access.Agent, true, "pl"); got != "Konsultant" {
		t.Errorf("pl %q", got)
	}
	if got := access.ProfileDisplayName("Agent", access.Agent, false, "es"); got != "Agent" {
		t.Errorf("a custom profile named Agent keeps its name: %q", got)
	}
	if got := access.ProfileDisplayName("Ventas", access.Agent, true, "es"); got != "Ventas" {
		t.Errorf("a renamed built-in keeps its name: %q", got)
	}
}
