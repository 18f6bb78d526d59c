package audit_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/audit"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

type fixture struct {
	env                 *testutil.Env
	svc                 *audit.Service
	owner, admin, agent *access.Actor
	teamA, teamB        string
	clientA, clientB    string
}

// newFixture seeds, on top of the test environment, a team and a client in each workspace
// (as the Owner) and a password change of the administrator (a secret column).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	e := testutil.NewEnv(t)
	f := &fixture{env: e, svc: audit.New(e.DB)}
	ctx := context.Background()
	f.teamA, f.teamB = store.NewID(), store.NewID()
	e.Clock.Advance(time.Minute)
	if err := e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("teams", f.teamA, store.Fields{"name": "Ventas Lima", "workspace_id": e.WorkspaceA}); err != nil {
			return err
		}
		return tx.Insert("teams", f.teamB, store.Fields{"name": "Sprzedaż Kraków", "workspace_id": e.WorkspaceB})
	}); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(time.Minute)
	f.clientA = e.SeedClient("Cliente Andino", "+51 1 555 0101", e.WorkspaceA, e.AgentA)
	e.Clock.Advance(time.Minute)
	f.clientB = e.SeedClient("Klient Wisła", "+48 12 555 0101", e.WorkspaceB, e.AgentB)
	e.Clock.Advance(time.Minute)
	if err := e.DB.Write(ctx, e.Admin, func(tx *store.Tx) error {
		return tx.Update("users", e.Admin, store.Fields{"password_hash": "$argon2id$new-hash-never-shown", "phone": "+51 999"})
	}); err != nil {
		t.Fatal(err)
	}
	f.owner = e.ActorFor(e.Owner)
	f.admin = e.ActorFor(e.Admin)
	f.agent = e.ActorFor(e.AgentA)
	return f
}

func all(t *testing.T, f *fixture, a *access.Actor, q audit.Query) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	q.Limit = 7
	for i := 0; ; i++ {
		p, err := f.svc.List(context.Background(), a, q)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		out = append(out, p.Rows...)
		if p.Next == "" {
			return out
		}
		if i > 1000 {
			t.Fatal("paging does not end")
		}
		q.Cursor = p.Next
	}
}

// idNum is an entry id as the number it is (audit_entries.id).
func idNum(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("entry id %q: %v", id, err)
	}
	return n
}

func hasEntity(rows []audit.Entry, id string) bool {
	return slices.ContainsFunc(rows, func(e audit.Entry) bool { return e.EntityID == id })
}

func TestOwnerSeesEverythingNewestFirstPagedWithoutGapsOrRepeats(t *testing.T) {
	f := newFixture(t)
	var total int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	rows := all(t, f, f.owner, audit.Query{})
	if len(rows) != total || total < 10 {
		t.Fatalf("owner paged through %d of %d entries", len(rows), total)
	}
	seen := map[string]bool{}
	for i, e := range rows {
		if seen[e.ID] {
			t.Fatalf("entry %s twice", e.ID)
		}
		seen[e.ID] = true
		if i > 0 && (e.At > rows[i-1].At || (e.At == rows[i-1].At && idNum(t, e.ID) > idNum(t, rows[i-1].ID))) {
			t.Fatalf("not newest first at %d: %s after %s", i, e.At, rows[i-1].At)
		}
	}
	if !hasEntity(rows, f.teamB) || !hasEntity(rows, f.clientB) {
		t.Fatal("owner does not see workspace B")
	}
	// The newest is the administrator's own password change, with names filled in and the
	// hash shown only as changed.
	top := rows[0]
	if top.Entity != "users" || top.EntityID != f.env.Admin || top.ActorName != "Ana García" || top.EntityName != "Ana García" ||
		top.WorkstationID != f.env.DB.WorkstationID() {
		t.Fatalf("newest entry = %+v", top)
	}
	var hash, phone *store.FieldChange
	for i := range top.Changes {
		switch top.Changes[i].Field {
		case "password_hash":
			hash = &top.Changes[i]
		case "phone":
			phone = &top.Changes[i]
		}
	}
	if hash == nil || !hash.Secret || hash.Old != nil || hash.New != nil || phone == nil || phone.New != "+51 999" {
		t.Fatalf("changes = %+v", top.Changes)
	}
}

