package app

import "github.com/plantel/plantel/backend/accounts"

// SecondFactorRequest completes a sign-in that answered two_factor_required.
type SecondFactorRequest struct {
	ChallengeID string `json:"challengeId"`
	Code        string `json:"code"` // 6 digits from the app, or a recovery code
}

// SignInSecondFactor opens the session of a sign-in whose password was right, with the
// code of the user's authenticator app or a recovery code.
func (s *SessionService) SignInSecondFactor(req SecondFactorRequest) (*accounts.SessionInfo, error) {
	id, err := s.core.Accounts.SignInSecondFactor(s.core.Context(), req.ChallengeID, req.Code)
	if err != nil {
		return nil, s.core.fail(err)
	}
	s.core.setSession(id)
	return s.Me()
}
