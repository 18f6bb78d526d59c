package avatar

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Service stores and serves avatars. Avatars live in the avatars table keyed by the
// SHA-256 of their large encoding (so the same picture is stored once), and a user points
// at theirs through users.avatar_id; both are written through the one write path, so they
// are audited and synced like every other change.
type Service struct {
	db     *store.DB
	limits Limits
}

// New builds the avatar service on db, with the default limits.
func New(db *store.DB) *Service {
	return &Service{db: db, limits: DefaultLimits()}
}

// Set makes the picture in data, cropped as crop says, the avatar of user userID and
// returns the avatar's id. A user may change their own avatar, the Owner anyone's, and an
// Administrator that of an Agent who shares one of the Administrator's workspaces.
//
// Errors: unauthenticated without a session, not_found for an unknown user,
// permission_denied otherwise when not allowed, CodeInvalid for a refused picture and
// validation for a bad crop. Permission is checked before the picture is processed and
// again inside the write.
func (s *Service) Set(ctx context.Context, a *access.Actor, userID string, data []byte, crop Crop) (string, error) {
	if err := allowed(a, userID, s.readRow(ctx)); err != nil {
		return "", err
	}
	res, err := Process(data, crop, s.limits)
	if err != nil {
		return "", err
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := allowed(a, userID, tx.QueryRow); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(sq.Select("COUNT(*)").From("avatars").Where(sq.Eq{"id": res.Hash})).Scan(&n); err != nil {
			return apperr.Internal(err)
		}
		if n == 0 {
			if err := tx.Insert("avatars", res.Hash, store.Fields{"mime": res.Mime, "large": res.Large, "small": res.Small}); err != nil {
				return err
			}
		}
		return tx.Update("users", userID, store.Fields{"avatar_id": res.Hash})
	})
	if err != nil {
		return "", err
	}
	return res.Hash, nil
}

// Remove clears the avatar of user userID (the window then draws initials), under the same
// permission rule as Set. The picture's row stays: other users may use the same picture,
// and avatar rows are immutable and shared across workstations. Removing when there is no
// avatar changes nothing.
func (s *Service) Remove(ctx context.Context, a *access.Actor, userID string) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := allowed(a, userID, tx.QueryRow); err != nil {
			return err
		}
		return tx.Update("users", userID, store.Fields{"avatar_id": ""})
	})
}

// Get returns the encoding of avatar avatarID at size (LargeSize or SmallSize) and its MIME
// type. It returns validation (field "size") for another size and not_found for an unknown
// avatar. Avatars are not secret within the organization, so Get needs no actor: the ids
// are content hashes that only reach a window through a signed-in user's data.
func (s *Service) Get(ctx context.Context, avatarID string, size int) ([]byte, string, error) {
	col := ""
	switch size {
	case LargeSize:
		col = "large"
	case SmallSize:
		col = "small"
	default:
		return nil, "", apperr.Validation("size", "one_of").WithParam("allowed", []int{LargeSize, SmallSize})
	}
	if !validID(avatarID) {
		return nil, "", apperr.NotFound()
	}
	q, args, err := sq.Select(col, "mime").From("avatars").Where(sq.Eq{"id": avatarID}).ToSql()
	if err != nil {
		return nil, "", apperr.Internal(err)
	}
	var data []byte
	var mime string
	err = s.db.Read().QueryRowContext(ctx, q, args...).Scan(&data, &mime)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFound()
	}
	if err != nil {
		return nil, "", apperr.Internal(err)
	}
	return data, mime, nil
}

// validID reports whether id has the form of an avatar id: 64 lower-case hex digits.
func validID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// rowQuerier runs a one-row query: tx.QueryRow inside a write, the read pool outside.
type rowQuerier func(q sq.Sqlizer) *sql.Row

func (s *Service) readRow(ctx context.Context) rowQuerier {
	return func(q sq.Sqlizer) *sql.Row {
		query, args, err := q.ToSql()
		if err != nil {
			return s.db.Read().QueryRowContext(ctx, "SELECT RAISE(ABORT, ?)", err.Error())
		}
		return s.db.Read().QueryRowContext(ctx, query, args...)
	}
}

// allowed applies the permission rule of Set and Remove to actor a and user userID.
func allowed(a *access.Actor, userID string, row rowQuerier) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	var role string
	err := row(sq.Select("role").From("users").Where(sq.Eq{"id": userID})).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound()
	}
	if err != nil {
		return apperr.Internal(err)
	}
	switch {
	case a.UserID == userID, a.Role == access.Owner:
		return nil
	case a.Role != access.Admin || role != string(access.Agent) || len(a.Workspaces) == 0:
		return apperr.PermissionDenied()
	}
	var shared int
	err = row(sq.Select("COUNT(*)").From("user_workspaces").
		Where(sq.Eq{"user_id": userID, "workspace_id": a.Workspaces})).Scan(&shared)
	if err != nil {
		return apperr.Internal(err)
	}
	if shared == 0 {
		return apperr.PermissionDenied()
	}
	return nil
}
