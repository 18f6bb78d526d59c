package agenda_test

import (
	"testing"
	"time"

	"github.com/plantel/plantel/backend/agenda"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// TestDaysBoundsAcrossDaylightSaving: a local day is as long as it really is where the
// workstation is, and a day whose midnight does not exist starts at the change.
func TestDaysBoundsAcrossDaylightSaving(t *testing.T) {
	cases := []struct {
		zone, from, to   string
		wantFrom, wantTo string
		hours            float64
	}{
		// Warsaw springs forward on 2026-03-29 (02:00 → 03:00): a 23-hour day.
		{"Europe/Warsaw", "2026-03-29", "2026-03-30", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", 23},
		// And falls back on 2026-10-25: a 25-hour day.
		{"Europe/Warsaw", "2026-10-25", "2026-10-26", "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 25},
		// A Monday-to-Monday week across the autumn change: 7 days + 1 hour.
		{"Europe/Warsaw", "2026-10-19", "2026-10-26", "2026-10-18T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 169},
		// São Paulo (DST until 2019) skipped midnight on 2018-11-04: the day starts at 01:00 -02.
		{"America/Sao_Paulo", "2018-11-04", "2018-11-05", "2018-11-04T03:00:00.000Z", "2018-11-05T02:00:00.000Z", 23},
		// ... and repeated 23:00-24:00 on 2019-02-16: a 25-hour day.
		{"America/Sao_Paulo", "2019-02-16", "2019-02-17", "2019-02-16T02:00:00.000Z", "2019-02-17T03:00:00.000Z", 25},
		// Today São Paulo is UTC-3 all year.
		{"America/Sao_Paulo", "2026-11-01", "2026-12-01", "2026-11-01T03:00:00.000Z", "2026-12-01T03:00:00.000Z", 720},
		// A fixed offset as a browser without zone names would send it.
		{"+05:30", "2026-11-23", "2026-11-24", "2026-11-22T18:30:00.000Z", "2026-11-23T18:30:00.000Z", 24},
		{"", "2026-11-23", "2026-11-24", "2026-11-23T00:00:00.000Z", "2026-11-24T00:00:00.000Z", 24},
	}
	for _, c := range cases {
		loc, err := agenda.LoadZone(c.zone)
		if err != nil {
			t.Fatalf("%s: %v", c.zone, err)
		}
		from, to, err := agenda.DaysBounds(c.from, c.to, loc)
		if err != nil {
			t.Fatalf("%s %s: %v", c.zone, c.from, err)
		}
		if store.Timestamp(from) != c.wantFrom || store.Timestamp(to) != c.wantTo || to.Sub(from).Hours() != c.hours {
			t.Errorf("%s %s..%s = %s..%s (%vh), want %s..%s (%vh)", c.zone, c.from, c.to,
				store.Timestamp(from), store.Timestamp(to), to.Sub(from).Hours(), c.wantFrom, c.wantTo, c.hours)
		}
	}
}

func TestTodayIsTheWorkstationsDay(t *testing.T) {
	waw, _ := agenda.LoadZone("Europe/Warsaw")
	sp, _ := agenda.LoadZone("America/Sao_Paulo")
	// 23:30 UTC on 28 March is already 29 March (the short day) in Warsaw, still 28 in São Paulo.
	now := time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)
	if f, to := agenda.Today(now, waw); store.Timestamp(f) != "2026-03-28T23:00:00.000Z" || store.Timestamp(to) != "2026-03-29T22:00:00.000Z" {
		t.Fatalf("Warsaw today %v..%v", f, to)
	}
	if f, to := agenda.Today(now, sp); store.Timestamp(f) != "2026-03-28T03:00:00.000Z" || store.Timestamp(to) != "2026-03-29T03:00:00.000Z" {
		t.Fatalf("São Paulo today %v..%v", f, to)
	}
}

func TestBadZonesAndRanges(t *testing.T) {
	for _, z := range []string{"Mars/Olympus", "+25:00", "yesterday"} {
		if _, err := agenda.LoadZone(z); apperr.CodeOf(err) != apperr.CodeValidation {
			t.Errorf("zone %q: %v", z, err)
		}
	}
	for _, r := range [][2]string{{"2026-11-24", "2026-11-23"}, {"2026-11-23", "2026-11-23"}, {"2026-01-01", "2026-06-01"}, {"23/11/2026", "2026-11-24"}} {
		if _, _, err := agenda.DaysBounds(r[0], r[1], time.UTC); apperr.CodeOf(err) != apperr.CodeValidation {
			t.Errorf("range %v: %v", r, err)
		}
	}
	if d, err := agenda.ParseDue("2026-11-23T10:15:00+01:00"); err != nil || store.Timestamp(d) != "2026-11-23T09:15:00.000Z" {
		t.Fatalf("due %v %v", d, err)
	}
}
