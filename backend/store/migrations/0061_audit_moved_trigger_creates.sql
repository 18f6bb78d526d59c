-- Plantel schema, version 61: the trigger of migration 0051 that places a workspace move
-- (an entry whose changes hold workspace_id as {"old": ..., "new": ...}) also ran for every
-- creation entry — whose changes hold "workspace_id": "<id>" in the compact creation form
-- (migration 0020), so its LIKE matched and its two json_extract calls parsed the entry to
-- find no old or new value. Creations are placed by the rule of their entity (a client, team
-- or campaign by its workspace, a membership by its user's); the move rule now skips them,
-- which is what it always found. A 1,000,000-client download writes 1,000,000 of them.
DROP TRIGGER audit_workspaces_moved;
CREATE TRIGGER audit_workspaces_moved AFTER INSERT ON audit_entries WHEN NEW.entity IN ('teams', 'campaigns', 'clients', 'user_workspaces') AND NEW.action <> 'create' AND NEW.changes LIKE '%"workspace\_id"%' ESCAPE '\'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, w.id, NEW.at FROM workspaces w WHERE w.id IN (json_extract(NEW.changes, '$.workspace_id.old'), json_extract(NEW.changes, '$.workspace_id.new'));
END;
