package invites

import (
	"context"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// CheckPassword gives the accept form its live password feedback without a session (the
// invitee has none yet): the code must open a valid invitation (code_invalid, code_expired
// as in Accept), and the password is checked against the policy with the invitation's
// e-mail and the names and username typed so far (an empty username: the proposed one), as
// Accept will check it. Nothing is written.
func (s *Service) CheckPassword(ctx context.Context, code string, in accounts.PasswordCheck) (auth.Report, error) {
	r := s.read(ctx)
	inv, err := openByCode(r, code, store.Timestamp(s.db.Now()))
	if err != nil {
		return auth.Report{}, err
	}
	username := accounts.NormalizeUsername(in.Username)
	if username == "" {
		if err := s.db.Read().QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, inv.UserID).Scan(&username); err != nil {
			return auth.Report{}, apperr.Internal(err)
		}
	}
	pol, err := s.acc.PasswordPolicy(ctx)
	if err != nil {
		return auth.Report{}, apperr.Internal(err)
	}
	return pol.Check(in.Password, auth.Personal{Username: username, Email: inv.Email, FirstName: in.FirstName, LastName: in.LastName}), nil
}
