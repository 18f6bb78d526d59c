-- Secrets at rest (issue #12, item 8). The TOTP secrets (user_totp.secret) and the SMTP
-- password (secret_settings.value) are stored sealed with AES-256-GCM under an organization
-- data-encryption key (DEK). Each DEK is kept here only wrapped (AES-256-GCM) by this
-- workstation's own key, which lives outside the database file (the OS credential store, or
-- the key file in <data dir>/keys/): a copy of plantel.db alone cannot unwrap it.
-- Workstation-local, never synced: sync delivers a DEK to an enrolled workstation over TLS,
-- which wraps it with its own key (docs/security.md).
CREATE TABLE secret_keys (
    id         TEXT PRIMARY KEY, -- the key id written into every value it sealed
    kek_id     TEXT NOT NULL,    -- fingerprint of the workstation key that wrapped it
    wrapped    TEXT NOT NULL,    -- base64(nonce || AES-GCM(workstation key, DEK)), AAD "plantel-dek:" || id
    created_at TEXT NOT NULL
);
