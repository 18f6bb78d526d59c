package app

import (
	"context"
	"errors"

	"github.com/plantel/plantel/backend/startup"
)

// EventDBCheckFailed tells the window that the background quick_check found the database
// damaged (F13.8): it carries the StartupStatus (code, latest backup), and the window shows
// a blocking dialog with the recovery window's advice.
const EventDBCheckFailed = "db:check-failed"

// States of the database check, as StartupStatus.Check reports them.
const (
	// CheckChecking: the file opened and passed the cheap checks; quick_check runs in the
	// background.
	CheckChecking = "checking"
	// CheckOK: quick_check passed.
	CheckOK = "ok"
	// CheckFailed: the database could not be used (the recovery window), or the background
	// quick_check failed.
	CheckFailed = "failed"
)

// SetCheck records the state of the database check (main: CheckOK after a full check at
// start, CheckChecking before the background one).
func (s *System) SetCheck(state string) {
	s.mu.Lock()
	s.check = state
	s.mu.Unlock()
}

// checkState returns the check's state and, when it failed in the background, its code.
func (s *System) checkState() (state, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Failure != "" {
		return CheckFailed, s.Failure
	}
	if s.check == "" {
		return CheckOK, ""
	}
	return s.check, s.checkCode
}

// failure is the code of a database that must not be used: the start-up failure, or that
// of the background check.
func (s *System) failure() string {
	state, code := s.checkState()
	if state == CheckFailed {
		return code
	}
	return ""
}

// RunCheck runs verify (startup.Started.Verify: quick_check on a read-only connection of
// its own, which writes the marker that sends the next start to the recovery window) and
// records the outcome. On a failure it logs it and emits EventDBCheckFailed at once, with
// the status the recovery window shows. A cancelled ctx (the app closing) leaves the state
// at checking. main runs it in a goroutine once the window is up; ctx is the window's.
func (s *System) RunCheck(ctx context.Context, verify func(context.Context) error) {
	s.SetCheck(CheckChecking)
	err := verify(ctx)
	switch {
	case err == nil:
		s.SetCheck(CheckOK)
		s.Log.Info().Msg("background quick_check passed")
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		s.Log.Info().Msg("background quick_check stopped (closing)")
	default:
		code := startup.Classify(err)
		s.mu.Lock()
		s.check, s.checkCode = CheckFailed, code
		s.mu.Unlock()
		s.Log.Error().Err(err).Str("code", code).Msg("background quick_check failed: the database is damaged")
		// Nothing more is written to the damaged file (a write could spread the damage): every
		// write, the sync's included, answers database_damaged until the app restarts.
		if s.DB != nil {
			if err := s.DB.Refuse(ctx); err != nil {
				s.Log.Error().Err(err).Msg("could not stop writes to the damaged database")
			}
		}
		if s.Runtime != nil {
			s.Runtime.Emit(ctx, EventDBCheckFailed, (&StartupService{sys: s}).Status())
		}
	}
}
