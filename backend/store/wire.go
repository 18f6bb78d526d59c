package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Change is one row change in the sync contract's wire form (DESIGN.md, "Sync — Contract").
// Fields hold wire values: booleans as bool, integers as numbers, text and times as
// strings, blobs as standard base64 strings.
type Change struct {
	Table    string         `json:"table"`
	ID       string         `json:"id"`
	HLC      string         `json:"hlc"`
	Deleted  bool           `json:"deleted"`
	Fields   map[string]any `json:"fields"`
	DeviceID string         `json:"device_id"`
	ActorID  string         `json:"actor_id"`
}

// boolColumns are the INTEGER columns that hold a yes/no and travel as JSON booleans.
var boolColumns = map[string]bool{
	"active": true, "archived": true, "builtin": true, "must_change_password": true,
	"invited": true, "enabled": true, "done": true,
}

// IsBoolColumn says whether col travels as a JSON boolean.
func IsBoolColumn(col string) bool { return boolColumns[col] }

// toWire turns a column value as SQLite holds it into its wire value.
func (db *DB) toWire(table, col string, v any) any {
	typ := db.colType[table][col]
	switch x := v.(type) {
	case nil:
		return nil
	case []byte:
		if typ == "BLOB" {
			return base64.StdEncoding.EncodeToString(x)
		}
		return string(x)
	case int64:
		if boolColumns[col] {
			return x != 0
		}
		return x
	case bool:
		if boolColumns[col] {
			return x
		}
		if x {
			return int64(1)
		}
		return int64(0)
	case int:
		return db.toWire(table, col, int64(x))
	case float64:
		if boolColumns[col] {
			return x != 0
		}
		return x
	}
	return v
}

// fromWire turns a wire value into the value stored in SQLite, checking its type against
// the column's.
func (db *DB) fromWire(table, col string, v any) (any, error) {
	typ := db.colType[table][col]
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool:
		if typ != "INTEGER" {
			return nil, fmt.Errorf("%s.%s: boolean for a %s column", table, col, typ)
		}
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case json.Number:
		if typ != "INTEGER" && typ != "REAL" {
			return nil, fmt.Errorf("%s.%s: number for a %s column", table, col, typ)
		}
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		return f, err
	case float64:
		if typ != "INTEGER" && typ != "REAL" {
			return nil, fmt.Errorf("%s.%s: number for a %s column", table, col, typ)
		}
		if typ == "INTEGER" && x == math.Trunc(x) {
			return int64(x), nil
		}
		return x, nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case string:
		if typ == "BLOB" {
			b, err := base64.StdEncoding.DecodeString(x)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", table, col, err)
			}
			return b, nil
		}
		if typ == "INTEGER" {
			return nil, fmt.Errorf("%s.%s: string for an INTEGER column", table, col)
		}
		return x, nil
	case []byte:
		return x, nil
	}
	return nil, fmt.Errorf("%s.%s: unsupported value %T", table, col, v)
}

// hlcTime is the wall time of an HLC stamp in the *_at columns' format.
func hlcTime(h string) string {
	if len(h) < 13 {
		return Timestamp(time.Unix(0, 0))
	}
	ms, _ := strconv.ParseInt(h[:13], 10, 64)
	return Timestamp(time.UnixMilli(ms))
}

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }
