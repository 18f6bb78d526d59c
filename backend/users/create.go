package users

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// CreateInput is the "new user" form (F2.3). The role follows from the profile. Either
// Password is set (checked against the organization's policy), or MustSetPassword: the
// account is then pending until its user sets a password (a temporary Password may be
// given with it).
type CreateInput struct {
	FirstName       string   `json:"firstName"`
	LastName        string   `json:"lastName"`
	Username        string   `json:"username"` // empty: proposed from the names
	Email           string   `json:"email"`
	Phone           string   `json:"phone"`
	Extension       string   `json:"extension"`
	Language        string   `json:"language"` // es, en, pt, pl; empty: es
	ProfileID       string   `json:"profileId"`
	WorkspaceIDs    []string `json:"workspaceIds"`
	Active          bool     `json:"active"`
	Password        string   `json:"password"`
	MustSetPassword bool     `json:"mustSetPassword"`
}

// newUser is a validated user ready to insert.
type newUser struct {
	fields     store.Fields
	workspaces []string
}

// validateNew checks the fields of a new user that need no database.
func validateNew(in CreateInput) (store.Fields, error) {
	first, err := checkName("firstName", in.FirstName)
	if err != nil {
		return nil, err
	}
	last, err := checkName("lastName", in.LastName)
	if err != nil {
		return nil, err
	}
	email, err := checkEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	phone, err := checkPhone("phone", in.Phone)
	if err != nil {
		return nil, err
	}
	ext, err := checkExtension("extension", in.Extension)
	if err != nil {
		return nil, err
	}
	lang, err := checkLanguage("language", in.Language)
	if err != nil {
		return nil, err
	}
	f := store.Fields{"first_name": first, "last_name": last, "email": email, "phone": phone,
		"extension": ext, "language": lang}
	if in.Username != "" {
		if f["username"], err = checkUsername("username", in.Username); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Create adds a user by hand (F2.3) and returns the new id. Only the Owner and
// administrators with the Users module create users; an administrator creates only agents,
// only in their own workspaces, and only with a profile whose modules they hold; nobody
// creates an Owner. A taken username or e-mail is conflict_unique on that field.
func (s *Service) Create(ctx context.Context, a *access.Actor, in CreateInput) (string, error) {
	if err := access.Check(a, access.NeedCreateUser); err != nil {
		return "", err
	}
	f, err := validateNew(in)
	if err != nil {
		return "", err
	}
	if f["username"] == nil {
		if f["username"], err = s.ProposeUsername(ctx, in.FirstName, in.LastName); err != nil {
			return "", err
		}
	}
	if !in.MustSetPassword && in.Password == "" {
		return "", apperr.Validation("password", "required")
	}
	if in.Password != "" {
		pol, err := s.acc.PasswordPolicy(ctx)
		if err != nil {
			return "", apperr.Internal(err)
		}
		rep := pol.Check(in.Password, auth.Personal{Username: f["username"].(string), Email: f["email"].(string),
			FirstName: f["first_name"].(string), LastName: f["last_name"].(string)})
		if !rep.OK {
			return "", accounts.PolicyError(rep)
		}
		hash, err := s.hasher.Hash(in.Password)
		if err != nil {
			return "", apperr.Internal(err)
		}
		f["password_hash"] = hash
	}
	id := store.NewID()
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		u, err := prepareNew(tx, a, f, in.ProfileID, in.WorkspaceIDs, in.Active, in.MustSetPassword)
		if err != nil {
			return err
		}
		return insertUser(tx, id, u)
	})
	if err != nil {
		return "", err
	}
	s.log.Info().Str("user_id", id).Str("actor_id", a.UserID).Msg("user created")
	return id, nil
}

// prepareNew applies the rules that need the database to a validated user: profile and
// workspaces the actor may give, free username and e-mail, status and password flags.
func prepareNew(q querier, a *access.Actor, f store.Fields, profileID string, workspaces []string, active, mustSet bool) (*newUser, error) {
	p, err := loadProfile(q, "profileId", profileID)
	if err != nil {
		return nil, err
	}
	if err := mayGrant(a, p); err != nil {
		return nil, err
	}
	ws, err := checkWorkspaces(q, a, "workspaceIds", workspaces)
	if err != nil {
		return nil, err
	}
	for _, col := range []string{"username", "email"} {
		if taken, err := exists(q, sq.Select("1").From("users").Where(sq.Eq{col: f[col]})); err != nil {
			return nil, err
		} else if taken {
			return nil, apperr.Conflict(col)
		}
	}
	out := store.Fields{}
	for k, v := range f {
		out[k] = v
	}
	out["role"], out["profile_id"] = p.Role, p.ID
	out["active"], out["status"] = active, "active"
	if mustSet {
		out["must_change_password"], out["status"] = true, "pending"
	}
	if !active {
		out["status"] = "inactive"
	}
	return &newUser{fields: out, workspaces: ws}, nil
}

// insertUser writes a prepared user and its workspace links.
func insertUser(tx *store.Tx, id string, u *newUser) error {
	if _, ok := u.fields["password_hash"]; ok {
		u.fields["password_changed_at"] = tx.Now()
	}
	if err := tx.Insert("users", id, u.fields); err != nil {
		return err
	}
	for _, ws := range u.workspaces {
		if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", id, ws), store.Fields{"user_id": id, "workspace_id": ws}); err != nil {
			return err
		}
	}
	return nil
}

// exists reports whether a query returns a row.
func exists(q querier, b sq.Sqlizer) (bool, error) {
	var one int
	err := q.QueryRow(b).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, apperr.Internal(err)
	}
	return true, nil
}
