-- A workstation's bulk download inserts many new clients at once. While its one-row flag is
-- on, the per-row triggers that keep a client's search index, name order, portfolio count and
-- History scope stand aside, and the download fills those with one set-based statement each
-- for the rows it has just inserted (store.applyBulk). The flag is turned on and off inside the
-- same write transaction, so a committed file always has it off: a crash rolls it back with
-- the rows it covered.
CREATE TABLE bulk_load (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    active INTEGER NOT NULL DEFAULT 0
);
INSERT INTO bulk_load(id, active) VALUES (1, 0);

DROP TRIGGER clients_sort_insert;
CREATE TRIGGER clients_sort_insert AFTER INSERT ON clients
WHEN (SELECT active FROM bulk_load WHERE id = 1) = 0 BEGIN
    INSERT OR REPLACE INTO clients_sort(rid, name_key) VALUES (new.rowid, plantel_fold(new.name));
END;

DROP TRIGGER clients_search_insert;
CREATE TRIGGER clients_search_insert AFTER INSERT ON clients
WHEN (SELECT active FROM bulk_load WHERE id = 1) = 0 BEGIN
    DELETE FROM clients_fts WHERE rowid = new.rowid;
    INSERT INTO clients_fts(rowid, body) VALUES (new.rowid, plantel_fold(new.name || ' ' || new.document_id || ' ' ||
        new.phone || ' ' ||
        replace(replace(replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')
        || ' ' || new.email));
END;

DROP TRIGGER client_portfolios_insert;
CREATE TRIGGER client_portfolios_insert AFTER INSERT ON clients
WHEN (SELECT active FROM bulk_load WHERE id = 1) = 0 BEGIN
    INSERT INTO client_portfolios(owner_id, workspace_id, n) VALUES (COALESCE(new.owner_id, ''), new.workspace_id, 1)
        ON CONFLICT(owner_id, workspace_id) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER audit_workspaces_clients;
CREATE TRIGGER audit_workspaces_clients AFTER INSERT ON audit_entries WHEN NEW.entity = 'clients'
    AND (SELECT active FROM bulk_load WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, c.workspace_id, NEW.at FROM clients c WHERE c.id = NEW.entity_id;
END;

DROP TRIGGER audit_workspaces_users;
CREATE TRIGGER audit_workspaces_users AFTER INSERT ON audit_entries WHEN NEW.entity IN ('users', 'clients')
    AND (SELECT active FROM bulk_load WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, uw.workspace_id, NEW.at FROM user_workspaces uw WHERE uw.user_id = NEW.entity_id;
END;
