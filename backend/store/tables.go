package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// Table describes how the write path treats one table.
type Table struct {
	Name string
	// Synced tables get a sync outbox entry (with an HLC) for every row change.
	Synced bool
	// Audited tables get an audit entry for every row change.
	Audited bool
	// Secret columns are written and synced but never appear in the audit log: the audit
	// entry only says that they changed.
	Secret map[string]bool
}

// tables is the registry the write path consults. A table that is not here cannot be
// written through it.
var tables = map[string]Table{
	"organizations":   {Name: "organizations", Synced: true, Audited: true},
	"workspaces":      {Name: "workspaces", Synced: true, Audited: true},
	"profiles":        {Name: "profiles", Synced: true, Audited: true},
	"users":           {Name: "users", Synced: true, Audited: true, Secret: map[string]bool{"password_hash": true}},
	"user_workspaces": {Name: "user_workspaces", Synced: true, Audited: true},
	"settings":        {Name: "settings", Synced: true, Audited: true},
	"avatars":         {Name: "avatars", Synced: true, Audited: true, Secret: map[string]bool{"large": true, "small": true}},

	// People, teams, campaigns and client portfolios (0003_people.sql).
	"teams":            {Name: "teams", Synced: true, Audited: true},
	"team_members":     {Name: "team_members", Synced: true, Audited: true},
	"campaigns":        {Name: "campaigns", Synced: true, Audited: true},
	"campaign_members": {Name: "campaign_members", Synced: true, Audited: true},
	"clients":          {Name: "clients", Synced: true, Audited: true},
	"followups":        {Name: "followups", Synced: true, Audited: true},
	// Security (0004_security.sql): codes only as hashes; hashes, TOTP secret, SMTP password Secret.
	"invitations":      {Name: "invitations", Synced: true, Audited: true, Secret: map[string]bool{"code_hash": true}},
	"password_history": {Name: "password_history", Synced: true, Audited: true, Secret: map[string]bool{"hash": true}},
	"user_totp":        {Name: "user_totp", Synced: true, Audited: true, Secret: map[string]bool{"secret": true}},
	"recovery_codes":   {Name: "recovery_codes", Synced: true, Audited: true, Secret: map[string]bool{"code_hash": true}},
	"reset_codes":      {Name: "reset_codes", Synced: true, Audited: true, Secret: map[string]bool{"code_hash": true}},
	"secret_settings":  {Name: "secret_settings", Synced: true, Audited: true, Secret: map[string]bool{"value": true}},
	// Workstation-local security state: audited through explicit sign-in events instead of
	// one entry per counter change, and never synced.
	"sessions":       {Name: "sessions"},
	"login_attempts": {Name: "login_attempts"},
	// Reminders already shown on this workstation (0009_agenda.sql): local, like sessions.
	"followup_reminders": {Name: "followup_reminders"},
	// Wrapped data-encryption keys of the sealed secrets (0045_secret_keys.sql): local, wrapped
	// by this workstation's key; sync delivers the keys themselves over TLS (backend/secrets).
	"secret_keys": {Name: "secret_keys"},
	// The organization keys sealed for a workstation that joins with an enrollment code
	// (0070_sync_key_envelopes.sql): synced, the sealed content secret (backend/sync/keys.go).
	"sync_key_envelopes": {Name: "sync_key_envelopes", Synced: true, Audited: true, Secret: map[string]bool{"sealed": true}},
	// The public keys the organization key is sealed to when it is renewed after a revocation
	// (0110_sync_device_keys.sql): synced, public, not audited (no user makes them).
	"sync_device_keys": {Name: "sync_device_keys", Synced: true},
}

// TableSpec returns the registry entry for name.
func TableSpec(name string) (Table, bool) {
	t, ok := tables[name]
	return t, ok
}

// SyncedTables lists the tables that travel to the sync server, sorted.
func SyncedTables() []string {
	var out []string
	for n, t := range tables {
		if t.Synced {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// loadColumns reads every registered table's columns and their schema defaults, so the
// write path refuses unknown fields and a change that creates a row with only some columns
// gets the schema's defaults for the others, without a hand-kept list.
func (db *DB) loadColumns(ctx context.Context) error {
	db.cols = map[string]map[string]bool{}
	db.colOrder = map[string][]string{}
	db.defaults = map[string]map[string]any{}
	db.notNull = map[string]map[string]bool{}
	db.colType = map[string]map[string]string{}
	for name := range tables {
		rows, err := db.write.QueryContext(ctx, `SELECT name, upper(type), "notnull", dflt_value FROM pragma_table_info(?)`, name)
		if err != nil {
			return err
		}
		cols, defs, nn, types := map[string]bool{}, map[string]any{}, map[string]bool{}, map[string]string{}
		exprs := map[string]string{}
		for rows.Next() {
			var n, typ string
			var notnull bool
			var dflt sql.NullString
			if err := rows.Scan(&n, &typ, &notnull, &dflt); err != nil {
				rows.Close()
				return err
			}
			cols[n] = true
			nn[n] = notnull
			types[n] = typ
			if dflt.Valid {
				exprs[n] = dflt.String
			}
		}
		rerr := rows.Err()
		rows.Close()
		if rerr != nil {
			return rerr
		}
		if len(cols) == 0 {
			return fmt.Errorf("registered table %s does not exist", name)
		}
		for c, e := range exprs {
			var v any
			if err := db.write.QueryRowContext(ctx, "SELECT "+e).Scan(&v); err != nil {
				return fmt.Errorf("default of %s.%s: %w", name, c, err)
			}
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			defs[c] = v
		}
		db.cols[name], db.defaults[name], db.notNull[name], db.colType[name] = cols, defs, nn, types
		db.colOrder[name] = sortedKeys(cols)
	}
	return nil
}
