package store

import (
	"fmt"
	"sync"
	"time"

	"github.com/plantel/plantel/backend/syncwire"
)

// HLC is a hybrid logical clock timestamp in the sync contract's text form:
// 13-digit zero-padded unix milliseconds, "-", 5-digit zero-padded counter, "-", device id.
// Comparing two HLC strings as text gives their causal order.
type HLC struct {
	Millis  int64
	Counter int
	Device  string
}

const maxCounter = 99999

// String renders the contract's text form.
func (h HLC) String() string {
	return fmt.Sprintf("%013d-%05d-%s", h.Millis, h.Counter, h.Device)
}

// ParseHLC reads the contract's text form (syncwire.ParseHLC: exactly 13 digits, "-",
// exactly 5 digits, "-", a device id of 1–64 characters from [A-Za-z0-9._:-]; signs and
// spaces that strconv would accept are refused).
func ParseHLC(s string) (HLC, error) {
	h, err := syncwire.ParseHLC(s)
	if err != nil {
		return HLC{}, err
	}
	return HLC{Millis: h.Millis, Counter: h.Counter, Device: h.Device}, nil
}

// ValidID says whether s is an id the sync contract accepts: 1–64 characters from
// [A-Za-z0-9._:-].
func ValidID(s string) bool { return syncwire.ValidID(s) }

// MaxRemoteAhead is how far past this machine's wall clock a remote stamp may move the
// clock: a stamp further ahead (a workstation with a wrong date) is applied but not
// followed, so one bad clock cannot drag every later local stamp into the future.
const MaxRemoteAhead = 5 * time.Minute

// Clock issues strictly increasing HLC timestamps for one device, never going backwards
// even when the wall clock does.
type Clock struct {
	mu     sync.Mutex
	device string
	wall   func() time.Time
	last   HLC
}

// NewClock starts a clock for device; last is the highest timestamp this device issued or
// saw before (from the database), or "" for none.
func NewClock(device string, wall func() time.Time, last string) (*Clock, error) {
	c := &Clock{device: device, wall: wall, last: HLC{Device: device}}
	if last != "" {
		h, err := ParseHLC(last)
		if err != nil {
			return nil, err
		}
		c.last = HLC{Millis: h.Millis, Counter: h.Counter, Device: device}
	}
	return c, nil
}

// Now issues the next timestamp: the wall clock's milliseconds if they are ahead of the last
// one, else the last one with the counter raised.
func (c *Clock) Now() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = c.next(c.wall().UnixMilli(), 0, 0)
	return c.last
}

// Observe merges a timestamp received from elsewhere, so the next local one sorts after it.
// A stamp more than MaxRemoteAhead past the wall clock is not followed: Observe returns
// false and the clock stays where it was (the caller logs it and shows it in the status).
func (c *Clock) Observe(remote HLC) (HLC, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.wall().UnixMilli()
	if remote.Millis > wall+MaxRemoteAhead.Milliseconds() {
		return c.last, false
	}
	c.last = c.next(wall, remote.Millis, remote.Counter)
	return c.last, true
}

// SetDevice changes the device id of the stamps issued from now on.
func (c *Clock) SetDevice(dev string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.device = dev
	c.last.Device = dev
}

// Last is the highest timestamp issued or observed so far.
func (c *Clock) Last() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

func (c *Clock) next(wall, rMillis int64, rCounter int) HLC {
	ms := max(c.last.Millis, wall, rMillis)
	counter := 0
	switch {
	case ms == c.last.Millis && ms == rMillis:
		counter = max(c.last.Counter, rCounter) + 1
	case ms == c.last.Millis:
		counter = c.last.Counter + 1
	case ms == rMillis:
		counter = rCounter + 1
	}
	if counter > maxCounter {
		ms++
		counter = 0
	}
	return HLC{Millis: ms, Counter: counter, Device: c.device}
}
