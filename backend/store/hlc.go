package store

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
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

// ParseHLC reads the contract's text form.
func ParseHLC(s string) (HLC, error) {
	parts := strings.SplitN(s, "-", 3)
	if len(parts) != 3 || len(parts[0]) != 13 || len(parts[1]) != 5 || parts[2] == "" {
		return HLC{}, fmt.Errorf("hlc %q: want 13 digits-5 digits-device", s)
	}
	ms, err1 := strconv.ParseInt(parts[0], 10, 64)
	c, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || ms < 0 || c < 0 {
		return HLC{}, fmt.Errorf("hlc %q: not numeric", s)
	}
	return HLC{Millis: ms, Counter: c, Device: parts[2]}, nil
}

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
func (c *Clock) Observe(remote HLC) HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = c.next(c.wall().UnixMilli(), remote.Millis, remote.Counter)
	return c.last
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
