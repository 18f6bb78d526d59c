package accounts_test

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/testutil"
)

// heapPeak samples HeapInuse every millisecond while run runs and returns the peak above the
// level before it, in MiB.
func heapPeak(run func()) float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var s runtime.MemStats
		for {
			runtime.ReadMemStats(&s)
			if s.HeapInuse > peak.Load() {
				peak.Store(s.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	run()
	close(stop)
	<-done
	if peak.Load() < base {
		return 0
	}
	return float64(peak.Load()-base) / (1 << 20)
}

// Forty sign-ins with wrong passwords sent at once must not get forty guesses checked: the
// attempt is counted before the hash check, so at most the lockout limit (10) reach argon2,
// at most auth.MaxConcurrentHashes of them at a time, and the account ends locked.
func TestParallelSignInsCannotGuessPastTheLimit(t *testing.T) {
	svc, _, _ := freshService(t)
	if _, err := svc.Setup(ctx, validSetup()); err != nil {
		t.Fatal(err)
	}
	limit := accounts.DefaultLockoutPolicy().MaxFailures
	const calls = 40
	runs0, _ := auth.HashStats()
	var invalid, locked atomic.Int32
	mib := heapPeak(func() {
		var wg sync.WaitGroup
		for i := 0; i < calls; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.SignIn(ctx, "jnunez", "a wrong guess at the password")
				switch apperr.CodeOf(err) {
				case apperr.CodeInvalidCredentials:
					invalid.Add(1)
				case apperr.CodeAccountLocked:
					locked.Add(1)
				default:
					t.Errorf("unexpected answer %v", err)
				}
			}()
		}
		wg.Wait()
	})
	runs1, peak := auth.HashStats()
	checked := runs1 - runs0
	t.Logf("%d parallel sign-ins: %d hash checks, %d invalid, %d locked, at most %d argon2 at once, heap peak +%.0f MiB",
		calls, checked, invalid.Load(), locked.Load(), peak, mib)
	if checked > int64(limit) || int(invalid.Load()) > limit-1 {
		t.Fatalf("%d guesses were checked (limit %d)", checked, limit)
	}
	if peak > auth.MaxConcurrentHashes {
		t.Fatalf("%d argon2 computations ran at once, cap %d", peak, auth.MaxConcurrentHashes)
	}
	if _, err := svc.SignIn(ctx, "jnunez", testutil.Password); apperr.CodeOf(err) != apperr.CodeAccountLocked {
		t.Fatalf("after the parallel guesses the account must be locked, got %v", err)
	}
	var audited int
	if err := svc.DB().Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited > limit {
		t.Fatalf("%d failed guesses audited, limit %d", audited, limit)
	}
}

// The same for e-mailed reset codes: forty wrong codes at once are counted before they are
// looked up, so at most the limit are ever tried.
func TestParallelResetCodesCannotGuessPastTheLimit(t *testing.T) {
	svc, _, _ := freshService(t)
	if _, err := svc.Setup(ctx, validSetup()); err != nil {
		t.Fatal(err)
	}
	limit := accounts.DefaultLockoutPolicy().MaxFailures
	var wg sync.WaitGroup
	var tried atomic.Int32
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := svc.ResetWithCode(ctx, accounts.ResetWithCodeInput{Login: "jnunez", Code: "AAAA-BBBB-CCCC",
				Password: "another long passphrase 7", Repeat: "another long passphrase 7"})
			if apperr.CodeOf(err) == accounts.CodeCodeInvalid {
				tried.Add(1)
			} else if apperr.CodeOf(err) != apperr.CodeAccountLocked {
				t.Errorf("unexpected answer %v", err)
			}
		}()
	}
	wg.Wait()
	var audited int
	if err := svc.DB().Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	t.Logf("40 parallel reset codes: %d answered code_invalid, %d audited guesses", tried.Load(), audited)
	if audited > limit || int(tried.Load()) >= limit {
		t.Fatalf("%d wrong codes were tried (limit %d)", audited, limit)
	}
}

// The same for second-factor codes: forty wrong codes sent at once on one challenge are
// counted before they are checked, so at most the limit are tried.
func TestParallelSecondFactorCodesCannotGuessPastTheLimit(t *testing.T) {
	env := testutil.NewEnv(t)
	enrol(t, env, env.SignIn(testutil.AgentAUsername))
	ch := challengeOf(t, env, testutil.AgentAUsername)
	limit := accounts.DefaultLockoutPolicy().MaxFailures
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := env.Accounts.SignInSecondFactor(ctx, ch, "000000")
			if c := apperr.CodeOf(err); c != accounts.CodeCodeInvalid && c != apperr.CodeAccountLocked && c != accounts.CodeChallengeExpired {
				t.Errorf("unexpected answer %v", err)
			}
		}()
	}
	wg.Wait()
	var audited int
	if err := env.DB.Read().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited > limit {
		t.Fatalf("%d wrong second-factor codes were tried (limit %d)", audited, limit)
	}
}
