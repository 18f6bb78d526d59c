-- Plantel schema, version 121: the dashboard of an administrator over several workspaces
-- answered from tallies (issue #10, dashboard_figures). Migrations 0075 and 0076 keep the
-- Owner's figures and one workspace's users; an administrator's scope (their workspaces, or
-- several chosen) still grouped every user of those workspaces (a user in two of them is one
-- user, so the per-workspace tallies do not add up), every portfolio and every open follow-up
-- due before tomorrow: 100–250 ms at 100,000 users and 100,000 clients. Derived data like
-- 0075's: kept by triggers, never synced, never audited; pulled rows go through the same
-- triggers.
--
-- user_set_tallies counts users by the SET of workspaces they belong to (ws_set: their
-- workspace ids sorted and joined by commas, '' = none), status, presence, role and profile.
-- The users of a scope W are those whose set meets W: a few rows (one per set that occurs ×
-- status × presence × role × profile), whatever the number of users.
CREATE TABLE user_set_tallies (
    ws_set     TEXT NOT NULL,
    status     TEXT NOT NULL,
    presence   TEXT NOT NULL,
    role       TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (ws_set, status, presence, role, profile_id)
) WITHOUT ROWID;

-- The active agents holding at least one client (anywhere), by their set of workspaces: of
-- a scope that holds every client (workspace_clients), the active agents holding clients of
-- the scope are those whose set meets it (the portfolio figures' owners of size 0 are the
-- scope's active agents minus those).
CREATE TABLE holder_set_tallies (
    ws_set TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;

-- Clients per workspace (from client_portfolios): a scope holding every workspace that has
-- clients sees every client and every follow-up, so its portfolio and follow-up figures are
-- the Owner's, read from the tallies of 0075 and 0076.
CREATE TABLE workspace_clients (
    workspace_id TEXT PRIMARY KEY,
    n            INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER user_sets_user_insert AFTER INSERT ON users BEGIN
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.id ORDER BY 1)), new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO holder_set_tallies(ws_set, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.id ORDER BY 1)), 1 WHERE new.role = 'agent' AND new.status = 'active' AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- BEFORE: the user's links are still there (they cascade after the row, when the link
-- triggers below no longer find the user; the clients' owner is cleared then too).
CREATE TRIGGER user_sets_user_delete BEFORE DELETE ON users BEGIN
    UPDATE user_set_tallies SET n = n - 1
        WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.id ORDER BY 1)) AND status = old.status AND presence = old.presence AND role = old.role
          AND profile_id = COALESCE(old.profile_id, '');
    UPDATE holder_set_tallies SET n = n - 1
        WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.id ORDER BY 1)) AND old.role = 'agent' AND old.status = 'active' AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.id AND p.n > 0);
END;

CREATE TRIGGER user_sets_user_update AFTER UPDATE OF status, presence, role, profile_id ON users
WHEN old.status IS NOT new.status OR old.presence IS NOT new.presence OR old.role IS NOT new.role
  OR old.profile_id IS NOT new.profile_id BEGIN
    UPDATE user_set_tallies SET n = n - 1
        WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.id ORDER BY 1)) AND status = old.status AND presence = old.presence AND role = old.role
          AND profile_id = COALESCE(old.profile_id, '');
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.id ORDER BY 1)), new.status, new.presence, new.role, COALESCE(new.profile_id, ''), 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE holder_set_tallies SET n = n - 1
        WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.id ORDER BY 1)) AND old.role = 'agent' AND old.status = 'active'
          AND NOT (new.role = 'agent' AND new.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.id AND p.n > 0);
    INSERT INTO holder_set_tallies(ws_set, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.id ORDER BY 1)), 1 WHERE new.role = 'agent' AND new.status = 'active'
          AND NOT (old.role = 'agent' AND old.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A link added: the user moves from the set without it to the set with it.
CREATE TRIGGER user_sets_link_insert AFTER INSERT ON user_workspaces BEGIN
    UPDATE user_set_tallies SET n = n - 1
        WHERE (ws_set, status, presence, role, profile_id) =
              (SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id AND workspace_id <> new.workspace_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = new.user_id);
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = new.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE holder_set_tallies SET n = n - 1 WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id AND workspace_id <> new.workspace_id ORDER BY 1)) AND EXISTS (SELECT 1 FROM users a WHERE a.id = new.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.user_id AND p.n > 0);
    INSERT INTO holder_set_tallies(ws_set, n) SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id ORDER BY 1)), 1 WHERE EXISTS (SELECT 1 FROM users a WHERE a.id = new.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.user_id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A link removed: from the set with it to the set without it.
CREATE TRIGGER user_sets_link_delete AFTER DELETE ON user_workspaces BEGIN
    UPDATE user_set_tallies SET n = n - 1
        WHERE (ws_set, status, presence, role, profile_id) =
              (SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id UNION SELECT old.workspace_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = old.user_id);
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = old.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE holder_set_tallies SET n = n - 1 WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id UNION SELECT old.workspace_id ORDER BY 1)) AND EXISTS (SELECT 1 FROM users a WHERE a.id = old.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.user_id AND p.n > 0);
    INSERT INTO holder_set_tallies(ws_set, n) SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id ORDER BY 1)), 1 WHERE EXISTS (SELECT 1 FROM users a WHERE a.id = old.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.user_id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A link changed in place (a pulled field change): the old user moves from the set the row
-- gave them to their set now; a different new user from their set without the row to it.
CREATE TRIGGER user_sets_link_update AFTER UPDATE OF user_id, workspace_id ON user_workspaces
WHEN old.user_id IS NOT new.user_id OR old.workspace_id IS NOT new.workspace_id BEGIN
    UPDATE user_set_tallies SET n = n - 1
        WHERE (ws_set, status, presence, role, profile_id) =
              (SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id AND NOT (user_id = new.user_id AND workspace_id = new.workspace_id) UNION SELECT old.workspace_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = old.user_id);
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = old.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE holder_set_tallies SET n = n - 1 WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id AND NOT (user_id = new.user_id AND workspace_id = new.workspace_id) UNION SELECT old.workspace_id ORDER BY 1)) AND EXISTS (SELECT 1 FROM users a WHERE a.id = old.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.user_id AND p.n > 0);
    INSERT INTO holder_set_tallies(ws_set, n) SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.user_id ORDER BY 1)), 1 WHERE EXISTS (SELECT 1 FROM users a WHERE a.id = old.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = old.user_id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE user_set_tallies SET n = n - 1
        WHERE (ws_set, status, presence, role, profile_id) =
              (SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id AND workspace_id <> new.workspace_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, '') FROM users u WHERE u.id = new.user_id AND new.user_id IS NOT old.user_id);
    INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id ORDER BY 1)), u.status, u.presence, u.role, COALESCE(u.profile_id, ''), 1 FROM users u WHERE u.id = new.user_id AND new.user_id IS NOT old.user_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE holder_set_tallies SET n = n - 1 WHERE new.user_id IS NOT old.user_id AND ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id AND workspace_id <> new.workspace_id ORDER BY 1)) AND EXISTS (SELECT 1 FROM users a WHERE a.id = new.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.user_id AND p.n > 0);
    INSERT INTO holder_set_tallies(ws_set, n) SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.user_id ORDER BY 1)), 1 WHERE new.user_id IS NOT old.user_id AND EXISTS (SELECT 1 FROM users a WHERE a.id = new.user_id AND a.role = 'agent' AND a.status = 'active') AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = new.user_id AND p.n > 0)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- An owner starting or ceasing to hold clients (owner_portfolios, 0075).
