-- Plantel schema, version 150: audit_history (migration 0101: the audit log plus a 'create'
-- entry for every row a download created in bulk) rebuilt on the compact audit log of
-- migration 0120, with audit_read's stored columns (at_key, entity_key, action_key,
-- entity_key_id, ws_key) so a user's History filters and orders on audit_rows' indexes.
-- A History query names both entity_key_id (what audit_rows' index serves) and entity_id
-- (what sync_row_clock's (tbl, row_id) key serves): each branch of the UNION seeks with one
-- and checks the other.
-- audit_read gains changes_key (the changes as stored), which migration 0130's index of the
-- person a membership entry names is built on.
DROP VIEW audit_history;
DROP VIEW audit_read;
CREATE VIEW audit_read AS
    SELECT e.id, plantel_audit_at(e.at) AS at, a.id AS actor_id, w.id AS workstation_id,
           plantel_audit_word(e.entity) AS entity, plantel_audit_id(e.entity_id) AS entity_id,
           plantel_audit_word(e.action) AS action, plantel_audit_json(e.changes) AS changes,
           e.at AS at_key, e.entity AS entity_key, e.action AS action_key, e.entity_id AS entity_key_id, e.ws AS ws_key,
           e.changes AS changes_key
    FROM audit_rows e JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws;
CREATE VIEW audit_history AS
    SELECT id, at, actor_id, workstation_id, entity, entity_id, action, changes,
           at_key, entity_key, action_key, entity_key_id, ws_key, changes_key FROM audit_read
    UNION ALL
    SELECT e.id, plantel_audit_at(e.at), a.id, w.id, r.tbl, r.row_id, 'create', '{}',
           e.at, plantel_audit_word_key(r.tbl), plantel_audit_word_key('create'), plantel_audit_id_key(r.row_id), e.ws, NULL
    FROM sync_row_clock r JOIN audit_rows e ON e.id = r.origin
    JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws
    -- The tables named (every synced, audited table) let a row's History seek the row clock
    -- by (tbl, row_id) instead of scanning every row clock for its id.
    WHERE r.origin IS NOT NULL AND r.tbl IN ('organizations', 'workspaces', 'profiles', 'users', 'user_workspaces',
        'settings', 'avatars', 'teams', 'team_members', 'campaigns', 'campaign_members', 'clients', 'followups',
        'invitations', 'password_history', 'user_totp', 'recovery_codes', 'reset_codes', 'secret_settings',
        'sync_key_envelopes');
