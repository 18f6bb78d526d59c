package clients_test

import (
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
)

const importCSV = "\ufeffName;Document ID;Phone;E-mail;Workspace;Tags;Notes;Owner\n" +
	"Ana Álvarez;11111111A;+34 600 111 222;ana@example.com;Lima;vip|mora;;agent.a\n" +
	"Bruno Díaz;22222222B;;;lima;;call after 5;\n" +
	";33333333C;;;Lima;;;\n" + // no name
	"Carla Ruiz;11111111A;;carla@;Lima;;;agent.b\n" + // repeated document, bad e-mail, owner of another workspace
	"Dora Paz;;;;Kraków;;;\n" + // admin A does not act in Kraków
	"Eva Sol;;;;Nowhere;;;agent.off\n" // unknown workspace, inactive owner

func errs(r clients.ImportRow) map[string]string {
	out := map[string]string{}
	for _, e := range r.Errors {
		rule, _ := e.Params["rule"].(string)
		out[e.Field] = e.Code + "/" + rule
	}
	return out
}

func TestImportPreviewTellsEveryRowsErrors(t *testing.T) {
	f := newFixture(t, 0)
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	if p.Valid != 2 || p.Invalid != 4 || len(p.Rows) != 6 {
		t.Fatalf("preview valid %d invalid %d", p.Valid, p.Invalid)
	}
	want := []map[string]string{
		{},
		{},
		{"name": "validation/required"},
		{"documentId": "conflict_unique/", "email": "validation/email", "owner": "validation/owner_workspace"},
		{"workspace": "permission_denied/"},
		{"workspace": "validation/unknown", "owner": "validation/inactive_owner"},
	}
	for i, w := range want {
		got := errs(p.Rows[i])
		if len(got) != len(w) {
			t.Fatalf("line %d errors %v, want %v", p.Rows[i].Line, got, w)
		}
		for k, v := range w {
			if got[k] != v {
				t.Fatalf("line %d %s: %q want %q", p.Rows[i].Line, k, got[k], v)
			}
		}
	}
	if p.Rows[0].OwnerID != f.AgentA || p.Rows[0].WorkspaceID != f.WorkspaceA || len(p.Rows[0].Tags) != 2 || p.Rows[3].Line != 5 {
		t.Fatalf("row 0 %+v", p.Rows[0])
	}
	if _, err := f.Svc.PreviewImport(ctx, f.AgA, []byte(importCSV), "csv"); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent preview: %v", err)
	}
	if _, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte("nombre\nx\n"), "csv"); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("missing column: %v", err)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	f := newFixture(t, 0)
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	before := count(t, f, `SELECT COUNT(*) FROM clients`)
	// Without "only valid rows", one bad row stops everything.
	_, err = f.Svc.Import(ctx, f.AdminA, p.Rows, clients.ImportOptions{}, nil)
	if apperr.CodeOf(err) != apperr.CodeValidation || apperr.As(err).Field != "rows" {
		t.Fatalf("import with bad rows: %v", err)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM clients`); n != before {
		t.Fatalf("half-imported %d", n-before)
	}
	// Cancelled midway: nothing.
	cctx, cancel := context.WithCancel(ctx)
	_, err = f.Svc.Import(cctx, f.AdminA, p.Rows, clients.ImportOptions{OnlyValid: true}, func(done, total int) {
		if done == 1 {
			cancel()
		}
	})
	if apperr.CodeOf(err) != clients.CodeCanceled {
		t.Fatalf("cancelled import: %v", err)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM clients`); n != before {
		t.Fatalf("cancelled import left %d", n-before)
	}
	// Rows sent back are checked again: a row "fixed" in the window without its errors is
	// still refused.
	forged := append([]clients.ImportRow(nil), p.Rows...)
	forged[4].Errors = nil
	res, err := f.Svc.Import(ctx, f.AdminA, forged, clients.ImportOptions{OnlyValid: true}, nil)
	must(t, err)
	if res.Created != 2 || res.Skipped != 4 {
		t.Fatalf("result %+v", res)
	}
	page, err := f.Svc.List(ctx, f.AgA, clients.ListQuery{Search: "ana alvarez"})
	must(t, err)
	if page.Total != 1 || page.Rows[0].Phone != "+34 600 111 222" {
		t.Fatalf("imported client %+v", page)
	}
	// The same file again: the documents are now taken.
	p, err = f.Svc.PreviewImport(ctx, f.AdminA, []byte(importCSV), "csv")
	must(t, err)
	if p.Valid != 0 {
		t.Fatalf("re-import valid %d", p.Valid)
	}
}

func TestImportXLSX(t *testing.T) {
	f := newFixture(t, 0)
	x := excelize.NewFile()
	for i, row := range [][]any{{"name", "owner", "tags"}, {"Zenon Łęcki", "agent.a2", "b2b"}, {"Ola Kot", "", ""}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(t, x.SetSheetRow("Sheet1", cell, &row))
	}
	buf, err := x.WriteToBuffer()
	must(t, err)
	p, err := f.Svc.PreviewImport(ctx, f.AdminA, buf.Bytes(), "xlsx")
	must(t, err)
	if p.Valid != 2 || p.Rows[0].OwnerID != f.P.AgentA2 || p.Rows[1].WorkspaceID != f.WorkspaceA {
		t.Fatalf("xlsx preview %+v", p.Rows)
	}
	if _, err := f.Svc.PreviewImport(ctx, f.AdminA, []byte("not a zip"), "xlsx"); apperr.CodeOf(err) != apperr.CodeValidation {
		t.Fatalf("broken xlsx: %v", err)
	}
}

// A stray quote in one line of the file is that row's error; the rows after it are read as
// themselves (before, the reader merged them into the broken row's field).
func TestImportBrokenQuoteIsThatRowsError(t *testing.T) {
	rows, err := clients.ParseImport([]byte("Name,Phone\n\"Ana Álvarez,600111222\nBruno Díaz,600333444\n"), "csv")
	if err != nil {
		t.Fatal(apperr.JSON(err))
	}
	if len(rows) != 2 || rows[0].Line != 2 || rows[0].Valid() || rows[0].Errors[0].Params["rule"] != "csv_quote" {
		t.Fatalf("broken row: %+v", rows)
	}
	if rows[1].Line != 3 || rows[1].Name != "Bruno Díaz" || !rows[1].Valid() {
		t.Fatalf("next row: %+v", rows[1])
	}
}
