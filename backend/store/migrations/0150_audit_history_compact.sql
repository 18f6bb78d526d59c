-- Plantel schema, version 150: audit_history (migration 0101: the audit log plus a 'create'
-- entry for every row a download created in bulk) rebuilt on the compact audit log of
-- migration 0120, with audit_read's stored columns (at_key, entity_key, action_key,
-- entity_key_id, ws_key) so a user's History filters and orders on audit_rows' indexes.
-- A History query names both entity_key_id (what audit_rows' index serves) and entity_id
-- (what sync_row_clock's (tbl, row_id) key serves): each branch of the UNION seeks with one
-- and checks the other.
DROP VIEW audit_history;
CREATE VIEW audit_history AS
    SELECT id, at, actor_id, workstation_id, entity, entity_id, action, changes,
           at_key, entity_key, action_key, entity_key_id, ws_key FROM audit_read
    UNION ALL
    SELECT e.id, plantel_audit_at(e.at), a.id, w.id, r.tbl, r.row_id, 'create', '{}',
           e.at, plantel_audit_word_key(r.tbl), plantel_audit_word_key('create'), plantel_audit_id_key(r.row_id), e.ws
    FROM sync_row_clock r JOIN audit_rows e ON e.id = r.origin
    JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws
    -- The tables named (every synced, audited table) let a row's History seek the row clock
    -- by (tbl, row_id) instead of scanning every row clock for its id.
    WHERE r.origin IS NOT NULL AND r.tbl IN ('organizations', 'workspaces', 'profiles', 'users', 'user_workspaces',
        'settings', 'avatars', 'teams', 'team_members', 'campaigns', 'campaign_members', 'clients', 'followups',
        'invitations', 'password_history', 'user_totp', 'recovery_codes', 'reset_codes', 'secret_settings',
        'sync_key_envelopes');
