-- Plantel schema, version 75: the dashboard's figures kept as they change (issue #10). At
-- 100,000 users and 1,000,000 clients the dashboard grouped every user and every portfolio
-- on each load (341 ms p95 at a tenth of that size). Derived data like client_portfolios
-- (0031): kept in step by the triggers below, never written through the write path, never
-- synced, never audited; pulled rows go through the same triggers. A bulk load that skips
-- the triggers refills these tables with the INSERTs at the end of this file.

-- Users by workspace ('' = every user), status, presence, role and profile ('' = none).
CREATE TABLE user_tallies (
    workspace_id TEXT NOT NULL,
    status       TEXT NOT NULL,
    presence     TEXT NOT NULL,
    role         TEXT NOT NULL,
    profile_id   TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, status, presence, role, profile_id)
) WITHOUT ROWID;

CREATE TRIGGER user_tallies_user_insert AFTER INSERT ON users BEGIN
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT '', new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT w.workspace_id, new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1
        FROM user_workspaces w WHERE w.user_id = new.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- BEFORE: the user's workspace links are still there (ON DELETE CASCADE removes them after
-- the row, when the link trigger below no longer finds the user).
CREATE TRIGGER user_tallies_user_delete BEFORE DELETE ON users BEGIN
    UPDATE user_tallies SET n = n - 1
        WHERE status = old.status AND presence = old.presence AND role = old.role AND profile_id = COALESCE(old.profile_id, '')
          AND (workspace_id = '' OR workspace_id IN (SELECT w.workspace_id FROM user_workspaces w WHERE w.user_id = old.id));
END;

CREATE TRIGGER user_tallies_user_update AFTER UPDATE OF status, presence, role, profile_id ON users
WHEN old.status IS NOT new.status OR old.presence IS NOT new.presence OR old.role IS NOT new.role
  OR old.profile_id IS NOT new.profile_id BEGIN
    UPDATE user_tallies SET n = n - 1
        WHERE status = old.status AND presence = old.presence AND role = old.role AND profile_id = COALESCE(old.profile_id, '')
          AND (workspace_id = '' OR workspace_id IN (SELECT w.workspace_id FROM user_workspaces w WHERE w.user_id = old.id));
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT '', new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT w.workspace_id, new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1
        FROM user_workspaces w WHERE w.user_id = new.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER user_tallies_link_insert AFTER INSERT ON user_workspaces BEGIN
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT new.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = new.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER user_tallies_link_delete AFTER DELETE ON user_workspaces BEGIN
    UPDATE user_tallies SET n = n - 1
        WHERE (workspace_id, status, presence, role, profile_id) =
              (SELECT old.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = old.user_id);
END;

CREATE TRIGGER user_tallies_link_update AFTER UPDATE OF user_id, workspace_id ON user_workspaces
WHEN old.user_id IS NOT new.user_id OR old.workspace_id IS NOT new.workspace_id BEGIN
    UPDATE user_tallies SET n = n - 1
        WHERE (workspace_id, status, presence, role, profile_id) =
              (SELECT old.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = old.user_id);
    INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
        SELECT new.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = new.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Each owner's number of clients over every workspace ('' = unassigned), from
