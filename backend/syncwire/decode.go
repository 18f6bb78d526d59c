package syncwire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Limits of one push request.
const (
	MaxBatchChanges = 10000
	MaxBodyBytes    = 64 << 20 // decompressed
)

// DecodeError is a malformed request: the server answers 400 with its code.
type DecodeError struct {
	Code    string
	Field   string
	Message string
}

func (e *DecodeError) Error() string { return e.Code + ": " + e.Message }

func malformed(field, format string, a ...any) *DecodeError {
	return &DecodeError{Code: CodeMalformed, Field: field, Message: fmt.Sprintf(format, a...)}
}

// DecodePush reads and checks a push body: one JSON object with exactly the contract's keys,
// a batch_id and every change's id, actor_id and device_id of the id form, hlc strings of the
// contract's form, fields a JSON object. Whether a table or column exists is not checked
// here (that is a per-change unknown_field rejection, not a malformed body).
func DecodePush(r io.Reader) (*PushRequest, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var req PushRequest
	if err := dec.Decode(&req); err != nil {
		var mbe *maxBytesError
		if errors.As(err, &mbe) {
			return nil, &DecodeError{Code: CodeTooLarge, Message: "body too large"}
		}
		return nil, malformed("", "body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, malformed("", "body: data after the JSON object")
	}
	if !ValidID(req.BatchID) {
		return nil, malformed("batch_id", "batch_id: want 1-64 characters of [A-Za-z0-9._:-]")
	}
	if len(req.Changes) > MaxBatchChanges {
		return nil, &DecodeError{Code: CodeTooLarge, Field: "changes", Message: fmt.Sprintf("more than %d changes", MaxBatchChanges)}
	}
	for i := range req.Changes {
		if err := CheckChange(&req.Changes[i]); err != nil {
			err.Message = fmt.Sprintf("changes[%d]: %s", i, err.Message)
			return nil, err
		}
	}
	return &req, nil
}

type maxBytesError = httpMaxBytesError

// CheckChange checks a change's form (not its table, columns or values).
func CheckChange(c *Change) *DecodeError {
	if c.Table == "" || len(c.Table) > 64 {
		return malformed("table", "table: want 1-64 characters")
	}
	if !ValidID(c.ID) {
		return malformed("id", "id: want 1-64 characters of [A-Za-z0-9._:-]")
	}
	if _, err := ParseHLC(c.HLC); err != nil {
		return malformed("hlc", "%v", err)
	}
	if !ValidID(c.DeviceID) {
		return malformed("device_id", "device_id: want an id")
	}
	if !ValidID(c.ActorID) {
		return malformed("actor_id", "actor_id: want an id")
	}
	if c.Fields == nil {
		c.Fields = map[string]json.RawMessage{}
	}
	for k, v := range c.Fields {
		if k == "" || len(k) > 64 {
			return malformed("fields", "fields: column name of 1-64 characters")
		}
		if len(v) == 0 {
			return malformed("fields", "fields.%s: no value", k)
		}
	}
	return nil
}
