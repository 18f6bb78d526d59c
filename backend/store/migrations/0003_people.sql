-- Plantel schema, version 3: people (PRODUCT.md F2, F6, F7, F8, F9).
-- The tables the users, teams, campaigns and client-portfolio features share, and the
-- search index of the user list. Lists of values (channels, tags) are JSON arrays in TEXT.
-- Membership and ownership references cascade or clear on a user's deletion only as a
-- safety net for rows that arrive by sync: the backend removes them through the write path
-- first, so every removal is audited and synced.

-- Personal details a user edits on their own profile (F4.2), and whether the account came
-- from an invitation: an invited user's personal data belongs to them (F2.6).
ALTER TABLE users ADD COLUMN signature TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN invited INTEGER NOT NULL DEFAULT 0;

-- Indexes for the user list's filters and sortable columns (F2.1, F2.2).
CREATE INDEX users_role_idx ON users(role, id);
CREATE INDEX users_status_idx ON users(status, id);
CREATE INDEX users_last_active_idx ON users(last_active_at, id);
CREATE INDEX users_created_idx ON users(created_at, id);
CREATE INDEX user_workspaces_user_idx ON user_workspaces(user_id, workspace_id);

-- Teams (F6): a leader, members through team_members.
CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    leader_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX teams_leader_idx ON teams(leader_id);

CREATE TABLE team_members (
    id         TEXT PRIMARY KEY,
    team_id    TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members(user_id, team_id);

-- Campaigns (F7) belong to one workspace; channels is a JSON array of channel codes
-- (voice, whatsapp, email, webchat, sms, facebook, instagram, telegram). Dates are
-- YYYY-MM-DD or ''.
CREATE TABLE campaigns (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    active       INTEGER NOT NULL DEFAULT 1,
    channels     TEXT NOT NULL DEFAULT '[]',
    starts_on    TEXT NOT NULL DEFAULT '',
    ends_on      TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX campaigns_workspace_idx ON campaigns(workspace_id);

-- A campaign member has a role in the campaign and the subset of its channels enabled
-- for them (JSON array).
CREATE TABLE campaign_members (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor')),
    channels    TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (campaign_id, user_id)
);
CREATE INDEX campaign_members_user_idx ON campaign_members(user_id, campaign_id);

-- Clients (F8) belong to one workspace and to the portfolio of one user (owner_id), or to
-- nobody (NULL: unassigned). tags is a JSON array of strings.
CREATE TABLE clients (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    document_id  TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    tags         TEXT NOT NULL DEFAULT '[]',
    notes        TEXT NOT NULL DEFAULT '',
    owner_id     TEXT NULL REFERENCES users(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX clients_owner_idx ON clients(owner_id);
CREATE INDEX clients_workspace_idx ON clients(workspace_id, owner_id);

-- Follow-ups (F9): the next contact with a client, owned by a user (NULL when its client
-- is unassigned or its owner was deleted). due_at is a timestamp like every *_at column.
CREATE TABLE followups (
    id         TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    owner_id   TEXT NULL REFERENCES users(id) ON DELETE SET NULL,
    due_at     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    done       INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX followups_client_idx ON followups(client_id);
CREATE INDEX followups_owner_idx ON followups(owner_id, done, due_at);

-- The user list's search box and name order (F2.1, F2.2). Derived data, kept in step with
-- users by the triggers below: never written through the write path, never synced, never
-- audited. Both are keyed by users.rowid. If users is ever rebuilt with new rowids (a
-- VACUUM may renumber a table without INTEGER PRIMARY KEY), refill them from the view:
--   DELETE FROM users_fts; INSERT INTO users_fts(rowid, display_name, username, email, short_id)
--     SELECT rid, display_name, username, email, short_id FROM users_derived;
--   DELETE FROM users_sort; INSERT INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived;

-- What the search index and the name order are computed from, in one place.
--  * search: display name, username, e-mail and short id (the last 8 characters of the
--    id). unicode61 (below) removes the diacritics Unicode decomposes (é, ñ, ż, ó); the
--    letters it cannot decompose (ł, ø, đ, ß, æ, œ, þ, ı) are folded here, and the backend
--    folds the typed query the same way (backend/users/fold.go).
--  * sort_name: the display name in lower case with the accented Latin letters of Spanish,
--    Portuguese, Polish and their neighbours folded to the base letter, so "Łukasz" sorts
--    with "Lucía" and not after "Zofia". Stored (not computed per read) so sorting a
--    filtered list stays cheap.
CREATE VIEW users_derived AS SELECT
    rowid AS rid,
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        first_name || ' ' || last_name
        , 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'đ', 'd'), 'Đ', 'D'), 'ß', 'ss'), 'æ', 'ae'), 'Æ', 'AE'), 'œ', 'oe')
        , 'Œ', 'OE'), 'þ', 'th'), 'Þ', 'TH'), 'ı', 'i'), 'ð', 'd'), 'Ð', 'D') AS display_name,
    username, email, substr(id, -8) AS short_id,
    lower(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        first_name || ' ' || last_name
        , 'á', 'a'), 'à', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ą', 'a'), 'Á', 'a'), 'À', 'a'), 'Â', 'a')
        , 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'Ą', 'a'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e'), 'ę', 'e'), 'ě', 'e')
        , 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'Ę', 'e'), 'Ě', 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i')
        , 'ı', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o')
        , 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u')
        , 'ü', 'u'), 'ů', 'u'), 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'Ů', 'u'), 'ñ', 'n'), 'ń', 'n'), 'ň', 'n')
        , 'Ñ', 'n'), 'Ń', 'n'), 'Ň', 'n'), 'ç', 'c'), 'ć', 'c'), 'č', 'c'), 'Ç', 'c'), 'Ć', 'c'), 'Č', 'c'), 'ł', 'l')
        , 'Ł', 'l'), 'ś', 's'), 'š', 's'), 'Ś', 's'), 'Š', 's'), 'ź', 'z'), 'ż', 'z'), 'ž', 'z'), 'Ź', 'z'), 'Ż', 'z')
        , 'Ž', 'z'), 'ý', 'y'), 'ÿ', 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'ř', 'r'), 'Ř', 'r'), 'ď', 'd'), 'đ', 'd'), 'ð', 'd')
        , 'Ď', 'd'), 'Đ', 'd'), 'Ð', 'd'), 'ť', 't'), 'Ť', 't'), 'ß', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe')
        , 'þ', 'th'), 'Þ', 'th')) AS sort_name
