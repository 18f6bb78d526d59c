package syncwire

import (
	"fmt"
	"strings"
	"time"
)

// MaxAhead is how far past the receiver's clock a stamp may be: a server rejects changes
// stamped later (code hlc_ahead), a workstation's clock refuses to jump further.
const MaxAhead = 5 * time.Minute

// HLC is a parsed hybrid logical clock stamp:
// 13-digit zero-padded unix milliseconds, "-", 5-digit zero-padded counter, "-", device id.
type HLC struct {
	Millis  int64
	Counter int
	Device  string
}

// String renders the contract's text form.
func (h HLC) String() string { return fmt.Sprintf("%013d-%05d-%s", h.Millis, h.Counter, h.Device) }

// Time is the wall-clock part.
func (h HLC) Time() time.Time { return time.UnixMilli(h.Millis).UTC() }

func digits(s string, n int) (int64, bool) {
	if len(s) != n {
		return 0, false
	}
	var v int64
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// ParseHLC reads the text form strictly: exactly 13 and 5 ASCII digits (no sign, no space)
// and a device id that is a valid id (ValidID).
func ParseHLC(s string) (HLC, error) {
	parts := strings.SplitN(s, "-", 3)
	if len(parts) != 3 {
		return HLC{}, fmt.Errorf("hlc %q: want 13 digits-5 digits-device", s)
	}
	ms, ok1 := digits(parts[0], 13)
	c, ok2 := digits(parts[1], 5)
	if !ok1 || !ok2 || !ValidID(parts[2]) {
		return HLC{}, fmt.Errorf("hlc %q: want 13 digits-5 digits-device", s)
	}
	return HLC{Millis: ms, Counter: int(c), Device: parts[2]}, nil
}

// ValidID reports whether s is an id of the contract: 1–64 characters from [A-Za-z0-9._:-].
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}

// TimeText formats t as the schema's time columns hold it (RFC 3339 UTC, milliseconds),
// the same as store.Timestamp.
func TimeText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
