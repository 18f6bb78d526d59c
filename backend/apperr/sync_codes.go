package apperr

// Codes of the sync client (backend/sync); the window translates each (errors.sync_*).
const (
	CodeSyncNotConfigured = "sync_not_configured"
	CodeSyncUnreachable   = "sync_unreachable"
	CodeSyncRevoked       = "sync_revoked"
	CodeSyncBadCode       = "sync_bad_code"
	CodeSyncInsecureURL   = "sync_insecure_url"
	CodeSyncCertChanged   = "sync_cert_changed"
	CodeSyncServerError   = "sync_server_error"
	CodeSyncClockAhead    = "sync_clock_ahead"
	CodeSyncAlreadyJoined = "sync_already_enrolled"
)
