package clients_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/store"
)

// A clients export has the list's filters, headers in the exporting person's language and,
// as CSV in Spanish/Portuguese/Polish, the semicolon Excel there opens in columns; XLSX has
// the same rows. An agent exports only their own clients.
func TestExportClientsWithFiltersInTheUsersLanguage(t *testing.T) {
	f := newFixture(t, 6)
	setLang := func(id, lang string) {
		must(t, f.DB.Write(ctx, id, func(tx *store.Tx) error { return tx.Update("users", id, store.Fields{"language": lang}) }))
	}
	setLang(f.Admin, "es")
	q := clients.ListQuery{OwnerIDs: []string{f.AgentA}}
	out, err := f.Svc.Export(ctx, f.AdminA, q, "csv")
	must(t, err)
	if !bytes.HasPrefix(out, []byte("\ufeff")) {
		t.Fatal("CSV without BOM")
	}
	r := csv.NewReader(bytes.NewReader(out[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	must(t, err)
	if recs[0][0] != "Nombre" || recs[0][7] != "Responsable" {
		t.Fatalf("header %v", recs[0])
	}
	want := count(t, f, `SELECT COUNT(*) FROM clients WHERE owner_id = ?`, f.AgentA)
	if want == 0 || len(recs) != want+1 {
		t.Fatalf("%d lines for %d clients of agent A", len(recs), want)
	}
	for _, rec := range recs[1:] {
		if rec[8] != "agent.a" && rec[8] == "" {
			t.Fatalf("owner column %v", rec)
		}
	}
	// English: commas and English headers.
	setLang(f.Admin, "en")
	out, err = f.Svc.Export(ctx, f.AdminA, q, "csv")
	must(t, err)
	recs, err = csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	must(t, err)
	if recs[0][0] != "Name" || len(recs) != want+1 {
		t.Fatalf("english export %v (%d lines)", recs[0], len(recs))
	}
	// XLSX, the default: the same rows.
	x, err := f.Svc.Export(ctx, f.AdminA, q, "xlsx")
	must(t, err)
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	must(t, err)
	rows, err := wb.GetRows("Clients")
	must(t, err)
	if len(rows) != want+1 || rows[0][0] != "Name" {
		t.Fatalf("xlsx %d rows", len(rows))
	}
	// An agent sees only their own portfolio.
	out, err = f.Svc.Export(ctx, f.AgB, clients.ListQuery{}, "csv")
	must(t, err)
	r = csv.NewReader(bytes.NewReader(out[3:]))
	r.Comma = ';'
	recs, err = r.ReadAll()
	must(t, err)
	if len(recs) != 1+count(t, f, `SELECT COUNT(*) FROM clients WHERE owner_id = ?`, f.AgentB) {
		t.Fatalf("agent B exports %d lines", len(recs))
	}
	if _, err := f.Svc.Export(ctx, f.AdminA, q, "pdf"); err == nil {
		t.Fatal("pdf accepted")
	}
}

// Every interface language names the clients export's columns in that language (all twelve,
// none left in English) and separates its CSV the way Excel there expects.
func TestExportClientsHeadersInEveryLanguage(t *testing.T) {
	f := newFixture(t, 2)
	english := map[string]bool{}
	for _, lang := range []string{"en", "es", "pt", "pl"} {
		must(t, f.DB.Write(ctx, f.Admin, func(tx *store.Tx) error {
			return tx.Update("users", f.Admin, store.Fields{"language": lang})
		}))
		out, err := f.Svc.Export(ctx, f.AdminA, clients.ListQuery{}, "csv")
		must(t, err)
		r := csv.NewReader(bytes.NewReader(out[3:]))
		r.Comma = clients.CSVSeparator(lang)
		recs, err := r.ReadAll()
		must(t, err)
		h := recs[0]
		if len(h) != 12 {
			t.Fatalf("%s: header %v", lang, h)
		}
		want := map[string]string{"en": "Owner", "es": "Responsable", "pt": "Responsável", "pl": "Opiekun"}[lang]
		if h[7] != want {
			t.Fatalf("%s: owner column %q", lang, h[7])
		}
		for i, c := range h {
			if lang == "en" {
				english[c] = true
			} else if english[c] && c != "ID" && c != "E-mail" {
				t.Errorf("%s: column %d still in English: %q", lang, i, c)
			}
		}
	}
}
