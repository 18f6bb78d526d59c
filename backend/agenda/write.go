package agenda

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Input is a new follow-up. An empty OwnerID gives it to the client's owner (or, for an
// unassigned client, to the actor). DueAt is RFC 3339 with any offset.
type Input struct {
	ClientID string `json:"clientId"`
	OwnerID  string `json:"ownerId"`
	DueAt    string `json:"dueAt"`
	Note     string `json:"note"`
}

// Edit changes a follow-up; nil fields stay as they are.
type Edit struct {
	DueAt   *string `json:"dueAt"`
	Note    *string `json:"note"`
	OwnerID *string `json:"ownerId"`
}

func cleanNote(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxNote {
		return "", apperr.Validation("note", "too_long").WithParam("max", MaxNote)
	}
	if e := textin.CheckText("note", s); e != nil {
		return "", e
	}
	return s, nil
}

// Create plans a follow-up on a client the actor may see and returns it.
func (s *Service) Create(ctx context.Context, a *access.Actor, in Input) (*Followup, error) {
	if strings.TrimSpace(in.ClientID) == "" {
		return nil, apperr.Validation("clientId", "required")
	}
	due, err := ParseDue(in.DueAt)
	if err != nil {
		return nil, err
	}
	note, err := cleanNote(in.Note)
	if err != nil {
		return nil, err
	}
	id := store.NewID()
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		c, err := loadClient(tx, in.ClientID)
		if err != nil {
			return err
		}
		if !seesClient(a, c) {
			return apperr.NotFound()
		}
		owner := in.OwnerID
		if owner == "" {
			owner = c.OwnerID
			if owner == "" {
				owner = a.UserID
			}
		}
		if err := checkOwner(tx, a, c, owner); err != nil {
			return err
		}
		return tx.Insert("followups", id, store.Fields{"client_id": c.ID, "owner_id": owner,
			"due_at": store.Timestamp(due), "note": note, "done": false})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Update reschedules, re-notes or hands over a follow-up the actor may change.
func (s *Service) Update(ctx context.Context, a *access.Actor, id string, in Edit) (*Followup, error) {
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		f, err := s.load(tx, a, id)
		if err != nil {
			return err
		}
		set := store.Fields{}
		if in.DueAt != nil {
			due, err := ParseDue(*in.DueAt)
			if err != nil {
				return err
			}
			set["due_at"] = store.Timestamp(due)
		}
		if in.Note != nil {
			note, err := cleanNote(*in.Note)
			if err != nil {
				return err
			}
			set["note"] = note
		}
		if in.OwnerID != nil && *in.OwnerID != f.OwnerID {
			c, err := loadClient(tx, f.ClientID)
			if err != nil {
				return err
			}
			if err := checkOwner(tx, a, c, *in.OwnerID); err != nil {
				return err
			}
			set["owner_id"] = *in.OwnerID
		}
		if len(set) == 0 {
			return nil
		}
		return tx.Update("followups", id, set)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// SetDone completes a follow-up (done) or opens it again (undone).
func (s *Service) SetDone(ctx context.Context, a *access.Actor, id string, done bool) (*Followup, error) {
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		f, err := s.load(tx, a, id)
		if err != nil {
			return err
		}
		if f.Done == done {
			return nil
		}
		doneAt := ""
		if done {
			doneAt = tx.Now()
		}
		return tx.Update("followups", id, store.Fields{"done": done, "done_at": doneAt})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Delete removes a follow-up the actor may change.
func (s *Service) Delete(ctx context.Context, a *access.Actor, id string) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := s.load(tx, a, id); err != nil {
			return err
		}
		return tx.Delete("followups", id)
	})
}
