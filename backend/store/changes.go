package store

import (
	"encoding/json"
	"sort"
)

// FieldChange is one field of an audit entry as a reader sees it: old → new, or only
// Secret (its values are never shown), or New alone for the details of an event that is
// not a row change. The audit page and a user's history both read entries this way.
type FieldChange struct {
	Field  string `json:"field"`
	Old    any    `json:"old"`
	New    any    `json:"new"`
	Secret bool   `json:"secret,omitempty"`
}

// ChangeReader decodes the changes column of audit_log, which Write fills with
// {"col": {"old": .., "new": ..}} for row changes, {"col": {"secret": true}} for secrets,
// or plain details for other events. Each page says what it leaves out.
type ChangeReader struct {
	// Hidden are bookkeeping details the reader leaves out (a session id, say).
	Hidden map[string]bool
	// Secret are columns whose values are never shown, whatever an old entry holds.
	Secret map[string]bool
}

// Decode returns the entry's changes sorted by field; none for text that is not a JSON object.
func (r ChangeReader) Decode(raw string) []FieldChange {
	var m map[string]any
	out := []FieldChange{}
	if json.Unmarshal([]byte(raw), &m) != nil {
		return out
	}
	for k, v := range m {
		if r.Hidden[k] {
			continue
		}
		c := FieldChange{Field: k}
		pair, isPair := v.(map[string]any)
		switch {
		case r.Secret[k] || (isPair && pair["secret"] == true):
			c.Secret = true
		case isPair && hasOldNew(pair):
			c.Old, c.New = pair["old"], pair["new"]
		default:
			c.New = v
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// hasOldNew tells a row change ({"old": .., "new": ..} and nothing else) from a detail
// that happens to be an object.
func hasOldNew(m map[string]any) bool {
	_, o := m["old"]
	_, n := m["new"]
	return o && n && len(m) == 2
}
