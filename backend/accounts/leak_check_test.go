package accounts_test

import "strings"

// containsAny reports whether s contains any of the non-empty needles.
func containsAny(s string, needles ...string) bool {
	for _, n := range needles {
		if n != "" && strings.Contains(s, n) {
			return true
		}
	}
	return false
}
