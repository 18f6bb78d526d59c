-- Plantel schema, version 170: the rows of each download page, in order. A page of rows a
-- download creates in bulk has one audit entry (migration 0101); each row's clock names it
-- (origin). The audit page lists each such row's creation with the other entries, newest
-- first (backend/audit, created): it walks the pages' entries newest first and, for each,
-- seeks its rows here, ordered by (origin, tbl, row_id), the key its cursor continues from.
-- Only row clocks with an origin are indexed (a local creation's has none).
CREATE INDEX sync_row_clock_origin_idx ON sync_row_clock(origin) WHERE origin IS NOT NULL;
