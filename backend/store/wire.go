package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/plantel/plantel/backend/syncwire"
)

// Change is one row change in the sync contract's wire form (backend/syncwire: the one copy
// of the wire types, value encoding and merge rule that the server shares).
type Change = syncwire.Change

func wireColumn(table, col string) (syncwire.Column, error) {
	t, ok := syncwire.LookupTable(table)
	if !ok {
		return syncwire.Column{}, fmt.Errorf("%s is not a synced table", table)
	}
	c, ok := t.Column(col)
	if !ok {
		return syncwire.Column{}, fmt.Errorf("%s.%s is not a synced column", table, col)
	}
	return c, nil
}

// toWire encodes a column value as SQLite holds it into its wire value.
func toWire(table, col string, v any) (json.RawMessage, error) {
	c, err := wireColumn(table, col)
	if err != nil {
		return nil, err
	}
	if c.Type == syncwire.Bool {
		switch x := v.(type) {
		case int64:
			v = x != 0
		case int:
			v = x != 0
		}
	}
	return syncwire.EncodeValue(c, v)
}

// fromWire decodes a wire value into the value stored in SQLite (booleans as 0/1).
func fromWire(table, col string, raw json.RawMessage) (any, error) {
	c, err := wireColumn(table, col)
	if err != nil {
		return nil, err
	}
	v, err := syncwire.DecodeValue(c, raw)
	if err != nil {
		return nil, err
	}
	if b, ok := v.(bool); ok {
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return v, nil
}

// outboxValue turns a value as the outbox stores it (SQLite values as JSON: booleans as
// 0/1, blobs already base64) into its wire value.
func outboxValue(table, col string, raw json.RawMessage) json.RawMessage {
	c, err := wireColumn(table, col)
	if err != nil || c.Type != syncwire.Bool {
		return raw
	}
	switch string(raw) {
	case "0":
		return json.RawMessage("false")
	case "1":
		return json.RawMessage("true")
	}
	return raw
}

// hlcTime is the wall time of an HLC stamp in the *_at columns' format.
func hlcTime(h string) string {
	if len(h) < 13 {
		return Timestamp(time.Unix(0, 0))
	}
	ms, _ := strconv.ParseInt(h[:13], 10, 64)
	return Timestamp(time.UnixMilli(ms))
}
