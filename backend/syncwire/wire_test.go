package syncwire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseHLCDigitsOnly(t *testing.T) {
	good := "1763884800000-00003-dev_1"
	h, err := ParseHLC(good)
	if err != nil || h.Millis != 1763884800000 || h.Counter != 3 || h.Device != "dev_1" || h.String() != good {
		t.Fatalf("ParseHLC(%q) = %+v, %v", good, h, err)
	}
	if got := h.Time().Format(time.RFC3339); got != "2025-11-23T08:00:00Z" {
		t.Fatalf("time %s", got)
	}
	for _, bad := range []string{"", "+763884800000-00003-d", "1763884800000-+0003-d", "1763884800000-00003-",
		"176388480000-00003-d", "1763884800000-0003-d", " 763884800000-00003-d", "1763884800000-00003-d/x",
		"１763884800000-00003-d", "1763884800000-00003-" + strings.Repeat("a", 65)} {
		if _, err := ParseHLC(bad); err == nil {
			t.Errorf("ParseHLC(%q) accepted", bad)
		}
	}
}

func TestValidID(t *testing.T) {
	for _, ok := range []string{"a", "0190f1a2-7b3c-7d4e-8f00-112233445566", "org.password_policy", "sha256:ab", strings.Repeat("x", 64)} {
		if !ValidID(ok) {
			t.Errorf("ValidID(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", strings.Repeat("x", 65), "a b", "a/b", "é", "a\n"} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

func TestValuesRoundTripPerColumnType(t *testing.T) {
	users, _ := LookupTable("users")
	active, _ := users.Column("active")
	idle, _ := users.Column("idle_minutes")
	name, _ := users.Column("first_name")
	prof, _ := users.Column("profile_id")
	avatars, _ := LookupTable("avatars")
	large, _ := avatars.Column("large")
	cases := []struct {
		col  Column
		in   any
		wire string
	}{
		{active, true, `true`}, {active, int64(0), `false`}, {idle, int64(-15), `-15`},
		{name, "Zoë <x>", `"Zoë \u003cx\u003e"`}, {prof, nil, `null`}, {large, []byte{0, 1, 255}, `"AAH/"`},
	}
	for _, c := range cases {
		b, err := EncodeValue(c.col, c.in)
		if err != nil || string(b) != c.wire {
			t.Fatalf("EncodeValue(%s, %v) = %s, %v; want %s", c.col.Name, c.in, b, err, c.wire)
		}
		if canon, err := CanonicalValue(c.col, b); err != nil || !bytes.Equal(canon, b) {
			t.Fatalf("CanonicalValue(%s) = %s, %v", b, canon, err)
		}
	}
	for _, bad := range []struct {
		col  Column
		wire string
	}{{active, `1`}, {active, `"true"`}, {idle, `1.5`}, {idle, `"3"`}, {name, `null`}, {name, `3`}, {large, `"*"`}} {
		if _, err := DecodeValue(bad.col, json.RawMessage(bad.wire)); err == nil {
			t.Errorf("DecodeValue(%s, %s) accepted", bad.col.Name, bad.wire)
		}
	}
}

func TestDefaultsOfAPartialInsert(t *testing.T) {
	users, _ := LookupTable("users")
	h := HLC{Millis: 1763884800000, Device: "d"}
	have := map[string]json.RawMessage{"username": []byte(`"ana"`), "email": []byte(`"a@x.org"`), "first_name": []byte(`"Ana"`),
		"last_name": []byte(`"P"`), "role": []byte(`"agent"`), "profile_id": []byte(`null`), "active": []byte(`true`)}
	fill, missing := users.Defaults(h, have)
	if len(missing) != 0 {
		t.Fatalf("missing %v", missing)
	}
	for k, want := range map[string]string{"created_at": `"2025-11-23T08:00:00.000Z"`, "updated_at": `"2025-11-23T08:00:00.000Z"`,
		"language": `"es"`, "theme": `"system"`, "must_change_password": `false`, "idle_minutes": `0`, "status": `"active"`} {
		if string(fill[k]) != want {
			t.Errorf("default %s = %s, want %s", k, fill[k], want)
		}
	}
	if _, ok := fill["username"]; ok {
		t.Errorf("a column the change carries got a default")
	}
	_, missing = users.Defaults(h, map[string]json.RawMessage{"username": []byte(`"x"`)})
	if strings.Join(missing, ",") != "email,first_name,last_name,role" {
		t.Errorf("missing = %v", missing)
	}
}

func TestDecodePush(t *testing.T) {
	ok := `{"batch_id":"b1","changes":[{"table":"users","id":"u1","hlc":"1763884800000-00000-d1","deleted":false,"fields":{"username":"a"},"device_id":"d1","actor_id":"u1"}]}`
	req, err := DecodePush(strings.NewReader(ok))
	if err != nil || len(req.Changes) != 1 || string(req.Changes[0].Fields["username"]) != `"a"` {
		t.Fatalf("DecodePush = %+v, %v", req, err)
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"batch_id":"b1","changes":[],"x":1}`, ok + `{}`,
		strings.Replace(ok, `"u1","hlc"`, `"u 1","hlc"`, 1), strings.Replace(ok, "00000", "+0000", 1),
		strings.Replace(ok, `"device_id":"d1"`, `"device_id":""`, 1), strings.Replace(ok, `{"username":"a"}`, `[1]`, 1)} {
		if _, err := DecodePush(strings.NewReader(bad)); err == nil {
			t.Errorf("DecodePush accepted %q", bad)
		} else if de, ok := err.(*DecodeError); !ok || de.Code != CodeMalformed {
			t.Errorf("DecodePush(%q) = %v, want a malformed DecodeError", bad, err)
		}
	}
}

func FuzzDecodePush(f *testing.F) {
	f.Add([]byte(`{"batch_id":"b1","changes":[{"table":"users","id":"u1","hlc":"1763884800000-00000-d1","deleted":false,"fields":{"username":"a","active":true},"device_id":"d1","actor_id":"u1"}]}`))
	f.Add([]byte(`{"batch_id":"b","changes":[]}`))
	f.Add([]byte(`{"batch_id":"b","changes":[{"table":"t","id":"i","hlc":"0000000000000-00000-x","deleted":true,"fields":null,"device_id":"x","actor_id":"a"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodePush(bytes.NewReader(body))
		if err != nil {
			if _, ok := err.(*DecodeError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		// Whatever is accepted is well-formed and survives a round trip unchanged.
		for _, c := range req.Changes {
			if !ValidID(c.ID) || !ValidID(c.DeviceID) || c.Fields == nil {
				t.Fatalf("accepted a bad change %+v", c)
			}
			if _, err := ParseHLC(c.HLC); err != nil {
				t.Fatalf("accepted hlc %q", c.HLC)
			}
			if tb, ok := LookupTable(c.Table); ok {
				for k, v := range c.Fields {
					if col, ok := tb.Column(k); ok {
						if canon, err := CanonicalValue(col, v); err == nil {
							if again, err := CanonicalValue(col, canon); err != nil || !bytes.Equal(again, canon) {
								t.Fatalf("canonical value not stable: %s -> %s", canon, again)
							}
						}
					}
				}
			}
		}
		b, _ := json.Marshal(req)
		if _, err := DecodePush(bytes.NewReader(b)); err != nil {
			t.Fatalf("re-encoded request refused: %v\n%s", err, b)
		}
	})
}