func TestAdministratorSeesOnlyTheirWorkspacesAndAnAgentNothing(t *testing.T) {
	f := newFixture(t)
	rows := all(t, f, f.admin, audit.Query{})
	if !hasEntity(rows, f.teamA) || !hasEntity(rows, f.clientA) || !hasEntity(rows, f.env.AgentA) || !hasEntity(rows, f.env.WorkspaceA) {
		t.Fatal("administrator misses entries of their workspace")
	}
	if hasEntity(rows, f.teamB) || hasEntity(rows, f.clientB) || hasEntity(rows, f.env.AgentB) || hasEntity(rows, f.env.WorkspaceB) {
		t.Fatal("administrator sees entries of another workspace")
	}
	// Asking for another workspace's entity by id gives nothing, not the entry.
	if p, err := f.svc.List(context.Background(), f.admin, audit.Query{EntityID: f.clientB}); err != nil || len(p.Rows) != 0 {
		t.Fatalf("admin asking for workspace B client: %v %v", p, err)
	}
	// An agent never, even with the module somehow in their profile.
	agent := *f.agent
	agent.Modules = append(agent.Modules, access.ModAudit)
	for _, a := range []*access.Actor{f.agent, &agent} {
		if _, err := f.svc.List(context.Background(), a, audit.Query{}); apperr.CodeOf(err) != apperr.CodePermissionDenied {
			t.Fatalf("agent list: %v", err)
		}
		if _, err := f.svc.Export(context.Background(), a, audit.Query{}, audit.FormatCSV, filepath.Join(t.TempDir(), "a.csv"), nil); apperr.CodeOf(err) != apperr.CodePermissionDenied {
			t.Fatalf("agent export: %v", err)
		}
	}
	if _, err := f.svc.List(context.Background(), nil, audit.Query{}); apperr.CodeOf(err) != apperr.CodeUnauthenticated {
		t.Fatalf("anonymous: %v", err)
	}
}

