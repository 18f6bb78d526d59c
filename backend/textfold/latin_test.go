package textfold

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLatinTableFoldsAsTheDefinition: the table path gives byte for byte what the general
// path gives (the stored search keys of rows folded before it must still match the typed
// words folded after it) — every rune of the table alone, every rune beside a letter and a
// mark, random strings of them, and strings with runes beyond the table or invalid UTF-8.
func TestLatinTableFoldsAsTheDefinition(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := Fold(s), slowFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, the definition gives %q", s, got, want)
		}
	}
	for r := rune(0x80); r < latinLimit; r++ {
		for _, s := range []string{string(r), "a" + string(r), string(r) + "e", string(r) + "\u0301", "N" + string(r) + "\u0303z"} {
			check(s)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			switch rng.IntN(4) {
			case 0:
				b.WriteRune(rune(0x20 + rng.IntN(0x5f)))
			default:
				b.WriteRune(rune(0x80 + rng.IntN(latinLimit-0x80)))
			}
		}
		check(b.String())
	}
	for _, s := range []string{"Ωmega Núñez", "Straße 日本", "Zoë\xffx", "İstanbul", "ǅemal", "Ǆ", "ﬁ Łódź", "a\u0345"} {
		check(s)
	}
}
