-- Plantel schema, version 6: the user profile page (F4). Skills and the "additional info"
-- custom fields are small JSON lists on the user row, so they sync and audit like any other
-- field of the user (old → new in the History tab). Notification frequency and the idle
-- minutes before auto-away are the user's own preferences (F4.4, F4.5).
ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN notify_frequency TEXT NOT NULL DEFAULT 'immediately'
    CHECK (notify_frequency IN ('immediately', 'every_15_minutes', 'hourly', 'daily', 'never'));
ALTER TABLE users ADD COLUMN idle_minutes INTEGER NOT NULL DEFAULT 0
    CHECK (idle_minutes IN (0, 5, 10, 15, 30));
