package syncwire

import (
	"bytes"
	"encoding/json"
)

// FieldState is one field's merged value and the hlc of the write that set it.
type FieldState struct {
	Value json.RawMessage `json:"v"`
	HLC   string          `json:"h"`
}

// RowState is the merged state of one row: every field's last-writer-wins value, and the
// greatest tombstone hlc ("" when the row was never deleted). Field values are kept under a
// tombstone, so a field change newer than the tombstone recreates the row from them.
//
// RowState with Merge is a join semilattice: Merge is commutative, associative and
// idempotent, so replicas that have seen the same changes, in any order and any number of
// times, hold equal states.
type RowState struct {
	Tomb   string                `json:"t,omitempty"`
	Fields map[string]FieldState `json:"f,omitempty"`
}

// Wins reports whether field write a beats b: the greater hlc; on equal hlc (a stamp is
// unique per device, so only a replayed or forged change ties) the greater canonical value
// bytes, so the outcome never depends on arrival order. For a workstation that keeps one
// clock per field and compares one incoming value at a time.
func Wins(a, b FieldState) bool { return winsOver(a, b) }

// TombstoneWins reports whether a tombstone stamped tomb deletes a row whose newest field
// write is stamped fieldHLC ("" for none): it does unless the field write is newer.
func TombstoneWins(tomb, fieldHLC string) bool { return tomb != "" && tomb >= fieldHLC }

func winsOver(a, b FieldState) bool {
	if a.HLC != b.HLC {
		return a.HLC > b.HLC
	}
	return bytes.Compare(a.Value, b.Value) > 0
}

// MaxFieldHLC is the greatest hlc among the fields ("" for none).
func (r RowState) MaxFieldHLC() string {
	m := ""
	for _, f := range r.Fields {
		if f.HLC > m {
			m = f.HLC
		}
	}
	return m
}

// Deleted reports whether the row is deleted: a tombstone not older than every field write
// (a tombstone wins over field changes with a smaller hlc, and over an equal one).
func (r RowState) Deleted() bool { return TombstoneWins(r.Tomb, r.MaxFieldHLC()) }

// Live reports whether the row exists: it has fields and is not deleted.
func (r RowState) Live() bool { return len(r.Fields) > 0 && !r.Deleted() }

// Clone returns a deep-enough copy (field values are immutable byte slices by convention).
func (r RowState) Clone() RowState {
	out := RowState{Tomb: r.Tomb}
	if r.Fields != nil {
		out.Fields = make(map[string]FieldState, len(r.Fields))
		for k, v := range r.Fields {
			out.Fields[k] = v
		}
	}
	return out
}

// Merge joins two states of the same row: per field the winner of winsOver, the greater
// tombstone.
func Merge(a, b RowState) RowState {
	out := a.Clone()
	if b.Tomb > out.Tomb {
		out.Tomb = b.Tomb
	}
	for k, fb := range b.Fields {
		if out.Fields == nil {
			out.Fields = map[string]FieldState{}
		}
		if fa, ok := out.Fields[k]; !ok || winsOver(fb, fa) {
			out.Fields[k] = fb
		}
	}
	return out
}

// FromChange is the state a single change describes: its fields at its hlc, and its hlc as
// a tombstone when it deletes.
func FromChange(c Change) RowState {
	r := RowState{}
	if c.Deleted {
		r.Tomb = c.HLC
	}
	if len(c.Fields) > 0 {
		r.Fields = make(map[string]FieldState, len(c.Fields))
		for k, v := range c.Fields {
			r.Fields[k] = FieldState{Value: v, HLC: c.HLC}
		}
	}
	return r
}

// Apply merges change c into r.
func Apply(r RowState, c Change) RowState { return Merge(r, FromChange(c)) }

// Equal reports whether two states are the same.
func Equal(a, b RowState) bool {
	if a.Tomb != b.Tomb || len(a.Fields) != len(b.Fields) {
		return false
	}
	for k, fa := range a.Fields {
		fb, ok := b.Fields[k]
		if !ok || fa.HLC != fb.HLC || !bytes.Equal(fa.Value, fb.Value) {
			return false
		}
	}
	return true
}

// Values returns the row's current values (whatever Deleted says).
func (r RowState) Values() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(r.Fields))
	for k, f := range r.Fields {
		out[k] = f.Value
	}
	return out
}
