package clients

import (
	"strings"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/tabular"
)

// Import file formats.
const (
	FormatCSV  = tabular.CSV
	FormatXLSX = tabular.XLSX
)

// ImportColumns are the columns a client import file may have in its first row (F8.3):
// name is required; workspace is a workspace's name or id (may be left empty when the
// importer acts in one workspace only); tags are separated by ";" or "|"; owner is the
// username (or id) of the user whose portfolio gets the client, empty for unassigned.
// Column names are case-insensitive; other columns are ignored. CSV files may be separated
// by commas, semicolons or tabs and may start with a UTF-8 BOM.
var ImportColumns = []string{"name", "document_id", "phone", "email", "workspace", "tags", "notes", "owner"}

// Limits of an import file.
const (
	MaxImportBytes = 10 << 20
	MaxImportRows  = 10000
)

// ImportRow is one client of an import file with what is wrong with it. Line is the
// file's line (the header is line 1). WorkspaceID and OwnerID are resolved by the
// preview; Errors lists every field error found (empty: the row is valid).
type ImportRow struct {
	Line        int            `json:"line"`
	Name        string         `json:"name"`
	DocumentID  string         `json:"documentId"`
	Phone       string         `json:"phone"`
	Email       string         `json:"email"`
	Workspace   string         `json:"workspace"`
	Tags        []string       `json:"tags"`
	Notes       string         `json:"notes"`
	Owner       string         `json:"owner"`
	WorkspaceID string         `json:"workspaceId"`
	OwnerID     string         `json:"ownerId"`
	Errors      []apperr.Error `json:"errors"`
}

// Valid reports whether the row has no error.
func (r *ImportRow) Valid() bool { return len(r.Errors) == 0 }

// addError records a coded error on the row.
func (r *ImportRow) addError(err error) {
	if err != nil {
		r.Errors = append(r.Errors, *apperr.As(err))
	}
}

// input is the row as a client input, with the resolved ids.
func (r *ImportRow) input() Input {
	return Input{Name: r.Name, DocumentID: r.DocumentID, Phone: r.Phone, Email: r.Email, WorkspaceID: r.WorkspaceID,
		Tags: r.Tags, Notes: r.Notes, OwnerID: r.OwnerID}
}

// checkFields validates what needs no database, normalising the row.
func (r *ImportRow) checkFields() {
	in := r.input()
	in.WorkspaceID = "-" // resolved against the database later
	for _, err := range in.clean() {
		r.addError(err)
	}
	r.Name, r.DocumentID, r.Phone, r.Email, r.Tags, r.Notes = in.Name, in.DocumentID, in.Phone, in.Email, in.Tags, in.Notes
}

// ParseImport reads an import file (format "csv" or "xlsx") into rows and checks each
// row's fields; checks against the database are the preview's. A file it cannot read at
// all is a validation error on field "file" (rules: too_large, unreadable, empty,
// too_many_rows, missing_column).
func ParseImport(data []byte, format string) ([]ImportRow, error) {
	records, err := tabular.Read(data, format, MaxImportBytes, MaxImportRows)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, h := range records[0].Cells {
		// "Document ID", "document-id" and "document_id" all name document_id.
		name := columnKey(strings.TrimPrefix(h, "\ufeff"))
		for _, c := range ImportColumns {
			if columnKey(c) == name {
				name = c
			}
		}
		if _, dup := index[name]; !dup {
			index[name] = i
		}
	}
	if _, ok := index["name"]; !ok {
		return nil, apperr.Validation("file", "missing_column").WithParam("column", "name")
	}
	rows := []ImportRow{}
	for _, rec := range records[1:] {
		if len(rows) == MaxImportRows {
			return nil, apperr.Validation("file", "too_many_rows").WithParam("max", MaxImportRows)
		}
		cell := func(col string) string {
			i, ok := index[col]
			if !ok || i >= len(rec.Cells) {
				return ""
			}
			return tabular.Unguard(strings.TrimSpace(rec.Cells[i]))
		}
		r := ImportRow{Line: rec.Line, Name: cell("name"), DocumentID: cell("document_id"), Phone: cell("phone"),
			Email: cell("email"), Workspace: cell("workspace"), Tags: tabular.SplitList(cell("tags")), Notes: cell("notes"),
			Owner: cell("owner"), Errors: []apperr.Error{}}
		if rec.Err != nil { // a broken CSV line: its own error, not a guess at its fields
			r.addError(rec.Err)
		} else {
			r.checkFields()
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// columnKey is a header cell without case, spaces, hyphens or underscores.
func columnKey(h string) string {
	return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(h)))
}
