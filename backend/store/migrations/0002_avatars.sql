-- Plantel schema, version 2: avatars (PRODUCT.md F5).

-- One row per distinct avatar picture, re-encoded at 512 and 64 px. The id is the lower-case
-- hex SHA-256 of the 512 px encoding, so the same picture is stored once and a row never
-- changes: the window caches /avatars/<id>/<size> forever. Synced; the audit log records
-- only that the picture columns changed, never their bytes.
CREATE TABLE avatars (
    id         TEXT PRIMARY KEY,
    mime       TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    large      BLOB NOT NULL,
    small      BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A user's avatar, or '' for none (the window draws initials). No foreign key: sync may
-- deliver a user's change before the avatar row it names.
ALTER TABLE users ADD COLUMN avatar_id TEXT NOT NULL DEFAULT '';