FROM users;

CREATE VIRTUAL TABLE users_fts USING fts5(
    display_name, username, email, short_id,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE users_sort (
    rid       INTEGER PRIMARY KEY, -- users.rowid
    sort_name TEXT NOT NULL
);
CREATE INDEX users_sort_name_idx ON users_sort(sort_name, rid);

-- The insert trigger first clears what a reused rowid may have left behind (an INSERT OR
-- REPLACE deletes the old row without firing the delete trigger).
CREATE TRIGGER users_derived_insert AFTER INSERT ON users BEGIN
    DELETE FROM users_fts WHERE rowid = new.rowid;
    INSERT INTO users_fts(rowid, display_name, username, email, short_id)
        SELECT rid, display_name, username, email, short_id FROM users_derived WHERE rid = new.rowid;
    INSERT OR REPLACE INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived WHERE rid = new.rowid;
END;

CREATE TRIGGER users_derived_update AFTER UPDATE OF first_name, last_name, username, email ON users BEGIN
    DELETE FROM users_fts WHERE rowid = old.rowid;
    INSERT INTO users_fts(rowid, display_name, username, email, short_id)
        SELECT rid, display_name, username, email, short_id FROM users_derived WHERE rid = new.rowid;
    INSERT OR REPLACE INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived WHERE rid = new.rowid;
END;

CREATE TRIGGER users_derived_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_fts WHERE rowid = old.rowid;
    DELETE FROM users_sort WHERE rid = old.rowid;
END;

-- Users that existed before this migration (the Owner, at least) enter both too.
INSERT INTO users_fts(rowid, display_name, username, email, short_id)
    SELECT rid, display_name, username, email, short_id FROM users_derived;
INSERT INTO users_sort(rid, sort_name) SELECT rid, sort_name FROM users_derived;
