package store

import (
	"bytes"
	"database/sql/driver"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"modernc.org/sqlite"
)

// The audit log's compact storage (migration 0120, issue #10's db_bytes). An entry of
// audit_rows keeps what the audit_log view shows, losslessly, in fewer bytes:
//   - at: the instant as unix milliseconds (an integer of 6 bytes instead of 24 characters,
//     in the table and in every index ordered by time); a time in another form stays text;
//   - entity and action: the number of the word in auditWords, or the text itself;
//   - entity_id: a UUID as its 16 bytes, any other id as text;
//   - changes: the JSON object packed (packAuditChanges): each key a number of auditWords
//     (or spelled out), each value tagged, UUIDs and times in binary; a text that does not
//     come back byte for byte from its packing is kept as text.
//
// The functions below are registered as SQL functions (deterministic, for every connection
// of the "sqlite" driver): the views audit_log, audit_entries and audit_workspaces read with
// them, and a writer that inserts into the audit_entries view (a pulled page) is packed by
// them too.

// auditWords are the words an entry names by number: entity types, actions and the keys of
// changes. APPEND ONLY: an entry stores the position (from 1), so a word never moves and
// none is removed (TestAuditWordsStable holds the list to its committed prefix).
var auditWords = []string{
	// entities (audited tables and event subjects)
	"organizations", "workspaces", "profiles", "users", "user_workspaces", "settings", "avatars", "teams",
	"team_members", "campaigns", "campaign_members", "clients", "followups", "invitations", "password_history",
	"user_totp", "recovery_codes", "reset_codes", "secret_settings", "audit_log", "sync_key_envelopes",
	"sync_conflicts",
	// actions
	"create", "update", "delete", "sign_in", "sign_out", "sign_in_failed", "locked", "deactivate",
	"delete_handover", "ownership_transferred", "import", "export", "merge", "resolve", "bulk_created",
	"invitation_accepted", "reset_code_sent", "password_reset_by_code", "password_changed", "password_reset",
	"two_factor_enabled", "two_factor_disabled", "recovery_codes_renewed", "two_factor_reset",
	"transfer", "spread", "unassign", "assign", "rename", "rename_all",
	// columns of the audited tables
	"active", "archived", "avatar_id", "builtin", "campaign_id", "channels", "client_id", "code_hash",
	"confirmed_at", "created_at", "created_by", "custom_fields", "description", "document_id", "done",
	"done_at", "due_at", "email", "enabled", "ends_on", "expires_at", "extension", "first_name", "hash",
	"icon", "id", "idle_minutes", "invited", "invited_by", "language", "large", "last_active_at",
	"last_name", "last_step", "leader_id", "mime", "modules", "must_change_password", "name", "note",
	"notes", "notify_frequency", "owner_id", "password_changed_at", "password_hash", "phone", "presence",
	"profile_id", "role", "salt", "sealed", "secret", "sessions_revoked_at", "signature", "skills", "small",
	"starts_on", "status", "tags", "team_id", "theme", "updated_at", "used_at", "user_id", "username",
	"value", "workspace_id", "workspace_ids", "key",
	// keys of event details
	"session_id", "reason", "failures", "minutes", "generated", "invitation_id", "from", "to", "format",
	"rows", "search", "created", "skipped", "count", "pattern", "merged", "field", "conflict", "resolution",
	"filters", "owners", "workstation", "device", "ip", "source", "method",
}

var auditWordNum = func() map[string]int64 {
	m := make(map[string]int64, len(auditWords))
	for i, w := range auditWords {
		if _, dup := m[w]; !dup {
			m[w] = int64(i + 1)
		}
	}
	return m
}()

// auditWordCode is how a word is stored: its number, or the text when it has none.
func auditWordCode(w string) any {
	if n, ok := auditWordNum[w]; ok {
		return n
	}
	return w
}

// auditWordText reads a stored word back.
func auditWordText(v any) any {
	if n, ok := v.(int64); ok && n >= 1 && n <= int64(len(auditWords)) {
		return auditWords[n-1]
	}
	return v
}

// auditTimeKey stores a time of store.Timestamp's form as unix milliseconds; any other text
// stays as it is.
func auditTimeKey(s string) any {
	if len(s) != len("2006-01-02T15:04:05.000Z") {
		return s
	}
	t, err := ParseTimestamp(s)
	if err != nil || Timestamp(t) != s {
		return s
	}
	return t.UnixMilli()
}

// AuditTimeKey is how audit_rows.at stores the time s (readers compare with it: a page's
// cursor, a date range).
func AuditTimeKey(s string) any { return auditTimeKey(s) }

func auditTimeText(v any) any {
	if n, ok := v.(int64); ok {
		return Timestamp(time.UnixMilli(n))
	}
	return v
}

