package app

import (
	"context"
	"time"
)

// RemindNow runs one reminder check, as the ticker does.
func (s *AgendaService) RemindNow() { s.remind(s.core.Context()) }

// SetReminderInterval changes the ticker's interval before the core starts.
func (s *AgendaService) SetReminderInterval(d time.Duration) { s.interval = d }

// StartCore starts the core's background work with ctx, as Wails' OnStartup does.
func StartCore(c *Core, ctx context.Context) { c.Start(ctx) }
