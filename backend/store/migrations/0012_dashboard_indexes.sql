-- Plantel schema, version 12: covering indexes for the dashboard (PRODUCT.md F11.2), so
-- its aggregates read indexes only, never the wide rows, on 100,000 users and clients.

-- Users by status, presence, role and profile in one ordered pass (no sort), carrying the
-- id for the workspace check.
CREATE INDEX users_dash_idx ON users(status, presence, role, profile_id, id);

-- The user ids of a workspace, read as one index range.
CREATE INDEX user_workspaces_ws_user_idx ON user_workspaces(workspace_id, user_id);

-- The client ids of a workspace, read as one index range.
CREATE INDEX clients_ws_id_idx ON clients(workspace_id, id);

-- Open follow-ups due before a time (overdue and today), with their owner and client
-- (the agenda's followups_due_idx of migration 9 starts with due_at and does not cover them).
CREATE INDEX followups_dash_idx ON followups(done, due_at, owner_id, client_id);
