package invites

import "testing"

// The credentials file says its count with the noun agreeing, in every language: never
// "1 cuentas"; Polish with its three forms.
func TestAccountsPhraseAgreesWithTheCount(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"es", 1, "1 cuenta"}, {"es", 7, "7 cuentas"}, {"en", 1, "1 account"}, {"en", 2, "2 accounts"},
		{"pt", 1, "1 conta"}, {"pt", 50, "50 contas"}, {"pl", 1, "1 konto"}, {"pl", 3, "3 konta"},
		{"pl", 5, "5 kont"}, {"pl", 12, "12 kont"}, {"pl", 22, "22 konta"}, {"pl", 25, "25 kont"},
	} {
		if got := accountsPhrase(c.lang, c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}
