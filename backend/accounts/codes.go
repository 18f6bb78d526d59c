package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Lengths of the one-time codes, in characters of codeAlphabet (5 bits each). A reset code
// lives 30 minutes and has 60 bits; invitation and recovery codes live longer and travel to the
// sync server as hashes, so they have 80. See 0004_security.sql for why SHA-256 suffices.
const (
	ResetCodeLength      = 12
	InvitationCodeLength = 16
	RecoveryCodeLength   = 16
)

// codeAlphabet is Crockford's base32: digits and upper-case letters without I, L, O and U,
// so a code read aloud or from paper is typed right; NormalizeCode maps the look-alikes back.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode returns a random code of n characters of Crockford's base32, drawn with crypto/rand,
// in groups of four joined by "-" (e.g. "7KQ2-M9XD-4R1B").
func NewCode(n int) (string, error) {
	raw := make([]byte, n)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[c&31]) // 256 is a multiple of 32: every character equally likely
	}
	return b.String(), nil
}

// NormalizeCode turns a code as typed into its canonical form: spaces and dashes dropped,
// upper case, and the look-alikes O→0, I and L→1.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
		case 'O':
			b.WriteByte('0')
		case 'I', 'L':
			b.WriteByte('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HashCode is how a code is stored: the lower-case hex SHA-256 of its normalised form.
func HashCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}
