package store_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// replaceDepth is the deepest nesting of replace( calls in sql.
func replaceDepth(sql string) int {
	var stack []bool // per open parenthesis: was it a replace( call?
	depth, deepest := 0, 0
	lower := strings.ToLower(sql)
	for i := 0; i < len(lower); i++ {
		switch lower[i] {
		case '(':
			isReplace := strings.HasSuffix(strings.TrimRight(lower[:i], " "), "replace")
			stack = append(stack, isReplace)
			if isReplace {
				depth++
				deepest = max(deepest, depth)
			}
		case ')':
			if n := len(stack); n > 0 {
				if stack[n-1] {
					depth--
				}
				stack = stack[:n-1]
			}
		}
	}
	return deepest
}

// The search index and name orders fold accents with one Go function (plantel_fold), not
// with chains of ~110 replace() calls that every insert recompiled; the stored keys are
// what the backend folds typed words to, and the stock sqlite3 shell still opens the file.
func TestSchemaFoldsWithOneFunction(t *testing.T) {
	if d := replaceDepth("replace(replace(x, 'a', 'b'), 'c', lower(replace(y, 'd', 'e')))"); d != 2 {
		t.Fatalf("replaceDepth self-check: %d", d)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	db := openAt(t, path, &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	rows, err := db.Read().QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		if d := replaceDepth(sql); d > 8 {
			t.Errorf("%s nests replace() %d deep: fold with %s instead", name, d, store.FoldFunction)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()

	ws, user, client := store.NewID(), store.NewID(), store.NewID()
	if err := db.Write(ctx, "", func(tx *store.Tx) error {
		if err := insertWorkspace(tx, ws, "Kraków"); err != nil {
			return err
		}
		if err := tx.Insert("users", user, store.Fields{"username": "lzolc", "email": "lz@example.test",
			"first_name": "Łukasz", "last_name": "Żółć-Núñez", "role": "agent"}); err != nil {
			return err
		}
		return tx.Insert("clients", client, store.Fields{"name": "Gonçalves Straße", "phone": "+34 (600) 123-456",
			"workspace_id": ws})
	}); err != nil {
		t.Fatal(err)
	}
	var sortName string
	if err := db.Read().QueryRowContext(ctx, `SELECT sort_name FROM users_sort s JOIN users u ON u.rowid = s.rid WHERE u.id = ?`, user).Scan(&sortName); err != nil {
		t.Fatal(err)
	}
	if sortName != "lukasz zolc-nunez" {
		t.Errorf("sort_name %q", sortName)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users_fts WHERE users_fts MATCH '"zolc"*'`); n != 1 {
		t.Errorf("users_fts finds zolc %d times", n)
	}
	for _, w := range []string{"goncalves", "strasse", "600123456"} {
		if n := count(t, db, `SELECT COUNT(*) FROM clients_fts WHERE body LIKE ?`, "%"+w+"%"); n != 1 {
			t.Errorf("clients_fts finds %q %d times", w, n)
		}
	}
	// A rename recomputes both.
	if err := db.Write(ctx, "", func(tx *store.Tx) error {
		return tx.Update("users", user, store.Fields{"first_name": "Ærø"})
	}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM users_sort WHERE sort_name = 'aero zolc-nunez'`); n != 1 {
		t.Error("users_sort not recomputed on rename")
	}

	// The stock shell (no plantel_fold) opens the file and reads it (scripts/lib.sh installs sqlite3).
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("sqlite3 is not installed (scripts/setup.sh installs it): the shell check did not run")
	}
	db.Close()
	out, err := exec.Command("sqlite3", path, ".schema", "SELECT COUNT(*) FROM users; SELECT COUNT(*) FROM clients_fts;").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "plantel_fold") || !strings.HasSuffix(strings.TrimSpace(string(out)), "1\n1") {
		t.Errorf("sqlite3 %s: %v\n%s", path, err, out)
	}
}
