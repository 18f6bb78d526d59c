-- Plantel schema, version 60: a user joining a workspace placed their past audit entries by
-- scanning every user's entries. The trigger of migration 0051 looks the entries up by
-- entity_id and entity; since 0050 two indexes match one term each, and SQLite took
-- audit_entity_at_idx (entity, at) — every 'users' entry for each membership written, so
-- the 100,000 memberships of an organization's first download cost 100,000 × 100,000 index
-- steps. The unary + keeps the entity test out of the index choice: the lookup walks
-- audit_entity_idx (entity_id, at), the entries of that one user.
DROP TRIGGER audit_workspaces_member;
CREATE TRIGGER audit_workspaces_member AFTER INSERT ON user_workspaces
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT l.id, NEW.workspace_id, l.at FROM audit_entries l WHERE l.entity_id = NEW.user_id AND +l.entity = 'users';
END;
