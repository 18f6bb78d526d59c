package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/version"
)

// SessionService is bound to the window: first-run setup, sign-in and sign-out, and the
// signed-in user's own session and preferences.
type SessionService struct{ core *Core }

// NewSessionService binds the session service to core.
func NewSessionService(core *Core) *SessionService { return &SessionService{core: core} }

// Boot tells the window where to start: the setup screen, the sign-in screen or the shell.
type Boot struct {
	NeedsSetup    bool                  `json:"needsSetup"`
	Session       *accounts.SessionInfo `json:"session"`
	Version       string                `json:"version"`
	WorkstationID string                `json:"workstationId"`
}

// SignInRequest is the sign-in form.
type SignInRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// PresenceRequest sets the user's presence.
type PresenceRequest struct {
	Presence string `json:"presence"`
}

// Boot needs no session: it reports first run, or the current session if one is open.
func (s *SessionService) Boot() (*Boot, error) {
	ctx := s.core.Context()
	needs, err := s.core.Accounts.NeedsSetup(ctx)
	if err != nil {
		return nil, s.core.fail(err)
	}
	b := &Boot{NeedsSetup: needs, Version: version.Version, WorkstationID: s.core.Accounts.DB().WorkstationID()}
	if needs {
		return b, nil
	}
	if a, err := s.core.Accounts.Actor(ctx, s.core.session()); err == nil {
		if b.Session, err = s.core.Accounts.Session(ctx, a); err != nil {
			return nil, s.core.fail(err)
		}
	}
	return b, nil
}

// Setup creates the organization and its Owner on an empty database and signs the Owner in.
func (s *SessionService) Setup(req accounts.SetupInput) (*accounts.SessionInfo, error) {
	ctx := s.core.Context()
	if _, err := s.core.Accounts.Setup(ctx, req); err != nil {
		return nil, s.core.fail(err)
	}
	return s.SignIn(SignInRequest{Login: req.Username, Password: req.Password})
}

// CheckPassword reports the policy verdict on a candidate password, for live feedback.
// Without a session it works only before setup.
func (s *SessionService) CheckPassword(req accounts.PasswordCheck) (*auth.Report, error) {
	var a *access.Actor
	if s.core.session() != "" {
		var err error
		if a, err = s.core.ActorPending(access.Need{}); err != nil {
			return nil, err
		}
	}
	rep, err := s.core.Accounts.CheckPassword(s.core.Context(), a, req)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return &rep, nil
}

// SignIn opens a session on this workstation for a username or e-mail and password.
func (s *SessionService) SignIn(req SignInRequest) (*accounts.SessionInfo, error) {
	ctx := s.core.Context()
	if old := s.core.session(); old != "" {
		if a, err := s.core.Accounts.Actor(ctx, old); err == nil {
			_ = s.core.Accounts.SignOut(ctx, a, "sign_out")
		}
		s.core.setSession("")
	}
	id, err := s.core.Accounts.SignIn(ctx, req.Login, req.Password)
	if err != nil {
		return nil, s.core.fail(err)
	}
	s.core.setSession(id)
	return s.Me()
}

// PrepareSignIn readies the password check while the person types the password on the
// sign-in page (issue 10, app_start: auth.Hasher.Prepare): no session, no input; it reads and
// writes nothing, and at most once every 30 s it readies the hash's memory.
func (s *SessionService) PrepareSignIn() error {
	s.core.Accounts.PrepareSignIn()
	return nil
}

// SignOut ends the session; signing out twice is not an error.
func (s *SessionService) SignOut() error {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		if apperr.CodeOf(err) == apperr.CodeUnauthenticated {
			return nil
		}
		return err
	}
	defer s.core.setSession("")
	return s.core.fail(s.core.Accounts.SignOut(s.core.Context(), a, "sign_out"))
}

// Me returns the signed-in user's session.
func (s *SessionService) Me() (*accounts.SessionInfo, error) {
	a, err := s.core.ActorPending(access.Need{})
	if err != nil {
		return nil, err
	}
	info, err := s.core.Accounts.Session(s.core.Context(), a)
	return info, s.core.fail(err)
}

// SetPreferences saves the user's language and theme.
func (s *SessionService) SetPreferences(req accounts.Preferences) (*accounts.SessionInfo, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if err := s.core.Accounts.SetPreferences(s.core.Context(), a, req); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Me()
}

// SetPresence sets the user's presence (online, busy, away, offline).
func (s *SessionService) SetPresence(req PresenceRequest) (*accounts.SessionInfo, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if err := s.core.Accounts.SetPresence(s.core.Context(), a, req.Presence); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Me()
}
