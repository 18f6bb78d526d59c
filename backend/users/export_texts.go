package users

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// exportHeaders name the columns of ExportColumns in the exporting person's language, so a
// spreadsheet in that language reads them; Import reads a header in any of the four languages
// (importAliases), so an exported file imports anywhere.
var exportHeaders = map[string][]string{
	"en": {"ID", "Short ID", "First name", "Last name", "Username", "E-mail", "Phone", "Extension", "Language",
		"Profile", "Role", "Status", "Presence", "Last active", "Created", "Teams", "Campaigns", "Workspaces"},
	"es": {"ID", "ID corto", "Nombre", "Apellido", "Usuario", "Correo", "Teléfono", "Extensión", "Idioma",
		"Perfil", "Rol", "Estado", "Presencia", "Última actividad", "Creado", "Equipos", "Campañas", "Espacios de trabajo"},
	"pt": {"ID", "ID curto", "Nome", "Sobrenome", "Usuário", "E-mail", "Telefone", "Ramal", "Idioma",
		"Perfil", "Papel", "Situação", "Presença", "Última atividade", "Criado", "Equipes", "Campanhas", "Espaços de trabalho"},
	"pl": {"ID", "Krótki ID", "Imię", "Nazwisko", "Login", "E-mail", "Telefon", "Numer wewnętrzny", "Język",
		"Profil", "Rola", "Stan konta", "Obecność", "Ostatnia aktywność", "Utworzono", "Zespoły", "Kampanie", "Przestrzenie robocze"},
}

// exportWords are the values Go writes in words in an export, per language: roles, account
// statuses, presences and interface languages — the same as roles.*, users.status.*,
// presence.* of frontend/src/i18n/locales/<lang>.json (a test keeps them equal).
var exportWords = map[string]map[string]string{
	"en": {"role.owner": "Owner", "role.admin": "Administrator", "role.agent": "Agent",
		"status.active": "Active", "status.inactive": "Inactive", "status.pending": "Pending",
		"presence.online": "Online", "presence.busy": "Busy", "presence.away": "Away", "presence.offline": "Offline"},
	"es": {"role.owner": "Propietario", "role.admin": "Administrador", "role.agent": "Agente",
		"status.active": "Activo", "status.inactive": "Inactivo", "status.pending": "Pendiente",
		"presence.online": "En línea", "presence.busy": "Ocupado", "presence.away": "Ausente", "presence.offline": "Desconectado"},
	"pt": {"role.owner": "Proprietário", "role.admin": "Administrador", "role.agent": "Agente",
		"status.active": "Ativo", "status.inactive": "Inativo", "status.pending": "Pendente",
		"presence.online": "Disponível", "presence.busy": "Ocupado", "presence.away": "Ausente", "presence.offline": "Offline"},
	"pl": {"role.owner": "Właściciel", "role.admin": "Administrator", "role.agent": "Konsultant",
		"status.active": "Aktywny", "status.inactive": "Nieaktywny", "status.pending": "Oczekujący",
		"presence.online": "Dostępny", "presence.busy": "Zajęty", "presence.away": "Zaraz wracam", "presence.offline": "Niedostępny"},
}

// ExportWords is exportWords for a test that compares them with the locale files.
func ExportWords() map[string]map[string]string { return exportWords }

// ExportHeaders is the export header in lang (English for a language Plantel does not speak).
func ExportHeaders(lang string) []string {
	if h, ok := exportHeaders[lang]; ok {
		return h
	}
	return exportHeaders["en"]
}

// languageNames are the interface languages, each named in its own language (as the window's
// language menu names them): what an export writes in the language column; Import reads
// either the name or the code.
var languageNames = map[string]string{"es": "Español", "en": "English", "pt": "Português", "pl": "Polski"}

// exportWord says kind.value (role.agent, status.active…) in lang, or value itself.
func exportWord(lang, kind, value string) string {
	words, ok := exportWords[lang]
	if !ok {
		words = exportWords["en"]
	}
	if w, ok := words[kind+"."+value]; ok {
		return w
	}
	return value
}

func exportLanguageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return code
}

// headerKey folds a header cell for matching: lower case, no accents, spaces and dashes as "_".
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))) {
		switch {
		case r >= 0x300 && r <= 0x36f:
		case r == ' ' || r == '-':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// importAliases maps a folded header in any language to its column name (ExportColumns).
var importAliases = func() map[string]string {
	m := map[string]string{}
	for _, headers := range exportHeaders {
		for i, h := range headers {
			m[headerKey(h)] = ExportColumns[i]
		}
	}
	for _, c := range ExportColumns {
		m[c] = c
	}
	return m
}()

// languageCode reads an import's language cell: a code (es) or a language's own name (Español).
func languageCode(v string) string {
	k := headerKey(v)
	for code, name := range languageNames {
		if headerKey(name) == k {
			return code
		}
	}
	return v
}

// csvSeparator is the CSV separator a spreadsheet in lang opens in columns (as the clients export).
// Excel in Spanish, Portuguese and Polish locales uses the semicolon.
func csvSeparator(lang string) rune {
	if lang == "en" {
		return ','
	}
	return ';'
}
