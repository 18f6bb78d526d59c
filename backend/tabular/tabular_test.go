package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/apperr"
)

// limitErr asserts err is the validation error of rule on field "file", at row (0: no row).
func limitErr(t *testing.T, err error, rule string, row int) {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Code != apperr.CodeValidation || e.Field != "file" || e.Params["rule"] != rule {
		t.Fatalf("want file/%s, got %v", rule, apperr.JSON(err))
	}
	if got, _ := e.Params["row"].(int); got != row {
		t.Fatalf("%s at row %v, want %d", rule, e.Params["row"], row)
	}
}

// The reported workbook (57 KB, 10,000 rows, one cell each in column XFD) took 4.9 GB and
// 27 s: every row was padded with 16,383 empty cells before any limit was checked. It is now
// refused at its first such row, in bounded memory.
func TestWorkbookWithACellInColumnXFDIsRefusedAtThatRow(t *testing.T) {
	data := xfdBomb(t)
	var err error
	start := time.Now()
	mib := allocatedMiB(func() { _, err = Read(data, XLSX, 10<<20, 10_000) })
	t.Logf("%d KB workbook: %v, %.1f MiB allocated in all, %v", len(data)>>10, apperr.JSON(err), mib, time.Since(start).Round(time.Millisecond))
	limitErr(t, err, "too_many_columns", 2)
	if mib > 100 {
		t.Fatalf("heap peak %.0f MiB, budget 100 (allocated in all, an upper bound of the peak)", mib)
	}
}

// A workbook whose far cells hold no value (styled blanks) is read; the values it has come back.
func TestWorkbookWithValuesInTheFirstColumnsIsRead(t *testing.T) {
	data := workbook(t, inlineRow(1, "A", "name", "B", "email")+
		inlineRow(2, "A", "Ana", "B", "ana@example.test")+
		`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="XFD3" s="1"/></row>`, `<si><t>Bob</t></si>`)
	recs, err := Read(data, XLSX, 10<<20, 10)
	if err != nil {
		t.Fatal(apperr.JSON(err))
	}
	want := []Record{{Line: 1, Cells: []string{"name", "email"}}, {Line: 2, Cells: []string{"Ana", "ana@example.test"}}, {Line: 3, Cells: []string{"Bob"}}}
	if !reflect.DeepEqual(recs, want) {
		t.Fatalf("got %+v", recs)
	}
}

// Rows and cells are counted while the sheet streams: the row past the limit is named.
func TestWorkbookRowAndSharedStringLimits(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 12; i++ {
		b.WriteString(inlineRow(i, "A", "x"))
	}
	_, err := Read(workbook(t, b.String()), XLSX, 10<<20, 10)
	limitErr(t, err, "too_many_rows", 12)

	defer func(n int) { maxCells = n }(maxCells)
	maxCells = 1000
	sst := make([]string, maxCells+1)
	for i := range sst {
		sst[i] = "<si><t>a</t></si>"
	}
	_, err = Read(workbook(t, inlineRow(1, "A", "name"), sst...), XLSX, 10<<20, 10)
	limitErr(t, err, "too_many_cells", 0)
	b.Reset()
	for i := 1; i <= 9; i++ {
		b.WriteString(inlineRow(i, "A", "x", "B", "x", "C", "x", "D", "x", "E", "x", "F", "x", "G", "x", "H", "x", "I", "x", "J", "x",
			"K", "x", "L", "x", "M", "x", "N", "x", "O", "x", "P", "x", "Q", "x", "R", "x", "S", "x", "T", "x"))
	}
	maxCells = 150
	_, err = Read(workbook(t, b.String()), XLSX, 10<<20, 10)
	limitErr(t, err, "too_many_cells", 8)
}

// The reported CSV (10 MB of commas) took 600 MB: it is refused at its first line past 64
// columns; the same bytes in 64-field lines are refused past the row or cell limit.
func TestCSVOfCommasIsRefusedInBoundedMemory(t *testing.T) {
	for _, oneLine := range []bool{true, false} {
		data := commaBomb(oneLine)
		var err error
		mib := allocatedMiB(func() { _, err = Read(data, CSV, 10<<20, 10_000) })
		t.Logf("10 MB of commas (one line %v): %v, %.1f MiB allocated in all", oneLine, apperr.JSON(err), mib)
		if oneLine {
			limitErr(t, err, "too_many_columns", 1)
		} else if e := apperr.As(err); e == nil || e.Params["rule"] != "empty" {
			t.Fatalf("blank lines are no records: %v", err)
		}
		if mib > 100 {
			t.Fatalf("heap peak %.0f MiB, budget 100 (allocated in all, an upper bound of the peak)", mib)
		}
	}
	// Non-blank lines of 64 fields: the cell limit (300,000) comes before 10,000 rows.
	line := "x" + strings.Repeat(",y", MaxColumns-1) + "\n"
	_, err := Read([]byte(strings.Repeat(line, 6000)), CSV, 10<<20, 10_000)
	limitErr(t, err, "too_many_cells", MaxCells/MaxColumns+1)
	_, err = Read([]byte(strings.Repeat("a,b\n", 12)), CSV, 10<<20, 10)
	limitErr(t, err, "too_many_rows", 12)
}