CREATE TRIGGER holder_sets_insert AFTER INSERT ON owner_portfolios WHEN new.n > 0 AND new.owner_id <> '' BEGIN
    INSERT INTO holder_set_tallies(ws_set, n) SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.owner_id ORDER BY 1)), 1 WHERE EXISTS (SELECT 1 FROM users a WHERE a.id = new.owner_id AND a.role = 'agent' AND a.status = 'active')
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER holder_sets_update AFTER UPDATE OF n ON owner_portfolios
WHEN (old.n > 0) IS NOT (new.n > 0) AND new.owner_id <> '' BEGIN
    INSERT INTO holder_set_tallies(ws_set, n)
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = new.owner_id ORDER BY 1)), CASE WHEN new.n > 0 THEN 1 ELSE -1 END WHERE EXISTS (SELECT 1 FROM users a WHERE a.id = new.owner_id AND a.role = 'agent' AND a.status = 'active')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER holder_sets_delete AFTER DELETE ON owner_portfolios WHEN old.n > 0 AND old.owner_id <> '' BEGIN
    UPDATE holder_set_tallies SET n = n - 1 WHERE ws_set = (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = old.owner_id ORDER BY 1)) AND EXISTS (SELECT 1 FROM users a WHERE a.id = old.owner_id AND a.role = 'agent' AND a.status = 'active');
END;

CREATE TRIGGER workspace_clients_insert AFTER INSERT ON client_portfolios BEGIN
    INSERT INTO workspace_clients(workspace_id, n) VALUES (new.workspace_id, new.n)
        ON CONFLICT(workspace_id) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER workspace_clients_update AFTER UPDATE OF n, workspace_id ON client_portfolios
WHEN old.n IS NOT new.n OR old.workspace_id IS NOT new.workspace_id BEGIN
    UPDATE workspace_clients SET n = n - old.n WHERE workspace_id = old.workspace_id;
    INSERT INTO workspace_clients(workspace_id, n) VALUES (new.workspace_id, new.n)
        ON CONFLICT(workspace_id) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER workspace_clients_delete AFTER DELETE ON client_portfolios BEGIN
    UPDATE workspace_clients SET n = n - old.n WHERE workspace_id = old.workspace_id;
END;

-- A set is built as group_concat over the links in order (a subquery with ORDER BY, which an
-- aggregate keeps: group_concat's own ORDER BY is newer than the sqlite3 shell of Debian 12).

-- Fill from the data already there.
INSERT INTO user_set_tallies(ws_set, status, presence, role, profile_id, n)
    SELECT s, status, presence, role, p, COUNT(*) FROM (
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = u.id ORDER BY 1)) AS s, u.status, u.presence, u.role, COALESCE(u.profile_id, '') AS p FROM users u)
    GROUP BY 1, 2, 3, 4, 5;
INSERT INTO holder_set_tallies(ws_set, n)
    SELECT s, COUNT(*) FROM (
        SELECT (SELECT COALESCE(group_concat(w, ','), '') FROM (SELECT workspace_id AS w FROM user_workspaces WHERE user_id = u.id ORDER BY 1)) AS s FROM users u WHERE u.role = 'agent' AND u.status = 'active' AND EXISTS (SELECT 1 FROM owner_portfolios p WHERE p.owner_id = u.id AND p.n > 0))
    GROUP BY 1;
INSERT INTO workspace_clients(workspace_id, n) SELECT workspace_id, SUM(n) FROM client_portfolios GROUP BY 1;
