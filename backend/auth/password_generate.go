package auth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
)

// Alphabets of generated passwords. Look-alikes are left out (0/O, 1/l/I) so a password read
// from a screen or a printed credentials file is typed right the first time; the specials are
// ones that need no quoting in a CSV, a shell or a URL and are on common keyboard layouts.
const (
	genUpper   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	genLower   = "abcdefghijkmnopqrstuvwxyz"
	genDigits  = "23456789"
	genSpecial = "!#$%*+-=?@_~"
)

// GeneratedPasswordMinLength is the shortest password GeneratePassword makes, whatever the
// policy's minimum: 20 characters from its alphabet carry over 110 bits of entropy.
const GeneratedPasswordMinLength = 20

// maxGenerateAttempts bounds GeneratePassword's retries. A draw misses a required class with
// a probability of a few percent at most, so running out means a broken random source.
const maxGenerateAttempts = 1000

// ErrGenerateFailed means GeneratePassword found no password meeting the policy within its
// bounded number of attempts.
var ErrGenerateFailed = errors.New("auth: could not generate a password meeting the policy")

// GeneratePassword returns a random password, drawn with crypto/rand, that meets p (clamped):
// max(p.MinLength, 20) characters from upper- and lower-case letters and digits without
// look-alikes, plus specials when p.RequireSpecial; at least one of each class a composition
// rule requires; never on the block list. Draws that miss a rule are redrawn whole, so every
// compliant password is equally likely.
func GeneratePassword(p PasswordPolicy) (string, error) {
	p = p.Clamped()
	length := max(p.MinLength, GeneratedPasswordMinLength)
	alphabet := genUpper + genLower + genDigits
	if p.RequireSpecial {
		alphabet += genSpecial
	}
	limit := big.NewInt(int64(len(alphabet)))
	strict := p
	strict.BlockCommon = true // a generated password is never a common one
	buf := make([]byte, length)
	for range maxGenerateAttempts {
		for i := range buf {
			n, err := rand.Int(rand.Reader, limit)
			if err != nil {
				return "", fmt.Errorf("auth: reading random bytes: %w", err)
			}
			buf[i] = alphabet[n.Int64()]
		}
		pw := string(buf)
		if strict.Check(pw, Personal{}).OK {
			return pw, nil
		}
	}
	return "", ErrGenerateFailed
}
