package textfold

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// latinLimit bounds the runes folded by table: Latin-1, Latin Extended-A and -B, IPA,
// spacing modifiers and the combining diacritical marks (U+0300–U+036F), which is every
// letter of the organizations' languages (Spanish, Portuguese, Polish, English).
const latinLimit = 0x370

// latinTable holds slowFold of each rune below latinLimit, computed once. Within that range
// folding is rune by rune — every mark is removed and no two remaining letters compose — so
// a string of such runes folds to the concatenation of its runes' folds (checked against
// slowFold in latin_test.go). The general path builds a transform chain per call (about
// 20 µs and 10 kB for a client's search text); the table makes the search index of a
// 1,000,000-client download affordable.
var latinTable = sync.OnceValue(func() *[latinLimit]string {
	var t [latinLimit]string
	for r := rune(0); r < latinLimit; r++ {
		t[r] = slowFold(string(r))
	}
	return &t
})

// foldLatin folds s by table; ok is false when s holds a rune beyond the table or is not
// valid UTF-8 (then the general path decides).
func foldLatin(s string) (string, bool) {
	t := latinTable()
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= latinLimit || (r == utf8.RuneError && n == 1) {
			return "", false
		}
		b.WriteString(t[r])
		i += n
	}
	return b.String(), true
}
