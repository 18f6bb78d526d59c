// Package syncwire is the sync contract of DESIGN.md ("Sync — Contract") in Go: the JSON
// wire types, the HLC and id forms, the column-by-column schema of the synced tables, the
// value encoding, and the merge rule. It is pure Go (no database, no network) so the
// server (backend/server) and the workstation (backend/sync, backend/store) share one copy.
package syncwire

import "encoding/json"

// Change is one row change on the wire.
type Change struct {
	Table   string `json:"table"`
	ID      string `json:"id"`
	HLC     string `json:"hlc"`
	Deleted bool   `json:"deleted"`
	// Fields maps column names to values encoded per the column's type (see EncodeValue).
	Fields   map[string]json.RawMessage `json:"fields"`
	DeviceID string                     `json:"device_id"`
	ActorID  string                     `json:"actor_id"`
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	BatchID string   `json:"batch_id"`
	Changes []Change `json:"changes"`
}

// Rejected names one change the server refused, with a code (see the Code* constants) and,
// when one column is at fault, that column.
type Rejected struct {
	ID    string `json:"id"`
	Table string `json:"table"`
	Code  string `json:"code"`
	Field string `json:"field"`
}

// PushResponse is the answer to POST /v1/push. Cursor is the server's last change-log
// position once the batch is applied; it is informational: a client keeps pulling from its
// own cursor (changes of other devices may lie before this one).
type PushResponse struct {
	Accepted int        `json:"accepted"`
	Rejected []Rejected `json:"rejected"`
	Cursor   int64      `json:"cursor"`
}

// PullResponse is the answer to GET /v1/pull?after=<cursor>&limit=<n>.
type PullResponse struct {
	Changes []Change `json:"changes"`
	Cursor  int64    `json:"cursor"`
	More    bool     `json:"more"`
}

// HeadResponse is the answer to GET /v1/head, an addition outside the pinned contract: the
// server's last change-log position, which a workstation asks once at the start of a pull to
// show how much of it is done (a pull's cursors are positions of the same log).
type HeadResponse struct {
	Cursor int64 `json:"cursor"`
}

// Headers of GET /v1/snapshot, an addition outside the pinned contract: the server's ready
// workstation-format copy of the organization (a SQLite file of the store's schema), which a
// joining workstation downloads instead of pulling every change. The body is the file
// (Range requests resume a cut download; the ETag is the quoted SHA-256).
const (
	// SnapshotCursorHeader is the change-log position the copy holds everything up to.
	SnapshotCursorHeader = "X-Plantel-Snapshot-Cursor"
	// SnapshotSchemaHeader is the copy's schema version (its newest migration).
	SnapshotSchemaHeader = "X-Plantel-Snapshot-Schema"
	// SnapshotSizeHeader is the whole file's size in bytes.
	SnapshotSizeHeader = "X-Plantel-Snapshot-Size"
	// SnapshotSHA256Header is the hex SHA-256 of the whole file.
	SnapshotSHA256Header = "X-Plantel-Snapshot-Sha256"
)

// EnrollRequest is the body of POST /v1/enroll.
type EnrollRequest struct {
	Code       string `json:"code"`
	DeviceName string `json:"device_name"`
}

// EnrollResponse is the answer to POST /v1/enroll.
type EnrollResponse struct {
	DeviceID string `json:"device_id"`
	Token    string `json:"token"`
	OrgID    string `json:"org_id"`
}

// EnrollCodeResponse is the answer to POST /v1/enroll-codes (the Owner, from the app).
type EnrollCodeResponse struct {
	Code      string `json:"code"`
	ExpiresAt string `json:"expires_at"`
}

// Device is one enrolled workstation as GET /v1/devices lists it.
type Device struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreatedAt  string `json:"created_at"`
	LastSeenAt string `json:"last_seen_at"`
	Revoked    bool   `json:"revoked"`
	RevokedAt  string `json:"revoked_at"`
}

// DevicesResponse is the answer to GET /v1/devices.
type DevicesResponse struct {
	Devices []Device `json:"devices"`
}

// ErrorResponse is the body of every 4xx/5xx answer.
type ErrorResponse struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
}

// Header through which the workstation names the signed-in user on the Owner's endpoints
// (/v1/enroll-codes, /v1/devices...): the server checks that this user is an active Owner in
// its own data.
const ActorHeader = "X-Plantel-Actor"

// Error and rejection codes.
const (
	// 400 answers (the whole request is refused, nothing applied).
	CodeMalformed      = "malformed"       // not JSON, wrong shape, bad id/hlc form
	CodeDeviceMismatch = "device_mismatch" // device_id or the hlc's device is not the token's device
	CodeTooLarge       = "too_large"       // body or batch over the limits
	// 401.
	CodeUnauthenticated = "unauthenticated"
	// 403 on the Owner's endpoints.
	CodePermissionDenied = "permission_denied"
	// 404.
	CodeNotFound = "not_found"

	// Per-change rejections inside a 200 push answer.
	CodeUnknownField   = "unknown_field"   // unknown table or column
	CodeConflictUnique = "conflict_unique" // username/email held by another non-deleted row
	CodeInvalidValue   = "invalid_value"   // value of the wrong JSON type or null for NOT NULL
	CodeRequired       = "required"        // a change creating a row lacks a column without default
	CodeHLCAhead       = "hlc_ahead"       // stamp more than MaxAhead past the server clock
	CodeUnknownActor   = "unknown_actor"   // actor_id is no active user (and not the first Owner)
	CodeGuardRail      = "permission_denied"
)
