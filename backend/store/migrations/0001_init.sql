-- Plantel schema, version 1: the foundation.
-- Synced tables use UUIDv7 text ids and the same column names as on the sync wire.

-- Facts about this workstation's copy of the database (workstation id, HLC high-water mark).
CREATE TABLE local_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    archived   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Profiles live inside a role (admin or agent) and list the modules they may open (JSON array).
CREATE TABLE profiles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    icon        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    modules     TEXT NOT NULL DEFAULT '[]',
    builtin     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- username and email are stored normalised (lower case) so plain unique indexes are
-- case-insensitive.
CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    username             TEXT NOT NULL,
    email                TEXT NOT NULL,
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
    profile_id           TEXT REFERENCES profiles(id),
    active               INTEGER NOT NULL DEFAULT 1,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'pending')),
    password_hash        TEXT NOT NULL DEFAULT '',
    password_changed_at  TEXT NOT NULL DEFAULT '',
    must_change_password INTEGER NOT NULL DEFAULT 0,
    sessions_revoked_at  TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    extension            TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL DEFAULT 'es',
    theme                TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('light', 'dark', 'system')),
    presence             TEXT NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'busy', 'away', 'offline')),
    last_active_at       TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX users_username_uq ON users(username);
CREATE UNIQUE INDEX users_email_uq ON users(email);
CREATE INDEX users_profile_idx ON users(profile_id);

-- Exactly one owner: a partial unique index makes a second owner row impossible.
CREATE UNIQUE INDEX users_one_owner ON users(role) WHERE role = 'owner';

CREATE TABLE user_workspaces (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (user_id, workspace_id)
);
CREATE INDEX user_workspaces_ws_idx ON user_workspaces(workspace_id);

-- Sessions are bound to this workstation and are not synced.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workstation_id TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_seen_at   TEXT NOT NULL,
    ended_at       TEXT NOT NULL DEFAULT '',
    end_reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

-- Failed sign-in counter per login name as typed (normalised), whether or not an account
-- has that name, so a lockout never tells which accounts exist. Survives restarts.
CREATE TABLE login_attempts (
    id             TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT NOT NULL DEFAULT '',
    last_failed_at TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Organization settings (password policy, lockout...): one JSON value per key; synced.
CREATE TABLE settings (
    id         TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Append-only audit log: who changed what, when, where; old -> new values (never secrets).
CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    workstation_id TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    action         TEXT NOT NULL,
    changes        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entity_idx ON audit_log(entity, entity_id, at);
CREATE INDEX audit_actor_idx ON audit_log(actor_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Sync outbox: one entry per row change, in the wire format's terms, stamped with an HLC.
CREATE TABLE sync_outbox (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    deleted   INTEGER NOT NULL DEFAULT 0,
    fields    TEXT NOT NULL DEFAULT '{}',
    actor_id  TEXT NOT NULL,
    device_id TEXT NOT NULL,
    pushed_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_outbox_pending_idx ON sync_outbox(pushed_at, seq);

-- Per-field clock of every synced row: the HLC of the last write to each field, for
-- per-field last-writer-wins merges.
CREATE TABLE sync_field_clock (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, field)
) WITHOUT ROWID;

-- Deleted synced rows keep a tombstone so a late change cannot resurrect them.
CREATE TABLE sync_tombstones (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;
