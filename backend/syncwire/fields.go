package syncwire

import (
	"encoding/json"
	"fmt"
)

// EncodeFields turns column values as Go/SQLite hold them (bool or 0/1, int64, string,
// []byte, nil) into a change's wire fields. An unknown table or column is an error.
func EncodeFields(table string, values map[string]any) (map[string]json.RawMessage, error) {
	t, ok := LookupTable(table)
	if !ok {
		return nil, fmt.Errorf("%s: not a synced table", table)
	}
	out := make(map[string]json.RawMessage, len(values))
	for k, v := range values {
		col, ok := t.Column(k)
		if !ok {
			return nil, fmt.Errorf("%s.%s: not a synced column", table, k)
		}
		raw, err := EncodeValue(col, v)
		if err != nil {
			return nil, fmt.Errorf("%s.%w", table, err)
		}
		out[k] = raw
	}
	return out, nil
}

// DecodeFields turns a change's wire fields into values ready for SQLite: Bool columns as
// int64 0/1 (as the schema stores them), Int as int64, Text as string, Blob as []byte, null
// as nil. An unknown table or column or a bad value is an error.
func DecodeFields(table string, fields map[string]json.RawMessage) (map[string]any, error) {
	t, ok := LookupTable(table)
	if !ok {
		return nil, fmt.Errorf("%s: not a synced table", table)
	}
	out := make(map[string]any, len(fields))
	for k, raw := range fields {
		col, ok := t.Column(k)
		if !ok {
			return nil, fmt.Errorf("%s.%s: not a synced column", table, k)
		}
		v, err := DecodeValue(col, raw)
		if err != nil {
			return nil, fmt.Errorf("%s.%w", table, err)
		}
		if b, ok := v.(bool); ok {
			if b {
				v = int64(1)
			} else {
				v = int64(0)
			}
		}
		out[k] = v
	}
	return out, nil
}
