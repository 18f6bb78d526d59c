package auth

import (
	"strings"
	"testing"
)

func TestGeneratePasswordMeetsPolicy(t *testing.T) {
	all := DefaultPasswordPolicy()
	all.RequireDigit, all.RequireUpper, all.RequireLower, all.RequireSpecial = true, true, true, true
	long := all
	long.MinLength, long.MaxLength = 40, 64
	twoFactor := DefaultPasswordPolicy()
	twoFactor.TwoFactorRequired, twoFactor.MinLength = true, 8
	cases := []struct {
		name    string
		policy  PasswordPolicy
		length  int
		special bool // whether specials may appear
	}{
		{"defaults", DefaultPasswordPolicy(), 20, false},
		{"every composition rule", all, 20, true},
		{"long minimum", long, 40, true},
		{"two-factor minimum 8 still gives 20", twoFactor, 20, false},
		{"zero policy", PasswordPolicy{}, 20, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seen := map[string]bool{}
			for range 200 {
				pw, err := GeneratePassword(c.policy)
				if err != nil {
					t.Fatal(err)
				}
				if r := c.policy.Check(pw, Personal{}); !r.OK {
					t.Fatalf("%q fails the policy: %v", pw, r.Failures)
				}
				if len(pw) != c.length {
					t.Fatalf("%q has %d characters, want %d", pw, len(pw), c.length)
				}
				if strings.ContainsAny(pw, "0O1lI") {
					t.Fatalf("%q contains a look-alike character", pw)
				}
				if !c.special && strings.ContainsAny(pw, genSpecial) {
					t.Fatalf("%q contains a special character the policy does not ask for", pw)
				}
				if IsCommon(pw) {
					t.Fatalf("%q is on the block list", pw)
				}
				if seen[pw] {
					t.Fatalf("%q generated twice", pw)
				}
				seen[pw] = true
			}
		})
	}
}

func TestGeneratePasswordUsesWholeAlphabet(t *testing.T) {
	p := DefaultPasswordPolicy()
	p.RequireSpecial = true
	used := map[rune]bool{}
	for range 200 {
		pw, err := GeneratePassword(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pw {
			used[c] = true
		}
	}
	alphabet := genUpper + genLower + genDigits + genSpecial
	for _, c := range alphabet {
		if !used[c] {
			t.Errorf("character %q never drawn in 4000", c)
		}
	}
	if len(used) != len(alphabet) {
		t.Errorf("drew %d distinct characters, alphabet has %d", len(used), len(alphabet))
	}
}
