package syncwire

import (
	"encoding/json"
	"testing"
)

// TestDecodeValueReadsStringsAsJSONDoes: the fast path for strings without escapes gives what
// json.Unmarshal gives for every kind of string a change may carry (accents, escapes,
// invalid UTF-8, control characters), and refuses what it refuses.
func TestDecodeValueReadsStringsAsJSONDoes(t *testing.T) {
	col := Column{Name: "name", Type: Text}
	for _, raw := range []string{`""`, `"Łucja Núñez"`, `"a\"b"`, `"tab\there"`, `"\u00e9"`, "\"\xff\xfe\"",
		"\"a\x01b\"", `"emoji 😀"`, `"back\\slash"`, `"unterminated`, `"a"b"`, "\"\xe2\x80\xa8\""} {
		got, gerr := DecodeValue(col, json.RawMessage(raw))
		var want string
		werr := json.Unmarshal([]byte(raw), &want)
		if (gerr != nil) != (werr != nil) || (gerr == nil && got != want) {
			t.Errorf("%q: got %q (%v), json.Unmarshal %q (%v)", raw, got, gerr, want, werr)
		}
	}
}