-- client_portfolios, in size order for the largest portfolios and the median.
CREATE TABLE owner_portfolios (
    owner_id TEXT PRIMARY KEY,
    n        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX owner_portfolios_size_idx ON owner_portfolios(n DESC, owner_id);

CREATE TRIGGER owner_portfolios_insert AFTER INSERT ON client_portfolios BEGIN
    INSERT INTO owner_portfolios(owner_id, n) VALUES (new.owner_id, new.n)
        ON CONFLICT(owner_id) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER owner_portfolios_update AFTER UPDATE OF n ON client_portfolios WHEN old.n IS NOT new.n BEGIN
    UPDATE owner_portfolios SET n = n + new.n - old.n WHERE owner_id = new.owner_id;
END;

CREATE TRIGGER owner_portfolios_delete AFTER DELETE ON client_portfolios BEGIN
    UPDATE owner_portfolios SET n = n - old.n WHERE owner_id = old.owner_id;
END;

-- One row: every client, the owners holding at least one (unassigned aside), and of those
-- the active agents (the dashboard adds the active agents holding none as size 0).
CREATE TABLE portfolio_totals (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    clients INTEGER NOT NULL,
    owners  INTEGER NOT NULL,
    agents  INTEGER NOT NULL
);

CREATE TRIGGER portfolio_totals_insert AFTER INSERT ON owner_portfolios BEGIN
    UPDATE portfolio_totals SET clients = clients + new.n,
        owners = owners + (new.owner_id <> '' AND new.n > 0),
        agents = agents + (new.n > 0 AND EXISTS (SELECT 1 FROM users u WHERE u.id = new.owner_id AND u.role = 'agent' AND u.status = 'active'))
    WHERE id = 1;
END;

CREATE TRIGGER portfolio_totals_update AFTER UPDATE OF n ON owner_portfolios WHEN old.n IS NOT new.n BEGIN
    UPDATE portfolio_totals SET clients = clients + new.n - old.n,
        owners = owners + (new.owner_id <> '' AND new.n > 0) - (old.owner_id <> '' AND old.n > 0),
        agents = agents + ((new.n > 0) - (old.n > 0))
            * EXISTS (SELECT 1 FROM users u WHERE u.id = new.owner_id AND u.role = 'agent' AND u.status = 'active')
    WHERE id = 1;
END;

CREATE TRIGGER portfolio_totals_delete AFTER DELETE ON owner_portfolios BEGIN
    UPDATE portfolio_totals SET clients = clients - old.n,
        owners = owners - (old.owner_id <> '' AND old.n > 0),
        agents = agents - (old.n > 0 AND EXISTS (SELECT 1 FROM users u WHERE u.id = old.owner_id AND u.role = 'agent' AND u.status = 'active'))
    WHERE id = 1;
END;

-- A user who becomes (or stops being) an active agent while holding clients.
CREATE TRIGGER portfolio_totals_user_update AFTER UPDATE OF role, status ON users
WHEN (old.role = 'agent' AND old.status = 'active') IS NOT (new.role = 'agent' AND new.status = 'active') BEGIN
    UPDATE portfolio_totals SET agents = agents + CASE WHEN new.role = 'agent' AND new.status = 'active' THEN 1 ELSE -1 END
    WHERE id = 1 AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.id AND p.n > 0);
END;

CREATE TRIGGER portfolio_totals_user_insert AFTER INSERT ON users WHEN new.role = 'agent' AND new.status = 'active' BEGIN
    UPDATE portfolio_totals SET agents = agents + 1
    WHERE id = 1 AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.id AND p.n > 0);
END;

-- BEFORE: the clients' owner_id is set to NULL after the row is gone (ON DELETE SET NULL),
-- when portfolio_totals_update no longer finds the user.
CREATE TRIGGER portfolio_totals_user_delete BEFORE DELETE ON users WHEN old.role = 'agent' AND old.status = 'active' BEGIN
    UPDATE portfolio_totals SET agents = agents - 1
    WHERE id = 1 AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.id AND p.n > 0);
END;

-- Fill from the data already there.
INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
    SELECT '', status, presence, role, COALESCE(profile_id, ''), COUNT(*) FROM users GROUP BY 2, 3, 4, 5;
INSERT INTO user_tallies(workspace_id, status, presence, role, profile_id, n)
    SELECT w.workspace_id, u.status, u.presence, u.role, COALESCE(u.profile_id, ''), COUNT(*)
    FROM user_workspaces w JOIN users u ON u.id = w.user_id GROUP BY 1, 2, 3, 4, 5;
INSERT INTO portfolio_totals(id, clients, owners, agents) VALUES (1, 0, 0, 0);
INSERT INTO owner_portfolios(owner_id, n)
    SELECT owner_id, SUM(n) FROM client_portfolios GROUP BY owner_id;
