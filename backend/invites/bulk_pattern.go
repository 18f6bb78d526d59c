package invites

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
)

// Pattern is a parsed bulk-account pattern (F2.5): an e-mail address with one number
// placeholder in its local part, e.g. "agent{n:3}@office.local". The placeholder is {n}
// (the number as is) or {n:W} (zero-padded to at least W digits, W from 1 to 9). The local
// part of each address is also the account's username, so it must follow the username rule
// (3–32 of a-z 0-9 . _ -, starting with a letter or digit). Letters are taken in lower case.
type Pattern struct {
	prefix, suffix, domain string
	width                  int
}

var placeholderRe = regexp.MustCompile(`\{n(?::([1-9]))?\}`)

// ParsePattern reads a pattern; a malformed one is validation on "pattern" with a rule:
// "placeholder" (none, or more than one), "placeholder_in_domain", "email", "username".
func ParsePattern(s string) (*Pattern, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	locs := placeholderRe.FindAllStringSubmatchIndex(s, -1)
	if len(locs) != 1 || strings.Count(s, "{") != 1 || strings.Count(s, "}") != 1 {
		return nil, apperr.Validation("pattern", "placeholder")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return nil, apperr.Validation("pattern", "email")
	}
	loc := locs[0]
	if loc[1] > at {
		return nil, apperr.Validation("pattern", "placeholder_in_domain")
	}
	p := &Pattern{prefix: s[:loc[0]], suffix: s[loc[1]:at], domain: s[at+1:]}
	if loc[2] >= 0 {
		p.width, _ = strconv.Atoi(s[loc[2]:loc[3]])
	}
	// Check the shape with the shortest and a long number.
	for _, n := range []int{0, 99999} {
		if !usernameRe.MatchString(p.Username(n)) {
			return nil, apperr.Validation("pattern", "username")
		}
		if _, err := checkEmail("pattern", p.Email(n)); err != nil {
			return nil, apperr.Validation("pattern", "email")
		}
	}
	return p, nil
}

// Username is the username of number n.
func (p *Pattern) Username(n int) string {
	return p.prefix + fmt.Sprintf("%0*d", p.width, n) + p.suffix
}

// Email is the e-mail address of number n.
func (p *Pattern) Email(n int) string {
	return accounts.NormalizeEmail(p.Username(n) + "@" + p.domain)
}
