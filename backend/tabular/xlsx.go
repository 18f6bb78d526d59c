package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/apperr"
)

// Limits on what a workbook may unpack to (the zip-bomb guard; excelize's options and the
// limit scan use the same).
const (
	unzipLimit    = 32 << 20 // all parts together
	unzipXMLLimit = 8 << 20  // one part kept in memory; a larger one goes to a temporary file
)

var errTooBig = errors.New("tabular: workbook part over the unzip limit")

// readXLSX reads the first sheet of a workbook. The sheet is first streamed once through
// checkSheet (no cell kept), which refuses it at the first row past the limits; only then does
// excelize read the values, with every row known to hold at most MaxColumns columns, so no
// row is padded with thousands of empty cells. A reader bug on a hostile file (a panic) is
// an unreadable file, not a crash.
func readXLSX(data []byte, maxRows int) (out []Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, apperr.Validation("file", "unreadable").WithParam("reason", "xlsx")
		}
	}()
	unreadable := apperr.Validation("file", "unreadable").WithParam("reason", "xlsx")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, unreadable
	}
	if err := checkWorkbook(zr, maxRows); err != nil {
		if apperr.CodeOf(err) == apperr.CodeValidation {
			return nil, err
		}
		return nil, unreadable
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
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
		if len(rec) > MaxColumns { // checkSheet refused such a row already; kept as a last guard
			return nil, limit("too_many_columns", MaxColumns, line)
		}
		if len(out) > maxRows {
			return nil, limit("too_many_rows", maxRows, line)
		}
		out = append(out, Record{Line: line, Cells: rec})
	}
	if rows.Error() != nil {
		return nil, unreadable
	}
	return out, nil
}

// checkWorkbook finds the first sheet of the workbook and streams it (and the shared
// strings) through the limits. Errors other than validation ones mean an unreadable file.
func checkWorkbook(zr *zip.Reader, maxRows int) error {
	files := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		files[f.Name] = f
		total += f.UncompressedSize64
	}
	if total > unzipLimit {
		return apperr.Validation("file", "too_large").WithParam("max", unzipLimit)
	}
	sheet, err := firstSheetPath(files)
	if err != nil {
		return err
	}
	if sst := files["xl/sharedStrings.xml"]; sst != nil {
		if err := checkSharedStrings(sst); err != nil {
			return err
		}
	}
	f := files[sheet]
	if f == nil {
		return errors.New("tabular: first sheet missing")
	}
	return withPart(f, func(d *xml.Decoder) error { return checkSheet(d, maxRows) })
}

// withPart runs fn on a decoder over the zip part f, reading at most unzipLimit bytes.
func withPart(f *zip.File, fn func(*xml.Decoder) error) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	lr := &limitedReader{r: rc, n: unzipLimit}
	return fn(xml.NewDecoder(lr))
}

// limitedReader fails (instead of ending quietly) past n bytes.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// firstSheetPath reads the path of the workbook's first sheet from xl/workbook.xml and its
// relationships.
func firstSheetPath(files map[string]*zip.File) (string, error) {
	wb := files["xl/workbook.xml"]
	rels := files["xl/_rels/workbook.xml.rels"]
	if wb == nil || rels == nil {
		return "", errors.New("tabular: no workbook")
	}
	rid := ""
	err := withPart(wb, func(d *xml.Decoder) error {
		for rid == "" {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
				for _, a := range se.Attr {
					if a.Name.Local == "id" {
						rid = a.Value
					}
				}
				if rid == "" {
					return errors.New("tabular: sheet without id")
				}
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	target := ""
	err = withPart(rels, func(d *xml.Decoder) error {
		for target == "" {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" && attr(se, "Id") == rid {
				if target = attr(se, "Target"); target == "" {
					return errors.New("tabular: relationship without target")
				}
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:]), nil
	}
	return path.Clean("xl/" + target), nil
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// checkSharedStrings refuses a shared-string table of more than MaxCells strings (each would
// become a string in memory when excelize loads the table).
func checkSharedStrings(f *zip.File) error {
	return withPart(f, func(d *xml.Decoder) error {
		n := 0
		for {
			tok, err := d.RawToken()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
				if n++; n > maxCells {
					return limit("too_many_cells", maxCells, 0)
				}
			}
		}
	})
}

// checkSheet streams a worksheet, keeping no cell, and refuses it at the first row holding a
// value right of MaxColumns, past maxRows non-blank rows after the header, or past MaxCells
// values in all.
func checkSheet(d *xml.Decoder, maxRows int) error {
	rowNum, col, rows, cells := 0, 0, 0, 0
	inCell, hasValue, rowHasValue := false, false, false
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowNum++
				if r := attr(t, "r"); r != "" {
					if n, err := strconv.Atoi(r); err == nil && n > 0 {
						rowNum = n
					}
				}
				col, rowHasValue = 0, false
			case "c":
				col++
				if r := attr(t, "r"); r != "" {
					if c, _, err := excelize.CellNameToCoordinates(r); err == nil {
						col = c
					}
				}
				inCell, hasValue = true, false
			case "v", "is", "f":
				hasValue = hasValue || inCell
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if inCell && hasValue {
					if col > MaxColumns {
						return limit("too_many_columns", MaxColumns, rowNum)
					}
					if cells++; cells > maxCells {
						return limit("too_many_cells", maxCells, rowNum)
					}
					rowHasValue = true
				}
				inCell = false
			case "row":
				if rowHasValue {
					if rows++; rows > maxRows+1 {
						return limit("too_many_rows", maxRows, rowNum)
					}
				}
			}
		}
	}
}
