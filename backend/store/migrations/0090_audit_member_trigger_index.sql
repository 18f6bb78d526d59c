-- Plantel schema, version 90: when a user joins a workspace, audit_workspaces_member (0051)
-- files that user's past entries under it. Its lookup `entity_id = NEW.user_id AND
-- entity = 'users'` had two one-column candidates, audit_entity_idx (entity_id, at) and
-- audit_entity_at_idx (entity, at, added in 0050 for the audit page), and SQLite, with no
-- statistics, took the second: every membership insert walked every users entry of the log
-- (a few per user) and read each row to test its entity_id. Building 10,000 users with
-- their memberships took 3.6× bare inserts (issue 10's dataset_build); at 100,000 users it
-- grows with the square of the users. The unary + keeps `entity` from choosing an index,
-- so the lookup reads the few entries of that one user from audit_entity_idx. Same rows
-- filed as before.
DROP TRIGGER audit_workspaces_member;
CREATE TRIGGER audit_workspaces_member AFTER INSERT ON user_workspaces
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT l.id, NEW.workspace_id, l.at FROM audit_entries l WHERE l.entity_id = NEW.user_id AND +l.entity = 'users';
END;
