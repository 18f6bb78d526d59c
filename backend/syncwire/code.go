package syncwire

import (
	"crypto/rand"
	"strings"
)

// NormalizeCode folds an enrollment code as a person typed it: case, spaces and dashes do
// not matter, and the letters people mistake for digits are read as those digits. The
// server hashes codes in this form; a workstation derives the key envelope's id and key
// from it (backend/sync/keys.go), so both sides read a typed code the same way.
func NormalizeCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '\t':
			return -1
		case 'O':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, s)
}

// codeAlphabet is Crockford's base32: no I, L, O, U, easy to read aloud and type.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode makes a one-time code a person reads and types (an enrollment code, a key code):
// 16 characters of Crockford's base32 (80 random bits) in groups of four.
func NewCode() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%32])
	}
	return sb.String(), nil
}
