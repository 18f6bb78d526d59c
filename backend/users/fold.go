package users

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// undecomposable are the Latin letters Unicode does not decompose into a base letter and a
// mark, so that stripping marks leaves them as they are. The search index folds the same
// letters (migration 0003_people.sql), so a typed "lukasz" finds "Łukasz".
var undecomposable = strings.NewReplacer(
	"ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ß", "ss", "æ", "ae",
	"Æ", "AE", "œ", "oe", "Œ", "OE", "þ", "th", "Þ", "TH", "ı", "i", "ð", "d", "Ð", "D",
)

// StripAccents removes diacritics: "José Núñez" → "Jose Nunez", "Łukasz Żółć" → "Lukasz Zolc".
func StripAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, undecomposable.Replace(s))
	if err != nil {
		return s
	}
	return out
}

// searchQuery turns what the user typed into an FTS5 query: each word becomes a quoted
// prefix phrase ("jos"*), all words must match. Words are folded like the index, so
// accents and case do not matter; words with no letter or digit are dropped.
func searchQuery(typed string) string {
	var parts []string
	for _, w := range strings.Fields(undecomposable.Replace(typed)) {
		if len(parts) == 8 {
			break
		}
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		if r := []rune(w); len(r) > 64 {
			w = string(r[:64])
		}
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	return strings.Join(parts, " ")
}