// auditIDKey stores a canonical (lower-case, dashed) UUID as its 16 bytes, any other id as text.
func auditIDKey(s string) any {
	if len(s) != 36 {
		return s
	}
	u, err := uuid.Parse(s)
	if err != nil || u.String() != s {
		return s
	}
	return u[:]
}

// AuditIDKey is how audit_rows.entity_id stores the id s (readers compare with it).
func AuditIDKey(s string) any { return auditIDKey(s) }

// AuditWordKey is how audit_rows.entity and action store the word w (readers compare with it).
func AuditWordKey(w string) any { return auditWordCode(w) }

func auditIDText(v any) any {
	if b, ok := v.([]byte); ok {
		if len(b) == 16 {
			var u uuid.UUID
			copy(u[:], b)
			return u.String()
		}
		return string(b)
	}
	return v
}

// Value tags of the packed changes.
const (
	packNull   = 0
	packTrue   = 1
	packFalse  = 2
	packInt    = 3 // zig-zag varint
	packString = 4 // varint length + UTF-8
	packUUID   = 5 // 16 bytes
	packTime   = 6 // zig-zag varint of unix milliseconds (store.Timestamp's form)
	packPair   = 7 // {"new": N, "old": O}: the old value, then the new one
	packSecret = 8 // {"secret": true}
	packJSON   = 9 // varint length + JSON text, as written
)

// packFormat is the first byte of a packed entry (a later format takes another).
const packFormat = 1

// packAuditChanges packs the changes of an entry (a JSON object as json.Marshal writes it).
// It returns a blob that unpackAuditChanges turns back into exactly the same text, or the
// text itself when it would not (so nothing is ever lost).
func packAuditChanges(raw string) any {
	if len(raw) < 2 || raw[0] != '{' {
		return raw
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber() // numbers as written, so they pack to the same text
	var m map[string]any
	if dec.Decode(&m) != nil {
		return raw
	}
	b, err := packAuditMap(m)
	if err != nil {
		return raw
	}
	if out, ok := unpackAuditChanges(b); !ok || out != raw {
		return raw
	}
	return b
}

// packAuditMap packs the changes of an entry from its values, as packAuditChanges packs
// json.Marshal(m), without writing and parsing the JSON: every value packs to a form that
// reads back as json.Marshal writes it (UUIDs and times only when they format back the
// same; anything but nil, booleans, integers, strings, old/new pairs and secrets as its
// json.Marshal text). TestAuditPackMapReadsAsJSON holds it to json.Marshal.
func packAuditMap(m map[string]any) ([]byte, error) {
	keys := sortedKeys(m)
	b := make([]byte, 0, 16*len(m)+8)
	b = append(b, packFormat)
	var err error
	for _, k := range keys {
		if n, ok := auditWordNum[k]; ok {
			b = binary.AppendUvarint(b, uint64(n))
		} else {
			b = binary.AppendUvarint(b, 0)
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
		}
		if b, err = packGo(b, m[k], true); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func packGo(b []byte, v any, top bool) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, packNull), nil
	case bool:
		if x {
			return append(b, packTrue), nil
		}
		return append(b, packFalse), nil
	case int64:
		return binary.AppendVarint(append(b, packInt), x), nil
	case int:
		return binary.AppendVarint(append(b, packInt), int64(x)), nil
	case json.Number:
		if n, err := x.Int64(); err == nil && strconv.FormatInt(n, 10) == string(x) {
			return binary.AppendVarint(append(b, packInt), n), nil
		}
	case string:
		if u, ok := auditIDKey(x).([]byte); ok {
			return append(append(b, packUUID), u...), nil
		}
		if ms, ok := auditTimeKey(x).(int64); ok {
			return binary.AppendVarint(append(b, packTime), ms), nil
		}
		b = append(b, packString)
		b = binary.AppendUvarint(b, uint64(len(x)))
		return append(b, x...), nil
	case map[string]any:
		if top && len(x) == 1 && x["secret"] == true {
			return append(b, packSecret), nil
		}
		o, hasOld := x["old"]
		n, hasNew := x["new"]
		if top && len(x) == 2 && hasOld && hasNew {
			var err error
			if b, err = packGo(append(b, packPair), o, false); err != nil {
				return nil, err
			}
			return packGo(b, n, false)
		}
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	b = append(b, packJSON)
	b = binary.AppendUvarint(b, uint64(len(j)))
	return append(b, j...), nil
}

// unpackAuditChanges writes a packed entry back as the JSON text it was packed from.
func unpackAuditChanges(b []byte) (string, bool) {
	if len(b) == 0 || b[0] != packFormat {
		return "", false
	}
	var out bytes.Buffer
	out.Grow(len(b) * 2)
	out.WriteByte('{')
	p := b[1:]
	first := true
	for len(p) > 0 {
		n, w := binary.Uvarint(p)
		if w <= 0 {
			return "", false
		}
		p = p[w:]
		var key string
		if n == 0 {
			l, w := binary.Uvarint(p)
			if w <= 0 || uint64(len(p)-w) < l {
				return "", false
			}
			key, p = string(p[w:w+int(l)]), p[w+int(l):]
		} else {
			if n > uint64(len(auditWords)) {
				return "", false
			}
			key = auditWords[n-1]
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		writeJSONString(&out, key)
		out.WriteByte(':')
		var ok bool
		if p, ok = unpackValue(&out, p); !ok {
			return "", false
		}
	}
	out.WriteByte('}')
	return out.String(), true
}

func unpackValue(out *bytes.Buffer, p []byte) ([]byte, bool) {
	if len(p) == 0 {
		return nil, false
	}
	tag, p := p[0], p[1:]
	switch tag {
	case packNull:
		out.WriteString("null")
	case packTrue:
		out.WriteString("true")
	case packFalse:
		out.WriteString("false")
	case packInt:
		n, w := binary.Varint(p)
		if w <= 0 {
			return nil, false
		}
		out.WriteString(strconv.FormatInt(n, 10))
		p = p[w:]
	case packString, packJSON:
		l, w := binary.Uvarint(p)
		if w <= 0 || uint64(len(p)-w) < l {
			return nil, false
		}
		s := p[w : w+int(l)]
		if tag == packJSON {
			out.Write(s)
		} else {
			writeJSONString(out, string(s))
		}
		p = p[w+int(l):]
	case packUUID:
		if len(p) < 16 {
			return nil, false
		}
		var u uuid.UUID
		copy(u[:], p[:16])
		out.WriteByte('"')
		out.WriteString(u.String())
		out.WriteByte('"')
		p = p[16:]
	case packTime:
		ms, w := binary.Varint(p)
		if w <= 0 {
			return nil, false
		}
		out.WriteByte('"')
		out.WriteString(Timestamp(time.UnixMilli(ms)))
		out.WriteByte('"')
		p = p[w:]
	case packPair:
		var old bytes.Buffer
		var ok bool
		if p, ok = unpackValue(&old, p); !ok {
			return nil, false
		}
		out.WriteString(`{"new":`)
		if p, ok = unpackValue(out, p); !ok {
			return nil, false
		}
		out.WriteString(`,"old":`)
		out.Write(old.Bytes())
		out.WriteByte('}')
	case packSecret:
		out.WriteString(`{"secret":true}`)
	default:
		return nil, false
	}
	return p, true
}

// writeJSONString writes s as json.Marshal does: as it is between quotes when nothing in it
// needs escaping (the usual case), else through json.Marshal.
func writeJSONString(out *bytes.Buffer, s string) {
	plain := true
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
			plain = false
			break
		}
	}
	if plain {
		out.WriteByte('"')
		out.WriteString(s)
		out.WriteByte('"')
		return
	}
	j, _ := json.Marshal(s)
	out.Write(j)
}

