-- Plantel schema, version 8: the client list (PRODUCT.md F8) — search, name order and the
-- indexes of its filters and of portfolio transfers.

-- The accent-folded name the list sorts by, so "Álvaro" sorts with "Alba" and "Łucja" with
-- "Lucía" rather than after "Zoe". Derived data like users_sort: kept in step by the
-- triggers below (only when the name changes, so moving portfolios never recomputes it),
-- never written through the write path, never synced, never audited. Keyed by
-- clients.rowid; after a VACUUM that renumbers rows, refill it:
--   DELETE FROM clients_sort; INSERT INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys;
CREATE VIEW clients_sort_keys AS SELECT rowid AS rid,
    lower(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        name
        , 'á', 'a'), 'à', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ą', 'a'), 'Á', 'a'), 'À', 'a'), 'Â', 'a')
        , 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ą', 'a'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'ę', 'e'), 'ě', 'e')
        , 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ę', 'e'), 'Ě', 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i')
        , 'ı', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o')
        , 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u')
        , 'ü', 'u'), 'ů', 'u'), 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ů', 'u'), 'ñ', 'n'), 'ń', 'n'), 'ň', 'n')
        , 'Ñ', 'n'), 'Ń', 'n'), 'Ň', 'n'), 'ç', 'c'), 'ć', 'c'), 'č', 'c'), 'Ç', 'c'), 'Ć', 'c'), 'Č', 'c'), 'ł', 'l')
        , 'Ł', 'l'), 'ś', 's'), 'š', 's'), 'Ś', 's'), 'Š', 's'), 'ź', 'z'), 'ż', 'z'), 'ž', 'z'), 'Ź', 'z'), 'Ż', 'z')
        , 'Ž', 'z'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'ř', 'r'), 'Ř', 'r'), 'ď', 'd'), 'đ', 'd'), 'ð', 'd')
        , 'Ď', 'd'), 'Đ', 'd'), 'Ð', 'd'), 'ť', 't'), 'Ť', 't'), 'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe')
        , 'þ', 'th'), 'Þ', 'th')) AS name_key
FROM clients;

CREATE TABLE clients_sort (
    rid      INTEGER PRIMARY KEY, -- clients.rowid
    name_key TEXT NOT NULL
);
CREATE INDEX clients_sort_name_idx ON clients_sort(name_key, rid);

CREATE TRIGGER clients_sort_insert AFTER INSERT ON clients BEGIN
    INSERT OR REPLACE INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys WHERE rid = new.rowid;
END;
CREATE TRIGGER clients_sort_update AFTER UPDATE OF name ON clients BEGIN
    INSERT OR REPLACE INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys WHERE rid = new.rowid;
END;
CREATE TRIGGER clients_sort_delete AFTER DELETE ON clients BEGIN
    DELETE FROM clients_sort WHERE rid = old.rowid;
END;
INSERT INTO clients_sort(rid, name_key) SELECT rid, name_key FROM clients_sort_keys;

-- Indexes of the list's filters and of portfolio moves.
CREATE INDEX clients_document_idx ON clients(workspace_id, document_id);
CREATE INDEX clients_created_idx ON clients(created_at, id);
CREATE INDEX followups_open_client_idx ON followups(client_id, done);

-- The search box: substring search (trigram) over name, document ID, phone (also with its
-- digits only, so "600123" finds "+34 600 123 456") and e-mail, case- and accent-
-- insensitive: the view folds case and the accented Latin letters of Spanish, Portuguese,
-- Polish and their neighbours (as users_derived.sort_name does), and the backend folds the
-- typed words the same way (backend/clients/search.go). Derived data kept in step by triggers:
-- never written through the write path, never synced, never audited. Keyed by
-- clients.rowid; after a VACUUM that renumbers rows, refill it:
--   DELETE FROM clients_fts; INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search;
CREATE VIEW clients_search AS SELECT rowid AS rid,
    lower(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        name || ' ' || document_id || ' ' || phone || ' ' || replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') || ' ' || email
        , 'á', 'a'), 'à', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ą', 'a'), 'Á', 'a'), 'À', 'a'), 'Â', 'a')
        , 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ą', 'a'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'ę', 'e'), 'ě', 'e')
        , 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ę', 'e'), 'Ě', 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i')
        , 'ı', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o')
        , 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u')
        , 'ü', 'u'), 'ů', 'u'), 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ů', 'u'), 'ñ', 'n'), 'ń', 'n'), 'ň', 'n')
        , 'Ñ', 'n'), 'Ń', 'n'), 'Ň', 'n'), 'ç', 'c'), 'ć', 'c'), 'č', 'c'), 'Ç', 'c'), 'Ć', 'c'), 'Č', 'c'), 'ł', 'l')
        , 'Ł', 'l'), 'ś', 's'), 'š', 's'), 'Ś', 's'), 'Š', 's'), 'ź', 'z'), 'ż', 'z'), 'ž', 'z'), 'Ź', 'z'), 'Ż', 'z')
        , 'Ž', 'z'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'ř', 'r'), 'Ř', 'r'), 'ď', 'd'), 'đ', 'd'), 'ð', 'd')
        , 'Ď', 'd'), 'Đ', 'd'), 'Ð', 'd'), 'ť', 't'), 'Ť', 't'), 'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe')
        , 'þ', 'th'), 'Þ', 'th')) AS body
FROM clients;

CREATE VIRTUAL TABLE clients_fts USING fts5(body, tokenize = 'trigram');

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = new.rowid;
    INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search WHERE rid = new.rowid;
END;

CREATE TRIGGER clients_search_update AFTER UPDATE OF name, document_id, phone, email ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.rowid;
    INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search WHERE rid = new.rowid;
END;

CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.rowid;
END;

INSERT INTO clients_fts(rowid, body) SELECT rid, body FROM clients_search;
