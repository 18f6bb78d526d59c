-- Plantel schema, version 120: the audit log stored compactly (issue #10, db_bytes). At
-- 100,000 clients the log took 124 MB of a 267 MB file (the same rows inserted bare: 144 MB):
-- 60 MB of entries (each repeating its time as 24 characters, its entity and action as words,
-- a 36-character UUID and every key of its changes as JSON text), 36 MB of five indexes
-- ordered by that text time, 10 MB of audit_workspaces repeating the workspace's UUID and the
-- time for every entry. audit_rows keeps the same facts, losslessly (backend/store/
-- auditpack.go): the time as unix milliseconds, entity and action as the number of a fixed
-- word list, a UUID as 16 bytes, the changes packed (keys by number, UUIDs and times in
-- binary, each value tagged; an entry that would not come back byte for byte stays JSON
-- text). audit_scope is audit_workspaces with the workspace as the number audit_ids gives it
-- and the time as milliseconds.
--
-- Everything reads as before through views that unpack with the Go functions the store
-- registers: audit_log (id, at, actor_id, workstation_id, entity, entity_id, action, changes),
-- audit_entries (the rows as migration 0020 made them: actor and ws as numbers; an INSERT into
-- it is packed, so a writer of that shape, the bulk apply of a pulled page, keeps working) and
-- audit_workspaces (audit_id, workspace_id, at; an INSERT is placed in audit_scope). Readers
-- that filter or order (the audit page, a History) use audit_rows' own columns, through
-- AuditTimeKey and AuditIDKey, so they walk its indexes.
CREATE TABLE audit_rows (
    id        INTEGER PRIMARY KEY,
    at        NOT NULL, -- unix ms (store.Timestamp's form), or the text as it came
    actor     INTEGER NOT NULL REFERENCES audit_ids(n),
    ws        INTEGER NOT NULL REFERENCES audit_ids(n),
    entity    NOT NULL, -- number of the word (store.auditWords), or the text
    action    NOT NULL, -- same
    entity_id NOT NULL, -- a UUID's 16 bytes, or the text
    changes   NOT NULL  -- packed, or JSON text
);
INSERT INTO audit_rows(id, at, actor, ws, entity, action, entity_id, changes)
    SELECT id, plantel_audit_at_key(at), actor, ws, plantel_audit_word_key(entity), plantel_audit_word_key(action),
           plantel_audit_id_key(entity_id), plantel_audit_pack(changes)
    FROM audit_entries ORDER BY id;

-- Workspace ids get their number in audit_ids (where actors and workstations have theirs).
INSERT OR IGNORE INTO audit_ids(id) SELECT id FROM workspaces;
INSERT OR IGNORE INTO audit_ids(id) SELECT DISTINCT workspace_id FROM audit_workspaces;
CREATE TRIGGER audit_ids_workspace AFTER INSERT ON workspaces BEGIN
    INSERT OR IGNORE INTO audit_ids(id) VALUES (NEW.id);
END;

CREATE TABLE audit_scope (
    ws       INTEGER NOT NULL, -- audit_ids.n of the workspace
    at       NOT NULL,         -- the entry's at, as audit_rows stores it
    audit_id INTEGER NOT NULL, -- audit_rows.id
    PRIMARY KEY (ws, at, audit_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, plantel_audit_at_key(s.at), s.audit_id FROM audit_workspaces s JOIN audit_ids i ON i.id = s.workspace_id;

DROP TRIGGER audit_workspaces_users;
DROP TRIGGER audit_workspaces_workspaces;
DROP TRIGGER audit_workspaces_teams;
DROP TRIGGER audit_workspaces_campaigns;
DROP TRIGGER audit_workspaces_clients;
DROP TRIGGER audit_workspaces_moved;
DROP TRIGGER audit_workspaces_team_members;
DROP TRIGGER audit_workspaces_campaign_members;
DROP TRIGGER audit_workspaces_followups;
DROP TRIGGER audit_workspaces_no_entity;
DROP TRIGGER audit_workspaces_member;
DROP TRIGGER audit_entries_no_update;
DROP TRIGGER audit_entries_no_delete;
DROP VIEW audit_log;
DROP TABLE audit_workspaces;
DROP TABLE audit_entries;

-- The indexes of migrations 0020 and 0050, on the compact columns (each ends with the rowid,
-- so each is ordered by (…, at, id)).
CREATE INDEX audit_at_idx ON audit_rows(at);
CREATE INDEX audit_entity_idx ON audit_rows(entity_id, at);
CREATE INDEX audit_entity_at_idx ON audit_rows(entity, at);
CREATE INDEX audit_workstation_at_idx ON audit_rows(ws, at);
CREATE INDEX audit_action_at_idx ON audit_rows(action, at);

CREATE TRIGGER audit_rows_no_update BEFORE UPDATE ON audit_rows
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_rows_no_delete BEFORE DELETE ON audit_rows
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE VIEW audit_log AS
    SELECT e.id, plantel_audit_at(e.at) AS at, a.id AS actor_id, w.id AS workstation_id,
           plantel_audit_word(e.entity) AS entity, plantel_audit_id(e.entity_id) AS entity_id,
           plantel_audit_word(e.action) AS action, plantel_audit_json(e.changes) AS changes
    FROM audit_rows e JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws;

-- The readers' view: audit_log's columns plus the stored ones they filter and order by
-- (at_key, entity_key, action_key, entity_key_id, ws_key), so their conditions reach the
-- indexes of audit_rows (the view is flattened into each query).
CREATE VIEW audit_read AS
    SELECT e.id, plantel_audit_at(e.at) AS at, a.id AS actor_id, w.id AS workstation_id,
           plantel_audit_word(e.entity) AS entity, plantel_audit_id(e.entity_id) AS entity_id,
           plantel_audit_word(e.action) AS action, plantel_audit_json(e.changes) AS changes,
           e.at AS at_key, e.entity AS entity_key, e.action AS action_key, e.entity_id AS entity_key_id, e.ws AS ws_key
    FROM audit_rows e JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws;

CREATE VIEW audit_entries AS
    SELECT id, plantel_audit_at(at) AS at, actor, ws, plantel_audit_word(entity) AS entity,
           plantel_audit_id(entity_id) AS entity_id, plantel_audit_word(action) AS action,
           plantel_audit_json(changes) AS changes
    FROM audit_rows;
CREATE TRIGGER audit_entries_insert INSTEAD OF INSERT ON audit_entries BEGIN
    INSERT INTO audit_rows(id, at, actor, ws, entity, action, entity_id, changes)
    VALUES (NEW.id, plantel_audit_at_key(NEW.at), NEW.actor, NEW.ws, plantel_audit_word_key(NEW.entity),
            plantel_audit_word_key(NEW.action), plantel_audit_id_key(NEW.entity_id), plantel_audit_pack(COALESCE(NEW.changes, '{}')));
END;
CREATE TRIGGER audit_entries_no_update INSTEAD OF UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_entries_no_delete INSTEAD OF DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE VIEW audit_workspaces AS
    SELECT s.audit_id, i.id AS workspace_id, plantel_audit_at(s.at) AS at
    FROM audit_scope s JOIN audit_ids i ON i.n = s.ws;
CREATE TRIGGER audit_workspaces_insert INSTEAD OF INSERT ON audit_workspaces BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, plantel_audit_at_key(NEW.at), NEW.audit_id FROM audit_ids i WHERE i.id = NEW.workspace_id;
END;

-- The placing rules of migrations 0051, 0060, 0061 and 0095, on audit_rows. Entity and
-- action numbers (store.auditWords; TestAuditWordNumbers holds them): 2 workspaces,
-- 4 users, 5 user_workspaces, 8 teams, 9 team_members, 10 campaigns, 11 campaign_members,
-- 12 clients, 13 followups; 23 create.
CREATE TRIGGER audit_workspaces_users AFTER INSERT ON audit_rows WHEN NEW.entity IN (4, 12)
    AND (SELECT active FROM bulk_load WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM user_workspaces uw JOIN audit_ids i ON i.id = uw.workspace_id
    WHERE uw.user_id = plantel_audit_id(NEW.entity_id);
END;
CREATE TRIGGER audit_workspaces_workspaces AFTER INSERT ON audit_rows WHEN NEW.entity = 2
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM audit_ids i WHERE i.id = plantel_audit_id(NEW.entity_id);
END;
CREATE TRIGGER audit_workspaces_teams AFTER INSERT ON audit_rows WHEN NEW.entity = 8
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM teams t JOIN audit_ids i ON i.id = t.workspace_id
    WHERE t.id = plantel_audit_id(NEW.entity_id) AND t.workspace_id IS NOT NULL;
END;
CREATE TRIGGER audit_workspaces_campaigns AFTER INSERT ON audit_rows WHEN NEW.entity = 10
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM campaigns c JOIN audit_ids i ON i.id = c.workspace_id
    WHERE c.id = plantel_audit_id(NEW.entity_id);
END;
CREATE TRIGGER audit_workspaces_clients AFTER INSERT ON audit_rows WHEN NEW.entity = 12
    AND (SELECT active FROM bulk_load WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM clients c JOIN audit_ids i ON i.id = c.workspace_id
    WHERE c.id = plantel_audit_id(NEW.entity_id);
END;
CREATE TRIGGER audit_workspaces_moved AFTER INSERT ON audit_rows WHEN NEW.entity IN (8, 10, 12, 5) AND NEW.action IS NOT 23
    AND plantel_audit_json(NEW.changes) LIKE '%"workspace\_id"%' ESCAPE '\'
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM workspaces w JOIN audit_ids i ON i.id = w.id
    WHERE w.id IN (json_extract(plantel_audit_json(NEW.changes), '$.workspace_id.old'),
                   json_extract(plantel_audit_json(NEW.changes), '$.workspace_id.new'));
END;
CREATE TRIGGER audit_workspaces_team_members AFTER INSERT ON audit_rows WHEN NEW.entity = 9
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM teams t JOIN audit_ids i ON i.id = t.workspace_id
    WHERE t.workspace_id IS NOT NULL AND t.id IN (json_extract(plantel_audit_json(NEW.changes), '$.team_id.new'),
        json_extract(plantel_audit_json(NEW.changes), '$.team_id.old'),
        (SELECT m.team_id FROM team_members m WHERE m.id = plantel_audit_id(NEW.entity_id)));
END;
CREATE TRIGGER audit_workspaces_campaign_members AFTER INSERT ON audit_rows WHEN NEW.entity = 11
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM campaigns c JOIN audit_ids i ON i.id = c.workspace_id
    WHERE c.id IN (json_extract(plantel_audit_json(NEW.changes), '$.campaign_id.new'),
        json_extract(plantel_audit_json(NEW.changes), '$.campaign_id.old'),
        (SELECT m.campaign_id FROM campaign_members m WHERE m.id = plantel_audit_id(NEW.entity_id)));
END;
CREATE TRIGGER audit_workspaces_followups AFTER INSERT ON audit_rows WHEN NEW.entity = 13
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM clients c JOIN audit_ids i ON i.id = c.workspace_id
    WHERE c.id IN (json_extract(plantel_audit_json(NEW.changes), '$.client_id.new'),
        json_extract(plantel_audit_json(NEW.changes), '$.client_id.old'),
        (SELECT f.client_id FROM followups f WHERE f.id = plantel_audit_id(NEW.entity_id)));
END;
CREATE TRIGGER audit_workspaces_no_entity AFTER INSERT ON audit_rows WHEN NEW.entity_id = ''
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, NEW.at, NEW.id FROM user_workspaces uw JOIN audit_ids i ON i.id = uw.workspace_id
    WHERE uw.user_id = (SELECT id FROM audit_ids WHERE n = NEW.actor);
END;
-- A user joining a workspace: their past entries are placed in it (the unary + keeps the
-- entity test out of the index choice: the lookup walks audit_entity_idx, that user's entries).
CREATE TRIGGER audit_workspaces_member AFTER INSERT ON user_workspaces
BEGIN
    INSERT OR IGNORE INTO audit_scope(ws, at, audit_id)
    SELECT i.n, l.at, l.id FROM audit_ids i JOIN audit_rows l ON l.entity_id = plantel_audit_id_key(NEW.user_id) AND +l.entity = 4
    WHERE i.id = NEW.workspace_id;
END;
