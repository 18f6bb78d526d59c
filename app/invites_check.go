package app

import (
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
)

// CheckPassword needs no session: the accept form's live password feedback for the
// invitation of code (its e-mail counts as personal data; req.Email is ignored).
func (s *InvitesService) CheckPassword(code string, req accounts.PasswordCheck) (*auth.Report, error) {
	rep, err := s.invites.CheckPassword(s.core.Context(), code, req)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &rep, nil
}
