package app

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	plsync "github.com/plantel/plantel/backend/sync"
	"github.com/plantel/plantel/backend/syncwire"
)

// EventSyncStatus carries the sync status to the window's status area after every change.
const EventSyncStatus = "sync:status"

// SyncService is bound to the window: the sync status everyone sees, and the Owner's and
// administrators' settings (server, enrollment, devices, conflicts). It runs the
// background sync while the app is open.
type SyncService struct {
	core   *Core
	db     *store.DB
	client *plsync.Client
	// joining is set by Join until the first SyncNow after it succeeds: the setup screen's
	// download runs without a session even when the background sync already brought the
	// organization in (then NeedsSetup is false before the screen asks).
	joining atomic.Bool
}

// NewSyncService binds the sync client of core's database; the background loop starts
// with the window. With sys (nil in tests of other things), a workstation that joins a
// large organization downloads the server's ready copy of it and restarts into it
// (backend/sync copy.go; the restart puts it in place, as a restore).
func NewSyncService(core *Core, sys *System) *SyncService {
	s := &SyncService{core: core, db: core.Accounts.DB()}
	host, _ := os.Hostname()
	var staged func()
	var copyFrom int64
	if sys != nil {
		staged, copyFrom = sys.restart, sys.SyncCopyFrom
	}
	s.client = plsync.New(s.db, plsync.Options{
		OnCopyStaged: staged,
		CopyFrom:     copyFrom,
		Log:          core.Log,
		DeviceName:   host,
		OnStatus: func(st plsync.Status) {
			core.Runtime.Emit(core.Context(), EventSyncStatus, st)
		},
		// Codes made here carry the organization keys to the workstation that joins with them.
		Keys: func(ctx context.Context) (plsync.KeyBox, error) { return core.Accounts.Secrets(ctx) },
	})
	core.OnStart(func(ctx context.Context) { go s.client.Run(ctx) })
	return s
}

// syncErr turns a sync failure into the coded error the window translates.
func (s *SyncService) syncErr(err error) error {
	if err == nil {
		return nil
	}
	var se *plsync.Error
	if errors.As(err, &se) {
		if se.Cause != nil {
			s.core.Log.Warn().Str("code", se.Code).Err(se.Cause).Msg("sync")
		}
		return apperr.New(se.Code)
	}
	return s.core.fail(err)
}

// supervisor is the Owner or an administrator: they configure sync and resolve conflicts.
func (s *SyncService) supervisor() (*access.Actor, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if a.Role != access.Owner && (a.Role != access.Admin || !a.Can(access.ModSync)) {
		return nil, apperr.PermissionDenied()
	}
	return a, nil
}

func (s *SyncService) owner() (*access.Actor, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	if a.Role != access.Owner {
		return nil, apperr.PermissionDenied()
	}
	return a, nil
}

// Status is the sync status (every signed-in user sees it).
func (s *SyncService) Status() (plsync.Status, error) {
	if _, err := s.core.ActorPending(access.Need{}); err != nil {
		return plsync.Status{}, err
	}
	return s.client.Status(s.core.Context()), nil
}

// Enroll joins this workstation to a server with a one-time code (Owner or administrator);
// its data is uploaded at the first sync, which starts at once.
func (s *SyncService) Enroll(serverURL, code string) (plsync.Status, error) {
	if _, err := s.supervisor(); err != nil {
		return plsync.Status{}, err
	}
	st, err := s.client.Enroll(s.core.Context(), serverURL, code)
	return st, s.syncErr(err)
}

// Join is the setup screen's third way in: a new workstation with no organization yet
// enrolls with a server URL and a code and downloads everything (progress in the status
// events). Refused once this workstation has an organization.
func (s *SyncService) Join(serverURL, code string) (plsync.Status, error) {
	ctx := s.core.Context()
	need, err := s.core.Accounts.NeedsSetup(ctx)
	if err != nil {
		return plsync.Status{}, s.core.fail(err)
	}
	if !need {
		return plsync.Status{}, apperr.PermissionDenied()
	}
	st, err := s.client.Join(ctx, serverURL, code)
	if err == nil {
		s.joining.Store(true)
	}
	return st, s.syncErr(err)
}