// A broken quote used to swallow the rows after it into one field (LazyQuotes): now that line
// is a row error of its own and the next line is read as itself.
func TestCSVBrokenQuoteIsARowErrorNotAMergedRow(t *testing.T) {
	in := "name,email\n\"Ana,ana@example.test\nBob,bob@example.test\nCa\"rl,carl@example.test\n\"Dee\",dee@example.test\n"
	recs, err := Read([]byte(in), CSV, 1<<20, 10)
	if err != nil {
		t.Fatal(apperr.JSON(err))
	}
	got := []string{}
	for _, r := range recs {
		if r.Err != nil {
			got = append(got, fmt.Sprintf("%d:%s", r.Line, apperr.As(r.Err).Params["rule"]))
		} else {
			got = append(got, fmt.Sprintf("%d:%s", r.Line, strings.Join(r.Cells, "|")))
		}
	}
	want := []string{"1:name|email", "2:csv_quote", "3:Bob|bob@example.test", "4:csv_quote", "5:Dee|dee@example.test"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	// More values than the header has columns (an unquoted comma in a name) is a row error too.
	recs, _ = Read([]byte("name,email\nPérez, Ana,ana@example.test\n"), CSV, 1<<20, 10)
	if len(recs) != 2 || apperr.As(recs[1].Err) == nil || apperr.As(recs[1].Err).Params["rule"] != "csv_fields" {
		t.Fatalf("extra field: %+v", recs)
	}
	// A header that cannot be parsed makes the file unreadable.
	_, err = Read([]byte("\"name,email\n"), CSV, 1<<20, 10)
	if e := apperr.As(err); e == nil || e.Params["rule"] != "unreadable" {
		t.Fatalf("broken header: %v", err)
	}
}

// strictCSV is encoding/csv with LazyQuotes off: the reference the reader must agree with on
// every file both accept.
func strictCSV(data []byte, sep rune) ([][]string, bool) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.Comma, r.FieldsPerRecord = sep, -1
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, true
		}
		if err != nil {
			return nil, false
		}
		if !blank(rec) {
			out = append(out, rec)
		}
	}
}

// Well-formed CSV with quotes, doubled quotes, CRLF, multi-line fields, BOM and the three
// separators reads exactly as encoding/csv reads it.
func TestCSVAgreesWithEncodingCSV(t *testing.T) {
	for _, in := range csvSeeds {
		checkCSVAgainstStdlib(t, []byte(in))
	}
}

var csvSeeds = []string{
	"name,email\r\nAna,ana@x.test\r\n",
	"\ufeffname;email;notes\n\"Pérez; Ana\";a@x.test;\"said \"\"hi\"\"\nand left\"\n\n  \nBob;b@x.test;\n",
	"name\tphone\nAna\t600 123 456\n",
	"name,email\n\"Ana,ana@x.test\nBob,bob@x.test\n",
	"a,b\n\"x\"y,z\n",
	"a,b,\n,,\n1,2,3",
}

func checkCSVAgainstStdlib(t *testing.T, data []byte) {
	recs, err := readCSV(data, 1<<20)
	if err != nil {
		return
	}
	sep := ','
	header, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("\n"))
	if s, n := ';', bytes.Count(header, []byte(";")); n > bytes.Count(header, []byte(",")) {
		sep = s
	}
	if n := bytes.Count(header, []byte("\t")); n > bytes.Count(header, []byte(",")) && n > bytes.Count(header, []byte(";")) {
		sep = '\t'
	}
	got := [][]string{}
	for _, r := range recs {
		if r.Err != nil && apperr.As(r.Err).Params["rule"] == "csv_quote" {
			return // the standard reader stops at the first broken record; nothing to compare after it
		}
		got = append(got, r.Cells)
	}
	want, ok := strictCSV(data, sep)
	if !ok {
		t.Fatalf("encoding/csv refuses %q which was read as %q", data, got)
	}
	if want == nil {
		want = [][]string{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %q\nwant %q", data, got, want)
	}
}
