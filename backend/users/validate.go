package users

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/textin"
)

// phoneRe accepts what people type for a phone number: digits, spaces, + ( ) - . /
var phoneRe = regexp.MustCompile(`^\+?[0-9 ()./-]{3,31}$`)

// extensionRe is a telephony extension: 1–10 digits, optionally with * or #.
var extensionRe = regexp.MustCompile(`^[0-9*#]{1,10}$`)

// Limits of free-text fields, in code points.
const (
	maxName      = 80
	maxSignature = 500
)

// checkName validates a required name of at most maxName code points.
func checkName(field, value string) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", apperr.Validation(field, "required")
	}
	if utf8.RuneCountInString(v) > maxName {
		return "", apperr.Validation(field, "too_long").WithParam("max", maxName)
	}
	if e := textin.CheckLine(field, v); e != nil {
		return "", e
	}
	return v, nil
}

// checkUsername and checkEmail are the accounts rules (first-run setup uses them too).
var (
	checkUsername = accounts.CheckUsername
	checkEmail    = accounts.CheckEmail
)

// checkPhone validates an optional phone number.
func checkPhone(field, value string) (string, error) {
	v := strings.TrimSpace(value)
	if v != "" && !phoneRe.MatchString(v) {
		return "", apperr.Validation(field, "phone")
	}
	return v, nil
}

// checkExtension validates an optional extension number.
func checkExtension(field, value string) (string, error) {
	v := strings.TrimSpace(value)
	if v != "" && !extensionRe.MatchString(v) {
		return "", apperr.Validation(field, "extension")
	}
	return v, nil
}

// checkLanguage validates an interface language; "" gives the default "es".
func checkLanguage(field, value string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	if v == "" {
		return "es", nil
	}
	if !slices.Contains(accounts.Languages, v) {
		return "", apperr.Validation(field, "one_of").WithParam("allowed", accounts.Languages)
	}
	return v, nil
}

// checkSignature validates an optional e-mail signature.
func checkSignature(field, value string) (string, error) {
	v := strings.TrimSpace(value)
	if utf8.RuneCountInString(v) > maxSignature {
		return "", apperr.Validation(field, "too_long").WithParam("max", maxSignature)
	}
	if e := textin.CheckText(field, v); e != nil {
		return "", e
	}
	return v, nil
}
