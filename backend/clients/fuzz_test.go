package clients_test

import (
	"testing"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
)

// FuzzParseImport: any bytes as a CSV or XLSX import file either parse into rows with lines
// after the header, or are refused with a coded validation error; never a panic.
func FuzzParseImport(f *testing.F) {
	f.Add([]byte(importCSV), true)
	f.Add([]byte("name\n\"unterminated\n"), true)
	f.Add([]byte("PK\x03\x04garbage"), false)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		format := "xlsx"
		if csv {
			format = "csv"
		}
		rows, err := clients.ParseImport(data, format)
		if err != nil {
			if apperr.CodeOf(err) != apperr.CodeValidation {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row on line %d", r.Line)
			}
			if r.Name == "" && r.Valid() {
				t.Fatal("a row without a name is valid")
			}
		}
	})
}
