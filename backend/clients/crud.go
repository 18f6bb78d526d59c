package clients

import (
	"context"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Get returns client id as the list shows it; not_found when the actor may not see it.
func (s *Service) Get(ctx context.Context, a *access.Actor, id string) (*Client, error) {
	if err := access.Check(a, need); err != nil {
		return nil, err
	}
	if _, err := loadVisible(s.read(ctx), a, id); err != nil {
		return nil, err
	}
	rows, err := clientsByID(s.read(ctx), []string{id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.NotFound()
	}
	return &rows[0], nil
}

// validate checks a cleaned input against the database for the actor: the workspace is
// one of theirs, the owner an active user of it, the document ID free in it; an agent
// creates and keeps clients only in their own portfolio.
func validate(q store.Querier, a *access.Actor, in *Input, except string) error {
	if errs := in.clean(); len(errs) > 0 {
		return errs[0]
	}
	if err := checkWorkspace(q, a.InWorkspace, in.WorkspaceID); err != nil {
		return err
	}
	if a.Role == access.Agent && in.OwnerID != a.UserID {
		return apperr.PermissionDenied().WithField(FieldOwnerID)
	}
	if err := checkOwner(q, FieldOwnerID, in.OwnerID, in.WorkspaceID); err != nil {
		return err
	}
	taken, err := documentTaken(q, in.WorkspaceID, in.DocumentID, except)
	if err != nil {
		return err
	}
	if taken {
		return apperr.Conflict(FieldDocumentID)
	}
	return nil
}

// Create adds a client (F8.1) and returns its id. An agent's new client is always their
// own (an empty owner means themself); administrators may leave it unassigned.
func (s *Service) Create(ctx context.Context, a *access.Actor, in Input) (string, error) {
	if err := access.Check(a, need); err != nil {
		return "", err
	}
	if a.Role == access.Agent && in.OwnerID == "" {
		in.OwnerID = a.UserID
	}
	id := store.NewID()
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := validate(tx, a, &in, id); err != nil {
			return err
		}
		return tx.Insert("clients", id, in.fields())
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// Update replaces the fields of client id with in. Only clients the actor sees; an agent
// cannot give their client away (ownerId stays theirs). When the owner changes, the
// client's open follow-ups go with it, as in a transfer.
func (s *Service) Update(ctx context.Context, a *access.Actor, id string, in Input) error {
	if err := access.Check(a, need); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		old, err := loadVisible(tx, a, id)
		if err != nil {
			return err
		}
		if err := validate(tx, a, &in, id); err != nil {
			return err
		}
		if err := tx.Update("clients", id, in.fields()); err != nil {
			return err
		}
		if old.OwnerID == in.OwnerID {
			return nil
		}
		open, err := openFollowups(tx, []string{id})
		if err != nil {
			return err
		}
		f := in.fields()
		for _, fid := range open {
			if err := tx.Update("followups", fid, store.Fields{"owner_id": f["owner_id"]}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Delete removes client id with its follow-ups (the audit log keeps them). Only the Owner
// and administrators delete clients, and only clients they see.
func (s *Service) Delete(ctx context.Context, a *access.Actor, id string) error {
	if err := access.Check(a, need); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := loadVisible(tx, a, id); err != nil {
			return err
		}
		if err := access.Check(a, manageNeed); err != nil {
			return err
		}
		fids, err := store.Strings(tx, selectFollowups([]string{id}, false))
		if err != nil {
			return err
		}
		for _, fid := range fids {
			if err := tx.Delete("followups", fid); err != nil {
				return err
			}
		}
		return tx.Delete("clients", id)
	})
}
