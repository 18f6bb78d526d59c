package clients

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/apperr"
)

// Import file formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
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
	if len(data) > MaxImportBytes {
		return nil, apperr.Validation("file", "too_large").WithParam("max", MaxImportBytes)
	}
	var records []record
	var err error
	switch format {
	case FormatCSV:
		records, err = readCSV(data)
	case FormatXLSX:
		records, err = readXLSX(data)
	default:
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{FormatCSV, FormatXLSX})
	}
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, apperr.Validation("file", "empty")
	}
	index := map[string]int{}
	for i, h := range records[0].cells {
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
			if !ok || i >= len(rec.cells) {
				return ""
			}
			return unguard(strings.TrimSpace(rec.cells[i]))
		}
		r := ImportRow{Line: rec.line, Name: cell("name"), DocumentID: cell("document_id"), Phone: cell("phone"),
			Email: cell("email"), Workspace: cell("workspace"), Tags: splitList(cell("tags")), Notes: cell("notes"),
			Owner: cell("owner"), Errors: []apperr.Error{}}
		r.checkFields()
		rows = append(rows, r)
	}
	return rows, nil
}

// columnKey is a header cell without case, spaces, hyphens or underscores.
func columnKey(h string) string {
	return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(h)))
}

// unguard removes the apostrophe an export puts before a cell that could run as a formula.
func unguard(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// splitList splits a list cell on ";" or "|", dropping blanks.
func splitList(v string) []string {
	out := []string{}
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// record is a non-blank line of an import file and its line number (from 1).
type record struct {
	line  int
	cells []string
}

// readCSV reads the non-blank CSV records, guessing the separator from the header line.
func readCSV(data []byte) ([]record, error) {
	if !utf8.Valid(data) {
		return nil, apperr.Validation("file", "unreadable").WithParam("reason", "encoding")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	header, _, _ := bytes.Cut(data, []byte("\n"))
	sep, best := ',', bytes.Count(header, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if n := bytes.Count(header, []byte(string(c))); n > best {
			sep, best = c, n
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, apperr.Validation("file", "unreadable").WithParam("reason", "csv")
		}
		if blank(rec) {
			continue
		}
		if len(out) > MaxImportRows {
			return nil, apperr.Validation("file", "too_many_rows").WithParam("max", MaxImportRows)
		}
		line, _ := r.FieldPos(0)
		out = append(out, record{line: line, cells: rec})
	}
}

// readXLSX reads the first sheet of a workbook, with limits against zip bombs. A reader
// bug on a hostile file (a panic) is an unreadable file, not a crash.
func readXLSX(data []byte) (out []record, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, apperr.Validation("file", "unreadable").WithParam("reason", "xlsx")
		}
	}()
	unreadable := apperr.Validation("file", "unreadable").WithParam("reason", "xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, unreadable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.Validation("file", "empty")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, unreadable
	}
	defer rows.Close()
	for line := 1; rows.Next(); line++ {
		rec, err := rows.Columns()
		if err != nil {
			return nil, unreadable
		}
		if blank(rec) {
			continue
		}
		if len(rec) > 64 {
			rec = rec[:64]
		}
		if len(out) > MaxImportRows {
			return nil, apperr.Validation("file", "too_many_rows").WithParam("max", MaxImportRows)
		}
		out = append(out, record{line: line, cells: rec})
	}
	if rows.Error() != nil {
		return nil, unreadable
	}
	return out, nil
}
