-- Plantel schema, version 4: security (PRODUCT.md F1.3–F1.5, F2.4, F2.5, F2.9).
--
-- One-time codes (invitation, password-reset and recovery codes) are stored only as the
-- lower-case hex SHA-256 of the normalised code, never in clear. A fast hash is enough here,
-- unlike for passwords (argon2id): every code is drawn by the machine with crypto/rand and
-- carries 60 bits (reset codes, alive 30 minutes) or 80 bits (invitation and recovery codes)
-- of entropy, so guessing it from its hash is out of reach whatever the hash's speed; and an
-- unsalted, deterministic hash lets a typed code be found with one indexed lookup instead of
-- an argon2 run against every open code.
--
-- Every table here is synced, so an invitation can be accepted, a reset code redeemed and a
-- second factor checked on any workstation of the organization. The write path registry
-- (backend/store/tables.go) marks the hashes, the TOTP secret and the SMTP password Secret:
-- they travel to the sync server but the audit log only says that they changed.

-- An invitation to join (F2.4). The invitee shows in the user list as a pending users row
-- (user_id: status 'pending', inactive, no password) until they accept; profile_id and
-- workspace_ids keep what the invitation offers (the users row holds the access in force).
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    profile_id    TEXT NOT NULL,
    workspace_ids TEXT NOT NULL DEFAULT '[]',
    code_hash     TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT NOT NULL DEFAULT '',
    invited_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX invitations_code_uq ON invitations(code_hash);
CREATE INDEX invitations_user_idx ON invitations(user_id);

-- Previous password hashes of a user, newest last, for "the last N may not be reused"
-- (F1.3). The current hash stays in users.password_hash; a row is added when it is replaced.
CREATE TABLE password_history (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX password_history_user_idx ON password_history(user_id, created_at);

-- A user's TOTP second factor (F1.5): the base32 secret (the authenticator app has the same;
-- it cannot be hashed, so it is kept only here, marked Secret, and returned once at
-- enrolment), whether enrolment was confirmed with a code, and the last time step accepted
-- (a code is never accepted twice).
CREATE TABLE user_totp (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    enabled      INTEGER NOT NULL DEFAULT 0,
    confirmed_at TEXT NOT NULL DEFAULT '',
    last_step    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Single-use recovery codes of a user's second factor, hashed.
CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes(user_id, code_hash);

-- E-mailed password-reset codes (F1.4), hashed, single use, short-lived.
CREATE TABLE reset_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reset_codes_user_idx ON reset_codes(user_id, code_hash);

-- Organization settings whose value is a secret (the SMTP password): like settings, but the
-- value column is Secret, so it is never audited in clear. Never returned to the window.
CREATE TABLE secret_settings (
    id         TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
