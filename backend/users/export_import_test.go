package users_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("CSV without BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	must(t, err)
	return recs
}

func TestExportCSVAndXLSX(t *testing.T) {
	f := newFixture(t, 0)
	// A formula-looking name must not run in a spreadsheet.
	must(t, f.Svc.Update(ctx, f.OwnerA, f.P.AgentA3, users.UpdateInput{LastName: ptr("=HYPERLINK(\"x\")")}))
	q := users.ListQuery{Workspaces: []string{f.WorkspaceA}, Roles: []string{"agent"}, Sort: users.Sort{Field: users.SortUsername}, Limit: 2}
	out, err := f.Svc.Export(ctx, f.AdminA, q, "csv")
	must(t, err)
	recs := readCSV(t, out)
	if strings.Join(recs[0], ",") != strings.Join(users.ExportHeaders("en"), ",") {
		t.Fatalf("header %v", recs[0])
	}
	// Every matching row, not one page (Limit is ignored).
	if len(recs) != 6 {
		t.Fatalf("%d rows, want 5 agents + header", len(recs))
	}
	if recs[1][0] != f.AgentA || recs[1][1] != f.AgentA[len(f.AgentA)-8:] || recs[1][4] != testutil.AgentAUsername ||
		recs[1][9] != "Agent" || recs[1][15] != "Ventas Norte" || recs[1][17] != "Lima" {
		t.Fatalf("first row %v", recs[1])
	}
	if recs[3][3] != `'=HYPERLINK("x")` {
		t.Fatalf("formula not guarded: %q", recs[3][3])
	}
	var hash string
	must(t, f.DB.Read().QueryRow(`SELECT password_hash FROM users WHERE id = ?`, f.AgentA).Scan(&hash))
	for _, secret := range []string{"password_hash", "argon2", hash} {
		if bytes.Contains(out, []byte(secret)) {
			t.Fatalf("export holds %q", secret)
		}
	}
	// XLSX: same content.
	x, err := f.Svc.Export(ctx, f.AdminA, q, "xlsx")
	must(t, err)
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	must(t, err)
	rows, err := wb.GetRows("Users")
	must(t, err)
	if len(rows) != 6 || rows[1][0] != f.AgentA || rows[3][3] != `=HYPERLINK("x")` {
		t.Fatalf("xlsx rows %v", rows[:2])
	}
	if formula, _ := wb.GetCellFormula("Users", "D4"); formula != "" {
		t.Fatalf("cell is a formula: %q", formula)
	}
	for _, r := range rows {
		for _, c := range r {
			if strings.Contains(c, "argon2") || c == "password_hash" {
				t.Fatal("xlsx holds a secret")
			}
		}
	}
	// Scope and permission.
	out, err = f.Svc.Export(ctx, f.AdminBA, users.ListQuery{}, "csv")
	must(t, err)
	if n := len(readCSV(t, out)); n != 3 {
		t.Fatalf("admin B exports %d lines", n)
	}
	if _, err := f.Svc.Export(ctx, f.AgentAA, users.ListQuery{}, "csv"); code(err) != "permission_denied" {
		t.Fatalf("agent export: %v", err)
	}
	if _, err := f.Svc.Export(ctx, f.OwnerA, users.ListQuery{}, "pdf"); code(err) != "validation" {
		t.Fatalf("pdf: %v", err)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM audit_log WHERE action = 'export'`); n != 3 {
		t.Fatalf("export audit entries %d", n)
	}
}

const importCSV = "first_name;last_name;username;email;phone;extension;language;profile;workspaces\n" +
	"Lucía;Fernández;;lucia@contactsur.test;+51 1 555 0101;201;es;agent;Lima\n" +
	"Piotr;Zieliński;pziel;piotr@contactsur.test;;;pl;Agent;lima\n" +
	"Bad;Row;;not-an-email;;;xx;Nope;Atlantis\n" +
	"Dup;Mail;;LUCIA@contactsur.test;;;en;Agent;Lima\n" +
	"Taken;Name;agent.b;taken@contactsur.test;;;en;Agent;Lima\n" +
	"Ana;Boss;;boss@contactsur.test;;;en;Administrator;Lima\n"

func TestPreviewImport(t *testing.T) {
	f := newFixture(t, 0)
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	if p.Valid != 2 || p.Invalid != 4 || len(p.Rows) != 6 {
		t.Fatalf("preview valid=%d invalid=%d", p.Valid, p.Invalid)
	}
	r := p.Rows[0]
	if r.Line != 2 || r.Username != "lfernandez" || !r.Proposed || r.ProfileID != f.AgentProfile || len(r.WorkspaceIDs) != 1 {
		t.Fatalf("row 1 %+v", r)
	}
	fields := func(r users.ImportRow) string {
		var out []string
		for _, e := range r.Errors {
			out = append(out, e.Code+":"+e.Field)
		}
		return strings.Join(out, ",")
	}
	want := map[int]string{
		3: "",
		4: "validation:email,validation:language,validation:profile,validation:workspaces",
		5: "conflict_unique:email",
		6: "conflict_unique:username",
		7: "permission_denied:profile", // an admin imports no administrators
	}
	for _, r := range p.Rows[1:] {
		if got := fields(r); got != want[r.Line] {
			t.Errorf("line %d errors %q, want %q", r.Line, got, want[r.Line])
		}
	}
	// The Owner may import the administrator.
	p, err = f.Svc.PreviewImport(ctx, f.OwnerA, []byte(importCSV), "csv")
	must(t, err)
	if p.Valid != 3 {
		t.Fatalf("owner preview valid=%d", p.Valid)
	}
	if _, err := f.Svc.PreviewImport(ctx, f.AgentAA, []byte(importCSV), "csv"); code(err) != "permission_denied" {
		t.Fatalf("agent preview: %v", err)
	}
	if _, err := f.Svc.PreviewImport(ctx, f.OwnerA, []byte("name,mail\nx,y\n"), "csv"); code(err) != "validation" || field(err) != "file" {
		t.Fatalf("missing columns: %v", err)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	f := newFixture(t, 0)
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	before := snapshot(t, f)
	// A bad row in the middle: nothing is imported.
	_, err = f.Svc.Import(ctx, f.AdminA, p.Rows, users.ImportOptions{}, nil)
	if code(err) != "validation" || field(err) != "rows" {
		t.Fatalf("import with bad rows: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
	// Tampered rows are checked again: errors cleared by the window do not count.
	tampered := append([]users.ImportRow(nil), p.Rows...)
	for i := range tampered {
		tampered[i].Errors = nil
	}
	if _, err := f.Svc.Import(ctx, f.AdminA, tampered, users.ImportOptions{}, nil); code(err) != "validation" {
		t.Fatalf("tampered import: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
	// Cancelled midway: nothing.
	cctx, cancel := context.WithCancel(ctx)
	_, err = f.Svc.Import(cctx, f.AdminA, p.Rows, users.ImportOptions{OnlyValid: true}, func(done, total int) {
		if done == 2 {
			cancel()
		}
	})
	if code(err) != users.CodeCanceled {
		t.Fatalf("cancelled import: %v", err)
	}
	sameSnapshot(t, before, snapshot(t, f))
	// OnlyValid: the two good rows, with progress for every row.
	var calls []int
	res, err := f.Svc.Import(ctx, f.AdminA, p.Rows, users.ImportOptions{OnlyValid: true}, func(done, total int) {
		if total != 6 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
	})
	must(t, err)
	if res.Created != 2 || res.Skipped != 4 || len(calls) != 6 || calls[5] != 6 {
		t.Fatalf("result %+v calls %v", res, calls)
	}
	if s := str(t, f, `SELECT status || must_change_password || role || language FROM users WHERE username = 'pziel'`); s != "pending1agentpl" {
		t.Fatalf("imported user %s", s)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM users WHERE username = 'lfernandez'`); n != 1 {
		t.Fatal("proposed username not used")
	}
	// Importing the same file again: now everything clashes.
	p, err = f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	if p.Rows[0].Username != "lfernandez2" || p.Rows[1].Valid() {
		t.Fatalf("second preview %+v", p.Rows[:2])
	}
}

