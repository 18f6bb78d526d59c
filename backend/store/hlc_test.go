package store_test

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

var hlcFormat = regexp.MustCompile(`^\d{13}-\d{5}-[0-9a-f-]{36}$`)

func TestHLCFormatAndParse(t *testing.T) {
	h := store.HLC{Millis: 1763884800000, Counter: 3, Device: "dev"}
	if h.String() != "1763884800000-00003-dev" {
		t.Fatalf("got %s", h)
	}
	p, err := store.ParseHLC(h.String())
	if err != nil || p != h {
		t.Fatalf("parse %v %v", p, err)
	}
	for _, bad := range []string{"", "1-2-3", "176388480000-00003-dev", "1763884800000-0003-dev", "1763884800000-00003-", "abcdefghijklm-00003-d"} {
		if _, err := store.ParseHLC(bad); err == nil {
			t.Errorf("ParseHLC(%q) accepted", bad)
		}
	}
}

func TestHLCIsMonotonicWhenTheWallClockStallsOrGoesBack(t *testing.T) {
	clk := &fakeClock{t: time.UnixMilli(1763884800000)}
	c, err := store.NewClock("dev", clk.Now, "")
	must(t, err)
	prev := c.Now().String()
	for i := 0; i < 1000; i++ {
		switch i % 3 {
		case 1:
			clk.Add(-time.Second)
		case 2:
			clk.Add(time.Millisecond)
		}
		next := c.Now().String()
		if next <= prev {
			t.Fatalf("step %d: %s is not after %s", i, next, prev)
		}
		prev = next
	}
	// Observing a remote timestamp from the future moves the clock past it.
	// (The wall clock reads the remote stamp's time: a stamp more than 5 minutes past it
	// would not be followed.)
	remote := store.HLC{Millis: c.Last().Millis + 60000, Counter: 7, Device: "zzz"}
	clk.Set(time.UnixMilli(remote.Millis))
	if _, ok := c.Observe(remote); !ok {
		t.Fatal("observe refused")
	}
	if got := c.Now(); got.Millis != remote.Millis || got.Counter != 9 {
		t.Fatalf("after observe: %v", got)
	}
}

func TestHLCCounterOverflowCarriesIntoMillis(t *testing.T) {
	clk := &fakeClock{t: time.UnixMilli(1000)}
	c, err := store.NewClock("d", clk.Now, "0000000001000-99999-d")
	must(t, err)
	if got := c.Now().String(); got != "0000000001001-00000-d" {
		t.Fatalf("got %s", got)
	}
}

func TestHLCNeverGoesBackwardsAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	clk := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db := openAt(t, path, clk)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		must(t, db.Write(ctx, "u", func(tx *store.Tx) error { return insertWorkspace(tx, store.NewID(), "w") }))
	}
	var last string
	must(t, db.Read().QueryRow(`SELECT MAX(hlc) FROM sync_row_clock`).Scan(&last))
	if !hlcFormat.MatchString(last) {
		t.Fatalf("row clock hlc %q is not in the contract format", last)
	}
	db.Close()

	// The machine's clock is set back an hour before the next start.
	clk.Add(-time.Hour)
	db2 := openAt(t, path, clk)
	must(t, db2.Write(ctx, "u", func(tx *store.Tx) error { return insertWorkspace(tx, store.NewID(), "w") }))
	var next string
	must(t, db2.Read().QueryRow(`SELECT MAX(hlc) FROM sync_row_clock`).Scan(&next))
	if next <= last {
		t.Fatalf("after restart with clock set back: %s is not after %s", next, last)
	}
}

func TestHLCParseDigitsOnly(t *testing.T) {
	for _, bad := range []string{"+763884800000-00003-dev", "1763884800000-+0003-dev", " 763884800000-00003-dev",
		"1763884800000-0000a-dev", "1763884800000-00003-", "1763884800000-00003-d ev", "176388480000-00003-dev"} {
		if _, err := store.ParseHLC(bad); err == nil {
			t.Errorf("ParseHLC(%q) accepted", bad)
		}
	}
	h, err := store.ParseHLC("1763884800000-00003-dev.1:a_b-c")
	must(t, err)
	if h.String() != "1763884800000-00003-dev.1:a_b-c" {
		t.Fatalf("round trip %s", h)
	}
}

func TestHLCRefusesRemoteStampFarAhead(t *testing.T) {
	clk := &fakeClock{t: time.UnixMilli(1_763_884_800_000)}
	c, err := store.NewClock("d", clk.Now, "")
	must(t, err)
	before := c.Now()
	far := store.HLC{Millis: before.Millis + (5*time.Minute + time.Second).Milliseconds(), Device: "x"}
	if _, ok := c.Observe(far); ok {
		t.Fatal("a stamp 5 min 1 s ahead was followed")
	}
	if next := c.Now(); next.Millis > before.Millis+1 {
		t.Fatalf("clock jumped to %v", next)
	}
	near := store.HLC{Millis: before.Millis + (4 * time.Minute).Milliseconds(), Device: "x"}
	if got, ok := c.Observe(near); !ok || got.Millis != near.Millis {
		t.Fatalf("a stamp 4 min ahead was not followed: %v %v", got, ok)
	}
}
