package app

import (
	"context"
	"os"
	"sync"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/invites"
)

// EventBulkProgress is emitted while Bulk hashes the new passwords, with a BulkProgress.
const EventBulkProgress = "invites:bulk-progress"

// BulkProgress is the payload of EventBulkProgress.
type BulkProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// BulkSaved is the answer to Bulk: the created accounts and credentials (shown this once),
// and where the credentials file was saved. Cancelled means the user closed the save dialog
// and nothing was created; SaveError is set when the accounts were created but the file
// could not be written (the window then offers Text to copy).
type BulkSaved struct {
	Cancelled bool                `json:"cancelled"`
	Path      string              `json:"path"`
	SaveError string              `json:"saveError"`
	Result    *invites.BulkResult `json:"result"`
}

// PatternPreview shows what a bulk pattern makes: the first and last usernames and e-mails
// of a batch (before skipping taken numbers).
type PatternPreview struct {
	FirstUsername string `json:"firstUsername"`
	FirstEmail    string `json:"firstEmail"`
	LastUsername  string `json:"lastUsername"`
	LastEmail     string `json:"lastEmail"`
}

// InvitesService is bound to the window: invitations (F2.4), accepting one without a
// session, and bulk accounts with generated credentials (F2.5).
type InvitesService struct {
	core    *Core
	invites *invites.Service

	mu         sync.Mutex
	cancelBulk context.CancelFunc
}

// NewInvitesService binds the invitations service to core. A nil svc is built with the
// default argon2id cost.
func NewInvitesService(core *Core, svc *invites.Service) *InvitesService {
	if svc == nil {
		svc = invites.New(core.Accounts, auth.Hasher{}, core.Log)
	}
	return &InvitesService{core: core, invites: svc}
}

var needInvite = access.Need{Module: access.ModUsers}

// Invite invites e-mail addresses, one or more rows of addresses per profile; each code is
// returned once and e-mailed when SMTP is set up.
func (s *InvitesService) Invite(rows []invites.InviteRow) (*invites.InviteResult, error) {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return nil, err
	}
	res, err := s.invites.Invite(s.core.Context(), a, rows)
	return res, s.core.fail(err)
}

// List returns the open invitations the user manages.
func (s *InvitesService) List() ([]invites.InvitationView, error) {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return nil, err
	}
	list, err := s.invites.List(s.core.Context(), a)
	return list, s.core.fail(err)
}

// Edit changes the profile and workspaces of an open invitation.
func (s *InvitesService) Edit(id string, in invites.EditInput) error {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return err
	}
	return s.core.fail(s.invites.Edit(s.core.Context(), a, id, in))
}

// Resend gives an open invitation a new code and 24 hours; the old code dies.
func (s *InvitesService) Resend(id string) (*invites.Invited, error) {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return nil, err
	}
	inv, err := s.invites.Resend(s.core.Context(), a, id)
	return inv, s.core.fail(err)
}

// Delete withdraws an open invitation and its pending user.
func (s *InvitesService) Delete(id string) error {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return err
	}
	return s.core.fail(s.invites.Delete(s.core.Context(), a, id))
}

// Lookup needs no session: what the accept form shows for a code.
func (s *InvitesService) Lookup(code string) (*invites.InvitationInfo, error) {
	info, err := s.invites.Lookup(s.core.Context(), code)
	return info, s.core.fail(err)
}

// Accept needs no session: the invitee sets their data and password; the window then signs
// in with the returned username.
func (s *InvitesService) Accept(code string, in invites.AcceptInput) (*invites.Accepted, error) {
	acc, err := s.invites.Accept(s.core.Context(), code, in)
	return acc, s.core.fail(err)
}

// PreviewPattern checks a bulk pattern as it is typed (nothing is read or written).
func (s *InvitesService) PreviewPattern(pattern string, start, count int) (*PatternPreview, error) {
	if _, err := s.core.Actor(needInvite); err != nil {
		return nil, err
	}
	p, err := invites.ParsePattern(pattern)
	if err != nil {
		return nil, s.core.fail(err)
	}
	if start <= 0 {
		start = 1
	}
	last := start + max(count, 1) - 1
	return &PatternPreview{FirstUsername: p.Username(start), FirstEmail: p.Email(start),
		LastUsername: p.Username(last), LastEmail: p.Email(last)}, nil
}

// Bulk asks where to save the credentials file (native save dialog; closing it creates
// nothing), creates the accounts in one write while emitting invites:bulk-progress, and
// writes the file (readable by the user only). CancelBulk stops it with nothing written.
func (s *InvitesService) Bulk(in invites.BulkInput) (*BulkSaved, error) {
	a, err := s.core.Actor(needInvite)
	if err != nil {
		return nil, err
	}
	if err := s.invites.CheckBulk(s.core.Context(), a, in); err != nil {
		return nil, s.core.fail(err)
	}
	name := "plantel-credentials-" + s.core.Accounts.DB().Now().UTC().Format("2006-01-02-1504") + ".txt"
	path, err := s.core.Runtime.SaveFile(s.core.Context(), "Credentials", name, FileFilter{DisplayName: "Text (*.txt)", Pattern: "*.txt"})
	if err != nil {
		return nil, s.core.fail(apperr.Internal(err))
	}
	if path == "" {
		return &BulkSaved{Cancelled: true}, nil
	}
	ctx, cancel := context.WithCancel(s.core.Context())
	defer cancel()
	s.mu.Lock()
	if s.cancelBulk != nil {
		s.mu.Unlock()
		return nil, apperr.Validation("bulk", "busy")
	}
	s.cancelBulk = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancelBulk = nil
		s.mu.Unlock()
	}()
	res, err := s.invites.Bulk(ctx, a, in, func(done, total int) {
		s.core.Runtime.Emit(s.core.Context(), EventBulkProgress, BulkProgress{Done: done, Total: total})
	})
	if err != nil {
		return nil, s.core.fail(err)
	}
	out := &BulkSaved{Path: path, Result: res}
	if err := os.WriteFile(path, []byte(res.Text), 0o600); err != nil {
		s.core.Log.Error().Err(err).Msg("write credentials file")
		out.Path, out.SaveError = "", "write_failed"
	}
	return out, nil
}

// CancelBulk stops a running Bulk; nothing of it is written.
func (s *InvitesService) CancelBulk() error {
	if _, err := s.core.Actor(needInvite); err != nil {
		return err
	}
	s.mu.Lock()
	if s.cancelBulk != nil {
		s.cancelBulk()
	}
	s.mu.Unlock()
	return nil
}
