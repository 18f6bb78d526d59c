package auth

import (
	"runtime"
	"testing"
	"time"
)

// A sign-in's argon2id memory (64 MiB) goes back to the operating system as soon as the
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
	var ms runtime.MemStats
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		runtime.ReadMemStats(&ms)
		// Idle heap still held from the OS: the argon2 block would be 64 MiB of it.
		if held := ms.HeapIdle - ms.HeapReleased; held < 16<<20 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("2 s after a verify the heap still holds %d MiB idle, not returned to the OS", (ms.HeapIdle-ms.HeapReleased)>>20)
		}
	}
}
