package app

import (
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/invites"
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

// ChangeEmail corrects the address of an open invitation; the old code dies and the new one
// is returned once (and e-mailed to the new address when SMTP is set up).
func (s *InvitesService) ChangeEmail(id, email string) (*invites.Invited, error) {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return nil, err
	}
	inv, err := s.invites.ChangeEmail(s.core.Context(), a, id, email)
	return inv, s.core.fail(err)
}
