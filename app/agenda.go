package app

import (
	"context"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/agenda"
)

// EventAgendaDue is emitted when follow-ups of the signed-in user come due, with the
// []agenda.Followup that came due (each once, PRODUCT.md F9.2).
const EventAgendaDue = "agenda:due"

// DefaultReminderInterval is how often the app looks for follow-ups that came due.
const DefaultReminderInterval = 30 * time.Second

// devReminderInterval, set only in dev builds (agenda_dev.go), lets the end-to-end suite
// check more often.
var devReminderInterval func() time.Duration

// AgendaService is bound to the window: follow-ups on clients and the agenda (F9), and the
// in-app reminders of follow-ups that come due.
type AgendaService struct {
	core     *Core
	agenda   *agenda.Service
	interval time.Duration
}

// NewAgendaService binds the agenda to core; its reminder ticker starts with the app.
func NewAgendaService(core *Core) *AgendaService {
	s := &AgendaService{core: core, agenda: agenda.New(core.Accounts.DB()), interval: DefaultReminderInterval}
	if devReminderInterval != nil {
		if d := devReminderInterval(); d > 0 {
			s.interval = d
		}
	}
	core.OnStart(s.startReminders)
	return s
}

var needAgenda = access.Need{Module: access.ModAgenda}

// Range returns the follow-ups due in a range of local days (the day, week and month views).
func (s *AgendaService) Range(q agenda.RangeQuery) (*agenda.RangeResult, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	r, err := s.agenda.Range(s.core.Context(), a, q)
	return r, s.core.fail(err)
}

// List returns one page of the list view.
func (s *AgendaService) List(q agenda.ListQuery) (*agenda.Page, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	p, err := s.agenda.List(s.core.Context(), a, q)
	return p, s.core.fail(err)
}

// Counts returns the overdue and due-today counts, "today" in zone.
func (s *AgendaService) Counts(zone string, ownerIDs []string) (*agenda.Counts, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	c, err := s.agenda.Counts(s.core.Context(), a, zone, ownerIDs)
	return c, s.core.fail(err)
}

// Get returns one follow-up.
func (s *AgendaService) Get(id string) (*agenda.Followup, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	f, err := s.agenda.Get(s.core.Context(), a, id)
	return f, s.core.fail(err)
}

// Create plans a follow-up on a client.
func (s *AgendaService) Create(in agenda.Input) (*agenda.Followup, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	f, err := s.agenda.Create(s.core.Context(), a, in)
	return f, s.core.fail(err)
}

// Update reschedules, re-notes or hands over a follow-up.
func (s *AgendaService) Update(id string, in agenda.Edit) (*agenda.Followup, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	f, err := s.agenda.Update(s.core.Context(), a, id, in)
	return f, s.core.fail(err)
}

// SetDone completes a follow-up or opens it again.
func (s *AgendaService) SetDone(id string, done bool) (*agenda.Followup, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	f, err := s.agenda.SetDone(s.core.Context(), a, id, done)
	return f, s.core.fail(err)
}

// Delete removes a follow-up.
func (s *AgendaService) Delete(id string) error {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return err
	}
	return s.core.fail(s.agenda.Delete(s.core.Context(), a, id))
}

// SearchClients finds clients the signed-in user may plan follow-ups on (the picker of
// "New follow-up").
func (s *AgendaService) SearchClients(query string, limit int) ([]agenda.ClientOption, error) {
	a, err := s.core.Actor(needAgenda)
	if err != nil {
		return nil, err
	}
	o, err := s.agenda.SearchClients(s.core.Context(), a, query, limit)
	return o, s.core.fail(err)
}

// startReminders runs the reminder ticker until ctx ends.
func (s *AgendaService) startReminders(ctx context.Context) {
	go func() {
		t := time.NewTicker(s.interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.remind(ctx)
			}
		}
	}()
}

// remind emits EventAgendaDue with the signed-in user's follow-ups that came due since the
// last check. Nobody signed in, a user without the Agenda module, or one who must first
// change their password or set up two-factor: nothing.
func (s *AgendaService) remind(ctx context.Context) {
	sid := s.core.session()
	if sid == "" {
		return
	}
	a, err := s.core.Accounts.Actor(ctx, sid)
	if err != nil || !a.Can(access.ModAgenda) || s.core.Accounts.Requirement(ctx, a) != nil {
		return // signed out, no Agenda module, or held at a password change / 2FA set-up
	}
	items, err := s.agenda.DueReminders(ctx, a.UserID)
	if err != nil {
		s.core.Log.Error().Err(err).Msg("agenda reminders")
		return
	}
	if len(items) > 0 {
		s.core.Runtime.Emit(ctx, EventAgendaDue, items)
	}
}
