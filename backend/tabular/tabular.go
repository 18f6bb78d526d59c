// Package tabular reads the CSV and XLSX files people and clients are imported from: the
// non-blank records of the file (CSV separated by commas, semicolons or tabs, with or
// without a UTF-8 BOM; the first sheet of a workbook), with limits against huge files and
// zip bombs. What a file cannot give is a validation error on field "file" (rules:
// too_large, unreadable (params.reason: encoding, csv, xlsx), empty, too_many_rows) or on
// "format" (one_of).
package tabular

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

// File formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// maxColumns caps the cells read from one workbook row.
const maxColumns = 64

// Record is a non-blank line of a file and its line number (from 1).
type Record struct {
	Line  int
	Cells []string
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

func tooMany(maxRows int) error {
	return apperr.Validation("file", "too_many_rows").WithParam("max", maxRows)
}

// readCSV reads the non-blank CSV records, guessing the separator from the header line.
func readCSV(data []byte, maxRows int) ([]Record, error) {
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
	var out []Record
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
		if len(out) > maxRows {
			return nil, tooMany(maxRows)
		}
		line, _ := r.FieldPos(0)
		out = append(out, Record{Line: line, Cells: rec})
	}
}

// readXLSX reads the first sheet of a workbook, with limits against zip bombs. A reader
// bug on a hostile file (a panic) is an unreadable file, not a crash.
func readXLSX(data []byte, maxRows int) (out []Record, err error) {
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
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		if len(out) > maxRows {
			return nil, tooMany(maxRows)
		}
		out = append(out, Record{Line: line, Cells: rec})
	}
	if rows.Error() != nil {
		return nil, unreadable
	}
	return out, nil
}
