package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestAuditPackRoundTrip: every changes text the write path and the event writers produce
// comes back from its packed form byte for byte (a History and the export read exactly what
// was written), and the usual entries pack to less than half their JSON text.
func TestAuditPackRoundTrip(t *testing.T) {
	cases := []string{
		`{}`,
		`{"created_at":"2026-11-23T09:00:00.000Z","document_id":"12502641D","email":"c0000000@cliente.test","name":"Joanna Ramírez Kamińska","owner_id":"01a24b61-d7ac-7134-98d1-adba66ff0b1c","phone":"+34 601 453 123","tags":"[\"b2b\"]","updated_at":"2026-11-23T09:00:00.000Z","workspace_id":"01a24b61-d5fa-7320-907c-92c340cd131b"}`,
		`{"active":1,"email":"owner@bench.test","first_name":"Olga","language":"es","last_name":"Núñez","password_changed_at":"2026-12-06T12:43:52.698Z","password_hash":{"secret":true},"role":"owner","status":"active","username":"owner"}`,
		`{"last_active_at":{"new":"2026-12-06T12:43:53.007Z","old":""},"presence":{"new":"online","old":"offline"}}`,
		`{"client_id":"01a24b61-d7ca-7195-a7ef-8fb00573191f","done":1,"due_at":"2026-12-09T16:08:51.746Z","note":"Llamar de nuevo","owner_id":null}`,
		`{"owner_id":{"new":null,"old":"01a24b61-d7ca-7195-a7ef-8fb00573191f"},"done":{"new":true,"old":false},"n":{"new":-42,"old":1.5}}`,
		`{"name":"\u003cb\u003eA \u0026 B\u003c/b\u003e","note":"línea\nsegunda \"citada\" \\ tab\t","zz_unknown_key":[1,2,{"a":null}]}`,
		`{"format":"csv","rows":1000,"search":"mart","filters":{"owner":"x","status":["active"]},"generated":false}`,
		`{"id":"01A24B61-D7CA-7195-A7EF-8FB00573191F","at":"2026-12-09T16:08:51Z","big":12345678901234567890,"neg":-0,"f":1e3,"empty":""}`,
		`{"x":{"old":1,"new":2,"extra":3},"y":{"new":1},"z":{"secret":false},"w":{"secret":true,"more":1}}`,
		`{"created_at":"0001-01-01T00:00:00.000Z","when":"2262-04-11T23:47:16.854Z","key":"org"}`,
		`not json`,
		`[1,2]`,
		``,
	}
	for _, c := range cases {
		packed := packAuditChanges(c)
		b, ok := packed.([]byte)
		if !ok {
			if packed.(string) != c {
				t.Fatalf("%q kept as text %q", c, packed)
			}
			continue
		}
		if got := auditChangesText(b); got != c {
			t.Fatalf("round trip:\n got %s\nwant %s", got, c)
		}
	}
	for _, c := range cases[1:5] {
		b, ok := packAuditChanges(c).([]byte)
		if !ok || len(b)*2 > len(c) {
			t.Fatalf("%s packed to %d bytes of %d (packed: %v)", c, len(b), len(c), ok)
		}
	}
	// Ids, times and words, stored compactly, read back the same.
	for _, id := range []string{"01a24b61-d7ca-7195-a7ef-8fb00573191f", "01A24B61-D7CA-7195-A7EF-8FB00573191F", "org", "", "a3f"} {
		if got := auditIDText(auditIDKey(id)); got != id {
			t.Fatalf("id %q read back %q", id, got)
		}
	}
	if _, ok := auditIDKey("01a24b61-d7ca-7195-a7ef-8fb00573191f").([]byte); !ok {
		t.Fatal("a UUID is not stored in 16 bytes")
	}
	for _, at := range []string{"2026-11-23T09:00:00.000Z", "2026-11-23T09:00:00Z", "", "yesterday"} {
		if got := auditTimeText(auditTimeKey(at)); got != at {
			t.Fatalf("time %q read back %q", at, got)
		}
	}
	for _, w := range []string{"clients", "create", "rename_all", "something_new"} {
		if got := auditWordText(auditWordCode(w)); got != w {
			t.Fatalf("word %q read back %q", w, got)
		}
	}
}

// TestAuditWordsStable: entries store a word's position in auditWords, so the list only
// grows at its end. The first words and the numbers migration 0120's triggers name stay.
func TestAuditWordsStable(t *testing.T) {
	prefix := []string{"organizations", "workspaces", "profiles", "users", "user_workspaces", "settings", "avatars", "teams",
		"team_members", "campaigns", "campaign_members", "clients", "followups", "invitations", "password_history",
		"user_totp", "recovery_codes", "reset_codes", "secret_settings", "audit_log", "sync_key_envelopes",
		"sync_conflicts", "create", "update", "delete"}
	for i, w := range prefix {
		if auditWords[i] != w {
			t.Fatalf("auditWords[%d] = %q, was %q: append new words at the end", i, auditWords[i], w)
		}
	}
	// The committed list's length and content, folded: a word moved or removed changes it.
	const committed = 147
	if len(auditWords) < committed {
		t.Fatalf("auditWords lost words: %d < %d", len(auditWords), committed)
	}
	seen := map[string]bool{}
	for _, w := range auditWords {
		if seen[w] {
			t.Fatalf("auditWords holds %q twice", w)
		}
		seen[w] = true
	}
}

