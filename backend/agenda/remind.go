package agenda

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// ReminderWindow is how far back a follow-up that came due still reminds: one that fell due
// longer ago (the app was closed for the weekend) is only counted as overdue, so signing in
// does not pop a pile of old reminders.
const ReminderWindow = 24 * time.Hour

// MaxReminders is the most reminders one check returns; the rest come at the next checks.
const MaxReminders = 20

// DueReminders returns the open follow-ups of user userID that came due (due time reached
// within ReminderWindow) and were not reminded yet for that due time on this workstation,
// oldest first, and records them as reminded, so each reminds once, also across restarts.
// A follow-up moved to a new due time reminds again when that time comes; a done one never.
func (s *Service) DueReminders(ctx context.Context, userID string) ([]Followup, error) {
	now := s.now()
	b := selectFollowups().
		LeftJoin("followup_reminders r ON r.id = f.id").
		Where(sq.Eq{"f.owner_id": userID, "f.done": false}).
		Where(sq.LtOrEq{"f.due_at": store.Timestamp(now)}).
		Where(sq.Gt{"f.due_at": store.Timestamp(now.Add(-ReminderWindow))}).
		Where("(r.id IS NULL OR r.due_at <> f.due_at)").
		OrderBy("f.due_at", "f.id").Limit(MaxReminders)
	// Most checks find nothing: they only read.
	if items, err := s.collect(s.db.Reader(ctx), b); err != nil || len(items) == 0 {
		return []Followup{}, err
	}
	out := []Followup{}
	err := s.db.Write(ctx, userID, func(tx *store.Tx) error {
		items, err := s.collect(tx, b)
		if err != nil {
			return err
		}
		for _, f := range items {
			fields := store.Fields{"user_id": userID, "due_at": f.DueAt, "reminded_at": tx.Now()}
			var n int
			if err := tx.QueryRow(sq.Select("COUNT(*)").From("followup_reminders").Where(sq.Eq{"id": f.ID})).Scan(&n); err != nil {
				return apperr.Internal(err)
			}
			if n == 0 {
				err = tx.Insert("followup_reminders", f.ID, fields)
			} else {
				err = tx.Update("followup_reminders", f.ID, fields)
			}
			if err != nil {
				return err
			}
		}
		out = items
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