func TestFilters(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	check := func(name string, q audit.Query, ok func(audit.Entry) bool, want int) {
		t.Helper()
		rows := all(t, f, f.owner, q)
		if len(rows) < want {
			t.Fatalf("%s: %d rows, want at least %d", name, len(rows), want)
		}
		for _, e := range rows {
			if !ok(e) {
				t.Fatalf("%s: entry %+v does not match", name, e)
			}
		}
	}
	check("actor", audit.Query{ActorID: f.env.Admin}, func(e audit.Entry) bool { return e.ActorID == f.env.Admin }, 1)
	check("entity type", audit.Query{Entity: "teams"}, func(e audit.Entry) bool { return e.Entity == "teams" }, 2)
	check("one entity", audit.Query{Entity: "clients", EntityID: f.clientA}, func(e audit.Entry) bool { return e.EntityID == f.clientA }, 1)
	check("action", audit.Query{Action: "update"}, func(e audit.Entry) bool { return e.Action == "update" }, 1)
	check("workstation", audit.Query{WorkstationID: f.env.DB.WorkstationID()}, func(e audit.Entry) bool { return true }, 10)
	if p, _ := f.svc.List(ctx, f.owner, audit.Query{WorkstationID: "another-device"}); len(p.Rows) != 0 {
		t.Fatal("workstation filter lets other devices' entries through")
	}
	// Date range: the two clients were created two and three minutes after the start.
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	from, to := start.Add(2*time.Minute).Format(time.RFC3339), start.Add(3*time.Minute).Format(time.RFC3339)
	rows := all(t, f, f.owner, audit.Query{From: from, To: to})
	if len(rows) == 0 || !hasEntity(rows, f.clientA) || hasEntity(rows, f.clientB) || hasEntity(rows, f.teamA) {
		t.Fatalf("date range gave %d rows", len(rows))
	}
	// Search: a name inside the changes, and an actor's name.
	rows = all(t, f, f.owner, audit.Query{Search: "Wisła"})
	if len(rows) != 1 || rows[0].EntityID != f.clientB {
		t.Fatalf("search by value: %+v", rows)
	}
	check("search by actor", audit.Query{Search: "Ana Garc"}, func(e audit.Entry) bool {
		return e.ActorID == f.env.Admin || strings.Contains(strings.ToLower(e.EntityName), "ana")
	}, 1)
	// % and _ are literal in the search box.
	if p, _ := f.svc.List(ctx, f.owner, audit.Query{Search: "%"}); len(p.Rows) != 0 {
		t.Fatal("% is a wildcard in the search")
	}
	for _, bad := range []audit.Query{{Entity: "payroll"}, {From: "yesterday"}, {Search: strings.Repeat("x", 1<<20)},
		{Search: "a\x00b"}, {Cursor: "nonsense"}} {
		if _, err := f.svc.List(ctx, f.owner, bad); apperr.CodeOf(err) != apperr.CodeValidation {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
}

func TestExportCSVAndXLSXHoldTheFilteredEntriesWithoutSecrets(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	q := audit.Query{ActorID: f.env.Admin}
	want := len(all(t, f, f.admin, q))
	var calls [][2]int
	n, err := f.svc.Export(ctx, f.admin, q, audit.FormatCSV, filepath.Join(dir, "a.csv"), func(d, tot int) { calls = append(calls, [2]int{d, tot}) })
	if err != nil || n != want || len(calls) < 2 || calls[len(calls)-1] != [2]int{want, want} {
		t.Fatalf("csv export: n=%d want %d err=%v progress=%v", n, want, err, calls)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	if !strings.HasPrefix(string(b), "\ufeff") || strings.Contains(string(b), "new-hash-never-shown") || !strings.Contains(string(b), "Password: changed") {
		t.Fatalf("csv: %s", b)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != want+1 || !slices.Equal(recs[0], audit.ExportHeaders("en")) {
		t.Fatalf("csv records: %d %v", len(recs), err)
	}
	if recs[1][2] != "Ana García" || !strings.Contains(recs[1][8], "Phone: ") {
		t.Fatalf("csv first row: %v", recs[1])
	}
	// XLSX: same rows. The export itself was audited, so the administrator's entries grew by one.
	n, err = f.svc.Export(ctx, f.admin, q, audit.FormatXLSX, filepath.Join(dir, "a.xlsx"), nil)
	if err != nil || n != want+1 {
		t.Fatalf("xlsx export: %d %v", n, err)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "a.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	xr, _ := x.GetRows("Audit")
	if len(xr) != want+2 || xr[1][7] != "Exported" || xr[1][4] != "Audit log" {
		t.Fatalf("xlsx rows %d, first %v", len(xr), xr[1])
	}
	for _, r := range xr {
		if strings.Contains(strings.Join(r, " "), "new-hash-never-shown") {
			t.Fatal("xlsx holds a secret")
		}
	}
	// A cancelled export leaves no file.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.svc.Export(cctx, f.owner, audit.Query{}, audit.FormatCSV, filepath.Join(dir, "c.csv"), nil); apperr.CodeOf(err) != audit.CodeCanceled {
		t.Fatalf("cancelled export: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "c.csv")); !os.IsNotExist(err) {
		t.Fatal("cancelled export left a file")
	}
	if _, err := f.svc.Export(ctx, f.owner, audit.Query{}, "pdf", filepath.Join(dir, "x.pdf"), nil); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("pdf: %v", err)
	}
}

// The list's first page is an index walk, never a sort of the whole log.
func TestListQueriesUseAnIndexForTheOrder(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{
		// The readers' queries (audit.go fetch and where): audit_read (migration 0120) with the
		// stored forms of the time, entity, action and workstation.
		`SELECT id FROM audit_read l ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT id FROM audit_read l WHERE l.entity_key = 4 ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT id FROM audit_read l WHERE l.ws_key = (SELECT n FROM audit_ids WHERE id = 'x') ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT id FROM audit_read l WHERE l.action_key = 'x' ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT id FROM audit_read l WHERE (l.at_key, l.id) < (1796561039749, 5) ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT id FROM audit_read l WHERE l.actor_id = 'x' ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
		`SELECT l.id FROM audit_scope s JOIN audit_read l ON l.id = s.audit_id WHERE s.ws = (SELECT n FROM audit_ids WHERE id = 'x') ORDER BY s.at DESC, s.audit_id DESC LIMIT 51`,
		// A History: one user's entries from the entity index, newest first.
		`SELECT id FROM audit_read l WHERE l.entity_key_id = x'01a24b61d5f97e84b0b928855d039aa9' AND l.entity = 'users' ORDER BY l.at_key DESC, l.id DESC LIMIT 51`,
	} {
		if p := queryPlan(t, f.env.DB, q); strings.Contains(p, "TEMP B-TREE") {
			t.Fatalf("%s sorts: %s", q, p)
		}
	}
}

// Membership rows (a team's member, a campaign's member with channels, a user's workspace)
// read with names: the entry is named "person · group", its changes say the person, the
// group and the channels as a list, never an id or a JSON array; a profile change names the
// built-in profile in the reader's language. The export speaks the exporter's language.
func TestEntriesNameMembershipsAndIdsInTheReadersLanguage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	camp := store.NewID()
	if err := f.env.DB.Write(ctx, f.env.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("team_members", store.PairID("team_members", f.teamA, f.env.AgentA), store.Fields{"team_id": f.teamA, "user_id": f.env.AgentA}); err != nil {
			return err
		}
		if err := tx.Insert("campaigns", camp, store.Fields{"name": "Retención", "workspace_id": f.env.WorkspaceA}); err != nil {
			return err
		}
		if err := tx.Insert("campaign_members", store.PairID("campaign_members", camp, f.env.AgentA), store.Fields{"campaign_id": camp,
			"user_id": f.env.AgentA, "role": "agent", "channels": `["voice","chat"]`}); err != nil {
			return err
		}
		if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", f.env.AgentA, f.env.WorkspaceB), store.Fields{"user_id": f.env.AgentA, "workspace_id": f.env.WorkspaceB}); err != nil {
			return err
		}
		if err := tx.Update("users", f.env.AgentA, store.Fields{"profile_id": f.env.AdminProfile}); err != nil {
			return err
		}
		return tx.Update("users", f.env.Owner, store.Fields{"language": "es"})
	}); err != nil {
		t.Fatal(err)
	}
	rows := all(t, f, f.owner, audit.Query{})
	ids := []string{f.teamA, camp, f.env.AgentA, f.env.WorkspaceB, f.env.AdminProfile, f.env.AgentProfile}
	seen := map[string]audit.Entry{}
	for _, e := range rows {
		if e.Entity == "team_members" || e.Entity == "campaign_members" || e.Entity == "user_workspaces" ||
			(e.Entity == "users" && e.EntityID == f.env.AgentA && e.Action == "update") {
			if _, ok := seen[e.Entity]; !ok { // newest first: ours
				seen[e.Entity] = e
			}
			text := fmt.Sprint(e.Changes)
			for _, id := range ids {
				if strings.Contains(text, id) {
					t.Fatalf("%s shows an id: %s", e.Entity, text)
				}
			}
			if strings.Contains(text, "[\"") {
				t.Fatalf("%s shows a JSON array: %s", e.Entity, text)
			}
		}
	}
	if seen["team_members"].EntityName != "Jan Kowalski · Ventas Lima" || seen["campaign_members"].EntityName != "Jan Kowalski · Retención" ||
		seen["user_workspaces"].EntityName == "" || !strings.HasPrefix(seen["user_workspaces"].EntityName, "Jan Kowalski · ") {
		t.Fatalf("membership names: %q %q %q", seen["team_members"].EntityName, seen["campaign_members"].EntityName, seen["user_workspaces"].EntityName)
	}
	var channels any
	for _, c := range seen["campaign_members"].Changes {
		if c.Field == "channels" {
			channels = c.New
		}
	}
	if l, ok := channels.([]any); !ok || len(l) != 2 || l[0] != "voice" {
		t.Fatalf("channels %#v", channels)
	}
	var profile store.FieldChange
	for _, c := range seen["users"].Changes {
		if c.Field == "profile_id" {
			profile = c
		}
	}
	if profile.Old != "Agente" || profile.New != "Administrador" {
		t.Fatalf("profile change %+v", profile)
	}
	// The export: Spanish headers and column labels, names, Yes/No as "Sí", ";" separated, the
	// secret "cambiado".
	path := filepath.Join(t.TempDir(), "a.csv")
	if _, err := f.svc.Export(ctx, f.owner, audit.Query{}, audit.FormatCSV, path, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || !slices.Equal(recs[0], audit.ExportHeaders("es")) || recs[0][1] == "actor_id" {
		t.Fatalf("header %v %v", recs[0], err)
	}
	text := string(b)
	if !strings.Contains(text, "Contraseña: cambiado") || !strings.Contains(text, "Canales: voice, chat") ||
		!strings.Contains(text, "Activo: Sí") || strings.Contains(text, "active: 1") || strings.Contains(text, "password_hash") ||
		!strings.Contains(text, "Jan Kowalski · Ventas Lima") || !strings.Contains(text, "Perfil: Agente → Administrador") ||
		!strings.Contains(text, ";Perfil;"+f.env.AgentProfile+";Agente;Creación;") {
		t.Fatalf("export: %s", text)
	}
}

// The column labels and Yes/No of an export are the window's (the locale files), in every language.
func TestExportWordsMatchTheLocales(t *testing.T) {
	for lang, labels := range audit.FieldLabels() {
		want := map[string]string{}
		var yes, no string
		for _, area := range []string{"profile", "day"} {
			b, err := os.ReadFile(filepath.Join("..", "..", "frontend", "src", "i18n", "locales", area, lang+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Profile struct {
					HistoryField map[string]string `json:"historyField"`
					Yes          string            `json:"yes"`
					No           string            `json:"no"`
				} `json:"profile"`
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			for k, v := range doc.Profile.HistoryField {
				want[k] = v
			}
			if doc.Profile.Yes != "" {
				yes, no = doc.Profile.Yes, doc.Profile.No
			}
		}
		if !maps.Equal(labels, want) {
			t.Errorf("%s: Go labels %v, the window %v", lang, labels, want)
		}
		if yn := audit.YesNo()[lang]; yn[0] != yes || yn[1] != no {
			t.Errorf("%s: Go says %v, the window %q/%q", lang, yn, yes, no)
		}
	}
	if len(audit.FieldLabels()) != 4 || len(audit.YesNo()) != 4 {
		t.Fatal("four languages")
	}
}

// An export says each entry's entity and action in the exporter's words, as the audit page
// does, and names a follow-up by its client (the page showed "#1a2b3c4d", the export
// nothing): CSV and XLSX alike, in Polish here.
func TestExportSaysEntitiesActionsAndFollowupsInTheExportersLanguage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	fu := f.env.SeedFollowup(f.clientA, f.env.AgentA, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), "call back")
	f.env.Clock.Advance(time.Minute)
	if err := f.env.DB.Write(ctx, f.env.Owner, func(tx *store.Tx) error {
		return tx.Update("followups", fu, store.Fields{"note": "call back after 10"}) // names no client
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.env.DB.Write(ctx, f.env.Owner, func(tx *store.Tx) error {
		return tx.Update("users", f.env.Owner, store.Fields{"language": "pl"})
	}); err != nil {
		t.Fatal(err)
	}
	q := audit.Query{Entity: "followups"}
	page, err := f.svc.List(ctx, f.owner, q)
	if err != nil || len(page.Rows) != 2 || page.Rows[0].EntityName != "Cliente Andino" || page.Rows[1].EntityName != "Cliente Andino" {
		t.Fatalf("the audit page's follow-ups: %+v %v", page, err)
	}
	dir := t.TempDir()
	if _, err := f.svc.Export(ctx, f.owner, q, audit.FormatXLSX, filepath.Join(dir, "a.xlsx"), nil); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "a.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	xr, _ := x.GetRows("Audit")
	if len(xr) != 3 {
		t.Fatalf("xlsx rows %v", xr)
	}
	for i, want := range []string{"Edycja", "Utworzenie"} {
		r := xr[i+1]
		if r[4] != "Kontakt zaplanowany" || r[5] != fu || r[6] != "Cliente Andino" || r[7] != want {
			t.Fatalf("xlsx row %d: %q", i+1, r)
		}
	}
	if _, err := f.svc.Export(ctx, f.owner, audit.Query{}, audit.FormatCSV, filepath.Join(dir, "a.csv"), nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	recs, err := func() ([][]string, error) {
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
		r.Comma = ';'
		return r.ReadAll()
	}()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		if r[4] == "followups" || r[4] == "users" || r[4] == "clients" || r[7] == "create" || r[7] == "update" {
			t.Fatalf("a code in the export: %q", r)
		}
	}
	if !strings.Contains(string(b), ";Klient;"+f.clientA+";Cliente Andino;Utworzenie;") {
		t.Fatalf("csv: %s", b)
	}
}

// The export's words for entities and actions are the audit page's (audit.entity.*, and
// audit.action.* else profile.historyAction.*), merged from every locale file as the window
// merges them (the main file, then each feature folder in name order), in every language.
func TestExportEntityAndActionWordsMatchTheLocales(t *testing.T) {
	root := filepath.Join("..", "..", "frontend", "src", "i18n", "locales")
	for _, lang := range []string{"en", "es", "pt", "pl"} {
		files, err := filepath.Glob(filepath.Join(root, "*", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(files)
		entity, history, action := map[string]string{}, map[string]string{}, map[string]string{}
		for _, file := range append([]string{filepath.Join(root, lang+".json")}, files...) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Audit struct {
					Entity map[string]string `json:"entity"`
					Action map[string]string `json:"action"`
				} `json:"audit"`
				Profile struct {
					HistoryAction map[string]string `json:"historyAction"`
				} `json:"profile"`
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			maps.Copy(entity, doc.Audit.Entity)
			maps.Copy(action, doc.Audit.Action)
			maps.Copy(history, doc.Profile.HistoryAction)
		}
		maps.Copy(history, action)
		if !maps.Equal(audit.EntityWords()[lang], entity) {
			t.Errorf("%s entities: Go %v, the window %v", lang, audit.EntityWords()[lang], entity)
		}
		if !maps.Equal(audit.ActionWords()[lang], history) {
			t.Errorf("%s actions: Go %v, the window %v", lang, audit.ActionWords()[lang], history)
		}
	}
}

// TestFilterByOneRowShowsTheCreationOfADownloadedRow: a client that arrived with a first
// download (a page of new rows inserted in bulk: one "downloaded N changes" entry, and the
// row's clock naming it, migrations 0101/0150) has no creation entry of its own; filtered by
// its id, the audit page still shows it created — by the remote actor, on the remote device —
// as the row's History does, with the later changes, for the Owner and for an administrator
// of its workspace (not for one of another workspace); the export holds it too.
func TestFilterByOneRowShowsTheCreationOfADownloadedRow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const device = "desk-2"
	inA, inB := downloadClients(t, f, device, 40)
	f.env.Clock.Advance(time.Minute)
	later := remoteClient(t, f, device, inA[3], f.env.Clock.Now().UnixMilli(), map[string]any{"phone": "+51 1 555 0199"})
	if _, err := f.env.DB.ApplyRemote(ctx, []store.Change{later}, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}

	created := func(rows []audit.Entry, id string) bool {
		return slices.ContainsFunc(rows, func(e audit.Entry) bool {
			return e.EntityID == id && e.Entity == "clients" && e.Action == "create" && e.ActorID == f.env.Owner && e.WorkstationID == device
		})
	}
	for _, q := range []audit.Query{{Entity: "clients", EntityID: inA[3]}, {EntityID: inA[3]}, {EntityID: inA[3], Action: "create"}} {
		rows := all(t, f, f.owner, q)
		if !created(rows, inA[3]) || slices.ContainsFunc(rows, func(e audit.Entry) bool { return e.EntityID != inA[3] }) {
			t.Fatalf("Owner, %+v: %+v", q, rows)
		}
		if q.Action == "" && (len(rows) != 2 || rows[0].Action != "update" || rows[0].EntityName != "Descargado 06") {
			t.Fatalf("Owner, %+v: want the update then the creation, newest first: %+v", q, rows)
		}
	}
	if rows := all(t, f, f.owner, audit.Query{EntityID: inA[3], Action: "update", From: "2000-01-01T00:00:00Z"}); len(rows) != 1 || created(rows, inA[3]) {
		t.Fatalf("the action filter lets the creation through: %+v", rows)
	}
	if rows := all(t, f, f.admin, audit.Query{Entity: "clients", EntityID: inA[3]}); len(rows) != 2 || !created(rows, inA[3]) {
		t.Fatalf("administrator of its workspace: %+v", rows)
	}
	if rows := all(t, f, f.admin, audit.Query{Entity: "clients", EntityID: inB[3]}); len(rows) != 0 {
		t.Fatalf("administrator of another workspace sees %+v", rows)
	}
	if rows := all(t, f, f.owner, audit.Query{Entity: "clients", EntityID: inB[3]}); len(rows) != 1 || !created(rows, inB[3]) {
		t.Fatalf("Owner, a client of workspace B: %+v", rows)
	}
	path := filepath.Join(t.TempDir(), "one.csv")
	if n, err := f.svc.Export(ctx, f.owner, audit.Query{EntityID: inA[3]}, audit.FormatCSV, path, nil); err != nil || n != 2 {
		t.Fatalf("export of one row: %d entries, %v", n, err)
	}

	// A row's History (audit_history, as users/history.go asks it) seeks it: the log's entity
	// index and the row clock's key, never a walk over every row clock (a million after a
	// large download). The audit page's own queries: TestDownloadedCreationsAreReadThroughIndexes.
	if p := queryPlan(t, f.env.DB, `SELECT l.id FROM audit_history l WHERE l.entity_key_id = ? AND l.entity_id = ?
		ORDER BY l.at_key DESC, l.id DESC LIMIT 51`, store.AuditIDKey(inA[3]), inA[3]); !strings.Contains(p, "SEARCH r USING PRIMARY KEY (tbl=? AND row_id=?)") || strings.Contains(p, "SCAN r") ||
		strings.Contains(p, "SCAN e") {
		t.Fatalf("the filter by one row does not seek:\n%s", p)
	}
}

// downloadClients applies, as a download does, one page of n new clients ("Descargado 00",
// "Descargado 01", …) made by the Owner on another workstation (device), alternately in
// workspaces A and B: the page goes in in bulk, its rows sharing one "downloaded" entry
// (migrations 0101, 0170). It returns the clients of A and of B.
func downloadClients(t *testing.T, f *fixture, device string, n int) (inA, inB []string) {
	t.Helper()
	base := f.env.Clock.Now().Add(-time.Minute).UnixMilli()
	var page []store.Change
	for i := 0; i < n; i++ {
		id, ws := store.NewID(), f.env.WorkspaceA
		if i%2 == 1 {
			ws = f.env.WorkspaceB
			inB = append(inB, id)
		} else {
			inA = append(inA, id)
		}
		page = append(page, remoteClient(t, f, device, id, base+int64(i), map[string]any{"name": fmt.Sprintf("Descargado %02d", i), "workspace_id": ws}))
	}
	if _, err := f.env.DB.ApplyRemote(context.Background(), page, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	var own int
	if err := f.env.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'clients' AND entity_id IN (?, ?)`, inA[0], inB[0]).Scan(&own); err != nil || own != 0 {
		t.Fatalf("the page went in change by change (%d entries of its own, %v): the test needs the bulk path", own, err)
	}
	return inA, inB
}

// remoteClient is a change of client id made by the Owner on device at millis.
func remoteClient(t *testing.T, f *fixture, device, id string, millis int64, fields map[string]any) store.Change {
	t.Helper()
	raw := map[string]json.RawMessage{}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		raw[k] = b
	}
	return store.Change{Table: "clients", ID: id, HLC: store.HLC{Millis: millis, Device: device}.String(),
		Fields: raw, DeviceID: device, ActorID: f.env.Owner}
}

// queryPlan is what EXPLAIN QUERY PLAN says of q, one step a line.
func queryPlan(t *testing.T, db *store.DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.Read().Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "\n")
}

// The creations of downloaded rows join the audit page's list by two index walks: the
// download pages' entries newest first, and each page's rows in order — never a walk over
// every row clock (a million after a large download) nor a sort of them.
func TestDownloadedCreationsAreReadThroughIndexes(t *testing.T) {
	f := newFixture(t)
	inA, _ := downloadClients(t, f, "desk-2", 40)
	p, err := f.svc.List(context.Background(), f.owner, audit.Query{Limit: 3})
	if err != nil || p.Next == "" {
		t.Fatalf("first page: %v %+v", err, p)
	}
	for _, c := range []struct {
		name string
		a    *access.Actor
		q    audit.Query
	}{
		{"owner", f.owner, audit.Query{}},
		{"owner, next page inside a download page", f.owner, audit.Query{Cursor: p.Next}},
		{"owner, next page after an entry", f.owner, audit.Query{Cursor: "2026-11-23T09:04:00.000Z|5"}},
		{"owner, entity", f.owner, audit.Query{Entity: "users"}},
		{"owner, action", f.owner, audit.Query{Action: "create"}},
		{"owner, actor", f.owner, audit.Query{ActorID: f.env.Admin}},
		{"owner, workstation", f.owner, audit.Query{WorkstationID: "desk-2"}},
		{"owner, search", f.owner, audit.Query{Search: "ana.lopez"}},
		{"owner, one row", f.owner, audit.Query{EntityID: inA[0]}},
		{"administrator", f.admin, audit.Query{}},
		{"owner, search a name", f.owner, audit.Query{Search: "Descargado 07"}},
		{"owner, search a person", f.owner, audit.Query{Search: "Ana Garc"}},
		{"owner, search an id", f.owner, audit.Query{Search: inA[1]}},
		{"administrator, search", f.admin, audit.Query{Search: "Descargado"}},
		{"administrator, search, next page", f.admin, audit.Query{Search: "Descargado", Cursor: p.Next}},
	} {
		for _, sparse := range []int{5000, 0} {
			restore := audit.SetSparseMatches(sparse)
			sqls, args, err := f.svc.CreatedSQL(context.Background(), c.a, c.q)
			restore()
			if err != nil || len(sqls) == 0 {
				t.Fatal(err)
			}
			for i, sql := range sqls {
				plan := queryPlan(t, f.env.DB, sql, args[i]...)
				steps := strings.Split(plan, "\n")
				has := func(prefix string) bool {
					return slices.ContainsFunc(steps, func(s string) bool { return strings.HasPrefix(s, prefix) })
				}
				// The pages' entries walked in order by an index (or the cursor's one sought),
				// each page's rows sought by its entry, in order; or the row named, or the few
				// rows the search matches, sought by their key (and sorted).
				walks := (has("SEARCH e USING INDEX") || has("SEARCH e USING INTEGER PRIMARY KEY")) &&
					has("SEARCH r USING COVERING INDEX sync_row_clock_origin_idx (origin=?") && !strings.Contains(plan, "TEMP B-TREE")
				seeks := (c.q.EntityID != "" || c.q.Search != "") && has("SEARCH r USING PRIMARY KEY (tbl=? AND row_id=?)")
				if !walks && !seeks || has("SCAN r") || has("SCAN e") {
					t.Errorf("%s (%d): the creations of downloaded rows are not read through indexes:\n%s", c.name, sparse, plan)
				}
			}
		}
	}
}

// A download's rows created in bulk (one page entry for them all) are listed on the audit
// page as created, each with the remote actor, time and workstation, as a local creation
// would be: in the unfiltered list (paged without gaps or repeats, inside the page's rows
// too), under the entity and action filters, and found by the search box by the row's name;
// an administrator sees those of their workspaces only.
func TestDownloadedCreationsAreListedFilteredAndSearchedLikeLocalOnes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const device = "desk-2"
	inA, inB := downloadClients(t, f, device, 40)
	f.env.Clock.Advance(time.Minute)
	f.env.SeedClient("Cliente Local", "+51 1 555 0102", f.env.WorkspaceA, f.env.AgentA)

	created := func(rows []audit.Entry) map[string]int {
		n := map[string]int{}
		for _, e := range rows {
			if e.Action == "create" && e.Entity == "clients" && e.WorkstationID == device {
				if e.ActorID != f.env.Owner || e.At == "" || !strings.HasPrefix(e.EntityName, "Descargado") {
					t.Fatalf("creation of a downloaded client: %+v", e)
				}
				n[e.EntityID]++
			}
		}
		return n
	}
	wantAll := func(name string, rows []audit.Entry, want, not []string) {
		t.Helper()
		got := created(rows)
		for _, id := range want {
			if got[id] != 1 {
				t.Fatalf("%s: the creation of %s is there %d times", name, id, got[id])
			}
		}
		for _, id := range not {
			if got[id] != 0 {
				t.Fatalf("%s: shows the creation of %s", name, id)
			}
		}
	}
	ordered := func(name string, rows []audit.Entry) {
		t.Helper()
		ids := map[string]bool{}
		for i, e := range rows {
			if ids[e.ID] {
				t.Fatalf("%s: entry %s twice", name, e.ID)
			}
			ids[e.ID] = true
			if i > 0 && rows[i-1].At < e.At {
				t.Fatalf("%s: not newest first at %d", name, i)
			}
		}
	}
	both := append(slices.Clone(inA), inB...)

	rows := all(t, f, f.owner, audit.Query{})
	ordered("Owner, unfiltered", rows)
	wantAll("Owner, unfiltered", rows, both, nil)
	if !slices.ContainsFunc(rows, func(e audit.Entry) bool { return e.Entity == "sync" && e.Action == "download" }) ||
		!slices.ContainsFunc(rows, func(e audit.Entry) bool { return e.Action == "create" && e.EntityName == "Cliente Local" }) {
		t.Fatal("the page entry or the local creation is missing")
	}
	for _, q := range []audit.Query{{Entity: "clients"}, {Action: "create"}, {Entity: "clients", Action: "create"}, {WorkstationID: device}, {ActorID: f.env.Owner}} {
		rows := all(t, f, f.owner, q)
		ordered(fmt.Sprintf("%+v", q), rows)
		wantAll(fmt.Sprintf("Owner, %+v", q), rows, both, nil)
	}
	for _, q := range []audit.Query{{Entity: "users"}, {Action: "update"}, {WorkstationID: f.env.DB.WorkstationID()}, {ActorID: f.env.Admin}} {
		wantAll(fmt.Sprintf("Owner, %+v", q), all(t, f, f.owner, q), nil, both)
	}
	// The search reads the rows it matches by their keys when they are few, else checks the
	// rows of the download pages in order: the same entries either way.
	var ownerName string
	if err := f.env.DB.Read().QueryRow(`SELECT username FROM users WHERE id = ?`, f.env.Owner).Scan(&ownerName); err != nil {
		t.Fatal(err)
	}
	for _, sparse := range []int{5000, 0} {
		restore := audit.SetSparseMatches(sparse)
		// The actor's username finds what they did: the creations of the rows they made.
		rows = all(t, f, f.owner, audit.Query{Search: ownerName})
		ordered("Owner, search for the actor", rows)
		wantAll("Owner, search for the actor", rows, both, nil)
		rows = all(t, f, f.owner, audit.Query{Search: "descargado 07"})
		if len(rows) != 1 || rows[0].EntityID != inB[3] || rows[0].Action != "create" {
			t.Fatalf("search by a downloaded client's name (%d): %+v", sparse, rows)
		}
		if rows = all(t, f, f.owner, audit.Query{Search: inA[2]}); len(rows) != 1 || rows[0].EntityID != inA[2] {
			t.Fatalf("search by a downloaded client's id (%d): %+v", sparse, rows)
		}
		rows = all(t, f, f.owner, audit.Query{Search: "Descargado", Entity: "clients", Action: "create"})
		ordered("Owner, search", rows)
		wantAll("Owner, search", rows, both, nil)
		if len(rows) != len(both) {
			t.Fatalf("search for the downloaded clients (%d): %d entries, want %d", sparse, len(rows), len(both))
		}
		rows = all(t, f, f.admin, audit.Query{Search: "Descargado"})
		ordered("administrator, search", rows)
		wantAll("administrator, search", rows, inA, inB)
		restore()
	}

	rows = all(t, f, f.admin, audit.Query{})
	ordered("administrator", rows)
	wantAll("administrator of workspace A", rows, inA, inB)
	wantAll("administrator, entity", all(t, f, f.admin, audit.Query{Entity: "clients", Action: "create"}), inA, inB)
	if _, err := f.svc.List(ctx, f.agent, audit.Query{}); apperr.CodeOf(err) == "" {
		t.Fatal("an agent reads the audit log")
	}

	// The export holds what the list shows, and counts it.
	var progress [][2]int
	path := filepath.Join(t.TempDir(), "all.csv")
	n, err := f.svc.Export(ctx, f.admin, audit.Query{Entity: "clients", Action: "create"}, audit.FormatCSV, path,
		func(d, tot int) { progress = append(progress, [2]int{d, tot}) })
	if err != nil || n != len(inA)+2 || progress[0][1] != n {
		t.Fatalf("export: %d entries (want the %d downloaded and 2 local ones of A), %v, progress %v", n, len(inA), err, progress)
	}
}
