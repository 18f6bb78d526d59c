package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// SecurityState is what the window must know of the signed-in user's credentials: whether
// they must change their password or set up a second factor before anything else, and
// whether their second factor is on.
type SecurityState struct {
	MustChangePassword bool `json:"mustChangePassword"`
	MustSetUpTwoFactor bool `json:"mustSetUpTwoFactor"`
	TwoFactorEnabled   bool `json:"twoFactorEnabled"`
}

// securityState computes the state of user userID now:
//   - MustChangePassword: the users row says so (generated or temporary credentials, F2.5,
//     F2.9), or the policy has a maximum age and the password is older (F1.3; an account
//     whose change time is unknown counts from its creation);
//   - MustSetUpTwoFactor: no confirmed TOTP, and the policy requires it of everyone
//     (PasswordPolicy.TwoFactorRequired) or of administrators and this is one (F1.5).
func (s *Service) securityState(ctx context.Context, userID string) (SecurityState, error) {
	var st SecurityState
	var role, hash, changed, created string
	var enabled sql.NullInt64
	q, args, _ := sq.Select("u.role", "u.password_hash", "u.password_changed_at", "u.created_at",
		"u.must_change_password", "t.enabled").
		From("users u").LeftJoin("user_totp t ON t.user_id = u.id").Where(sq.Eq{"u.id": userID}).ToSql()
	err := s.db.Read().QueryRowContext(ctx, q, args...).Scan(&role, &hash, &changed, &created, &st.MustChangePassword, &enabled)
	if errors.Is(err, sql.ErrNoRows) {
		return st, apperr.Unauthenticated()
	}
	if err != nil {
		return st, apperr.Internal(err)
	}
	st.TwoFactorEnabled = enabled.Valid && enabled.Int64 == 1
	pol, err := s.PasswordPolicy(ctx)
	if err != nil {
		return st, apperr.Internal(err)
	}
	if !st.MustChangePassword && pol.MaxAgeDays > 0 && hash != "" {
		since := changed
		if since == "" {
			since = created
		}
		if t, err := store.ParseTimestamp(since); err == nil && !s.db.Now().Before(t.Add(time.Duration(pol.MaxAgeDays)*24*time.Hour)) {
			st.MustChangePassword = true
		}
	}
	if !st.TwoFactorEnabled {
		tf, err := s.twoFactorPolicy(ctx)
		if err != nil {
			return st, err
		}
		admin := role == string(access.Owner) || role == string(access.Admin)
		st.MustSetUpTwoFactor = pol.TwoFactorRequired || (tf.RequireForAdmins && admin)
	}
	return st, nil
}

// Requirement returns the coded error of what the signed-in user must do before any other
// operation: password_change_required first, then two_factor_setup_required; nil when
// nothing is pending. The bound layer asks it on every call except the few that let the
// user meet the requirement (see app.Core.Actor).
func (s *Service) Requirement(ctx context.Context, a *access.Actor) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	st, err := s.securityState(ctx, a.UserID)
	if err != nil {
		return err
	}
	switch {
	case st.MustChangePassword:
		return apperr.New(CodePasswordChangeRequired)
	case st.MustSetUpTwoFactor:
		return apperr.New(CodeTwoFactorSetupRequired)
	}
	return nil
}
