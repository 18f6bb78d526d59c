package syncwire

import "strings"

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