// TestAuditCompactMigration: migration 0120 rewrites a log written in the layout of
// migration 0020 (and its workspace placing of 0051) into audit_rows, and every view reads
// exactly what was there before, entry by entry.
func TestAuditCompactMigration(t *testing.T) {
	ctx := context.Background()
	db, apply := migrationDB(t)
	apply(0, 120)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	at := "2026-11-23T09:00:00.000Z"
	ws, user := "01a24b61-d5fa-7320-907c-92c340cd131b", "01a24b61-d5f9-7e84-b0b9-28855d039aa9"
	exec(`INSERT INTO workspaces(id, name, created_at, updated_at) VALUES (?, 'Lima', ?, ?)`, ws, at, at)
	exec(`INSERT INTO users(id, username, email, first_name, last_name, role, created_at, updated_at) VALUES (?, 'ana', 'ana@x.org', 'Ana', 'Pérez', 'agent', ?, ?)`, user, at, at)
	exec(`INSERT INTO user_workspaces(id, user_id, workspace_id, created_at, updated_at) VALUES ('l1', ?, ?, ?, ?)`, user, ws, at, at)
	exec(`INSERT INTO audit_ids(id) VALUES ('system'), ('ws-device-1')`)
	entries := [][]string{
		{at, "workspaces", ws, "create", `{"name":"Lima"}`},
		{"2026-11-23T09:00:01.250Z", "users", user, "create", `{"active":1,"first_name":"Ana","password_hash":{"secret":true},"workspace_id":"` + ws + `"}`},
		{"2026-11-23T09:00:02.000Z", "users", user, "update", `{"presence":{"new":"online","old":"offline"}}`},
		{"2026-11-23T09:00:03.000Z", "users", user, "sign_in", `{"session_id":"s1"}`},
		{"2026-11-23T09:00:04.000Z", "settings", "org", "weird_action", `{"extra":[1,2.5],"value":{"new":"x","old":null}}`},
		{"2026-11-23 09:00:05", "audit_log", "", "export", `not json at all`},
	}
	for _, e := range entries {
		exec(`INSERT INTO audit_entries(at, actor, ws, entity, entity_id, action, changes) VALUES (?, 1, 2, ?, ?, ?, ?)`, e[0], e[1], e[2], e[3], e[4])
	}
	read := func(q string) string {
		t.Helper()
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var b strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const logQ = `SELECT id, at, actor_id, workstation_id, entity, entity_id, action, changes FROM audit_log ORDER BY id`
	const scopeQ = `SELECT audit_id, workspace_id, at FROM audit_workspaces ORDER BY audit_id, workspace_id`
	beforeLog, beforeScope := read(logQ), read(scopeQ)
	if strings.Count(beforeScope, "\n") < 3 {
		t.Fatalf("the old layout placed too few entries:\n%s", beforeScope)
	}
	apply(120, 121)
	if got := read(logQ); got != beforeLog {
		t.Fatalf("audit_log after 0120:\n%s\nbefore:\n%s", got, beforeLog)
	}
	if got := read(scopeQ); got != beforeScope {
		t.Fatalf("audit_workspaces after 0120:\n%s\nbefore:\n%s", got, beforeScope)
	}
	var blobs, ints int
	if err := db.QueryRowContext(ctx, `SELECT SUM(typeof(changes) = 'blob'), SUM(typeof(at) = 'integer') FROM audit_rows`).Scan(&blobs, &ints); err != nil {
		t.Fatal(err)
	}
	if blobs != 5 || ints != 5 {
		t.Fatalf("packed changes %d, integer times %d; want 5 and 5 (the malformed entry kept as text)", blobs, ints)
	}
	// Appending keeps working through the old shape, and places the entry.
	exec(`INSERT INTO audit_entries(at, actor, ws, entity, entity_id, action, changes) VALUES (?, 1, 2, 'users', ?, 'update', '{"status":{"new":"inactive","old":"active"}}')`,
		"2026-11-23T09:00:06.000Z", user)
	if got := read(`SELECT entity, action, changes FROM audit_log WHERE id = (SELECT max(id) FROM audit_entries)`); got != "users|update|{\"status\":{\"new\":\"inactive\",\"old\":\"active\"}}|\n" {
		t.Fatalf("appended entry reads %q", got)
	}
	if got := read(`SELECT workspace_id FROM audit_workspaces WHERE audit_id = (SELECT max(id) FROM audit_rows)`); got != ws+"|\n" {
		t.Fatalf("appended entry placed in %q", got)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_rows`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("DELETE FROM audit_rows: %v", err)
	}
}

// BenchmarkAuditPack: packing a client's creation entry (every write of the write path packs
// its entry and checks the packing reads back).
func BenchmarkAuditPack(b *testing.B) {
	raw := `{"created_at":"2026-11-23T09:00:00.000Z","document_id":"12502641D","email":"c0000000@cliente.test","name":"Joanna Ramírez Kamińska","owner_id":"01a24b61-d7ac-7134-98d1-adba66ff0b1c","phone":"+34 601 453 123","tags":"[\"b2b\"]","updated_at":"2026-11-23T09:00:00.000Z","workspace_id":"01a24b61-d5fa-7320-907c-92c340cd131b"}`
	for b.Loop() {
		packAuditChanges(raw)
	}
}

// BenchmarkAuditUnpack: reading it back as JSON (the audit page, a History, the export).
func BenchmarkAuditUnpack(b *testing.B) {
	packed := packAuditChanges(`{"created_at":"2026-11-23T09:00:00.000Z","document_id":"12502641D","email":"c0000000@cliente.test","name":"Joanna Ramírez Kamińska","owner_id":"01a24b61-d7ac-7134-98d1-adba66ff0b1c","phone":"+34 601 453 123","tags":"[\"b2b\"]","updated_at":"2026-11-23T09:00:00.000Z","workspace_id":"01a24b61-d5fa-7320-907c-92c340cd131b"}`).([]byte)
	for b.Loop() {
		auditChangesText(packed)
	}
}

// TestAuditPackMapReadsAsJSON: the write path packs an entry from its values (packAuditMap),
// never writing its JSON; what the views read back is exactly json.Marshal of those values,
// whatever their types.
func TestAuditPackMapReadsAsJSON(t *testing.T) {
	id := NewID()
	maps := []map[string]any{
		{},
		{"name": "Lima", "workspace_id": id, "created_at": "2026-11-23T09:00:00.000Z", "active": int64(1), "owner_id": nil},
		{"password_hash": map[string]any{"secret": true}, "secret": map[string]any{"secret": false}, "large": map[string]any{"secret": true, "x": 1}},
		{"status": map[string]any{"old": "active", "new": "inactive"}, "owner_id": map[string]any{"old": id, "new": nil},
			"done": map[string]any{"old": int64(0), "new": true}, "tags": map[string]any{"old": []string{"a"}, "new": map[string]any{"k": 1.5}}},
		{"note": "<b>A & B</b> \"q\" \\ \n\t\u2028", "name": "Łukasz Żółć", "x": 1.25, "y": float64(3), "z": uint8(7), "n": -12, "big": int64(1) << 62},
		{"when": time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), "raw": json.RawMessage(`{"a":[1,2]}`), "bytes": []byte("hola"),
			"fields": Fields{"a": "b"}, "list": []any{1, "x", nil}, "upper": strings.ToUpper(id), "short_time": "2026-11-23T09:00:00Z"},
		{"unknown key with spaces": "v", "": "empty key", "ключ": "значение", "created": 3, "rows": int64(0)},
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	words := append([]string{"zz_new", "ünï"}, auditWords...)
	values := []any{nil, true, false, int64(0), int64(-5), 42, "", "x", id, "2026-11-23T09:00:00.000Z", 0.5,
		map[string]any{"old": nil, "new": "y"}, map[string]any{"secret": true}, []string{"voice", "chat"}}
	for range 300 {
		m := map[string]any{}
		for range rnd.IntN(8) {
			m[words[rnd.IntN(len(words))]] = values[rnd.IntN(len(values))]
		}
		maps = append(maps, m)
	}
	for _, m := range maps {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		packed, err := packAuditMap(m)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := unpackAuditChanges(packed)
		if !ok || got != string(want) {
			t.Fatalf("packed %v reads back\n%s\nwant\n%s", m, got, want)
		}
	}
}

// BenchmarkAuditPackMap: the write path's packing of a client's creation entry.
func BenchmarkAuditPackMap(b *testing.B) {
	m := map[string]any{"created_at": "2026-11-23T09:00:00.000Z", "document_id": "12502641D", "email": "c0000000@cliente.test",
		"name": "Joanna Ramírez Kamińska", "owner_id": "01a24b61-d7ac-7134-98d1-adba66ff0b1c", "phone": "+34 601 453 123",
		"tags": `["b2b"]`, "updated_at": "2026-11-23T09:00:00.000Z", "workspace_id": "01a24b61-d5fa-7320-907c-92c340cd131b"}
	for b.Loop() {
		if _, err := packAuditMap(m); err != nil {
			b.Fatal(err)
		}
	}
}
