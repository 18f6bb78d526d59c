package tabular

import (
	"bytes"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/apperr"
)

// readCSV reads the non-blank CSV records, guessing the separator from the header line.
//
// It is a strict RFC 4180 reader (what encoding/csv does with LazyQuotes off: a quote opens a
// field only at its start, a closed quote is followed by a separator or the end of the line),
// written out here so the limits hold while the file is read: the 65th field of a record,
// the row past maxRows and the cell past MaxCells refuse the file at that line, before
// anything more is read. A record with a broken quote comes back as a Record with Err, and
// reading resumes on the line after the one it began on, so a stray quote never swallows the
// rows after it.
func readCSV(data []byte, maxRows int) ([]Record, error) {
	if !utf8.Valid(data) {
		return nil, apperr.Validation("file", "unreadable").WithParam("reason", "encoding")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.TrimSuffix(data, []byte("\r")) // a last line ending in a lone \r, as encoding/csv reads it
	header, _, _ := bytes.Cut(data, []byte("\n"))
	sep, best := byte(','), bytes.Count(header, []byte(","))
	for _, c := range []byte{';', '\t'} {
		if n := bytes.Count(header, []byte{c}); n > best {
			sep, best = c, n
		}
	}
	p := csvParser{data: data, sep: sep, line: 1}
	var out []Record
	width, cells, broken := 0, 0, 0
	for p.pos < len(p.data) {
		line := p.line
		rec, bad, err := p.record()
		if err != nil {
			return nil, err
		}
		if bad {
			if len(out) == 0 {
				return nil, apperr.Validation("file", "unreadable").WithParam("reason", "csv").WithParam("row", line)
			}
			if broken++; broken > maxRecordErrors {
				return nil, apperr.Validation("file", "unreadable").WithParam("reason", "csv").WithParam("row", line)
			}
			if len(out) > maxRows {
				return nil, limit("too_many_rows", maxRows, line)
			}
			out = append(out, Record{Line: line, Cells: []string{}, Err: apperr.Validation("", "csv_quote").WithParam("row", line)})
			continue
		}
		if blank(rec) {
			continue
		}
		if len(out) > maxRows {
			return nil, limit("too_many_rows", maxRows, line)
		}
		if cells += len(rec); cells > maxCells {
			return nil, limit("too_many_cells", maxCells, line)
		}
		r := Record{Line: line, Cells: append([]string(nil), rec...)} // rec is the parser's buffer
		if len(out) == 0 {
			width = len(rec)
		} else if !blank(rec[min(width, len(rec)):]) {
			r.Err = apperr.Validation("", "csv_fields").WithParam("max", width).WithParam("row", line)
		}
		out = append(out, r)
	}
	return out, nil
}

// csvParser walks data one record at a time; line is the line pos is on (from 1).
type csvParser struct {
	data      []byte
	pos, line int
	sep       byte
	buf       []string // the fields of the last record, reused
}

// record reads the record at pos into the parser's buffer (valid until the next call). bad
// means it has a broken quote: pos then moves to the line after the one the record began on.
// err is a file past MaxColumns.
func (p *csvParser) record() (fields []string, bad bool, err error) {
	start, startLine := p.pos, p.line
	fields = p.buf[:0]
	defer func() { p.buf = fields[:0] }()
	resync := func() ([]string, bool, error) {
		p.pos, p.line = start, startLine
		if i := bytes.IndexByte(p.data[start:], '\n'); i >= 0 {
			p.pos, p.line = start+i+1, startLine+1
		} else {
			p.pos = len(p.data)
		}
		return nil, true, nil
	}
	d := p.data
	for {
		if len(fields) == MaxColumns {
			return nil, false, limit("too_many_columns", MaxColumns, startLine)
		}
		if p.pos < len(d) && d[p.pos] == '"' {
			var b []byte
			p.pos++
			for {
				q := bytes.IndexByte(d[p.pos:], '"')
				if q < 0 {
					return resync() // unterminated
				}
				part := d[p.pos : p.pos+q]
				p.line += bytes.Count(part, []byte("\n"))
				b = append(b, bytes.ReplaceAll(part, []byte("\r\n"), []byte("\n"))...)
				p.pos += q + 1
				if p.pos < len(d) && d[p.pos] == '"' {
					b = append(b, '"')
					p.pos++
					continue
				}
				break
			}
			fields = append(fields, string(b))
			switch {
			case p.pos == len(d):
				return fields, false, nil
			case d[p.pos] == p.sep:
				p.pos++
				continue
			case d[p.pos] == '\n':
				p.pos++
				p.line++
				return fields, false, nil
			case d[p.pos] == '\r' && p.pos+1 < len(d) && d[p.pos+1] == '\n':
				p.pos += 2
				p.line++
				return fields, false, nil
			default:
				return resync() // text after a closing quote
			}
		}
		end := p.pos
		for end < len(d) && d[end] != p.sep && d[end] != '\n' {
			if d[end] == '"' {
				return resync() // a quote inside an unquoted field
			}
			end++
		}
		f := d[p.pos:end]
		switch {
		case end == len(d):
			p.pos = end
			return append(fields, string(f)), false, nil
		case d[end] == p.sep:
			fields = append(fields, string(f))
			p.pos = end + 1
		default: // '\n'
			p.pos, p.line = end+1, p.line+1
			return append(fields, string(bytes.TrimSuffix(f, []byte("\r")))), false, nil
		}
	}
}
