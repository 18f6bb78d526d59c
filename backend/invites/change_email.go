package invites

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// ChangeEmail corrects the address of an open invitation (F2.4: an invitation can be edited)
// and of its pending user, under the rules of Edit. The code that went to the old address
// dies: a new one, valid InvitationTTL from now, is e-mailed to the new address when SMTP is
// set up and returned, once. An address another user has is conflict_unique on "email".
func (s *Service) ChangeEmail(ctx context.Context, a *access.Actor, id, email string) (*Invited, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	addr, err := checkEmail("email", email)
	if err != nil {
		return nil, err
	}
	code, err := accounts.NewCode(accounts.InvitationCodeLength)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var out pendingInvite
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, sq.Eq{"i.id": id, "i.used_at": ""})
		if err != nil {
			return err
		}
		if err := guard(a, inv); err != nil {
			return err
		}
		taken, err := exists(tx, sq.Select("1").From("users").Where(sq.Eq{"email": addr}).Where(sq.NotEq{"id": inv.UserID}))
		if err != nil {
			return err
		}
		if taken {
			return apperr.Conflict("email").WithParam("email", addr)
		}
		var username string
		if err := tx.QueryRow(sq.Select("username").From("users").Where(sq.Eq{"id": inv.UserID})).Scan(&username); err != nil {
			return apperr.Internal(err)
		}
		now, _ := store.ParseTimestamp(tx.Now())
		expires := store.Timestamp(now.Add(InvitationTTL))
		if err := tx.Update("users", inv.UserID, store.Fields{"email": addr}); err != nil {
			return err
		}
		out = pendingInvite{Invited: Invited{InvitationID: id, UserID: inv.UserID, Email: addr, Username: username,
			Code: code, ExpiresAt: expires}, language: inv.Language}
		return tx.Update("invitations", id, store.Fields{"email": addr, "code_hash": accounts.HashCode(code), "expires_at": expires})
	})
	if err != nil {
		return nil, err
	}
	list := []pendingInvite{out}
	s.mailInvitations(ctx, a, list)
	s.log.Info().Str("invitation_id", id).Str("actor_id", a.UserID).Msg("invitation address changed")
	return &list[0].Invited, nil
}
