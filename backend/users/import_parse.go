package users

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

// ImportColumns are the columns an import file may have, in its first row (F2.10):
// first_name, last_name, email and profile are required; username is proposed when empty;
// language is es, en, pt or pl (es when empty); profile is a profile's name or id;
// workspaces lists workspace names or ids separated by ";" or "|". Column names are
// case-insensitive; other columns (an export's id, role, status...) are ignored. CSV files
// may be separated by commas, semicolons or tabs and may start with a UTF-8 BOM.
var ImportColumns = []string{"first_name", "last_name", "username", "email", "phone", "extension",
	"language", "profile", "workspaces"}

// requiredColumns must be in an import file's header.
var requiredColumns = []string{"first_name", "last_name", "email", "profile"}

// Limits of an import file.
const (
	MaxImportBytes = 10 << 20
	MaxImportRows  = 5000
)

// ImportRow is one user of an import file with what is wrong with it. Line is the
// file's line (the header is line 1). ProfileID, WorkspaceIDs and a proposed Username are
// filled in by the preview; Errors lists every field error found (empty: the row is valid).
type ImportRow struct {
	Line         int            `json:"line"`
	FirstName    string         `json:"firstName"`
	LastName     string         `json:"lastName"`
	Username     string         `json:"username"`
	Email        string         `json:"email"`
	Phone        string         `json:"phone"`
	Extension    string         `json:"extension"`
	Language     string         `json:"language"`
	Profile      string         `json:"profile"`
	Workspaces   []string       `json:"workspaces"`
	ProfileID    string         `json:"profileId"`
	WorkspaceIDs []string       `json:"workspaceIds"`
	Proposed     bool           `json:"proposed"` // the username was proposed, not in the file
	Errors       []apperr.Error `json:"errors"`
}

// Valid reports whether the row has no error.
func (r *ImportRow) Valid() bool { return len(r.Errors) == 0 }

// addError records a coded error on the row.
func (r *ImportRow) addError(err error) {
	if err != nil {
		r.Errors = append(r.Errors, *apperr.As(err))
	}
}

// ParseImport reads an import file (format "csv" or "xlsx") into rows and checks each
// row's fields and the duplicates inside the file; checks against the database are the
// preview's (Service.PreviewImport). A file it cannot read at all is a validation error on
// field "file" (rules: too_large, unreadable, empty, too_many_rows, missing_column).
func ParseImport(data []byte, format string) (rows []ImportRow, err error) {
	if len(data) > MaxImportBytes {
		return nil, apperr.Validation("file", "too_large").WithParam("max", MaxImportBytes)
	}
	var records []record
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
		name := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))))
		if _, dup := index[name]; !dup {
			index[name] = i
		}
	}
	for _, c := range requiredColumns {
		if _, ok := index[c]; !ok {
			return nil, apperr.Validation("file", "missing_column").WithParam("column", c)
		}
	}
	rows = []ImportRow{}
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
		r := ImportRow{Line: rec.line, FirstName: cell("first_name"), LastName: cell("last_name"),
			Username: cell("username"), Email: cell("email"), Phone: cell("phone"), Extension: cell("extension"),
			Language: cell("language"), Profile: cell("profile"), Workspaces: splitList(cell("workspaces")),
			WorkspaceIDs: []string{}, Errors: []apperr.Error{}}
		checkRowFields(&r)
		rows = append(rows, r)
	}
	markFileDuplicates(rows)
	return rows, nil
}

// checkRowFields validates the fields of a row that need no database, normalising them.
func checkRowFields(r *ImportRow) {
	var err error
	for _, f := range []struct {
		v     *string
		field string
		check func(string, string) (string, error)
	}{
		{&r.FirstName, FieldFirstName, checkName}, {&r.LastName, FieldLastName, checkName},
		{&r.Email, FieldEmail, checkEmail}, {&r.Phone, FieldPhone, checkPhone},
		{&r.Extension, FieldExtension, checkExtension}, {&r.Language, FieldLanguage, checkLanguage},
	} {
		var v string
		if v, err = f.check(f.field, *f.v); err != nil {
			r.addError(err)
		} else {
			*f.v = v
		}
	}
	if r.Username != "" && !r.Proposed {
		if v, err := checkUsername(FieldUsername, r.Username); err != nil {
			r.addError(err)
		} else {
			r.Username = v
		}
	}
	if r.Profile == "" {
		r.addError(apperr.Validation("profile", "required"))
	}
	if len(r.Workspaces) == 0 {
		r.addError(apperr.Validation("workspaces", "required"))
	}
}

// markFileDuplicates flags a username or e-mail that an earlier row of the file has.
func markFileDuplicates(rows []ImportRow) {
	for _, col := range []string{FieldUsername, FieldEmail} {
		first := map[string]int{}
		for i := range rows {
			v := rows[i].Username
			if col == FieldEmail {
				v = rows[i].Email
			}
			if v == "" {
				continue
			}
			if line, ok := first[v]; ok {
				rows[i].addError(apperr.Conflict(col).WithParam("line", line))
				continue
			}
			first[v] = rows[i].Line
		}
	}
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
