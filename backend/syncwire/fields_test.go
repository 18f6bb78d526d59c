package syncwire

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestFieldsRoundTripBetweenSQLiteAndWire(t *testing.T) {
	row := map[string]any{"username": "ana", "active": int64(1), "must_change_password": false, "idle_minutes": int64(5), "profile_id": nil}
	wire, err := EncodeFields("users", row)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(wire)
	if want := `{"active":true,"idle_minutes":5,"must_change_password":false,"profile_id":null,"username":"ana"}`; string(b) != want {
		t.Fatalf("wire %s, want %s", b, want)
	}
	back, err := DecodeFields("users", wire)
	if err != nil || back["active"] != int64(1) || back["must_change_password"] != int64(0) || back["idle_minutes"] != int64(5) || back["profile_id"] != nil || back["username"] != "ana" {
		t.Fatalf("back %v %v", back, err)
	}
	img := []byte{0x89, 'P', 'N', 'G'}
	w, _ := EncodeFields("avatars", map[string]any{"large": img})
	if got, _ := DecodeFields("avatars", w); !bytes.Equal(got["large"].([]byte), img) {
		t.Fatalf("blob round trip: %v", got)
	}
	if _, err := EncodeFields("sessions", map[string]any{"x": 1}); err == nil {
		t.Fatal("local table encoded")
	}
	if _, err := DecodeFields("users", map[string]json.RawMessage{"active": json.RawMessage(`1`)}); err == nil {
		t.Fatal("number accepted for a boolean column")
	}
}
