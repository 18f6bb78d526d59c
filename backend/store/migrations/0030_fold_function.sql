-- Plantel schema, version 30: one accent and case folding (issue #10). The search index and
-- the name orders of users and clients were computed by views of ~110 nested replace()
-- calls that every insert trigger recompiled and ran; they now call plantel_fold(text), a
-- Go function registered by backend/store (backend/textfold.Fold, the same code that folds
-- the typed search words). The triggers compute from new.* instead of re-reading the row
-- through the view. The views stay, for refilling the derived tables after a VACUUM (see
-- 0003_people.sql and 0008_clients.sql). The stock sqlite3 shell still opens the file and
-- reads every table; only writing users or clients needs Plantel.

DROP TRIGGER users_derived_insert;
DROP TRIGGER users_derived_update;
DROP TRIGGER clients_sort_insert;
DROP TRIGGER clients_sort_update;
DROP TRIGGER clients_search_insert;
DROP TRIGGER clients_search_update;
DROP VIEW users_derived;
DROP VIEW clients_sort_keys;
DROP VIEW clients_search;

-- Users: the search index holds the folded display name (the typed words are folded the
-- same way), the username, the e-mail and the short id; sort_name is the folded name.
CREATE VIEW users_derived AS SELECT
    rowid AS rid,
    plantel_fold(first_name || ' ' || last_name) AS display_name,
    username, email, substr(id, -8) AS short_id,
    plantel_fold(first_name || ' ' || last_name) AS sort_name
FROM users;

CREATE TRIGGER users_derived_insert AFTER INSERT ON users BEGIN
    DELETE FROM users_fts WHERE rowid = new.rowid;
    INSERT INTO users_fts(rowid, display_name, username, email, short_id) VALUES
        (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name), new.username, new.email, substr(new.id, -8));
    INSERT OR REPLACE INTO users_sort(rid, sort_name) VALUES (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name));
END;

CREATE TRIGGER users_derived_update AFTER UPDATE OF first_name, last_name, username, email ON users BEGIN
    DELETE FROM users_fts WHERE rowid = old.rowid;
    INSERT INTO users_fts(rowid, display_name, username, email, short_id) VALUES
        (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name), new.username, new.email, substr(new.id, -8));
    INSERT OR REPLACE INTO users_sort(rid, sort_name) VALUES (new.rowid, plantel_fold(new.first_name || ' ' || new.last_name));
END;

-- Clients: the folded name orders the list; the trigram search body is the folded name,
-- document ID, phone, the phone's digits alone and e-mail.
CREATE VIEW clients_sort_keys AS SELECT rowid AS rid, plantel_fold(name) AS name_key FROM clients;

CREATE VIEW clients_search AS SELECT rowid AS rid,
    plantel_fold(name || ' ' || document_id || ' ' || phone || ' ' ||
        replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
        || ' ' || email) AS body
FROM clients;

CREATE TRIGGER clients_sort_insert AFTER INSERT ON clients BEGIN
    INSERT OR REPLACE INTO clients_sort(rid, name_key) VALUES (new.rowid, plantel_fold(new.name));
END;
CREATE TRIGGER clients_sort_update AFTER UPDATE OF name ON clients BEGIN
    INSERT OR REPLACE INTO clients_sort(rid, name_key) VALUES (new.rowid, plantel_fold(new.name));
END;

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = new.rowid;
    INSERT INTO clients_fts(rowid, body) VALUES (new.rowid, plantel_fold(new.name || ' ' || new.document_id || ' ' ||
        new.phone || ' ' ||
        replace(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
        || ' ' || new.email));
END;
CREATE TRIGGER clients_search_update AFTER UPDATE OF name, document_id, phone, email ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.rowid;
    INSERT INTO clients_fts(rowid, body) VALUES (new.rowid, plantel_fold(new.name || ' ' || new.document_id || ' ' ||
        new.phone || ' ' ||
        replace(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
        || ' ' || new.email));
END;

-- Refill the derived data with the new folding, so old and new rows compare alike.
DELETE FROM users_fts;
INSERT INTO users_fts(rowid, display_name, username, email, short_id)
    SELECT rid, display_name, username, email, short_id FROM users_derived;
DELETE FROM users_sort;
INSERT INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived;
DELETE FROM clients_sort;
INSERT INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys;
DELETE FROM clients_fts;
INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search;
