// Package names is the one rule for how a person is named wherever Plantel shows or writes a
// name: "first last"; a person without a name yet (an invited or generated account, pending)
// falls back to their username, then to their e-mail, so no title, toast, list or file ever
// says "Delete " or " was deactivated." The frontend keeps the same rule in
// frontend/src/utils/displayName.ts.
package names

import "strings"

// Display is the name shown for a person.
func Display(first, last, username, email string) string {
	if n := strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last)); n != "" {
		return n
	}
	if u := strings.TrimSpace(username); u != "" {
		return u
	}
	return strings.TrimSpace(email)
}

// SQL is the same rule as an SQLite expression over the users table aliased as alias
// (e.g. SQL("u")), for queries that name people in SQL (history, lists of people).
func SQL(alias string) string {
	p := ""
	if alias != "" {
		p = alias + "."
	}
	return "COALESCE(NULLIF(trim(trim(" + p + "first_name) || ' ' || trim(" + p + "last_name)), ''), NULLIF(trim(" + p +
		"username), ''), " + p + "email)"
}
