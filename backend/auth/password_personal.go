package auth

import (
	"strings"
	"unicode"
)

// Values of the "what" parameter of a contains_personal failure.
const (
	PersonalUsername = "username"
	PersonalName     = "name"
	PersonalEmail    = "email"
)

// Shortest personal values that are looked for in a password, in code points after folding.
// Shorter ones ("Al", "Li") would refuse too many unrelated passwords.
const (
	minPersonalLen = 3 // a username, e-mail local part, first or last name
	minNamePartLen = 4 // one word of a first or last name of several words ("María José")
)

// personalMatches returns which kinds of the owner's data the normalised password pw equals or
// contains, each kind once, in the order username, name, email. The comparison is case- and
// accent-insensitive (see foldForCompare): with the first name "José", "jose-2024…" and
// "JOSÉ…" both match.
//
// Looked for: the username; the first and last names, each whole, without its spaces, and for
// names of several words each word of at least 4 code points; the e-mail's local part and the
// whole e-mail. Values shorter than 3 code points are skipped.
func personalMatches(pw string, who Personal) []string {
	folded := foldForCompare(pw)
	if folded == "" {
		return nil
	}
	contains := func(values ...string) bool {
		for _, v := range values {
			if v != "" && strings.Contains(folded, v) {
				return true
			}
		}
		return false
	}

	var out []string
	if contains(personalToken(who.Username, minPersonalLen)) {
		out = append(out, PersonalUsername)
	}
	if contains(nameTokens(who.FirstName)...) || contains(nameTokens(who.LastName)...) {
		out = append(out, PersonalName)
	}
	email := strings.TrimSpace(who.Email)
	local := email
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		local = email[:at]
	}
	if contains(personalToken(email, minPersonalLen), personalToken(local, minPersonalLen)) {
		out = append(out, PersonalEmail)
	}
	return out
}

// personalToken folds a trimmed personal value for comparison, or returns "" when it is shorter
// than minLen code points.
func personalToken(s string, minLen int) string {
	f := foldForCompare(strings.TrimSpace(s))
	if codePoints(f) < minLen {
		return ""
	}
	return f
}

// nameTokens returns the folded forms of a first or last name to look for: the whole name, the
// name without spaces ("Ana María" → "anamaria") and, for a name of several words, each word
// of at least minNamePartLen code points ("de la Cruz" → "cruz").
func nameTokens(name string) []string {
	whole := personalToken(name, minPersonalLen)
	if whole == "" {
		return nil
	}
	tokens := []string{whole}
	words := strings.FieldsFunc(whole, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '\'' || r == '.'
	})
	if len(words) > 1 {
		tokens = append(tokens, strings.Join(words, ""))
		for _, w := range words {
			if codePoints(w) >= minNamePartLen {
				tokens = append(tokens, w)
			}
		}
	}
	return tokens
}
