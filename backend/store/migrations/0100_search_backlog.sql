-- A workstation's first download fills the search indexes of the rows it inserts in bulk once,
-- at the end of the pull, instead of page by page (each page's commit flushed the trigram
-- index's pending terms into a new segment that later merges rewrote: about half of the
-- index's cost). search_backlog says which rows still lack their search entries: those of
-- tbl with a rowid above after. It is written in the same transaction as the rows, so a cut
-- download leaves it behind and the next sync fills it (store.DB.FillSearchBacklog).
-- Workstation-local, never synced.
CREATE TABLE search_backlog (
    tbl   TEXT PRIMARY KEY, -- 'clients' or 'users'
    after INTEGER NOT NULL  -- rows of tbl with a larger rowid may lack their search entry
) WITHOUT ROWID;

-- A bulk page of users (as of clients, migration 0095) goes in with the users' search index
-- and name order set aside while the bulk-load flag is on; the download fills them set-based.
DROP TRIGGER users_derived_insert;
CREATE TRIGGER users_derived_insert AFTER INSERT ON users
WHEN (SELECT active FROM bulk_load WHERE id = 1) = 0 BEGIN
    DELETE FROM users_fts WHERE rowid = new.rowid;
    INSERT INTO users_fts(rowid, display_name, username, email, short_id) VALUES
        (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name), new.username, new.email, substr(new.id, -8));
    INSERT OR REPLACE INTO users_sort(rid, sort_name) VALUES (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name));
END;
