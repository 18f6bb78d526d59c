package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// NormalizePassword returns password in Unicode Normalization Form KC (compatibility
// decomposition followed by canonical composition).
//
// NIST SP 800-63B says verifiers should apply NFKC or NFKD normalisation to passwords that
// contain non-ASCII characters; Plantel chooses NFKC because it keeps composed letters such as
// "ñ" or "ł" as one code point, which is also what a person counts. Hash, Verify, the policy's
// length count and the block-list lookup all use this one function, so "e" followed by a
// combining acute accent and a precomposed "é" are the same password everywhere. ASCII
// passwords are unchanged.
func NormalizePassword(password string) string {
	return norm.NFKC.String(password)
}

// codePoints counts the Unicode code points of s (an invalid UTF-8 byte counts as one).
func codePoints(s string) int {
	return utf8.RuneCountInString(s)
}

// letterFolds maps letters that carry a diacritic but have no canonical decomposition (so
// removing combining marks does not reach them) to their plain base letters. The input is
// already case-folded, so only lower-case forms appear.
var letterFolds = strings.NewReplacer(
	"ł", "l", // Polish
	"đ", "d", "ð", "d",
	"ø", "o",
	"ħ", "h",
	"ı", "i",
	"ŀ", "l",
	"ŧ", "t",
	"æ", "ae", "œ", "oe", "þ", "th",
)

// foldForCompare turns s into the form used to compare a password with a person's name,
// username or e-mail: NFKC, case-folded (so "ß" equals "ss"), diacritics removed ("José" →
// "jose", "Łukasz" → "lukasz") and recomposed.
func foldForCompare(s string) string {
	s = cases.Fold().String(NormalizePassword(s))
	stripMarks := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(stripMarks, s); err == nil {
		s = out
	}
	return letterFolds.Replace(s)
}
