package server

import (
	"context"
	"errors"
	"time"

	"github.com/plantel/plantel/backend/syncwire"
)

// ErrNotFound is returned by Storage lookups that find nothing.
var ErrNotFound = errors.New("not found")

// DeviceRec is one enrolled device as the storage keeps it (the token only as its hash).
type DeviceRec struct {
	ID         string
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	RevokedAt  time.Time // zero while the device is enrolled
}

// Storage is everything the server keeps. Two implementations: SQLite (modernc, the default)
// and PostgreSQL (pgx). The server keeps no state outside it, so several server processes may
// share one PostgreSQL database.
type Storage interface {
	// Write runs fn in one transaction that holds the organization-wide write lock: pushes
	// (and their change-log positions) are serialized across every process on the database,
	// and a push is applied whole or not at all.
	Write(ctx context.Context, fn func(Tx) error) error
	// Pull returns the change-log entries after position `after`, at most limit of them, in
	// position order, the position of the last one returned (or `after` when none), and
	// whether more follow.
	Pull(ctx context.Context, after int64, limit int) (changes [][]byte, last int64, more bool, err error)
	// Head is the change log's last position (what a pull from 0 reaches at the end; entries
	// compacted away leave their positions unused, so it may be above the last entry's).
	Head(ctx context.Context) (int64, error)
	// OrgID is the organization id made when the schema was created.
	OrgID(ctx context.Context) (string, error)

	DeviceByTokenHash(ctx context.Context, hash string) (DeviceRec, error)
	TouchDevice(ctx context.Context, id string, at time.Time) error
	Devices(ctx context.Context) ([]DeviceRec, error)
	// RevokeDevice marks device id revoked (ErrNotFound when there is none).
	RevokeDevice(ctx context.Context, id string, at time.Time) error

	AddEnrollCode(ctx context.Context, codeHash string, created, expires time.Time) error
	// Enroll consumes the unused, unexpired code with this hash and adds dev, atomically;
	// ErrNotFound when the code is unknown, used or expired.
	Enroll(ctx context.Context, codeHash string, now time.Time, dev DeviceRec) error

	// CompactLog drops from the change log the entries that no longer decide anything
	// (see maintain.go), among those before the first entry stamped at or after before.
	CompactLog(ctx context.Context, before time.Time) (CompactStats, error)
	// PruneBatches forgets the stored answers of batches received before before (a batch
	// repeated later is merged again: the data stays the same).
	PruneBatches(ctx context.Context, before time.Time) (int, error)
	// ExpireEnvelopes empties, as the server, the key envelopes still sealed whose code
	// expired before now, and scrubs their log entries (envelopes.go); it returns how many.
	ExpireEnvelopes(ctx context.Context, now time.Time) (int, error)

	Close() error
}

// Tx is the inside of Storage.Write.
type Tx interface {
	// Batch returns the stored answer of batch id.
	Batch(id string) (deviceID string, answer []byte, found bool, err error)
	SaveBatch(id, deviceID string, answer []byte, at time.Time) error

	// Row returns the merged state of a row (found false when the server never saw it).
	Row(table, id string) (syncwire.RowState, bool, error)
	SaveRow(table, id string, st syncwire.RowState) error
	// Rows reads many rows of one table at once (those the server never saw are absent);
	// SaveRows writes many.
	Rows(table string, ids []string) (map[string]syncwire.RowState, error)
	SaveRows(table string, rows map[string]syncwire.RowState) error
	// AnyRow reports whether the table has any row at all (deleted or not).
	AnyRow(table string) (bool, error)

	// UniqueHolder returns the row holding key (already folded to lower case) in a unique
	// column; SetUnique replaces the keys row id holds (none when keys is empty).
	UniqueHolder(table, column, key string) (string, bool, error)
	SetUnique(table, id string, keys map[string]string) error

	// SetMembership records (live) or forgets (!live) user_workspaces row id;
	// UserWorkspaces lists the workspaces of a user's live memberships.
	SetMembership(rowID, userID, workspaceID string, live bool) error
	UserWorkspaces(userID string) ([]string, error)

	// AppendLog adds the changes (JSON) to the change log and returns the last position.
	AppendLog(changes [][]byte) (int64, error)
	// LastPos is the change log's last position.
	LastPos() (int64, error)
	// ScrubEnvelope rewrites every change-log entry of key envelope id with its sealed
	// columns emptied (envelopes.go).
	ScrubEnvelope(id string) error
	// ScrubSealed rewrites the change-log entries of row id of table whose sealed column col
	// lost to keep with that value emptied (sealed.go).
	ScrubSealed(table, id, col string, keep syncwire.FieldState) error
}
