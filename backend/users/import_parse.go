package users

import (
	"strings"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/tabular"
)

// ImportColumns are the columns an import file may have, in its first row (F2.10):
// first_name, last_name, email and profile are required; username is proposed when empty;
// language is es, en, pt or pl (es when empty); profile is a profile's name or id;
// workspaces lists workspace names or ids separated by ";" or "|". Column names are
// case-insensitive and may be an export's headers in any of the four languages ("Nombre",
// "Perfil"…); the language may be a code or its own name ("Español"); other columns (an export's id, role, status...) are ignored. CSV files
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
	records, err := tabular.Read(data, format, MaxImportBytes, MaxImportRows)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, h := range records[0].Cells {
		name := headerKey(h)
		if col, ok := importAliases[name]; ok {
			name = col
		}
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
			if !ok || i >= len(rec.Cells) {
				return ""
			}
			return tabular.Unguard(strings.TrimSpace(rec.Cells[i]))
		}
		r := ImportRow{Line: rec.Line, FirstName: cell("first_name"), LastName: cell("last_name"),
			Username: cell("username"), Email: cell("email"), Phone: cell("phone"), Extension: cell("extension"),
			Language: languageCode(cell("language")), Profile: cell("profile"), Workspaces: tabular.SplitList(cell("workspaces")),
			WorkspaceIDs: []string{}, Errors: []apperr.Error{}}
		if rec.Err != nil { // a broken CSV line: its own error, not a guess at its fields
			r.addError(rec.Err)
		} else {
			checkRowFields(&r)
		}
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
