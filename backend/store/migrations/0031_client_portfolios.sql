-- Plantel schema, version 31: portfolio sizes kept as they change (issue #10). The
-- dashboard's portfolio figures counted 1,000,000 clients by owner on every load; they now
-- read client_portfolios, one row per owner and workspace ('' = unassigned) with its number
-- of clients. Derived data like users_sort: kept in step by the triggers below, never
-- written through the write path, never synced, never audited. A bulk load that skips the
-- triggers refills it with the INSERT at the end of this file.
CREATE TABLE client_portfolios (
    owner_id     TEXT NOT NULL, -- '' for unassigned clients
    workspace_id TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (owner_id, workspace_id)
) WITHOUT ROWID;

CREATE TRIGGER client_portfolios_insert AFTER INSERT ON clients BEGIN
    INSERT INTO client_portfolios(owner_id, workspace_id, n) VALUES (COALESCE(new.owner_id, ''), new.workspace_id, 1)
        ON CONFLICT(owner_id, workspace_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER client_portfolios_delete AFTER DELETE ON clients BEGIN
    UPDATE client_portfolios SET n = n - 1 WHERE owner_id = COALESCE(old.owner_id, '') AND workspace_id = old.workspace_id;
END;

CREATE TRIGGER client_portfolios_update AFTER UPDATE OF owner_id, workspace_id ON clients
WHEN old.owner_id IS NOT new.owner_id OR old.workspace_id IS NOT new.workspace_id BEGIN
    UPDATE client_portfolios SET n = n - 1 WHERE owner_id = COALESCE(old.owner_id, '') AND workspace_id = old.workspace_id;
    INSERT INTO client_portfolios(owner_id, workspace_id, n) VALUES (COALESCE(new.owner_id, ''), new.workspace_id, 1)
        ON CONFLICT(owner_id, workspace_id) DO UPDATE SET n = n + 1;
END;

INSERT INTO client_portfolios(owner_id, workspace_id, n)
    SELECT COALESCE(owner_id, ''), workspace_id, COUNT(*) FROM clients GROUP BY 1, 2;
