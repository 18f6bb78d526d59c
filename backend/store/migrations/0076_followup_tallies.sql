-- Plantel schema, version 76: open follow-ups due before a cutoff, counted per owner as they
-- change (issue #10). The dashboard's follow-up figures (overdue, due today, per owner)
-- grouped every open follow-up due before tomorrow on each load: at 200,000 follow-ups,
-- tens of thousands of rows. Derived data like client_portfolios (0031): kept by triggers,
-- never synced, never audited.
--
-- "Overdue" moves with the clock, so the counts are kept against a stored cutoff instead:
-- followup_overdue holds, per owner ('' = nobody), the open follow-ups due before
-- followup_cutoff.at. The dashboard adds those due between the cutoff and now (or takes
-- away those due between now and the cutoff) from the follow-ups index, a narrow range,
-- and moves the cutoff forward now and then (store.DB.MoveFollowupCutoff).
CREATE TABLE followup_cutoff (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);

CREATE TABLE followup_overdue (
    owner_id TEXT PRIMARY KEY,
    n        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX followup_overdue_size_idx ON followup_overdue(n DESC, owner_id);

-- One row: the open follow-ups due before the cutoff, and the owners with at least one.
CREATE TABLE followup_totals (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    overdue INTEGER NOT NULL,
    owners  INTEGER NOT NULL
);

CREATE TRIGGER followup_overdue_insert AFTER INSERT ON followups
WHEN new.done = 0 AND new.due_at < (SELECT at FROM followup_cutoff WHERE id = 1) BEGIN
    INSERT INTO followup_overdue(owner_id, n) VALUES (COALESCE(new.owner_id, ''), 1)
        ON CONFLICT(owner_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER followup_overdue_delete AFTER DELETE ON followups
WHEN old.done = 0 AND old.due_at < (SELECT at FROM followup_cutoff WHERE id = 1) BEGIN
    UPDATE followup_overdue SET n = n - 1 WHERE owner_id = COALESCE(old.owner_id, '');
END;

CREATE TRIGGER followup_overdue_update_old AFTER UPDATE OF done, due_at, owner_id ON followups
WHEN old.done = 0 AND old.due_at < (SELECT at FROM followup_cutoff WHERE id = 1) BEGIN
    UPDATE followup_overdue SET n = n - 1 WHERE owner_id = COALESCE(old.owner_id, '');
END;

CREATE TRIGGER followup_overdue_update_new AFTER UPDATE OF done, due_at, owner_id ON followups
WHEN new.done = 0 AND new.due_at < (SELECT at FROM followup_cutoff WHERE id = 1) BEGIN
    INSERT INTO followup_overdue(owner_id, n) VALUES (COALESCE(new.owner_id, ''), 1)
        ON CONFLICT(owner_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER followup_totals_insert AFTER INSERT ON followup_overdue BEGIN
    UPDATE followup_totals SET overdue = overdue + new.n, owners = owners + (new.n > 0) WHERE id = 1;
END;

CREATE TRIGGER followup_totals_update AFTER UPDATE OF n ON followup_overdue WHEN old.n IS NOT new.n BEGIN
    UPDATE followup_totals SET overdue = overdue + new.n - old.n, owners = owners + (new.n > 0) - (old.n > 0) WHERE id = 1;
END;

CREATE TRIGGER followup_totals_delete AFTER DELETE ON followup_overdue BEGIN
    UPDATE followup_totals SET overdue = overdue - old.n, owners = owners - (old.n > 0) WHERE id = 1;
END;

-- Fill from the data already there, with the cutoff at the migration's time.
INSERT INTO followup_cutoff(id, at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO followup_totals(id, overdue, owners) VALUES (1, 0, 0);
INSERT INTO followup_overdue(owner_id, n)
    SELECT COALESCE(owner_id, ''), COUNT(*) FROM followups
    WHERE done = 0 AND due_at < (SELECT at FROM followup_cutoff WHERE id = 1) GROUP BY 1;
