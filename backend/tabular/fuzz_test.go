package tabular

import (
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/apperr"
)

// Memory limits of the fuzz targets: what one Read may allocate in all (an upper bound of its
// peak). A file that makes the reader build far more than it holds fails the target.
const (
	fuzzCSVBytesPerByte = 32      // CSV: at most 32 bytes allocated per byte of input…
	fuzzCSVBase         = 1 << 20 // …plus 1 MiB
	fuzzXLSXLimit       = 96 << 20
)

// checkRead runs Read and asserts what every file must give: records with lines in order and at
// most MaxColumns cells, or a coded validation error; never a panic, never more memory than
// limit bytes.
func checkRead(t *testing.T, data []byte, format string, limit float64) []Record {
	var recs []Record
	var err error
	if mib := allocatedMiB(func() { recs, err = Read(data, format, 1<<20, 200) }); mib*(1<<20) > limit {
		t.Fatalf("%d bytes of %s allocated %.1f MiB (limit %.1f MiB)", len(data), format, mib, limit/(1<<20))
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.CodeValidation {
			t.Fatalf("uncoded error %v", err)
		}
		return nil
	}
	last := 0
	for _, r := range recs {
		if r.Line <= last || len(r.Cells) > MaxColumns || (r.Err == nil && blank(r.Cells)) {
			t.Fatalf("bad record %+v after line %d", r, last)
		}
		last = r.Line
	}
	if len(recs) > 201 {
		t.Fatalf("%d records past the row limit", len(recs))
	}
	return recs
}

// FuzzReadCSV: any bytes read as CSV give records or a coded error in bounded memory, and a
// file read without broken records reads exactly as encoding/csv (strict quotes) reads it.
func FuzzReadCSV(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(strings.Repeat(",", 200)))
	f.Add([]byte(strings.Repeat("a\n", 300)))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, CSV, float64(fuzzCSVBase+fuzzCSVBytesPerByte*len(data)))
		checkCSVAgainstStdlib(t, data)
	})
}

// FuzzReadXLSX: any bytes read as a workbook give records or a coded error, never a panic and
// never more than fuzzXLSXLimit allocated (the reported workbook took 4.9 GB).
func FuzzReadXLSX(f *testing.F) {
	f.Add(workbook(f, inlineRow(1, "A", "name", "B", "email")+inlineRow(2, "A", "Ana", "B", "a@x.test")))
	f.Add(workbook(f, inlineRow(1, "A", "name")+inlineRow(2, "XFD", "x")+inlineRow(3, "BM", "x")))
	f.Add(workbook(f, `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="B1048576" t="s"><v>1</v></c></row>`,
		"<si><t>name</t></si>", "<si><r><t>rich</t></r></si>"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, XLSX, fuzzXLSXLimit)
	})
}
