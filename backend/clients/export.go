package clients

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// exportHeaders name the columns in the exporting person's language, so a spreadsheet in
// that language reads them.
var exportHeaders = map[string][]string{
	"en": {"Name", "Document ID", "Phone", "E-mail", "Workspace", "Tags", "Notes", "Owner", "Owner username", "Open follow-ups", "Created", "ID"},
	"es": {"Nombre", "Documento", "Teléfono", "Correo", "Espacio de trabajo", "Etiquetas", "Notas", "Responsable", "Usuario del responsable", "Seguimientos abiertos", "Creado", "ID"},
	"pt": {"Nome", "Documento", "Telefone", "E-mail", "Espaço de trabalho", "Etiquetas", "Notas", "Responsável", "Usuário do responsável", "Acompanhamentos abertos", "Criado", "ID"},
	"pl": {"Nazwa", "Dokument", "Telefon", "E-mail", "Przestrzeń robocza", "Tagi", "Notatki", "Opiekun", "Login opiekuna", "Otwarte kontakty", "Utworzono", "ID"},
}

// CSVSeparator is the separator a spreadsheet in lang opens in columns: Excel in Spanish,
// Portuguese and Polish locales uses the semicolon (their decimal separator is the comma).
func CSVSeparator(lang string) rune {
	if lang == "en" {
		return ','
	}
	return ';'
}

// exportBatch is how many clients are loaded at a time while exporting.
const exportBatch = 500

// Export returns every client of the filtered list (the list's filters and order, not one
// page) as XLSX or CSV in the actor's language: headers translated, CSV separated by ";" for
// es, pt and pl (UTF-8 with BOM). The export is recorded in the audit log. Same scope as List.
func (s *Service) Export(ctx context.Context, a *access.Actor, q ListQuery, format string) ([]byte, error) {
	if err := access.Check(a, need); err != nil {
		return nil, err
	}
	if format != FormatCSV && format != FormatXLSX {
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{FormatXLSX, FormatCSV})
	}
	r := s.read(ctx)
	lang := "es"
	_ = r.QueryRow(sq.Select("language").From("users").Where(sq.Eq{"id": a.UserID})).Scan(&lang)
	headers, ok := exportHeaders[lang]
	if !ok {
		headers = exportHeaders["en"]
	}
	keys, join, desc := sortKeys(q.Sort)
	cols := make([]string, len(keys))
	for i, k := range keys {
		if desc {
			cols[i] = k + " DESC"
		} else {
			cols[i] = k + " ASC"
		}
	}
	b := sq.Select("c.id").From("clients c").Where(listWhere(a, q)).OrderBy(cols...)
	if join != "" {
		b = b.JoinClause(join)
	}
	ids, err := store.Strings(r, b)
	if err != nil {
		return nil, err
	}
	records := [][]string{headers}
	for start := 0; start < len(ids); start += exportBatch {
		if ctx.Err() != nil {
			return nil, apperr.New(CodeCanceled)
		}
		rows, err := clientsByID(r, ids[start:min(start+exportBatch, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			records = append(records, []string{c.Name, c.DocumentID, c.Phone, c.Email, c.WorkspaceName,
				strings.Join(c.Tags, ", "), c.Notes, c.OwnerName, c.OwnerUsername, strconv.Itoa(c.OpenFollowups), c.CreatedAt, c.ID})
		}
	}
	var out []byte
	if format == FormatCSV {
		out, err = exportCSV(records, CSVSeparator(lang))
	} else {
		out, err = exportXLSX(records)
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Audit("clients", "", "export", map[string]any{"format": format, "rows": len(ids), "search": q.Search,
			"owners": q.OwnerIDs, "unassigned": q.Unassigned, "workspaces": q.Workspaces, "tags": q.Tags})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cellSafe keeps a spreadsheet from running a cell as a formula (CSV injection).
func cellSafe(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '@', '\t', '\r':
		return "'" + v
	case '+', '-':
		if strings.Trim(v, "+-0123456789 ()") != "" {
			return "'" + v
		}
	}
	return v
}

func exportCSV(records [][]string, sep rune) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = sep
	w.UseCRLF = true
	for _, rec := range records {
		safe := make([]string, len(rec))
		for i, v := range rec {
			safe[i] = cellSafe(v)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func exportXLSX(records [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Clients"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, rec := range records {
		cells := make([]any, len(rec))
		for j, v := range rec {
			cells[j] = excelize.Cell{Value: v}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
