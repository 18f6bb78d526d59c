package app

import (
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/demo"
)

// DemoService is bound to the window: the first-run "Try with demo data" choice.
type DemoService struct {
	core *Core
	demo *demo.Service
}

// NewDemoService binds the demo service to core.
func NewDemoService(core *Core) *DemoService {
	return &DemoService{core: core, demo: demo.New(core.Accounts.DB(), auth.Hasher{}, core.Log)}
}

// DemoSetup is the answer of Setup: the Owner's session and what the demo holds.
type DemoSetup struct {
	Session *accounts.SessionInfo `json:"session"`
	Demo    *demo.Summary         `json:"demo"`
}

// Setup is SessionService.Setup followed by the demo organization: it creates the
// organization and its Owner from the first-run form (only while the database is empty,
// already_setup otherwise), fills it with the demo, and signs the Owner in. Should the demo
// fail, the Owner stays set up and signed in and the error is returned.
func (s *DemoService) Setup(req accounts.SetupInput) (*DemoSetup, error) {
	ctx := s.core.Context()
	owner, err := s.core.Accounts.Setup(ctx, req)
	if err != nil {
		return nil, s.core.fail(err)
	}
	sum, demoErr := s.demo.Create(ctx, owner)
	info, err := NewSessionService(s.core).SignIn(SignInRequest{Login: req.Username, Password: req.Password})
	if err != nil {
		return nil, err
	}
	if demoErr != nil {
		return nil, s.core.fail(demoErr)
	}
	return &DemoSetup{Session: info, Demo: sum}, nil
}
