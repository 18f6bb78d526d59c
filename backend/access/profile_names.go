package access

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// BuiltinProfileNames are the names of the two built-in profiles in each interface language,
// the same as "profiles.builtin.<role>" in frontend/src/i18n/locales/access/<lang>.json (a
// test keeps the two in parity). The data keeps the English name (accounts.Setup); the window,
// exports and generated files show the reader's language, and imports accept any of them.
var BuiltinProfileNames = map[string]map[Role]string{
	"en": {Admin: "Administrator", Agent: "Agent"},
	"es": {Admin: "Administrador", Agent: "Agente"},
	"pt": {Admin: "Administrador", Agent: "Agente"},
	"pl": {Admin: "Administrator", Agent: "Konsultant"},
}

// BuiltinProfileName is the name the built-in profile of role has in the data (English).
func BuiltinProfileName(role Role) string { return BuiltinProfileNames["en"][role] }

// ProfileDisplayName is the name of a profile as lang shows it: a built-in profile that still
// has its built-in (English) name is translated; a custom or renamed one keeps its name.
func ProfileDisplayName(name string, role Role, builtin bool, lang string) string {
	if !builtin || name != BuiltinProfileName(role) {
		return name
	}
	if byRole, ok := BuiltinProfileNames[lang]; ok && byRole[role] != "" {
		return byRole[role]
	}
	return name
}

// BuiltinRoleByName tells whether s (case and accents ignored) is the name of a built-in
// profile in any of the interface languages, and of which role. Names shared by both roles in
// some language cannot happen (each language names them differently).
func BuiltinRoleByName(s string) (Role, bool) {
	k := foldName(s)
	if k == "" {
		return "", false
	}
	for _, byRole := range BuiltinProfileNames {
		for role, n := range byRole {
			if foldName(n) == k {
				return role, true
			}
		}
	}
	return "", false
}

func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
