package users_test

import (
	"testing"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/users"
)

// FuzzParseImport feeds arbitrary bytes as CSV and XLSX: the parser must never panic,
// must answer either rows or a coded validation error, and must keep to its limits.
func FuzzParseImport(f *testing.F) {
	f.Add([]byte(importCSV), false)
	f.Add([]byte("first_name,last_name,email,profile,workspaces\nA,B,a@b.test,Agent,Lima\n"), false)
	f.Add([]byte("\ufefffirst_name\tlast_name\temail\tprofile\n\"x\"\"y\"\tz\tq@w.test\tAgent\n"), false)
	f.Add([]byte("first_name,last_name,email,profile\n'=1+1,'-x,a@b.test,Agent\n,,,\n"), false)
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), true)
	f.Add([]byte{}, true)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		format := "csv"
		if xlsx {
			format = "xlsx"
		}
		rows, err := users.ParseImport(data, format)
		if err != nil {
			if c := apperr.CodeOf(err); c != apperr.CodeValidation {
				t.Fatalf("code %q: %v", c, err)
			}
			return
		}
		if len(rows) > users.MaxImportRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if r.Line < 2 || (r.Valid() && (r.Email == "" || r.FirstName == "")) {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
