package tabular

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A spreadsheet opening an export must not run a cell as a formula, and phone numbers
// and figures must stay as they were typed.
func TestCellSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"@SUM(A1)":          "'@SUM(A1)",
		"-1+1":              "'-1+1",
		"+cmd|' /C calc'!A": "'+cmd|' /C calc'!A",
		"\tTab":             "'\tTab",
		"+34 600 000 000":   "+34 600 000 000",
		"-5":                "-5",
		"(555) 123-4567":    "(555) 123-4567",
		"José Núñez":        "José Núñez",
		"":                  "",
	} {
		if got := CellSafe(in); got != want {
			t.Errorf("CellSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// CSV: byte order mark, the caller's separator, CRLF, escaped formulas; XLSX: one sheet of
// the given name holding the values as typed.
func TestEncode(t *testing.T) {
	recs := [][]string{{"Nombre", "Teléfono"}, {"=1+1", "+34 600"}}
	b, err := Encode(CSV, "Clients", ';', recs)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\ufeffNombre;Teléfono\r\n'=1+1;+34 600\r\n"; string(b) != want {
		t.Fatalf("csv %q, want %q", b, want)
	}
	b, err = Encode(XLSX, "Clients", ',', recs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Clients")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[1], "|") != "=1+1|+34 600" {
		t.Fatalf("xlsx rows %q", rows)
	}
}
