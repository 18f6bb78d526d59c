-- A profile belongs to the whole organization ('' — every built-in profile and every profile
-- made so far) or to one workspace. Built-in and organization-wide profiles are the Owner's;
-- an administrator creates, edits and deletes only agent profiles of their own workspaces
-- (issue 12: an administrator of one workspace emptied the built-in Agent profile and locked
-- every agent of every workspace out).
ALTER TABLE profiles ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
