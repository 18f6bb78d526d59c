package store

import (
	"context"
	"fmt"
	"testing"
)

// TestUsersSearchFiltersFilledOnUpgrade: migration 0140, applied to a file that already holds
// users, rebuilds the user search index with every user's words and status/profile tokens
// (a user without profile has no profile token), and its triggers keep the tokens right when
// a user's status or profile changes afterwards.
func TestUsersSearchFiltersFilledOnUpgrade(t *testing.T) {
	ctx := context.Background()
	db, apply := migrationDB(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	apply(0, 140)
	at := "2026-12-06T09:00:00.000Z"
	p1, p2 := "0193a1b2-0000-7000-8000-000000000001", "0193a1b2-0000-7000-8000-000000000002"
	exec(`INSERT INTO profiles(id, name, role, created_at, updated_at) VALUES (?, 'Ventas', 'agent', ?, ?), (?, 'Cobros', 'agent', ?, ?)`,
		p1, at, at, p2, at, at)
	statuses := []string{"active", "inactive", "pending"}
	for i := range 12 {
		var profile any = []string{p1, p2}[i%2]
		if i == 11 {
			profile = nil
		}
		exec(`INSERT INTO users(id, username, email, first_name, last_name, role, profile_id, status, created_at, updated_at)
			VALUES (?, ?, ?, 'María', 'Pérez', 'agent', ?, ?, ?, ?)`, fmt.Sprintf("u%02d", i), fmt.Sprintf("u%02d", i),
			fmt.Sprintf("u%02d@x.org", i), profile, statuses[i%3], at, at)
	}
	apply(140, 1000)

	search := func(filter string) int {
		t.Helper()
		return count(`SELECT COUNT(*) FROM users u WHERE u.rowid IN (SELECT rowid FROM users_fts WHERE users_fts MATCH ?)`,
			`{display_name username email short_id} : ("maria"* "perez"*) AND filters : (`+filter+`)`)
	}
	q := func(status, profile string) string {
		return `"q` + status + profile[:8] + profile[9:13] + profile[14:18] + profile[19:23] + profile[24:] + `"`
	}
	if n := count(`SELECT COUNT(*) FROM users_fts`); n != 12 {
		t.Fatalf("users_fts holds %d rows after the upgrade, want 12", n)
	}
	// u00, u06 are active in p1; u03, u09 active in p2; u11 has no profile.
	if n := search(q("active", p1)); n != 2 {
		t.Errorf("active in p1: %d, want 2", n)
	}
	if n := search(`"sactive"`); n != 4 {
		t.Errorf("active: %d, want 4", n)
	}
	if n := search(`"spending"`); n != 4 {
		t.Errorf("pending: %d, want 4 (u11, without profile, included)", n)
	}
	// The words never match the filter tokens.
	if n := count(`SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH '{display_name username email short_id} : ("sactive"*)'`); n != 0 {
		t.Errorf("a typed word matched %d filter tokens", n)
	}
	// Status and profile changes move the tokens.
	exec(`UPDATE users SET status = 'inactive' WHERE id = 'u00'`)
	exec(`UPDATE users SET profile_id = ? WHERE id = 'u06'`, p2)
	exec(`UPDATE users SET profile_id = ? WHERE id = 'u11'`, p1)
	if n := search(q("active", p1)); n != 0 {
		t.Errorf("active in p1 after the changes: %d, want 0", n)
	}
	if n := search(q("active", p2)); n != 3 {
		t.Errorf("active in p2 after the changes: %d, want 3", n)
	}
	if n := search(q("inactive", p1)); n != 3 {
		t.Errorf("inactive in p1 after the changes: %d, want 3 (u00, u04, u10)", n)
	}
	if n := search(q("pending", p1)); n != 3 {
		t.Errorf("pending in p1 after the changes: %d, want 3 (u02, u08 and u11, which gained the profile)", n)
	}
}
