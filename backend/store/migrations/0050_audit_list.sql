-- The audit page (F11.1) lists the whole log newest first with keyset paging on (at, id),
-- and filters by entity type or workstation in that order: these indexes let the first page
-- of a million entries come from an index walk of one page, not a sort.
CREATE INDEX audit_at_idx ON audit_log(at, id);
CREATE INDEX audit_entity_at_idx ON audit_log(entity, at, id);
CREATE INDEX audit_workstation_at_idx ON audit_log(workstation_id, at, id);
CREATE INDEX audit_action_at_idx ON audit_log(action, at, id);
