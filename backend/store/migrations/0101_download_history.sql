-- A workstation's download writes one History entry per page of rows it creates in bulk (per
-- remote actor and device: entity 'sync', action 'download', changes {"rows": N, "tables":
-- {...}}) instead of one per row with five indexes each: about a fifth of a first download's
-- time. Each such row's row clock names that entry (origin), so what a row's History showed
-- from its own entry — created, when, by whom, on which workstation — it still shows, through
-- audit_history: the audit log plus a 'create' entry for every row with an origin. NULL for
-- every other row clock (a local creation, one applied change by change: they keep their
-- own entries).
ALTER TABLE sync_row_clock ADD COLUMN origin INTEGER;

CREATE VIEW audit_history AS
    SELECT id, at, actor_id, workstation_id, entity, entity_id, action, changes FROM audit_log
    UNION ALL
    SELECT e.id, e.at, a.id, w.id, r.tbl, r.row_id, 'create', '{}'
    FROM sync_row_clock r JOIN audit_entries e ON e.id = r.origin
    JOIN audit_ids a ON a.n = e.actor JOIN audit_ids w ON w.n = e.ws
    -- The tables named (every synced, audited table) let a row's History seek the row clock
    -- by (tbl, row_id) instead of scanning every row clock for its id.
    WHERE r.origin IS NOT NULL AND r.tbl IN ('organizations', 'workspaces', 'profiles', 'users', 'user_workspaces',
        'settings', 'avatars', 'teams', 'team_members', 'campaigns', 'campaign_members', 'clients', 'followups',
        'invitations', 'password_history', 'user_totp', 'recovery_codes', 'reset_codes', 'secret_settings',
        'sync_key_envelopes');
