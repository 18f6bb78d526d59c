package names_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/plantel/plantel/backend/names"
)

// A pending person without a name is named by their username, else their e-mail, in Go and
// in SQL alike.
func TestDisplayFallsBackToUsernameThenEmail(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "n.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE users (first_name TEXT, last_name TEXT, username TEXT, email TEXT)`); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ first, last, user, email, want string }{
		{"Ana", "Pérez", "aperez", "ana@x.test", "Ana Pérez"},
		{"Ana", "", "aperez", "ana@x.test", "Ana"},
		{"", " ", "agent017", "agent017@office.local", "agent017"},
		{"", "", "", "invitee@x.test", "invitee@x.test"},
	}
	for _, c := range cases {
		if got := names.Display(c.first, c.last, c.user, c.email); got != c.want {
			t.Errorf("Display(%q %q %q %q) = %q, want %q", c.first, c.last, c.user, c.email, got, c.want)
		}
		var got string
		if err := db.QueryRow(`SELECT `+names.SQL("u")+` FROM (SELECT ? AS first_name, ? AS last_name, ? AS username, ? AS email) u`,
			c.first, c.last, c.user, c.email).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("SQL(%q %q %q %q) = %q, want %q", c.first, c.last, c.user, c.email, got, c.want)
		}
	}
}
