-- Plantel schema, version 20: the sync metadata layout, designed once for sync (issue 9) and
-- for a data file that stays small at scale (issue 10).
--
-- Clocks. Every synced row has ONE row clock: the HLC of the write that created it. A field
-- carries its own clock in sync_field_clock only once it is changed after creation, so a row
-- nobody edited costs one small clock row, not one per column. The clock of a field is its
-- sync_field_clock row if there is one, else its row clock.
CREATE TABLE sync_row_clock (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

INSERT INTO sync_row_clock(tbl, row_id, hlc)
    SELECT tbl, row_id, MIN(hlc) FROM sync_field_clock GROUP BY tbl, row_id;
DELETE FROM sync_field_clock WHERE hlc = (
    SELECT r.hlc FROM sync_row_clock r WHERE r.tbl = sync_field_clock.tbl AND r.row_id = sync_field_clock.row_id);

-- A tombstone keeps the last value and clock of every field of the deleted row
-- ({"col": [value, hlc], ...}): a field change newer than the tombstone recreates the row
-- from them (the merge rule keeps every field's register, visible or not).
ALTER TABLE sync_tombstones ADD COLUMN kept TEXT NOT NULL DEFAULT '{}';

-- The outbox is written only while sync is configured (local_meta 'sync_enabled'); the first
-- enrollment uploads a snapshot of every synced row with its clocks instead. Entries are
-- compacted before each push (only the latest value of each field travels), stamped with the
-- batch_id they were sent in before sending (a resend reuses it), and leave when the server
-- answered. A workstation that never had a server has nothing to push: clear what the old
-- layout kept forever.
ALTER TABLE sync_outbox ADD COLUMN batch_id TEXT NOT NULL DEFAULT '';
-- 1 for the change that creates its row: compaction never strips it (the server needs a
-- creation complete).
ALTER TABLE sync_outbox ADD COLUMN creates INTEGER NOT NULL DEFAULT 0;
DROP INDEX sync_outbox_pending_idx;
DELETE FROM sync_outbox;
CREATE INDEX sync_outbox_row_idx ON sync_outbox(tbl, row_id, seq);
CREATE INDEX sync_outbox_batch_idx ON sync_outbox(batch_id, seq);

-- Pulled changes whose parent row is still missing (a later page, a rejected parent): kept,
-- never dropped, retried after each applied page. change is the wire Change as JSON.
CREATE TABLE sync_parked (
    seq       INTEGER PRIMARY KEY,
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    change    TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    parked_at TEXT NOT NULL
);

-- Changes that could not be merged: rejected by the server at push (conflict_unique, guard
-- rails) or failing a local UNIQUE index while applying a pulled change. Shown in the
-- Conflicts view until a supervisor resolves them; never block the queue.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('push', 'pull')),
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    code        TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    change      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT NOT NULL DEFAULT '',
    resolution  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_conflicts_open_idx ON sync_conflicts(resolved_at, id);

-- The audit log, compact: an integer key (a UUID text key cost a 36-byte column plus a whole
-- unique index per entry), the actor and workstation ids written once in audit_ids and
-- referenced by number, and creation entries written compactly ({"col": value} instead of
-- {"col": {"old": null, "new": value}}, without the created_at/updated_at the entry's own
-- time says; the History reads both forms). audit_log is now a view with the same columns
-- as before, so every reader is unchanged; the store writes audit_entries.
CREATE TABLE audit_ids (
    n  INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
CREATE TABLE audit_entries (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     INTEGER NOT NULL REFERENCES audit_ids(n),
    ws        INTEGER NOT NULL REFERENCES audit_ids(n),
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    changes   TEXT NOT NULL DEFAULT '{}'
);
INSERT OR IGNORE INTO audit_ids(id) SELECT actor_id FROM audit_log;
INSERT OR IGNORE INTO audit_ids(id) SELECT workstation_id FROM audit_log;
INSERT INTO audit_entries(at, actor, ws, entity, entity_id, action, changes)
    SELECT l.at, a.n, w.n, l.entity, l.entity_id, l.action, l.changes
    FROM audit_log l JOIN audit_ids a ON a.id = l.actor_id JOIN audit_ids w ON w.id = l.workstation_id
    ORDER BY l.at, l.id;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP TABLE audit_log;
-- Entity ids are unique across tables (UUIDs), so the History's index needs no entity
-- column; nothing reads the log by actor yet (an audit screen filtering by actor would add
-- that index back).
CREATE INDEX audit_entity_idx ON audit_entries(entity_id, at);
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE VIEW audit_log AS
    SELECT e.id, e.at, a.id AS actor_id, w.id AS workstation_id, e.entity, e.entity_id, e.action, e.changes
    FROM audit_entries e JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws;
