package accounts

// TraceReset makes RequestReset report each step of its answer to f until the returned
// function is called.
func TraceReset(f func(step string)) (stop func()) {
	resetTrace.Store(&f)
	return func() { resetTrace.Store(nil) }
}
