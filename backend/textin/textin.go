// Package textin is the one place free text typed by people is cleaned or checked: search
// boxes (Search, Like) and the names and notes stored in the database (CheckLine,
// CheckText). A NUL byte or a megabyte in a search box used to reach SQLite (an internal
// "LIKE pattern too complex"); a control character in a name reached every list, export
// and e-mail header.
package textin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/apperr"
)

// MaxSearchRunes is the longest search text kept; the rest is dropped.
const MaxSearchRunes = 200

// RuleControl is the validation rule of a name or note holding a control character.
const RuleControl = "control_chars"

// Search returns a search box's text cleaned: invalid UTF-8 and control characters (NUL
// included) become spaces, runs of spaces become one, the ends are trimmed, and at most
// MaxSearchRunes runes are kept. It reads no further than it keeps.
func Search(s string) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n >= MaxSearchRunes {
			break
		}
		if space {
			if n++; n >= MaxSearchRunes {
				break
			}
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Like returns the LIKE pattern (for ESCAPE '\') that finds Search(s) anywhere, or "" when
// nothing searchable was typed.
func Like(s string) string {
	s = Search(s)
	if s == "" {
		return ""
	}
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// CheckLine refuses a one-line value (a name, a title, a tag, an e-mail sender name) holding
// invalid UTF-8 or any control character, CR, LF and NUL included: validation on field, rule
// control_chars.
func CheckLine(field, v string) *apperr.Error {
	for _, r := range v {
		if r == utf8.RuneError || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return apperr.Validation(field, RuleControl)
		}
	}
	return nil
}

// CheckText refuses a multi-line value (notes, a description, a signature) holding invalid
// UTF-8 or a control character other than line breaks and tabs.
func CheckText(field, v string) *apperr.Error {
	for _, r := range v {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			return apperr.Validation(field, RuleControl)
		}
	}
	return nil
}
