package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// goMigrations are steps of a numbered migration that SQL alone cannot do; each runs right
// after the migration's SQL file, in the same transaction.
var goMigrations = map[int]func(ctx context.Context, tx *sql.Tx) error{
	21: migratePairIDs,
}

// pairNamespace is the UUIDv5 namespace of PairID (a fixed, random UUID: changing it would
// change every membership id).
var pairNamespace = uuid.MustParse("6f1c1d8e-3b0a-4a57-9a53-2f0c8a6b9e41")

// pairKeys lists the tables whose id is derived from the columns that make the row unique:
// the same membership (or per-user row) made on two workstations is then the same row.
var pairKeys = map[string][]string{
	"team_members":     {"team_id", "user_id"},
	"campaign_members": {"campaign_id", "user_id"},
	"user_workspaces":  {"user_id", "workspace_id"},
	"user_totp":        {"user_id"},
}

// PairID is the deterministic id of a membership or per-user row: a UUIDv5 of the table and
// the ids it links (team_members: team, user; campaign_members: campaign, user;
// user_workspaces: user, workspace; user_totp: user).
func PairID(table string, parts ...string) string {
	return uuid.NewSHA1(pairNamespace, []byte(table+"\x00"+strings.Join(parts, "\x00"))).String()
}

// PairKey returns the columns a table's PairID is made of, or nil.
func PairKey(table string) []string { return pairKeys[table] }

func migratePairIDs(ctx context.Context, tx *sql.Tx) error {
	for table, cols := range pairKeys {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT id, %s FROM %s`, strings.Join(cols, ", "), table))
		if err != nil {
			return err
		}
		type ren struct{ old, new string }
		var rens []ren
		for rows.Next() {
			vals := make([]string, len(cols)+1)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			if id := PairID(table, vals[1:]...); id != vals[0] {
				rens = append(rens, ren{vals[0], id})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range rens {
			for _, q := range []string{
				`UPDATE ` + table + ` SET id = ? WHERE id = ?`,
				`UPDATE sync_row_clock SET row_id = ? WHERE row_id = ? AND tbl = '` + table + `'`,
				`UPDATE sync_field_clock SET row_id = ? WHERE row_id = ? AND tbl = '` + table + `'`,
			} {
				if _, err := tx.ExecContext(ctx, q, r.new, r.old); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