// auditChangesText reads a stored changes value back as its JSON text.
func auditChangesText(v any) any {
	if b, ok := v.([]byte); ok {
		if s, ok := unpackAuditChanges(b); ok {
			return s
		}
		return string(b)
	}
	return v
}

// The SQL functions of the compact audit log.
const (
	fnAuditAt      = "plantel_audit_at"     // at as stored → store.Timestamp text
	fnAuditAtKey   = "plantel_audit_at_key" // text → at as stored
	fnAuditWord    = "plantel_audit_word"   // entity/action as stored → text
	fnAuditWordKey = "plantel_audit_word_key"
	fnAuditID      = "plantel_audit_id" // entity_id as stored → text
	fnAuditIDKey   = "plantel_audit_id_key"
	fnAuditJSON    = "plantel_audit_json" // changes as stored → JSON text
	fnAuditPack    = "plantel_audit_pack" // JSON text → changes as stored
)

func init() {
	text := func(f func(string) any) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return f(v), nil
			default:
				return v, nil
			}
		}
	}
	stored := func(f func(any) any) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			return f(args[0]), nil
		}
	}
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditAt, 1, stored(auditTimeText))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditAtKey, 1, text(auditTimeKey))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditWord, 1, stored(auditWordText))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditWordKey, 1, text(auditWordCode))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditID, 1, stored(auditIDText))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditIDKey, 1, text(auditIDKey))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditJSON, 1, stored(auditChangesText))
	sqlite.MustRegisterDeterministicScalarFunction(fnAuditPack, 1, text(packAuditChanges))
}
