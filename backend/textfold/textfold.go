// Package textfold is Plantel's one accent and case folding: what the search boxes and
// the name orders compare. The database computes the same function as the SQL function
// plantel_fold (registered by backend/store), so the stored search and sort keys and the
// typed words are folded by the same code.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// undecomposable are the Latin letters Unicode does not decompose into a base letter and
// a mark, so that removing marks leaves them as they are; they are replaced by hand.
var undecomposable = strings.NewReplacer(
	"ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ß", "ss", "æ", "ae",
	"Æ", "AE", "œ", "oe", "Œ", "OE", "þ", "th", "Þ", "TH", "ı", "i", "ð", "d", "Ð", "D",
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Strip removes diacritics and keeps case: "José Núñez" → "Jose Nunez", "Łukasz Żółć" →
// "Lukasz Zolc".
func Strip(s string) string {
	if isASCII(s) {
		return s
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, undecomposable.Replace(s))
	if err != nil {
		return s
	}
	return out
}

// Fold removes diacritics and lower-cases: "Łucja Núñez" → "lucja nunez". It is the SQL
// function plantel_fold(text).
func Fold(s string) string {
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'A' && c <= 'Z' {
				return strings.ToLower(s)
			}
		}
		return s
	}
	if out, ok := foldLatin(s); ok {
		return out
	}
	return slowFold(s)
}

// slowFold is Fold by its definition: the undecomposable letters replaced, canonical
// decomposition, marks removed, recomposition, lower case.
func slowFold(s string) string { return strings.ToLower(Strip(s)) }