func TestImportXLSXRoundTrip(t *testing.T) {
	f := newFixture(t, 0)
	x, err := f.Svc.Export(ctx, f.OwnerA, users.ListQuery{Roles: []string{"agent"}, Sort: users.Sort{Field: users.SortUsername}}, "xlsx")
	must(t, err)
	rows, err := users.ParseImport(x, "xlsx")
	must(t, err)
	if len(rows) != 6 || rows[0].Username != testutil.AgentAUsername || rows[0].Profile != "Agent" || rows[0].Workspaces[0] != "Lima" {
		t.Fatalf("parsed %+v", rows[0])
	}
	// Exported users exist already: the preview says so.
	p, err := f.Svc.PreviewImport(ctx, f.OwnerA, x, "xlsx")
	must(t, err)
	if p.Valid != 0 {
		t.Fatalf("re-import of existing users valid=%d", p.Valid)
	}
}

func TestParseImportFormats(t *testing.T) {
	cases := []struct {
		name, data string
		rows       int
	}{
		{"comma", "first_name,last_name,email,profile,workspaces\nA,B,a@b.test,Agent,Lima\n", 1},
		{"tab and BOM", "\ufeffFirst Name\tLast-Name\tEMAIL\tprofile\n\tx\ty@z.test\tAgent\n\n", 1},
		{"quoted list", "first_name,last_name,email,profile,workspaces\n\"A\",\"B\",a@b.test,Agent,\"Lima; Kraków\"\n", 1},
	}
	for _, c := range cases {
		rows, err := users.ParseImport([]byte(c.data), "csv")
		if err != nil || len(rows) != c.rows {
			t.Errorf("%s: %v %d", c.name, err, len(rows))
		}
	}
	rows, _ := users.ParseImport([]byte(cases[2].data), "csv")
	if len(rows[0].Workspaces) != 2 || rows[0].Workspaces[1] != "Kraków" {
		t.Errorf("list %v", rows[0].Workspaces)
	}
	for _, bad := range []string{"", "\xff\xfe", "first_name\n"} {
		if _, err := users.ParseImport([]byte(bad), "csv"); code(err) != "validation" {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := users.ParseImport([]byte("PK\x03\x04garbage"), "xlsx"); code(err) != "validation" {
		t.Errorf("bad xlsx: %v", err)
	}
}

// A built-in profile may be named in any of the four interface languages in an import file
// (the Spanish window calls it "Agente", the Polish one "Konsultant"); an export writes it in
// the language of the person exporting.
func TestImportAndExportNameBuiltinProfilesInEveryLanguage(t *testing.T) {
	f := newFixture(t, 0)
	csv := "first_name,last_name,email,profile,workspaces\n" +
		"Ana,Uno,ana.uno@example.com,Agente,Lima\n" +
		"Piotr,Dwa,piotr.dwa@example.com,konsultant,Lima\n" +
		"Tom,Three,tom.three@example.com,Agent,Lima\n" +
		"Eva,Cuatro,eva.cuatro@example.com,Nadie,Lima\n"
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte(csv), "csv")
	must(t, err)
	if p.Valid != 3 || p.Invalid != 1 {
		t.Fatalf("valid=%d invalid=%d %+v", p.Valid, p.Invalid, p.Rows)
	}
	for _, r := range p.Rows[:3] {
		if r.ProfileID != f.AgentProfile {
			t.Fatalf("line %d profile %q", r.Line, r.ProfileID)
		}
	}
	// The administrator's language is Spanish: the export says "Agente".
	must(t, f.DB.Write(ctx, f.AdminA.UserID, func(tx *store.Tx) error {
		return tx.Update("users", f.AdminA.UserID, store.Fields{"language": "es"})
	}))
	q := users.ListQuery{Workspaces: []string{f.WorkspaceA}, Roles: []string{"agent"}, Sort: users.Sort{Field: users.SortUsername}}
	out, err := f.Svc.Export(ctx, f.AdminA, q, "csv")
	must(t, err)
	recs := readSeparated(t, out, ';')
	if recs[1][9] != "Agente" {
		t.Fatalf("profile column %q", recs[1][9])
	}
}

// readSeparated reads a CSV export separated by sep (";" for es, pt and pl).
func readSeparated(t *testing.T, b []byte, sep rune) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("CSV without BOM")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = sep
	recs, err := r.ReadAll()
	must(t, err)
	return recs
}

