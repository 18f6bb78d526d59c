package syncwire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// EncodeValue encodes a Go value for column c: nil → null (nullable columns only); Bool
// columns take bool or the SQLite integers 0/1; Int columns any Go integer; Text columns a
// string; Blob columns []byte (standard base64 on the wire). The result is canonical: the
// same value always gives the same bytes, which the merge's tie rule relies on.
func EncodeValue(c Column, v any) (json.RawMessage, error) {
	if v == nil {
		if !c.Nullable {
			return nil, fmt.Errorf("%s: null in a NOT NULL column", c.Name)
		}
		return json.RawMessage("null"), nil
	}
	switch c.Type {
	case Bool:
		switch b := v.(type) {
		case bool:
			if b {
				return json.RawMessage("true"), nil
			}
			return json.RawMessage("false"), nil
		case int64:
			if b == 0 || b == 1 {
				return EncodeValue(c, b == 1)
			}
		case int:
			if b == 0 || b == 1 {
				return EncodeValue(c, b == 1)
			}
		}
	case Int:
		switch n := v.(type) {
		case int64:
			return json.RawMessage(strconv.FormatInt(n, 10)), nil
		case int:
			return json.RawMessage(strconv.Itoa(n)), nil
		case int32:
			return json.RawMessage(strconv.FormatInt(int64(n), 10)), nil
		}
	case Text:
		switch s := v.(type) {
		case string:
			return json.Marshal(s)
		case []byte:
			return json.Marshal(string(s))
		}
	case Blob:
		switch b := v.(type) {
		case []byte:
			return json.Marshal(base64.StdEncoding.EncodeToString(b))
		case string:
			return json.Marshal(base64.StdEncoding.EncodeToString([]byte(b)))
		}
	}
	return nil, fmt.Errorf("%s: %T is no %s value", c.Name, v, c.Type)
}

// DecodeValue reads a wire value of column c into Go: nil, bool, int64, string or []byte.
// The wrong JSON type, null in a NOT NULL column, a non-integer number or bad base64 is an
// error.
func DecodeValue(c Column, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, fmt.Errorf("%s: empty value", c.Name)
	}
	if string(raw) == "null" {
		if !c.Nullable {
			return nil, fmt.Errorf("%s: null in a NOT NULL column", c.Name)
		}
		return nil, nil
	}
	switch c.Type {
	case Bool:
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	case Int:
		if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
			if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
				return n, nil
			}
		}
	case Text, Blob:
		if raw[0] == '"' {
			s, ok := plainString(raw)
			if !ok {
				if err := json.Unmarshal(raw, &s); err != nil {
					return nil, fmt.Errorf("%s: %v", c.Name, err)
				}
			}
			if c.Type == Text {
				return s, nil
			}
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", c.Name, err)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s: %.40s is no %s value", c.Name, raw, c.Type)
}

// plainString reads a JSON string without escapes and with valid UTF-8 (nearly every value a
// pull carries) as json.Unmarshal would, without its reflection: a download decodes millions.
func plainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, b := range body {
		if b < 0x20 || b == '"' || b == '\\' {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

// CanonicalValue checks a wire value for column c and returns its canonical encoding.
func CanonicalValue(c Column, raw json.RawMessage) (json.RawMessage, error) {
	v, err := DecodeValue(c, raw)
	if err != nil {
		return nil, err
	}
	return EncodeValue(c, v)
}
