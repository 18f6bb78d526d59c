package auth

import (
	"runtime"
	"testing"
	"time"
)

// A sign-in's argon2id memory (64 MiB) goes back to the operating system releaseAfter after the
// verification ends, not minutes later: the window's process stays small after signing in
// (issue 10, app_memory_growth).
func TestHashMemoryIsReleasedAfterwards(t *testing.T) {
	h := Hasher{}
	enc, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := h.Verify(enc, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("verify: %v %v", ok, err)
	}
	waitHeld(t, "after a verify", releaseAfter+2*time.Second, func(held uint64) bool { return held < 16<<20 })
}

// idleHeld is the idle heap Go still holds from the OS: a freed argon2 block is 64 MiB of it.
func idleHeld() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapIdle - ms.HeapReleased
}

// waitHeld waits up to within for idleHeld to satisfy ok.
func waitHeld(t *testing.T, what string, within time.Duration, ok func(held uint64) bool) {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(10 * time.Millisecond) {
		held := idleHeld()
		if ok(held) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v later the heap holds %d MiB idle from the OS", what, within, held>>20)
		}
	}
}

// Prepare (the sign-in page's first key of the password) readies the hash's memory: faulted in
// and free in Go's heap, where the verification's block then comes from instead of fresh pages
// from the OS; unused, it goes back to the OS after preparedFor.
func TestPrepareReadiesTheHashMemoryForTheNextVerify(t *testing.T) {
	oldAfter, oldFor := releaseAfter, preparedFor
	releaseAfter, preparedFor = 200*time.Millisecond, 500*time.Millisecond
	t.Cleanup(func() { releaseAfter, preparedFor = oldAfter, oldFor })
	h := Hasher{}
	enc, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	waitHeld(t, "after the hash", 5*time.Second, func(held uint64) bool { return held < 16<<20 })

	// Unused: readied, then handed back.
	h.Prepare()
	waitHeld(t, "after Prepare", 5*time.Second, func(held uint64) bool { return held >= 60<<20 })
	waitHeld(t, "after an unused Prepare", 5*time.Second, func(held uint64) bool { return held < 16<<20 })

	// Used: the verification takes the prepared block instead of new memory from the OS.
	preparedFor = 30 * time.Second
	h.Prepare()
	waitHeld(t, "after Prepare", 5*time.Second, func(held uint64) bool { return held >= 60<<20 })
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if ok, _, err := h.Verify(enc, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("verify: %v %v", ok, err)
	}
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapSys-after.HeapReleased) - int64(before.HeapSys-before.HeapReleased); grew > 16<<20 {
		t.Fatalf("the verify took %d MiB more from the OS after Prepare; want its block from the prepared memory", grew>>20)
	}
	// And after it, the memory goes back releaseAfter later, not preparedFor.
	waitHeld(t, "after the verify", 5*time.Second, func(held uint64) bool { return held < 16<<20 })
}
