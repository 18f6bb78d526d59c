// Package tabular reads the CSV and XLSX files people and clients are imported from: the
// non-blank records of the file (CSV separated by commas, semicolons or tabs, with or
// without a UTF-8 BOM; the first sheet of a workbook), with limits against huge files and
// zip bombs. The limits on rows, columns and cells are checked WHILE the file is read, before
// anything past them is materialised, so any file the size limit admits is read in bounded
// memory. What a file cannot give is a validation error on field "file" (rules: too_large,
// unreadable (params.reason: encoding, csv, xlsx), empty, too_many_rows, too_many_columns,
// too_many_cells; params.max and, for the last three, params.row: the line where the limit
// was passed) or on "format" (one_of). A CSV record that cannot be parsed (a broken quote)
// is not merged with the next: it comes back as a Record with Err set (rule csv_quote or
// csv_fields), and reading resumes on the next line.
package tabular

import (
	"strings"

	"github.com/plantel/plantel/backend/apperr"
)

// File formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Limits on what one file may hold, checked while it is read.
const (
	// MaxColumns caps the columns of a row: a cell further right (up to XFD, column 16384)
	// refuses the file instead of materialising thousands of empty cells per row.
	MaxColumns = 64
	// MaxCells caps the cells of the whole file (and the shared strings of a workbook).
	MaxCells = 300_000
	// maxRecordErrors caps the broken CSV records reported before the file is unreadable.
	maxRecordErrors = 1000
)

// maxCells is MaxCells, lowered by tests (a file past 300,000 cells is slow to build under
// the race detector).
var maxCells = MaxCells

// Record is a non-blank line of a file and its line number (from 1). Err is set when the
// line could not be parsed (a broken CSV quote; Cells is then empty): the caller reports
// it as an error of that row.
type Record struct {
	Line  int
	Cells []string
	Err   error
}

// Read returns the non-blank records of data in format (CSV or XLSX), refusing a file over
// maxBytes or with more than maxRows records after the header, and a file with none.
func Read(data []byte, format string, maxBytes, maxRows int) ([]Record, error) {
	if len(data) > maxBytes {
		return nil, apperr.Validation("file", "too_large").WithParam("max", maxBytes)
	}
	var out []Record
	var err error
	switch format {
	case CSV:
		out, err = readCSV(data, maxRows)
	case XLSX:
		out, err = readXLSX(data, maxRows)
	default:
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{CSV, XLSX})
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.Validation("file", "empty")
	}
	return out, nil
}

// Unguard removes the apostrophe an export puts before a cell that could run as a formula.
func Unguard(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// SplitList splits a list cell on ";" or "|", dropping blanks.
func SplitList(v string) []string {
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

// limit is the error of a file past one of its limits ("too_many_rows", "too_many_columns",
// "too_many_cells") at line row.
func limit(rule string, max, row int) error {
	e := apperr.Validation("file", rule).WithParam("max", max)
	if row > 0 {
		e = e.WithParam("row", row)
	}
	return e
}
