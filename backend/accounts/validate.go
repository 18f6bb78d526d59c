package accounts

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/textin"
)

// Languages are the interface languages the app ships.
var Languages = []string{"es", "en", "pt", "pl"}

// Themes are the accepted theme preferences.
var Themes = []string{"light", "dark", "system"}

// Presences are the presence states a user can be in.
var Presences = []string{"online", "busy", "away", "offline"}

// UsernameRule is the username rule of the whole application: 3–32 of a-z 0-9 . _ -,
// starting with a letter or digit.
var UsernameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// NormalizeUsername trims and lower-cases a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeEmail trims and lower-cases an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkText validates a required free-text field of at most max code points.
func checkText(field, value string, max int) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", apperr.Validation(field, "required")
	}
	if utf8.RuneCountInString(v) > max {
		return "", apperr.Validation(field, "too_long").WithParam("max", max)
	}
	if e := textin.CheckLine(field, v); e != nil {
		return "", e
	}
	return v, nil
}

// CheckUsername validates and normalises a username: 3–32 of a-z 0-9 . _ -, starting with
// a letter or digit.
func CheckUsername(field, value string) (string, error) {
	v := NormalizeUsername(value)
	if v == "" {
		return "", apperr.Validation(field, "required")
	}
	if !UsernameRule.MatchString(v) {
		return "", apperr.Validation(field, "username")
	}
	return v, nil
}

// CheckEmail validates and normalises a bare e-mail address.
func CheckEmail(field, value string) (string, error) {
	v := NormalizeEmail(value)
	if v == "" {
		return "", apperr.Validation(field, "required")
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 || !strings.Contains(v[strings.LastIndex(v, "@"):], ".") {
		return "", apperr.Validation(field, "email")
	}
	return v, nil
}

// checkOneOf validates that value is one of allowed.
func checkOneOf(field, value string, allowed []string) (string, error) {
	if !slices.Contains(allowed, value) {
		return "", apperr.Validation(field, "one_of").WithParam("allowed", allowed)
	}
	return value, nil
}
