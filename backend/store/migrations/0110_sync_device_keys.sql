-- Renewing the organization key when the Owner revokes a workstation (issue 9;
-- backend/sync/keys.go, docs/security.md "Sync: renewing the organization key").
-- Every enrolled workstation publishes the public half of its own X25519 key here, under its
-- device id (the private half stays on the workstation, wrapped by its workstation key in
-- local_meta). When the Owner revokes a workstation, the Owner's workstation makes a new
-- organization key and seals it, per remaining workstation, to that workstation's public
-- key: an envelope of sync_key_envelopes addressed by device_id, with the ephemeral public key
-- in epk. The revoked workstation gets 401 from the server and has no envelope of its own.
CREATE TABLE sync_device_keys (
    id         TEXT PRIMARY KEY,          -- the device id the server gave at enrollment
    public_key TEXT NOT NULL DEFAULT '',  -- base64 X25519 public key
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER TABLE sync_key_envelopes ADD COLUMN device_id TEXT NOT NULL DEFAULT ''; -- '' = opened with an enrollment or key code
ALTER TABLE sync_key_envelopes ADD COLUMN epk TEXT NOT NULL DEFAULT '';       -- base64 ephemeral X25519 public key (device envelopes)
CREATE INDEX sync_key_envelopes_device ON sync_key_envelopes(device_id) WHERE device_id <> '';
