-- The audit page (F11.1) lists the whole log newest first with keyset paging on (at, id),
-- and filters by entity type, actor, workstation or action in that order: these indexes let
-- the first page of a million entries come from an index walk of one page, not a sort. They
-- are on audit_entries, the compact table under the audit_log view (migration 0020); its id
-- is the rowid, which every index ends with, so each one is ordered by (…, at, id).
CREATE INDEX audit_at_idx ON audit_entries(at);
CREATE INDEX audit_entity_at_idx ON audit_entries(entity, at);
CREATE INDEX audit_workstation_at_idx ON audit_entries(ws, at);
CREATE INDEX audit_action_at_idx ON audit_entries(action, at);
