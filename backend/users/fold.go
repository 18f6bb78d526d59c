package users

import (
	"strings"
	"unicode"

	"github.com/plantel/plantel/backend/textfold"
)

// StripAccents removes diacritics: "José Núñez" → "Jose Nunez", "Łukasz Żółć" → "Lukasz Zolc"
// (backend/textfold, the one folding the search index uses too).
func StripAccents(s string) string { return textfold.Strip(s) }

// searchQuery turns what the user typed into an FTS5 query: each word becomes a quoted
// prefix phrase ("jos"*), all words must match. Words are folded like the index, so
// accents and case do not matter (textfold.Fold, as the index holds them); words with no letter or digit are dropped.
func searchQuery(typed string) string {
	var parts []string
	for _, w := range strings.Fields(textfold.Fold(typed)) {
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
