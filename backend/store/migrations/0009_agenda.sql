-- Plantel schema, version 9: the agenda (PRODUCT.md F9).
-- When a follow-up was completed ('' while open), for the list and the dashboard.
ALTER TABLE followups ADD COLUMN done_at TEXT NOT NULL DEFAULT '';

-- Range queries of administrators and the Owner read by due time across owners.
CREATE INDEX followups_due_idx ON followups(due_at, done);

-- In-app reminders already shown on this workstation (F9.2), so a restart does not show them
-- again. Workstation-local (never synced, never audited: a reminder is not a change to the
-- data). id is the follow-up's id; due_at is the due time the reminder was for, so a
-- follow-up moved to a later time reminds again.
CREATE TABLE followup_reminders (
    id          TEXT PRIMARY KEY REFERENCES followups(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    reminded_at TEXT NOT NULL
);
