package invites

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// sqEmail selects a user with e-mail address email.
func sqEmail(email string) sq.Sqlizer {
	return sq.Select("1").From("users").Where(sq.Eq{"email": email})
}

// invitation is an invitation row with what the rules need of its pending user.
type invitation struct {
	ID, UserID, Email, ProfileID, ExpiresAt, UsedAt, InvitedBy, CreatedAt string
	WorkspaceIDs                                                          []string
	UserRole, Language                                                    string
	UserWorkspaces                                                        []string
}

var invitationColumns = []string{"i.id", "i.user_id", "i.email", "i.profile_id", "i.workspace_ids", "i.expires_at",
	"i.used_at", "i.invited_by", "i.created_at", "u.role", "u.language"}

func scanInvitation(r interface{ Scan(...any) error }) (*invitation, error) {
	var inv invitation
	var ws string
	err := r.Scan(&inv.ID, &inv.UserID, &inv.Email, &inv.ProfileID, &ws, &inv.ExpiresAt, &inv.UsedAt, &inv.InvitedBy,
		&inv.CreatedAt, &inv.UserRole, &inv.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	if err := json.Unmarshal([]byte(ws), &inv.WorkspaceIDs); err != nil {
		return nil, apperr.Internal(err)
	}
	return &inv, nil
}

// loadInvitation reads an open (unused) invitation and its pending user's workspaces.
func loadInvitation(q querier, where sq.Eq) (*invitation, error) {
	inv, err := scanInvitation(q.QueryRow(sq.Select(invitationColumns...).From("invitations i").
		Join("users u ON u.id = i.user_id").Where(where)))
	if err != nil {
		return nil, err
	}
	inv.UserWorkspaces, err = strings1(q, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": inv.UserID}))
	return inv, err
}

// guard applies who manages an invitation: the Owner all; an administrator with the Users
// module those to agent profiles in a workspace of theirs (not_found for others, and
// permission_denied for one they see that is not an agent's).
func guard(a *access.Actor, inv *invitation) error {
	if a.Role == access.Owner {
		return nil
	}
	if !slices.ContainsFunc(inv.UserWorkspaces, a.InWorkspace) {
		return apperr.NotFound()
	}
	if a.Role != access.Admin || inv.UserRole != string(access.Agent) {
		return apperr.PermissionDenied()
	}
	return nil
}

// InvitationView is an open invitation in the invitations list.
type InvitationView struct {
	ID           string   `json:"id"`
	UserID       string   `json:"userId"`
	Email        string   `json:"email"`
	ProfileID    string   `json:"profileId"`
	ProfileName  string   `json:"profileName"`
	Role         string   `json:"role"`
	Color        string   `json:"color"`
	WorkspaceIDs []string `json:"workspaceIds"`
	InvitedBy    string   `json:"invitedBy"`     // user id
	InvitedName  string   `json:"invitedByName"` // their display name
	CreatedAt    string   `json:"createdAt"`
	ExpiresAt    string   `json:"expiresAt"`
	Expired      bool     `json:"expired"`
}

// List returns the open (not yet accepted) invitations the actor manages, newest first,
// expired ones included (flagged) so they can be resent or deleted.
func (s *Service) List(ctx context.Context, a *access.Actor) ([]InvitationView, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	r := s.read(ctx)
	q := sq.Select("i.id", "i.user_id", "i.email", "u.profile_id", "COALESCE(p.name, '')", "u.role", "i.invited_by",
		"COALESCE("+names.SQL("b")+", '')", "i.created_at", "i.expires_at").
		From("invitations i").Join("users u ON u.id = i.user_id").LeftJoin("profiles p ON p.id = u.profile_id").
		LeftJoin("users b ON b.id = i.invited_by").Where(sq.Eq{"i.used_at": ""}).OrderBy("i.created_at DESC", "i.id DESC")
	rows, err := r.Query(q)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var all []InvitationView
	for rows.Next() {
		var v InvitationView
		if err := rows.Scan(&v.ID, &v.UserID, &v.Email, &v.ProfileID, &v.ProfileName, &v.Role, &v.InvitedBy, &v.InvitedName,
			&v.CreatedAt, &v.ExpiresAt); err != nil {
			rows.Close()
			return nil, apperr.Internal(err)
		}
		all = append(all, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	now := store.Timestamp(s.db.Now())
	out := []InvitationView{}
	for _, v := range all {
		ws, err := strings1(r, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": v.UserID}).OrderBy("workspace_id"))
		if err != nil {
			return nil, err
		}
		inv := &invitation{UserRole: v.Role, UserWorkspaces: ws}
		if guard(a, inv) != nil {
			continue
		}
		v.WorkspaceIDs, v.Color, v.Expired = ws, access.RoleColor(access.Role(v.Role)), v.ExpiresAt <= now
		out = append(out, v)
	}
	return out, nil
}

// EditInput changes what an open invitation gives.
type EditInput struct {
	ProfileID    string   `json:"profileId"`
	WorkspaceIDs []string `json:"workspaceIds"`
}

// Edit changes the profile and workspaces of an open invitation and its pending user, under
// the same rules as Invite. Its code and expiry stay.
func (s *Service) Edit(ctx context.Context, a *access.Actor, id string, in EditInput) error {
	if err := access.Check(a, manageNeed); err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, sq.Eq{"i.id": id, "i.used_at": ""})
		if err != nil {
			return err
		}
		if err := guard(a, inv); err != nil {
			return err
		}
		p, err := access.LoadProfileRef(tx, in.ProfileID)
		if err != nil {
			return err
		}
		if err := access.MayGrant(a, p); err != nil {
			return err
		}
		ws, err := checkWorkspaces(tx, a, in.WorkspaceIDs)
		if err != nil {
			return err
		}
		if err := tx.Update("users", inv.UserID, store.Fields{"profile_id": p.ID, "role": string(p.Role)}); err != nil {
			return err
		}
		if err := replaceWorkspaces(tx, a, inv.UserID, ws); err != nil {
			return err
		}
		all, err := strings1(tx, sq.Select("workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": inv.UserID}).OrderBy("workspace_id"))
		if err != nil {
			return err
		}
		return tx.Update("invitations", id, store.Fields{"profile_id": p.ID, "workspace_ids": jsonList(all)})
	})
}

// Resend renews an open invitation (F2.4): a new code, valid InvitationTTL from now; the old
// code stops working. The new code is e-mailed when SMTP is set up and returned, once.
func (s *Service) Resend(ctx context.Context, a *access.Actor, id string) (*Invited, error) {
	if err := access.Check(a, manageNeed); err != nil {
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
		var username string
		if err := tx.QueryRow(sq.Select("username").From("users").Where(sq.Eq{"id": inv.UserID})).Scan(&username); err != nil {
			return apperr.Internal(err)
		}
		now, _ := store.ParseTimestamp(tx.Now())
		expires := store.Timestamp(now.Add(InvitationTTL))
		out = pendingInvite{Invited: Invited{InvitationID: id, UserID: inv.UserID, Email: inv.Email, Username: username,
			Code: code, ExpiresAt: expires}, language: inv.Language}
		return tx.Update("invitations", id, store.Fields{"code_hash": accounts.HashCode(code), "expires_at": expires})
	})
	if err != nil {
		return nil, err
	}
	list := []pendingInvite{out}
	s.mailInvitations(ctx, a, list)
	s.log.Info().Str("invitation_id", id).Str("actor_id", a.UserID).Msg("invitation renewed")
	return &list[0].Invited, nil
}

