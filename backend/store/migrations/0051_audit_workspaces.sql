-- Which workspaces each audit entry is about (F11.1: an administrator sees the entries about
-- their workspaces). Derived data, filled by triggers when an entry is appended, so the audit
-- page of an administrator walks one index newest first instead of testing every entry:
--  * a user (and their sign-ins): the workspaces the user belongs to; when a user joins a
--    workspace later, their past entries are added to it;
--  * a workspace: itself; a team, campaign or client: its workspace (also after a delete,
--    from the entry's old values); a member of a team or campaign, a follow-up: the
--    workspace of its team, campaign or client;
--  * a portfolio move (entity clients, entity id the user they were taken from): that user's
--    workspaces; an event about no entity (an export): the workspaces of who did it.
-- Entries about organization-wide things (settings, profiles) belong to no workspace: only
-- the Owner sees them.
-- The key is the order the page reads (a workspace's entries newest first), so the table needs
-- no second index (issue 10's db_bytes: the file stays within 1.5× the bare data); an entry's
-- time is fixed, so (workspace_id, at, audit_id) is unique per entry and workspace as
-- (audit_id, workspace_id) would be.
CREATE TABLE audit_workspaces (
    workspace_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    audit_id     INTEGER NOT NULL, -- audit_entries.id (the audit_log view's id)
    PRIMARY KEY (workspace_id, at, audit_id)
) WITHOUT ROWID;

-- The entries already in the log, by the same rules (read through the audit_log view).
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, uw.workspace_id, l.at FROM audit_log l JOIN user_workspaces uw ON uw.user_id = l.entity_id WHERE l.entity IN ('users', 'clients');
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, l.entity_id, l.at FROM audit_log l WHERE l.entity = 'workspaces';
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, t.workspace_id, l.at FROM audit_log l JOIN teams t ON t.id = l.entity_id WHERE l.entity = 'teams' AND t.workspace_id IS NOT NULL;
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, c.workspace_id, l.at FROM audit_log l JOIN campaigns c ON c.id = l.entity_id WHERE l.entity = 'campaigns';
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, c.workspace_id, l.at FROM audit_log l JOIN clients c ON c.id = l.entity_id WHERE l.entity = 'clients';
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, w.id, l.at FROM audit_log l JOIN workspaces w ON w.id IN (json_extract(l.changes, '$.workspace_id.old'), json_extract(l.changes, '$.workspace_id.new')) WHERE l.entity IN ('teams', 'campaigns', 'clients', 'user_workspaces');
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, t.workspace_id, l.at FROM audit_log l JOIN teams t ON t.id IN (json_extract(l.changes, '$.team_id.new'), json_extract(l.changes, '$.team_id.old'), (SELECT m.team_id FROM team_members m WHERE m.id = l.entity_id)) WHERE l.entity = 'team_members' AND t.workspace_id IS NOT NULL;
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, c.workspace_id, l.at FROM audit_log l JOIN campaigns c ON c.id IN (json_extract(l.changes, '$.campaign_id.new'), json_extract(l.changes, '$.campaign_id.old'), (SELECT m.campaign_id FROM campaign_members m WHERE m.id = l.entity_id)) WHERE l.entity = 'campaign_members';
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, c.workspace_id, l.at FROM audit_log l JOIN clients c ON c.id IN (json_extract(l.changes, '$.client_id.new'), json_extract(l.changes, '$.client_id.old'), (SELECT f.client_id FROM followups f WHERE f.id = l.entity_id)) WHERE l.entity = 'followups';
INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
SELECT l.id, uw.workspace_id, l.at FROM audit_log l JOIN user_workspaces uw ON uw.user_id = l.actor_id WHERE l.entity_id = '';

-- One trigger per rule, each with a WHEN, so appending an entry runs only its own lookup.
-- They watch audit_entries, the table under the audit_log view (migration 0020), so entries
-- written here and entries a sync pull brings (store.ApplyRemote) are both placed.
CREATE TRIGGER audit_workspaces_users AFTER INSERT ON audit_entries WHEN NEW.entity IN ('users', 'clients')
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, uw.workspace_id, NEW.at FROM user_workspaces uw WHERE uw.user_id = NEW.entity_id;
END;
CREATE TRIGGER audit_workspaces_workspaces AFTER INSERT ON audit_entries WHEN NEW.entity = 'workspaces'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, NEW.entity_id, NEW.at;
END;
CREATE TRIGGER audit_workspaces_teams AFTER INSERT ON audit_entries WHEN NEW.entity = 'teams'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, t.workspace_id, NEW.at FROM teams t WHERE t.id = NEW.entity_id AND t.workspace_id IS NOT NULL;
END;
CREATE TRIGGER audit_workspaces_campaigns AFTER INSERT ON audit_entries WHEN NEW.entity = 'campaigns'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, c.workspace_id, NEW.at FROM campaigns c WHERE c.id = NEW.entity_id;
END;
CREATE TRIGGER audit_workspaces_clients AFTER INSERT ON audit_entries WHEN NEW.entity = 'clients'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, c.workspace_id, NEW.at FROM clients c WHERE c.id = NEW.entity_id;
END;
CREATE TRIGGER audit_workspaces_moved AFTER INSERT ON audit_entries WHEN NEW.entity IN ('teams', 'campaigns', 'clients', 'user_workspaces') AND NEW.changes LIKE '%"workspace\_id"%' ESCAPE '\'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, w.id, NEW.at FROM workspaces w WHERE w.id IN (json_extract(NEW.changes, '$.workspace_id.old'), json_extract(NEW.changes, '$.workspace_id.new'));
END;
CREATE TRIGGER audit_workspaces_team_members AFTER INSERT ON audit_entries WHEN NEW.entity = 'team_members'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, t.workspace_id, NEW.at FROM teams t WHERE t.workspace_id IS NOT NULL AND t.id IN (json_extract(NEW.changes, '$.team_id.new'), json_extract(NEW.changes, '$.team_id.old'), (SELECT m.team_id FROM team_members m WHERE m.id = NEW.entity_id));
END;
CREATE TRIGGER audit_workspaces_campaign_members AFTER INSERT ON audit_entries WHEN NEW.entity = 'campaign_members'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, c.workspace_id, NEW.at FROM campaigns c WHERE c.id IN (json_extract(NEW.changes, '$.campaign_id.new'), json_extract(NEW.changes, '$.campaign_id.old'), (SELECT m.campaign_id FROM campaign_members m WHERE m.id = NEW.entity_id));
END;
CREATE TRIGGER audit_workspaces_followups AFTER INSERT ON audit_entries WHEN NEW.entity = 'followups'
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, c.workspace_id, NEW.at FROM clients c WHERE c.id IN (json_extract(NEW.changes, '$.client_id.new'), json_extract(NEW.changes, '$.client_id.old'), (SELECT f.client_id FROM followups f WHERE f.id = NEW.entity_id));
END;
CREATE TRIGGER audit_workspaces_no_entity AFTER INSERT ON audit_entries WHEN NEW.entity_id = ''
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT NEW.id, uw.workspace_id, NEW.at FROM user_workspaces uw WHERE uw.user_id = (SELECT id FROM audit_ids WHERE n = NEW.actor);
END;

CREATE TRIGGER audit_workspaces_member AFTER INSERT ON user_workspaces
BEGIN
    INSERT OR IGNORE INTO audit_workspaces(audit_id, workspace_id, at)
    SELECT l.id, NEW.workspace_id, l.at FROM audit_entries l WHERE l.entity_id = NEW.user_id AND l.entity = 'users';
END;
