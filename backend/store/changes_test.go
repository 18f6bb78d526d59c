package store_test

import (
	"reflect"
	"testing"

	"github.com/plantel/plantel/backend/store"
)

// TestChangeReader: the audit page and a user's history read an entry's changes the same
// way — row changes as old → new, secrets (by column or by the writer's marker) without
// values, hidden bookkeeping left out, other details as New, sorted by field.
func TestChangeReader(t *testing.T) {
	r := store.ChangeReader{
		Hidden: map[string]bool{"session_id": true},
		Secret: map[string]bool{"password_hash": true},
	}
	raw := `{"phone": {"old": "1", "new": "2"}, "password_hash": {"old": "x", "new": "y"},
		"secret": {"secret": true}, "session_id": "s1", "reason": "left",
		"extra": {"old": 1, "new": 2, "why": "not a pair"}}`
	want := []store.FieldChange{
		{Field: "extra", New: map[string]any{"old": 1.0, "new": 2.0, "why": "not a pair"}},
		{Field: "password_hash", Secret: true},
		{Field: "phone", Old: "1", New: "2"},
		{Field: "reason", New: "left"},
		{Field: "secret", Secret: true},
	}
	if got := r.Decode(raw); !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n%#v\nwant\n%#v", got, want)
	}
	for _, bad := range []string{"", "null", "[1]", "not json"} {
		if got := r.Decode(bad); got == nil || len(got) != 0 {
			t.Fatalf("%q: %#v, want an empty list (never null to the window)", bad, got)
		}
	}
}
