package app_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/testutil"
)

// The start's background quick_check waits for the window to rest (issue 10): not before
// its earliest moment, not while the window keeps calling, and not past its latest moment
// however busy the window is; closing the window ends the wait.
func TestBackgroundWorkWaitsForTheWindowToRest(t *testing.T) {
	env := testutil.NewEnv(t)
	core := app.NewCore(env.Accounts, app.NewScriptedRuntime("", nil), env.Logger)
	ctx := context.Background()
	// The window's calls: any signed-in call (here one without a session, refused) counts.
	call := func() { _, _ = core.Actor(access.Need{Module: access.ModUsers}) }
	// calls every 20 ms until stop closes, and returns when the last one was made.
	calling := func(stop <-chan struct{}) *atomic.Int64 {
		var last atomic.Int64
		call()
		last.Store(time.Now().UnixNano())
		go func() {
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					call()
					last.Store(time.Now().UnixNano())
				}
			}
		}()
		return &last
	}

	t.Run("no sooner than its earliest moment", func(t *testing.T) {
		start := time.Now()
		if err := core.AwaitQuiet(ctx, 150*time.Millisecond, 10*time.Millisecond, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 150*time.Millisecond || d > 5*time.Second {
			t.Fatalf("returned after %s, want from 150 ms (no calls)", d)
		}
	})

	// awaitWhileCalling waits for the rest while the window calls for callFor (0: until the
	// wait ends); it returns how long it waited, and how long after the last call it ended.
	awaitWhileCalling := func(t *testing.T, callFor, earliest, quiet, latest time.Duration) (waited, rested time.Duration) {
		t.Helper()
		stop := make(chan struct{})
		var once sync.Once
		halt := func() { once.Do(func() { close(stop) }) }
		defer halt()
		last := calling(stop)
		if callFor > 0 {
			time.AfterFunc(callFor, halt)
		}
		start := time.Now()
		if err := core.AwaitQuiet(ctx, earliest, quiet, latest); err != nil {
			t.Fatal(err)
		}
		return time.Since(start), time.Since(time.Unix(0, last.Load()))
	}

	t.Run("once the calls pause", func(t *testing.T) {
		waited, rested := awaitWhileCalling(t, 400*time.Millisecond, 50*time.Millisecond, 150*time.Millisecond, 10*time.Second)
		if waited < 400*time.Millisecond || waited > 5*time.Second {
			t.Fatalf("returned after %s: the window called for 400 ms", waited)
		}
		if rested < 150*time.Millisecond {
			t.Fatalf("returned %s after the window's last call, want at least 150 ms", rested)
		}
	})

	t.Run("no later than its latest moment", func(t *testing.T) {
		waited, _ := awaitWhileCalling(t, 0, 50*time.Millisecond, 200*time.Millisecond, 300*time.Millisecond)
		if waited < 300*time.Millisecond || waited > 5*time.Second {
			t.Fatalf("returned after %s while the window kept calling, want at 300 ms", waited)
		}
	})

	t.Run("ends with the window", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(50*time.Millisecond, cancel)
		if err := core.AwaitQuiet(cctx, time.Hour, time.Second, time.Hour); !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want context.Canceled", err)
		}
	})
}
