package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"

	"github.com/xuri/excelize/v2"
)

// numberLike is what may start with + or - and still be plain text in a spreadsheet: a
// phone number or a figure ("+34 600 000 000", "-5"), nothing a spreadsheet evaluates.
var numberLike = regexp.MustCompile(`^[+-]?[0-9 ()./-]{1,31}$`)

// CellSafe keeps a spreadsheet from running a cell as a formula (CSV injection): a value
// that starts with =, @, a tab or a carriage return, or with + or - and is not a plain
// number or phone number, gets a leading apostrophe.
func CellSafe(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '@', '\t', '\r':
		return "'" + v
	case '+', '-':
		if !numberLike.MatchString(v) {
			return "'" + v
		}
	}
	return v
}

// SheetWriter streams rows to CSV (format CSV) (UTF-8 with a byte order mark, so spreadsheets read the
// accents, CRLF line ends) or to one XLSX sheet whose cells are all text. Every value goes
// through CellSafe in CSV; XLSX cells are typed text, so nothing in them runs as a formula.
type SheetWriter struct {
	out io.Writer
	// CSV
	buf *bufio.Writer
	csv *csv.Writer
	// XLSX
	xf *excelize.File
	sw *excelize.StreamWriter
	n  int
}

// NewSheetWriter starts a CSV (format CSV, separated by sep) or XLSX (sheet named
// sheet) written to out when Close is called (XLSX) or as rows come (CSV).
func NewSheetWriter(out io.Writer, format, sheet string, sep rune) (*SheetWriter, error) {
	w := &SheetWriter{out: out}
	if format == CSV {
		w.buf = bufio.NewWriter(out)
		if _, err := io.WriteString(w.buf, "\ufeff"); err != nil {
			return nil, err
		}
		w.csv = csv.NewWriter(w.buf)
		w.csv.Comma = sep
		w.csv.UseCRLF = true
		return w, nil
	}
	w.xf = excelize.NewFile()
	if err := w.xf.SetSheetName("Sheet1", sheet); err != nil {
		return nil, errors.Join(err, w.xf.Close())
	}
	sw, err := w.xf.NewStreamWriter(sheet)
	if err != nil {
		return nil, errors.Join(err, w.xf.Close())
	}
	w.sw = sw
	return w, nil
}

// Row appends one row.
func (w *SheetWriter) Row(rec []string) error {
	if w.csv != nil {
		safe := make([]string, len(rec))
		for i, v := range rec {
			safe[i] = CellSafe(v)
		}
		return w.csv.Write(safe)
	}
	w.n++
	cells := make([]any, len(rec))
	for i, v := range rec {
		cells[i] = excelize.Cell{Value: v}
	}
	cell, err := excelize.CoordinatesToCellName(1, w.n)
	if err != nil {
		return err
	}
	return w.sw.SetRow(cell, cells)
}

// Close finishes the file: flushes the CSV, or writes the whole XLSX to out.
func (w *SheetWriter) Close() error {
	if w.csv != nil {
		w.csv.Flush()
		return errors.Join(w.csv.Error(), w.buf.Flush())
	}
	defer w.xf.Close()
	if err := w.sw.Flush(); err != nil {
		return err
	}
	_, err := w.xf.WriteTo(w.out)
	return err
}

// Abort drops what was written so far (the caller removes its file).
func (w *SheetWriter) Abort() {
	if w.xf != nil {
		_ = w.xf.Close()
	}
}

// Encode writes records (the header first) as one CSV or XLSX file in memory.
func Encode(format, sheet string, sep rune, records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w, err := NewSheetWriter(&buf, format, sheet, sep)
	if err != nil {
		return nil, err
	}
	for _, rec := range records {
		if err := w.Row(rec); err != nil {
			w.Abort()
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
