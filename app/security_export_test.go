package app

// SetSessionForTest makes the window's session id, so scenario tables need not pay an
// argon2 sign-in per row.
func (c *Core) SetSessionForTest(id string) { c.setSession(id) }
