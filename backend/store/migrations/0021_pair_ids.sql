-- Plantel schema, version 21: deterministic ids for membership rows (team_members,
-- campaign_members, user_workspaces) and per-user rows (user_totp): a UUIDv5 of the pair
-- (store.PairID), so the same fact made on two workstations offline is the same row and
-- never breaks the UNIQUE index when they sync. SQLite has no UUIDv5, so the conversion of
-- existing ids (and of their clocks, tombstones and audit references) runs in Go right after
-- this file (backend/store/migrate_go.go), in the same transaction.
SELECT 1;