// SyncNow syncs at once (everyone signed in may ask; it waits for the result). During the
// setup screen's download it needs no session.
func (s *SyncService) SyncNow() (plsync.Status, error) {
	ctx := s.core.Context()
	joining := s.joining.Load()
	if need, _ := s.core.Accounts.NeedsSetup(ctx); !need && !joining {
		if _, err := s.core.Actor(access.Need{}); err != nil {
			return plsync.Status{}, err
		}
	}
	err := s.client.SyncOnce(ctx)
	if err == nil && joining {
		s.joining.Store(false)
	}
	return s.client.Status(ctx), s.syncErr(err)
}

// Disconnect forgets the server (Owner or administrator); the data stays.
func (s *SyncService) Disconnect() error {
	if _, err := s.supervisor(); err != nil {
		return err
	}
	return s.syncErr(s.client.Disconnect(s.core.Context()))
}

// Devices lists the organization's workstations (Owner), each saying whether the key
// renewed here still waits for its device key.
func (s *SyncService) Devices() ([]plsync.DeviceInfo, error) {
	a, err := s.owner()
	if err != nil {
		return nil, err
	}
	d, err := s.client.DeviceList(s.core.Context(), a.UserID)
	return d, s.syncErr(err)
}

// RevokeDevice revokes a workstation (Owner): it receives nothing more, and the
// organization key is renewed for the remaining workstations (the answer says for how many,
// and which have not published a device key yet and need a key code).
func (s *SyncService) RevokeDevice(id string) (plsync.RotationResult, error) {
	a, err := s.owner()
	if err != nil {
		return plsync.RotationResult{}, err
	}
	if !syncwire.ValidID(id) {
		return plsync.RotationResult{}, apperr.Validation("id", "invalid")
	}
	r, err := s.client.Revoke(s.core.Context(), a.UserID, id)
	return r, s.syncErr(err)
}

// NewEnrollCode makes a one-time code for another workstation (Owner). The code is shown
// once and never logged.
func (s *SyncService) NewEnrollCode() (syncwire.EnrollCodeResponse, error) {
	a, err := s.owner()
	if err != nil {
		return syncwire.EnrollCodeResponse{}, err
	}
	c, err := s.client.NewEnrollCode(s.core.Context(), a.UserID)
	return c, s.syncErr(err)
}

// NewKeyCode makes a one-time key code that hands the organization keys to a workstation
// that joined with a code from the server's command line (Owner). Shown once, never logged.
func (s *SyncService) NewKeyCode() (syncwire.EnrollCodeResponse, error) {
	a, err := s.owner()
	if err != nil {
		return syncwire.EnrollCodeResponse{}, err
	}
	c, err := s.client.NewKeyCode(s.core.Context(), a.UserID)
	return c, s.syncErr(err)
}

// ReceiveKeys takes a key code typed on this workstation (Owner or administrator): the
// organization keys arrive with the envelope made under it, now or at a later sync; then
// two-step sign-in and the SMTP password work here.
func (s *SyncService) ReceiveKeys(code string) (plsync.KeyResult, error) {
	if _, err := s.supervisor(); err != nil {
		return plsync.KeyResult{}, err
	}
	r, err := s.client.AwaitKeys(s.core.Context(), code)
	return r, s.syncErr(err)
}

// Conflicts lists the changes that could not be merged (Owner or administrator).
func (s *SyncService) Conflicts(withResolved bool) ([]store.Conflict, error) {
	if _, err := s.supervisor(); err != nil {
		return nil, err
	}
	c, err := s.db.Conflicts(s.core.Context(), withResolved, 500)
	return c, s.core.fail(err)
}

// ResolveConflict resolves one conflict: "discard" (a refused edit takes the server's
// current value back, fetched from the server), "rename" (with the new value of the
// conflicting field, e.g. a free username) or "merge" (a refused new user is folded into
// the user who holds that username or e-mail: memberships, clients and follow-ups move to
// them). Owner or administrator.
func (s *SyncService) ResolveConflict(id int64, how, value string) error {
	a, err := s.supervisor()
	if err != nil {
		return err
	}
	if how != store.ResolveDiscard && how != store.ResolveRename && how != store.ResolveMerge {
		return apperr.Validation("resolution", "invalid")
	}
	// The unique fields (username, e-mail) are kept in lower case.
	value = strings.ToLower(strings.TrimSpace(value))
	if how == store.ResolveDiscard {
		if err := s.client.Discard(s.core.Context(), a.UserID, id); err != nil {
			return s.syncErr(err)
		}
	} else if err := s.db.ResolveConflictAs(s.core.Context(), a.UserID, id, how, value); err != nil {
		return s.core.fail(err)
	}
	s.client.Kick()
	return nil
}
