// Package app is the bound layer: one service per domain whose exported methods the
// window calls through Wails. Each method finds the signed-in actor, hands the call to the
// backend with it, and returns the backend's coded error unchanged. It is the only package
// that imports the Wails runtime, and only behind the Runtime interface.
package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
)

// Core is what every bound service shares: the backend services, the one session of this
// window, and the context Wails gave at start-up.
type Core struct {
	Accounts *accounts.Service
	Runtime  Runtime
	Log      zerolog.Logger

	mu        sync.Mutex
	ctx       context.Context
	sessionID string
	starters  []func(context.Context)
	// lastCall is when the window last made a signed-in call (ActorPending), in unix
	// nanoseconds: background work waits for a pause in them (AwaitQuiet).
	lastCall atomic.Int64
}

// NewCore builds the shared core.
func NewCore(acc *accounts.Service, rt Runtime, log zerolog.Logger) *Core {
	if rt == nil {
		rt = NopRuntime{}
	}
	return &Core{Accounts: acc, Runtime: rt, Log: log, ctx: context.Background()}
}

// Start keeps the Wails context; called from OnStartup.
func (c *Core) Start(ctx context.Context) {
	c.mu.Lock()
	c.ctx = ctx
	starters := c.starters
	c.mu.Unlock()
	for _, fn := range starters {
		fn(ctx)
	}
}

// OnStart registers background work a service starts with the Wails context (a ticker),
// run by Start; it must return at once and stop when ctx ends.
func (c *Core) OnStart(fn func(ctx context.Context)) {
	c.mu.Lock()
	c.starters = append(c.starters, fn)
	c.mu.Unlock()
}

// Context is the application context for backend calls.
func (c *Core) Context() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ctx
}

func (c *Core) setSession(id string) {
	c.mu.Lock()
	c.sessionID = id
	c.mu.Unlock()
}

func (c *Core) session() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessionID
}

// Actor returns the signed-in actor after the one permission check with need. A session
// that is no longer valid (ended elsewhere, user deactivated) is forgotten here. While the
// user must change their password or set up a second factor, it refuses with
// password_change_required or two_factor_setup_required (accounts.Requirement), so no bound
// method can forget that rule; the few methods that let the user meet it use ActorPending.
func (c *Core) Actor(need access.Need) (*access.Actor, error) {
	a, err := c.ActorPending(need)
	if err != nil {
		return nil, err
	}
	if err := c.Accounts.Requirement(c.Context(), a); err != nil {
		return nil, c.fail(err)
	}
	return a, nil
}

// ActorPending is Actor without the requirement gate. Only for Me, SignOut, CheckPassword,
// ChangeOwnPassword and the second-factor status and enrolment: what a user held at the
// password change or the second-factor set-up must still reach.
func (c *Core) ActorPending(need access.Need) (*access.Actor, error) {
	c.lastCall.Store(time.Now().UnixNano())
	a, err := c.Accounts.Actor(c.Context(), c.session())
	if err != nil {
		if apperr.CodeOf(err) == apperr.CodeUnauthenticated {
			c.setSession("")
		}
		return nil, c.fail(err)
	}
	if err := access.Check(a, need); err != nil {
		return nil, c.fail(err)
	}
	return a, nil
}

// AwaitQuiet returns once the window has rested: no sooner than earliest from now, once it
// has made no signed-in call for quiet, and no later than latest from now whatever it does.
// Background work that takes a core (the start's quick_check) waits for it, so it does not
// run beside the pages a supervisor opens right after signing in (issue 10: a check at a
// fixed 3 s ran beside the first open of the users list and cost it 100-200 ms of its
// 2-core machine). Returns ctx's error if ctx ends first.
func (c *Core) AwaitQuiet(ctx context.Context, earliest, quiet, latest time.Duration) error {
	deadline := time.Now().Add(latest)
	timer := time.NewTimer(earliest)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
		now := time.Now()
		next := time.Unix(0, c.lastCall.Load()).Add(quiet) // rested then, if no call comes
		if !now.Before(next) || !now.Before(deadline) {
			return ctx.Err()
		}
		if next.After(deadline) {
			next = deadline
		}
		timer.Reset(next.Sub(now))
	}
}

// fail logs an internal error's cause (never shown to the user) and returns the coded
// error for the window.
func (c *Core) fail(err error) error {
	if err == nil {
		return nil
	}
	e := apperr.As(err)
	if e.Code == apperr.CodeInternal {
		c.Log.Error().Err(e.Cause).Msg("internal error")
	}
	return e
}

// Shutdown signs the window's session out (presence offline) when the app closes.
func (c *Core) Shutdown(ctx context.Context) {
	id := c.session()
	if id == "" {
		return
	}
	if a, err := c.Accounts.Actor(ctx, id); err == nil {
		if err := c.Accounts.SignOut(ctx, a, "app_closed"); err != nil {
			c.Log.Error().Err(err).Msg("sign out on close")
		}
	}
	c.setSession("")
}

// FormatError is the Wails ErrorFormatter: the window receives the coded error as JSON
// text (Wails wraps it in a JS Error whose message the frontend parses).
func FormatError(err error) any { return apperr.JSON(err) }