// userRefs are the rows that may point at a pending user, removed or cleared with it so the
// deletion is audited and synced (the foreign keys' cascades are only a safety net).
var userRefs = []struct {
	table, column string
	clear         bool
}{
	{"user_workspaces", "user_id", false},
	{"team_members", "user_id", false},
	{"campaign_members", "user_id", false},
	{"teams", "leader_id", true},
	{"clients", "owner_id", true},
	{"followups", "owner_id", true},
}

// Delete withdraws an open invitation: the invitation and its pending user are deleted
// (with the pending user's memberships), in one write.
func (s *Service) Delete(ctx context.Context, a *access.Actor, id string) error {
	if err := access.Check(a, manageNeed); err != nil {
		return err
	}
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		inv, err := loadInvitation(tx, sq.Eq{"i.id": id, "i.used_at": ""})
		if err != nil {
			return err
		}
		if err := guard(a, inv); err != nil {
			return err
		}
		if err := tx.Delete("invitations", id); err != nil {
			return err
		}
		for _, ref := range userRefs {
			ids, err := strings1(tx, sq.Select("id").From(ref.table).Where(sq.Eq{ref.column: inv.UserID}))
			if err != nil {
				return err
			}
			for _, rid := range ids {
				if ref.clear {
					err = tx.Update(ref.table, rid, store.Fields{ref.column: nil})
				} else {
					err = tx.Delete(ref.table, rid)
				}
				if err != nil {
					return err
				}
			}
		}
		return tx.Delete("users", inv.UserID)
	})
	if err == nil {
		s.log.Info().Str("invitation_id", id).Str("actor_id", a.UserID).Msg("invitation withdrawn")
	}
	return err
}

// displayLang is lang when it is one of the application's languages, else Spanish.
func displayLang(lang string) string {
	if slices.Contains(accounts.Languages, strings.TrimSpace(lang)) {
		return lang
	}
	return "es"
}
