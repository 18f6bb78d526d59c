package store

import (
	"context"
	"database/sql"
	"errors"
)

// Keys of local_meta: facts about this workstation's copy of the database that never travel
// (local_meta is not a synced table).
const (
	metaWorkstationID = "workstation_id"
	metaHLC           = "hlc_last"

	// MetaSyncEnabled is "1" once this workstation is enrolled with a sync server: from then
	// on every change also goes to the outbox.
	MetaSyncEnabled = "sync_enabled"
	// MetaSyncDeviceID is the device id the server gave at enrollment; new HLC stamps carry it.
	MetaSyncDeviceID = "sync_device_id"
	MetaSyncURL      = "sync_server_url"
	MetaSyncToken    = "sync_device_token" // #nosec G101 -- the name of the meta key, not a credential
	MetaSyncOrgID    = "sync_org_id"
	MetaSyncCursor   = "sync_cursor"
	MetaSyncCertPin  = "sync_cert_pin"
	// MetaSyncSnapshot is the snapshot upload's progress after enrollment: "" not started or
	// finished, else "<table>\x00<last id sent>".
	MetaSyncSnapshot = "sync_snapshot"
	// MetaSyncPullFrom is the cursor a download not finished yet started from ("" when none):
	// after a cut, the resumed pull's progress counts from there, so the bar goes on where it
	// stopped instead of starting again at zero.
	MetaSyncPullFrom = "sync_pull_from"
	// MetaSyncCopy is the SHA-256 of the organization's copy (GET /v1/snapshot) whose
	// download, cut, waits in <db>.snapshot.partial to be resumed ("" when none).
	MetaSyncCopy     = "sync_copy"
	MetaSyncLastSync = "sync_last_sync"
	MetaSyncLastErr  = "sync_last_error"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (db *DB) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (db *DB) setMeta(ctx context.Context, ex execer, key, value string) error {
	_, err := ex.ExecContext(ctx,
		`INSERT INTO local_meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
		key, value)
	return err
}

// LocalMeta reads a workstation-local setting ("" when unset).
func (db *DB) LocalMeta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetLocalMeta writes workstation-local settings in one transaction (never synced, never
// audited: they are not organization data). An empty value removes the key.
func (db *DB) SetLocalMeta(ctx context.Context, kv map[string]string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for k, v := range kv {
		if v == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM local_meta WHERE key = ?`, k)
		} else {
			err = db.setMeta(ctx, tx, k, v)
		}
		if err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.loadSyncState(kv)
	return nil
}

// loadSyncState refreshes the in-memory sync flags after local_meta changed.
func (db *DB) loadSyncState(kv map[string]string) {
	if v, ok := kv[MetaSyncEnabled]; ok {
		db.syncOn.Store(v == "1")
	}
	if v, ok := kv[MetaSyncDeviceID]; ok {
		dev := v
		if dev == "" {
			dev = db.localID
		}
		db.setDevice(dev)
	}
}

// SyncEnabled says whether this workstation is enrolled with a sync server (the outbox is
// written).
func (db *DB) SyncEnabled() bool { return db.syncOn.Load() }
