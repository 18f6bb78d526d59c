-- Plantel schema, version 130: a user's History shows the memberships they gained and lost
-- (teams, campaigns, workspaces; issue 14). A membership entry's entity id is the link row's
-- id, not the person's, so the History finds these entries by the person the entry names:
-- user_id as a creation writes it ({"user_id": "…"}), or as a deletion or an older creation
-- does ({"user_id": {"old": …, "new": …}}). The index holds membership entries only (entity
-- 5 user_workspaces, 9 team_members, 11 campaign_members: their numbers in the compact log of
-- migration 0120, whose word list only grows), so it costs one small key per membership
-- change, and the History reads a person's few entries instead of unpacking every membership
-- entry of the log. users/history.go writes the same expression and the same entity test
-- (SQLite uses the index only when they match).
CREATE INDEX audit_member_user_idx ON audit_rows(
    coalesce(json_extract(plantel_audit_json(changes), '$.user_id.new'), json_extract(plantel_audit_json(changes), '$.user_id.old'),
             json_extract(plantel_audit_json(changes), '$.user_id')))
    WHERE entity IN (5, 9, 11);
