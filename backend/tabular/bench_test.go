package tabular

import (
	"fmt"
	"strings"
	"testing"
)

// The worst files, each reported with its heap peak ("peak-MiB", sampled) and all it
// allocated ("alloc-MiB"): the two reported bombs, and the largest files the limits admit
// (10,001 rows of 29 distinct 30-character cells, about 10 MB of CSV). Target: under 100 MiB.
//
//	go test -run '^$' -bench Worst -benchtime 3x ./backend/tabular
func BenchmarkWorst(b *testing.B) {
	admittedCSV := admittedCSV()
	files := []struct {
		name, format string
		data         []byte
	}{
		{"xlsx-xfd-10000-rows", XLSX, xfdBomb(b)},
		{"xlsx-admitted-10000x29", XLSX, admittedXLSX(b)},
		{"csv-10MB-commas-one-line", CSV, commaBomb(true)},
		{"csv-10MB-commas-64-per-line", CSV, commaBomb(false)},
		{"csv-admitted-10000x29", CSV, admittedCSV},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			var peak, alloc float64
			for i := 0; i < b.N; i++ {
				alloc += allocatedMiB(func() {
					peak = max(peak, heapPeak(func() {
						_, err := Read(f.data, f.format, 10<<20, 10_000)
						if strings.Contains(f.name, "admitted") && err != nil {
							b.Fatal(err)
						}
					}))
				})
			}
			b.ReportMetric(peak, "peak-MiB")
			b.ReportMetric(alloc/float64(b.N), "alloc-MiB")
			b.ReportMetric(float64(len(f.data))/(1<<10), "file-KiB")
		})
	}
}

func admittedCSV() []byte {
	var s strings.Builder
	for r := 0; r <= 10_000; r++ {
		for c := 0; c < 29; c++ {
			if c > 0 {
				s.WriteByte(',')
			}
			fmt.Fprintf(&s, "cell-%06d-%02d-abcdefghijklmn", r, c)
		}
		s.WriteByte('\n')
	}
	return []byte(s.String())
}

func admittedXLSX(b *testing.B) []byte {
	var rows strings.Builder
	sst := make([]string, 0, 10_001*29)
	for r := 1; r <= 10_001; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := 0; c < 29; c++ {
			fmt.Fprintf(&rows, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+c%26, r, len(sst))
			sst = append(sst, fmt.Sprintf("<si><t>cell-%06d-%02d-abcdefghijklmn</t></si>", r, c))
		}
		rows.WriteString(`</row>`)
	}
	return workbook(b, rows.String(), sst...)
}
