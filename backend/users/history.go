package users

import (
	"context"
	"encoding/json"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// HistoryEntry is one change to a user (F4.6): who, when, from which workstation, what.
type HistoryEntry struct {
	ID            string              `json:"id"`
	At            string              `json:"at"`
	ActorID       string              `json:"actorId"`
	ActorName     string              `json:"actorName"` // "" for the system or a deleted actor
	Action        string              `json:"action"`
	WorkstationID string              `json:"workstationId"`
	Changes       []store.FieldChange `json:"changes"`
	// Sentence says an event (deactivation, hand-over, portfolio move…) in the reader's
	// language with names; nil for a row change, listed field by field in Changes.
	Sentence *Sentence `json:"sentence,omitempty"`
}

// HistoryPage is one page of a user's history, newest first.
type HistoryPage struct {
	Rows  []HistoryEntry `json:"rows"`
	Total int            `json:"total"`
}

// sessionActions are audit entries of sign-in bookkeeping, shown by the sign-in history
// (F4.8) rather than the history of changes.
var sessionActions = []string{"sign_in", "sign_out", "sign_in_failed", "locked"}

// memberEntries and memberUser are the filter and the expression of migration 0130's index,
// written as it is (SQLite uses a partial index on an expression only when the query says
// the same): membership entries (entity user_workspaces, team_members, campaign_members by
// their numbers in the compact log, migration 0120), and the person a membership entry names.
const (
	memberEntries = "l.entity_key IN (5, 9, 11)"
	memberUser    = "coalesce(json_extract(plantel_audit_json(l.changes_key), '$.user_id.new'), " +
		"json_extract(plantel_audit_json(l.changes_key), '$.user_id.old'), json_extract(plantel_audit_json(l.changes_key), '$.user_id'))"
)

// History returns the changes made to user id, newest first: from the audit log, so
// secrets appear only as "changed". A user sees their own history; others need the Users
// module and a shared workspace (the Owner sees everyone's, also a deleted user's).
func (s *Service) History(ctx context.Context, a *access.Actor, id string, offset, limit int) (*HistoryPage, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	if id != a.UserID {
		if !a.Can(access.ModUsers) {
			return nil, apperr.PermissionDenied()
		}
		t, err := loadTarget(s.read(ctx), id)
		switch {
		case apperr.CodeOf(err) == apperr.CodeNotFound && a.Role == access.Owner:
		case err != nil:
			return nil, err
		case !visible(a, t):
			return nil, apperr.NotFound()
		}
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	where := historyWhere(id)
	r := s.read(ctx)
	page := &HistoryPage{Rows: []HistoryEntry{}}
	if err := r.QueryRow(sq.Select("COUNT(*)").From("audit_history l").Where(where)).Scan(&page.Total); err != nil {
		return nil, apperr.Internal(err)
	}
	rows, err := r.Query(sq.Select("l.id", "l.at", "l.actor_id", "COALESCE("+names.SQL("u")+", '')",
		"l.entity", "l.action", "l.workstation_id", "l.changes").From("audit_history l").LeftJoin("users u ON u.id = l.actor_id").
		Where(where).OrderBy("l.at_key DESC", "l.id DESC").Limit(uint64(limit)).Offset(uint64(max(offset, 0))))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	var details []map[string]any
	var entities []string
	for rows.Next() {
		var e HistoryEntry
		var entity, changes string
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &entity, &e.Action, &e.WorkstationID, &changes); err != nil {
			return nil, apperr.Internal(err)
		}
		if e.ActorID == store.SystemActor {
			e.ActorName = ""
		}
		e.Changes = changeReader.Decode(changes)
		var d map[string]any
		_ = json.Unmarshal([]byte(changes), &d)
		details = append(details, d)
		entities = append(entities, entity)
		page.Rows = append(page.Rows, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	rows.Close()
	if err := readable(r, page.Rows, entities, details, ActorLanguage(r, a)); err != nil {
		return nil, err
	}
	return page, nil
}

// historyWhere selects the audit entries of user id's History (on audit_log aliased l).
func historyWhere(id string) sq.Sqlizer {
	// Presence bookkeeping (online at sign-in, away when idle, offline at sign-out) is the
	// header's presence dot and the sign-in history, not a change anyone made to the user.
	// Portfolio moves away from the user (clients entries under their id) are part of it.
	// So are the memberships the user gained and lost (teams, campaigns, workspaces): those
	// entries are about the link row, found by the person they name (migration 0130's index).
	return sq.Or{
		// Both id columns: the audit log's rows are found by entity_key_id (its index), the rows
		// a download created by entity_id (the row clock's key); see migration 0150.
		sq.And{sq.Eq{"l.entity_key_id": store.AuditIDKey(id)}, sq.Eq{"l.entity_id": id}, sq.Or{
			sq.And{sq.Eq{"l.entity": "users"}, sq.NotEq{"l.action": sessionActions},
				// A plain expression, no subquery: SQLite pushes only those into the UNION of audit_history.
				sq.Expr("(l.action <> 'update' OR json_remove(l.changes, '$.presence', '$.last_active_at') <> '{}')")},
			sq.Eq{"l.entity": "clients", "l.action": moveActions}}},
		sq.And{sq.Expr(memberEntries), sq.Expr(memberUser+" = ?", id), sq.Eq{"l.action": []string{"create", "update", "delete"}}},
	}
}

// changeReader reads entries for a history: a session id identifies a signed-in window and
// an invitation id is bookkeeping, no business of the page; a password hash is never shown,
// whatever the audit entry holds.
var changeReader = store.ChangeReader{
	Hidden: map[string]bool{"session_id": true, "invitation_id": true},
	Secret: map[string]bool{"password_hash": true},
}
