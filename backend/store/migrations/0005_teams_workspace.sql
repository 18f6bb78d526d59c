-- Plantel schema, version 5: a team belongs to one workspace (F6, F10), like campaigns and
-- clients, so every team list is scoped to the actor's workspaces. Nullable only because
-- SQLite cannot add a NOT NULL reference to existing rows; the backend always sets it.
ALTER TABLE teams ADD COLUMN workspace_id TEXT REFERENCES workspaces(id);
CREATE INDEX teams_workspace_idx ON teams(workspace_id);
