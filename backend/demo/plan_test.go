package demo

import (
	"testing"
	"time"
)

// A demo made in the evening still has follow-ups due today, after now: the dashboard's
// "due today" (from now to the end of the day) is not empty at any hour, and none of them is
// already overdue. At 20:30 the office hours of the day are over.
func TestADemoMadeInTheEveningHasFollowupsDueLaterToday(t *testing.T) {
	for _, hm := range [][2]int{{10, 30}, {20, 30}, {23, 40}} {
		now := time.Date(2026, 12, 6, hm[0], hm[1], 0, 0, time.UTC)
		p := newPlan(1, now, []string{"ws-1", "ws-2", "ws-3"}, map[string]string{}, map[string]bool{})
		endOfDay := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		today := 0
		for _, f := range p.Followups {
			due, err := time.Parse(time.RFC3339Nano, f.DueAt)
			if err != nil {
				t.Fatal(err)
			}
			if !f.Done && !due.Before(now) && due.Before(endOfDay) {
				today++
			}
		}
		if today < 20 {
			t.Errorf("made at %02d:%02d: %d open follow-ups due later today, want some", hm[0], hm[1], today)
		}
	}
}
