-- Delivering the organization key to a workstation that joins (issue 9; docs/security.md,
-- "Sync: delivering the organization key"). When the Owner makes an enrollment code in the
-- app, the workstation that holds the organization keys seals them into an envelope whose key
-- is derived (HKDF-SHA-256) from that code, and the envelope travels as an ordinary synced row.
-- The workstation that enrolls with the code finds the envelope by an id derived from the
-- code, opens it, wraps the keys with its own workstation key (secret_keys) and empties the
-- envelope. The code is never stored in clear; the envelope's content is secret (never
-- audited or logged) and travels only over TLS or loopback, like every secret column.
CREATE TABLE sync_key_envelopes (
    id         TEXT PRIMARY KEY,             -- "kenv-" || hex(SHA-256("plantel-key-envelope" || code))[:32]
    salt       TEXT NOT NULL DEFAULT '',     -- base64 HKDF salt
    sealed     TEXT NOT NULL DEFAULT '',     -- base64(nonce || AES-256-GCM(code key, keys JSON)); '' once used
    created_by TEXT NOT NULL DEFAULT '',     -- the Owner who made the code
    expires_at TEXT NOT NULL DEFAULT '',     -- the code's expiry (RFC 3339 UTC)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
