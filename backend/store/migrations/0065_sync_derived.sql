-- Plantel schema, version 65: the consequences this workstation wrote for a pulled tombstone
-- (a child row deleted, a reference cleared), each with its own stamp and outbox entry, are
-- remembered while that entry waits in the outbox. A later pulled change that recreates the
-- parent (a field change newer than its tombstone) takes them back (store.undoDerived):
-- otherwise the children of a row that the rest of the organization kept alive would be
-- deleted by a workstation that merely pulled the deletion and the recreation on different
-- pages. Workstation-local, never synced.
CREATE TABLE sync_derived (
    tbl        TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    hlc        TEXT NOT NULL,  -- the consequence's stamp (that of its outbox entry)
    deleted    INTEGER NOT NULL, -- 1: the row was deleted; 0: fields were cleared
    parent_tbl TEXT NOT NULL,
    parent_id  TEXT NOT NULL,
    -- before the consequence: deleted = 1, the row's tombstone stamp ({"t": ""} when none);
    -- deleted = 0, the registers of the fields it changed ({"field": {"v": .., "h": ..}}).
    prev       TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, hlc)
) WITHOUT ROWID;
CREATE INDEX sync_derived_parent_idx ON sync_derived(parent_tbl, parent_id);