// An export speaks the language of the person who makes it: headers, the built-in profile,
// role, status, presence and language in words; CSV separated by ";" where Excel expects it;
// and the file imports back whatever its language (headers and words read in any of the four).
func TestExportSpeaksTheExportersLanguage(t *testing.T) {
	f := newFixture(t, 0)
	want := map[string]struct {
		sep                                             rune
		first, profile, role, status, presence, profCol string
	}{
		"es": {';', "Nombre", "Agente", "Agente", "Activo", "Desconectado", "Perfil"},
		"en": {',', "First name", "Agent", "Agent", "Active", "Offline", "Profile"},
		"pt": {';', "Nome", "Agente", "Agente", "Ativo", "Offline", "Perfil"},
		"pl": {';', "Imię", "Konsultant", "Konsultant", "Aktywny", "Niedostępny", "Profil"},
	}
	q := users.ListQuery{Workspaces: []string{f.WorkspaceA}, Roles: []string{"agent"}, Sort: users.Sort{Field: users.SortUsername}}
	for _, lang := range []string{"es", "en", "pt", "pl"} {
		w := want[lang]
		must(t, f.DB.Write(ctx, f.AdminA.UserID, func(tx *store.Tx) error {
			return tx.Update("users", f.AdminA.UserID, store.Fields{"language": lang})
		}))
		out, err := f.Svc.Export(ctx, f.AdminA, q, "csv")
		must(t, err)
		recs := readSeparated(t, out, w.sep)
		h, r := recs[0], recs[1]
		if h[2] != w.first || h[9] != w.profCol || strings.Join(h, "|") != strings.Join(users.ExportHeaders(lang), "|") {
			t.Fatalf("%s: header %v", lang, h)
		}
		for _, english := range []string{"first_name", "last_active_at", "workspaces"} {
			if slices.Contains(h, english) {
				t.Fatalf("%s: header keeps %q", lang, english)
			}
		}
		if r[9] != w.profile || r[10] != w.role || r[11] != w.status || r[12] != w.presence {
			t.Fatalf("%s: row %v", lang, r)
		}
		if lang == "pl" && r[8] == "en" {
			t.Fatalf("language as a code: %v", r)
		}
		// XLSX in the same language imports back: headers, profile and language read.
		x, err := f.Svc.Export(ctx, f.AdminA, q, "xlsx")
		must(t, err)
		rows, err := users.ParseImport(x, "xlsx")
		must(t, err)
		if len(rows) != 5 || rows[0].Username != testutil.AgentAUsername || rows[0].Profile != w.profile ||
			rows[0].Email == "" || rows[0].Workspaces[0] != "Lima" || len(rows[0].Errors) != 0 {
			t.Fatalf("%s: re-import %+v", lang, rows[0])
		}
		rows, err = users.ParseImport(out, "csv")
		must(t, err)
		if len(rows) != 5 || rows[0].FirstName == "" || rows[0].Language == "" || len(rows[0].Errors) != 0 {
			t.Fatalf("%s: CSV re-import %+v", lang, rows[0])
		}
	}
}

// The words Go writes in exports are the window's words (roles, statuses, presences).
func TestExportWordsMatchTheLocales(t *testing.T) {
	for lang, words := range users.ExportWords() {
		b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "i18n", "locales", lang+".json"))
		must(t, err)
		var doc struct {
			Roles    map[string]string `json:"roles"`
			Presence map[string]string `json:"presence"`
			Users    struct {
				Status map[string]string `json:"status"`
			} `json:"users"`
		}
		must(t, json.Unmarshal(b, &doc))
		for k, v := range words {
			kind, key, _ := strings.Cut(k, ".")
			var ui string
			switch kind {
			case "role":
				ui = doc.Roles[key]
			case "status":
				ui = doc.Users.Status[key]
			case "presence":
				ui = doc.Presence[key]
			}
			if ui != v {
				t.Errorf("%s %s: Go %q, window %q", lang, k, v, ui)
			}
		}
	}
}
