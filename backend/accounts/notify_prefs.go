package accounts

import (
	"context"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// NotifyFrequencies are how often a user wants in-app notifications (F4.5).
var NotifyFrequencies = []string{"immediately", "every_15_minutes", "hourly", "daily", "never"}

// IdleMinuteChoices are the idle times after which the window sets the user away on its
// own (F4.4); 0 turns auto-away off.
var IdleMinuteChoices = []int{0, 5, 10, 15, 30}

// WorkPreferences are a user's own notification frequency and auto-away idle time; they
// persist per user (and sync), next to language and theme (Preferences).
type WorkPreferences struct {
	NotifyFrequency string `json:"notifyFrequency"`
	IdleMinutes     int    `json:"idleMinutes"`
}

// WorkPreferences returns the actor's own notification frequency and idle minutes.
func (s *Service) WorkPreferences(ctx context.Context, a *access.Actor) (*WorkPreferences, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	var p WorkPreferences
	if err := s.read(ctx).QueryRow(sq.Select("notify_frequency", "idle_minutes").From("users").
		Where(sq.Eq{"id": a.UserID})).Scan(&p.NotifyFrequency, &p.IdleMinutes); err != nil {
		return nil, apperr.Internal(err)
	}
	return &p, nil
}

// SetWorkPreferences saves the actor's own notification frequency and idle minutes.
func (s *Service) SetWorkPreferences(ctx context.Context, a *access.Actor, p WorkPreferences) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	if _, err := checkOneOf("notifyFrequency", p.NotifyFrequency, NotifyFrequencies); err != nil {
		return err
	}
	if !slices.Contains(IdleMinuteChoices, p.IdleMinutes) {
		return apperr.Validation("idleMinutes", "one_of").WithParam("allowed", IdleMinuteChoices)
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Update("users", a.UserID, store.Fields{"notify_frequency": p.NotifyFrequency, "idle_minutes": p.IdleMinutes})
	})
}
