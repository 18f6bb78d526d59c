package agenda

import (
	"regexp"
	"strconv"
	"time"

	"github.com/plantel/plantel/backend/apperr"
)

var offsetRe = regexp.MustCompile(`^(?:UTC)?([+-])(\d{1,2}):?(\d{2})?$`)

// LoadZone reads the workstation's time zone as the window sends it: an IANA name
// ("Europe/Warsaw"), "UTC", or a fixed offset ("+01:00", "-0300", "UTC-3"). An empty zone is
// UTC. Anything else is a validation error on field "zone".
func LoadZone(zone string) (*time.Location, error) {
	if zone == "" || zone == "UTC" || zone == "Z" {
		return time.UTC, nil
	}
	if m := offsetRe.FindStringSubmatch(zone); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins := 0
		if m[3] != "" {
			mins, _ = strconv.Atoi(m[3])
		}
		if h > 14 || mins > 59 {
			return nil, apperr.Validation("zone", "one_of")
		}
		off := h*3600 + mins*60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(zone, off), nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, apperr.Validation("zone", "one_of")
	}
	return loc, nil
}

// DayStart is the first instant of the calendar day y-m-d in loc. Where a daylight-saving
// change skips midnight (America/Sao_Paulo until 2019), the day starts at the change.
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Day() != time.Date(y, m, d, 12, 0, 0, 0, loc).Day() {
		// Go resolved the missing midnight to the evening before: move on to that
		// evening's next midnight in its own offset, which is the instant of the change.
		h, mi, s := t.Clock()
		t = t.Add(24*time.Hour - time.Duration(h)*time.Hour - time.Duration(mi)*time.Minute - time.Duration(s)*time.Second)
	}
	return t
}

// ParseDate reads a calendar date "YYYY-MM-DD" (field names the input for the error).
func ParseDate(s, field string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, apperr.Validation(field, "required")
	}
	return d, nil
}

// DaysBounds returns [start of fromDate, start of toDate) in loc as UTC instants: the days
// fromDate up to and excluding toDate, each as long as it really is there (23 or 25 hours
// on a daylight-saving change).
func DaysBounds(fromDate, toDate string, loc *time.Location) (time.Time, time.Time, error) {
	f, err := ParseDate(fromDate, "from")
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t, err := ParseDate(toDate, "to")
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !t.After(f) || t.Sub(f) > 62*24*time.Hour {
		return time.Time{}, time.Time{}, apperr.Validation("to", "one_of")
	}
	return DayStart(f.Year(), f.Month(), f.Day(), loc).UTC(), DayStart(t.Year(), t.Month(), t.Day(), loc).UTC(), nil
}

// Today returns the bounds of the day that contains now in loc.
func Today(now time.Time, loc *time.Location) (time.Time, time.Time) {
	l := now.In(loc)
	next := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, time.UTC)
	return DayStart(l.Year(), l.Month(), l.Day(), loc).UTC(), DayStart(next.Year(), next.Month(), next.Day(), loc).UTC()
}

// ParseDue reads a due time sent by the window: RFC 3339 with any offset (the window sends
// its local time or UTC); stored in UTC.
func ParseDue(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apperr.Validation("dueAt", "required")
	}
	return t.UTC().Truncate(time.Millisecond), nil
}
